// Everything the emulator remembers. Time comes from the virtual clock so tests can move or hold
// it instead of sleeping.
import { randomBytes } from "node:crypto";
import { ApiError } from "./errors";

/**
 * Two readings of time. `systemNow()` is the server's system clock (real time plus a configured
 * skew) and is what signatures are checked against: clients sign with their own real time, which
 * advancing the emulator cannot move. `now()` is the virtual time everything else uses (task
 * ends, rate windows, the log); tests advance it or hold it still.
 */
export class VirtualClock {
  private advancedMs = 0;
  private frozenAt: number | undefined;

  constructor(private readonly skewMs = 0) {}

  systemNow(): number {
    return Date.now() + this.skewMs;
  }

  now(): number {
    return this.frozenAt ?? this.systemNow() + this.advancedMs;
  }

  advance(ms: number): void {
    if (this.frozenAt === undefined) this.advancedMs += ms;
    else this.frozenAt += ms;
  }

  /** Stops virtual time at the current instant, so rate windows and task ends are deterministic. */
  freeze(): void {
    this.frozenAt = this.now();
  }

  /** Lets virtual time run again from the frozen instant, without a jump. */
  unfreeze(): void {
    if (this.frozenAt === undefined) return;
    this.advancedMs = this.frozenAt - this.systemNow();
    this.frozenAt = undefined;
  }

  get frozen(): boolean {
    return this.frozenAt !== undefined;
  }

  reset(): void {
    this.advancedMs = 0;
    this.frozenAt = undefined;
  }
}

export type TaskStatus = "InProgress" | "Ended";
/** "finished": ended on its own (end of media, MaxDuration, or the control surface); "stopped": by a Stop call. */
export type EndReason = "finished" | "stopped";

export interface TaskRecord {
  taskId: string;
  family: string;
  /** The action that started the task. */
  action: string;
  sdkAppId: number;
  roomId: string;
  roomIdType: number;
  userId: string;
  status: TaskStatus;
  /** The start request's parameters as received. */
  params: Record<string, unknown>;
  /** Family-specific current settings, changed by update calls. */
  settings: Record<string, unknown>;
  startedAt: number;
  /** When the task ends by itself; undefined while it runs until stopped. */
  endsAt?: number | undefined;
  endedAt?: number;
  endReason?: EndReason;
}

export type NewTask = Pick<TaskRecord, "family" | "action" | "sdkAppId" | "roomId" | "roomIdType" | "userId" | "params" | "settings"> & {
  /** How long the task runs by itself from now; undefined for until stopped. */
  lifetimeMs: number | undefined;
};

export class TaskStore {
  private readonly tasks = new Map<string, TaskRecord>();

  constructor(private readonly clock: VirtualClock) {}

  /** Starts a task. One bot user is one TRTC user, so a second live task for it is refused. */
  start(init: NewTask): TaskRecord {
    const { lifetimeMs, ...fields } = init;
    const busy = this.list().some(
      (t) =>
        t.status === "InProgress" &&
        t.sdkAppId === init.sdkAppId &&
        t.roomId === init.roomId &&
        t.roomIdType === init.roomIdType &&
        t.userId === init.userId,
    );
    if (busy) throw new ApiError("FailedOperation.TaskExist", `User ${init.userId} already runs a task in room ${init.roomId}.`);
    const now = this.clock.now();
    const task: TaskRecord = {
      ...fields,
      taskId: randomBytes(64).toString("base64url"),
      status: "InProgress",
      startedAt: now,
      endsAt: lifetimeMs === undefined ? undefined : now + lifetimeMs,
    };
    this.tasks.set(task.taskId, task);
    return task;
  }

  /** The running task of that family and SdkAppId, if any. */
  findActive(family: string, sdkAppId: number, taskId: string): TaskRecord | undefined {
    this.sweep();
    const task = this.tasks.get(taskId);
    return task?.status === "InProgress" && task.family === family && task.sdkAppId === sdkAppId ? task : undefined;
  }

  get(taskId: string): TaskRecord | undefined {
    this.sweep();
    return this.tasks.get(taskId);
  }

  list(): TaskRecord[] {
    this.sweep();
    return [...this.tasks.values()];
  }

  end(task: TaskRecord, reason: EndReason, at = this.clock.now()): void {
    task.status = "Ended";
    task.endedAt = at;
    task.endReason = reason;
  }

  clear(): void {
    this.tasks.clear();
  }

  /** Ends tasks whose time is up, dated when they really ended. */
  private sweep(): void {
    const now = this.clock.now();
    for (const task of this.tasks.values()) {
      if (task.status === "InProgress" && task.endsAt !== undefined && task.endsAt <= now) this.end(task, "finished", task.endsAt);
    }
  }
}

export interface RequestLogEntry {
  time: number;
  requestId: string;
  action: string;
  region: string;
  secretId?: string;
  /** The parsed JSON body; undefined when it was not JSON. */
  params: unknown;
  /** "ok", the error code answered, or "HTTP <status>" for an injected transport failure. */
  outcome: string;
}

/** Bounded so a long-running `trtc-local` does not grow without limit. */
const MAX_LOGGED_REQUESTS = 10_000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_LOGGED_REQUESTS) this.entries.shift();
  }

  list(): RequestLogEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}

/** The next `count` calls of `action` fail this way instead of running. */
export interface Fault {
  action: string;
  /** An API error code, answered in the usual envelope with HTTP 200. */
  code?: string;
  message?: string;
  /** A transport-level failure instead: this HTTP status with a plain-text body. */
  httpStatus?: number;
  count: number;
}

export class FaultInjector {
  private faults: Fault[] = [];

  add(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  /** Consumes one use of the first fault armed for the action. */
  take(action: string): Fault | undefined {
    const fault = this.faults.find((f) => f.action === action);
    if (!fault) return undefined;
    fault.count -= 1;
    if (fault.count <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }
}

/** At most `limit` accepted calls per key in any rolling second of the virtual clock. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly clock: VirtualClock,
    readonly limit: number,
  ) {}

  /** Records the call and returns true if it is within the limit; rejected calls are not counted. */
  tryAcquire(key: string): boolean {
    const now = this.clock.now();
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - 1000);
    const allowed = recent.length < this.limit;
    if (allowed) recent.push(now);
    this.hits.set(key, recent);
    return allowed;
  }

  clear(): void {
    this.hits.clear();
  }
}

export interface StateOptions {
  credentials: Readonly<Record<string, string>>;
  requestsPerSecond: number;
  mediaDurationSeconds: number;
  clockOffsetMs: number;
}

export class EmulatorState {
  readonly clock: VirtualClock;
  readonly tasks: TaskStore;
  readonly requests = new RequestLog();
  readonly faults = new FaultInjector();
  readonly limiter: RateLimiter;
  /** How long every media source plays once; the emulator never fetches the media. */
  readonly mediaDurationSeconds: number;
  private readonly credentials: ReadonlyMap<string, string>;

  constructor(options: StateOptions) {
    this.clock = new VirtualClock(options.clockOffsetMs);
    this.tasks = new TaskStore(this.clock);
    this.limiter = new RateLimiter(this.clock, options.requestsPerSecond);
    this.mediaDurationSeconds = options.mediaDurationSeconds;
    this.credentials = new Map(Object.entries(options.credentials));
  }

  secretKey(secretId: string): string | undefined {
    return this.credentials.get(secretId);
  }

  /** Back to a fresh start: credentials and options stay. */
  reset(): void {
    this.clock.reset();
    this.tasks.clear();
    this.requests.clear();
    this.faults.clear();
    this.limiter.clear();
  }
}

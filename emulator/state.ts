// Everything the emulator remembers. Time comes from the virtual clock so tests can move or hold
// it instead of sleeping.
import { randomBytes } from "node:crypto";
import { ApiError } from "./errors";
import type { Rate } from "./family";
import { HistorySettings, type HistoryVolume } from "./history";

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
/**
 * "finished": ended on its own (end of media, MaxDuration, or the control surface); "stopped": by a
 * Stop call; "removed": its bot was removed from the room (RemoveUser, DismissRoom).
 */
export type EndReason = "finished" | "stopped" | "removed";

/** What SetUserBlocked keeps a user in a room from publishing. */
export interface Blocked {
  audio: boolean;
  video: boolean;
}

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
  /** Whether its bot publishes a stream into the room, making it an anchor there (ingest bots do, recording bots do not). */
  publishes: boolean;
  /** Ends by itself once its room has had no anchor but its own bot for this long (a MaxIdleTime). */
  idleTimeoutMs?: number;
  endedAt?: number;
  endReason?: EndReason;
  /** Set by SetUserBlocked while the bot is in its room. */
  blocked?: Blocked;
  /** Commands the running task was sent that are not settings (texts an AI bot was told to say), oldest first. */
  commands?: TaskCommand[];
}

export interface TaskCommand {
  time: number;
  command: string;
  params: Record<string, unknown>;
}

export type NewTask = Pick<TaskRecord, "family" | "action" | "sdkAppId" | "roomId" | "roomIdType" | "userId" | "params" | "settings"> & {
  /** How long the task runs by itself from now; undefined for until stopped. */
  lifetimeMs: number | undefined;
  /** Defaults to true. */
  publishes?: boolean;
  idleTimeoutMs?: number;
};

/** A TRTC room: rooms belong to one application, and integer room 1234 is not string room "1234". */
export type RoomRef = Pick<TaskRecord, "sdkAppId" | "roomId" | "roomIdType">;

/** One anchor's stay in a room, from joining (or its task starting) to leaving; `until` is unset while it lasts. */
export interface Stay {
  userId: string;
  since: number;
  until?: number;
  /** Set by SetUserBlocked during this stay; a user who leaves and comes back is unblocked. */
  blocked?: Blocked;
}

function roomKey(room: RoomRef): string {
  return `${room.sdkAppId}/${room.roomIdType}/${room.roomId}`;
}

function sameRoom(a: RoomRef, b: RoomRef): boolean {
  return roomKey(a) === roomKey(b);
}

/** The control surface names rooms by value: a number is an integer room, a string a string room. */
function roomRef(sdkAppId: number, roomId: number | string): RoomRef {
  return typeof roomId === "number" ? { sdkAppId, roomId: String(roomId), roomIdType: 1 } : { sdkAppId, roomId, roomIdType: 0 };
}

/** Users in rooms, as joined and left through the control surface: the emulator has no media plane to see them. */
export class RoomRegistry {
  private readonly rooms = new Map<string, { room: RoomRef; stays: Stay[] }>();

  /** `settle` brings tasks up to now before a change, so idle time-outs that ran out earlier end as they would have. */
  constructor(
    private readonly clock: VirtualClock,
    private readonly settle: () => void,
  ) {}

  /** False if the user is already in the room. */
  join(sdkAppId: number, roomId: number | string, userId: string): boolean {
    const room = roomRef(sdkAppId, roomId);
    if (this.present(room).includes(userId)) return false;
    this.settle();
    const key = roomKey(room);
    const entry = this.rooms.get(key) ?? { room, stays: [] };
    entry.stays.push({ userId, since: this.clock.now() });
    this.rooms.set(key, entry);
    return true;
  }

  /** False if the user is not in the room. */
  leave(sdkAppId: number, roomId: number | string, userId: string): boolean {
    return this.remove(roomRef(sdkAppId, roomId), userId);
  }

  /** The user leaves the room; false if not in it. */
  remove(room: RoomRef, userId: string): boolean {
    const stay = this.current(room, userId);
    if (!stay) return false;
    this.settle();
    stay.until = this.clock.now();
    return true;
  }

  /** The user's stay in the room now, if in it. */
  current(room: RoomRef, userId: string): Stay | undefined {
    return this.stays(room).find((s) => s.userId === userId && s.until === undefined);
  }

  /** Users in the room now. */
  present(room: RoomRef): string[] {
    return this.stays(room).filter((s) => s.until === undefined).map((s) => s.userId);
  }

  /** Every stay in the room, past and present, in joining order. */
  stays(room: RoomRef): Stay[] {
    return this.rooms.get(roomKey(room))?.stays ?? [];
  }

  /** Rooms anyone has joined. */
  list(): RoomRef[] {
    return [...this.rooms.values()].map((entry) => entry.room);
  }

  clear(): void {
    this.rooms.clear();
  }
}

export class TaskStore {
  private readonly tasks = new Map<string, TaskRecord>();
  /**
   * Every task by its room: settling looks at each idle-timed task's room, on every call, so a
   * scan of all tasks there made a stack of a few hundred tasks slow the emulator quadratically.
   */
  private readonly byRoom = new Map<string, TaskRecord[]>();

  constructor(
    private readonly clock: VirtualClock,
    private readonly rooms: RoomRegistry,
  ) {}

  /** Starts a task. One bot user is one TRTC user, so a second live task for it is refused. */
  start(init: NewTask): TaskRecord {
    const { lifetimeMs, publishes = true, ...fields } = init;
    if (this.runningIn(init, init.userId).length > 0) throw new ApiError("FailedOperation.TaskExist", `User ${init.userId} already runs a task in room ${init.roomId}.`);
    const now = this.clock.now();
    const task: TaskRecord = {
      ...fields,
      taskId: randomBytes(64).toString("base64url"),
      status: "InProgress",
      startedAt: now,
      endsAt: lifetimeMs === undefined ? undefined : now + lifetimeMs,
      publishes,
    };
    this.tasks.set(task.taskId, task);
    const key = roomKey(task);
    this.byRoom.set(key, [...(this.byRoom.get(key) ?? []), task]);
    return task;
  }

  /** The running task of that family and SdkAppId, if any. */
  findActive(family: string, sdkAppId: number, taskId: string): TaskRecord | undefined {
    this.settle();
    const task = this.tasks.get(taskId);
    return task?.status === "InProgress" && task.family === family && task.sdkAppId === sdkAppId ? task : undefined;
  }

  get(taskId: string): TaskRecord | undefined {
    this.settle();
    return this.tasks.get(taskId);
  }

  list(): TaskRecord[] {
    this.settle();
    return [...this.tasks.values()];
  }

  end(task: TaskRecord, reason: EndReason, at = this.clock.now()): void {
    task.status = "Ended";
    task.endedAt = at;
    task.endReason = reason;
    delete task.blocked;
  }

  /** Running tasks in the room, of every family; only those of `userId`'s bot when given. */
  runningIn(room: RoomRef, userId?: string): TaskRecord[] {
    this.settle();
    return this.inRoom(room).filter((t) => t.status === "InProgress" && (userId === undefined || t.userId === userId));
  }

  /** Tasks ever started in the room, running or ended. */
  private inRoom(room: RoomRef): TaskRecord[] {
    return this.byRoom.get(roomKey(room)) ?? [];
  }

  clear(): void {
    this.tasks.clear();
    this.byRoom.clear();
  }

  /** The anchors of a room over time: users who joined it, and the bots of tasks that publish into it. */
  anchors(room: RoomRef): Stay[] {
    this.settle();
    return this.anchorStays(room);
  }

  /**
   * Ends tasks whose time is up, dated when they really ended. Called before every read and every
   * change (tasks starting or stopping, users joining or leaving), so between two calls anchors
   * can only leave, never arrive: a room idle now has been idle since its last anchor left.
   */
  settle(): void {
    const now = this.clock.now();
    for (const task of this.tasks.values()) {
      if (task.status === "InProgress" && task.endsAt !== undefined && task.endsAt <= now) this.end(task, "finished", task.endsAt);
    }
    // Idle ends after timed ones: an ingest whose media ran out has left its room by now.
    for (const task of this.tasks.values()) {
      const idleEnd = task.status === "InProgress" ? this.idleEnd(task) : undefined;
      if (idleEnd !== undefined && idleEnd <= now) this.end(task, "finished", idleEnd);
    }
  }

  /** When a task with an idle time-out ends if nobody comes back; undefined while its room has an anchor. */
  private idleEnd(task: TaskRecord): number | undefined {
    if (task.idleTimeoutMs === undefined) return undefined;
    let idleSince = task.startedAt;
    // A bot that speaks into its room (an AI conversation) does not keep its own task busy.
    for (const stay of this.anchorStays(task).filter((s) => s.userId !== task.userId)) {
      if (stay.until === undefined) return undefined;
      idleSince = Math.max(idleSince, stay.until);
    }
    return idleSince + task.idleTimeoutMs;
  }

  private anchorStays(room: RoomRef): Stay[] {
    const bots = this.inRoom(room)
      .filter((t) => t.publishes)
      .map((t): Stay => ({ userId: t.userId, since: t.startedAt, ...(t.endedAt !== undefined && { until: t.endedAt }) }));
    return [...this.rooms.stays(room), ...bots];
  }
}

export interface RequestLogEntry {
  time: number;
  requestId: string;
  /** The TRTC API 3.0 action, or `live_engine_http_pk/<command>` for the Live engine REST API. */
  action: string;
  /** Empty for the Live engine REST API, which has none. */
  region: string;
  secretId?: string;
  /** The parsed JSON body; undefined when it was not JSON. */
  params: unknown;
  /**
   * "ok", the error code answered, "HTTP <status>" for an injected transport failure, or for an
   * injected lost answer "dropped" (connection closed) or "held unanswered" (until the client gave up).
   */
  outcome: string;
  /** For a fault injected after the call ran: what the call itself came to ("ok" or its error code). */
  ran?: string;
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

/**
 * The next `count` calls of `action` fail this way: exactly one of `code`, `httpStatus` or
 * `connection` says how.
 */
export interface Fault {
  action: string;
  /** An API error code, answered in the usual envelope with HTTP 200. */
  code?: string;
  message?: string;
  /** A transport-level failure instead: this HTTP status with a plain-text body. */
  httpStatus?: number;
  /**
   * No answer at all: "drop" closes the connection at once; "hang" holds it open, unanswered,
   * until the client gives up (its own timeout), so a test needs no timer of its own.
   */
  connection?: FaultConnection;
  /**
   * The call runs first and takes effect; the fault replaces only its answer. This is how a
   * client meets an ambiguous failure: the task started, but the answer saying so was lost.
   */
  runFirst?: boolean;
  count: number;
}

export type FaultConnection = "drop" | "hang";

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

/** Accepted calls per key within a rolling window of the virtual clock: `limit` per second unless a call names its own rate. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly clock: VirtualClock,
    readonly limit: number,
  ) {}

  /** Records the call and returns true if it is within the rate; rejected calls are not counted. */
  tryAcquire(key: string, rate: Rate = { calls: this.limit, perSeconds: 1 }): boolean {
    const now = this.clock.now();
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - rate.perSeconds * 1000);
    const allowed = recent.length < rate.calls;
    if (allowed) recent.push(now);
    this.hits.set(key, recent);
    return allowed;
  }

  clear(): void {
    this.hits.clear();
  }
}

/** A battle between live rooms (Live engine REST API). Times are on the virtual clock. */
export interface BattleRecord {
  battleId: string;
  sdkAppId: number;
  fromRoomId: string;
  /** The called rooms that joined it (ResultCode 0). */
  toRoomIds: string[];
  durationMs: number;
  extensionInfo?: string;
  startedAt: number;
  endsAt: number;
}

export class BattleStore {
  private readonly battles = new Map<string, BattleRecord>();

  constructor(private readonly clock: VirtualClock) {}

  create(init: Omit<BattleRecord, "battleId" | "startedAt" | "endsAt">): BattleRecord {
    const now = this.clock.now();
    // Shaped like the documents' examples: 32 random bytes, base64.
    const battle = { ...init, battleId: randomBytes(32).toString("base64"), startedAt: now, endsAt: now + init.durationMs };
    this.battles.set(battle.battleId, battle);
    return battle;
  }

  get(sdkAppId: number, battleId: string): BattleRecord | undefined {
    const battle = this.battles.get(battleId);
    return battle?.sdkAppId === sdkAppId ? battle : undefined;
  }

  running(battle: BattleRecord): boolean {
    return this.clock.now() < battle.endsAt;
  }

  /** The running battle a room is in, as caller or callee. */
  of(sdkAppId: number, roomId: string): BattleRecord | undefined {
    return this.list().find(
      (b) => b.sdkAppId === sdkAppId && this.running(b) && (b.fromRoomId === roomId || b.toRoomIds.includes(roomId)),
    );
  }

  list(): BattleRecord[] {
    return [...this.battles.values()];
  }

  clear(): void {
    this.battles.clear();
  }
}

export interface StateOptions {
  credentials: Readonly<Record<string, string>>;
  /** SDKAppID to the application's secret key. */
  appKeys: Readonly<Record<string, string>>;
  /** App admin accounts the Live engine REST API accepts as `identifier`. */
  adminUserIds: readonly string[];
  requestsPerSecond: number;
  /** The Live engine REST API's limit, per application. */
  liveRequestsPerSecond: number;
  mediaDurationSeconds: number;
  clockOffsetMs: number;
  /** Running cloud recordings allowed per SdkAppId before FailedOperation.RestrictedConcurrency. */
  maxConcurrentRecordings: number;
  /** Generated call history of every application, until the control surface sets its own. */
  history: HistoryVolume;
}

/** One room as the control surface lists it. */
export interface RoomOccupancy {
  sdkAppId: number;
  /** A number for an integer room, a string for a string room. */
  roomId: number | string;
  /** Users joined through the control surface and still there. */
  users: string[];
  /** Who publishes there now: those users and the bots of running tasks that publish. */
  anchors: string[];
  /** Running tasks in the room, recordings included. */
  taskIds: string[];
  /** Users (bots included) whose audio or video SetUserBlocked blocks; absent when nobody is blocked. */
  blocked?: Record<string, Blocked>;
}

export class EmulatorState {
  readonly clock: VirtualClock;
  readonly tasks: TaskStore;
  readonly rooms: RoomRegistry;
  readonly requests = new RequestLog();
  readonly faults = new FaultInjector();
  readonly limiter: RateLimiter;
  /** How much call history the monitoring, usage and dashboard APIs report besides what the emulator saw. */
  readonly history: HistorySettings;
  readonly battles: BattleStore;
  readonly liveLimiter: RateLimiter;
  readonly adminUserIds: readonly string[];
  /** How long every media source plays once; the emulator never fetches the media. */
  readonly mediaDurationSeconds: number;
  readonly maxConcurrentRecordings: number;
  private readonly credentials: ReadonlyMap<string, string>;
  private readonly appKeys: ReadonlyMap<string, string>;

  constructor(options: StateOptions) {
    this.clock = new VirtualClock(options.clockOffsetMs);
    this.rooms = new RoomRegistry(this.clock, () => this.tasks.settle());
    this.tasks = new TaskStore(this.clock, this.rooms);
    this.limiter = new RateLimiter(this.clock, options.requestsPerSecond);
    this.history = new HistorySettings(options.history);
    this.battles = new BattleStore(this.clock);
    this.liveLimiter = new RateLimiter(this.clock, options.liveRequestsPerSecond);
    this.adminUserIds = options.adminUserIds;
    this.mediaDurationSeconds = options.mediaDurationSeconds;
    this.maxConcurrentRecordings = options.maxConcurrentRecordings;
    this.credentials = new Map(Object.entries(options.credentials));
    this.appKeys = new Map(Object.entries(options.appKeys));
  }

  secretKey(secretId: string): string | undefined {
    return this.credentials.get(secretId);
  }

  /** The secret key of a TRTC application, if the emulator knows the application. */
  appKey(sdkAppId: number): string | undefined {
    return this.appKeys.get(String(sdkAppId));
  }

  /** The applications the emulator knows: the account's. */
  sdkAppIds(): number[] {
    return [...this.appKeys.keys()].map(Number);
  }

  /** Rooms with someone in them or a task running, in the order they were first used. */
  occupancy(): RoomOccupancy[] {
    const running = this.tasks.list().filter((t) => t.status === "InProgress");
    const rooms = new Map<string, RoomRef>([...this.rooms.list(), ...running].map((room) => [roomKey(room), room]));
    return [...rooms.values()]
      .map((room) => {
        const blocked = this.presences(room).flatMap((p) => (p.blocked ? [[p.userId, p.blocked] as const] : []));
        return {
          sdkAppId: room.sdkAppId,
          roomId: room.roomIdType === 1 ? Number(room.roomId) : room.roomId,
          users: this.rooms.present(room),
          anchors: this.tasks.anchors(room).filter((s) => s.until === undefined).map((s) => s.userId),
          taskIds: running.filter((t) => sameRoom(t, room)).map((t) => t.taskId),
          ...(blocked.length > 0 && { blocked: Object.fromEntries(blocked) }),
        };
      })
      .filter((room) => room.anchors.length > 0 || room.taskIds.length > 0);
  }

  /**
   * Who is in the room now, as the room management APIs see it: users who joined and the bots of
   * running tasks of every family, each with the record that holds its blocked state.
   */
  presences(room: RoomRef): (Stay | TaskRecord)[] {
    const users = this.rooms.present(room).map((userId) => this.rooms.current(room, userId) as Stay);
    return [...users, ...this.tasks.runningIn(room)];
  }

  /**
   * RemoveUser: the user leaves the room; a task whose bot it is ends ("removed"), whatever its
   * family. False if the user is not in the room.
   */
  removeUser(room: RoomRef, userId: string): boolean {
    const left = this.rooms.remove(room, userId);
    const bots = this.tasks.runningIn(room, userId);
    for (const task of bots) this.tasks.end(task, "removed");
    return left || bots.length > 0;
  }

  /** DismissRoom: everyone is removed. False if nobody was in the room. */
  dismissRoom(room: RoomRef): boolean {
    const users = [...new Set(this.presences(room).map((p) => p.userId))];
    for (const userId of users) this.removeUser(room, userId);
    return users.length > 0;
  }

  /** SetUserBlocked: what the user may not publish while in the room (undefined unblocks). False if not in it. */
  setBlocked(room: RoomRef, userId: string, blocked: Blocked | undefined): boolean {
    const found = this.presences(room).filter((p) => p.userId === userId);
    for (const presence of found) {
      if (blocked) presence.blocked = blocked;
      else delete presence.blocked;
    }
    return found.length > 0;
  }

  /** Back to a fresh start: credentials and options stay. */
  reset(): void {
    this.clock.reset();
    this.tasks.clear();
    this.rooms.clear();
    this.requests.clear();
    this.faults.clear();
    this.limiter.clear();
    this.history.clear();
    this.battles.clear();
    this.liveLimiter.clear();
  }
}

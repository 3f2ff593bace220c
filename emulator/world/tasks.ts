// Tasks (ingests, recordings, relays, AI bots) of every family, with their ends by time and by idleness.
import { randomBytes } from "node:crypto";
import { ApiError } from "../errors";
import type { VirtualClock } from "./clock";
import { type Blocked, type RoomRef, type RoomRegistry, roomKey, type Stay } from "./rooms";

export type TaskStatus = "InProgress" | "Ended";
/**
 * "finished": ended on its own (end of media, MaxDuration, or the control surface); "stopped": by a
 * Stop call; "removed": its bot was removed from the room (RemoveUser, DismissRoom).
 */
export type EndReason = "finished" | "stopped" | "removed";

export interface TaskRecord extends RoomRef {
  taskId: string;
  family: string;
  /** The action that started the task. */
  action: string;
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
  /**
   * A task in no room, with no bot (a web page recording): its roomId and userId are empty, and no
   * room, call or usage counts it.
   */
  roomless?: true;
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
  roomless?: true;
};

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
    if (!init.roomless && this.runningIn(init, init.userId).length > 0) throw new ApiError("FailedOperation.TaskExist", `User ${init.userId} already runs a task in room ${init.roomId}.`);
    const now = this.clock.now();
    const task: TaskRecord = {
      ...fields,
      taskId: randomBytes(64).toString("base64url"),
      status: "InProgress",
      startedAt: now,
      endsAt: lifetimeMs === undefined ? undefined : now + lifetimeMs,
      publishes,
    };
    this.add(task);
    return task;
  }

  /** A task in no room and with no bot (a web recording, a stream's moderation, a speech synthesis): it publishes nothing. */
  startRoomless(init: Pick<NewTask, "family" | "action" | "sdkAppId" | "params" | "lifetimeMs"> & Partial<Pick<NewTask, "settings">>): TaskRecord {
    return this.start({ settings: {}, ...init, roomId: "", roomIdType: 0, userId: "", roomless: true, publishes: false });
  }

  private add(task: TaskRecord): void {
    this.tasks.set(task.taskId, task);
    const key = roomKey(task);
    this.byRoom.set(key, [...(this.byRoom.get(key) ?? []), task]);
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

  /** Every task as stored, unsettled, in the order they started: settling on restore gives the same ends. */
  snapshot(): TaskRecord[] {
    return [...this.tasks.values()];
  }

  restore(tasks: readonly TaskRecord[]): void {
    this.clear();
    for (const task of tasks) this.add(task);
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

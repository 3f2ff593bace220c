// A typed client for the control surface, for tests that run the emulator in another process.
import type { EmulatorHealth } from "./control";
import type { Fault } from "./gateway/faults";
import type { RequestLogEntry } from "./gateway/requestLog";
import type { RoomOccupancy } from "./world";
import type { BattleRecord } from "./world/battles";
import type { HistoryVolume } from "./world/history";
import type { TaskRecord } from "./world/tasks";

/** A fault to arm; `count` defaults to 1. For the Live engine REST API, `action` is `live_engine_http_pk/<command>` and `code` an ErrorCode. */
export type FaultSpec = Omit<Fault, "count"> & { count?: number };

/** A battle as the control surface lists it. */
export type BattleState = BattleRecord & { running: boolean };

export class EmulatorControl {
  private readonly base: string;

  /** `url` is the emulator's base URL, e.g. "http://127.0.0.1:4000". */
  constructor(url: string) {
    this.base = url.replace(/\/+$/, "");
  }

  async health(): Promise<EmulatorHealth> {
    return this.call<EmulatorHealth>("GET", "health");
  }

  async tasks(): Promise<TaskRecord[]> {
    return (await this.call<{ tasks: TaskRecord[] }>("GET", "tasks")).tasks;
  }

  /** Ends a running task as if it finished on its own. */
  async endTask(taskId: string): Promise<TaskRecord> {
    return (await this.call<{ task: TaskRecord }>("POST", `tasks/${encodeURIComponent(taskId)}/end`)).task;
  }

  /** A user enters a room as an anchor; `roomId` a number for an integer room, a string for a string room. */
  async joinRoom(sdkAppId: number, roomId: number | string, userId: string): Promise<RoomOccupancy[]> {
    return (await this.call<{ rooms: RoomOccupancy[] }>("POST", "rooms/join", { sdkAppId, roomId, userId })).rooms;
  }

  async leaveRoom(sdkAppId: number, roomId: number | string, userId: string): Promise<RoomOccupancy[]> {
    return (await this.call<{ rooms: RoomOccupancy[] }>("POST", "rooms/leave", { sdkAppId, roomId, userId })).rooms;
  }

  /** Rooms with an anchor in them or a task running. */
  async rooms(): Promise<RoomOccupancy[]> {
    return (await this.call<{ rooms: RoomOccupancy[] }>("GET", "rooms")).rooms;
  }

  /** Sets how much call history the emulator generates for an application (calls per clock hour, and the seed). */
  async setHistory(sdkAppId: number, volume: Partial<HistoryVolume>): Promise<HistoryVolume> {
    return (await this.call<{ history: HistoryVolume }>("POST", "history", { sdkAppId, ...volume })).history;
  }

  /**
   * One room, if anyone is in it or a task runs there: who is present, and whom SetUserBlocked
   * blocks (`blocked[userId]`); `roomId` a number for an integer room, a string for a string room.
   */
  async room(sdkAppId: number, roomId: number | string): Promise<RoomOccupancy | undefined> {
    return (await this.rooms()).find((r) => r.sdkAppId === sdkAppId && r.roomId === roomId);
  }

  /** Battles of the Live engine REST API, running or ended. */
  async battles(): Promise<BattleState[]> {
    return (await this.call<{ battles: BattleState[] }>("GET", "battles")).battles;
  }

  async injectFault(fault: FaultSpec): Promise<void> {
    await this.call("POST", "faults", fault);
  }

  async advanceClock(seconds: number): Promise<void> {
    await this.call("POST", "clock", { advanceSeconds: seconds });
  }

  /** Holds the emulator clock still (or lets it run again), e.g. to make rate-limit windows deterministic. */
  async freezeClock(frozen = true): Promise<void> {
    await this.call("POST", "clock", { freeze: frozen });
  }

  async requests(): Promise<RequestLogEntry[]> {
    return (await this.call<{ requests: RequestLogEntry[] }>("GET", "requests")).requests;
  }

  async clearRequests(): Promise<void> {
    await this.call("DELETE", "requests");
  }

  async reset(): Promise<void> {
    await this.call("POST", "reset");
  }

  private async call<T>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}/_emulator/${route}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as unknown;
    if (!res.ok) throw new Error(`emulator control ${method} ${route} failed with HTTP ${res.status}: ${JSON.stringify(json)}`);
    // The JSON boundary: our own server's answers have these shapes.
    return json as T;
  }
}

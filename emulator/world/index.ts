// The emulator's world: what TRTC itself would know (time, the account's applications, rooms and
// the users in them, tasks, battles, how much call history there is). The handlers act on it and
// on nothing else; the gateway (../gateway) decides which calls reach them.
import { type BattleRecord, BattleStore } from "./battles";
import { type ClockSnapshot, VirtualClock } from "./clock";
import { HistorySettings, type HistoryVolume } from "./history";
import type { ObjectsSnapshot } from "./objects";
import { type PictureRecord, pictureStore } from "./pictures";
import { type VocabularyRecord, vocabularyStore } from "./vocabularies";
import { type VoicePrintRecord, voicePrintStore } from "./voicePrints";
import { type Blocked, type RoomRef, RoomRegistry, type RoomStays, roomKey, roomValue, sameRoom, type Stay } from "./rooms";
import { type TaskRecord, TaskStore } from "./tasks";

export interface WorldOptions {
  /** SDKAppID to the application's secret key. */
  appKeys: Readonly<Record<string, string>>;
  mediaDurationSeconds: number;
  clockOffsetMs: number;
  /** Running cloud recordings allowed per SdkAppId before FailedOperation.RestrictedConcurrency. */
  maxConcurrentRecordings: number;
  /** StartAIConversation takes a Start without LLMConfig and TTSConfig, as its API page reads (the SDK's models require them). */
  aiConfigsOptional: boolean;
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

export class World {
  readonly clock: VirtualClock;
  readonly tasks: TaskStore;
  readonly rooms: RoomRegistry;
  /** How much call history the monitoring, usage and dashboard APIs report besides what the emulator saw. */
  readonly history: HistorySettings;
  readonly battles: BattleStore;
  /** Configuration, kept until deleted: watermark and background pictures, recognition vocabularies, the account's voiceprints. */
  readonly pictures = pictureStore();
  readonly vocabularies = vocabularyStore();
  readonly voicePrints = voicePrintStore();
  /** How long every media source plays once; the emulator never fetches the media. */
  readonly mediaDurationSeconds: number;
  readonly maxConcurrentRecordings: number;
  readonly aiConfigsOptional: boolean;
  private readonly appKeys: ReadonlyMap<string, string>;

  constructor(options: WorldOptions) {
    this.clock = new VirtualClock(options.clockOffsetMs);
    this.rooms = new RoomRegistry(this.clock, () => this.tasks.settle());
    this.tasks = new TaskStore(this.clock, this.rooms);
    this.history = new HistorySettings(options.history);
    this.battles = new BattleStore(this.clock);
    this.mediaDurationSeconds = options.mediaDurationSeconds;
    this.maxConcurrentRecordings = options.maxConcurrentRecordings;
    this.aiConfigsOptional = options.aiConfigsOptional;
    this.appKeys = new Map(Object.entries(options.appKeys));
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
    const running = this.tasks.list().filter((t) => t.status === "InProgress" && !t.roomless);
    const rooms = new Map<string, RoomRef>([...this.rooms.list(), ...running].map((room) => [roomKey(room), room]));
    return [...rooms.values()]
      .map((room) => {
        const blocked = this.presences(room).flatMap((p) => (p.blocked ? [[p.userId, p.blocked] as const] : []));
        return {
          sdkAppId: room.sdkAppId,
          roomId: roomValue(room),
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

  /** Back to a fresh start: applications and options stay. */
  reset(): void {
    this.clock.reset();
    this.tasks.clear();
    this.rooms.clear();
    this.history.clear();
    this.battles.clear();
    this.pictures.clear();
    this.vocabularies.clear();
    this.voicePrints.clear();
  }

  /** Everything the world remembers, as plain data; applications and options come from the emulator's options. */
  snapshot(): WorldSnapshot {
    return {
      clock: this.clock.snapshot(),
      tasks: this.tasks.snapshot(),
      rooms: this.rooms.snapshot(),
      history: this.history.snapshot(),
      battles: this.battles.list(),
      pictures: this.pictures.snapshot(),
      vocabularies: this.vocabularies.snapshot(),
      voicePrints: this.voicePrints.snapshot(),
    };
  }

  /** Back to where a snapshot was taken: what follows answers as if the world had never stopped. */
  restore(snapshot: WorldSnapshot): void {
    this.clock.restore(snapshot.clock);
    this.tasks.restore(snapshot.tasks);
    this.rooms.restore(snapshot.rooms);
    this.history.restore(snapshot.history);
    this.battles.restore(snapshot.battles);
    this.pictures.restore(snapshot.pictures ?? NONE);
    this.vocabularies.restore(snapshot.vocabularies ?? NONE);
    this.voicePrints.restore(snapshot.voicePrints ?? NONE);
  }
}

const NONE = { count: 0, objects: [] };

export interface WorldSnapshot {
  clock: ClockSnapshot;
  tasks: TaskRecord[];
  rooms: RoomStays[];
  history: [number, HistoryVolume][];
  battles: BattleRecord[];
  /** Absent from files written before configuration objects were kept. */
  pictures?: ObjectsSnapshot<PictureRecord>;
  vocabularies?: ObjectsSnapshot<VocabularyRecord>;
  voicePrints?: ObjectsSnapshot<VoicePrintRecord>;
}

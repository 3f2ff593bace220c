// Rooms and the users in them. The world numbers rooms as most of TRTC does (RoomIdType 1 an
// integer room, 0 a string room); ../roomIds.ts reads each API's own numbering into it.
import type { VirtualClock } from "./clock";

/** A TRTC room: rooms belong to one application, and integer room 1234 is not string room "1234". */
export interface RoomRef {
  sdkAppId: number;
  roomId: string;
  /** 1 an integer room, 0 a string room. */
  roomIdType: number;
}

/** What SetUserBlocked keeps a user in a room from publishing. */
export interface Blocked {
  audio: boolean;
  video: boolean;
}

/** One anchor's stay in a room, from joining (or its task starting) to leaving; `until` is unset while it lasts. */
export interface Stay {
  userId: string;
  since: number;
  until?: number;
  /** Set by SetUserBlocked during this stay; a user who leaves and comes back is unblocked. */
  blocked?: Blocked;
}

const INTEGER_ROOM = 1;
const STRING_ROOM = 0;

/** The world's reference to an integer room (`integer`) or a string room. */
export function roomRef(sdkAppId: number, roomId: string, integer: boolean): RoomRef {
  return { sdkAppId, roomId, roomIdType: integer ? INTEGER_ROOM : STRING_ROOM };
}

export function isIntegerRoom(room: RoomRef): boolean {
  return room.roomIdType === INTEGER_ROOM;
}

/** The control surface names rooms by value: a number is an integer room, a string a string room. */
export function roomByValue(sdkAppId: number, roomId: number | string): RoomRef {
  return roomRef(sdkAppId, String(roomId), typeof roomId === "number");
}

/** The room's id as the control surface shows it: a number for an integer room. */
export function roomValue(room: RoomRef): number | string {
  return isIntegerRoom(room) ? Number(room.roomId) : room.roomId;
}

export function roomKey(room: RoomRef): string {
  return `${room.sdkAppId}/${room.roomIdType}/${room.roomId}`;
}

export function sameRoom(a: RoomRef, b: RoomRef): boolean {
  return roomKey(a) === roomKey(b);
}

/** Users in rooms, as joined and left through the control surface: the emulator has no media plane to see them. */
export class RoomRegistry {
  private readonly rooms = new Map<string, RoomStays>();

  /** `settle` brings tasks up to now before a change, so idle time-outs that ran out earlier end as they would have. */
  constructor(
    private readonly clock: VirtualClock,
    private readonly settle: () => void,
  ) {}

  /** False if the user is already in the room. */
  join(sdkAppId: number, roomId: number | string, userId: string): boolean {
    const room = roomByValue(sdkAppId, roomId);
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
    return this.remove(roomByValue(sdkAppId, roomId), userId);
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

  /** Every room anyone joined with all its stays, in the order the rooms were first used. */
  snapshot(): RoomStays[] {
    return [...this.rooms.values()];
  }

  restore(snapshot: readonly RoomStays[]): void {
    this.rooms.clear();
    for (const entry of snapshot) this.rooms.set(roomKey(entry.room), entry);
  }
}

export interface RoomStays {
  room: RoomRef;
  stays: Stay[];
}

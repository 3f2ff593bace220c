// What the emulator can report about calls, for the monitoring, usage and dashboard APIs. A call is
// TRTC's word for one life of a room: from its first user entering to its last leaving, named by
// its CommId (SdkAppId_RoomId_CreateTime). Calls come from two sources: those the emulator saw
// (users joined through the control surface, the bots of tasks) and generated history, seeded per
// SDKAppID on a fixed grid of clock hours, so every answer is exact and the same on every run.
import { ApiError } from "../errors";
import type { World } from ".";
import type { HistoryVolume } from "./history";
import { type RoomRef, roomKey, sameRoom, type Stay } from "./rooms";
import { hashSeed, random } from "./seeded";
import type { TaskRecord } from "./tasks";

/** The usage classes TRTC bills a user's minutes in, by the resolution they receive (Audio when no video). */
export const MEDIA_CLASSES = ["Audio", "SD", "HD", "FullHD", "2K", "4K"] as const;
export type MediaClass = (typeof MEDIA_CLASSES)[number];

export interface CallUser {
  userId: string;
  /** Unix seconds. */
  joinTs: number;
  /** Unix seconds; undefined while the user is in the room. */
  leaveTs: number | undefined;
  deviceType: string;
  sdkVersion: string;
  clientIp: string;
  media: MediaClass;
  /** Sends a stream (an anchor); a recording bot only receives. */
  publishes: boolean;
  /** Seeds this user's events and metrics. */
  seed: number;
}

export type RecordingKind = "single" | "multi";

export interface Call {
  sdkAppId: number;
  roomId: string;
  commId: string;
  /** Unix seconds. */
  createTime: number;
  /** Unix seconds; undefined while someone is in the room. */
  destroyTime: number | undefined;
  creator: string;
  /** How the call was recorded, if it was. */
  recording: RecordingKind | undefined;
  /** Relayed to CDN. */
  relayed: boolean;
  seed: number;
  /** The call's users as of now, in joining order. */
  users(): CallUser[];
}

function pick<T>(draw: () => number, items: readonly T[]): T {
  return items[Math.floor(draw() * items.length)]!;
}

const HOUR = 3600;
/** Generated calls last 5 to 90 minutes, so a window needs only the hours just before it. */
const MIN_CALL_SECONDS = 300;
const MAX_CALL_SECONDS = 5400;
const DEVICE_TYPES = ["iOS", "Android", "Windows", "Mac", "Web"] as const;
const SDK_VERSIONS = ["11.5.0", "11.7.0", "12.0.0", "12.1.0"] as const;
/** Cumulative weights of MEDIA_CLASSES among generated users. */
const MEDIA_WEIGHTS = [0.3, 0.5, 0.8, 0.95, 0.99, 1];

function mediaOf(draw: number): MediaClass {
  return MEDIA_CLASSES[MEDIA_WEIGHTS.findIndex((w) => draw < w)]!;
}

function userAttributes(seed: number): Pick<CallUser, "deviceType" | "sdkVersion" | "clientIp" | "media" | "publishes"> {
  const draw = random(seed);
  return {
    deviceType: pick(draw, DEVICE_TYPES),
    sdkVersion: pick(draw, SDK_VERSIONS),
    clientIp: `10.${Math.floor(draw() * 256)}.${Math.floor(draw() * 256)}.${1 + Math.floor(draw() * 254)}`,
    media: mediaOf(draw()),
    publishes: true,
  };
}

/** A generated call as planned, independent of the time it is looked at. */
interface PlannedCall {
  sdkAppId: number;
  roomId: string;
  commId: string;
  createTime: number;
  endTime: number;
  seed: number;
  recording: RecordingKind | undefined;
  relayed: boolean;
}

type PlannedUser = Omit<CallUser, "leaveTs"> & { leaveTs: number };

function plannedUsers(call: PlannedCall): PlannedUser[] {
  const draw = random(call.seed);
  const duration = call.endTime - call.createTime;
  const others = 1 + Math.floor(draw() * 5);
  return Array.from({ length: others + 1 }, (_, k): PlannedUser => {
    // The creator is there from start to end; the others come later and leave earlier.
    const joinTs = k === 0 ? call.createTime : call.createTime + Math.floor(draw() * (duration / 2));
    const leaveTs = k === 0 ? call.endTime : joinTs + 60 + Math.floor(draw() * (call.endTime - joinTs - 60));
    const seed = hashSeed(call.seed, k);
    return { userId: generatedUserId(call.seed, k), joinTs, leaveTs, seed, ...userAttributes(seed) };
  }).sort((a, b) => a.joinTs - b.joinTs);
}

/** Distinct within a call for any number of users (7919 is a prime not dividing 10^6). */
function generatedUserId(callSeed: number, k: number): string {
  return `user_${String((callSeed + k * 7919) % 1_000_000).padStart(6, "0")}`;
}

/** Room ids distinct within an hour (104729 is a prime not dividing 9 * 10^6). */
function generatedRoomId(slot: number, i: number): string {
  return String(100_000 + ((slot * 31 + i * 104_729) % 9_000_000));
}

const slotCache = new Map<string, PlannedCall[]>();
const SLOT_CACHE_SIZE = 2000;

/** The calls generated for one clock hour, created in it in time order. */
function plannedSlot(sdkAppId: number, volume: HistoryVolume, slot: number): PlannedCall[] {
  const key = `${sdkAppId}/${volume.seed}/${volume.roomsPerHour}/${slot}`;
  const cached = slotCache.get(key);
  if (cached) return cached;
  const draw = random(hashSeed(volume.seed, sdkAppId, slot));
  const calls = Array.from({ length: volume.roomsPerHour }, (_, i): PlannedCall => {
    const createTime = slot * HOUR + Math.floor(draw() * HOUR);
    const endTime = createTime + MIN_CALL_SECONDS + Math.floor(draw() * (MAX_CALL_SECONDS - MIN_CALL_SECONDS));
    const roomId = generatedRoomId(slot, i);
    const seed = hashSeed(volume.seed, sdkAppId, slot, i);
    // About a fifth of calls are recorded single-stream, a tenth mixed; a tenth are relayed to CDN.
    const services = random(hashSeed(seed, "services"));
    const recordingDraw = services();
    const recording = recordingDraw < 0.2 ? "single" : recordingDraw < 0.3 ? "multi" : undefined;
    return { sdkAppId, roomId, commId: `${sdkAppId}_${roomId}_${createTime}`, createTime, endTime, seed, recording, relayed: services() < 0.1 };
  }).sort((a, b) => a.createTime - b.createTime || Number(a.roomId) - Number(b.roomId));
  if (slotCache.size >= SLOT_CACHE_SIZE) slotCache.delete(slotCache.keys().next().value!);
  slotCache.set(key, calls);
  return calls;
}

function generatedCall(call: PlannedCall, now: number): Call {
  return {
    sdkAppId: call.sdkAppId,
    roomId: call.roomId,
    commId: call.commId,
    createTime: call.createTime,
    destroyTime: call.endTime <= now ? call.endTime : undefined,
    creator: generatedUserId(call.seed, 0),
    recording: call.recording,
    relayed: call.relayed,
    seed: call.seed,
    users: () =>
      plannedUsers(call)
        .filter((u) => u.joinTs <= now)
        .map((u) => ({ ...u, leaveTs: u.leaveTs <= now ? u.leaveTs : undefined })),
  };
}

/** Generated calls of the application that overlap [from, to) (Unix seconds), as of `now`. */
function generatedCalls(world: World, sdkAppId: number, from: number, to: number, now: number): Call[] {
  const volume = world.history.get(sdkAppId);
  if (volume.roomsPerHour === 0) return [];
  const first = Math.floor((from - MAX_CALL_SECONDS) / HOUR);
  const last = Math.floor((Math.min(to, now + 1) - 1) / HOUR);
  const calls: Call[] = [];
  for (let slot = first; slot <= last; slot++) {
    for (const planned of plannedSlot(sdkAppId, volume, slot)) {
      if (planned.createTime < to && planned.endTime >= from && planned.createTime <= now) calls.push(generatedCall(planned, now));
    }
  }
  return calls;
}

// Calls the emulator saw: every stay in a room, of users and of task bots, merged into sessions.

interface ObservedStay extends Stay {
  task?: TaskRecord;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

function observedRooms(world: World): { room: RoomRef; stays: ObservedStay[] }[] {
  const tasks = world.tasks.list().filter((t) => !t.roomless);
  const rooms = new Map<string, RoomRef>();
  for (const room of [...world.rooms.list(), ...tasks]) rooms.set(roomKey(room), room);
  return [...rooms.values()].map((room) => ({
    room,
    stays: [
      ...world.rooms.stays(room),
      ...tasks
        .filter((t) => sameRoom(t, room))
        .map((t) => ({ userId: t.userId, since: t.startedAt, ...(t.endedAt !== undefined && { until: t.endedAt }), task: t })),
    ].sort((a, b) => a.since - b.since),
  }));
}

/** Stays that overlap or touch, grouped: one group is one call. */
function sessions(stays: readonly ObservedStay[]): ObservedStay[][] {
  const groups: ObservedStay[][] = [];
  let end = -Infinity;
  for (const stay of stays) {
    if (stay.since > end || groups.length === 0) groups.push([]);
    groups.at(-1)!.push(stay);
    end = Math.max(end, stay.until ?? Infinity);
  }
  return groups;
}

function observedUser(stay: ObservedStay): CallUser {
  const seed = hashSeed("observed", stay.userId, stay.since);
  const bot = stay.task !== undefined;
  const attributes = bot
    ? { deviceType: "Server", sdkVersion: "cloud", clientIp: "127.0.0.1", media: stay.task!.publishes ? ("HD" as const) : ("Audio" as const), publishes: stay.task!.publishes }
    : userAttributes(seed);
  return { userId: stay.userId, joinTs: seconds(stay.since), leaveTs: stay.until === undefined ? undefined : seconds(stay.until), seed, ...attributes };
}

function recordingOf(stays: readonly ObservedStay[]): RecordingKind | undefined {
  const task = stays.find((s) => s.task?.family === "CloudRecording")?.task;
  if (!task) return undefined;
  const recordParams = task.params.RecordParams as { RecordMode?: number } | undefined;
  return recordParams?.RecordMode === 1 ? "single" : "multi";
}

function observedCalls(world: World, sdkAppId: number, from: number, to: number): Call[] {
  return observedRooms(world)
    .filter(({ room }) => room.sdkAppId === sdkAppId)
    .flatMap(({ room, stays }) =>
      sessions(stays).map((group): Call => {
        const users = group.map(observedUser);
        const createTime = users[0]!.joinTs;
        const open = users.some((u) => u.leaveTs === undefined);
        return {
          sdkAppId,
          roomId: room.roomId,
          commId: `${sdkAppId}_${room.roomId}_${createTime}`,
          createTime,
          destroyTime: open ? undefined : Math.max(...users.map((u) => u.leaveTs!)),
          creator: users[0]!.userId,
          recording: recordingOf(group),
          relayed: false,
          seed: hashSeed("observed", sdkAppId, room.roomId, createTime),
          users: () => users,
        };
      }),
    )
    .filter((call) => call.createTime < to && (call.destroyTime ?? Infinity) >= from);
}

/** The application's calls that overlap [from, to) (Unix seconds), seen and generated, by creation time. */
export function callsBetween(world: World, sdkAppId: number, from: number, to: number): Call[] {
  const now = seconds(world.clock.now());
  return [...generatedCalls(world, sdkAppId, from, to, now), ...observedCalls(world, sdkAppId, from, to)].sort(
    (a, b) => a.createTime - b.createTime || (a.commId < b.commId ? -1 : a.commId > b.commId ? 1 : 0),
  );
}

/** The call a CommId names (SdkAppId_RoomId_CreateTime; a string room id may itself hold `_`). */
export function callById(world: World, sdkAppId: number, commId: string): Call | undefined {
  const createTime = Number(commId.slice(commId.lastIndexOf("_") + 1));
  if (!Number.isInteger(createTime)) return undefined;
  return callsBetween(world, sdkAppId, createTime, createTime + 1).find((call) => call.commId === commId);
}

/** How long, in seconds, [since, until) overlaps [from, to); `until` undefined runs to `now`. */
export function overlap(since: number, until: number | undefined, from: number, to: number, now: number): number {
  return Math.max(0, Math.min(until ?? now, to, now) - Math.max(since, from));
}

/**
 * Monitoring and usage answer for every application the emulator knows: those it has a key for
 * (`trtc-local --app`), and those a task, a user in a room or the control surface's call history
 * has used, as the task and room APIs take any application. `code` is the API's own for any other.
 */
export function requireApp(world: World, sdkAppId: number, code = "InvalidParameter.SdkAppId"): void {
  const known =
    world.appKey(sdkAppId) !== undefined ||
    world.history.has(sdkAppId) ||
    [...world.tasks.list(), ...world.rooms.list()].some((used) => used.sdkAppId === sdkAppId);
  if (!known) throw new ApiError(code, `SdkAppId ${sdkAppId} is not an application of this account.`);
}

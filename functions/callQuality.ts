import { z } from "zod";
import * as field from "../provider/fields";
import type { ApiResponse } from "../provider/client";
import { functionSpec } from "../provider/function";
import { limit, listOf, windowArgs, windowText } from "../provider/lookup";

/**
 * Call quality monitoring: DescribeRoomInfo, DescribeUserInfo, DescribeCallDetailInfo,
 * DescribeUserEvent, DescribeScaleInfo (TRTC API reference, "Call Quality Monitoring") and DescribeUnusualEvent
 * (documented by the official SDK's model only). Data is kept 14 days. A call (CommId) is one
 * life of a room, from its first user entering to its last leaving; getRoomInfo lists them.
 */

const HOUR = 3600;
const DAY = 86400;
/** The largest page of the paged APIs. */
const PAGE = 100;

/** Unix times; a date alone is a day of China Standard Time, the days DescribeScaleInfo counts. */
const quality = (rule: { maxSpan?: number; newestFirst?: true } = {}) => ({ format: "unix" as const, zone: 8, maxAge: 14 * DAY, ...rule });

const commId = z
  .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") })
  .regex(/^\d+_.+_\d+$/, { error: "must be a call id as getRoomInfo lists it: SdkAppId_RoomId_CreateTime" })
  .describe("The call, as getRoomInfo lists it (its commId).");

/** The room of a call, from its id: SdkAppId_RoomId_CreateTime (a string room id may hold `_`). */
const roomOf = (id: string) => id.slice(id.indexOf("_") + 1, id.lastIndexOf("_"));

function userIds(max: number) {
  return z
    .array(field.text, { error: "must be a list of user ids" })
    .min(1, { error: "must list at least one user" })
    .max(max, { error: `must list at most ${max} users` });
}


// getRoomInfo

const roomRow = z
  .object({
    commId: z.string(),
    roomString: z.string(),
    createTime: z.number(),
    destroyTime: z.number(),
    isFinished: z.boolean(),
    userId: z.string(),
  })
  .transform(({ commId, roomString, createTime, destroyTime, isFinished, userId }) => ({
    /** The call's id, which the other call quality lookups take. */
    commId,
    roomId: roomString,
    /** Unix seconds. */
    createTime,
    /** Unix seconds: when the room ended, or now while it lasts. */
    destroyTime,
    isFinished,
    /** The user who created the room. */
    creatorId: userId,
  }));
export type RoomInfo = z.output<typeof roomRow>;

export const getRoomInfoSpec = functionSpec({
  name: "getRoomInfo",
  description: "The rooms (calls) of an application created in a span of the last 14 days, newest first.",
  api: "trtc",
  args: z.object({
    sdkAppId: field.sdkAppId,
    roomId: field.roomId.optional().describe("Only this room."),
    ...windowArgs,
    limit,
  }),
  changes: false,
  actions: ["DescribeRoomInfo"],
  request: (v) => ({ action: "DescribeRoomInfo", params: { SdkAppId: v.sdkAppId, ...(v.roomId !== undefined && { RoomId: String(v.roomId) }) } }),
  calls: {
    window: quality({ maxSpan: DAY, newestFirst: true }),
    paging: { maxPageSize: PAGE },
    join: { key: (room: RoomInfo) => room.commId },
  },
  describe: (v) => `list the rooms of application ${v.sdkAppId} ${windowText(v)}`,
  result: (response) => listOf(roomRow, response, "RoomList"),
});

// getUserInfo and getCallDetailInfo

const userRow = z
  .object({
    roomStr: z.string(),
    userId: z.string(),
    joinTs: z.number(),
    leaveTs: z.number(),
    deviceType: z.string(),
    sdkVersion: z.string(),
    clientIp: z.string(),
    finished: z.boolean(),
  })
  .transform(({ roomStr, ...user }) => ({ roomId: roomStr, ...user }));
/** A user's stay in a call: joinTs and leaveTs in Unix seconds (leaveTs is now while the user stays). */
export type UserInfo = z.output<typeof userRow>;

/** One stay is one row: a user who left and came back is two. */
const stayKey = (user: UserInfo) => `${user.userId}\n${user.joinTs}`;

const callUsers = {
  sdkAppId: field.sdkAppId,
  commId,
  ...windowArgs,
  limit,
};

export const getUserInfoSpec = functionSpec({
  name: "getUserInfo",
  description: "The users of a call present in a span: one row per stay.",
  api: "trtc",
  args: z.object({
    ...callUsers,
    userIds: userIds(100).optional().describe("Only these users (up to 100)."),
  }),
  changes: false,
  actions: ["DescribeUserInfo"],
  request: (v) => ({ action: "DescribeUserInfo", params: { SdkAppId: v.sdkAppId, CommId: v.commId, UserIds: v.userIds } }),
  calls: { window: quality({ maxSpan: 4 * HOUR }), paging: { maxPageSize: PAGE }, join: { key: stayKey } },
  describe: (v) => `list the users of call ${v.commId} ${windowText(v)}`,
  result: (response) => listOf(userRow, response, "UserList"),
});

/** DataType values: the doc's list and the SDK model's additions (aCapEnergy, aPlayEnergy, rtt, bigvRecFps). */
export const CALL_METRICS = [
  "appCpu", "sysCpu", "aBit", "aBlock", "bigvBit", "bigvCapFps", "bigvEncFps", "bigvDecFps", "bigvBlock",
  "aLoss", "bigvLoss", "bigvWidth", "bigvHeight", "aCapEnergy", "aPlayEnergy", "rtt", "bigvRecFps",
] as const;
/** With metrics, the API takes at most this many users per call. */
const USERS_WITH_METRICS = 6;

const qualityData = z.object({
  content: z.array(z.object({ time: z.number(), value: z.number() })).default([]),
  userId: z.string(),
  peerId: z.string().default(""),
  dataType: z.string(),
});

const metricSeries = z.object({
  /** The metric, e.g. `rtt`. */
  dataType: z.string(),
  /** The remote user for downstream data; "" for the user's upstream. */
  peerId: z.string(),
  /** Readings in time order: Unix seconds and value. */
  points: z.array(z.object({ time: z.number(), value: z.number() })),
});
type MetricSeries = z.output<typeof metricSeries>;
/** A user's stay with the metrics asked for, read during the stay. */
export type CallDetail = UserInfo & { metrics: MetricSeries[] };

/** Each user's series, cut to the stay (a user who came back has one row per stay). */
function callDetails(users: UserInfo[], data: z.output<typeof qualityData>[]): CallDetail[] {
  return users.map((user) => ({
    ...user,
    metrics: data
      .filter((series) => series.userId === user.userId)
      .map((series) => ({
        dataType: series.dataType,
        peerId: series.peerId,
        points: series.content.filter((p) => p.time >= user.joinTs && p.time <= user.leaveTs),
      })),
  }));
}

/** The same stay from consecutive windows: its later readings follow, the shared boundary reading once. */
function mergeStay(earlier: CallDetail, later: CallDetail): CallDetail {
  const metrics = earlier.metrics.map((series) => {
    const more = later.metrics.find((m) => m.dataType === series.dataType && m.peerId === series.peerId);
    const last = series.points.at(-1)?.time ?? -Infinity;
    return { ...series, points: [...series.points, ...(more?.points.filter((p) => p.time > last) ?? [])] };
  });
  const added = later.metrics.filter((m) => !earlier.metrics.some((e) => e.dataType === m.dataType && e.peerId === m.peerId));
  return { ...later, joinTs: earlier.joinTs, metrics: [...metrics, ...added] };
}

export const getCallDetailInfoSpec = functionSpec({
  name: "getCallDetailInfo",
  description: "The users of a call with their quality metrics (CPU, bitrates, frame rates, stutter, loss, resolution, rtt).",
  api: "trtc",
  args: z
    .object({
      ...callUsers,
      userIds: userIds(100).optional().describe("Only these users: up to 100, or 6 with metrics."),
      metrics: z
        .union([z.literal("all"), z.array(z.enum(CALL_METRICS)).min(1)], {
          error: `must be "all" or a list of metrics: ${CALL_METRICS.join(", ")}`,
        })
        .optional().describe("The metrics to read, or \"all\"; without them only the users are listed."),
    })
    .superRefine((v, ctx) => {
      if (v.metrics && v.userIds && v.userIds.length > USERS_WITH_METRICS) {
        ctx.addIssue({ code: "custom", path: ["userIds"], message: `must list at most ${USERS_WITH_METRICS} users when metrics are read` });
      }
    }),
  changes: false,
  actions: ["DescribeCallDetailInfo"],
  request: (v) => ({
    action: "DescribeCallDetailInfo",
    params: { SdkAppId: v.sdkAppId, CommId: v.commId, UserIds: v.userIds, DataType: v.metrics === "all" ? ["all"] : v.metrics },
  }),
  calls: {
    // The document allows four hours without metrics; the SDK's newer model one hour in any case.
    window: quality({ maxSpan: HOUR }),
    paging: { maxPageSize: (v: { metrics?: unknown }) => (v.metrics ? USERS_WITH_METRICS : PAGE) },
    join: { key: stayKey, merge: mergeStay },
  },
  describe: (v) => `read the users${v.metrics ? " and metrics" : ""} of call ${v.commId} ${windowText(v)}`,
  result: (response: ApiResponse): CallDetail[] => callDetails(listOf(userRow, response, "UserList"), listOf(qualityData, response, "Data")),
});

// getUserEvents

const eventList = z.object({
  content: z.array(z.object({ type: z.number(), time: z.number(), eventId: z.number(), paramOne: z.number(), paramTwo: z.number() })).default([]),
  peerId: z.string(),
});

/** One event of a user's call: `time` in Unix milliseconds; `type` 0 not about video, 2 big, 3 small, 7 relayed video. */
export type UserEvent = { peerId: string } & z.output<typeof eventList>["content"][number];

export const getUserEventsSpec = functionSpec({
  name: "getUserEvents",
  description: "A user's events in a call (entering, leaving, camera and stream changes), in time order.",
  api: "trtc",
  args: z.object({
    sdkAppId: field.sdkAppId,
    commId,
    userId: field.text.describe("The user whose events to read."),
    ...windowArgs,
    limit,
  }),
  changes: false,
  actions: ["DescribeUserEvent"],
  request: (v) => ({
    action: "DescribeUserEvent",
    params: { SdkAppId: v.sdkAppId, CommId: v.commId, RoomId: roomOf(v.commId), UserId: v.userId },
  }),
  calls: { window: quality() },
  describe: (v) => `read the events of ${v.userId} in call ${v.commId} ${windowText(v)}`,
  // The answer groups events by sender; one timeline reads better.
  result: (response): UserEvent[] =>
    listOf(eventList, response, "Data")
      .flatMap(({ peerId, content }) => content.map((event) => ({ peerId, ...event })))
      .sort((a, b) => a.time - b.time),
});

// getScaleInfo

const scaleRow = z.object({
  /** The day's start (Unix seconds, China Standard Time). */
  time: z.number(),
  /** Users: one who entered several times counts once. */
  userNumber: z.number().optional(),
  /** Room entries: every entry counts. */
  userCount: z.number().optional(),
  roomNumbers: z.number().optional(),
});
export type ScaleInfo = z.output<typeof scaleRow>;

export const getScaleInfoSpec = functionSpec({
  name: "getScaleInfo",
  description: "Rooms, users and room entries per whole day (today not yet), newest first.",
  api: "trtc",
  args: z.object({ sdkAppId: field.sdkAppId, ...windowArgs, limit }),
  changes: false,
  actions: ["DescribeScaleInfo"],
  request: (v) => ({ action: "DescribeScaleInfo", params: { SdkAppId: v.sdkAppId } }),
  calls: { window: quality() },
  describe: (v) => `count the daily rooms and users of application ${v.sdkAppId} ${windowText(v)}`,
  result: (response) => listOf(scaleRow, response, "ScaleList"),
});

// getUnusualEvents

const unusualRow = z.object({
  userId: z.string(),
  /** 1 slow entry, 2 video could not start, 3 audio could not start, 4 video lagged, 5 audio lagged. */
  experienceId: z.number(),
  roomId: z.string(),
  /** Possible causes: abnormal event ids (2001 high CPU ... 2026) and the remote user involved, if any. */
  abnormalEventList: z.array(z.object({ abnormalEventId: z.number(), peerId: z.string().default("") })).default([]),
  /** Unix seconds. */
  eventTime: z.number(),
});
export type UnusualEvent = z.output<typeof unusualRow>;

export const getUnusualEventsSpec = functionSpec({
  name: "getUnusualEvents",
  description: "Abnormal user experiences (slow entry, lag ...) with their possible causes: up to 20 per hour of the span.",
  api: "trtc",
  args: z.object({ sdkAppId: field.sdkAppId, roomId: field.roomId.optional().describe("Only this room."), ...windowArgs, limit }),
  changes: false,
  actions: ["DescribeUnusualEvent"],
  request: (v) => ({ action: "DescribeUnusualEvent", params: { SdkAppId: v.sdkAppId, ...(v.roomId !== undefined && { RoomId: String(v.roomId) }) } }),
  // Up to 20 experiences per hour of the span: TRTC answers "any 20" of each call's window.
  calls: { window: quality({ maxSpan: HOUR }), join: { key: (e: UnusualEvent) => `${e.userId}\n${e.eventTime}\n${e.experienceId}` } },
  describe: (v) => `list abnormal user experiences of application ${v.sdkAppId} ${windowText(v)}`,
  result: (response) => listOf(unusualRow, response, "AbnormalExperienceList"),
});

// Call quality monitoring: DescribeRoomInfo, DescribeUserInfo, DescribeCallDetailInfo,
// DescribeUserEvent, DescribeScaleInfo (TRTC API reference, with their error codes)
// and DescribeUnusualEvent (documented only by the official SDK's trtc_models.d.ts). Paging and
// time windows are the tables of ../paging.ts; the calls are those of ../world/calls.ts.
import { ApiError, invalidParameter } from "../errors";
import type { ActionDef, HandlerContext } from "../family";
import { dayStart, page, PAGE_FIELDS, readWindowed, type Window, windowFields } from "../paging";
import { arrayOf, type Check, field, nonEmpty, SDK_APP_ID, type Spec } from "../params";
import type { World } from "../world";
import { type Call, type CallUser, callById, callsBetween, requireApp } from "../world/calls";
import { hashSeed, random } from "../world/seeded";

/** DescribeRoomInfo and DescribeScaleInfo also serve na-toronto. */
const ROOM_REGIONS = ["ap-beijing", "ap-guangzhou", "ap-mumbai", "ap-singapore", "na-toronto"] as const;
/** The SDK model gives DescribeUnusualEvent no region list; it is served where its family is. */
const CALL_REGIONS = ["ap-beijing", "ap-guangzhou", "ap-mumbai", "ap-singapore"] as const;

/** DataType values, as the SDK model lists them (it adds aCapEnergy, aPlayEnergy, rtt and bigvRecFps to DescribeCallDetailInfo's page). */
export const CALL_METRICS = [
  "appCpu", "sysCpu", "aBit", "aBlock", "bigvBit", "bigvCapFps", "bigvEncFps", "bigvDecFps", "bigvBlock",
  "aLoss", "bigvLoss", "bigvWidth", "bigvHeight", "aCapEnergy", "aPlayEnergy", "rtt", "bigvRecFps",
] as const;
type Metric = (typeof CALL_METRICS)[number];

/** Quality data points come every two seconds, as in the documented example. */
const METRIC_STEP = 2;
/** At most this many abnormal experiences per call of DescribeUnusualEvent. */
const UNUSUAL_EVENT_LIMIT = 20;
const DAY = 86400;

function userIds(max: number): Check<string[]> {
  return (ids, name) => {
    if (ids.length === 0 || ids.length > max) throw invalidParameter(name, `must list 1 to ${max} users`);
  };
}

const COMM_ID = field("string", true, nonEmpty);
const DATA_TYPES = arrayOf(
  field("string", true, (value, name) => {
    if (value !== "all" && !(CALL_METRICS as readonly string[]).includes(value)) throw invalidParameter(name, `must be all or one of ${CALL_METRICS.join(", ")}`);
  }),
  false,
);

const ROOM_INFO = { SdkAppId: SDK_APP_ID, ...windowFields("DescribeRoomInfo"), RoomId: field("string", false), ...PAGE_FIELDS };
const USER_INFO = {
  CommId: COMM_ID,
  ...windowFields("DescribeUserInfo"),
  SdkAppId: SDK_APP_ID,
  UserIds: arrayOf(field("string", true, nonEmpty), false, userIds(100)),
  ...PAGE_FIELDS,
};
const CALL_DETAIL = { ...USER_INFO, DataType: DATA_TYPES };
const USER_EVENT = {
  CommId: COMM_ID,
  ...windowFields("DescribeUserEvent"),
  UserId: field("string", true, nonEmpty),
  RoomId: field("string", true, nonEmpty),
  SdkAppId: SDK_APP_ID,
};
const SCALE_INFO = { SdkAppId: SDK_APP_ID, ...windowFields("DescribeScaleInfo") };
const UNUSUAL_EVENT = { SdkAppId: SDK_APP_ID, ...windowFields("DescribeUnusualEvent"), RoomId: field("string", false) };

/** A user's stay as UserInformation; one still in the room reports now as LeaveTs. */
function userInformation(call: Call, user: CallUser, now: number) {
  return {
    RoomStr: call.roomId,
    UserId: user.userId,
    JoinTs: user.joinTs,
    LeaveTs: user.leaveTs ?? now,
    DeviceType: user.deviceType,
    SdkVersion: user.sdkVersion,
    ClientIp: user.clientIp,
    Finished: user.leaveTs !== undefined,
  };
}

/** The call's users present at some time in the window, optionally only those named. */
function usersIn(call: Call | undefined, w: Window, now: number, named?: readonly string[]): CallUser[] {
  if (!call) return [];
  return call.users().filter((u) => u.joinTs < w.to && (u.leaveTs ?? now) >= w.from && (!named || named.includes(u.userId)));
}

const RESOLUTION: Record<CallUser["media"], { width: number; height: number; bitRate: number; fps: number }> = {
  Audio: { width: 0, height: 0, bitRate: 0, fps: 0 },
  SD: { width: 640, height: 360, bitRate: 600_000, fps: 15 },
  HD: { width: 1280, height: 720, bitRate: 1_200_000, fps: 15 },
  FullHD: { width: 1920, height: 1080, bitRate: 2_000_000, fps: 30 },
  "2K": { width: 2560, height: 1440, bitRate: 4_000_000, fps: 30 },
  "4K": { width: 3840, height: 2160, bitRate: 8_000_000, fps: 30 },
};

/** One seeded reading of a user's upstream metric at time `t`. */
function metricValue(user: CallUser, metric: Metric, t: number): number {
  const d = random(hashSeed(user.seed, metric, t))();
  const video = RESOLUTION[user.media];
  const stutter = d < 0.05 ? Math.floor(d * 4000) : 0;
  const values: Record<Metric, number> = {
    appCpu: 5 + Math.floor(d * 30),
    sysCpu: 15 + Math.floor(d * 50),
    aBit: 24_000 + Math.floor(d * 40_000),
    aBlock: stutter,
    bigvBit: Math.floor(video.bitRate * (0.8 + 0.4 * d)),
    bigvCapFps: video.fps,
    bigvEncFps: Math.max(0, video.fps - (d < 0.1 ? 1 : 0)),
    bigvDecFps: Math.max(0, video.fps - (d < 0.1 ? 2 : 0)),
    bigvBlock: video.fps === 0 ? 0 : stutter,
    aLoss: Math.round(d * 300) / 100,
    bigvLoss: video.fps === 0 ? 0 : Math.round(d * 500) / 100,
    bigvWidth: video.width,
    bigvHeight: video.height,
    aCapEnergy: Math.floor(d * 100),
    aPlayEnergy: Math.floor(d * 100),
    rtt: 20 + Math.floor(d * 180),
    bigvRecFps: video.fps,
  };
  return values[metric];
}

/** Upstream quality data (PeerId "") of each user on the page, every METRIC_STEP seconds of the window they were in the room. */
function qualityData(users: CallUser[], metrics: readonly Metric[], w: Window, now: number) {
  return users.flatMap((user) => {
    const first = Math.ceil(Math.max(user.joinTs, w.from) / METRIC_STEP) * METRIC_STEP;
    const last = Math.min(user.leaveTs ?? now, w.to - 1, now);
    const times = Array.from({ length: Math.max(0, Math.floor((last - first) / METRIC_STEP) + 1) }, (_, i) => first + i * METRIC_STEP);
    return metrics.map((metric) => ({
      Content: times.map((t) => ({ Time: t, Value: metricValue(user, metric, t) })),
      UserId: user.userId,
      PeerId: "",
      DataType: metric,
    }));
  });
}

interface EventMessage {
  Type: 0 | 2;
  Time: number;
  EventId: number;
  ParamOne: number;
  ParamTwo: number;
}

/** SDK events from DescribeUserEvent's event ID table (TRTC API reference): entering (5001, 5003, 7000), first audio (5009), video up (4006, 4007), leaving (7001). */
function ownEvents(user: CallUser): EventMessage[] {
  const at = user.joinTs * 1000;
  const video = RESOLUTION[user.media];
  const event = (Type: 0 | 2, offset: number, EventId: number, ParamOne = -1, ParamTwo = -1): EventMessage => ({ Type, Time: at + offset, EventId, ParamOne, ParamTwo });
  return [
    event(0, 0, 5001),
    event(0, 300, 5003, 1),
    event(0, 500, 7000, 0),
    event(0, 800, 5009),
    ...(video.fps > 0 ? [event(2, 900, 4006, 0), event(2, 1000, 4007, video.width, video.height)] : []),
    ...(user.leaveTs === undefined ? [] : [{ Type: 0 as const, Time: user.leaveTs * 1000, EventId: 7001, ParamOne: 0, ParamTwo: -1 }]),
  ];
}

/** The user's events (PeerId the user) and, per remote user with video, when its big image was subscribed (4015). */
function userEvents(call: Call, userId: string, w: Window, now: number) {
  const users = call.users();
  const inWindow = (e: EventMessage) => e.Time >= w.from * 1000 && e.Time < w.to * 1000;
  return users
    .filter((u) => u.userId === userId)
    .flatMap((stay) => {
      const peers = users.filter((p) => p.userId !== userId && p.joinTs < (stay.leaveTs ?? now) && (p.leaveTs ?? now) > stay.joinTs && RESOLUTION[p.media].fps > 0);
      return [
        { PeerId: userId, Content: ownEvents(stay).filter(inWindow) },
        ...peers.map((peer) => ({
          PeerId: peer.userId,
          Content: [{ Type: 2 as const, Time: Math.max(stay.joinTs, peer.joinTs) * 1000 + 1500, EventId: 4015, ParamOne: 1, ParamTwo: -1 }].filter(inWindow),
        })),
      ];
    })
    .filter((list) => list.Content.length > 0);
}

/** Seeded abnormal experiences: about one stay in seven has one, with one or two possible causes. */
function unusualEvents(calls: Call[], w: Window, now: number) {
  return calls
    .flatMap((call) =>
      call.users().flatMap((user) => {
        const draw = random(hashSeed(user.seed, "unusual"));
        if (draw() >= 0.15) return [];
        const eventTime = user.joinTs + Math.floor(draw() * ((user.leaveTs ?? now) - user.joinTs));
        if (eventTime < w.from || eventTime >= w.to) return [];
        const causes = [{ AbnormalEventId: 2001 + Math.floor(draw() * 26), PeerId: "" }];
        if (draw() < 0.3) causes.push({ AbnormalEventId: 2013 + Math.floor(draw() * 14), PeerId: call.creator === user.userId ? "" : call.creator });
        return [{ UserId: user.userId, ExperienceId: 1 + Math.floor(draw() * 5), RoomId: call.roomId, AbnormalEventList: causes, EventTime: eventTime }];
      }),
    )
    .sort((a, b) => a.EventTime - b.EventTime || a.UserId.localeCompare(b.UserId))
    .slice(0, UNUSUAL_EVENT_LIMIT);
}

/** Rooms, users and entries of each whole day (China Standard Time) of the window, newest first; today is not reported yet. */
function scaleInfo(world: World, sdkAppId: number, w: Window, now: number) {
  const zone = 8;
  const days: number[] = [];
  for (let day = dayStart(w.from, zone); day < w.to - 1 && day + DAY <= dayStart(now, zone); day += DAY) days.push(day);
  return days.reverse().map((day) => {
    const calls = callsBetween(world, sdkAppId, day, day + DAY);
    const entries = calls.flatMap((call) => call.users()).filter((u) => u.joinTs >= day && u.joinTs < day + DAY);
    return {
      Time: day,
      RoomNumbers: calls.filter((c) => c.createTime >= day).length,
      UserNumber: new Set(entries.map((u) => u.userId)).size,
      UserCount: entries.length,
    };
  });
}

/** Every call here: its parameters and window read, and its application one of the account's. */
function query<S extends Spec & { SdkAppId: typeof SDK_APP_ID }>(ctx: HandlerContext, spec: S) {
  const read = readWindowed(ctx, spec);
  // Read and checked as a positive integer by now.
  requireApp(ctx.world, ctx.params.SdkAppId as number);
  return read;
}

export const actions: Record<string, ActionDef> = {
  DescribeRoomInfo: {
    regions: ROOM_REGIONS,
    handle(ctx) {
      const { p, now, w } = query(ctx, ROOM_INFO);
      // Rooms created in the window, newest first as in the documented example.
      const rooms = callsBetween(ctx.world, p.SdkAppId, w.from, w.to)
        .filter((call) => call.createTime >= w.from && (p.RoomId === undefined || call.roomId === p.RoomId))
        .reverse();
      return page(ctx.action, p, rooms, (call) => ({
        CommId: call.commId,
        RoomString: call.roomId,
        CreateTime: call.createTime,
        DestroyTime: call.destroyTime ?? now,
        IsFinished: call.destroyTime !== undefined,
        UserId: call.creator,
      }));
    },
  },

  DescribeUserInfo: {
    regions: CALL_REGIONS,
    handle(ctx) {
      const { p, now, w } = query(ctx, USER_INFO);
      const call = callById(ctx.world, p.SdkAppId, p.CommId);
      return page(ctx.action, p, usersIn(call, w, now, p.UserIds), (user) => userInformation(call!, user, now));
    },
  },

  DescribeCallDetailInfo: {
    regions: CALL_REGIONS,
    handle(ctx) {
      const { p, now, w } = query(ctx, CALL_DETAIL);
      if (p.DataType && p.UserIds && p.UserIds.length > 6) throw new ApiError("InvalidParameter.UserIdsMorethanSix", "UserIds must list at most 6 users with DataType.");
      const call = callById(ctx.world, p.SdkAppId, p.CommId);
      const metrics: readonly Metric[] = p.DataType?.includes("all") ? CALL_METRICS : ((p.DataType ?? []) as Metric[]);
      return page(
        ctx.action,
        p,
        usersIn(call, w, now, p.UserIds),
        (user) => userInformation(call!, user, now),
        (users) => (p.DataType ? { Data: qualityData(users, metrics, w, now) } : {}),
      );
    },
  },

  DescribeUserEvent: {
    regions: CALL_REGIONS,
    handle(ctx) {
      const { p, now, w } = query(ctx, USER_EVENT);
      const call = callById(ctx.world, p.SdkAppId, p.CommId);
      // "An empty array will be returned if no data is obtained."
      return { Data: call && call.roomId === p.RoomId ? userEvents(call, p.UserId, w, now) : [] };
    },
  },

  DescribeScaleInfo: {
    regions: ROOM_REGIONS,
    handle(ctx) {
      const { p, now, w } = query(ctx, SCALE_INFO);
      const scale = scaleInfo(ctx.world, p.SdkAppId, w, now);
      return { Total: scale.length, ScaleList: scale };
    },
  },

  DescribeUnusualEvent: {
    regions: CALL_REGIONS,
    handle(ctx) {
      const { p, now, w } = query(ctx, UNUSUAL_EVENT);
      const calls = callsBetween(ctx.world, p.SdkAppId, w.from, w.to).filter((call) => p.RoomId === undefined || call.roomId === p.RoomId);
      const events = unusualEvents(calls, w, now);
      return { Total: events.length, AbnormalExperienceList: events };
    },
  },
};

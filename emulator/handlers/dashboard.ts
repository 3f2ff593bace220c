// The monitoring dashboard: DescribeTRTCRealTimeScaleData, DescribeTRTCRealTimeQualityData,
// DescribeTRTCMarketScaleData and DescribeTRTCMarketQualityData (TRTC API reference; IsFloat and
// RowValueFloat from the SDK model), and the older DescribeTRTCMarketScaleMetricData (the SDK
// model). Scale is counted from the calls of ../world/calls.ts; quality is seeded per time and room.
import { invalidParameter } from "../errors";
import type { ActionDef, HandlerContext } from "../family";
import { readWindowed, type Window, windowFields } from "../paging";
import { field, matching, type Spec } from "../params";
import { type Call, callsBetween, requireApp } from "../world/calls";
import { hashSeed, random } from "../world/seeded";

/** Real-time data comes every ten seconds, as in the documented examples. */
const REAL_TIME_STEP = 10;
const PERIODS: Readonly<Record<string, number>> = { d: 86400, h: 3600 };

/** The dashboard takes the SDKAppID as a string of digits. */
const SDK_APP_ID = field("string", true, matching(/^[1-9]\d*$/, "an SDKAppID (digits)"));
const REAL_TIME = { SdkAppId: SDK_APP_ID, ...windowFields("DescribeTRTCRealTimeScaleData"), RoomId: field("string", false) };
const PERIOD = field("string", true, (value, name) => {
  if (!Object.hasOwn(PERIODS, value)) throw invalidParameter(name, "must be d (by day) or h (by hour)");
});
const MARKET_SCALE = { SdkAppId: SDK_APP_ID, ...windowFields("DescribeTRTCMarketScaleData"), Period: PERIOD };
const MARKET_QUALITY = { ...MARKET_SCALE, IsFloat: field("boolean", false) };

type Row = { RowValue: number[]; RowValueFloat?: number[] };

/** The documented TRTCDataResult: one series of Columns and Values. */
function dataResult(columns: readonly string[], rows: Row[]) {
  return { Data: { StatementID: 0, Series: [{ Columns: columns, Values: rows }], Total: 1 } };
}

/** A stay in a call as an interval of Unix seconds; `until` is exclusive. */
interface Interval {
  since: number;
  until: number;
  userId: string;
}

function intervals(calls: readonly Call[], now: number): { users: Interval[]; rooms: Interval[] } {
  return {
    users: calls.flatMap((call) => call.users().map((u) => ({ since: u.joinTs, until: u.leaveTs ?? now + 1, userId: u.userId }))),
    rooms: calls.map((call) => ({ since: call.createTime, until: call.destroyTime ?? now + 1, userId: call.commId })),
  };
}

const presentAt = (list: readonly Interval[], t: number) => list.filter((i) => i.since <= t && i.until > t).length;

/** The most intervals open at once within [from, to): at its start or where one begins. */
function peak(list: readonly Interval[], from: number, to: number): number {
  const open = list.filter((i) => i.since < to && i.until > from);
  const starts = [from, ...open.map((i) => i.since).filter((t) => t > from)];
  return Math.max(0, ...starts.map((t) => presentAt(open, t)));
}

/** Sample times every REAL_TIME_STEP seconds in the window, up to now. */
function realTimeSamples(w: Window, now: number): number[] {
  const first = Math.ceil(w.from / REAL_TIME_STEP) * REAL_TIME_STEP;
  const last = Math.min(w.to - 1, now);
  return Array.from({ length: Math.max(0, Math.floor((last - first) / REAL_TIME_STEP) + 1) }, (_, i) => first + i * REAL_TIME_STEP);
}

/** Period starts (whole UTC days or hours) from the window's start, up to now. */
function periodStarts(w: Window, period: number, now: number): number[] {
  const starts: number[] = [];
  for (let t = w.from; t < w.to && t <= now; t += period) starts.push(t);
  return starts;
}

/** A seeded rate in [0, max) with two decimals, mostly near zero. */
function seededRate(draw: () => number, max: number): number {
  const d = draw();
  return Math.round(d * d * max * 100) / 100;
}

/** Every call here: its parameters and window read, and the users' and rooms' intervals of its application (or room). */
function query<S extends Spec & { SdkAppId: typeof SDK_APP_ID }>(ctx: HandlerContext, spec: S) {
  const read = readWindowed(ctx, spec);
  // Read and checked as a string of digits by now.
  const sdkAppId = Number(ctx.params.SdkAppId);
  requireApp(ctx.world, sdkAppId);
  const roomId = ctx.params.RoomId as string | undefined;
  const calls = callsBetween(ctx.world, sdkAppId, read.w.from, read.w.to).filter((call) => roomId === undefined || call.roomId === roomId);
  return { ...read, ...intervals(calls, read.now) };
}

const MARKET_SCALE_COLUMNS = ["time", "peakCurrentUsers", "peakCurrentChannels", "userCount", "roomCount"];

/** Per period: its start, the peak users and rooms online at once, the distinct users and the rooms. */
function marketScale(ctx: HandlerContext): number[][] {
  const { p, now, w, users, rooms } = query(ctx, MARKET_SCALE);
  const period = PERIODS[p.Period]!;
  return periodStarts(w, period, now).map((t) => {
    const within = (i: Interval) => i.since < t + period && i.until > t;
    return [t, peak(users, t, t + period), peak(rooms, t, t + period), new Set(users.filter(within).map((i) => i.userId)).size, rooms.filter(within).length];
  });
}

export const actions: Record<string, ActionDef> = {
  DescribeTRTCRealTimeScaleData: {
    regions: "any",
    handle(ctx) {
      const { now, w, users, rooms } = query(ctx, REAL_TIME);
      return dataResult(
        ["time", "userCount", "roomCount"],
        realTimeSamples(w, now).map((t) => ({ RowValue: [t, presentAt(users, t), presentAt(rooms, t)] })),
      );
    },
  },

  DescribeTRTCRealTimeQualityData: {
    regions: "any",
    handle(ctx) {
      const { p, now, w, users } = query(ctx, REAL_TIME);
      return dataResult(
        ["time", "videoFreezeRate", "audioFreezeRate"],
        realTimeSamples(w, now).map((t) => {
          if (presentAt(users, t) === 0) return { RowValue: [t, 0, 0] };
          // Stutter rates in whole percent: mostly none, now and then a few.
          const draw = random(hashSeed(p.SdkAppId, p.RoomId ?? "", t));
          const rate = () => (draw() < 0.15 ? 1 + Math.floor(draw() * 3) : 0);
          return { RowValue: [t, rate(), rate()] };
        }),
      );
    },
  },

  DescribeTRTCMarketScaleData: {
    regions: "any",
    handle: (ctx) => dataResult(MARKET_SCALE_COLUMNS, marketScale(ctx).map((row) => ({ RowValue: row }))),
  },

  // The older twin answers TRTCDataResp: its SeriesInfo's Values is one flat list (the SDK's models).
  DescribeTRTCMarketScaleMetricData: {
    regions: "any",
    handle: (ctx) => ({ Data: { StatementID: 0, Series: [{ Columns: MARKET_SCALE_COLUMNS, Values: marketScale(ctx).flat() }], Total: 1 } }),
  },

  DescribeTRTCMarketQualityData: {
    regions: "any",
    handle(ctx) {
      const { p, now, w, rooms } = query(ctx, MARKET_QUALITY);
      const period = PERIODS[p.Period]!;
      return dataResult(
        // The documented example names joinSuccessRate twice; the description's fifth metric is joinSuccessIn5sRate.
        ["time", "videoFreezeRate", "audioFreezeRate", "networkDelay", "joinSuccessRate", "joinSuccessIn5sRate"],
        periodStarts(w, period, now).map((t) => {
          const active = rooms.some((i) => i.since < t + period && i.until > t);
          const draw = random(hashSeed(p.SdkAppId, "market", t));
          const rates = active
            ? [seededRate(draw, 3), seededRate(draw, 2), seededRate(draw, 5), 100 - seededRate(draw, 3), 100 - seededRate(draw, 5)]
            : [0, 0, 0, 0, 0];
          return { RowValue: [t, ...rates.map(Math.round)], ...(p.IsFloat && { RowValueFloat: [t, ...rates] }) };
        }),
      );
    },
  },
};

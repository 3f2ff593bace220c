import { z } from "zod";
import type { Action } from "../provider/api";
import type { ApiResponse } from "../provider/client";
import * as field from "../provider/fields";
import { functionSpec } from "../provider/function";
import { limit, seriesRows, windowArgs, windowText } from "../provider/lookup";

/**
 * The monitoring dashboard: DescribeTRTCRealTimeScaleData, DescribeTRTCRealTimeQualityData,
 * DescribeTRTCMarketScaleData and DescribeTRTCMarketQualityData (TRTC API reference, "Monitoring Dashboard"; IsFloat
 * and RowValueFloat from the SDK model). They need the dashboard's Standard or Premium edition,
 * whose edition bounds how far back they answer: the Premium edition's (the SDK's models) unless
 * trtc:dashboardEdition is standard (the API's pages: 1 hour, 30 days). Region is not required: a
 * call goes without one unless a region is given or configured.
 */

const HOUR = 3600;
const DAY = 86400;

/** Real-time data: the last 12 hours (SDK model, Premium edition) or hour (the page, Standard), ten-second rows. */
const REAL_TIME_WINDOW = { format: "unix", zone: 0, maxAge: 12 * HOUR, standardMaxAge: HOUR } as const;
/** Dashboard data: whole UTC days of the last 60 days (SDK model, Premium edition) or 30 (the page, Standard). */
const MARKET_WINDOW = { format: "date", zone: 0, maxAge: 60 * DAY, standardMaxAge: 30 * DAY } as const;

const realTimeArgs = {
  sdkAppId: field.sdkAppId,
  roomId: field.roomId.optional().describe("Only this room."),
  ...windowArgs,
  limit,
};

const marketArgs = {
  sdkAppId: field.sdkAppId,
  period: z.enum(["day", "hour"], { error: 'must be "day" or "hour"' }).describe("One row per UTC day or hour."),
  ...windowArgs,
  limit,
};

const number = z.number().optional();

const realTimeScaleRow = z.object({
  /** Unix seconds. */
  time: z.number(),
  /** Users online. */
  userCount: number,
  /** Rooms online. */
  roomCount: number,
});
export type RealTimeScale = z.output<typeof realTimeScaleRow>;

const realTimeQualityRow = z.object({
  time: z.number(),
  /** Video stutter rate (%). */
  videoFreezeRate: number,
  /** Audio stutter rate (%). */
  audioFreezeRate: number,
});
export type RealTimeQuality = z.output<typeof realTimeQualityRow>;

const marketScaleRow = z.object({
  /** The period's start, Unix seconds. */
  time: z.number(),
  /** Most users online at once. */
  peakCurrentUsers: number,
  /** Most rooms (channels) online at once. */
  peakCurrentChannels: number,
  /** Users in calls. */
  userCount: number,
  /** Rooms in calls. */
  roomCount: number,
});
export type MarketScale = z.output<typeof marketScaleRow>;

const marketQualityRow = z.object({
  time: z.number(),
  videoFreezeRate: number,
  audioFreezeRate: number,
  /** Lag rate (%). */
  networkDelay: number,
  /** Rooms entered at the first try (%). */
  joinSuccessRate: number,
  /** Rooms entered within 5 seconds (%). */
  joinSuccessIn5sRate: number,
});
export type MarketQuality = z.output<typeof marketQualityRow>;

const scope = (v: { sdkAppId: number; roomId?: number | string }) =>
  v.roomId === undefined ? `application ${v.sdkAppId}` : `room ${JSON.stringify(v.roomId)} of application ${v.sdkAppId}`;
/** The dashboard takes the SDKAppID (and the room) as strings. */
const realTimeParams = (v: { sdkAppId: number; roomId?: number | string }) => ({
  SdkAppId: String(v.sdkAppId),
  ...(v.roomId !== undefined && { RoomId: String(v.roomId) }),
});
const PERIOD = { day: "d", hour: "h" } as const;
const EVERY = { day: "daily", hour: "hourly" } as const;

/** The real-time APIs take the same arguments and answer the same way: rows every ten seconds. */
function realTimeSpec<A extends Action, Row extends z.ZodType>(name: string, description: string, action: A, row: Row, what: string) {
  return functionSpec({
    name,
    description,
    api: "trtc",
    args: z.object(realTimeArgs),
    changes: false,
    actions: [action],
    request: (v) => ({ action, params: realTimeParams(v) }),
    calls: { window: REAL_TIME_WINDOW },
    describe: (v) => `read ${what} in ${scope(v)} ${windowText(v)}`,
    result: (response: ApiResponse) => seriesRows(row, response),
  });
}

/**
 * The dashboard APIs take dates and a period. `decimals` asks for the values with their decimals
 * (the SDK's IsFloat, answered in RowValueFloat) besides the whole numbers.
 */
function marketSpec<A extends Action, Row extends z.ZodType>(name: string, description: string, action: A, row: Row, what: string, decimals: boolean) {
  return functionSpec({
    name,
    description,
    api: "trtc",
    args: z.object(marketArgs),
    changes: false,
    actions: [action],
    request: (v) => ({ action, params: { SdkAppId: String(v.sdkAppId), Period: PERIOD[v.period], ...(decimals && { IsFloat: true }) } }),
    calls: { window: MARKET_WINDOW },
    describe: (v) => `read the ${EVERY[v.period]} ${what} of application ${v.sdkAppId} ${windowText(v)}`,
    result: (response: ApiResponse) => seriesRows(row, response, decimals),
  });
}

export const getRealTimeScaleDataSpec = realTimeSpec(
  "getRealTimeScaleData",
  "Users and rooms online, every ten seconds of the last 12 hours (the last hour with trtc:dashboardEdition standard).",
  "DescribeTRTCRealTimeScaleData", realTimeScaleRow, "users and rooms online");
export const getRealTimeQualityDataSpec = realTimeSpec(
  "getRealTimeQualityData",
  "Video and audio stutter rates, every ten seconds of the last 12 hours (the last hour with trtc:dashboardEdition standard).",
  "DescribeTRTCRealTimeQualityData", realTimeQualityRow, "stutter rates");
export const getMarketScaleDataSpec = marketSpec(
  "getMarketScaleData",
  "Peak and total users and rooms per UTC day or hour of the last 60 days (30 with trtc:dashboardEdition standard).",
  "DescribeTRTCMarketScaleData", marketScaleRow, "scale", false);
export const getMarketQualityDataSpec = marketSpec(
  "getMarketQualityData",
  "Stutter, lag and room entry rates per UTC day or hour of the last 60 days (30 with trtc:dashboardEdition standard).",
  "DescribeTRTCMarketQualityData", marketQualityRow, "quality", true);
export const getMarketScaleMetricDataSpec = marketSpec(
  "getMarketScaleMetricData",
  "getMarketScaleData through the older DescribeTRTCMarketScaleMetricData, which the SDK's models mark retired with Cloud Monitor's API: for accounts that still have it.",
  "DescribeTRTCMarketScaleMetricData", marketScaleRow, "scale", false);

import { z } from "zod";
import type { Action } from "../provider/api";
import type { ApiResponse } from "../provider/client";
import * as field from "../provider/fields";
import { functionSpec } from "../provider/function";
import { csvRecords, limit, listOf, windowArgs, windowText } from "../provider/lookup";

/**
 * Usage statistics: DescribeTrtcUsage, DescribeRecordingUsage, DescribeMixTranscodingUsage,
 * DescribeRelayUsage (5 calls a second) and DescribeTrtcRoomUsage (one call every 15 seconds), as
 * their pages document them (TRTC API reference, "Usage Statistics"). Their days are China
 * Standard Time days (the days DescribeScaleInfo's example counts); their rates are in api/usage.ts.
 */

const DAY = 86400;

/** Dates of China Standard Time, up to 31 of them per call; a longer span is split into equal parts. */
const USAGE_WINDOW = { format: "date", zone: 8, maxSpan: 31 * DAY } as const;

const usageItem = z.object({ timeKey: z.string(), timeStampKey: z.number().optional(), usageValue: z.array(z.number()).default([]) });

const usageRow = z.object({
  /** Unix seconds of the row's start. */
  time: z.number(),
  /** The row's start as TRTC writes it: `YYYY-MM-DD HH:mm:ss`, China Standard Time. */
  timeKey: z.string(),
  /** By TRTC's usage key (`Audio`, `SD`, `HD`, `FullHD`, `2K`, `4K`, `HDH264` ...): minutes, or relay's `Bandwidth`. */
  usage: z.record(z.string(), z.number()),
});
/** One row of usage: five minutes when the span is one day, else one day. */
export type UsageRow = z.output<typeof usageRow>;

/** UsageKey names the columns of every UsageValue. TimeStampKey is the SDK's; older answers have only TimeKey. */
function usageRows(response: ApiResponse): UsageRow[] {
  const keys = z.array(z.string()).parse(response.UsageKey ?? []);
  return listOf(usageItem, response, "UsageList").map((item) => ({
    time: item.timeStampKey ?? cstTime(item.timeKey),
    timeKey: item.timeKey,
    usage: Object.fromEntries(keys.map((key, i) => [key, item.usageValue[i] ?? 0])),
  }));
}

const usageArgs = {
  sdkAppId: field.sdkAppId.optional().describe("One application; all of the account's when left out."),
  ...windowArgs,
  limit,
};

const whose = (v: { sdkAppId?: number }) => (v.sdkAppId === undefined ? "the account" : `application ${v.sdkAppId}`);

/** The four usage APIs that take a date span and answer UsageKey/UsageList. */
function usageSpec<A extends Action>(name: string, description: string, action: A, what: string) {
  return functionSpec({
    name,
    description,
    api: "trtc",
    args: z.object(usageArgs),
    changes: false,
    actions: [action],
    request: (v) => ({ action, params: { SdkAppId: v.sdkAppId } }),
    calls: { window: USAGE_WINDOW },
    describe: (v) => `read the ${what} usage of ${whose(v)} ${windowText(v, "today")}`,
    result: usageRows,
  });
}

export const getTrtcUsageSpec = usageSpec(
  "getTrtcUsage",
  "Audio and video minutes by class: five-minute rows for a one-day span, daily rows for longer.",
  "DescribeTrtcUsage", "audio and video");
export const getMixTranscodingUsageSpec = usageSpec("getMixTranscodingUsage", "On-Cloud MixTranscoding minutes by class and codec.", "DescribeMixTranscodingUsage", "On-Cloud MixTranscoding");
export const getRelayUsageSpec = usageSpec("getRelayUsage", "Relay to CDN usage (`Bandwidth`).", "DescribeRelayUsage", "relay to CDN");

export const getRecordingUsageSpec = functionSpec({
  name: "getRecordingUsage",
  description: "Recording minutes by class, single-stream or mixed-stream.",
  api: "trtc",
  args: z.object({
    ...usageArgs,
    mixType: z.enum(["single", "multi"], { error: 'must be "single" (single-stream) or "multi" (mixed-stream recording)' }).describe("\"single\": single-stream recording; \"multi\": mixed-stream recording."),
  }),
  changes: false,
  actions: ["DescribeRecordingUsage"],
  request: (v) => ({ action: "DescribeRecordingUsage", params: { SdkAppId: v.sdkAppId, MixType: v.mixType } }),
  calls: { window: USAGE_WINDOW },
  describe: (v) => `read the ${v.mixType}-stream recording usage of ${whose(v)} ${windowText(v, "today")}`,
  result: usageRows,
});

// getTrtcRoomUsage

/** The classes of DescribeTrtcRoomUsage's CSV, whatever their case there (the documented header writes `hd`). */
const ROOM_USAGE_CLASSES = ["Audio", "SD", "HD", "FullHD", "2K", "4K"];

const roomUsageRow = z.object({
  roomId: z.string(),
  /** Seconds in each class (`Audio`, `SD`, `HD`, `FullHD`, `2K`, `4K`), as TRTC counts room usage. */
  seconds: z.record(z.string(), z.number()),
});
export type RoomUsage = z.output<typeof roomUsageRow>;

function roomUsageRows(response: ApiResponse): RoomUsage[] {
  const csv = z.string().nullish().parse(response.Data) ?? "";
  return csvRecords(csv).map(({ RoomId: roomId = "", ...columns }) =>
    roomUsageRow.parse({
      roomId,
      seconds: Object.fromEntries(
        Object.entries(columns).map(([name, value]) => [ROOM_USAGE_CLASSES.find((c) => c.toLowerCase() === name.toLowerCase()) ?? name, Number(value)]),
      ),
    }),
  );
}

/** Two tallies added key by key. */
function addTallies(earlier: Record<string, number>, later: Record<string, number>): Record<string, number> {
  const sum = { ...earlier };
  for (const [name, value] of Object.entries(later)) sum[name] = (sum[name] ?? 0) + value;
  return sum;
}

/** A room's usage on consecutive days adds up. */
function addUsage(earlier: RoomUsage, later: RoomUsage): RoomUsage {
  return { roomId: earlier.roomId, seconds: addTallies(earlier.seconds, later.seconds) };
}

export const getTrtcRoomUsageSpec = functionSpec({
  name: "getTrtcRoomUsage",
  description: "Seconds by class per room, summed over the span (one call per day of it, every 15 seconds).",
  api: "trtc",
  args: z.object({ sdkAppId: field.sdkAppId, ...windowArgs, limit }),
  changes: false,
  actions: ["DescribeTrtcRoomUsage"],
  request: (v) => ({ action: "DescribeTrtcRoomUsage", params: { SdkAppid: v.sdkAppId } }),
  // "If the period spans two different days, the data returned may not be accurate ... make
  // multiple calls to query the usage on different days": one call per day of the span.
  calls: {
    window: { format: "minute", zone: 8, maxSpan: DAY, cutAtMidnight: true },
    join: { key: (room: RoomUsage) => room.roomId, merge: addUsage },
  },
  describe: (v) => `read the usage by room of application ${v.sdkAppId} ${windowText(v, "today")}`,
  result: roomUsageRows,
});

// getRecordingStatistics, getMcuTranscodeTime: the older billed-duration APIs (DescribeRecordStatistic,
// DescribeTrtcMcuTranscodeTime: TRTC API reference), per application, in seconds by class.

/** An older usage row's TimeKey: a day (`2020-09-07`) or a five-minute start (`2020-09-07 00:05:00`), China Standard Time. */
function cstTime(timeKey: string): number {
  const [day, clock = "00:00:00"] = timeKey.split(" ");
  return Date.parse(`${day}T${clock}+08:00`) / 1000;
}

const billedRow = z.object({
  /** The application, or `total` when the lookup named none (the sum over the account's). */
  sdkAppId: z.string(),
  /** Unix seconds of the row's start. */
  time: z.number(),
  /** The row's start as TRTC writes it: a day, or a five-minute start within a one-day span. */
  timeKey: z.string(),
  /** Seconds in each class: `Audio`, `SD`, `HD`, `FullHD`. */
  seconds: z.record(z.string(), z.number()),
});
/** Billed seconds of one application in one row: five minutes when the span is one day, else one day. */
export type BilledDuration = z.output<typeof billedRow>;

const recordUsage = z.object({ timeKey: z.string(), audioTime: z.number().default(0), class1VideoTime: z.number().default(0), class2VideoTime: z.number().default(0), class3VideoTime: z.number().default(0) });
const recordApp = z.object({ sdkAppId: z.coerce.string(), usages: z.array(recordUsage).nullish() });

function recordingRows(response: ApiResponse): BilledDuration[] {
  return listOf(recordApp, response, "SdkAppIdUsages").flatMap((app) =>
    (app.usages ?? []).map((u) => ({
      sdkAppId: app.sdkAppId,
      time: cstTime(u.timeKey),
      timeKey: u.timeKey,
      // Class 1 to 3 are standard, high and full high definition (SdkAppIdRecordUsage's RecordUsage).
      seconds: { Audio: u.audioTime, SD: u.class1VideoTime, HD: u.class2VideoTime, FullHD: u.class3VideoTime },
    })),
  );
}

const transcodeUsage = z.object({ timeKey: z.string(), audioTime: z.number().default(0), videoTimeSd: z.number().default(0), videoTimeHd: z.number().default(0), videoTimeFhd: z.number().default(0), flux: z.number().default(0) });
const transcodeApp = z.object({ sdkAppId: z.coerce.string(), sdkAppIdTranscodeTimeUsages: z.array(transcodeUsage).nullish() });

const transcodeRow = billedRow.extend({
  /** The relayed streams' bandwidth, Mbit/s. */
  bandwidth: z.number(),
});
/** Billed relay transcoding of one application in one row, with its bandwidth. */
export type McuTranscodeTime = z.output<typeof transcodeRow>;

function transcodeRows(response: ApiResponse): McuTranscodeTime[] {
  return listOf(transcodeApp, response, "Usages").flatMap((app) =>
    (app.sdkAppIdTranscodeTimeUsages ?? []).map((u) => ({
      sdkAppId: app.sdkAppId,
      time: cstTime(u.timeKey),
      timeKey: u.timeKey,
      seconds: { Audio: u.audioTime, SD: u.videoTimeSd, HD: u.videoTimeHd, FullHD: u.videoTimeFhd },
      bandwidth: u.flux,
    })),
  );
}

export const getRecordingStatisticsSpec = functionSpec({
  name: "getRecordingStatistics",
  description: "Billed on-cloud recording seconds by class, per application (the older DescribeRecordStatistic, served in ap-guangzhou).",
  api: "trtc",
  args: z.object(usageArgs),
  changes: false,
  actions: ["DescribeRecordStatistic"],
  request: (v) => ({ action: "DescribeRecordStatistic", params: { SdkAppId: v.sdkAppId } }),
  calls: { window: USAGE_WINDOW },
  describe: (v) => `read the billed recording durations of ${whose(v)} ${windowText(v, "today")}`,
  result: recordingRows,
});

export const getMcuTranscodeTimeSpec = functionSpec({
  name: "getMcuTranscodeTime",
  description: "Billed relay transcoding seconds by class and bandwidth, per application (the older DescribeTrtcMcuTranscodeTime, served in ap-guangzhou).",
  api: "trtc",
  args: z.object(usageArgs),
  changes: false,
  actions: ["DescribeTrtcMcuTranscodeTime"],
  request: (v) => ({ action: "DescribeTrtcMcuTranscodeTime", params: { SdkAppId: v.sdkAppId } }),
  calls: { window: USAGE_WINDOW },
  describe: (v) => `read the billed relay transcoding durations of ${whose(v)} ${windowText(v, "today")}`,
  result: transcodeRows,
});

// getAIRecognitionUsage, getSegmentModerationUsage, getDedicatedCloudAccUsage: the usage APIs of
// 2026, which only the SDK's models document so far. They take times to the second (China Standard
// Time, as the other usage APIs count) and up to 31 days a call, and answer UsageKey/UsageList.

/**
 * `YYYY-MM-DD HH:mm:ss` of China Standard Time, up to 31 days per call, split into equal parts of
 * whole days. A part may start within a day, whose daily row both calls answer in part: they add up.
 */
const USAGE_SECONDS_CALLS = {
  window: { format: "second", zone: 8, maxSpan: 31 * DAY },
  join: { key: (row: UsageRow) => row.timeKey, merge: addUsageRows },
} as const;

function addUsageRows(earlier: UsageRow, later: UsageRow): UsageRow {
  return { ...earlier, usage: addTallies(earlier.usage, later.usage) };
}

const AI_SERVICES = ["conversation", "asr", "translation", "tts"] as const;
const MEDIA_TYPES = ["audio", "picture"] as const;
/** DescribeTRTCSegmentModerationUsage's Business: 0 AI content understanding (moderation), 1 audio and video slicing. */
const BUSINESS = { moderation: 0, slicing: 1 } as const;

export const getAIRecognitionUsageSpec = functionSpec({
  name: "getAIRecognitionUsage",
  description: "AI usage by service: AI conversation, speech to text, real-time translation and text to speech.",
  api: "trtc",
  args: z.object({
    ...usageArgs,
    services: z
      .array(z.enum(AI_SERVICES, { error: `must be one of ${AI_SERVICES.map((s) => JSON.stringify(s)).join(", ")}` }))
      .min(1, { error: "must name at least one service" })
      .default([...AI_SERVICES])
      .describe('Which: "conversation" (AI conversation), "asr" (speech to text), "translation", "tts" (text to speech); all four when left out.'),
  }),
  changes: false,
  actions: ["DescribeTRTCAIRecognitionUsage"],
  // This API alone takes the SDKAppID as a string (DescribeTRTCAIRecognitionUsageRequest).
  request: (v) => ({ action: "DescribeTRTCAIRecognitionUsage", params: { SdkAppId: v.sdkAppId === undefined ? undefined : String(v.sdkAppId), AuType: v.services } }),
  calls: USAGE_SECONDS_CALLS,
  describe: (v) => `read the ${v.services.join(", ")} usage of ${whose(v)} ${windowText(v)}`,
  result: usageRows,
});

export const getSegmentModerationUsageSpec = functionSpec({
  name: "getSegmentModerationUsage",
  description: "Audio or picture usage of content moderation (CloudModeration) or of slicing (CloudSliceTask).",
  api: "trtc",
  args: z.object({
    ...usageArgs,
    mediaType: z.enum(MEDIA_TYPES, { error: 'must be "audio" or "picture"' }).describe('"audio" or "picture".'),
    business: z.enum(["moderation", "slicing"], { error: 'must be "moderation" or "slicing"' }).describe('"moderation" (AI content understanding) or "slicing" (audio and video slices to storage).'),
  }),
  changes: false,
  actions: ["DescribeTRTCSegmentModerationUsage"],
  request: (v) => ({ action: "DescribeTRTCSegmentModerationUsage", params: { SdkAppId: v.sdkAppId, Type: v.mediaType, Business: BUSINESS[v.business] } }),
  calls: USAGE_SECONDS_CALLS,
  describe: (v) => `read the ${v.mediaType} ${v.business} usage of ${whose(v)} ${windowText(v)}`,
  result: usageRows,
});

export const getDedicatedCloudAccUsageSpec = functionSpec({
  name: "getDedicatedCloudAccUsage",
  description: "Network acceleration usage of TRTC's dedicated cloud.",
  api: "trtc",
  args: z.object(usageArgs),
  changes: false,
  actions: ["DescribeTRTCDedicatedCloudAccUsage"],
  request: (v) => ({ action: "DescribeTRTCDedicatedCloudAccUsage", params: { SdkAppId: v.sdkAppId } }),
  calls: USAGE_SECONDS_CALLS,
  describe: (v) => `read the dedicated cloud acceleration usage of ${whose(v)} ${windowText(v)}`,
  result: usageRows,
});

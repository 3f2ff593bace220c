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
    time: item.timeStampKey ?? Date.parse(`${item.timeKey.replace(" ", "T")}+08:00`) / 1000,
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

/** A room's usage on consecutive days adds up. */
function addUsage(earlier: RoomUsage, later: RoomUsage): RoomUsage {
  const seconds = { ...earlier.seconds };
  for (const [name, value] of Object.entries(later.seconds)) seconds[name] = (seconds[name] ?? 0) + value;
  return { roomId: earlier.roomId, seconds };
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

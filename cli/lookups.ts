// The lookup commands: `pulumi-trtc rooms`, `quality` and `usage`, each over the functions of
// functions/ (the same arguments, rules and rows), with the columns and charts people read them by.
import { getRoomInfoSpec, type RoomInfo } from "../functions/callQuality";
import { getMarketQualityDataSpec, getRealTimeQualityDataSpec, type MarketQuality, type RealTimeQuality } from "../functions/dashboard";
import { getMixTranscodingUsageSpec, getRecordingUsageSpec, getRelayUsageSpec, getTrtcUsageSpec, type UsageRow } from "../functions/usage";
import { UsageError } from "./command";
import type { LookupDef, OptionValues } from "./lookup";
import type { Chart, Column, Report } from "./render";

/** `2026-11-22 08:00:00`: Unix seconds in UTC, the zone of the tables' time columns. */
const utc = (t: number) => new Date(t * 1000).toISOString().slice(0, 19).replace("T", " ");

const ROOM_OPTION = { name: "room", value: "ROOM", argument: "roomId", help: "only this room (its id: a number, or a string room's text)" };

const chartOf = <Row>(rows: Row[], title: string, unit: string, label: (row: Row) => string, value: (row: Row) => number): Chart => ({
  title,
  unit,
  labels: rows.map(label),
  values: rows.map(value),
});

export const rooms: LookupDef = {
  name: "rooms",
  summary: "the rooms (calls) of an application in a span of the last 14 days, newest first (getRoomInfo)",
  about: "Lists the calls of the application created in the span, newest first: one life of a room each, from\nits first user entering to its last leaving (getRoomInfo; DescribeRoomInfo keeps 14 days).",
  options: [ROOM_OPTION],
  sdkAppIdDefault: "TRTC_SDK_APP_ID when left out",
  defaultLast: () => "1h",
  examples: ["pulumi-trtc rooms --last 6h", "pulumi-trtc rooms --from 2026-11-22 --to 2026-11-23 --room town-hall --csv > rooms.csv"],
  plan: (values) => ({
    spec: getRoomInfoSpec,
    args: values.room === undefined ? {} : { roomId: values.room },
    report: (rows): Report => ({
      title: "Rooms",
      columns: [{ header: "room" }, { header: "created", unit: "UTC" }, { header: "ended", unit: "UTC" }, { header: "length", unit: "min", decimals: 1 }, { header: "creator" }, { header: "call" }],
      rows: (rows as RoomInfo[]).map((r) => [r.roomId, utc(r.createTime), r.isFinished ? utc(r.destroyTime) : "ongoing", (r.destroyTime - r.createTime) / 60, r.creatorId, r.commId]),
      charts: [],
    }),
  }),
};

const PERIODS = ["hour", "day"];

const stutterColumns: Column[] = [
  { header: "time", unit: "UTC" },
  { header: "video stutter", unit: "%", decimals: 2 },
  { header: "audio stutter", unit: "%", decimals: 2 },
];

/** The stutter charts, common to the real-time and the dashboard's rows. */
function stutterCharts(rows: RealTimeQuality[]): Chart[] {
  const label = (r: RealTimeQuality) => utc(r.time);
  return [
    chartOf(rows, "video stutter", "%", label, (r) => r.videoFreezeRate ?? 0),
    chartOf(rows, "audio stutter", "%", label, (r) => r.audioFreezeRate ?? 0),
  ];
}

const rate = (value: number | undefined) => value ?? "";

export const quality: LookupDef = {
  name: "quality",
  summary: "video and audio stutter every ten seconds, or per hour or day with --period (monitoring dashboard)",
  about:
    "Reads the monitoring dashboard's quality: video and audio stutter rates every ten seconds of the last 12\n" +
    "hours (getRealTimeQualityData), or with --period the stutter, lag and room entry rates per UTC hour or\n" +
    "day of the last 60 days (getMarketQualityData). The dashboard needs its Standard or Premium edition;\n" +
    "TRTC_DASHBOARD_EDITION=standard checks the Standard edition's look-back (1 hour, 30 days).",
  options: [
    { ...ROOM_OPTION, help: `${ROOM_OPTION.help}; not with --period` },
    { name: "period", value: "hour|day", argument: "period", help: "one row per UTC hour or day of the dashboard's data, instead of every ten seconds" },
  ],
  sdkAppIdDefault: "TRTC_SDK_APP_ID when left out",
  defaultLast: (values) => (values.period === "day" ? "7d" : values.period === "hour" ? "1d" : "1h"),
  examples: ["pulumi-trtc quality --last 30m --room 1234", "pulumi-trtc quality --period day --last 14d --html quality.html"],
  plan(values) {
    if (values.period === undefined) {
      return {
        spec: getRealTimeQualityDataSpec,
        args: values.room === undefined ? {} : { roomId: values.room },
        report: (rows): Report => ({
          title: "Stutter every ten seconds",
          columns: stutterColumns,
          rows: (rows as RealTimeQuality[]).map((r) => [utc(r.time), rate(r.videoFreezeRate), rate(r.audioFreezeRate)]),
          charts: stutterCharts(rows as RealTimeQuality[]),
        }),
      };
    }
    if (!PERIODS.includes(values.period as string)) throw new UsageError(`--period ${values.period}: must be hour or day`);
    if (values.room !== undefined) throw new UsageError("--room: the dashboard's hourly and daily quality is the application's; give --room without --period");
    return {
      spec: getMarketQualityDataSpec,
      args: { period: values.period },
      report: (rows): Report => ({
        title: `Quality per ${values.period}`,
        columns: [
          ...stutterColumns,
          { header: "lag", unit: "%", decimals: 2 },
          { header: "entered at first try", unit: "%", decimals: 2 },
          { header: "entered within 5 s", unit: "%", decimals: 2 },
        ],
        rows: (rows as MarketQuality[]).map((r) => [
          utc(r.time), rate(r.videoFreezeRate), rate(r.audioFreezeRate), rate(r.networkDelay), rate(r.joinSuccessRate), rate(r.joinSuccessIn5sRate),
        ]),
        charts: stutterCharts(rows as MarketQuality[]),
      }),
    };
  },
};

/** The usage lookups by what they count: `--of`. */
const USAGE_KINDS = {
  "audio-video": { spec: getTrtcUsageSpec, title: "Audio and video minutes", unit: "min" },
  recording: { spec: getRecordingUsageSpec, title: "Recording minutes", unit: "min" },
  "mix-transcoding": { spec: getMixTranscodingUsageSpec, title: "On-Cloud MixTranscoding minutes", unit: "min" },
  relay: { spec: getRelayUsageSpec, title: "Relay to CDN bandwidth", unit: "Mbit/s" },
} as const;
const MIX_TYPES = ["single", "multi"];

function usageKind(values: OptionValues) {
  const of = (values.of as string | undefined) ?? "audio-video";
  if (!Object.hasOwn(USAGE_KINDS, of)) throw new UsageError(`--of ${of}: must be one of ${Object.keys(USAGE_KINDS).join(", ")}`);
  if (values["mix-type"] !== undefined && of !== "recording") throw new UsageError("--mix-type: is for --of recording");
  if (values["mix-type"] !== undefined && !MIX_TYPES.includes(values["mix-type"] as string)) {
    throw new UsageError(`--mix-type ${values["mix-type"]}: must be single (single-stream) or multi (mixed-stream recording)`);
  }
  return { of, ...USAGE_KINDS[of as keyof typeof USAGE_KINDS] };
}

export const usage: LookupDef = {
  name: "usage",
  summary: "audio and video, recording, MixTranscoding or relay usage by class, per 5 minutes or per day",
  about:
    "Reads usage by class (Audio, SD, HD, FullHD, 2K, 4K ...): five-minute rows for a span within one day, daily\n" +
    "rows for longer, on China Standard Time days as TRTC counts them (getTrtcUsage, getRecordingUsage,\n" +
    "getMixTranscodingUsage, getRelayUsage). The chart is each row's total.",
  options: [
    { name: "of", value: "KIND", help: `what to count: ${Object.keys(USAGE_KINDS).join(", ")} (default audio-video)` },
    { name: "mix-type", value: "single|multi", argument: "mixType", help: "with --of recording: single-stream or mixed-stream (multi, the default) recording" },
  ],
  sdkAppIdDefault: "every application of the account when left out",
  defaultLast: () => "7d",
  examples: ["pulumi-trtc usage --last 30d --sdk-app-id 1400000001", "pulumi-trtc usage --of recording --mix-type single --from 2026-11-01 --to 2026-11-30 --json | jq ."],
  plan(values) {
    const kind = usageKind(values);
    return {
      spec: kind.spec,
      args: kind.of === "recording" ? { mixType: values["mix-type"] ?? "multi" } : {},
      report(rows): Report {
        const list = rows as UsageRow[];
        const keys = [...new Set(list.flatMap((r) => Object.keys(r.usage)))];
        return {
          title: kind.title,
          columns: [{ header: "time", unit: "UTC+8" }, ...keys.map((key) => ({ header: key, unit: kind.unit, decimals: 2 }))],
          rows: list.map((r) => [r.timeKey, ...keys.map((key) => r.usage[key] ?? 0)]),
          charts: [chartOf(list, `${kind.title}, total`, kind.unit, (r) => r.timeKey, (r) => Object.values(r.usage).reduce((a, b) => a + b, 0))],
        };
      },
    };
  },
};

// Usage statistics: DescribeTrtcUsage, DescribeRecordingUsage, DescribeMixTranscodingUsage,
// DescribeRelayUsage (5 requests per second) and DescribeTrtcRoomUsage (one call every 15
// seconds, CSV), as their pages of the TRTC API reference document them. Usage is counted from the
// calls of ../world/calls.ts, so it matches what the monitoring APIs report. The older billed
// durations (DescribeRecordStatistic, DescribeTrtcMcuTranscodeTime: ap-guangzhou, 20 a second) and
// the usage APIs of 2026 (AI, segment moderation, dedicated cloud acceleration: their SDK models)
// count the same calls; which of them used AI, moderation, slicing or acceleration is seeded per call.
import { invalidParameter } from "../errors";
import type { ActionDef, Rate } from "../family";
import { dayStart, formatTime, readWindowed, type Window, windowFields } from "../paging";
import { arrayOf, field, matching, positive, SDK_APP_ID, type Spec } from "../params";
import type { World } from "../world";
import { type Call, type CallUser, MEDIA_CLASSES, type MediaClass, callsBetween, overlap, requireApp } from "../world/calls";
import { hashSeed, random } from "../world/seeded";

const REGIONS = ["ap-guangzhou", "ap-singapore"] as const;
const FIVE_PER_SECOND: Rate = { calls: 5, perSeconds: 1 };
const FIVE_MINUTES = 300;
const DAY = 86400;
/** What a relayed call takes, averaged over a row's time unit (Mbit/s). */
const RELAY_MBPS = 1.5;

/** The usage one call adds to each column, in seconds (or Mbit/s seconds for relay), over [since, until). */
type Share = { column: number; since: number; until: number | undefined; weight?: number };

interface UsageKind {
  /** The columns, or for an API whose request names them, the columns it names. */
  keys: readonly string[] | ((params: Readonly<Record<string, unknown>>) => readonly string[]);
  shares: (call: Call, params: Readonly<Record<string, unknown>>) => Share[];
  /** Turns the summed seconds of a row into its value: minutes, or the average of a rate. */
  value: (seconds: number, rowSeconds: number) => number;
}

const minutes = (seconds: number) => seconds / 60;
const classIndex = (media: MediaClass) => MEDIA_CLASSES.indexOf(media);

/** The call's anchors: what a recording records. */
const anchors = (call: Call) => call.users().filter((u) => u.publishes);

/** The widest picture an anchor sends: what a mixed stream of the call carries. */
function topClass(call: Call): MediaClass {
  return MEDIA_CLASSES[Math.max(0, ...anchors(call).map((u) => classIndex(u.media)))]!;
}

const userShare = (user: CallUser): Share => ({ column: classIndex(user.media), since: user.joinTs, until: user.leaveTs });
const callShare = (call: Call, column: number): Share => ({ column, since: call.createTime, until: call.destroyTime });

const KINDS = {
  /** Every user's minutes in the class of the picture they receive. */
  DescribeTrtcUsage: { keys: MEDIA_CLASSES, shares: (call) => call.users().map(userShare), value: minutes },
  /** Single-stream recording records each anchor; mixed-stream recording one stream of the call's widest picture. */
  DescribeRecordingUsage: {
    keys: MEDIA_CLASSES,
    shares: (call, params) => {
      if (call.recording !== params.MixType) return [];
      return call.recording === "single" ? anchors(call).map(userShare) : [callShare(call, classIndex(topClass(call)))];
    },
    value: minutes,
  },
  /** Mixed-stream recordings are transcoded, in H.264 here. */
  DescribeMixTranscodingUsage: {
    keys: ["Audio", ...MEDIA_CLASSES.slice(1).map((c) => `${c}H264`), ...MEDIA_CLASSES.slice(1).map((c) => `${c}H265`)],
    shares: (call) => (call.recording === "multi" ? [callShare(call, classIndex(topClass(call)))] : []),
    value: minutes,
  },
  DescribeRelayUsage: {
    keys: ["Bandwidth"],
    shares: (call) => (call.relayed ? [{ ...callShare(call, 0), weight: RELAY_MBPS }] : []),
    value: (seconds, rowSeconds) => seconds / rowSeconds,
  },
} satisfies Record<string, UsageKind>;

const round = (value: number) => Math.round(value * 100) / 100;

/**
 * Five-minute rows for a window of one day, daily rows for longer ones, each counting what falls in
 * the window; rows start on the grid (whole days, or five minutes), and those not begun are left out.
 */
function usageRows(world: World, kind: UsageKind, sdkAppIds: readonly number[], params: Readonly<Record<string, unknown>>, w: Window, now: number) {
  const step = w.to - w.from <= DAY ? FIVE_MINUTES : DAY;
  const origin = step === DAY ? dayStart(w.from, w.zone) : Math.floor(w.from / FIVE_MINUTES) * FIVE_MINUTES;
  const keys = typeof kind.keys === "function" ? kind.keys(params) : kind.keys;
  const rows = Array.from({ length: Math.ceil((Math.min(w.to, now + 1) - origin) / step) }, () => new Array<number>(keys.length).fill(0));
  for (const sdkAppId of sdkAppIds) {
    for (const call of callsBetween(world, sdkAppId, w.from, w.to)) {
      for (const share of kind.shares(call, params)) {
        const end = Math.min(share.until ?? now, w.to);
        for (let row = Math.max(0, Math.floor((share.since - origin) / step)); row < rows.length && origin + row * step < end; row++) {
          const start = Math.max(w.from, origin + row * step);
          rows[row]![share.column]! += overlap(share.since, share.until, start, Math.min(w.to, origin + (row + 1) * step), now) * (share.weight ?? 1);
        }
      }
    }
  }
  return { keys, step, rows: rows.map((values, row) => ({ time: origin + row * step, values: values.map((v) => round(kind.value(v, step))) })) };
}

/** The UsageKey/UsageList answer. */
function usageList(world: World, kind: UsageKind, sdkAppIds: readonly number[], params: Readonly<Record<string, unknown>>, w: Window, now: number) {
  const { keys, rows } = usageRows(world, kind, sdkAppIds, params, w, now);
  return { UsageKey: keys, UsageList: rows.map(({ time, values }) => ({ TimeKey: formatTime(time, w.zone), TimeStampKey: time, UsageValue: values })) };
}

/** The application named, or when none is, every application of the account. */
function applications(world: World, sdkAppId: number | undefined): number[] {
  if (sdkAppId === undefined) return world.sdkAppIds();
  requireApp(world, sdkAppId);
  return [sdkAppId];
}

function usageAction(action: keyof typeof KINDS, extra: Spec = {}): ActionDef {
  const spec = { ...windowFields(action), SdkAppId: field("integer", false, positive), ...extra };
  return {
    regions: REGIONS,
    rate: FIVE_PER_SECOND,
    handle(ctx) {
      const { p, now, w } = readWindowed(ctx, spec);
      return usageList(ctx.world, KINDS[action], applications(ctx.world, p.SdkAppId), p, w, now);
    },
  };
}

/** RFC 4180: a field holding a comma, quote or line break is quoted, its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The documented header, as the example writes it. */
const ROOM_USAGE_HEADER = ["RoomId", "Audio", "SD", "hd", "FullHD", "2K", "4K"];

/** Seconds per class of every room with usage in the window, by room id. */
function roomUsageCsv(world: World, sdkAppId: number, w: Window, now: number): string {
  const rooms = new Map<string, number[]>();
  for (const call of callsBetween(world, sdkAppId, w.from, w.to)) {
    const row = rooms.get(call.roomId) ?? new Array<number>(MEDIA_CLASSES.length).fill(0);
    for (const user of call.users()) row[classIndex(user.media)]! += overlap(user.joinTs, user.leaveTs, w.from, w.to, now);
    rooms.set(call.roomId, row);
  }
  const lines = [...rooms]
    .filter(([, row]) => row.some((v) => v > 0))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([roomId, row]) => [csvField(roomId), ...row.map(String)].join(","));
  return [ROOM_USAGE_HEADER.join(","), ...lines].map((line) => `${line}\n`).join("");
}

// The older billed durations: seconds of Audio and of three video classes (2K and 4K count as the
// highest), answered per application, or as `total` when the request names none.

const BILLED_CLASSES = ["Audio", "SD", "HD", "FullHD"] as const;
const billedClass = (media: MediaClass) => Math.min(classIndex(media), BILLED_CLASSES.length - 1);
const seconds = (value: number) => value;

/** Single-stream recording bills each anchor, mixed-stream recording one stream of the call's widest picture. */
const RECORD_STATISTIC: UsageKind = {
  keys: BILLED_CLASSES,
  shares: (call) => {
    if (call.recording === "single") return anchors(call).map((u) => ({ ...userShare(u), column: billedClass(u.media) }));
    return call.recording === "multi" ? [callShare(call, billedClass(topClass(call)))] : [];
  },
  value: seconds,
};
/** A relayed call's stream is transcoded. */
const MCU_TRANSCODE: UsageKind = {
  keys: BILLED_CLASSES,
  shares: (call) => (call.relayed ? [callShare(call, billedClass(topClass(call)))] : []),
  value: seconds,
};

/** A row's TimeKey: the day alone for daily rows, as the pages' examples write them. */
const billedTimeKey = (time: number, step: number, zone: number) => (step === DAY ? formatTime(time, zone).slice(0, 10) : formatTime(time, zone));

function billedAction(read: (world: World, sdkAppIds: readonly number[], w: Window, now: number, name: string) => Record<string, unknown>): ActionDef {
  const spec = { ...windowFields("DescribeRecordStatistic"), SdkAppId: field("integer", false, positive) };
  return {
    regions: ["ap-guangzhou"],
    handle(ctx) {
      const { p, now, w } = readWindowed(ctx, spec);
      return read(ctx.world, applications(ctx.world, p.SdkAppId), w, now, p.SdkAppId === undefined ? "total" : String(p.SdkAppId));
    },
  };
}

// The 2026 usage APIs: which services a call used is seeded per call, the minutes counted as for DescribeTrtcUsage.

/** About one call in ten has an AI conversation, one in ten a transcription (half of them translated). */
function aiServices(call: Call): Set<string> {
  const draw = random(hashSeed(call.seed, "ai"));
  const used = new Set<string>();
  if (draw() < 0.1) used.add("conversation").add("tts");
  if (draw() < 0.1) used.add("asr");
  if (used.has("asr") && draw() < 0.5) used.add("translation");
  return used;
}
/** One call in ten is moderated, one in twenty sliced to storage. */
function segmentBusiness(call: Call): Set<number> {
  const draw = random(hashSeed(call.seed, "segments"));
  const used = new Set<number>();
  if (draw() < 0.1) used.add(0);
  if (draw() < 0.05) used.add(1);
  return used;
}
const accelerated = (call: Call) => random(hashSeed(call.seed, "dedicated"))() < 0.05;

const AI_RECOGNITION: UsageKind = {
  keys: (params) => params.AuType as string[],
  shares: (call, params) => {
    const used = aiServices(call);
    // The bot speaks for about a third of a conversation.
    return (params.AuType as string[]).flatMap((service, column) => (used.has(service) ? [{ ...callShare(call, column), weight: service === "tts" ? 1 / 3 : 1 }] : []));
  },
  value: minutes,
};
const SEGMENT_MODERATION: UsageKind = {
  keys: (params) => [params.Type === "audio" ? "AudioDuration" : "PictureCount"],
  // Audio in minutes; a picture every ten seconds, six a minute.
  shares: (call, params) => (segmentBusiness(call).has(params.Business as number) ? [{ ...callShare(call, 0), weight: params.Type === "audio" ? 1 : 6 }] : []),
  value: minutes,
};
const DEDICATED_CLOUD_ACC: UsageKind = { keys: MEDIA_CLASSES, shares: (call) => (accelerated(call) ? call.users().map(userShare) : []), value: minutes };

const AU_TYPES = ["conversation", "asr", "translation", "tts"];

function newUsageAction(action: string, kind: UsageKind, extra: Spec): ActionDef {
  const spec = { ...windowFields(action), ...extra };
  return {
    regions: REGIONS,
    handle(ctx) {
      const { p, now, w } = readWindowed(ctx, spec);
      const sdkAppId = (p as { SdkAppId?: number | string }).SdkAppId;
      const { UsageKey, UsageList } = usageList(ctx.world, kind, applications(ctx.world, sdkAppId === undefined ? undefined : Number(sdkAppId)), p, w, now);
      // These answer the total of each column besides the rows, and rows without TimeStampKey.
      const total = UsageKey.map((_, i) => round(UsageList.reduce((sum, row) => sum + row.UsageValue[i]!, 0)));
      return { UsageKey, UsageList: UsageList.map(({ TimeKey, UsageValue }) => ({ TimeKey, UsageValue })), TotalUsage: total };
    },
  };
}

const ROOM_USAGE = { SdkAppid: SDK_APP_ID, ...windowFields("DescribeTrtcRoomUsage") };

export const actions: Record<string, ActionDef> = {
  DescribeTrtcUsage: usageAction("DescribeTrtcUsage"),
  DescribeRecordingUsage: usageAction("DescribeRecordingUsage", {
    MixType: field("string", true, (value, name) => {
      if (value !== "single" && value !== "multi") throw invalidParameter(name, "must be single or multi");
    }),
  }),
  DescribeMixTranscodingUsage: usageAction("DescribeMixTranscodingUsage"),
  DescribeRelayUsage: usageAction("DescribeRelayUsage"),

  DescribeTrtcRoomUsage: {
    regions: REGIONS,
    // "The rate limit of this API is one call every 15 seconds."
    rate: { calls: 1, perSeconds: 15 },
    handle(ctx) {
      const { p, now, w } = readWindowed(ctx, ROOM_USAGE);
      requireApp(ctx.world, p.SdkAppid, "FailedOperation.SdkAppIdNotExist");
      return { Data: roomUsageCsv(ctx.world, p.SdkAppid, w, now) };
    },
  },

  DescribeRecordStatistic: billedAction((world, sdkAppIds, w, now, name) => {
    const { step, rows } = usageRows(world, RECORD_STATISTIC, sdkAppIds, {}, w, now);
    const usages = rows.map(({ time, values: [audio, sd, hd, fhd] }) => ({ TimeKey: billedTimeKey(time, step, w.zone), AudioTime: audio, Class1VideoTime: sd, Class2VideoTime: hd, Class3VideoTime: fhd }));
    return { SdkAppIdUsages: [{ SdkAppId: name, Usages: usages }] };
  }),
  DescribeTrtcMcuTranscodeTime: billedAction((world, sdkAppIds, w, now, name) => {
    const { step, rows } = usageRows(world, MCU_TRANSCODE, sdkAppIds, {}, w, now);
    const usages = rows.map(({ time, values }) => {
      const [audio, sd, hd, fhd] = values as [number, number, number, number];
      // Each transcoded stream takes RELAY_MBPS, averaged over the row.
      const flux = round(((audio + sd + hd + fhd) / step) * RELAY_MBPS);
      return { TimeKey: billedTimeKey(time, step, w.zone), AudioTime: audio, VideoTimeSd: sd, VideoTimeHd: hd, VideoTimeFhd: fhd, Flux: flux };
    });
    return { Usages: [{ SdkAppIdTranscodeTimeUsages: usages, TotalNum: usages.length, SdkAppId: name }] };
  }),
  DescribeTRTCAIRecognitionUsage: newUsageAction("DescribeTRTCAIRecognitionUsage", AI_RECOGNITION, {
    // This one takes the SDKAppID as a string (DescribeTRTCAIRecognitionUsageRequest).
    SdkAppId: field("string", false, matching(/^[1-9]\d*$/, "an SDKAppID (digits)")),
    AuType: arrayOf(
      field("string", true, (value, name) => {
        if (!AU_TYPES.includes(value)) throw invalidParameter(name, `must be one of ${AU_TYPES.join(", ")}`);
      }),
      true,
      (value, name) => {
        if (value.length === 0) throw invalidParameter(name, "must list at least one usage type");
      },
    ),
  }),
  DescribeTRTCSegmentModerationUsage: newUsageAction("DescribeTRTCSegmentModerationUsage", SEGMENT_MODERATION, {
    SdkAppId: field("integer", false, positive),
    Type: field("string", true, (value, name) => {
      if (value !== "audio" && value !== "picture") throw invalidParameter(name, "must be audio or picture");
    }),
    Business: field("integer", true, (value, name) => {
      if (value !== 0 && value !== 1) throw invalidParameter(name, "must be 0 (moderation) or 1 (slicing)");
    }),
  }),
  DescribeTRTCDedicatedCloudAccUsage: newUsageAction("DescribeTRTCDedicatedCloudAccUsage", DEDICATED_CLOUD_ACC, { SdkAppId: field("integer", false, positive) }),
};

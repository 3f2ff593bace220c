// Usage statistics: DescribeTrtcUsage, DescribeRecordingUsage, DescribeMixTranscodingUsage,
// DescribeRelayUsage (5 requests per second) and DescribeTrtcRoomUsage (one call every 15
// seconds, CSV), as their pages of the TRTC API reference document them. Usage is counted from the
// calls of ../world/calls.ts, so it matches what the monitoring APIs report.
import { invalidParameter } from "../errors";
import type { ActionDef, Rate } from "../family";
import { formatTime, readWindowed, type Window, windowFields } from "../paging";
import { field, positive, SDK_APP_ID, type Spec } from "../params";
import type { World } from "../world";
import { type Call, type CallUser, MEDIA_CLASSES, type MediaClass, callsBetween, overlap, requireApp } from "../world/calls";

const REGIONS = ["ap-guangzhou", "ap-singapore"] as const;
const FIVE_PER_SECOND: Rate = { calls: 5, perSeconds: 1 };
const FIVE_MINUTES = 300;
const DAY = 86400;
/** What a relayed call takes, averaged over a row's time unit (Mbit/s). */
const RELAY_MBPS = 1.5;

/** The usage one call adds to each column, in seconds (or Mbit/s seconds for relay), over [since, until). */
type Share = { column: number; since: number; until: number | undefined; weight?: number };

interface UsageKind {
  keys: readonly string[];
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

/** Five-minute rows for a window of one day, daily rows for longer ones; rows that have not begun are left out. */
function usageList(world: World, kind: UsageKind, sdkAppIds: readonly number[], params: Readonly<Record<string, unknown>>, w: Window, now: number) {
  const step = w.to - w.from <= DAY ? FIVE_MINUTES : DAY;
  const rows = Array.from({ length: Math.ceil((Math.min(w.to, now + 1) - w.from) / step) }, () => new Array<number>(kind.keys.length).fill(0));
  for (const sdkAppId of sdkAppIds) {
    for (const call of callsBetween(world, sdkAppId, w.from, w.to)) {
      for (const share of kind.shares(call, params)) {
        const end = Math.min(share.until ?? now, w.to);
        for (let row = Math.max(0, Math.floor((share.since - w.from) / step)); row < rows.length && w.from + row * step < end; row++) {
          const start = w.from + row * step;
          rows[row]![share.column]! += overlap(share.since, share.until, start, start + step, now) * (share.weight ?? 1);
        }
      }
    }
  }
  return rows.map((values, row) => {
    const time = w.from + row * step;
    return { TimeKey: formatTime(time, w.zone), TimeStampKey: time, UsageValue: values.map((v) => round(kind.value(v, step))) };
  });
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
      const kind: UsageKind = KINDS[action];
      return { UsageKey: kind.keys, UsageList: usageList(ctx.world, kind, applications(ctx.world, p.SdkAppId), p, w, now) };
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
};

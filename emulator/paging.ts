// The query APIs' paging and time windows, declared once as tables in the manner of moto's
// pagination model: for each action, which parameters page it, how large a page may be and which
// response members a page fills; which parameters bound its time window, in what format and time
// zone, how far back it may start and how long it may be. Handlers name their action and get the
// checked window, or their page of records, back.
import { ApiError, invalidParameter } from "./errors";
import type { HandlerContext } from "./family";
import { field, type Field, type Params, readParams, type Spec } from "./params";

const HOUR = 3600;
const DAY = 86400;

export interface PageRule {
  /** Records per page when the request leaves PageNumber or PageSize out. */
  defaultSize: number;
  maxSize: number;
  /** A smaller page for requests that ask for more per record, refused with its own code. */
  narrow?: { when: (params: Readonly<Record<string, unknown>>) => boolean; maxSize: number; code: string };
  /** The response member listing the page's records. */
  list: string;
}

/** Every paged API pages with a 0-based PageNumber and a PageSize, and counts all records in Total. */
export const PAGING: Readonly<Record<string, PageRule>> = {
  DescribeRoomInfo: { defaultSize: 10, maxSize: 100, list: "RoomList" },
  DescribeUserInfo: { defaultSize: 6, maxSize: 100, list: "UserList" },
  DescribeCallDetailInfo: {
    defaultSize: 6,
    maxSize: 100,
    narrow: { when: (params) => params.DataType !== undefined, maxSize: 6, code: "InvalidParameter.UserIdsMorethanSix" },
    list: "UserList",
  },
};

export const PAGE_FIELDS = { PageNumber: field("integer", false), PageSize: field("integer", false) };

/**
 * The requested page of `records` as the response members (the list and Total), each record
 * turned into its API shape by `toApi`. As documented, a request without both PageNumber and
 * PageSize gets the first page of the default size.
 */
export function page<T>(
  action: string,
  params: Readonly<Record<string, unknown>>,
  records: readonly T[],
  toApi: (record: T) => unknown,
  /** Further response members made from the page's records. */
  more: (records: T[]) => Record<string, unknown> = () => ({}),
): Record<string, unknown> {
  const rule = PAGING[action]!;
  const number = params.PageNumber as number | undefined;
  const size = params.PageSize as number | undefined;
  if (number !== undefined && number < 0) throw invalidParameter("PageNumber", "must be 0 or more");
  if (size !== undefined && size < 1) throw invalidParameter("PageSize", "must be 1 or more");
  if (size !== undefined && rule.narrow?.when(params) && size > rule.narrow.maxSize) {
    throw new ApiError(rule.narrow.code, `PageSize must be at most ${rule.narrow.maxSize} with this request.`);
  }
  if (size !== undefined && size > rule.maxSize) throw new ApiError("InvalidParameter.PageSizeOversize", `PageSize must be at most ${rule.maxSize}.`);
  const [offset, count] = number === undefined || size === undefined ? [0, rule.defaultSize] : [number * size, size];
  const slice = records.slice(offset, offset + count);
  return { Total: records.length, [rule.list]: slice.map(toApi), ...more(slice) };
}

/** Unix seconds; a date (YYYY-MM-DD); a minute (YYYY-MM-DD HH:MM); a second (YYYY-MM-DD HH:mm:ss). */
export type TimeFormat = "unix" | "date" | "minute" | "second";

export interface WindowRule {
  format: TimeFormat;
  /** Hours east of UTC that dates and minutes are read in. */
  zone?: number;
  /** How far before now the window may start (for dates: before today's start), and the code past it. */
  maxAge?: { seconds: number; code: string };
  /** The longest window one call may ask for, and the code past it. */
  maxSpan?: { seconds: number | ((params: Readonly<Record<string, unknown>>) => number); code: string };
}

const CALL_QUALITY_AGE = { seconds: 14 * DAY, code: "InvalidParameter.StartTsOversize" };
const TOO_LONG = "InvalidParameter.QueryScaleOversize";
/** Days of TRTC usage are China Standard Time days (DescribeScaleInfo's example days start at 16:00 UTC). */
const USAGE = { format: "date", zone: 8, maxSpan: { seconds: 31 * DAY, code: TOO_LONG } } as const;
/** The 2026 usage APIs take times to the second, up to 31 days (their SDK models). */
const USAGE_SECONDS = { format: "second", zone: 8, maxSpan: { seconds: 31 * DAY, code: TOO_LONG } } as const;
/** The dashboard's editions bound how far back it answers; the emulator serves the largest edition. */
const REAL_TIME = { format: "unix", maxAge: { seconds: 12 * HOUR, code: "InvalidParameter.StartTimeOversize" } } as const;
/** Documented as whole UTC days and hours. */
const MARKET = { format: "date", zone: 0, maxAge: { seconds: 60 * DAY, code: "InvalidParameter.StartTimeOversize" } } as const;

/** Every windowed API's StartTime and EndTime. */
export const WINDOWS: Readonly<Record<string, WindowRule>> = {
  DescribeRoomInfo: { format: "unix", maxAge: CALL_QUALITY_AGE, maxSpan: { seconds: DAY, code: TOO_LONG } },
  DescribeUserInfo: { format: "unix", maxAge: CALL_QUALITY_AGE, maxSpan: { seconds: 4 * HOUR, code: TOO_LONG } },
  DescribeCallDetailInfo: {
    format: "unix",
    maxAge: CALL_QUALITY_AGE,
    maxSpan: { seconds: (params) => (params.DataType === undefined ? 4 * HOUR : HOUR), code: TOO_LONG },
  },
  DescribeUserEvent: { format: "unix", maxAge: CALL_QUALITY_AGE },
  DescribeScaleInfo: { format: "unix", maxAge: CALL_QUALITY_AGE },
  DescribeUnusualEvent: { format: "unix", maxAge: CALL_QUALITY_AGE, maxSpan: { seconds: HOUR, code: TOO_LONG } },
  DescribeTrtcUsage: USAGE,
  DescribeRecordingUsage: USAGE,
  DescribeMixTranscodingUsage: USAGE,
  DescribeRelayUsage: USAGE,
  DescribeRecordStatistic: USAGE,
  DescribeTrtcMcuTranscodeTime: USAGE,
  DescribeTRTCAIRecognitionUsage: USAGE_SECONDS,
  DescribeTRTCSegmentModerationUsage: USAGE_SECONDS,
  DescribeTRTCDedicatedCloudAccUsage: USAGE_SECONDS,
  DescribeTrtcRoomUsage: { format: "minute", zone: 8, maxSpan: { seconds: DAY, code: "InvalidParameter" } },
  DescribeTRTCRealTimeScaleData: REAL_TIME,
  DescribeTRTCRealTimeQualityData: REAL_TIME,
  DescribeTRTCMarketScaleData: MARKET,
  DescribeTRTCMarketQualityData: MARKET,
  DescribeTRTCMarketScaleMetricData: MARKET,
};

/** StartTime and EndTime as an action's window format types them. */
export function windowFields(action: string): { StartTime: Field<number | string, true>; EndTime: Field<number | string, true> } {
  const type = WINDOWS[action]!.format === "unix" ? "integer" : "string";
  return { StartTime: field(type, true), EndTime: field(type, true) };
}

/** A checked window: [from, to) in Unix seconds, and the zone its days are counted in. */
export interface Window {
  from: number;
  to: number;
  zone: number;
}

const PATTERNS: Record<Exclude<TimeFormat, "unix">, { re: RegExp; shape: string }> = {
  date: { re: /^(\d{4})-(\d{2})-(\d{2})$/, shape: "a date as YYYY-MM-DD" },
  minute: { re: /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/, shape: "a time as YYYY-MM-DD HH:MM" },
  second: { re: /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/, shape: "a time as YYYY-MM-DD HH:mm:ss" },
};

/** Unix seconds of a date or minute string read in `zone`; throws the parameter's InvalidParameter. */
function readTime(value: string, format: Exclude<TimeFormat, "unix">, zone: number, name: string): number {
  const { re, shape } = PATTERNS[format];
  const m = re.exec(value);
  const [y, mo, d, h = 0, mi = 0, sec = 0] = (m?.slice(1) ?? []).map(Number);
  const ms = m ? Date.UTC(y!, mo! - 1, d!, h, mi, sec) : NaN;
  const date = new Date(ms);
  if (!m || date.getUTCMonth() !== mo! - 1 || date.getUTCDate() !== d! || h > 23 || mi > 59 || sec > 59) throw invalidParameter(name, `must be ${shape}`);
  return ms / 1000 - zone * HOUR;
}

/** The start of the day holding `t` (Unix seconds) in `zone`. */
export function dayStart(t: number, zone: number): number {
  return Math.floor((t + zone * HOUR) / DAY) * DAY - zone * HOUR;
}

/** `YYYY-MM-DD HH:mm:ss` of `t` (Unix seconds) in `zone`. */
export function formatTime(t: number, zone: number): string {
  return new Date((t + zone * HOUR) * 1000).toISOString().slice(0, 19).replace("T", " ");
}

/** The request's window by the action's rule, or the documented error. `now` is in Unix seconds. */
export function window(action: string, params: Readonly<Record<string, unknown>>, now: number): Window {
  const rule = WINDOWS[action]!;
  const zone = rule.zone ?? 0;
  const start = params.StartTime as number | string;
  const end = params.EndTime as number | string;
  let from: number;
  let to: number;
  if (rule.format === "unix") {
    [from, to] = [start as number, (end as number) + 1];
  } else {
    from = readTime(start as string, rule.format, zone, "StartTime");
    to = readTime(end as string, rule.format, zone, "EndTime") + (rule.format === "date" ? DAY : 0);
  }
  if (to <= from) throw invalidParameter("EndTime", "must not be before StartTime");
  if (rule.maxAge) {
    const earliest = (rule.format === "date" ? dayStart(now, zone) : now) - rule.maxAge.seconds;
    if (from < earliest) throw new ApiError(rule.maxAge.code, `StartTime must not be more than ${describeSeconds(rule.maxAge.seconds)} before now.`);
  }
  if (rule.maxSpan) {
    const { seconds, code } = rule.maxSpan;
    const longest = typeof seconds === "number" ? seconds : seconds(params);
    // A unix window's EndTime is inclusive: the span is EndTime - StartTime.
    if (to - from - (rule.format === "unix" ? 1 : 0) > longest) throw new ApiError(code, `The time range must not exceed ${describeSeconds(longest)}.`);
  }
  return { from, to, zone };
}

/** A windowed request read: its parameters by `spec`, the emulator's now (Unix seconds) and the checked window. */
export function readWindowed<S extends Spec>({ action, params, world }: HandlerContext, spec: S): { p: Params<S>; now: number; w: Window } {
  const p = readParams(params, spec);
  const now = Math.floor(world.clock.now() / 1000);
  return { p, now, w: window(action, p, now) };
}

function describeSeconds(seconds: number): string {
  return seconds % DAY === 0 && seconds > DAY ? `${seconds / DAY} days` : `${seconds / HOUR} hours`;
}

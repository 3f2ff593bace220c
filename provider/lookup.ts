import { z } from "zod";
import type { ApiParams, ApiResponse } from "./client";
import type { LookupProgress } from "./options";
import { fromApi } from "./spec";

// Lookups: functions that read TRTC's monitoring, usage and dashboard data, declared as tables
// (the API's time window rule, its paging, how its rows read) and run here. Times are read from
// Dates, ISO-8601 strings or Unix seconds and checked against the window rule before any call;
// a span longer than one call may cover is split into consecutive calls; every page is fetched
// with the largest page size; rows come back typed, in camelCase, joined across calls in order.

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;

// Times.

/** A time as a user gives it: a Date, an ISO-8601 string, or Unix seconds. */
export type TimeInput = Date | string | number;

const TIME_RULE =
  "must be a Date, an ISO-8601 string (2024-05-01, or 2024-05-01T08:00:00Z with its offset) or Unix seconds";
/** Unix seconds past this are surely milliseconds (the year 5138). */
const MAX_UNIX_SECONDS = 1e11;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Unix seconds of a time, or undefined when it is not one. A date without a time of day
 * (`2024-05-01`) is the start of that day in `zone` (hours east of UTC), the time zone of the days
 * the API counts; a date and time must carry its offset, so it means one instant everywhere.
 */
export function toSeconds(value: TimeInput, zone: number): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : Math.floor(value.getTime() / 1000);
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 && value < MAX_UNIX_SECONDS ? value : undefined;
  const day = DATE_ONLY.exec(value);
  if (day) {
    const [y, m, d] = day.slice(1).map(Number) as [number, number, number];
    const ms = Date.UTC(y, m - 1, d);
    return new Date(ms).getUTCDate() === d && new Date(ms).getUTCMonth() === m - 1 ? ms / 1000 - zone * HOUR : undefined;
  }
  const ms = DATE_TIME.test(value) ? Date.parse(value.replace(" ", "T")) : NaN;
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/** An argument that is a time, checked (not converted) so previews and errors show it as given. */
export const time = z
  .union([z.date(), z.string(), z.number()], { error: (issue) => (issue.input === undefined ? "is required" : TIME_RULE) })
  .refine((value) => toSeconds(value, 0) !== undefined, { error: TIME_RULE });

/** The time arguments of every windowed lookup. */
export const windowArgs = {
  startTime: time.describe("Where the span starts."),
  endTime: time.optional().describe("Where it ends (included); now when left out."),
};

/** A window as `describe` says it: "from <start> to <end>", an open end reading `openEnd`. */
export function windowText(v: { startTime: unknown; endTime?: unknown }, openEnd = "now"): string {
  return `from ${String(v.startTime)} to ${v.endTime === undefined ? openEnd : String(v.endTime)}`;
}

export const limit = z
  .number({ error: (issue) => (issue.input === undefined ? "is required" : "must be a number") })
  .int({ error: "must be a whole number" })
  .positive({ error: "must be 1 or more" })
  .optional()
  .describe("At most this many rows; pages and calls past them are not fetched.");

/** `YYYY-MM-DD HH:MM:SS` of Unix seconds `t` in `zone`. */
function formatIn(t: number, zone: number): string {
  return new Date((t + zone * HOUR) * 1000).toISOString().slice(0, 19).replace("T", " ");
}

function dayStart(t: number, zone: number): number {
  return Math.floor((t + zone * HOUR) / DAY) * DAY - zone * HOUR;
}

function describeSeconds(seconds: number): string {
  if (seconds % DAY === 0 && seconds > DAY) return `${seconds / DAY} days`;
  return seconds % HOUR === 0 ? `${seconds / HOUR} hour${seconds === HOUR ? "" : "s"}` : `${seconds / MINUTE} minutes`;
}

// Time windows.

/**
 * How an API takes times: Unix seconds, dates (YYYY-MM-DD, both days included), minutes
 * (YYYY-MM-DD HH:MM) or seconds (YYYY-MM-DD HH:mm:ss).
 */
export type TimeFormat = "unix" | "date" | "minute" | "second";

/** The time arguments every windowed lookup takes; `endTime` defaults to now. */
export interface WindowArgs {
  startTime: TimeInput;
  endTime?: TimeInput;
}

export interface WindowRule<Args = WindowArgs> {
  format: TimeFormat;
  /** Hours east of UTC of the days the API counts (and of dates given without a time). */
  zone: number;
  /** How far back the API keeps data, in seconds before now (for dates: before today's start). */
  maxAge?: number;
  /**
   * For the dashboard APIs, whose look-back is the edition's: how far back the Standard edition
   * keeps data (the API's page), where `maxAge` is the Premium edition's (the SDK's models).
   */
  standardMaxAge?: number;
  /** The longest span one call may cover, in seconds; a function where it depends on the arguments. */
  maxSpan?: number | ((args: Args) => number);
  /**
   * A longer span becomes consecutive calls: for Unix times, spans of maxSpan sharing their
   * boundary second (rows seen twice there are joined by key); for dates and seconds, as few equal
   * parts of whole days as maxSpan allows (so no part is a lone day, which APIs answer at a finer
   * grain; for seconds the last part also takes what is left of a day).
   * `cutAtMidnight` also cuts the span at the zone's midnights, for APIs that count a day at a time.
   */
  cutAtMidnight?: true;
  /** Calls run newest first, for APIs that list rows newest first. */
  newestFirst?: boolean;
}

/** One call's window, as the API takes it. */
export interface ApiWindow {
  startTime: number | string;
  endTime: number | string;
}

/** The span asked for, in Unix seconds: for dates, the first and last days' starts; else both ends. */
interface Span {
  from: number;
  to: number;
}

function spanOf(rule: WindowRule<never>, args: WindowArgs, now: number): Span {
  const start = toSeconds(args.startTime, rule.zone)!;
  const end = args.endTime === undefined ? now : toSeconds(args.endTime, rule.zone)!;
  if (rule.format === "date") return { from: dayStart(start, rule.zone), to: dayStart(end, rule.zone) };
  if (rule.format === "minute") return { from: Math.floor(start / MINUTE) * MINUTE, to: Math.ceil(end / MINUTE) * MINUTE };
  return { from: start, to: end };
}

function isoOf(t: number): string {
  return new Date(t * 1000).toISOString().replace(".000Z", "Z");
}

/**
 * What is wrong with the arguments' window by the rule, as `path: rule` lines naming the argument:
 * an end before the start, or a start further back than the API keeps data. `now` is Unix seconds.
 */
export function windowFailures(api: string, rule: WindowRule<never>, args: Readonly<Record<string, unknown>>, now: number): { path: string; message: string }[] {
  // The function's schema has checked both are times (and startTime given).
  const { from, to } = spanOf(rule, args as unknown as WindowArgs, now);
  if (to < from) return [{ path: "endTime", message: "must not be before startTime" }];
  if (rule.maxAge !== undefined) {
    const earliest = (rule.format === "date" ? dayStart(now, rule.zone) : now) - rule.maxAge;
    if (from < earliest) {
      const shown = rule.format === "date" ? formatIn(earliest, rule.zone).slice(0, 10) : isoOf(earliest);
      return [{ path: "startTime", message: `must not be before ${shown}: ${api} keeps ${describeSeconds(rule.maxAge)} of data` }];
    }
  }
  return [];
}

/** The calls' windows for the arguments, in the order their rows are joined. */
export function splitWindow<Args extends WindowArgs>(rule: WindowRule<Args>, args: Args, now: number): ApiWindow[] {
  const { from, to } = spanOf(rule as WindowRule<never>, args, now);
  const maxSpan = typeof rule.maxSpan === "function" ? rule.maxSpan(args) : rule.maxSpan;
  const parts: Span[] = [];
  if (rule.format === "date" || rule.format === "second") {
    // A date span names both its days; a span of seconds runs from its start to its end.
    const dated = rule.format === "date";
    const length = to - from + (dated ? DAY : 0);
    const days = Math.floor(length / DAY);
    const count = maxSpan === undefined ? 1 : Math.max(1, Math.ceil(length / maxSpan));
    // Equal parts (sizes differ by at most a day), so none is a lone day among longer ones.
    for (let k = 0, first = from; k < count; k++) {
      const size = (Math.floor(days / count) + (k < days % count ? 1 : 0)) * DAY;
      const end = k === count - 1 ? from + length : first + size;
      parts.push({ from: first, to: dated ? end - DAY : end });
      first = end;
    }
  } else {
    const bounds = [from, ...(rule.cutAtMidnight ? midnights(from, to, rule.zone) : []), to];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const [a, b] = [bounds[i]!, bounds[i + 1]!];
      if (maxSpan === undefined || b - a <= maxSpan) parts.push({ from: a, to: b });
      else for (let s = a; s < b; s += maxSpan) parts.push({ from: s, to: Math.min(b, s + maxSpan) });
    }
  }
  const windows = parts.map((part) => apiWindow(rule.format, rule.zone, part));
  return rule.newestFirst ? windows.reverse() : windows;
}

/** The zone's midnights strictly inside (from, to). */
function midnights(from: number, to: number, zone: number): number[] {
  const cuts: number[] = [];
  for (let t = dayStart(from, zone) + DAY; t < to; t += DAY) cuts.push(t);
  return cuts;
}

function apiWindow(format: TimeFormat, zone: number, span: Span): ApiWindow {
  if (format === "unix") return { startTime: span.from, endTime: span.to };
  const length = { date: 10, minute: 16, second: 19 }[format];
  return { startTime: formatIn(span.from, zone).slice(0, length), endTime: formatIn(span.to, zone).slice(0, length) };
}

// Paging and joining.

/** An API paged by a 0-based PageNumber and a PageSize, counting its records in Total. */
export interface PageRule<Args> {
  /** The largest page the API serves: every call asks for it. */
  maxPageSize: number | ((args: Args) => number);
}

/** How rows of consecutive calls join: rows with a key already seen merge into the first (by default they are dropped as repeats). */
export interface JoinRule<Row> {
  key(row: Row): string;
  merge?(earlier: Row, later: Row): Row;
}

/**
 * How a lookup's calls are made: each call is the function's request with its window's
 * StartTime and EndTime and its page's PageNumber and PageSize added.
 */
export interface CallPlan<Args, Row> {
  window?: WindowRule<Args>;
  paging?: PageRule<Args>;
  join?: JoinRule<Row>;
}

/** What watches a call as it runs: a signal that stops it, and what hears of its progress. */
export interface CallWatch {
  signal?: AbortSignal;
  progress?: (progress: Omit<LookupProgress, "functionName">) => void;
}

/**
 * Makes a lookup's calls through `send`: each window in order, each of its pages in turn, with
 * `rows` reading each answer; rows are joined, up to the `limit` argument if there is one. A
 * lookup whose rows merge across windows reads every window before it stops, so merged rows are whole.
 * After each answer `watch` hears how far it has got; once its signal fires, no call is sent.
 */
export async function runCalls<Args, Row>(
  plan: CallPlan<Args, Row>,
  args: Args,
  send: (params: ApiParams) => Promise<ApiResponse>,
  rows: (response: ApiResponse) => Row[],
  watch: CallWatch = {},
  now = Math.floor(Date.now() / 1000),
): Promise<Row[]> {
  const { limit } = args as { limit?: number };
  const windows = plan.window ? splitWindow(plan.window, args as Args & WindowArgs, now) : [undefined];
  const joined = new Map<string, number>();
  const found: Row[] = [];
  const full = () => limit !== undefined && found.length >= limit && !plan.join?.merge;
  const add = (row: Row) => {
    const key = plan.join?.key(row);
    const seen = key === undefined ? undefined : joined.get(key);
    if (seen === undefined) {
      if (key !== undefined) joined.set(key, found.length);
      found.push(row);
    } else if (plan.join?.merge) {
      found[seen] = plan.join.merge(found[seen]!, row);
    }
  };
  let calls = 0;
  for (const [index, window] of windows.entries()) {
    const times = window ? { StartTime: window.startTime, EndTime: window.endTime } : {};
    const call = async (params: ApiParams) => {
      watch.signal?.throwIfAborted();
      const response = await send(params);
      calls++;
      return response;
    };
    const report = () => watch.progress?.({ calls, window: index + 1, windows: windows.length, rows: limit === undefined ? found.length : Math.min(limit, found.length) });
    if (!plan.paging) {
      rows(await call(times)).forEach(add);
      report();
    } else {
      const size = typeof plan.paging.maxPageSize === "number" ? plan.paging.maxPageSize : plan.paging.maxPageSize(args);
      for (let page = 0; !full(); page++) {
        const response = await call({ ...times, PageNumber: page, PageSize: size });
        const pageRows = rows(response);
        pageRows.forEach(add);
        report();
        if (pageRows.length < size || lastPage(response.Total, pageRows.length, (page + 1) * size)) break;
      }
    }
    if (full()) break;
  }
  return limit === undefined ? found : found.slice(0, limit);
}

/**
 * Whether a full page was the last. The documents call Total "the number of records returned",
 * which could mean the page's own count; it is taken as the count of all records only when it
 * differs from the page's, so a reading either way never stops early (at worst one empty page
 * more is fetched).
 */
function lastPage(total: unknown, pageCount: number, fetched: number): boolean {
  return typeof total === "number" && total !== pageCount && fetched >= total;
}

// Rows.

/** A list member of an answer, each element renamed by fromApi and read by `row`; absent or null is empty. */
export function listOf<Row extends z.ZodType>(row: Row, response: ApiResponse, member: string): z.output<Row>[] {
  const list = response[member];
  if (list === undefined || list === null) return [];
  return z.array(row).parse(fromApi(list));
}

type SeriesValues = ({ RowValue?: number[]; RowValueFloat?: number[] } | number)[];

/**
 * TRTCDataResult (the dashboard's Columns/Values series) as one object per row, keyed by column.
 * A row is a RowValue object; in TRTCDataResp (DescribeTRTCMarketScaleMetricData's SeriesInfo,
 * the SDK's models) Values is one flat list of numbers, read a row of Columns at a time.
 */
export function seriesRows<Row extends z.ZodType>(row: Row, response: ApiResponse, float = false): z.output<Row>[] {
  const data = response.Data as { Series?: { Columns?: string[]; Values?: SeriesValues }[] } | null | undefined;
  return (data?.Series ?? []).flatMap((series) => {
    const columns = series.Columns ?? [];
    const values = series.Values ?? [];
    const cells = values.every((value) => typeof value === "number")
      ? Array.from({ length: columns.length === 0 ? 0 : Math.ceil(values.length / columns.length) }, (_, i) => values.slice(i * columns.length, (i + 1) * columns.length))
      : values.map((value) => (typeof value === "number" ? [] : ((float ? value.RowValueFloat : undefined) ?? value.RowValue ?? [])));
    return cells.map((rowCells) => row.parse(Object.fromEntries(columns.map((column, i) => [column, rowCells[i]]))));
  });
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF line ends) as records keyed by the header's names. */
export function csvRecords(text: string): Record<string, string>[] {
  const lines: string[][] = [[]];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && (ch === "," || ch === "\n" || ch === "\r")) {
      lines.at(-1)!.push(field);
      field = "";
      if (ch === "\r" && text[i + 1] === "\n") i++;
      if (ch !== ",") lines.push([]);
    } else {
      field += ch;
    }
  }
  lines.at(-1)!.push(field);
  const [header = [], ...records] = lines.filter((cells) => cells.some((cell) => cell !== ""));
  return records.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ""])));
}

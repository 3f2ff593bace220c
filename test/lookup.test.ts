import { csvRecords, seriesRows, splitWindow, time, toSeconds, type WindowRule, windowFailures } from "../provider/lookup";
import { z } from "zod";

// The pure pieces of lookups: reading times, checking windows before any call, and cutting a
// long span into the calls an API allows.

const HOUR = 3600;
const DAY = 86400;
/** 2026-11-22T06:00:00Z: 14:00 in China Standard Time. */
const NOW = Date.UTC(2026, 10, 22, 6) / 1000;

describe("times", () => {
  it.each([
    ["a Date", new Date("2026-11-22T06:00:00Z"), NOW],
    ["Unix seconds", NOW, NOW],
    ["an ISO-8601 instant in UTC", "2026-11-22T06:00:00Z", NOW],
    ["an ISO-8601 instant with an offset", "2026-11-22T14:00:00+08:00", NOW],
    ["an instant with fractions and a space", "2026-11-22 06:00:00.250Z", NOW],
  ])("%s", (_, value, seconds) => {
    expect(toSeconds(value, 0)).toBe(seconds);
    expect(toSeconds(value, 8)).toBe(seconds);
  });

  it("a date alone is the start of that day in the API's zone", () => {
    expect(toSeconds("2026-11-22", 0)).toBe(Date.UTC(2026, 10, 22) / 1000);
    expect(toSeconds("2026-11-22", 8)).toBe(Date.UTC(2026, 10, 21, 16) / 1000);
  });

  it.each([
    ["a local time without its offset", "2026-11-22T14:00:00"],
    ["a date that does not exist", "2026-02-30"],
    ["another format", "22/11/2026"],
    ["milliseconds", Date.UTC(2026, 10, 22)],
    ["a fraction of a second", 1.5],
    ["a negative number", -1],
    ["an invalid Date", new Date("nonsense")],
  ])("refuses %s", (_, value) => {
    expect(toSeconds(value, 0)).toBeUndefined();
    expect(time.safeParse(value).error?.issues[0]?.message).toBe(
      "must be a Date, an ISO-8601 string (2024-05-01, or 2024-05-01T08:00:00Z with its offset) or Unix seconds",
    );
  });

  it("a missing time is required, a value of another type gets the rule", () => {
    expect(time.safeParse(undefined).error?.issues[0]?.message).toBe("is required");
    expect(time.safeParse(true).error?.issues[0]?.message).toMatch(/^must be a Date/);
  });
});

const ROOMS: WindowRule = { format: "unix", zone: 0, maxAge: 14 * DAY, maxSpan: DAY, newestFirst: true };
const USERS: WindowRule = { format: "unix", zone: 0, maxAge: 14 * DAY, maxSpan: 4 * HOUR };
const USAGE: WindowRule = { format: "date", zone: 8, maxSpan: 31 * DAY };
const ROOM_USAGE: WindowRule = { format: "minute", zone: 8, maxSpan: DAY, cutAtMidnight: true };
const MARKET: WindowRule = { format: "date", zone: 0, maxAge: 60 * DAY };

describe("window rules, before any call", () => {
  it("the end must not come before the start", () => {
    expect(windowFailures("DescribeRoomInfo", ROOMS, { startTime: NOW, endTime: NOW - 1 }, NOW)).toEqual([
      { path: "endTime", message: "must not be before startTime" },
    ]);
  });

  it("the start must lie within what the API keeps, to the second", () => {
    const earliest = NOW - 14 * DAY;
    expect(windowFailures("DescribeRoomInfo", ROOMS, { startTime: earliest }, NOW)).toEqual([]);
    expect(windowFailures("DescribeRoomInfo", ROOMS, { startTime: earliest - 1 }, NOW)).toEqual([
      { path: "startTime", message: "must not be before 2026-11-08T06:00:00Z: DescribeRoomInfo keeps 14 days of data" },
    ]);
  });

  it("for APIs that take dates, whole days in the API's zone count", () => {
    const failures = (startTime: string) => windowFailures("DescribeTRTCMarketScaleData", MARKET, { startTime }, NOW);
    expect(failures("2026-09-23")).toEqual([]);
    expect(failures("2026-09-22")).toEqual([
      { path: "startTime", message: "must not be before 2026-09-23: DescribeTRTCMarketScaleData keeps 60 days of data" },
    ]);
  });

  it("the end defaults to now", () => {
    expect(splitWindow(USERS, { startTime: NOW - HOUR }, NOW)).toEqual([{ startTime: NOW - HOUR, endTime: NOW }]);
  });

  it("a span with no limit of its own is one call", () => {
    expect(splitWindow(MARKET, { startTime: "2026-09-23", endTime: "2026-11-22" }, NOW)).toEqual([
      { startTime: "2026-09-23", endTime: "2026-11-22" },
    ]);
  });
});

describe("splitting a longer span into consecutive calls", () => {
  it("Unix spans: parts of the longest span sharing their boundary second, the last one shorter", () => {
    const start = NOW - 10 * HOUR - 5;
    expect(splitWindow(USERS, { startTime: start, endTime: NOW }, NOW)).toEqual([
      { startTime: start, endTime: start + 4 * HOUR },
      { startTime: start + 4 * HOUR, endTime: start + 8 * HOUR },
      { startTime: start + 8 * HOUR, endTime: NOW },
    ]);
  });

  it("a span of exactly the longest is one call", () => {
    expect(splitWindow(USERS, { startTime: NOW - 4 * HOUR, endTime: NOW }, NOW)).toHaveLength(1);
  });

  it("lists newest first run their calls newest first, so rows stay in the API's order", () => {
    const windows = splitWindow(ROOMS, { startTime: NOW - 2 * DAY, endTime: NOW }, NOW);
    expect(windows).toEqual([
      { startTime: NOW - DAY, endTime: NOW },
      { startTime: NOW - 2 * DAY, endTime: NOW - DAY },
    ]);
  });

  it("a longest span that depends on the arguments", () => {
    const rule: WindowRule<{ startTime: number; endTime: number; metrics?: string[] }> = {
      format: "unix",
      zone: 0,
      maxSpan: (args) => (args.metrics ? HOUR : 4 * HOUR),
    };
    expect(splitWindow(rule, { startTime: NOW - 4 * HOUR, endTime: NOW }, NOW)).toHaveLength(1);
    expect(splitWindow(rule, { startTime: NOW - 4 * HOUR, endTime: NOW, metrics: ["rtt"] }, NOW)).toHaveLength(4);
  });

  it("dates: both days count; up to 31 days is one call", () => {
    expect(splitWindow(USAGE, { startTime: "2026-10-01", endTime: "2026-10-31" }, NOW)).toEqual([
      { startTime: "2026-10-01", endTime: "2026-10-31" },
    ]);
  });

  it("dates: a longer span is as few equal parts as allowed, none of them a single day", () => {
    // 32 days would be 31 + 1, and a lone day comes back in five-minute rows: 16 + 16 instead.
    expect(splitWindow(USAGE, { startTime: "2026-10-01", endTime: "2026-11-01" }, NOW)).toEqual([
      { startTime: "2026-10-01", endTime: "2026-10-16" },
      { startTime: "2026-10-17", endTime: "2026-11-01" },
    ]);
    const year = splitWindow(USAGE, { startTime: "2025-11-22", endTime: "2026-11-21" }, NOW);
    expect(year).toHaveLength(12);
    expect(year[0]).toEqual({ startTime: "2025-11-22", endTime: "2025-12-22" });
    expect(year.at(-1)).toEqual({ startTime: "2026-10-23", endTime: "2026-11-21" });
  });

  it("dates are the API's days: an instant is read in its zone", () => {
    // 17:00 UTC is already the next day in China Standard Time.
    expect(splitWindow(USAGE, { startTime: "2026-10-01T17:00:00Z", endTime: "2026-10-02T15:59:59Z" }, NOW)).toEqual([
      { startTime: "2026-10-02", endTime: "2026-10-02" },
    ]);
  });

  it("minutes: cut at the zone's midnights, each day its own call", () => {
    expect(
      splitWindow(ROOM_USAGE, { startTime: "2026-11-20T02:00:00Z", endTime: "2026-11-21T17:30:00Z" }, NOW),
    ).toEqual([
      { startTime: "2026-11-20 10:00", endTime: "2026-11-21 00:00" },
      { startTime: "2026-11-21 00:00", endTime: "2026-11-22 00:00" },
      { startTime: "2026-11-22 00:00", endTime: "2026-11-22 01:30" },
    ]);
  });

  it("seconds: up to 31 days is one call, to the second, in the zone", () => {
    const rule: WindowRule = { format: "second", zone: 8, maxSpan: 31 * DAY };
    expect(splitWindow(rule, { startTime: "2026-11-01T01:02:03Z" }, NOW)).toEqual([{ startTime: "2026-11-01 09:02:03", endTime: "2026-11-22 14:00:00" }]);
  });

  it("seconds: a longer span is parts of whole days, the last taking what is left of a day", () => {
    const rule: WindowRule = { format: "second", zone: 8, maxSpan: 31 * DAY };
    // 40 days and 6 hours: 20 days, then 20 days and 6 hours; the parts share their boundary second.
    expect(splitWindow(rule, { startTime: NOW - 40 * DAY - 6 * HOUR, endTime: NOW }, NOW)).toEqual([
      { startTime: "2026-10-13 08:00:00", endTime: "2026-11-02 08:00:00" },
      { startTime: "2026-11-02 08:00:00", endTime: "2026-11-22 14:00:00" },
    ]);
    expect(splitWindow(rule, { startTime: NOW - 62 * DAY - 1, endTime: NOW }, NOW)).toHaveLength(3);
  });

  it("minutes: a start and end within one day is one call, rounded out to whole minutes", () => {
    expect(splitWindow(ROOM_USAGE, { startTime: "2026-11-22T01:00:30Z", endTime: "2026-11-22T02:00:10Z" }, NOW)).toEqual([
      { startTime: "2026-11-22 09:00", endTime: "2026-11-22 10:01" },
    ]);
  });
});

describe("dashboard series", () => {
  const row = z.object({ time: z.number(), userCount: z.number() });

  it("TRTCDataResult's rows of RowValue, with decimals where asked", () => {
    const data = { Series: [{ Columns: ["time", "userCount"], Values: [{ RowValue: [1, 2], RowValueFloat: [1, 2.5] }, { RowValue: [2, 3] }] }] };
    expect(seriesRows(row, { Data: data })).toEqual([{ time: 1, userCount: 2 }, { time: 2, userCount: 3 }]);
    expect(seriesRows(row, { Data: data }, true)).toEqual([{ time: 1, userCount: 2.5 }, { time: 2, userCount: 3 }]);
  });

  it("TRTCDataResp's one flat list, a row of Columns at a time", () => {
    const data = { Series: [{ Columns: ["time", "userCount"], Values: [1, 2, 2, 3] }] };
    expect(seriesRows(row, { Data: data })).toEqual([{ time: 1, userCount: 2 }, { time: 2, userCount: 3 }]);
  });
});

describe("CSV", () => {
  it("reads the header's names, quoted fields, doubled quotes and either line end", () => {
    expect(csvRecords('RoomId,Audio,SD\r\n"a,b",1,2\r\n"say ""hi""",3,4\n\n')).toEqual([
      { RoomId: "a,b", Audio: "1", SD: "2" },
      { RoomId: 'say "hi"', Audio: "3", SD: "4" },
    ]);
  });

  it("a header alone, or nothing, is no rows", () => {
    expect(csvRecords("RoomId,Audio\n")).toEqual([]);
    expect(csvRecords("")).toEqual([]);
  });
});

// Lookups against the emulator over real HTTP: every page fetched in order, long spans split into
// the calls each API allows, CSV and nested answers read into typed rows, the rules checked
// before any call, and the documented rates kept without the service ever throttling.
import * as pulumi from "@pulumi/pulumi";
import * as trtc from "../index";
import { DEFAULT_SDK_APP_ID } from "../emulator";
import { SECRET_ID, SECRET_KEY } from "./helpers";
import { useFrozenEmulator } from "./sdk";

const APP = DEFAULT_SDK_APP_ID;
const HOUR = 3600;
const DAY = 86400;

/** A second key pair: the client limits each account's calls, and one test must not wait on another's 15 seconds. */
const OTHER_SECRET_ID = "AKIDtrtclocalOtherKey";
const OTHER_SECRET_KEY = "trtc-local-other-secret-key";
const suite = useFrozenEmulator({ credentials: { [SECRET_ID]: SECRET_KEY, [OTHER_SECRET_ID]: OTHER_SECRET_KEY } });
const opts = (more: trtc.FunctionSettings = {}): trtc.FunctionOptions => ({
  settings: { secretId: SECRET_ID, secretKey: SECRET_KEY, region: "ap-singapore", endpoint: suite.emulator.url, ...more },
});
const requests = (action?: string) => suite.emulator.state.requests.list().filter((r) => action === undefined || r.action === action);
const params = (action: string) => requests(action).map((r) => r.params as Record<string, unknown>);
/** The emulator's frozen now, in Unix seconds. */
const now = () => Math.floor(suite.emulator.state.clock.now() / 1000);
/** The start of the clock hour `n` hours before the current one. */
const hourAgo = (n: number) => (Math.floor(now() / HOUR) - n) * HOUR;
const distinct = <T>(values: T[]) => new Set(values).size;
const descending = (values: number[]) => values.every((v, i) => i === 0 || values[i - 1]! >= v);

async function validationError(call: Promise<unknown>) {
  const error = await call.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(trtc.ValidationError);
  return (error as trtc.ValidationError).message;
}

describe("getRoomInfo: every page, newest first", () => {
  it("reads more rows than one page holds: all of them, in order, no repeats, with the largest page", async () => {
    await suite.control.setHistory(APP, { roomsPerHour: 125 });
    const start = hourAgo(6);
    const rooms = await trtc.getRoomInfo({ sdkAppId: APP, startTime: start, endTime: start + 2 * HOUR - 1 }, opts());

    expect(rooms).toHaveLength(250);
    expect(distinct(rooms.map((r) => r.commId))).toBe(250);
    expect(descending(rooms.map((r) => r.createTime))).toBe(true);
    expect(rooms.every((r) => r.createTime >= start && r.createTime < start + 2 * HOUR)).toBe(true);
    expect(rooms[0]).toEqual({
      commId: `${APP}_${rooms[0]!.roomId}_${rooms[0]!.createTime}`,
      roomId: expect.any(String),
      createTime: expect.any(Number),
      destroyTime: expect.any(Number),
      isFinished: expect.any(Boolean),
      creatorId: expect.stringMatching(/^user_/),
    });
    expect(params("DescribeRoomInfo")).toEqual([0, 1, 2].map((page) => ({ SdkAppId: APP, StartTime: start, EndTime: start + 2 * HOUR - 1, PageNumber: page, PageSize: 100 })));
  });

  it("a span longer than a day is one call per day, newest first; a room on the shared boundary counts once", async () => {
    await suite.control.setHistory(APP, { roomsPerHour: 3 });
    const end = hourAgo(1);
    const start = end - 30 * HOUR;
    const rooms = await trtc.getRoomInfo({ sdkAppId: APP, startTime: new Date(start * 1000), endTime: new Date(end * 1000).toISOString() }, opts());

    expect(params("DescribeRoomInfo").map((p) => [p.StartTime, p.EndTime])).toEqual([
      [start + DAY, end],
      [start, start + DAY],
    ]);
    expect(rooms).toHaveLength(90);
    expect(distinct(rooms.map((r) => r.commId))).toBe(90);
    expect(descending(rooms.map((r) => r.createTime))).toBe(true);
  });

  it("limit stops the pages early", async () => {
    await suite.control.setHistory(APP, { roomsPerHour: 125 });
    const rooms = await trtc.getRoomInfo({ sdkAppId: APP, startTime: hourAgo(6), endTime: hourAgo(4), limit: 150 }, opts());
    expect(rooms).toHaveLength(150);
    expect(requests("DescribeRoomInfo")).toHaveLength(2);
  });

  it("the rooms the emulator saw are there, as TRTC would list them", async () => {
    await suite.control.setHistory(APP, { roomsPerHour: 0 });
    const joined = now();
    await suite.control.joinRoom(APP, "town-hall", "alice");
    await suite.control.advanceClock(90);
    await suite.control.joinRoom(APP, "town-hall", "bob");
    const rooms = await trtc.getRoomInfo({ sdkAppId: APP, startTime: joined - 60 }, opts());
    expect(rooms).toEqual([
      { commId: `${APP}_town-hall_${joined}`, roomId: "town-hall", createTime: joined, destroyTime: joined + 90, isFinished: false, creatorId: "alice" },
    ]);
  });

  it("getRoomInfoOutput takes Inputs, Dates among them, and gives the same rows", async () => {
    const start = hourAgo(3);
    const rows = await trtc.getRoomInfo({ sdkAppId: APP, startTime: start, endTime: start + HOUR }, opts());
    const output = trtc.getRoomInfoOutput({ sdkAppId: pulumi.output(APP), startTime: new Date(start * 1000), endTime: pulumi.output(start + HOUR) }, opts());
    expect(await new Promise((resolve) => output.apply(resolve))).toEqual(rows);
    expect(rows.length).toBeGreaterThan(0);
  });

  it("an empty scope is an empty list", async () => {
    expect(await trtc.getRoomInfo({ sdkAppId: APP, roomId: "nobody-here", startTime: hourAgo(3) }, opts())).toEqual([]);
  });
});

describe("a long lookup in a script: progress and abort", () => {
  const span = () => ({ sdkAppId: APP, startTime: hourAgo(30), endTime: hourAgo(1) });

  it("onProgress hears of every call: calls made, the window it read, rows so far", async () => {
    await suite.control.setHistory(APP, { roomsPerHour: 5 });
    const heard: trtc.LookupProgress[] = [];
    const rooms = await trtc.getRoomInfo(span(), { ...opts(), onProgress: (p) => heard.push(p) });
    const sent = requests("DescribeRoomInfo").length;
    // 29 hours are two windows of a day at most; 145 rooms take more than one page in one of them.
    expect(sent).toBeGreaterThan(2);
    expect(heard.map((p) => p.calls)).toEqual(Array.from({ length: sent }, (_, i) => i + 1));
    expect(heard.every((p) => p.functionName === "getRoomInfo" && p.windows === 2)).toBe(true);
    expect(heard.map((p) => p.window)).toEqual([...heard.map((p) => p.window)].sort());
    expect(heard.at(-1)).toMatchObject({ window: 2, rows: rooms.length });
  });

  it("an aborted signal stops it: no call after, and the call rejects with the signal's reason", async () => {
    await suite.control.setHistory(APP, { roomsPerHour: 5 });
    const controller = new AbortController();
    const reason = new Error("the user pressed Ctrl-C");
    const call = trtc.getRoomInfo(span(), { ...opts(), signal: controller.signal, onProgress: (p) => p.calls === 2 && controller.abort(reason) });
    await expect(call).rejects.toBe(reason);
    expect(requests("DescribeRoomInfo")).toHaveLength(2);
  });

  it("an abort drops the call in flight: an unanswered call does not wait for its timeout", async () => {
    suite.emulator.state.faults.add({ action: "DescribeRoomInfo", connection: "hang", count: 1 });
    const controller = new AbortController();
    const call = trtc.getRoomInfo(span(), { ...opts(), signal: controller.signal }).catch((e: unknown) => e);
    // The emulator logs a held call as it holds it: then the call is in flight.
    while (requests("DescribeRoomInfo").length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    expect(await call).toMatchObject({ name: "AbortError" });
    expect(requests("DescribeRoomInfo").map((r) => r.outcome)).toEqual(["held unanswered"]);
  });

  it("a signal aborted before the call sends nothing", async () => {
    const error = await trtc.getRealTimeScaleData({ sdkAppId: APP, startTime: hourAgo(2) }, { ...opts(), signal: AbortSignal.abort() }).catch((e) => e);
    expect(error.name).toBe("AbortError");
    expect(requests()).toEqual([]);
  });
});

describe("fetching 10,000 rows", () => {
  // The clock runs for real here, so the emulator's 20 calls a second are what the lookup meets.
  beforeEach(() => suite.control.freezeClock(false));

  // Over real HTTP a loaded machine can deliver one second's calls late, into the next second, so
  // TRTC may throttle a call, which the client retries: what must hold is that no error reaches the
  // caller and every page is read once. How often throttling happens is measured by `npm run bench`.
  it("returns exactly 10,000 distinct rows, one largest page at a time, with no throttling error", async () => {
    await suite.control.setHistory(APP, { roomsPerHour: 500 });
    const start = hourAgo(23);
    const rooms = await trtc.getRoomInfo({ sdkAppId: APP, startTime: start, endTime: start + 20 * HOUR - 1 }, opts());

    expect(rooms).toHaveLength(10_000);
    expect(distinct(rooms.map((r) => r.commId))).toBe(10_000);
    expect(descending(rooms.map((r) => r.createTime))).toBe(true);
    const calls = requests("DescribeRoomInfo");
    const answered = calls.filter((r) => r.outcome === "ok");
    expect(answered.map((r) => (r.params as { PageNumber: number }).PageNumber)).toEqual([...Array(100).keys()]);
    expect(calls.filter((r) => r.outcome !== "ok" && r.outcome !== "RequestLimitExceeded")).toEqual([]);
  });
});

describe("users, call details and events of a call", () => {
  /** A call the emulator saw: eight users join a minute apart; the first two leave after ten minutes. */
  async function townHall(): Promise<{ commId: string; since: number; users: string[] }> {
    await suite.control.setHistory(APP, { roomsPerHour: 0 });
    const since = now();
    const users = Array.from({ length: 8 }, (_, i) => `user-${i}`);
    for (const user of users) {
      await suite.control.joinRoom(APP, "town-hall", user);
      await suite.control.advanceClock(60);
    }
    await suite.control.advanceClock(120);
    for (const user of users.slice(0, 2)) await suite.control.leaveRoom(APP, "town-hall", user);
    await suite.control.advanceClock(60);
    return { commId: `${APP}_town-hall_${since}`, since, users };
  }

  it("getUserInfo: one row per stay, in order of entry", async () => {
    const { commId, since, users } = await townHall();
    const rows = await trtc.getUserInfo({ sdkAppId: APP, commId, startTime: since, endTime: now() }, opts());
    expect(rows.map((u) => u.userId)).toEqual(users);
    expect(rows[0]).toEqual({
      roomId: "town-hall",
      userId: "user-0",
      joinTs: since,
      leaveTs: since + 600,
      finished: true,
      deviceType: expect.any(String),
      sdkVersion: expect.any(String),
      clientIp: expect.stringMatching(/^10\./),
    });
    expect(rows[7]).toMatchObject({ joinTs: since + 420, leaveTs: now(), finished: false });
  });

  it("getCallDetailInfo: with metrics, six users a page; each stay's readings inside it", async () => {
    const { commId, since } = await townHall();
    const rows = await trtc.getCallDetailInfo({ sdkAppId: APP, commId, startTime: since, endTime: now(), metrics: ["rtt", "aLoss"] }, opts());
    expect(rows).toHaveLength(8);
    expect(params("DescribeCallDetailInfo").map((p) => [p.PageNumber, p.PageSize, p.DataType])).toEqual([
      [0, 6, ["rtt", "aLoss"]],
      [1, 6, ["rtt", "aLoss"]],
    ]);
    for (const row of rows) {
      expect(row.metrics.map((m) => [m.dataType, m.peerId])).toEqual([
        ["rtt", ""],
        ["aLoss", ""],
      ]);
      // Readings every two seconds, from the stay's first to its last.
      const times = row.metrics[0]!.points.map((p) => p.time);
      expect(times[0]! - row.joinTs).toBeGreaterThanOrEqual(0);
      expect(times[0]! - row.joinTs).toBeLessThan(2);
      expect(row.leaveTs - times.at(-1)!).toBeLessThan(2);
      expect(times.every((t, i) => i === 0 || t === times[i - 1]! + 2)).toBe(true);
    }
  });

  it("getCallDetailInfo: a span over an hour is one call per hour, each stay's readings joined once", async () => {
    await suite.control.setHistory(APP, { roomsPerHour: 0 });
    const since = now();
    await suite.control.joinRoom(APP, 1234, "alice");
    await suite.control.advanceClock(2 * HOUR);
    const [alice] = await trtc.getCallDetailInfo({ sdkAppId: APP, commId: `${APP}_1234_${since}`, startTime: since, endTime: now(), metrics: ["rtt"] }, opts());
    expect(params("DescribeCallDetailInfo").map((p) => [p.StartTime, p.EndTime])).toEqual([
      [since, since + HOUR],
      [since + HOUR, since + 2 * HOUR],
    ]);
    // The reading at the windows' shared second comes once.
    const [first, last] = [since + (since % 2), since + 2 * HOUR - (since % 2)];
    expect(alice!.metrics[0]!.points.map((p) => p.time)).toEqual(Array.from({ length: (last - first) / 2 + 1 }, (_, i) => first + 2 * i));
  });

  it("getUserEvents: a user's entering and leaving, as one timeline", async () => {
    const { commId, since } = await townHall();
    const events = await trtc.getUserEvents({ sdkAppId: APP, commId, userId: "user-1", startTime: since, endTime: now() }, opts());
    expect(params("DescribeUserEvent")[0]).toMatchObject({ RoomId: "town-hall", UserId: "user-1" });
    const own = events.filter((e) => e.peerId === "user-1").map((e) => e.eventId);
    expect(own.slice(0, 4)).toEqual([5001, 5003, 7000, 5009]);
    expect(own.at(-1)).toBe(7001);
    expect(events.at(-1)).toEqual({ peerId: "user-1", type: 0, time: (since + 600) * 1000, eventId: 7001, paramOne: 0, paramTwo: -1 });
    expect(events.map((e) => e.time)).toEqual([...events.map((e) => e.time)].sort((a, b) => a - b));
  });

  it("an unknown call has no users and no events", async () => {
    const commId = `${APP}_nowhere_${hourAgo(2)}`;
    expect(await trtc.getUserInfo({ sdkAppId: APP, commId, startTime: hourAgo(3) }, opts())).toEqual([]);
    expect(await trtc.getUserEvents({ sdkAppId: APP, commId, userId: "ghost", startTime: hourAgo(3) }, opts())).toEqual([]);
  });
});

describe("rules checked before any call", () => {
  it.each([
    [
      "getRoomInfo",
      () => trtc.getRoomInfo({ sdkAppId: APP, startTime: Math.floor(Date.now() / 1000) - 15 * DAY }, opts()),
      /^getRoomInfo: startTime: must not be before \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: DescribeRoomInfo keeps 14 days of data$/,
    ],
    ["getRoomInfo", () => trtc.getRoomInfo({ sdkAppId: APP, startTime: "2026-11-20T10:00:00Z", endTime: "2026-11-20T09:00:00Z" }, opts()), /^getRoomInfo: endTime: must not be before startTime$/],
    ["getRoomInfo", () => trtc.getRoomInfo({ sdkAppId: APP, startTime: "yesterday" }, opts()), /^getRoomInfo: startTime: must be a Date, an ISO-8601 string/],
    ["getRoomInfo", () => trtc.getRoomInfo({ sdkAppId: APP, startTime: hourAgo(1), limit: 0 }, opts()), /^getRoomInfo: limit: must be 1 or more$/],
    [
      "getCallDetailInfo",
      () => trtc.getCallDetailInfo({ sdkAppId: APP, commId: `${APP}_1_1`, startTime: hourAgo(1), userIds: ["a", "b", "c", "d", "e", "f", "g"], metrics: "all" }, opts()),
      /^getCallDetailInfo: userIds: must list at most 6 users when metrics are read$/,
    ],
    ["getUserInfo", () => trtc.getUserInfo({ sdkAppId: APP, commId: "1234", startTime: hourAgo(1) }, opts()), /^getUserInfo: commId: must be a call id as getRoomInfo lists it/],
    ["getTrtcUsage", () => trtc.getTrtcUsage({ startTime: "2026-11-01", region: "ap-mumbai" }, opts()), /^getTrtcUsage: region: DescribeTrtcUsage is served only in ap-guangzhou, ap-singapore; got "ap-mumbai"$/],
    ["getMarketScaleData", () => trtc.getMarketScaleData({ sdkAppId: APP, startTime: "2026-11-01", period: "week" as never }, opts()), /^getMarketScaleData: period: must be "day" or "hour"$/],
  ])("%s: %s", async (_, call, message) => {
    expect(await validationError(call())).toMatch(message);
    expect(requests()).toEqual([]);
  });
});

describe("usage", () => {
  /** Days of China Standard Time, as `YYYY-MM-DD`, `n` days before today there. */
  const cstDay = (n: number) => new Date((now() + 8 * HOUR - n * DAY) * 1000).toISOString().slice(0, 10);

  it("getTrtcUsage: daily rows for a longer span, split into equal parts of at most 31 days", async () => {
    const rows = await trtc.getTrtcUsage({ sdkAppId: APP, startTime: cstDay(40), endTime: cstDay(1) }, opts());
    expect(params("DescribeTrtcUsage")).toEqual([
      { SdkAppId: APP, StartTime: cstDay(40), EndTime: cstDay(21) },
      { SdkAppId: APP, StartTime: cstDay(20), EndTime: cstDay(1) },
    ]);
    expect(rows.map((r) => r.timeKey)).toEqual(Array.from({ length: 40 }, (_, i) => `${cstDay(40 - i)} 00:00:00`));
    expect(rows.every((r, i) => i === 0 || r.time === rows[i - 1]!.time + DAY)).toBe(true);
    expect(Object.keys(rows[0]!.usage)).toEqual(["Audio", "SD", "HD", "FullHD", "2K", "4K"]);
    expect(rows.some((r) => Object.values(r.usage).some((v) => v > 0))).toBe(true);
  });

  it("getTrtcUsage: one day is five-minute rows", async () => {
    const rows = await trtc.getTrtcUsage({ sdkAppId: APP, startTime: cstDay(1), endTime: cstDay(1) }, opts());
    expect(rows).toHaveLength(288);
    expect(rows[1]!.timeKey).toBe(`${cstDay(1)} 00:05:00`);
  });

  it("a user's minutes are the usage: getTrtcUsage counts what getUserInfo lists", async () => {
    await suite.control.setHistory(APP, { roomsPerHour: 0 });
    await suite.control.joinRoom(APP, "standup", "alice");
    await suite.control.advanceClock(600);
    await suite.control.leaveRoom(APP, "standup", "alice");
    // Yesterday and today, in case the ten minutes crossed midnight.
    const rows = await trtc.getTrtcUsage({ sdkAppId: APP, startTime: cstDay(1), endTime: cstDay(0) }, opts());
    const minutes = rows.reduce((sum, r) => sum + Object.values(r.usage).reduce((a, b) => a + b, 0), 0);
    expect(minutes).toBeCloseTo(10, 5);
  });

  it("getRecordingUsage, getMixTranscodingUsage, getRelayUsage: their own keys", async () => {
    const day = { sdkAppId: APP, startTime: cstDay(3), endTime: cstDay(2) };
    const [recording] = await trtc.getRecordingUsage({ ...day, mixType: "multi" }, opts());
    const [mix] = await trtc.getMixTranscodingUsage(day, opts());
    const [relay] = await trtc.getRelayUsage(day, opts());
    expect(params("DescribeRecordingUsage")[0]).toMatchObject({ MixType: "multi" });
    expect(Object.keys(mix!.usage)).toEqual(["Audio", "SDH264", "HDH264", "FullHDH264", "2KH264", "4KH264", "SDH265", "HDH265", "FullHDH265", "2KH265", "4KH265"]);
    expect(Object.keys(relay!.usage)).toEqual(["Bandwidth"]);
    // Mixed-stream recordings are what is mix-transcoded.
    expect(Object.values(recording!.usage).reduce((a, b) => a + b)).toBeCloseTo(Object.values(mix!.usage).reduce((a, b) => a + b), 5);
  });

  it("getTrtcRoomUsage: the CSV read into rows per room, in seconds by class", async () => {
    await suite.control.setHistory(APP, { roomsPerHour: 0 });
    // At noon (China Standard Time) the five minutes stay within one day: one call.
    await suite.control.advanceClock((((12 * HOUR - ((now() + 8 * HOUR) % DAY)) % DAY) + DAY) % DAY);
    const start = now();
    await suite.control.joinRoom(APP, "a,room", "alice");
    await suite.control.joinRoom(APP, 42, "bob");
    await suite.control.advanceClock(300);
    const rows = await trtc.getTrtcRoomUsage({ sdkAppId: APP, startTime: start, endTime: now() }, opts());
    expect(rows.map((r) => r.roomId)).toEqual(["42", "a,room"]);
    for (const row of rows) {
      expect(Object.keys(row.seconds)).toEqual(["Audio", "SD", "HD", "FullHD", "2K", "4K"]);
      expect(Object.values(row.seconds).reduce((a, b) => a + b)).toBe(300);
    }
  });
});

describe("the usage APIs' own rates", () => {
  beforeEach(() => suite.control.freezeClock(false));

  it("a year of usage is twelve calls at 5 a second, none throttled", async () => {
    await suite.control.setHistory(APP, { roomsPerHour: 1 });
    const rows = await trtc.getTrtcUsage({ sdkAppId: APP, startTime: "2025-11-01", endTime: "2026-10-31" }, opts());
    const calls = requests("DescribeTrtcUsage");
    expect(calls).toHaveLength(12);
    expect(calls.every((r) => r.outcome === "ok")).toBe(true);
    expect(rows).toHaveLength(365);
    // Five in the first second, the rest after it: the client waits instead of being refused.
    expect(calls[5]!.time - calls[0]!.time).toBeGreaterThanOrEqual(1000);
  });

  it("getTrtcRoomUsage: a span over midnight is one call per day, 15 seconds apart, rooms summed", async () => {
    await suite.control.setHistory(APP, { roomsPerHour: 0 });
    // Someone in the room from an hour before midnight (China Standard Time) to an hour after.
    const midnight = Math.floor((now() + 8 * HOUR) / DAY) * DAY - 8 * HOUR;
    const control = suite.control;
    await control.advanceClock(midnight + DAY - HOUR - now());
    await control.joinRoom(APP, "late-show", "host");
    await control.advanceClock(2 * HOUR);
    await control.leaveRoom(APP, "late-show", "host");
    const startTime = new Date((midnight + DAY - 2 * HOUR) * 1000);
    const endTime = new Date((midnight + DAY + 2 * HOUR) * 1000);
    const rows = await trtc.getTrtcRoomUsage({ sdkAppId: APP, startTime, endTime }, opts({ secretId: OTHER_SECRET_ID, secretKey: OTHER_SECRET_KEY }));
    const calls = requests("DescribeTrtcRoomUsage");
    expect(calls.map((r) => [(r.params as { StartTime: string }).StartTime.slice(11), (r.params as { EndTime: string }).EndTime.slice(11)])).toEqual([
      ["22:00", "00:00"],
      ["00:00", "02:00"],
    ]);
    expect(calls.every((r) => r.outcome === "ok")).toBe(true);
    expect(calls[1]!.time - calls[0]!.time).toBeGreaterThanOrEqual(15_000);
    expect(rows).toHaveLength(1);
    expect(Object.values(rows[0]!.seconds).reduce((a, b) => a + b)).toBe(2 * HOUR);
  }, 90_000);
});

describe("dashboard", () => {
  it("getRealTimeScaleData: users and rooms online every ten seconds; no region needed", async () => {
    await suite.control.setHistory(APP, { roomsPerHour: 0 });
    await suite.control.advanceClock(10 - (now() % 10));
    const start = now();
    for (const user of ["alice", "bob", "carol"]) await suite.control.joinRoom(APP, "stage", user);
    await suite.control.joinRoom(APP, "backstage", "dave");
    await suite.control.advanceClock(30);
    const { region: _, ...noRegion } = opts().settings!;
    const env = { ...process.env };
    delete process.env.TENCENTCLOUD_REGION;
    try {
      const all = await trtc.getRealTimeScaleData({ sdkAppId: APP, startTime: start, endTime: now() }, { settings: noRegion });
      const stage = await trtc.getRealTimeScaleData({ sdkAppId: APP, roomId: "stage", startTime: start, endTime: now() }, { settings: noRegion });
      expect(all).toEqual([0, 10, 20, 30].map((s) => ({ time: start + s, userCount: 4, roomCount: 2 })));
      expect(stage).toEqual([0, 10, 20, 30].map((s) => ({ time: start + s, userCount: 3, roomCount: 1 })));
    } finally {
      process.env = env;
    }
    expect(requests("DescribeTRTCRealTimeScaleData").map((r) => [r.region, (r.params as { SdkAppId: unknown }).SdkAppId])).toEqual([
      ["", String(APP)],
      ["", String(APP)],
    ]);
  });

  it("getRealTimeQualityData: stutter rates, zero where nobody is online", async () => {
    await suite.control.setHistory(APP, { roomsPerHour: 0 });
    const rows = await trtc.getRealTimeQualityData({ sdkAppId: APP, startTime: now() - 60 }, opts());
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(rows.every((r) => r.videoFreezeRate === 0 && r.audioFreezeRate === 0)).toBe(true);
  });

  it("trtc:dashboardEdition standard refuses before any call what the Standard edition does not keep", async () => {
    // The Premium edition's 12 hours (the SDK's models) by default; the page's 1 hour for Standard.
    const twoHoursAgo = now() - 2 * HOUR;
    expect(await trtc.getRealTimeScaleData({ sdkAppId: APP, startTime: twoHoursAgo }, opts())).not.toHaveLength(0);
    const standard = opts({ dashboardEdition: "standard" });
    expect(await validationError(trtc.getRealTimeScaleData({ sdkAppId: APP, startTime: twoHoursAgo }, standard))).toMatch(
      /^getRealTimeScaleData: startTime: must not be before .*: DescribeTRTCRealTimeScaleData keeps 1 hour of data$/,
    );
    const utcDay = (n: number) => new Date((now() - n * DAY) * 1000).toISOString().slice(0, 10);
    expect(await validationError(trtc.getMarketScaleData({ sdkAppId: APP, period: "day", startTime: utcDay(45) }, standard))).toMatch(/keeps 30 days of data$/);
    expect(requests("DescribeTRTCRealTimeScaleData")).toHaveLength(1);
    expect(requests("DescribeTRTCMarketScaleData")).toHaveLength(0);
  });

  it("getMarketScaleData and getMarketQualityData: one row per UTC day, rates with decimals", async () => {
    const utcDay = (n: number) => new Date((now() - n * DAY) * 1000).toISOString().slice(0, 10);
    const scale = await trtc.getMarketScaleData({ sdkAppId: APP, startTime: utcDay(3), endTime: utcDay(1), period: "day" }, opts());
    const quality = await trtc.getMarketQualityData({ sdkAppId: APP, startTime: utcDay(3), endTime: utcDay(1), period: "day" }, opts());
    const days = [3, 2, 1].map((n) => Date.parse(`${utcDay(n)}T00:00:00Z`) / 1000);
    expect(scale.map((r) => r.time)).toEqual(days);
    expect(scale.every((r) => r.roomCount! >= 4 * 24 && r.peakCurrentUsers! > 0)).toBe(true);
    expect(quality.map((r) => r.time)).toEqual(days);
    expect(params("DescribeTRTCMarketQualityData")[0]).toMatchObject({ Period: "d", IsFloat: true });
    expect(quality.some((r) => !Number.isInteger(r.joinSuccessIn5sRate))).toBe(true);
  });
});

describe("getScaleInfo and getUnusualEvents", () => {
  it("getScaleInfo: whole days of China Standard Time before today, newest first", async () => {
    const rows = await trtc.getScaleInfo({ sdkAppId: APP, startTime: now() - 3 * DAY }, opts());
    expect(rows).toHaveLength(3);
    expect(rows[0]!.time - rows[1]!.time).toBe(DAY);
    expect(rows.every((r) => r.roomNumbers === 96 && r.userCount! >= 2 * 96)).toBe(true);
  });

  it("getUnusualEvents: an hour per call, each experience once", async () => {
    await suite.control.setHistory(APP, { roomsPerHour: 60 });
    const rows = await trtc.getUnusualEvents({ sdkAppId: APP, startTime: hourAgo(4), endTime: hourAgo(1) }, opts());
    expect(requests("DescribeUnusualEvent")).toHaveLength(3);
    expect(rows.length).toBeGreaterThan(20);
    expect(distinct(rows.map((r) => `${r.userId}/${r.eventTime}/${r.experienceId}`))).toBe(rows.length);
    expect(rows[0]).toEqual({
      userId: expect.any(String),
      experienceId: expect.any(Number),
      roomId: expect.any(String),
      abnormalEventList: [expect.objectContaining({ abnormalEventId: expect.any(Number), peerId: expect.any(String) }), ...rows[0]!.abnormalEventList.slice(1)],
      eventTime: expect.any(Number),
    });
  });
});

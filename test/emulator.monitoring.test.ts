// The emulator's monitoring, usage and dashboard families, called with Tencent's own SDK: the
// documented paging, window and rate rules with their error codes, and answers that are the same
// on every run.
import { DEFAULT_SDK_APP_ID } from "../emulator";
import { useFrozenEmulator } from "./sdk";
import { botSig } from "./helpers";

const APP = DEFAULT_SDK_APP_ID;
const HOUR = 3600;
const DAY = 86400;

const suite = useFrozenEmulator();
const now = () => Math.floor(suite.emulator.state.clock.now() / 1000);
const call = (action: string, params: Record<string, unknown>) => suite.trtc.request(action, params) as Promise<Record<string, unknown>>;
const failure = (action: string, params: Record<string, unknown>) =>
  call(action, params).then(
    () => undefined,
    (e: { code: string }) => e.code,
  );
/** The start of the clock hour `n` hours before the current one. */
const hourAgo = (n: number) => (Math.floor(now() / HOUR) - n) * HOUR;
const cstDay = (n: number) => new Date((now() + 8 * HOUR - n * DAY) * 1000).toISOString().slice(0, 10);

describe("paging, as PAGING declares it", () => {
  const rooms = (more: Record<string, unknown>) => call("DescribeRoomInfo", { SdkAppId: APP, StartTime: hourAgo(5), EndTime: hourAgo(3) - 1, ...more });

  beforeEach(() => suite.control.setHistory(APP, { roomsPerHour: 30 }));

  it("Total counts every record; a page is PageSize records from PageNumber * PageSize", async () => {
    const all = await rooms({ PageNumber: 0, PageSize: 100 });
    const second = await rooms({ PageNumber: 1, PageSize: 25 });
    expect(all.Total).toBe(60);
    expect(second.Total).toBe(60);
    expect(second.RoomList).toEqual((all.RoomList as unknown[]).slice(25, 50));
  });

  it("without both PageNumber and PageSize, the first ten", async () => {
    const all = await rooms({ PageNumber: 0, PageSize: 100 });
    expect((await rooms({ PageSize: 50 })).RoomList).toEqual((all.RoomList as unknown[]).slice(0, 10));
  });

  it.each([
    [{ PageNumber: -1, PageSize: 10 }, "InvalidParameter.PageNumber"],
    [{ PageNumber: 0, PageSize: 0 }, "InvalidParameter.PageSize"],
    [{ PageNumber: 0, PageSize: 101 }, "InvalidParameter.PageSizeOversize"],
  ])("%j: %s", async (page, code) => {
    expect(await failure("DescribeRoomInfo", { SdkAppId: APP, StartTime: hourAgo(2), EndTime: hourAgo(1), ...page })).toBe(code);
  });

  it("DescribeCallDetailInfo with DataType: six users at most, per page or named", async () => {
    const base = { SdkAppId: APP, CommId: `${APP}_1_${hourAgo(1)}`, StartTime: hourAgo(1), EndTime: hourAgo(1) + 60, DataType: ["rtt"] };
    expect(await failure("DescribeCallDetailInfo", { ...base, PageNumber: 0, PageSize: 7 })).toBe("InvalidParameter.UserIdsMorethanSix");
    expect(await failure("DescribeCallDetailInfo", { ...base, UserIds: ["a", "b", "c", "d", "e", "f", "g"] })).toBe("InvalidParameter.UserIdsMorethanSix");
    const { DataType: _, ...usersOnly } = base;
    expect(await call("DescribeCallDetailInfo", { ...usersOnly, PageNumber: 0, PageSize: 100 })).toMatchObject({ Total: 0, UserList: [] });
  });
});

describe("time windows, as WINDOWS declares them", () => {
  const at = () => now() - HOUR;
  it.each([
    ["DescribeRoomInfo", "a start older than 14 days", () => ({ StartTime: now() - 14 * DAY - 1, EndTime: at() }), "InvalidParameter.StartTsOversize"],
    ["DescribeRoomInfo", "more than 24 hours", () => ({ StartTime: at() - DAY - 1, EndTime: at() }), "InvalidParameter.QueryScaleOversize"],
    ["DescribeUserInfo", "more than 4 hours", () => ({ CommId: "x", StartTime: at() - 4 * HOUR - 1, EndTime: at() }), "InvalidParameter.QueryScaleOversize"],
    ["DescribeUnusualEvent", "more than an hour", () => ({ StartTime: at() - HOUR - 1, EndTime: at() }), "InvalidParameter.QueryScaleOversize"],
    ["DescribeRoomInfo", "an end before the start", () => ({ StartTime: at(), EndTime: at() - 1 }), "InvalidParameter.EndTs"],
    ["DescribeRoomInfo", "no StartTime", () => ({ EndTime: at() }), "MissingParameter.StartTs"],
  ])("%s, %s: %s", async (action, _, times, code) => {
    expect(await failure(action, { SdkAppId: APP, ...times() })).toBe(code);
  });

  it("the longest spans themselves are allowed", async () => {
    expect(await failure("DescribeRoomInfo", { SdkAppId: APP, StartTime: now() - DAY, EndTime: now() })).toBeUndefined();
    expect(await failure("DescribeUnusualEvent", { SdkAppId: APP, StartTime: now() - HOUR, EndTime: now() })).toBeUndefined();
  });

  it("DescribeCallDetailInfo: four hours for users alone, one hour with metrics", async () => {
    const base = { SdkAppId: APP, CommId: `${APP}_1_1`, StartTime: now() - 2 * HOUR, EndTime: now() };
    expect(await call("DescribeCallDetailInfo", base)).toMatchObject({ Total: 0 });
    expect(await failure("DescribeCallDetailInfo", { ...base, DataType: ["rtt"] })).toBe("InvalidParameter.QueryScaleOversize");
  });

  it("usage: dates of 31 days at most; DescribeTrtcRoomUsage: minutes of 24 hours at most", async () => {
    expect(await failure("DescribeTrtcUsage", { StartTime: cstDay(32), EndTime: cstDay(1) })).toBe("InvalidParameter.QueryScaleOversize");
    expect(await failure("DescribeTrtcUsage", { StartTime: "2026/11/01", EndTime: cstDay(1) })).toBe("InvalidParameter.StartTs");
    expect(await failure("DescribeTrtcUsage", { StartTime: cstDay(1), EndTime: cstDay(2) })).toBe("InvalidParameter.EndTs");
    expect((await call("DescribeTrtcUsage", { StartTime: cstDay(31), EndTime: cstDay(1) })).UsageList).toHaveLength(31);
    expect(await failure("DescribeTrtcRoomUsage", { SdkAppid: APP, StartTime: `${cstDay(2)} 10:00`, EndTime: `${cstDay(1)} 10:01` })).toBe("InvalidParameter");
    // A refused call counts against the rate too.
    await suite.control.advanceClock(15);
    expect(await failure("DescribeTrtcRoomUsage", { SdkAppid: APP, StartTime: `${cstDay(1)} 10:00`, EndTime: `${cstDay(1)} 24:00` })).toBe("InvalidParameter.EndTs");
  });

  it("the dashboard: 12 hours back in real time, 60 days of whole days", async () => {
    const base = { SdkAppId: String(APP) };
    expect(await failure("DescribeTRTCRealTimeScaleData", { ...base, StartTime: now() - 12 * HOUR - 1, EndTime: now() })).toBe("InvalidParameter.StartTimeOversize");
    const utcDay = (n: number) => new Date((now() - n * DAY) * 1000).toISOString().slice(0, 10);
    expect(await failure("DescribeTRTCMarketScaleData", { ...base, StartTime: utcDay(61), EndTime: utcDay(1), Period: "d" })).toBe("InvalidParameter.StartTimeOversize");
    expect(await failure("DescribeTRTCMarketScaleData", { ...base, StartTime: utcDay(2), EndTime: utcDay(1), Period: "w" })).toBe("InvalidParameter");
  });
});

describe("applications and regions", () => {
  it("every application the emulator knows has data: one a user joined in, one whose history was set", async () => {
    const window = { StartTime: hourAgo(2), EndTime: now() };
    const rooms = (sdkAppId: number) => call("DescribeRoomInfo", { SdkAppId: sdkAppId, ...window });
    expect(await failure("DescribeRoomInfo", { SdkAppId: 1400012345, ...window })).toBe("InvalidParameter.SdkAppId");
    await suite.control.joinRoom(1400012345, "stage", "host");
    expect((await rooms(1400012345)).RoomList).toEqual(expect.arrayContaining([expect.objectContaining({ RoomString: "stage" })]));
    await suite.control.setHistory(1400054321, { roomsPerHour: 2 });
    expect((await rooms(1400054321)).Total).toBeGreaterThan(0);
  });


  it("only the account's applications have data", async () => {
    const window = { StartTime: now() - 60, EndTime: now() };
    expect(await failure("DescribeRoomInfo", { SdkAppId: 1400009999, ...window })).toBe("InvalidParameter.SdkAppId");
    expect(await failure("DescribeTRTCRealTimeScaleData", { SdkAppId: "1400009999", ...window })).toBe("InvalidParameter.SdkAppId");
    expect(await failure("DescribeTrtcRoomUsage", { SdkAppid: 1400009999, StartTime: `${cstDay(1)} 10:00`, EndTime: `${cstDay(1)} 11:00` })).toBe(
      "FailedOperation.SdkAppIdNotExist",
    );
  });

  it("call quality and usage check their regions; the dashboard needs none", async () => {
    const { sdkClient } = await import("./sdk");
    const mumbai = sdkClient(suite.emulator.url, { region: "ap-mumbai" });
    await expect(mumbai.request("DescribeTrtcUsage", { StartTime: cstDay(1), EndTime: cstDay(1) })).rejects.toMatchObject({ code: "UnsupportedRegion" });
    await expect(mumbai.request("DescribeRoomInfo", { SdkAppId: APP, StartTime: now() - 60, EndTime: now() })).resolves.toMatchObject({ Total: expect.any(Number) });
    const nowhere = sdkClient(suite.emulator.url, { region: "" });
    await expect(nowhere.request("DescribeTRTCRealTimeQualityData", { SdkAppId: String(APP), StartTime: now() - 60, EndTime: now() })).resolves.toHaveProperty("Data");
    await expect(nowhere.request("DescribeRoomInfo", { SdkAppId: APP, StartTime: now() - 60, EndTime: now() })).rejects.toMatchObject({ code: "MissingParameter.Region" });
  });
});

describe("rates declared on the actions", () => {
  it("usage: five calls a second", async () => {
    const usage = () => failure("DescribeRelayUsage", { StartTime: cstDay(1), EndTime: cstDay(1) });
    for (let i = 0; i < 5; i++) expect(await usage()).toBeUndefined();
    expect(await usage()).toBe("RequestLimitExceeded");
    await suite.control.advanceClock(1);
    expect(await usage()).toBeUndefined();
  });

  it("DescribeTrtcRoomUsage: one call every 15 seconds", async () => {
    const roomUsage = () => failure("DescribeTrtcRoomUsage", { SdkAppid: APP, StartTime: `${cstDay(1)} 10:00`, EndTime: `${cstDay(1)} 11:00` });
    expect(await roomUsage()).toBeUndefined();
    await suite.control.advanceClock(14);
    expect(await roomUsage()).toBe("RequestLimitExceeded");
    await suite.control.advanceClock(1);
    expect(await roomUsage()).toBeUndefined();
  });
});

describe("seeded history", () => {
  const rooms = () => call("DescribeRoomInfo", { SdkAppId: APP, StartTime: hourAgo(3), EndTime: hourAgo(2) - 1, PageNumber: 0, PageSize: 100 });

  it("the same every time; the control surface sets how much, and another seed gives other rooms", async () => {
    const first = await rooms();
    expect(first.Total).toBe(4);
    expect((await rooms()).RoomList).toEqual(first.RoomList);
    await suite.control.setHistory(APP, { roomsPerHour: 7 });
    expect((await rooms()).Total).toBe(7);
    await suite.control.setHistory(APP, { roomsPerHour: 4, seed: 2 });
    const reseeded = await rooms();
    expect(reseeded.Total).toBe(4);
    expect(reseeded.RoomList).not.toEqual(first.RoomList);
  });

  it("the control surface refuses a volume out of range", async () => {
    await expect(suite.control.setHistory(APP, { roomsPerHour: -1 })).rejects.toThrow(/roomsPerHour must be within \[0, 10000\]/);
  });

  it("a room the emulator saw is a CSV row of its users' seconds, its id quoted", async () => {
    await suite.control.setHistory(APP, { roomsPerHour: 0 });
    const start = now();
    await suite.control.joinRoom(APP, 'say "hi", all', "alice");
    await suite.control.advanceClock(120);
    const csv = (await call("DescribeTrtcRoomUsage", { SdkAppid: APP, StartTime: formatMinute(start - 60), EndTime: formatMinute(start + 180) })).Data as string;
    const [header, row, end] = csv.split("\n");
    expect(header).toBe("RoomId,Audio,SD,hd,FullHD,2K,4K");
    expect(row!.startsWith('"say ""hi"", all",')).toBe(true);
    expect(row!.split(",").slice(-6).map(Number).reduce((a, b) => a + b)).toBe(120);
    expect(end).toBe("");
  });
});

describe("what the emulator saw", () => {
  it("tasks' bots are users of their room; a recording run there is recording usage", async () => {
    await suite.control.setHistory(APP, { roomsPerHour: 0 });
    const start = now();
    const room = { SdkAppId: APP, RoomId: "1234" };
    await call("StartStreamIngest", { ...room, RoomIdType: 1, UserId: "ingest-bot", UserSig: botSig("ingest-bot"), StreamUrl: "https://media.example.com/movie.mp4" });
    await call("CreateCloudRecording", { ...room, UserId: "recorder", UserSig: botSig("recorder"), RecordParams: { RecordMode: 1 }, StorageParams: { CloudStorage: { Vendor: 0, Region: "ap-singapore", Bucket: "b-1250000000", AccessKey: "ak", SecretKey: "sk" } } });
    await suite.control.advanceClock(600);

    const users = await call("DescribeUserInfo", { SdkAppId: APP, CommId: `${APP}_1234_${start}`, StartTime: start, EndTime: now(), PageNumber: 0, PageSize: 100 });
    expect(users.UserList).toEqual([
      expect.objectContaining({ RoomStr: "1234", UserId: "ingest-bot", JoinTs: start, LeaveTs: now(), Finished: false, DeviceType: "Server" }),
      expect.objectContaining({ UserId: "recorder", DeviceType: "Server" }),
    ]);
    // Single-stream recording records the anchor (the ingest bot's HD stream), not the recorder.
    // Yesterday and today, in case the ten minutes crossed midnight.
    const usage = await call("DescribeRecordingUsage", { StartTime: cstDay(1), EndTime: cstDay(0), MixType: "single" });
    const minutes = (usage.UsageList as { UsageValue: number[] }[]).reduce((sum, row) => sum.map((v, i) => v + row.UsageValue[i]!), [0, 0, 0, 0, 0, 0]);
    expect(minutes.map((v) => Math.round(v * 100) / 100)).toEqual([0, 0, 10, 0, 0, 0]);
  });
});

/** `YYYY-MM-DD HH:MM` of Unix seconds in China Standard Time. */
function formatMinute(t: number): string {
  return new Date((t + 8 * HOUR) * 1000).toISOString().slice(0, 16).replace("T", " ");
}

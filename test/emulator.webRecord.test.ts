// The web recording family of the emulator over real HTTP, called through Tencent's SDK: the
// documented lifecycle, Describe by TaskId or by RecordId, RecordId refusing a duplicate while its
// recording runs, nested parameter validation with TRTC's codes, the region, and the end at
// MaxDurationLimit on the virtual clock, after which Describe and Stop say the task is gone.
import type { TaskRecord } from "../emulator";
import { sdkClient, useFrozenEmulator } from "./sdk";

const APP = 1400000001;
const COS = { Vendor: 0, Region: "ap-singapore", Bucket: "webrecord-1250000000", AccessKey: "AKID", SecretKey: "cos-key", FileNamePrefix: ["boards"] };
/** tccli's example of StartWebRecord. */
const START = {
  RecordUrl: "https://scores.example.com/board",
  StorageParams: { CloudStorage: COS },
  SdkAppId: APP,
  MaxDurationLimit: 3600,
  WebRecordVideoParams: { Width: 1280, Height: 720, Format: "mp4" },
};

const suite = useFrozenEmulator();

const start = async (overrides: Record<string, unknown> = {}, client = suite.trtc): Promise<string> =>
  ((await client.request("StartWebRecord", { ...START, ...overrides })) as { TaskId: string }).TaskId;
const describe_ = (params: Record<string, unknown>) => suite.trtc.request("DescribeWebRecord", params);
const stop = (TaskId: string) => suite.trtc.request("StopWebRecord", { TaskId });
const record = async (taskId: string): Promise<TaskRecord> => (await suite.control.tasks()).find((t) => t.taskId === taskId)!;
/** The error code a call answers. */
const code = (call: Promise<unknown>): Promise<string | undefined> => call.then(() => "ok", (e: { code?: string }) => e.code);

test("starts the example, describes it by TaskId and by RecordId, and stops it; then it is gone", async () => {
  const taskId = await start({ RecordId: "board-1" });
  expect(await record(taskId)).toMatchObject({ family: "WebRecord", sdkAppId: APP, roomless: true, publishes: false, status: "InProgress" });
  // In no room: the control surface lists no room for it.
  expect(await suite.control.rooms()).toEqual([]);

  expect(await describe_({ TaskId: taskId })).toEqual({ Status: 1, RecordId: "board-1", RequestId: expect.any(String) });
  expect(await describe_({ SdkAppId: APP, RecordId: "board-1" })).toEqual({ Status: 1, TaskId: taskId, RequestId: expect.any(String) });

  expect(await stop(taskId)).toEqual({ RequestId: expect.any(String) });
  expect(await record(taskId)).toMatchObject({ status: "Ended", endReason: "stopped" });
  expect(await code(describe_({ TaskId: taskId }))).toBe("FailedOperation.TaskNotExist");
  expect(await code(describe_({ SdkAppId: APP, RecordId: "board-1" }))).toBe("FailedOperation.TaskNotExist");
  expect(await code(stop(taskId))).toBe("FailedOperation.TaskNotExist");
});

test("a RecordId runs one recording at a time: a second Start is refused until the first ends", async () => {
  const first = await start({ RecordId: "board-1" });
  expect(await code(start({ RecordId: "board-1", RecordUrl: "https://scores.example.com/other" }))).toBe("FailedOperation.TaskExist");
  // Without a RecordId nothing is deduplicated.
  const untagged = [await start(), await start()];
  expect(new Set(untagged).size).toBe(2);
  await stop(first);
  const again = await start({ RecordId: "board-1" });
  expect(again).not.toBe(first);
});

test("ends by itself at MaxDurationLimit, after which Describe and Stop answer TaskNotExist", async () => {
  const taskId = await start({ MaxDurationLimit: 1800 });
  const defaulted = await start({ MaxDurationLimit: undefined });
  await suite.control.advanceClock(1799);
  expect(await describe_({ TaskId: taskId })).toMatchObject({ Status: 1 });
  await suite.control.advanceClock(1);
  expect(await record(taskId)).toMatchObject({ status: "Ended", endReason: "finished" });
  expect(await code(describe_({ TaskId: taskId }))).toBe("FailedOperation.TaskNotExist");
  expect(await code(stop(taskId))).toBe("FailedOperation.TaskNotExist");
  // Left out, the limit is 24 hours (the SDK models of 2026-04; the older page said 10).
  await suite.control.advanceClock(86400 - 1800 - 1);
  expect(await describe_({ TaskId: defaulted })).toMatchObject({ Status: 1 });
  await suite.control.advanceClock(1);
  expect(await code(describe_({ TaskId: defaulted }))).toBe("FailedOperation.TaskNotExist");
});

describe("parameters are checked as documented, with TRTC's codes", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["no page", { RecordUrl: undefined }, "MissingParameter"],
    ["a page that is no web URL", { RecordUrl: "rtmp://live.example.com/app" }, "InvalidParameter"],
    ["no storage", { StorageParams: undefined }, "MissingParameter"],
    ["empty storage", { StorageParams: {} }, "MissingParameter"],
    ["COS and VOD at once", { StorageParams: { CloudStorage: COS, CloudVod: { TencentVod: {} } } }, "InvalidParameter"],
    ["a third-party bucket", { StorageParams: { CloudStorage: { ...COS, Vendor: 1 } } }, "InvalidParameter"],
    ["no application", { SdkAppId: undefined }, "MissingParameter"],
    ["an application of another account", { SdkAppId: 1400009999 }, "FailedOperation.SdkAppIdNotUnderAppId"],
    ["a limit under 30 minutes", { MaxDurationLimit: 1799 }, "InvalidParameter.OutOfRange"],
    ["a limit over 24 hours", { MaxDurationLimit: 86401 }, "InvalidParameter.OutOfRange"],
    ["a height past 1080", { WebRecordVideoParams: { Height: 1081 } }, "InvalidParameter.OutOfRange"],
    ["a width past 1920", { WebRecordVideoParams: { Width: 1921 } }, "InvalidParameter.OutOfRange"],
    ["a format other than hls or mp4", { WebRecordVideoParams: { Format: "flv" } }, "InvalidParameter.OutOfRange"],
    ["a RecordId of 32 bytes", { RecordId: "x".repeat(32) }, "InvalidParameter"],
    ["eleven CDNs", { PublishCdnParams: Array.from({ length: 11 }, (_, i) => ({ PublishCdnUrl: `rtmp://push.example.com/live/${i}` })) }, "InvalidParameter.OutOfRange"],
    ["a CDN that is no rtmp URL", { PublishCdnParams: [{ PublishCdnUrl: "https://push.example.com/live" }] }, "InvalidParameter"],
    ["a load timeout past 60", { ReadyTimeout: 61 }, "InvalidParameter.OutOfRange"],
    ["a device that is neither phone nor tablet", { EmulateMobileParams: { MobileDeviceType: 2 } }, "InvalidParameter.OutOfRange"],
    ["an undocumented member", { RoomId: "1234" }, "UnknownParameter"],
  ];
  test.each(cases)("%s", async (_name, overrides, expected) => {
    expect(await code(start(overrides))).toMatch(new RegExp(`^${expected.replace(".", "\\.")}`));
    expect(await suite.control.tasks()).toEqual([]);
  });

  test("Describe needs a TaskId, or a RecordId with its SdkAppId", async () => {
    expect(await code(describe_({}))).toBe("MissingParameter.TaskId");
    expect(await code(describe_({ RecordId: "board-1" }))).toBe("MissingParameter.SdkAppId");
    expect(await code(suite.trtc.request("StopWebRecord", {}))).toBe("MissingParameter.TaskId");
  });
});

test("is served in ap-singapore only", async () => {
  expect(await code(start({}, sdkClient(suite.emulator.url, { region: "ap-guangzhou" })))).toBe("UnsupportedRegion");
});

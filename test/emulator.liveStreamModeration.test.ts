// The LiveStreamModeration family of the emulator over real HTTP, called through Tencent's SDK: the
// documented lifecycle of a task in no room, the stream given as a URL or an Agora channel, nested
// ranges with TRTC's codes, the one region, and the end at ResourceExpiredHour on the virtual clock.
import type { TaskRecord } from "../emulator";
import { sdkClient, useFrozenEmulator } from "./sdk";

const APP = 1400000001;
/** tccli's example of CreateLiveStreamModeration, within the page's ranges (its SliceAudio of 1 is not). */
const CREATE = {
  SdkAppId: APP,
  Input: { Url: "rtmp://pull.example.com/pull/9988123?sdkappid=1400000001&userid=inspect", Format: "rtmp" },
  LiveModerationParams: { ModerationType: 3, MaxIdleTime: 30, SliceVideo: 5, SliceAudio: 15, SaveModerationFile: 1, CallbackAllResults: 0 },
  DataId: "rtmp-test",
  SourceInfo: { RoomId: "rtmp_test", RoomIdType: 0, UserId: "user0" },
  LiveModerationStorageParams: {
    CloudModerationStorage: { Vendor: 0, Region: "ap-nanjing", Bucket: "moderation-1254340397", AccessKey: "AKID", SecretKey: "cos-key", FileNamePrefix: ["file_test"] },
  },
  ResourceExpiredHour: 48,
};

const suite = useFrozenEmulator();
let shanghai: ReturnType<typeof sdkClient>;
beforeAll(() => {
  shanghai = sdkClient(suite.emulator.url, { region: "ap-shanghai" });
});

const create = async (overrides: Record<string, unknown> = {}, client = shanghai): Promise<string> =>
  ((await client.request("CreateLiveStreamModeration", { ...CREATE, ...overrides })) as { TaskId: string }).TaskId;
const describe_ = (TaskId: string) => shanghai.request("DescribeLiveStreamModeration", { SdkAppId: APP, TaskId });
const remove = (TaskId: string) => shanghai.request("DeleteLiveStreamModeration", { SdkAppId: APP, TaskId });
const record = async (taskId: string): Promise<TaskRecord> => (await suite.control.tasks()).find((t) => t.taskId === taskId)!;
const code = (call: Promise<unknown>): Promise<string | undefined> => call.then(() => "ok", (e: { code?: string }) => e.code);

test("creates the example, describes it and deletes it; then it is gone", async () => {
  const taskId = await create();
  expect(await record(taskId)).toMatchObject({ family: "LiveStreamModeration", sdkAppId: APP, roomless: true, status: "InProgress" });
  expect(await suite.control.rooms()).toEqual([]);
  expect(await describe_(taskId)).toEqual({ TaskId: taskId, Status: "InProgress", RequestId: expect.any(String) });
  expect(await remove(taskId)).toEqual({ TaskId: taskId, RequestId: expect.any(String) });
  expect(await record(taskId)).toMatchObject({ status: "Ended", endReason: "stopped" });
  expect(await code(describe_(taskId))).toBe("ResourceNotFound");
  expect(await code(remove(taskId))).toBe("ResourceNotFound");
});

test("an Agora channel instead of a URL; a DataId is passed through, not deduplicated", async () => {
  const agora = await create({ Input: { AgoraParam: { AppId: "agora-app", Channel: "show", ChannelProfile: 1, Uid: 42, TrustedUserIdList: [7] } } });
  expect(await describe_(agora)).toMatchObject({ Status: "InProgress" });
  expect(await create()).not.toBe(await create());
});

test("ends by itself at ResourceExpiredHour (default 48 hours)", async () => {
  const short = await create({ ResourceExpiredHour: 1 });
  const defaulted = await create({ ResourceExpiredHour: undefined });
  await suite.control.advanceClock(3600);
  expect(await record(short)).toMatchObject({ status: "Ended", endReason: "finished" });
  expect(await code(describe_(short))).toBe("ResourceNotFound");
  await suite.control.advanceClock(47 * 3600 - 1);
  expect(await describe_(defaulted)).toMatchObject({ Status: "InProgress" });
  await suite.control.advanceClock(1);
  expect(await code(describe_(defaulted))).toBe("ResourceNotFound");
});

describe("parameters are checked as documented, with TRTC's codes", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["no input", { Input: undefined }, "MissingParameter"],
    ["an input with neither URL nor channel", { Input: {} }, "MissingParameter"],
    ["a URL and a channel at once", { Input: { Url: CREATE.Input.Url, AgoraParam: { Channel: "show" } } }, "InvalidParameter"],
    ["a URL of 2048 characters", { Input: { Url: `rtmp://pull.example.com/${"x".repeat(2024)}` } }, "InvalidParameter"],
    ["a protocol other than rtmp", { Input: { Url: CREATE.Input.Url, Format: "flv" } }, "InvalidParameter.OutOfRange"],
    ["no moderation parameters", { LiveModerationParams: undefined }, "MissingParameter"],
    ["a moderation type of 4", { LiveModerationParams: { ModerationType: 4 } }, "InvalidParameter.OutOfRange"],
    ["an idle time under 30 seconds", { LiveModerationParams: { MaxIdleTime: 29 } }, "InvalidParameter.OutOfRange"],
    ["audio slices of 1 second (tccli's example)", { LiveModerationParams: { SliceAudio: 1 } }, "InvalidParameter.OutOfRange"],
    ["frames 61 seconds apart", { LiveModerationParams: { SliceVideo: 61 } }, "InvalidParameter.OutOfRange"],
    ["a DataId of 61 characters", { DataId: "d".repeat(61) }, "InvalidParameter"],
    ["a numeric room that is no number", { SourceInfo: { RoomId: "rtmp_test", RoomIdType: 1 } }, "InvalidParameter"],
    ["a storage vendor of 3", { LiveModerationStorageParams: { CloudModerationStorage: { ...CREATE.LiveModerationStorageParams.CloudModerationStorage, Vendor: 3 } } }, "InvalidParameter.OutOfRange"],
    ["a lifetime of 73 hours", { ResourceExpiredHour: 73 }, "InvalidParameter.OutOfRange"],
    ["an undocumented member", { RoomId: "1234" }, "UnknownParameter"],
  ];
  test.each(cases)("%s", async (_name, overrides, expected) => {
    expect(await code(create(overrides))).toMatch(new RegExp(`^${expected.replace(".", "\\.")}`));
    expect(await suite.control.tasks()).toEqual([]);
  });

  test("Alibaba Cloud OSS is a storage vendor here", async () => {
    const oss = { ...CREATE.LiveModerationStorageParams.CloudModerationStorage, Vendor: 2, Region: "oss-cn-shanghai" };
    expect(await code(create({ LiveModerationStorageParams: { CloudModerationStorage: oss } }))).toBe("ok");
  });
});

test("is served in ap-shanghai only", async () => {
  expect(await code(create({}, suite.trtc))).toBe("UnsupportedRegion");
});

import * as runtime from "../provider/runtime";
import { cloudSliceTask } from "../resources/cloudSliceTask";
import { actions, botSig, checked, checkFailure, useProviderEmulator } from "./helpers";

// The CloudSliceTask lifecycle driven through the provider runtime as Pulumi's dynamic provider host
// drives it, against the emulator: checks by path, the subscription lists changing in place and
// the rest replacing, the documented requests, a task that ends itself in an empty room, and
// delete of a task already gone.

const suite = useProviderEmulator();

const bucket = { vendor: 2, region: "oss-ap-southeast-1", bucket: "slices", accessKey: "oss-key-id", secretKey: "oss-key" };
const program = {
  __kind: "CloudSliceTask",
  sdkAppId: 1400000001,
  roomId: 1234,
  userId: "slicer-1234",
  userSig: botSig("slicer-1234"),
  sliceParams: { sliceType: 3, maxIdleTime: 30 },
  sliceStorageParams: { cloudSliceStorage: bucket },
};

const requests = (action: string) => suite.emulator.state.requests.list().filter((r) => r.action === action);
const joins = (userId: string) => suite.emulator.state.rooms.join(program.sdkAppId, program.roomId, userId);
const leaves = (userId: string) => suite.emulator.state.rooms.leave(program.sdkAppId, program.roomId, userId);

// The inputs that hold a secret: check names their problems by the whole path, with no property.
const HIDDEN = ["sliceStorageParams", "userSig", "privateMapKey"];

describe("bad input is rejected at check, naming the nested path, with no API call", () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["no slice type", { sliceParams: {} }, "sliceParams.sliceType", /must be 1 \(audio slices\)/],
    ["slice type 4", { sliceParams: { sliceType: 4 } }, "sliceParams.sliceType", /must be 1 \(audio slices\), 2 \(video screenshots\) or 3 \(both\)/],
    ["an idle time past a day", { sliceParams: { sliceType: 1, maxIdleTime: 86401 } }, "sliceParams.maxIdleTime", /from 5 to 86400/],
    ["audio slices of 10 seconds", { sliceParams: { sliceType: 1, sliceAudio: 10 } }, "sliceParams.sliceAudio", /from 15 to 60/],
    ["screenshots every 4 seconds", { sliceParams: { sliceType: 2, sliceVideo: 4 } }, "sliceParams.sliceVideo", /from 5 to 60/],
    ["a screenshot interval for audio slices", { sliceParams: { sliceType: 1, sliceVideo: 5 } }, "sliceParams.sliceVideo", /applies only when sliceType is 2 or 3/],
    ["an image type for audio slices", { sliceParams: { sliceType: 1, sliceImageType: 1 } }, "sliceParams.sliceImageType", /applies only when sliceType is 2 or 3/],
    ["an audio length for screenshots", { sliceParams: { sliceType: 2, sliceAudio: 15 } }, "sliceParams.sliceAudio", /applies only when sliceType is 1 or 3/],
    ["both an allowlist and a blocklist", { sliceParams: { sliceType: 1, subscribeStreamUserIds: { subscribeAudioUserIds: ["a"], unSubscribeAudioUserIds: ["b"] } } }, "sliceParams.subscribeStreamUserIds.unSubscribeAudioUserIds", /cannot be set together/],
    ["vendor 3", { sliceStorageParams: { cloudSliceStorage: { ...bucket, vendor: 3 } } }, "sliceStorageParams.cloudSliceStorage.vendor", /must be 0 \(Tencent Cloud COS\), 1 \(AWS S3\) or 2 \(Alibaba Cloud OSS\)/],
    ["no bucket", { sliceStorageParams: {} }, "sliceStorageParams.cloudSliceStorage", /is required/],
    ["calls for a month", { resourceExpiredHour: 721 }, "resourceExpiredHour", /from 6 to 720/],
    ["a region without slicing", { region: "ap-guangzhou" }, "region", /served in: ap-singapore, eu-frankfurt/],
  ];
  test.each(cases)("%s", async (_name, change, property, reason) => {
    const result = await runtime.check({}, { ...program, ...change });
    expect(result.failures).toEqual([checkFailure(property, reason, HIDDEN)]);
    expect(actions(suite.emulator)).toEqual([]);
  });
});

test("the subscription lists change in place; the rest replace, stopping the old task first where the bot stays", async () => {
  const olds = { ...(await checked(program)), taskId: "t", status: "InProgress" };
  const diff = (change: Record<string, unknown>) => checked({ ...program, ...change }).then((n) => runtime.diff("t", olds, n));
  expect(await diff({})).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  const subscribed = { ...program.sliceParams, subscribeStreamUserIds: { subscribeVideoUserIds: ["host"] } };
  expect(await diff({ sliceParams: subscribed })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  expect(await diff({ sliceParams: { ...subscribed, sliceType: 2 } })).toEqual({ changes: true, replaces: ["sliceParams"], deleteBeforeReplace: true });
  expect(await diff({ sliceStorageParams: { cloudSliceStorage: { ...bucket, secretKey: "rotated" } } })).toEqual({ changes: true, replaces: ["sliceStorageParams"], deleteBeforeReplace: true });
  // A new UserSig is recorded, not sent: the running bot keeps the one it joined with.
  expect(await diff({ userSig: "new-sig" })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  expect(await diff({ roomId: 99 })).toEqual({ changes: true, replaces: ["roomId"], deleteBeforeReplace: false });
});

test("the bot's credentials and the bucket's keys are secret", () => {
  const rules = { ...cloudSliceTask.fields, ...cloudSliceTask.nestedFields };
  expect(Object.entries(rules).filter(([, rule]) => rule.secret).map(([path]) => path).sort()).toEqual([
    "privateMapKey", "sliceStorageParams.cloudSliceStorage.accessKey", "sliceStorageParams.cloudSliceStorage.secretKey", "userSig",
  ]);
});

test("create sends the documented request, update only the subscription lists, delete stops it (twice is fine)", async () => {
  joins("anchor-1");
  const sliceParams = { sliceType: 3, maxIdleTime: 60, sliceAudio: 20, sliceVideo: 10, sliceImageType: 1 };
  const inputs = await checked({ ...program, roomId: "town-hall", sliceParams, resourceExpiredHour: 24 });
  const { id, outs } = await runtime.create(inputs);
  expect(requests("CreateCloudSliceTask").map((r) => r.params)).toEqual([
    {
      SdkAppId: 1400000001,
      RoomId: "town-hall",
      RoomIdType: 0,
      UserId: "slicer-1234",
      UserSig: program.userSig,
      SliceParams: { SliceType: 3, MaxIdleTime: 60, SliceAudio: 20, SliceVideo: 10, SliceImageType: 1 },
      SliceStorageParams: { CloudSliceStorage: { Vendor: 2, Region: "oss-ap-southeast-1", Bucket: "slices", AccessKey: "oss-key-id", SecretKey: "oss-key" } },
      ResourceExpiredHour: 24,
    },
  ]);
  expect(outs).toMatchObject({ taskId: id, status: "InProgress" });

  const lists = { unSubscribeAudioUserIds: ["guest.*$"] };
  const news = await checked({ ...program, roomId: "town-hall", sliceParams: { ...sliceParams, subscribeStreamUserIds: lists }, resourceExpiredHour: 24 });
  const updated = await runtime.update(id, outs, news);
  expect(requests("ModifyCloudSliceTask").map((r) => r.params)).toEqual([
    { SdkAppId: 1400000001, TaskId: id, SubscribeStreamUserIds: { UnSubscribeAudioUserIds: ["guest.*$"] } },
  ]);
  expect(suite.emulator.state.tasks.get(id)?.settings).toEqual({ SubscribeStreamUserIds: { UnSubscribeAudioUserIds: ["guest.*$"] } });
  // Taking the lists out subscribes to everyone again, as Create's default.
  const back = await runtime.update(id, updated.outs!, inputs);
  expect(requests("ModifyCloudSliceTask").at(-1)?.params).toEqual({ SdkAppId: 1400000001, TaskId: id, SubscribeStreamUserIds: {} });

  await runtime.remove(id, back.outs!);
  await runtime.remove(id, back.outs!);
  expect(requests("DeleteCloudSliceTask").map((r) => r.outcome)).toEqual(["ok", "ResourceNotFound"]);
});

test("a task ends itself once the room has had no anchor for maxIdleTime: refresh drops it and says why", async () => {
  joins("anchor-1");
  const { id, outs } = await runtime.create(await checked(program));
  leaves("anchor-1");
  suite.emulator.state.clock.advance(29_000);
  expect((await runtime.read(id, outs)).props).toMatchObject({ status: "InProgress" });
  suite.emulator.state.clock.advance(1_000);
  expect(suite.emulator.state.tasks.get(id)).toMatchObject({ status: "Ended", endReason: "finished" });
  const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
  try {
    expect(await runtime.read(id, outs)).toEqual({});
    expect(warn.mock.calls.map(([line]) => String(line))).toEqual([expect.stringContaining(`refresh drops CloudSliceTask task ${id} (room 1234, bot slicer-1234): DescribeCloudSliceTask answered ResourceNotFound`)]);
    expect(String(warn.mock.calls[0]![0])).toContain("no anchor for sliceParams.maxIdleTime seconds (30)");
  } finally {
    warn.mockRestore();
  }
  await expect(runtime.update(id, outs, await checked({ ...program, sliceParams: { ...program.sliceParams, subscribeStreamUserIds: {} } }))).rejects.toThrow(/ended on its own.*pulumi refresh/);
});

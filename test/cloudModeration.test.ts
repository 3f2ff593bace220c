import * as runtime from "../provider/runtime";
import { cloudModeration } from "../resources/cloudModeration";
import { actions, botSig, checked, checkFailure, useProviderEmulator } from "./helpers";

// The CloudModeration lifecycle driven through the provider runtime as Pulumi's dynamic provider
// host drives it, against the emulator: checks by path, the subscription lists changing in place
// and the rest replacing, the documented requests (the supplier's AppID spelt as the API spells
// it), the supplier's keys kept secret, and a task that ends itself in an empty room.

const suite = useProviderEmulator();

const program = {
  __kind: "CloudModeration",
  sdkAppId: 1400000001,
  roomId: 1234,
  userId: "moderator-1234",
  userSig: botSig("moderator-1234"),
  moderationParams: { moderationType: 3, moderationSupplier: "tianyu" },
};
const supplier = { appId: "tianyu-app", secretId: "supplier-id", secretKey: "supplier-key", audioBizType: "audio-policy", imageBizType: "image-policy" };
const bucket = { vendor: 0, region: "ap-singapore", bucket: "moderation-1250000000", accessKey: "AKID", secretKey: "cos-key", fileNamePrefix: ["hits"] };

const requests = (action: string) => suite.emulator.state.requests.list().filter((r) => r.action === action);
const joins = (userId: string) => suite.emulator.state.rooms.join(program.sdkAppId, program.roomId, userId);
const leaves = (userId: string) => suite.emulator.state.rooms.leave(program.sdkAppId, program.roomId, userId);

// The inputs that hold a secret: check names their problems by the whole path, with no property.
const HIDDEN = ["moderationParams", "moderationStorageParams", "userSig"];

describe("bad input is rejected at check, naming the nested path, with no API call", () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["no moderation settings", { moderationParams: undefined }, "moderationParams", /is required/],
    ["stream moderation (type 4)", { moderationParams: { moderationType: 4 } }, "moderationParams.moderationType", /must be 1 \(audio slices\), 2 \(video screenshots\) or 3 \(both\)/],
    ["an idle time past half an hour", { moderationParams: { maxIdleTime: 1801 } }, "moderationParams.maxIdleTime", /from 5 to 1800/],
    ["screenshots for the default audio type", { moderationParams: { sliceVideo: 1 } }, "moderationParams.sliceVideo", /applies only when moderationType is 2 or 3/],
    ["audio slices for screenshots", { moderationParams: { moderationType: 2, sliceAudio: 15 } }, "moderationParams.sliceAudio", /applies only when moderationType is 1 or 3/],
    ["screenshots every minute and a second", { moderationParams: { moderationType: 2, sliceVideo: 61 } }, "moderationParams.sliceVideo", /from 1 to 60/],
    ["an empty supplier", { moderationParams: { moderationSupplier: "" } }, "moderationParams.moderationSupplier", /must not be empty/],
    ["a misspelt supplier member", { moderationParams: { moderationSupplierParam: { appID: "x" } } }, "moderationParams.moderationSupplierParam.appID", /is not a member of moderationParams.moderationSupplierParam; did you mean appId\?/],
    ["save option 3", { moderationParams: { saveModerationFile: 3 } }, "moderationParams.saveModerationFile", /must be 0 \(save nothing\), 1 \(save every file\) or 2 \(save the files that hit\)/],
    ["storage without a bucket", { moderationStorageParams: {} }, "moderationStorageParams.cloudModerationStorage", /is required/],
    ["calls for four days", { resourceExpiredHour: 73 }, "resourceExpiredHour", /from 6 to 72/],
    ["a region without moderation", { region: "eu-frankfurt" }, "region", /served in: ap-singapore/],
  ];
  test.each(cases)("%s", async (_name, change, property, reason) => {
    const result = await runtime.check({}, { ...program, ...change });
    expect(result.failures).toEqual([checkFailure(property, reason, HIDDEN)]);
    expect(actions(suite.emulator)).toEqual([]);
  });
});

test("the subscription lists change in place; the rest replace", async () => {
  const olds = { ...(await checked(program)), taskId: "t", status: "InProgress" };
  const diff = (change: Record<string, unknown>) => checked({ ...program, ...change }).then((n) => runtime.diff("t", olds, n));
  const subscribed = { ...program.moderationParams, subscribeStreamUserIds: { subscribeAudioUserIds: ["host"] } };
  expect(await diff({ moderationParams: subscribed })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  expect(await diff({ moderationParams: { ...subscribed, moderationSupplier: "shumei" } })).toEqual({ changes: true, replaces: ["moderationParams"], deleteBeforeReplace: true });
  expect(await diff({ moderationStorageParams: { cloudModerationStorage: bucket } })).toEqual({ changes: true, replaces: ["moderationStorageParams"], deleteBeforeReplace: true });
  expect(await diff({ resourceExpiredHour: 6 })).toEqual({ changes: true, replaces: ["resourceExpiredHour"], deleteBeforeReplace: true });
  expect(await diff({ userId: "moderator-2" })).toEqual({ changes: true, replaces: ["userId"], deleteBeforeReplace: false });
});

test("the supplier's keys, the bucket's keys and the bot's UserSig are secret", () => {
  const rules = { ...cloudModeration.fields, ...cloudModeration.nestedFields };
  expect(Object.entries(rules).filter(([, rule]) => rule.secret).map(([path]) => path).sort()).toEqual([
    "moderationParams.moderationSupplierParam.secretId",
    "moderationParams.moderationSupplierParam.secretKey",
    "moderationStorageParams.cloudModerationStorage.accessKey",
    "moderationStorageParams.cloudModerationStorage.secretKey",
    "userSig",
  ]);
});

test("create sends the documented request, update only the subscription lists, delete stops it (twice is fine)", async () => {
  joins("anchor-1");
  const moderationParams = {
    moderationType: 3, maxIdleTime: 600, sliceAudio: 20, sliceVideo: 2, moderationSupplier: "tianyu",
    moderationSupplierParam: supplier, saveModerationFile: 2, callbackAllResults: 1,
  };
  const inputs = await checked({ ...program, moderationParams, moderationStorageParams: { cloudModerationStorage: bucket }, resourceExpiredHour: 12 });
  const { id, outs } = await runtime.create(inputs);
  expect(requests("CreateCloudModeration").map((r) => r.params)).toEqual([
    {
      SdkAppId: 1400000001,
      RoomId: "1234",
      RoomIdType: 1,
      UserId: "moderator-1234",
      UserSig: program.userSig,
      ModerationParams: {
        ModerationType: 3, MaxIdleTime: 600, SliceAudio: 20, SliceVideo: 2, ModerationSupplier: "tianyu",
        ModerationSupplierParam: { AppID: "tianyu-app", SecretId: "supplier-id", SecretKey: "supplier-key", AudioBizType: "audio-policy", ImageBizType: "image-policy" },
        SaveModerationFile: 2, CallbackAllResults: 1,
      },
      ModerationStorageParams: { CloudModerationStorage: { Vendor: 0, Region: "ap-singapore", Bucket: "moderation-1250000000", AccessKey: "AKID", SecretKey: "cos-key", FileNamePrefix: ["hits"] } },
      ResourceExpiredHour: 12,
    },
  ]);
  expect(requests("DescribeCloudModeration").map((r) => r.params)).toEqual([{ SdkAppId: 1400000001, TaskId: id }]);
  expect(outs).toMatchObject({ taskId: id, status: "InProgress" });

  const news = await checked({ ...inputs, moderationParams: { ...moderationParams, subscribeStreamUserIds: { subscribeVideoUserIds: ["host"] } } });
  await runtime.update(id, outs, news);
  expect(requests("ModifyCloudModeration").map((r) => r.params)).toEqual([
    { SdkAppId: 1400000001, TaskId: id, SubscribeStreamUserIds: { SubscribeVideoUserIds: ["host"] } },
  ]);

  await runtime.remove(id, outs);
  expect(suite.emulator.state.tasks.get(id)).toMatchObject({ status: "Ended", endReason: "stopped" });
  await runtime.remove(id, outs);
  expect(requests("DeleteCloudModeration").map((r) => r.outcome)).toEqual(["ok", "ResourceNotFound"]);
});

test("a task ends itself once no anchor has published for maxIdleTime: refresh drops it and says why", async () => {
  joins("anchor-1");
  const { id, outs } = await runtime.create(await checked({ ...program, moderationParams: { maxIdleTime: 5 } }));
  leaves("anchor-1");
  suite.emulator.state.clock.advance(5_000);
  const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
  try {
    expect(await runtime.read(id, outs)).toEqual({});
    expect(String(warn.mock.calls[0]![0])).toContain(`refresh drops CloudModeration task ${id} (room 1234, bot moderator-1234): DescribeCloudModeration answered ResourceNotFound`);
    expect(String(warn.mock.calls[0]![0])).toContain("no anchor has published for moderationParams.maxIdleTime seconds (5); past resourceExpiredHour (24 hours)");
  } finally {
    warn.mockRestore();
  }
});

import * as runtime from "../provider/runtime";
import { cloudRecording } from "../resources/cloudRecording";
import { actions, botSig, checked, REGION, useProviderEmulator } from "./helpers";

// The CloudRecording lifecycle driven through the provider runtime exactly as Pulumi's dynamic
// provider host drives it, against the emulator over HTTP with real signatures.

// Recordings end by idle time-outs and list files by time: the emulator's clock is frozen, and tests
// move it explicitly.
const suite = useProviderEmulator();

const cloudStorage = {
  vendor: 0,
  region: "ap-singapore",
  bucket: "recordings-1250000000",
  accessKey: "storage-access-key",
  secretKey: "storage-secret-key",
};

const program = {
  __kind: "CloudRecording",
  sdkAppId: 1400000001,
  roomId: 1234,
  userId: "recorder-1234",
  userSig: botSig("recorder-1234"),
  recordParams: { recordMode: 2, maxIdleTime: 30 },
  storageParams: { cloudStorage },
};

const grid = { mixLayoutMode: 3 };
const custom = {
  mixLayoutMode: 4,
  mixLayoutList: [
    { top: 0, left: 0, width: 360, height: 320, userId: "anchor-1" },
    { top: 320, left: 0, width: 360, height: 320, userId: "anchor-2", renderMode: 2 },
  ],
};
/** The same layout as TRTC receives it. */
const customSent = {
  MixLayoutMode: 4,
  MixLayoutList: [
    { Top: 0, Left: 0, Width: 360, Height: 320, UserId: "anchor-1" },
    { Top: 320, Left: 0, Width: 360, Height: 320, UserId: "anchor-2", RenderMode: 2 },
  ],
};

describe("bad input is rejected at check, naming the nested path once, with no API call", () => {
  const { bucket: _bucket, ...withoutBucket } = cloudStorage;
  // Pulumi prints `property <property> value <value> has a problem: <reason>`, so the reason holds
  // the path below the input. storageParams holds secrets the engine would print, so its failures
  // carry no property and name the whole path.
  const cases: [string, Record<string, unknown>, string, string][] = [
    ["missing bucket", { storageParams: { cloudStorage: withoutBucket } }, "", "storageParams.cloudStorage.bucket: is required"],
    ["recordMode 3", { recordParams: { recordMode: 3 } }, "recordParams", "recordMode: must be 1 (single-stream) or 2 (mixed-stream)"],
    ["maxIdleTime too short", { recordParams: { recordMode: 2, maxIdleTime: 4 } }, "recordParams", "maxIdleTime: must be from 5 to 86400"],
    ["maxIdleTime too long", { recordParams: { recordMode: 2, maxIdleTime: 86401 } }, "recordParams", "maxIdleTime: must be from 5 to 86400"],
    ["COS and VOD at once", { storageParams: { cloudStorage, cloudVod: {} } }, "", "storageParams: must set exactly one of cloudStorage or cloudVod"],
    ["no storage", { storageParams: {} }, "", "storageParams: must set exactly one of cloudStorage or cloudVod"],
    ["unknown nested key", { recordParams: { recordMode: 2, maxIdelTime: 30 } }, "recordParams", "maxIdelTime: is not a member of recordParams; did you mean maxIdleTime?"],
    ["member with an empty name", { recordParams: { recordMode: 2, "": 1 } }, "recordParams", '[""]: is not a member of recordParams'],
    ["missing recordParams", { recordParams: undefined }, "recordParams", "is required"],
    ["recordParams as a list", { recordParams: [{ recordMode: 2 }] }, "recordParams", "must be an object"],
    ["vendor 2", { storageParams: { cloudStorage: { ...cloudStorage, vendor: 2 } } }, "", "storageParams.cloudStorage.vendor: must be 0 (Tencent Cloud COS) or 1 (AWS storage)"],
    [
      "allowlist and blocklist for audio",
      { recordParams: { recordMode: 2, subscribeStreamUserIds: { subscribeAudioUserIds: ["a"], unSubscribeAudioUserIds: ["b"] } } },
      "recordParams",
      "subscribeStreamUserIds.unSubscribeAudioUserIds: cannot be set together with subscribeAudioUserIds: use an allowlist or a blocklist, not both",
    ],
    [
      "a user id with a space in a subscription list",
      { recordParams: { recordMode: 2, subscribeStreamUserIds: { subscribeVideoUserIds: ["anchor 1"] } } },
      "recordParams",
      "subscribeStreamUserIds.subscribeVideoUserIds[0]: must be a user id (1 to 32 letters, digits, _ or -), or a prefix of one followed by .*$",
    ],
    [
      "partial videoParams",
      { mixTranscodeParams: { videoParams: { width: 640, height: 360, fps: 15, bitRate: 800000 } } },
      "mixTranscodeParams",
      "videoParams.gop: is required",
    ],
    [
      "video larger than 1920 × 1080",
      { mixTranscodeParams: { videoParams: { width: 1920, height: 1920, fps: 15, bitRate: 800000, gop: 10 } } },
      "mixTranscodeParams",
      "videoParams: width × height must be at most 1920 × 1080",
    ],
    ["custom layout without windows", { mixLayoutParams: { mixLayoutMode: 4 } }, "mixLayoutParams", "mixLayoutList: is required when mixLayoutMode is 4 (custom)"],
    [
      "window outside the default 360 × 640 canvas",
      { mixLayoutParams: { mixLayoutMode: 4, mixLayoutList: [{ top: 0, left: 300, width: 100, height: 100 }] } },
      "mixLayoutParams",
      "mixLayoutList[0].width: left + width must be at most the canvas width, 360",
    ],
    [
      "timestamp watermark without its settings",
      { mixLayoutParams: { mixLayoutMode: 3, waterMarkList: [{ waterMarkType: 2 }] } },
      "mixLayoutParams",
      "waterMarkList[0].waterMarkTimestamp: is required when waterMarkType is 2",
    ],
    [
      "layout for a single-stream recording",
      { recordParams: { recordMode: 1 }, mixLayoutParams: grid },
      "mixLayoutParams",
      "applies only when recordParams.recordMode is 2 (mixed-stream)",
    ],
    [
      "outputFormat with VOD",
      { recordParams: { recordMode: 2, outputFormat: 3 }, storageParams: { cloudVod: {} } },
      "recordParams",
      "outputFormat: applies only when storing to storageParams.cloudStorage (VOD takes storageParams.cloudVod.tencentVod.mediaType)",
    ],
    [
      "AAC to VOD for a video recording",
      { storageParams: { cloudVod: { tencentVod: { mediaType: 2 } } } },
      "",
      "storageParams.cloudVod.tencentVod.mediaType: 2 (AAC) requires recordParams.streamType 1 (audio only)",
    ],
    ["resourceExpiredHour 5", { resourceExpiredHour: 5 }, "resourceExpiredHour", "must be from 6 to 720"],
    [
      "audio-only windows left out of a custom layout",
      { mixLayoutParams: { ...custom, pureAudioDisableLayout: true } },
      "mixLayoutParams",
      "pureAudioDisableLayout: applies only when mixLayoutMode is 1 (floating), 2 (screen sharing) or 3 (grid)",
    ],
    ["a font TRTC does not draw", { mixLayoutParams: { ...grid, waterMarkList: [{ waterMarkType: 2, waterMarkTimestamp: { pos: 0, font: "Arial" } }] } }, "mixLayoutParams", "waterMarkList[0].waterMarkTimestamp.font: must be Tencent (default) or SourceHanSans"],
    [
      "region without cloud recording",
      { region: "ap-tokyo" },
      "region",
      "must be one of the regions CloudRecording is served in: ap-beijing, ap-guangzhou, ap-mumbai, ap-shanghai, ap-singapore",
    ],
    [
      "a privateMapKey with a line break",
      { privateMapKey: "eJw1jcEKgkAURX9\n" },
      "",
      "privateMapKey: must be a PrivateMapKey (room permission ticket): letters, digits, *, _ and - as Tencent's generator makes it",
    ],
  ];
  test.each(cases)("%s", async (_name, change, property, reason) => {
    const result = await runtime.check({}, { ...program, ...change });
    expect(result.failures).toEqual([{ property, reason }]);
    expect(actions(suite.emulator)).toEqual([]);
  });
});

test("valid inputs pass check as given, without calling TRTC", async () => {
  const full = {
    ...program,
    roomId: "lobby",
    recordParams: { recordMode: 2, maxIdleTime: 60, streamType: 0, subscribeStreamUserIds: { unSubscribeVideoUserIds: ["guest.*$"] } },
    storageParams: { cloudVod: { tencentVod: { expireTime: 86400, mediaType: 0, userDefineRecordId: "daily_standup" } } },
    mixTranscodeParams: {
      videoParams: { width: 1280, height: 720, fps: 30, bitRate: 1500000, gop: 2 },
      audioParams: { sampleRate: 1, channel: 2, bitRate: 64000 },
    },
    mixLayoutParams: {
      mixLayoutMode: 2,
      maxResolutionUserId: "presenter",
      maxResolutionUserAlign: 1,
      backGroundColor: "#FFA500",
      waterMarkList: [{ waterMarkImage: { waterMarkUrl: "https://cdn.example.com/logo.png", top: 10, left: 1100, width: 160, height: 90 } }],
    },
    resourceExpiredHour: 24,
    privateMapKey: "private-map-key",
  };
  const inputs = await checked(full);
  expect(inputs).toEqual({ ...full, region: REGION });
  expect(actions(suite.emulator)).toEqual([]);
});

test("the layout and the subscriptions update in place; the rest replace", async () => {
  const olds = { ...(await checked({ ...program, mixLayoutParams: grid })), taskId: "t", status: "InProgress" };
  const diff = (change: Record<string, unknown>) =>
    checked({ ...program, mixLayoutParams: grid, ...change }).then((n) => runtime.diff("t", olds, n));
  const inPlace = { changes: true, replaces: [], deleteBeforeReplace: false };

  expect(await diff({})).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  expect(await diff({ mixLayoutParams: custom })).toEqual(inPlace);
  expect(await diff({ mixLayoutParams: undefined })).toEqual(inPlace);
  const subscribed = { ...program.recordParams, subscribeStreamUserIds: { subscribeVideoUserIds: ["anchor-1"] } };
  expect(await diff({ recordParams: subscribed })).toEqual(inPlace);

  // Same room and bot user: TRTC would see one user twice, so the old recording must stop first.
  const replaced = { changes: true, deleteBeforeReplace: true };
  expect(await diff({ recordParams: { ...subscribed, recordMode: 1 }, mixLayoutParams: undefined })).toEqual({
    ...replaced, replaces: ["recordParams"],
  });
  expect(await diff({ recordParams: { ...program.recordParams, maxIdleTime: 300 } })).toEqual({ ...replaced, replaces: ["recordParams"] });
  expect(await diff({ storageParams: { cloudStorage: { ...cloudStorage, bucket: "other-1250000000" } } })).toEqual({
    ...replaced, replaces: ["storageParams"],
  });
  expect(await diff({ storageParams: { cloudStorage: { ...cloudStorage, secretKey: "rotated" } } })).toEqual({
    ...replaced, replaces: ["storageParams"],
  });
  expect(await diff({ storageParams: { cloudVod: {} } })).toEqual({ ...replaced, replaces: ["storageParams"] });
  // A new UserSig rides along a replacement without being a reason for it.
  expect(await diff({ userSig: "new-sig", resourceExpiredHour: 6 })).toEqual({ ...replaced, replaces: ["resourceExpiredHour"] });
  // Another room: the new bot does not collide with the old one, so create-before-delete.
  expect(await diff({ roomId: 99 })).toEqual({ changes: true, replaces: ["roomId"], deleteBeforeReplace: false });
  expect(await diff({ userId: "recorder-2" })).toMatchObject({ replaces: ["userId"], deleteBeforeReplace: false });
});

test("nested values not known until another resource exists pass check during preview", async () => {
  const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
  const vendorLater = await checked({ ...program, storageParams: { cloudStorage: { ...cloudStorage, vendor: unknown } } });
  const result = await runtime.check({}, { ...program, mixLayoutParams: unknown, resourceExpiredHour: 1 });
  expect(result.failures).toEqual([{ property: "resourceExpiredHour", reason: "must be from 6 to 720" }]);
  const olds = { ...(await checked({ ...program, mixLayoutParams: grid })), taskId: "t" };
  expect(await runtime.diff("t", olds, (await runtime.check({}, { ...program, mixLayoutParams: unknown })).inputs)).toEqual({
    changes: true, replaces: [], deleteBeforeReplace: false,
  });
  expect(await runtime.diff("t", olds, vendorLater)).toMatchObject({ replaces: ["storageParams"], deleteBeforeReplace: true });
});

test("Describe's states and files map to outputs: Idle runs, Exited is gone, null members are left out", () => {
  const { state } = cloudRecording.describe;
  expect(state({ TaskId: "t", Status: "Idle", StorageFileList: null })).toEqual({ status: "Idle", outputs: { storageFiles: [] } });
  expect(state({ TaskId: "t", Status: "Exited", StorageFileList: [] })).toBeUndefined();
  const file = { UserId: null, FileName: "a.m3u8", TrackType: null, BeginTimeStamp: 1700000000000 };
  expect(state({ TaskId: "t", Status: "InProgress", StorageFileList: [file] })?.outputs).toEqual({
    storageFiles: [{ fileName: "a.m3u8", beginTimeStamp: 1700000000000 }],
  });
});

test("the bot's credentials and the storage keys are secret inputs", () => {
  const rules = { ...cloudRecording.fields, ...cloudRecording.nestedFields };
  const secret = Object.entries(rules).filter(([, rule]) => rule.secret).map(([path]) => path);
  expect(secret.sort()).toEqual([
    "privateMapKey",
    "storageParams.cloudStorage.accessKey",
    "storageParams.cloudStorage.secretKey",
    "userSig",
  ]);
  // Each nested path names a real input: it leads to a value in a full program.
  const full: Record<string, unknown> = { ...program, privateMapKey: "k" };
  for (const path of secret) {
    const value = path.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], full);
    expect(typeof value).toBe("string");
  }
});

const joins = (userId: string) => suite.emulator.state.rooms.join(program.sdkAppId, program.roomId, userId);
const leaves = (userId: string) => suite.emulator.state.rooms.leave(program.sdkAppId, program.roomId, userId);
const lastParams = (action: string) => suite.emulator.state.requests.list().filter((r) => r.action === action).at(-1)?.params;

test("create sends the documented request; read reports the status and the files written so far", async () => {
  joins("anchor-1");
  const inputs = await checked({
    ...program,
    recordParams: { recordMode: 2, maxIdleTime: 30, subscribeStreamUserIds: { subscribeVideoUserIds: ["anchor-1", "anchor-2"] } },
    storageParams: { cloudStorage: { ...cloudStorage, fileNamePrefix: ["meetings", "daily"] } },
    mixTranscodeParams: {
      videoParams: { width: 360, height: 640, fps: 15, bitRate: 550000, gop: 10 },
      audioParams: { sampleRate: 2, channel: 1, bitRate: 48000 },
    },
    mixLayoutParams: custom,
    resourceExpiredHour: 24,
    privateMapKey: "private-map-key",
  });
  const { id, outs } = await runtime.create(inputs);

  expect(lastParams("CreateCloudRecording")).toEqual({
    SdkAppId: 1400000001,
    RoomId: "1234",
    RoomIdType: 1,
    UserId: "recorder-1234",
    UserSig: program.userSig,
    RecordParams: { RecordMode: 2, MaxIdleTime: 30, SubscribeStreamUserIds: { SubscribeVideoUserIds: ["anchor-1", "anchor-2"] } },
    StorageParams: {
      CloudStorage: {
        Vendor: 0,
        Region: "ap-singapore",
        Bucket: "recordings-1250000000",
        AccessKey: "storage-access-key",
        SecretKey: "storage-secret-key",
        FileNamePrefix: ["meetings", "daily"],
      },
    },
    MixTranscodeParams: {
      VideoParams: { Width: 360, Height: 640, Fps: 15, BitRate: 550000, Gop: 10 },
      AudioParams: { SampleRate: 2, Channel: 1, BitRate: 48000 },
    },
    MixLayoutParams: customSent,
    ResourceExpiredHour: 24,
    PrivateMapKey: "private-map-key",
  });
  expect(actions(suite.emulator)).toEqual(["CreateCloudRecording", "DescribeCloudRecording"]);
  expect(outs).toMatchObject({ taskId: id, status: "InProgress", storageFiles: [], mixLayoutParams: custom });

  suite.emulator.state.clock.advance(10_000);
  const read = await runtime.read(id, outs);
  expect(read.id).toBe(id);
  expect(read.props?.status).toBe("InProgress");
  expect(read.props?.storageFiles).toEqual([
    { userId: "", fileName: expect.stringMatching(/\.m3u8$/), trackType: "audio_video", beginTimeStamp: suite.emulator.state.tasks.get(id)!.startedAt },
  ]);
  await runtime.remove(id, outs);
});

test("the fill frame, the mix bot subscription, the watermark fonts and audio-only windows reach TRTC under the SDK's names", async () => {
  joins("anchor-1");
  const marks = [
    { waterMarkType: 1, waterMarkChar: { top: 0, left: 0, width: 120, height: 24, chars: "LIVE", font: "SourceHanSans" } },
    { waterMarkType: 2, waterMarkTimestamp: { pos: 3, font: "Tencent" } },
  ];
  const { id, outs } = await runtime.create(await checked({
    ...program,
    recordParams: { ...program.recordParams, fillType: 1, subscribeAbility: 1 },
    mixLayoutParams: { ...grid, pureAudioDisableLayout: true, waterMarkList: marks },
  }));
  expect(lastParams("CreateCloudRecording")).toMatchObject({
    RecordParams: { RecordMode: 2, MaxIdleTime: 30, FillType: 1, SubscribeAbility: 1 },
    MixLayoutParams: {
      MixLayoutMode: 3,
      PureAudioDisableLayout: true,
      WaterMarkList: [
        { WaterMarkType: 1, WaterMarkChar: { Top: 0, Left: 0, Width: 120, Height: 24, Chars: "LIVE", Font: "SourceHanSans" } },
        { WaterMarkType: 2, WaterMarkTimestamp: { Pos: 3, Font: "Tencent" } },
      ],
    },
  });
  // The layout changes in place with them; the record parameters replace.
  const plainGrid = await checked({ ...program, recordParams: { ...program.recordParams, fillType: 1, subscribeAbility: 1 }, mixLayoutParams: grid });
  expect((await runtime.diff(id, outs, plainGrid)).replaces).toEqual([]);
  expect((await runtime.diff(id, outs, await checked({ ...program, mixLayoutParams: grid }))).replaces).toEqual(["recordParams"]);
  await runtime.remove(id, outs);
});

test("update sends ModifyCloudRecording with the whole layout and subscription lists, and nothing else", async () => {
  joins("anchor-1");
  const first = await checked({ ...program, mixLayoutParams: grid });
  const created = await runtime.create(first);
  const id = created.id;

  const recordParams = { ...program.recordParams, subscribeStreamUserIds: { unSubscribeAudioUserIds: ["guest.*$"] } };
  const news = await checked({ ...program, recordParams, mixLayoutParams: custom });
  expect((await runtime.diff(id, created.outs, news)).replaces).toEqual([]);
  suite.emulator.state.requests.clear();
  const updated = await runtime.update(id, created.outs, news);

  expect(actions(suite.emulator)).toEqual(["ModifyCloudRecording", "DescribeCloudRecording"]);
  const modified = {
    MixLayoutParams: customSent,
    SubscribeStreamUserIds: { UnSubscribeAudioUserIds: ["guest.*$"] },
  };
  expect(lastParams("ModifyCloudRecording")).toEqual({ SdkAppId: 1400000001, TaskId: id, ...modified });
  expect(suite.emulator.state.tasks.get(id)?.settings).toEqual(modified);
  expect(updated.outs).toMatchObject({ taskId: id, status: "InProgress", mixLayoutParams: custom, recordParams });

  // Taking the layout and the lists out goes back to TRTC's defaults: the grid, everyone subscribed.
  const back = await runtime.update(id, updated.outs!, first);
  expect(lastParams("ModifyCloudRecording")).toEqual({
    SdkAppId: 1400000001, TaskId: id, MixLayoutParams: { MixLayoutMode: 3 }, SubscribeStreamUserIds: {},
  });
  await runtime.remove(id, back.outs!);
});

test("a single-stream recording's subscriptions change in place, and its files follow them", async () => {
  joins("anchor-1");
  joins("anchor-2");
  const blocked = { unSubscribeAudioUserIds: ["anchor-2"], unSubscribeVideoUserIds: ["anchor-2"] };
  const single = (subscribeStreamUserIds?: object) => ({
    ...program,
    recordParams: { recordMode: 1, avMerge: 1, ...(subscribeStreamUserIds && { subscribeStreamUserIds }) },
  });
  const created = await runtime.create(await checked(single(blocked)));
  suite.emulator.state.clock.advance(1000);
  const before = await runtime.read(created.id, created.outs);
  expect(before.props?.storageFiles).toEqual([
    expect.objectContaining({ userId: "anchor-1", trackType: "audio_video" }),
  ]);

  const updated = await runtime.update(created.id, before.props!, await checked(single()));
  expect(lastParams("ModifyCloudRecording")).toEqual({ SdkAppId: 1400000001, TaskId: created.id, SubscribeStreamUserIds: {} });
  expect((updated.outs?.storageFiles as { userId: string }[]).map((f) => f.userId)).toEqual(["anchor-1", "anchor-2"]);
  await runtime.remove(created.id, updated.outs!);
});

test("delete stops the recording, and deleting it again succeeds", async () => {
  joins("anchor-1");
  const { id, outs } = await runtime.create(await checked(program));
  await runtime.remove(id, outs);
  expect(suite.emulator.state.tasks.get(id)).toMatchObject({ status: "Ended", endReason: "stopped" });
  await runtime.remove(id, outs);
  expect(actions(suite.emulator).filter((a) => a === "DeleteCloudRecording")).toHaveLength(2);
  expect(lastParams("DeleteCloudRecording")).toEqual({ SdkAppId: 1400000001, TaskId: id });
});

test("a recording that ended itself in an empty room is dropped by refresh and cannot be updated", async () => {
  joins("anchor-1");
  const { id, outs } = await runtime.create(await checked(program));
  leaves("anchor-1");
  suite.emulator.state.clock.advance(29_000);
  expect((await runtime.read(id, outs)).id).toBe(id);

  suite.emulator.state.clock.advance(1_000);
  expect(suite.emulator.state.tasks.get(id)).toMatchObject({ status: "Ended", endReason: "finished" });
  expect(await runtime.read(id, outs)).toEqual({});
  const news = await checked({ ...program, mixLayoutParams: custom });
  await expect(runtime.update(id, outs, news)).rejects.toThrow(/ended on its own.*pulumi refresh/);
  await runtime.remove(id, outs);
});

test("a replacement that keeps the room and bot stops the old recording first, as TRTC requires", async () => {
  joins("anchor-1");
  const old = await runtime.create(await checked(program));
  const news = await checked({ ...program, recordParams: { recordMode: 2, maxIdleTime: 120 } });
  expect(await runtime.diff(old.id, old.outs, news)).toMatchObject({ replaces: ["recordParams"], deleteBeforeReplace: true });
  // Started alongside, the new bot would be the same TRTC user twice.
  await expect(runtime.create(news)).rejects.toThrow(/FailedOperation.TaskExist/);
  await runtime.remove(old.id, old.outs);
  const replacement = await runtime.create(news);
  expect(suite.emulator.state.tasks.get(replacement.id)?.status).toBe("InProgress");
  await runtime.remove(replacement.id, replacement.outs);
});


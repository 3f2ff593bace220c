// The slicing families of the emulator (CloudSliceTask, CloudModeration: emulator/handlers/sliceTasks.ts
// and each family's table) over real HTTP, called through Tencent's SDK: the documented lifecycle,
// Modify taking only the subscription lists, parameter validation with TRTC's codes, the regions,
// the one-bot rule, MaxIdleTime and ResourceExpiredHour on the virtual clock.
import type { TaskRecord } from "../emulator";
import { botSig } from "./helpers";
import { sdkClient, useFrozenEmulator } from "./sdk";

const APP = 1400000001;
const ROOM = 1234;
const BUCKET = { Vendor: 2, Region: "oss-ap-southeast-1", Bucket: "slices", AccessKey: "ak", SecretKey: "sk", FileNamePrefix: ["event"] };

interface Family {
  family: string;
  create: string;
  describe: string;
  modify: string;
  remove: string;
  regions: string[];
  /** A valid Create request of the family, without the bot. */
  request: Record<string, unknown>;
  /** The member holding MaxIdleTime and the family's own settings. */
  params: string;
  /** A MaxIdleTime past the family's range, and a ResourceExpiredHour past it. */
  tooIdle: number;
  tooLong: number;
  defaultExpiredHours: number;
}

const FAMILIES: Family[] = [
  {
    family: "CloudSliceTask",
    create: "CreateCloudSliceTask",
    describe: "DescribeCloudSliceTask",
    modify: "ModifyCloudSliceTask",
    remove: "DeleteCloudSliceTask",
    regions: ["ap-singapore", "eu-frankfurt"],
    request: { SliceParams: { SliceType: 3, MaxIdleTime: 30, SliceAudio: 20, SliceVideo: 10, SliceImageType: 1 }, SliceStorageParams: { CloudSliceStorage: BUCKET } },
    params: "SliceParams",
    tooIdle: 86401,
    tooLong: 721,
    defaultExpiredHours: 72,
  },
  {
    family: "CloudModeration",
    create: "CreateCloudModeration",
    describe: "DescribeCloudModeration",
    modify: "ModifyCloudModeration",
    remove: "DeleteCloudModeration",
    regions: ["ap-singapore"],
    request: {
      ModerationParams: {
        ModerationType: 3,
        MaxIdleTime: 30,
        SliceVideo: 1,
        ModerationSupplier: "tianyu",
        ModerationSupplierParam: { AppID: "app", SecretId: "id", SecretKey: "key", AudioBizType: "a", ImageBizType: "i" },
        SaveModerationFile: 2,
        CallbackAllResults: 1,
      },
      ModerationStorageParams: { CloudModerationStorage: BUCKET },
    },
    params: "ModerationParams",
    tooIdle: 1801,
    tooLong: 73,
    defaultExpiredHours: 24,
  },
];

const suite = useFrozenEmulator();

const code = (call: Promise<unknown>): Promise<string | undefined> => call.then(() => "ok", (e: { code?: string }) => e.code);
/** The error a call answers, code and message. */
const failure = (call: Promise<unknown>): Promise<string> => call.then(() => "ok", (e: { code?: string; message?: string }) => `${e.code}: ${e.message}`);
const record = async (taskId: string): Promise<TaskRecord> => (await suite.control.tasks()).find((t) => t.taskId === taskId)!;

describe.each(FAMILIES)("$family", (f) => {
  const bot = (userId = "slicer-1234") => ({ SdkAppId: APP, RoomId: String(ROOM), UserId: userId, UserSig: botSig(userId) });
  const create = async (overrides: Record<string, unknown> = {}, client = suite.trtc): Promise<string> =>
    ((await client.request(f.create, { ...bot(), ...f.request, ...overrides })) as { TaskId: string }).TaskId;
  const withParams = (members: Record<string, unknown>) => ({ [f.params]: { ...(f.request[f.params] as object), ...members } });
  const task = (TaskId: string) => ({ SdkAppId: APP, TaskId });

  test("creates, describes, modifies the subscriptions of and deletes a task; then it is gone", async () => {
    const taskId = await create();
    expect(await record(taskId)).toMatchObject({ family: f.family, userId: "slicer-1234", publishes: false, status: "InProgress", idleTimeoutMs: 30_000 });
    expect(await suite.trtc.request(f.describe, task(taskId))).toEqual({ TaskId: taskId, Status: "InProgress", SubscribeStreamUserIds: {}, RequestId: expect.any(String) });

    const lists = { SubscribeAudioUserIds: ["host", "guest.*$"] };
    expect(await suite.trtc.request(f.modify, { ...task(taskId), SubscribeStreamUserIds: lists })).toEqual({ TaskId: taskId, RequestId: expect.any(String) });
    expect(await suite.trtc.request(f.describe, task(taskId))).toMatchObject({ SubscribeStreamUserIds: lists });
    // "Cannot specify an allowlist and a blocklist at the same time."
    expect(await failure(suite.trtc.request(f.modify, { ...task(taskId), SubscribeStreamUserIds: { ...lists, UnSubscribeAudioUserIds: ["x"] } }))).toMatch(
      /^InvalidParameter: The parameter SubscribeStreamUserIds is invalid: give an audio allowlist or blocklist, not both/,
    );

    expect(await suite.trtc.request(f.remove, task(taskId))).toEqual({ TaskId: taskId, RequestId: expect.any(String) });
    expect(await record(taskId)).toMatchObject({ status: "Ended", endReason: "stopped" });
    for (const action of [f.describe, f.modify, f.remove]) expect([action, await code(suite.trtc.request(action, task(taskId)))]).toEqual([action, "ResourceNotFound"]);
  });

  test("validates the request with TRTC's codes", async () => {
    expect(await failure(create({ [f.params]: undefined }))).toMatch(new RegExp(`^MissingParameter(\\.${f.params})?: The parameter ${f.params} is missing`));
    expect(await failure(create(withParams({ MaxIdleTime: f.tooIdle })))).toMatch(new RegExp(`^InvalidParameter.*${f.params}.MaxIdleTime`));
    expect(await failure(create({ ResourceExpiredHour: f.tooLong }))).toMatch(/ResourceExpiredHour/);
    expect(await failure(create(withParams({ SliceAudio: 61 })))).toMatch(new RegExp(`${f.params}.SliceAudio`));
    expect(await code(create({ UserSig: "forged" }))).toMatch(/UserSig/);
    expect(await suite.control.tasks()).toEqual([]);
  });

  test("one task per bot: the same bot is refused while its task runs, another bot is not", async () => {
    await create();
    expect(await code(create())).toBe("FailedOperation.TaskExist");
    expect(await code(create(bot("slicer-2")))).toBe("ok");
  });

  test("is served in its documented regions only", async () => {
    for (const region of f.regions) expect([region, await code(create(bot(`bot-${region}`), sdkClient(suite.emulator.url, { region })))]).toEqual([region, "ok"]);
    expect(await code(create({}, sdkClient(suite.emulator.url, { region: "ap-guangzhou" })))).toBe("UnsupportedRegion");
  });

  test("ends MaxIdleTime after the room has no anchor, and stops answering past ResourceExpiredHour", async () => {
    await suite.control.joinRoom(APP, ROOM, "alice");
    const idle = await create(withParams({ MaxIdleTime: 5 }));
    await suite.control.leaveRoom(APP, ROOM, "alice");
    await suite.control.advanceClock(4);
    expect(await code(suite.trtc.request(f.describe, task(idle)))).toBe("ok");
    await suite.control.advanceClock(1);
    expect(await record(idle)).toMatchObject({ status: "Ended", endReason: "finished" });
    expect(await code(suite.trtc.request(f.describe, task(idle)))).toBe("ResourceNotFound");

    await suite.control.joinRoom(APP, ROOM, "alice");
    const expiring = await create(bot("slicer-2"));
    await suite.control.advanceClock(f.defaultExpiredHours * 3600);
    // Past ResourceExpiredHour the task keeps running but takes no more calls.
    expect(await record(expiring)).toMatchObject({ status: "InProgress" });
    expect(await code(suite.trtc.request(f.describe, task(expiring)))).toBe("ResourceNotFound");
  });
});

test("a setting for the kind of slice a task does not take is refused", async () => {
  const sliceBot = { SdkAppId: APP, RoomId: String(ROOM), UserId: "slicer-1", UserSig: botSig("slicer-1") };
  const audioOnly = { SliceParams: { SliceType: 1, SliceVideo: 5 }, SliceStorageParams: { CloudSliceStorage: BUCKET } };
  expect(await failure(suite.trtc.request("CreateCloudSliceTask", { ...sliceBot, ...audioOnly }))).toMatch(/^InvalidParameter: The parameter SliceParams.SliceVideo is invalid: applies only to SliceType 2 or 3/);
  const pngOfAudio = { ...audioOnly, SliceParams: { SliceType: 1, SliceImageType: 0 } };
  expect(await failure(suite.trtc.request("CreateCloudSliceTask", { ...sliceBot, ...pngOfAudio }))).toMatch(/The parameter SliceParams.SliceImageType is invalid: applies only to SliceType 2 or 3/);
  // "MissingParameter.SliceType" (CreateCloudSliceTask's error codes), though the member is documented optional.
  expect(await code(suite.trtc.request("CreateCloudSliceTask", { ...sliceBot, ...audioOnly, SliceParams: {} }))).toBe("MissingParameter.SliceType");
  // ModerationType defaults to 1, audio slices: a screenshot interval needs 2 or 3.
  expect(await failure(suite.trtc.request("CreateCloudModeration", { ...sliceBot, ModerationParams: { SliceVideo: 5 } }))).toMatch(/^InvalidParameter: The parameter ModerationParams.SliceVideo is invalid: applies only to ModerationType 2 or 3/);
  expect(await code(suite.trtc.request("CreateCloudModeration", { ...sliceBot, ModerationParams: {} }))).toBe("ok");
});

// The CloudTranscription family of the emulator over real HTTP, called through Tencent's SDK: the
// documented lifecycle, the integer-first RoomIdType, the bot's UserSig and uniqueness in its room,
// the TTS rules, nested ranges with TRTC's codes, the regions, and MaxIdleTime on the virtual clock.
import type { TaskRecord } from "../emulator";
import { botSig } from "./helpers";
import { sdkClient, useFrozenEmulator } from "./sdk";

const APP = 1400000001;
const ROOM = 1234;
/** The page's example, with an integer room (RoomIdType 0). */
const CREATE = {
  SdkAppId: APP,
  RoomId: String(ROOM),
  RoomIdType: 0,
  TranscriptionParam: { UserId: "transcriber-1", UserSig: botSig("transcriber-1") },
  AsrParam: { Lang: "bigmodel-en" },
};
const TTS = {
  Model: "flow_02_turbo",
  Language: "zh",
  TargetUser: { UserId: "teacher" },
  TTSRobotUser: { UserId: "voice-zh" },
  Voice: { VoiceId: "v-female-R2s4N9qJ" },
};

const suite = useFrozenEmulator();

const create = async (overrides: Record<string, unknown> = {}, client = suite.trtc): Promise<string> =>
  ((await client.request("CreateCloudTranscription", { ...CREATE, ...overrides })) as { TaskId: string }).TaskId;
const describe_ = (TaskId: string) => suite.trtc.request("DescribeCloudTranscription", { SdkAppId: APP, TaskId });
const remove = (TaskId: string) => suite.trtc.request("DeleteCloudTranscription", { SdkAppId: APP, TaskId });
const record = async (taskId: string): Promise<TaskRecord> => (await suite.control.tasks()).find((t) => t.taskId === taskId)!;
const code = (call: Promise<unknown>): Promise<string | undefined> => call.then(() => "ok", (e: { code?: string }) => e.code);

test("creates a transcription in an integer room, describes it, and deletes it; then it is gone", async () => {
  const taskId = await create();
  expect(await record(taskId)).toMatchObject({ family: "CloudTranscription", roomId: String(ROOM), userId: "transcriber-1", publishes: false, status: "InProgress" });
  expect(await describe_(taskId)).toEqual({ StartTime: expect.any(Number), Status: "InProgress", TaskId: taskId, RequestId: expect.any(String) });
  expect(await remove(taskId)).toEqual({ TaskId: taskId, RequestId: expect.any(String) });
  expect(await record(taskId)).toMatchObject({ status: "Ended", endReason: "stopped" });
  expect(await code(describe_(taskId))).toBe("ResourceNotFound");
  expect(await code(remove(taskId))).toBe("ResourceNotFound");
});

test("RoomIdType 1 is a string room; the bot is one user: a second task with it in the room is refused", async () => {
  const taskId = await create({ RoomId: "lecture", RoomIdType: 1 });
  expect(await record(taskId)).toMatchObject({ roomId: "lecture" });
  expect(await code(create({ RoomId: "lecture", RoomIdType: 1 }))).toBe("FailedOperation.TaskExist");
  // An anchor already in the room cannot be the bot.
  await suite.control.joinRoom(APP, ROOM, "transcriber-1");
  expect(await code(create())).toBe("InvalidParameter.UserId");
});

test("removing the bot from its room ends the task (what settles a lost Create)", async () => {
  const taskId = await create();
  await suite.trtc.request("RemoveUser", { SdkAppId: APP, RoomId: ROOM, UserIds: ["transcriber-1"] });
  expect(await record(taskId)).toMatchObject({ status: "Ended" });
  expect(await code(describe_(taskId))).toBe("ResourceNotFound");
});

test("ends by itself once its anchors have been away for MaxIdleTime (default 30 seconds)", async () => {
  const short = await create({ TranscriptionParam: { ...CREATE.TranscriptionParam, MaxIdleTime: 5 } });
  const defaulted = await create({ RoomId: "4321", TranscriptionParam: { UserId: "transcriber-2", UserSig: botSig("transcriber-2") } });
  await suite.control.advanceClock(5);
  expect(await code(describe_(short))).toBe("ResourceNotFound");
  expect(await describe_(defaulted)).toMatchObject({ Status: "InProgress" });
  await suite.control.advanceClock(25);
  expect(await code(describe_(defaulted))).toBe("ResourceNotFound");
});

describe("parameters are checked as documented, with TRTC's codes", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["no room type", { RoomIdType: undefined }, "MissingParameter"],
    ["a string room with RoomIdType 0", { RoomId: "lecture" }, "InvalidParameter"],
    ["no bot", { TranscriptionParam: undefined }, "MissingParameter"],
    ["a bot without a UserSig", { TranscriptionParam: { UserId: "transcriber-1" } }, "MissingParameter"],
    ["a UserSig of another user", { TranscriptionParam: { UserId: "transcriber-1", UserSig: botSig("someone-else") } }, "InvalidParameter"],
    ["an idle time under 5 seconds", { TranscriptionParam: { ...CREATE.TranscriptionParam, MaxIdleTime: 4 } }, "InvalidParameter.OutOfRange"],
    ["no recognition", { AsrParam: undefined }, "MissingParameter"],
    ["no language", { AsrParam: {} }, "MissingParameter"],
    ["a VAD silence under 240 ms", { AsrParam: { Lang: "bigmodel-en", VadSilenceTime: 239 } }, "InvalidParameter.OutOfRange"],
    ["five alternative languages", { AsrParam: { Lang: "zh-yue", AlternativeLanguage: ["vi", "ja", "ko", "id", "th"] } }, "InvalidParameter.OutOfRange"],
    ["a hot word of weight 12", { AsrParam: { Lang: "bigmodel-en", HotWordList: "TRTC|12" } }, "InvalidParameter"],
    ["a profanity filter of 3", { AsrParam: { Lang: "bigmodel-en", FilterDirty: 3 } }, "InvalidParameter.OutOfRange"],
    ["a TTS model other than flow_02_turbo", { TTSParam: [{ ...TTS, Model: "flow_01_turbo" }], TranslationParam: { TargetLang: ["zh"] } }, "InvalidParameter.OutOfRange"],
    ["a TTS language not translated into", { TTSParam: [TTS], TranslationParam: { TargetLang: ["ja"] } }, "InvalidParameter"],
    ["a TTS anchor outside the allowlist", { TTSParam: [TTS], TranslationParam: { TargetLang: ["zh"] }, TranscriptionParam: { ...CREATE.TranscriptionParam, SubscribeList: [{ UserId: "ta" }] } }, "InvalidParameter"],
    ["a voice pitch past 12", { TTSParam: [{ ...TTS, Voice: { VoiceId: "v", Pitch: 13 } }], TranslationParam: { TargetLang: ["zh"] } }, "InvalidParameter.OutOfRange"],
    ["an undocumented member", { UserId: "transcriber-1" }, "UnknownParameter"],
  ];
  test.each(cases)("%s", async (_name, overrides, expected) => {
    expect(await code(create(overrides))).toMatch(new RegExp(`^${expected.replace(".", "\\.")}`));
    expect(await suite.control.tasks()).toEqual([]);
  });

  test("a spoken translation for a transcribed anchor is accepted", async () => {
    const taskId = await create({ TTSParam: [TTS], TranslationParam: { TargetLang: ["zh"], Terminologies: [{ TargetLang: "zh", Terminology: [{ Source: "room", Target: "房间" }] }] } });
    expect(await record(taskId)).toMatchObject({ status: "InProgress" });
  });
});

test("is served in ap-guangzhou, ap-hongkong and ap-singapore", async () => {
  expect(await code(create({}, sdkClient(suite.emulator.url, { region: "ap-beijing" })))).toBe("UnsupportedRegion");
  expect(await code(create({}, sdkClient(suite.emulator.url, { region: "ap-hongkong" })))).toBe("ok");
});

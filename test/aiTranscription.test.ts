import * as runtime from "../provider/runtime";
import { aiTranscription } from "../resources/aiTranscription";
import { actions, botSig, checked, checkFailure, useProviderEmulator } from "./helpers";

// The AITranscription lifecycle driven through the provider runtime as Pulumi's dynamic provider
// host drives it, against the emulator: checks by path, every change a replacement (there is no
// update API), a task that ends itself, and a Start whose answer is lost found by its SessionId.

const suite = useProviderEmulator();

const transcriptionParams = { userId: "scribe", userSig: botSig("scribe") };
const program = {
  __kind: "AITranscription",
  sdkAppId: 1400000001,
  roomId: 4321,
  transcriptionParams,
};

const requests = (action: string) => suite.emulator.state.requests.list().filter((r) => r.action === action);
const running = () => suite.emulator.state.tasks.list().filter((t) => t.status === "InProgress");
const spokenChinese = { targetLanguages: ["zh"], mode: 2, ttsConfig: { voiceId: "v-female-R2s4N9qJ" } };

// The inputs that are or hold a secret: check names their problems by the whole path, with no property.
const HIDDEN = ["transcriptionParams"];

describe("bad input is rejected at check, naming the nested path, with no API call", () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["no bot", { transcriptionParams: undefined }, "transcriptionParams", /is required/],
    ["chosen users without a target", { transcriptionParams: { ...transcriptionParams, transcriptionMode: 1 } }, "transcriptionParams.targetUserId", /is required when transcriptionMode is 1/],
    ["a target for the whole room", { transcriptionParams: { ...transcriptionParams, targetUserId: "alice" } }, "transcriptionParams.targetUserId", /applies only when transcriptionMode is 1/],
    ["a target list for the whole room", { transcriptionParams: { ...transcriptionParams, targetUserIdList: ["a"] } }, "transcriptionParams.targetUserIdList", /applies only when transcriptionMode is 1/],
    ["a recognition level past 3", { recognizeConfig: { vadLevel: 4 } }, "recognizeConfig.vadLevel", /from 0 to 3/],
    ["dialect as an alternative", { recognizeConfig: { alternativeLanguage: ["zh-dialect"] } }, "recognizeConfig.alternativeLanguage.0", /cannot be zh-dialect/],
    ["a translation into nothing", { translationConfig: { targetLanguages: [] } }, "translationConfig.targetLanguages", /at least 1 language/],
    ["spoken translation without a voice", { translationConfig: { targetLanguages: ["en"], mode: 2 } }, "translationConfig.ttsConfig", /is required when mode is 2/],
    ["a voice for text translation", { translationConfig: { ...spokenChinese, mode: 1 } }, "translationConfig.ttsConfig", /applies only when mode is 2/],
    ["a silent translation voice", { translationConfig: { ...spokenChinese, ttsConfig: { voiceId: "v", volume: 0 } } }, "translationConfig.ttsConfig.volume", /more than 0/],
    ["a term without its translation", { translationConfig: { targetLanguages: ["zh"], terminology: [{ source: "room" }] } }, "translationConfig.terminology.0.target", /is required/],
    ["a region without AI transcription", { region: "ap-bangkok" }, "region", /served in: ap-guangzhou/],
  ];
  test.each(cases)("%s", async (_name, change, property, reason) => {
    const result = await runtime.check({}, { ...program, ...change });
    expect(result.failures).toEqual([checkFailure(property, reason, HIDDEN)]);
    expect(actions(suite.emulator)).toEqual([]);
  });
});

test("every change replaces the task; one that keeps the bot stops the old task first", async () => {
  const olds = { ...(await checked(program)), taskId: "t", status: "InProgress", sessionId: "generated" };
  const diff = (change: Record<string, unknown>) => checked({ ...program, ...change }).then((n) => runtime.diff("t", olds, n));
  expect(await diff({})).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  const sameBot = { changes: true, deleteBeforeReplace: true };
  expect(await diff({ recognizeConfig: { language: "en" } })).toEqual({ ...sameBot, replaces: ["recognizeConfig"] });
  expect(await diff({ translationConfig: { targetLanguages: ["ja"] } })).toEqual({ ...sameBot, replaces: ["translationConfig"] });
  expect(await diff({ transcriptionParams: { ...transcriptionParams, maxIdleTime: 300 } })).toEqual({ ...sameBot, replaces: ["transcriptionParams"] });
  expect(await diff({ sessionId: "mine" })).toEqual({ ...sameBot, replaces: ["sessionId"] });
  expect(await diff({ roomId: "lobby" })).toEqual({ changes: true, replaces: ["roomId"], deleteBeforeReplace: false });
});

test("only the bot's UserSig is secret", () => {
  const rules = { ...aiTranscription.fields, ...aiTranscription.nestedFields };
  expect(Object.entries(rules).filter(([, rule]) => rule.secret).map(([path]) => path)).toEqual(["transcriptionParams.userSig"]);
  expect(aiTranscription.update).toBeUndefined();
});

test("create sends the documented request with a generated SessionId, and delete stops it (twice is fine)", async () => {
  const inputs = await checked({
    ...program,
    transcriptionParams: { ...transcriptionParams, maxIdleTime: 90, transcriptionMode: 1, targetUserId: "alice", targetUserIdList: ["bob"] },
    recognizeConfig: { language: "en", hotWordList: "TRTC|10" },
    translationConfig: { ...spokenChinese, terminology: [{ source: "room", target: "房间" }] },
  });
  const { id, outs } = await runtime.create(inputs);
  const sessionId = String(outs.sessionId);
  expect(requests("StartAITranscription").map((r) => r.params)).toEqual([
    {
      SdkAppId: 1400000001,
      RoomId: "4321",
      RoomIdType: 0,
      TranscriptionParams: {
        UserId: "scribe",
        UserSig: transcriptionParams.userSig,
        MaxIdleTime: 90,
        TranscriptionMode: 1,
        TargetUserId: "alice",
        TargetUserIdList: ["bob"],
      },
      SessionId: sessionId,
      RecognizeConfig: { Language: "en", HotWordList: "TRTC|10" },
      TranslationConfig: { TargetLanguages: ["zh"], Mode: 2, TTSConfig: { VoiceId: "v-female-R2s4N9qJ" }, Terminology: [{ Source: "room", Target: "房间" }] },
    },
  ]);
  expect(requests("DescribeAITranscription").map((r) => r.params)).toEqual([{ TaskId: id }]);
  expect(outs).toMatchObject({ taskId: id, status: "Preparing", sessionId });
  expect(suite.emulator.state.tasks.get(id)).toMatchObject({ roomId: "4321", roomIdType: 1 });

  await runtime.remove(id, outs);
  await runtime.remove(id, outs);
  expect(requests("StopAITranscription").map((r) => r.outcome)).toEqual(["ok", "FailedOperation.TaskNotExist"]);
});

test("a transcription ends itself after its room stays empty: refresh drops it", async () => {
  suite.emulator.state.rooms.join(1400000001, 4321, "alice");
  const { id, outs } = await runtime.create(await checked(program));
  suite.emulator.state.clock.advance(1000);
  expect((await runtime.read(id, outs)).props).toMatchObject({ status: "InProgress" });
  suite.emulator.state.rooms.leave(1400000001, 4321, "alice");
  suite.emulator.state.clock.advance(60_000);
  expect(suite.emulator.state.tasks.get(id)).toMatchObject({ status: "Ended", endReason: "finished" });
  expect(await runtime.read(id, outs)).toEqual({});
});

test("a Start whose answer is lost after it ran is found by SessionId (TaskId empty): exactly one task", async () => {
  suite.emulator.state.faults.add({ action: "StartAITranscription", connection: "drop", runFirst: true, count: 1 });
  const { id, outs } = await runtime.create(await checked(program));
  expect(running().map((t) => t.taskId)).toEqual([id]);
  expect(requests("StartAITranscription")).toHaveLength(1);
  expect(requests("DescribeAITranscription").map((r) => r.params)).toEqual([
    { TaskId: "", SdkAppId: 1400000001, SessionId: outs.sessionId },
    { TaskId: id },
  ]);
  await runtime.remove(id, outs);
  expect(running()).toEqual([]);
});

test("a Start lost before it ran is sent again with the same SessionId, and a duplicate is never started", async () => {
  suite.emulator.state.faults.add({ action: "StartAITranscription", code: "InternalError", count: 1 });
  const { id, outs } = await runtime.create(await checked({ ...program, sessionId: "subtitles" }));
  expect(requests("StartAITranscription").map((r) => [r.outcome, (r.params as Record<string, unknown>).SessionId])).toEqual([
    ["InternalError", "subtitles"],
    ["ok", "subtitles"],
  ]);
  expect(running().map((t) => t.taskId)).toEqual([id]);
  await runtime.remove(id, outs);
});

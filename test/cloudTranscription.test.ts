import * as runtime from "../provider/runtime";
import { cloudTranscription } from "../resources/cloudTranscription";
import { actions, botSig, checked, checkFailure, useProviderEmulator } from "./helpers";

// The CloudTranscription lifecycle driven through the provider runtime as Pulumi's dynamic provider
// host drives it, against the emulator: checks by path, every change but the UserSig a replacement
// (there is no update API), the request's TTSParam spelling, a task that ends when its anchors
// stay away, and a Create whose answer is lost settled by removing the bot.

const suite = useProviderEmulator();

const APP = 1400000001;
const program = {
  __kind: "CloudTranscription",
  sdkAppId: APP,
  roomId: 1234,
  transcriptionParam: { userId: "transcriber", userSig: botSig("transcriber") },
  asrParam: { lang: "bigmodel-en" },
};
const tts = { model: "flow_02_turbo", language: "zh", targetUser: { userId: "teacher" }, ttsRobotUser: { userId: "voice-zh" }, voice: { voiceId: "v-female-R2s4N9qJ" } };

const requests = (action: string) => suite.emulator.state.requests.list().filter((r) => r.action === action);
const running = () => suite.emulator.state.tasks.list().filter((t) => t.status === "InProgress");

// The inputs that are or hold a secret: check names their problems by the whole path, with no property.
const HIDDEN = ["transcriptionParam"];

describe("bad input is rejected at check, naming the nested path, with no API call", () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["no recognition", { asrParam: undefined }, "asrParam", /is required/],
    ["an idle time under 5 seconds", { transcriptionParam: { ...program.transcriptionParam, maxIdleTime: 4 } }, "transcriptionParam.maxIdleTime", /from 5 to 86400/],
    ["a VAD silence past 2000 ms", { asrParam: { lang: "bigmodel-en", vadSilenceTime: 2001 } }, "asrParam.vadSilenceTime", /from 240 to 2000/],
    ["a hot word with a space", { asrParam: { lang: "bigmodel-en", hotWordList: "Tencent Cloud|5" } }, "asrParam.hotWordList", /word\|weight/],
    ["five alternative languages", { asrParam: { lang: "zh-yue", alternativeLanguage: ["vi", "ja", "ko", "id", "th"] } }, "asrParam.alternativeLanguage", /at most 4/],
    ["a TTS model other than flow_02_turbo", { ttsParams: [{ ...tts, model: "flow_01_turbo" }], translationParam: { targetLang: ["zh"] } }, "ttsParams.0.model", /flow_02_turbo/],
    ["a TTS language not translated into", { ttsParams: [tts], translationParam: { targetLang: ["ja"] } }, "ttsParams.0.language", /one of translationParam.targetLang/],
    ["a TTS anchor left out of the transcription", { ttsParams: [tts], translationParam: { targetLang: ["zh"] }, transcriptionParam: { ...program.transcriptionParam, unSubscribeList: [{ userId: "teacher" }] } }, "ttsParams.0.targetUser.userId", /transcribed anchor/],
    ["a region without cloud transcription", { region: "ap-mumbai" }, "region", /served in: ap-guangzhou, ap-hongkong, ap-singapore/],
  ];
  test.each(cases)("%s", async (_name, change, property, reason) => {
    const result = await runtime.check({}, { ...program, ...change });
    expect(result.failures).toEqual([checkFailure(property, reason, HIDDEN)]);
    expect(actions(suite.emulator)).toEqual([]);
  });
});

test("every change replaces the transcription, but a new UserSig is only recorded; one keeping the bot stops the old one first", async () => {
  const olds = { ...(await checked(program)), taskId: "t", status: "InProgress" };
  const diff = (change: Record<string, unknown>) => checked({ ...program, ...change }).then((n) => runtime.diff("t", olds, n));
  expect(await diff({})).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  expect(await diff({ transcriptionParam: { ...program.transcriptionParam, userSig: botSig("transcriber", APP, undefined, 3600) } })).toMatchObject({ replaces: [] });
  expect(await diff({ asrParam: { lang: "bigmodel-zh" } })).toEqual({ changes: true, replaces: ["asrParam"], deleteBeforeReplace: true });
  expect(await diff({ transcriptionParam: { userId: "scribe-2", userSig: botSig("scribe-2") } })).toEqual({ changes: true, replaces: ["transcriptionParam"], deleteBeforeReplace: false });
  expect(cloudTranscription.update).toBeUndefined();
});

test("create sends the documented request, TTSParam as the API spells it; delete stops it (twice is fine)", async () => {
  const inputs = await checked({
    ...program,
    roomId: "lecture",
    transcriptionParam: { ...program.transcriptionParam, subscribeList: [{ userId: "teacher" }], maxIdleTime: 60 },
    asrParam: { lang: "bigmodel-en", hotWordList: "TRTC|10,Pulumi|11" },
    translationParam: { targetLang: ["zh"] },
    ttsParams: [tts],
  });
  const { id, outs } = await runtime.create(inputs);
  expect(requests("CreateCloudTranscription").map((r) => r.params)).toEqual([
    {
      SdkAppId: APP,
      RoomId: "lecture",
      RoomIdType: 1,
      TranscriptionParam: { UserId: "transcriber", UserSig: program.transcriptionParam.userSig, SubscribeList: [{ UserId: "teacher" }], MaxIdleTime: 60 },
      AsrParam: { Lang: "bigmodel-en", HotWordList: "TRTC|10,Pulumi|11" },
      TranslationParam: { TargetLang: ["zh"] },
      TTSParam: [{ Model: "flow_02_turbo", Language: "zh", TargetUser: { UserId: "teacher" }, TTSRobotUser: { UserId: "voice-zh" }, Voice: { VoiceId: "v-female-R2s4N9qJ" } }],
    },
  ]);
  expect(requests("DescribeCloudTranscription").map((r) => r.params)).toEqual([{ SdkAppId: APP, TaskId: id }]);
  expect(outs).toMatchObject({ taskId: id, status: "InProgress" });

  await runtime.remove(id, outs);
  await runtime.remove(id, outs);
  expect(requests("DeleteCloudTranscription").map((r) => r.outcome)).toEqual(["ok", "ResourceNotFound"]);
});

test("a transcription ends once its anchors stay away: refresh drops it and says why", async () => {
  const { id, outs } = await runtime.create(await checked({ ...program, transcriptionParam: { ...program.transcriptionParam, maxIdleTime: 10 } }));
  suite.emulator.state.clock.advance(10_000);
  const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
  try {
    expect(await runtime.read(id, outs)).toEqual({});
    expect(String(warn.mock.calls[0]![0])).toContain("transcriptionParam.maxIdleTime seconds (10)");
  } finally {
    warn.mockRestore();
  }
});

test("a Create whose answer is lost after it ran: the bot is removed, ending it, and exactly one transcription runs", async () => {
  suite.emulator.state.faults.add({ action: "CreateCloudTranscription", connection: "drop", runFirst: true, count: 1 });
  const { id, outs } = await runtime.create(await checked(program));
  expect(running().map((t) => t.taskId)).toEqual([id]);
  expect(suite.emulator.state.requests.list().map((r) => `${r.action} ${r.outcome}`).slice(0, 3)).toEqual([
    "CreateCloudTranscription dropped", "RemoveUser ok", "CreateCloudTranscription ok",
  ]);
  await runtime.remove(id, outs);
  expect(running()).toEqual([]);
});

// The AI families of the emulator over real HTTP, called through Tencent's SDK: conversations and
// transcriptions through their documented lifecycle and states, SessionId lookup, the JSON
// LLMConfig and TTSConfig checked as the service would, real UserSigs, the one-bot rules, tasks
// that end themselves in an empty room, and the record of what ControlAIConversation pushed.
import { type TaskRecord } from "../emulator";
import { botSig } from "./helpers";
import { sdkClient, useFrozenEmulator } from "./sdk";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const APP = 1400000001;
const ROOM = "ai-room";

const LLM = { LLMType: "openai", Model: "gpt-4o", APIKey: "sk-llm-key", APIUrl: "https://api.openai.com/v1/chat/completions", Streaming: true };
const TTS = { TTSType: "tencent", AppId: 1300000000, SecretId: "AKIDtts", SecretKey: "tts-secret", VoiceType: 101001, Speed: 1.25 };
const CONVERSATION = {
  SdkAppId: APP,
  RoomId: ROOM,
  RoomIdType: 1,
  AgentConfig: { UserId: "assistant", UserSig: botSig("assistant"), TargetUserId: "alice", WelcomeMessage: "Hello" },
  LLMConfig: JSON.stringify(LLM),
  TTSConfig: JSON.stringify(TTS),
};
const TRANSCRIPTION = {
  SdkAppId: APP,
  RoomId: ROOM,
  RoomIdType: 1,
  TranscriptionParams: { UserId: "scribe", UserSig: botSig("scribe") },
};

const suite = useFrozenEmulator();

type Params = Record<string, unknown>;
const call = async (action: string, params: Params) => (await suite.trtc.request(action, params)) as Record<string, unknown>;
/** The error code a call answers, or "ok". */
const outcome = (action: string, params: Params): Promise<string> =>
  suite.trtc.request(action, params).then(
    () => "ok",
    (err: { code?: string }) => err.code ?? "no code",
  );
const startConversation = async (overrides: Params = {}) => String((await call("StartAIConversation", { ...CONVERSATION, ...overrides })).TaskId);
const startTranscription = async (overrides: Params = {}) => String((await call("StartAITranscription", { ...TRANSCRIPTION, ...overrides })).TaskId);
const status = async (action: string, params: Params) =>
  call(action, params).then(
    (r) => String(r.Status),
    (err: { code?: string }) => err.code,
  );
const record = async (taskId: string): Promise<TaskRecord> => (await suite.control.tasks()).find((t) => t.taskId === taskId)!;
const agent = (overrides: Params) => ({ AgentConfig: { ...CONVERSATION.AgentConfig, ...overrides } });

describe("AI conversation lifecycle", () => {
  it("starts, describes by TaskId and by SessionId, updates, and stops", async () => {
    const taskId = await startConversation({ SessionId: "session-1" });
    expect(taskId).toMatch(/^[A-Za-z0-9_-]{64,}$/);
    expect(await call("DescribeAIConversation", { SdkAppId: APP, TaskId: taskId })).toEqual({
      StartTime: new Date(suite.emulator.state.clock.now()).toISOString(),
      Status: "Preparing",
      TaskId: taskId,
      SessionId: "session-1",
      RequestId: expect.stringMatching(UUID),
    });
    expect(await call("DescribeAIConversation", { SdkAppId: APP, SessionId: "session-1" })).toMatchObject({ TaskId: taskId });

    await call("UpdateAIConversation", { TaskId: taskId, WelcomeMessage: "Hi again", LLMConfig: JSON.stringify({ ...LLM, Model: "gpt-4o-mini" }) });
    // What was not named stays as it was.
    expect((await record(taskId)).settings).toEqual({
      WelcomeMessage: "Hi again",
      InterruptMode: 0,
      InterruptSpeechDuration: 500,
      LLMConfig: { ...LLM, Model: "gpt-4o-mini" },
      TTSConfig: TTS,
    });

    expect(await call("StopAIConversation", { TaskId: taskId })).toEqual({ RequestId: expect.stringMatching(UUID) });
    expect(await record(taskId)).toMatchObject({ status: "Ended", endReason: "stopped" });
    // Stopped while it cleans up, then unknown.
    expect(await status("DescribeAIConversation", { TaskId: taskId })).toBe("Stopped");
    await suite.control.advanceClock(5);
    expect(await status("DescribeAIConversation", { TaskId: taskId })).toBe("FailedOperation.TaskNotExist");
    expect(await outcome("StopAIConversation", { TaskId: taskId })).toBe("FailedOperation.TaskNotExist");
    expect(await outcome("UpdateAIConversation", { TaskId: taskId, WelcomeMessage: "x" })).toBe("FailedOperation.TaskNotExist");
  });

  it("is Preparing, then Idle until its user is in the room, then InProgress", async () => {
    const taskId = await startConversation();
    const state = () => status("DescribeAIConversation", { TaskId: taskId });
    expect(await state()).toBe("Preparing");
    await suite.control.advanceClock(1);
    expect(await state()).toBe("Idle");
    await suite.control.joinRoom(APP, ROOM, "bob");
    expect(await state()).toBe("Idle");
    await suite.control.joinRoom(APP, ROOM, "alice");
    expect(await state()).toBe("InProgress");
  });

  it("ends itself when nobody but its own bot has published for MaxIdleTime (default 60 s)", async () => {
    await suite.control.joinRoom(APP, ROOM, "alice");
    const taskId = await startConversation();
    const short = await startConversation({ ...agent({ UserId: "short", UserSig: botSig("short"), MaxIdleTime: 10 }), RoomId: "other-room" });
    await suite.control.advanceClock(10);
    expect(await status("DescribeAIConversation", { TaskId: short })).toBe("Stopped");
    expect(await record(short)).toMatchObject({ status: "Ended", endReason: "finished" });

    await suite.control.leaveRoom(APP, ROOM, "alice");
    await suite.control.advanceClock(59);
    expect(await status("DescribeAIConversation", { TaskId: taskId })).toBe("Idle");
    await suite.control.advanceClock(1);
    expect(await status("DescribeAIConversation", { TaskId: taskId })).toBe("Stopped");
  });

  it("records the pushed texts and commands, and StopAfterPlay ends the conversation", async () => {
    const taskId = await startConversation();
    await suite.control.advanceClock(3);
    await call("ControlAIConversation", { TaskId: taskId, Command: "ServerPushText", ServerPushText: { Text: "Welcome, everyone", Interrupt: true } });
    await call("ControlAIConversation", { TaskId: taskId, Command: "InvokeLLM", InvokeLLM: { Content: "Summarise the meeting" } });
    await call("ControlAIConversation", { TaskId: taskId, Command: "TransparentData", TransparentData: { Data: "{\"slide\":3}" } });
    const started = (await record(taskId)).startedAt;
    expect((await record(taskId)).commands).toEqual([
      { time: started + 3000, command: "ServerPushText", params: { Text: "Welcome, everyone", Interrupt: true } },
      { time: started + 3000, command: "InvokeLLM", params: { Content: "Summarise the meeting" } },
      { time: started + 3000, command: "TransparentData", params: { Data: "{\"slide\":3}" } },
    ]);

    await call("ControlAIConversation", { TaskId: taskId, Command: "ServerPushText", ServerPushText: { Text: "Goodbye", StopAfterPlay: true } });
    expect(await record(taskId)).toMatchObject({ status: "Ended", endReason: "finished" });
    expect(await outcome("ControlAIConversation", { TaskId: taskId, Command: "ServerPushText", ServerPushText: { Text: "x" } })).toBe(
      "FailedOperation.TaskNotExist",
    );
  });

  it("checks ControlAIConversation's command and its member", async () => {
    const taskId = await startConversation();
    const control = (params: Params) => outcome("ControlAIConversation", { TaskId: taskId, ...params });
    expect(await control({ Command: "Dance" })).toBe("InvalidParameter.OutOfRange");
    expect(await control({ Command: "ServerPushText" })).toBe("MissingParameter");
    expect(await control({ Command: "ServerPushText", ServerPushText: {} })).toBe("MissingParameter");
    expect(await control({ Command: "ServerPushText", ServerPushText: { Text: "a", Audio: "AAAA" } })).toBe("InvalidParameter");
    expect(await control({ Command: "ServerPushText", ServerPushText: { Text: "a", MetaInfo: "{not json" } })).toBe("InvalidParameter");
    expect(await control({ Command: "InvokeLLM", ServerPushText: { Text: "a" }, InvokeLLM: { Content: "b" } })).toBe("InvalidParameter");
    expect(await control({ Command: "TransparentData", TransparentData: {} })).toBe("MissingParameter");
    expect((await record(taskId)).commands).toBeUndefined();
  });
});

describe("AI conversation parameters", () => {
  const cases: [string, Params, string, RegExp][] = [
    ["LLMConfig that is not JSON", { LLMConfig: "{model" }, "InvalidParameter", /LLMConfig is invalid: not valid JSON/],
    ["LLMConfig without LLMType", { LLMConfig: JSON.stringify({ Model: "m" }) }, "MissingParameter", /LLMConfig\.LLMType is missing/],
    ["an unknown LLMType", { LLMConfig: JSON.stringify({ ...LLM, LLMType: "claude" }) }, "InvalidParameter", /LLMConfig\.LLMType.*openai, coze, dify/],
    ["an LLM without APIKey", { LLMConfig: JSON.stringify({ ...LLM, APIKey: undefined }) }, "MissingParameter", /LLMConfig\.APIKey is missing/],
    ["an LLM URL that is not http(s)", { LLMConfig: JSON.stringify({ ...LLM, APIUrl: "ws://x" }) }, "InvalidParameter", /LLMConfig\.APIUrl/],
    ["History past 50", { LLMConfig: JSON.stringify({ ...LLM, History: 51 }) }, "InvalidParameter.OutOfRange", /LLMConfig\.History/],
    ["an undocumented LLM member", { LLMConfig: JSON.stringify({ ...LLM, Temperature: 1 }) }, "UnknownParameter", /LLMConfig\.Temperature/],
    ["a TTS vendor's missing key", { TTSConfig: JSON.stringify({ TTSType: "azure", Region: "eastus", VoiceName: "v", Language: "en-US" }) }, "MissingParameter", /TTSConfig\.SubscriptionKey/],
    ["a flow TTS speed of 3", { TTSConfig: JSON.stringify({ TTSType: "flow", VoiceId: "v", Model: "flow_01_turbo", Speed: 3 }) }, "InvalidParameter.OutOfRange", /TTSConfig\.Speed/],
    ["no TTSConfig", { TTSConfig: undefined }, "MissingParameter", /TTSConfig is missing/],
    ["no TargetUserId", agent({ TargetUserId: undefined }), "MissingParameter", /AgentConfig\.TargetUserId/],
    ["TurnDetectionMode 2", agent({ TurnDetectionMode: 2 }), "InvalidParameter.OutOfRange", /TurnDetectionMode/],
    ["a VoicePrint without ids", agent({ VoicePrint: { Mode: 1 } }), "MissingParameter", /AgentConfig\.VoicePrint\.IdList/],
    ["VadSilenceTime 100", { STTConfig: { VadSilenceTime: 100 } }, "InvalidParameter.OutOfRange", /STTConfig\.VadSilenceTime/],
    ["a single-language engine as an alternative", { STTConfig: { AlternativeLanguage: ["16k_zh_en"] } }, "InvalidParameter", /AlternativeLanguage\.0/],
    ["alternatives to zh-dialect", { STTConfig: { Language: "zh-dialect", AlternativeLanguage: ["en"] } }, "InvalidParameter", /zh-dialect/],
    ["a malformed hot word", { STTConfig: { HotWordList: "TRTC|12" } }, "InvalidParameter", /HotWordList/],
    ["an integer room that is not a number (RoomIdType 0)", { RoomIdType: 0 }, "InvalidParameter.RoomId", /RoomIdType 0 it must be an integer/],
    ["a UserSig signed for another user", agent({ UserSig: botSig("someone-else") }), "InvalidParameter.UserSig", /AgentConfig\.UserSig.*wrong-user/],
    ["a UserSig that is not one", agent({ UserSig: "not-a-sig" }), "InvalidParameter.UserSig", /malformed/],
  ];
  it.each(cases)("refuses %s", async (_name, overrides, code, message) => {
    await expect(suite.trtc.request("StartAIConversation", { ...CONVERSATION, ...overrides })).rejects.toMatchObject({
      code,
      message: expect.stringMatching(message),
    });
    expect(await suite.control.tasks()).toEqual([]);
  });

  it("reads RoomIdType as the AI APIs define it: 0 (the default) a numeric room, 1 a string room", async () => {
    const numeric = await startConversation({ RoomId: "1234", RoomIdType: undefined });
    const text = await startConversation({ ...agent({ UserId: "b2", UserSig: botSig("b2") }), RoomId: "1234", RoomIdType: 1 });
    expect(await record(numeric)).toMatchObject({ roomId: "1234", roomIdType: 1 });
    expect(await record(text)).toMatchObject({ roomId: "1234", roomIdType: 0 });
    expect((await suite.control.rooms()).map((r) => r.roomId)).toEqual([1234, "1234"]);
  });

  it("accepts every documented LLM type and TTS vendor", async () => {
    const llms = [
      LLM,
      { LLMType: "openai", Model: "m", APIKey: "k", APIUrl: "https://x.example.com/v1", SystemPrompt: "Be brief", Timeout: 3.5, History: 5, HistoryMode: 1, MetaInfo: { any: { nested: true } } },
      { LLMType: "coze", APIKey: "k", APIUrl: "https://api.coze.com/v3/chat", BotId: "b", UserId: "u", conversation_id: "c" },
      { LLMType: "dify", APIKey: "k", APIUrl: "https://api.dify.ai/v1/chat-messages", Inputs: { topic: "x" }, User: "u", ConversationId: "" },
    ];
    const ttss = [
      { TTSType: "flow", VoiceId: "v-female-R2s4N9qJ", Model: "flow_01_turbo", Speed: 1.5, Volume: 2, Pitch: -3, Language: "en" },
      { ...TTS, PrimaryLanguage: "zh-CN", FastVoiceType: "clone" },
      { ...TTS, PrimaryLanguage: 2 },
      { TTSType: "minimax", Model: "speech-01-turbo", APIUrl: "https://api.minimax.chat/v1/t2a_v2", APIKey: "k", GroupId: "g", VoiceType: "female-tianmei", Speed: 1.2 },
      { TTSType: "azure", SubscriptionKey: "k", Region: "southeastasia", VoiceName: "en-US-Amanda", Language: "en-US", Rate: 1 },
      { TTSType: "cartesia", Model: "sonic-multilingual", APIKey: "k", VoiceId: "v" },
      { TTSType: "elevenlabs", Model: "eleven_turbo_v2_5", APIKey: "k", VoiceId: "v" },
      { TTSType: "custom", APIKey: "k", APIUrl: "http://tts.example.com/stream", AudioFormat: "pcm", SampleRate: 16000, AudioChannel: 1 },
    ];
    const configs = [...llms.map((l) => ({ LLMConfig: JSON.stringify(l) })), ...ttss.map((t) => ({ TTSConfig: JSON.stringify(t) }))];
    for (const [i, config] of configs.entries()) {
      const taskId = await startConversation({ ...config, SessionId: `s${i}` });
      expect((await record(taskId)).settings).toMatchObject(Object.fromEntries(Object.entries(config).map(([k, v]) => [k, JSON.parse(v)])));
    }
  });
});

describe("AI conversation one-bot and SessionId rules", () => {
  it("refuses a second running task with the same SessionId, but not after the first stopped", async () => {
    const first = await startConversation({ SessionId: "once" });
    const other = { ...agent({ UserId: "b2", UserSig: botSig("b2") }), SessionId: "once" };
    expect(await outcome("StartAIConversation", { ...CONVERSATION, ...other })).toBe("FailedOperation.TaskExist");
    await call("StopAIConversation", { TaskId: first });
    const second = await startConversation(other);
    expect(await call("DescribeAIConversation", { SdkAppId: APP, SessionId: "once" })).toMatchObject({ TaskId: second, Status: "Preparing" });
    expect(await outcome("DescribeAIConversation", { SessionId: "once" })).toBe("MissingParameter.SdkAppId");
    expect(await outcome("DescribeAIConversation", { SdkAppId: APP })).toBe("MissingParameter.TaskId");
    expect(await outcome("DescribeAIConversation", { SdkAppId: APP + 1, TaskId: second })).toBe("FailedOperation.TaskNotExist");
  });

  it("a second conversation with the same bot in the room ends the first, as documented", async () => {
    const first = await startConversation();
    const second = await startConversation();
    expect(await record(first)).toMatchObject({ status: "Ended", endReason: "finished" });
    expect(await record(second)).toMatchObject({ status: "InProgress" });
  });

  it("refuses a bot that is a user in the room", async () => {
    await suite.control.joinRoom(APP, ROOM, "assistant");
    expect(await outcome("StartAIConversation", CONVERSATION)).toBe("InvalidParameter.UserId");
  });

  it("serves only the documented regions", async () => {
    const mumbai = sdkClient(suite.emulator.url, { region: "ap-mumbai" });
    await expect(mumbai.request("StartAIConversation", CONVERSATION)).rejects.toMatchObject({ code: "UnsupportedRegion" });
    const valley = sdkClient(suite.emulator.url, { region: "na-siliconvalley" });
    await expect(valley.request("StartAITranscription", TRANSCRIPTION)).resolves.toMatchObject({ TaskId: expect.any(String) });
  });
});

describe("AI transcription", () => {
  it("starts, describes by TaskId or by an empty TaskId with SdkAppId and SessionId, and stops", async () => {
    const taskId = await startTranscription({
      SessionId: "subtitles-1",
      RecognizeConfig: { Language: "en", AlternativeLanguage: ["zh"], HotWordList: "TRTC|10,Pulumi|100", VadSilenceTime: 800, VadLevel: 2 },
      TranslationConfig: {
        TargetLanguages: ["zh", "ja"],
        Mode: 2,
        TTSConfig: { VoiceId: "v-female-R2s4N9qJ", Model: "flow_01_turbo", Volume: 10 },
        Terminology: [{ Source: "room", Target: "房间" }],
      },
    });
    expect(await call("DescribeAITranscription", { TaskId: taskId })).toMatchObject({ TaskId: taskId, Status: "Preparing", SessionId: "subtitles-1" });
    expect(await call("DescribeAITranscription", { TaskId: "", SdkAppId: APP, SessionId: "subtitles-1" })).toMatchObject({ TaskId: taskId });
    expect(await outcome("DescribeAITranscription", { TaskId: "" })).toBe("MissingParameter");
    expect(await outcome("DescribeAITranscription", {})).toBe("MissingParameter.TaskId");
    // Conversations and transcriptions are apart.
    expect(await outcome("DescribeAIConversation", { TaskId: taskId })).toBe("FailedOperation.TaskNotExist");

    await call("StopAITranscription", { TaskId: taskId });
    expect(await status("DescribeAITranscription", { TaskId: taskId })).toBe("Stopped");
    expect(await outcome("StopAITranscription", { TaskId: taskId })).toBe("FailedOperation.TaskNotExist");
  });

  it("runs while someone it transcribes publishes, and ends MaxIdleTime after the last one leaves", async () => {
    const whole = await startTranscription();
    const chosen = await startTranscription({
      TranscriptionParams: { UserId: "scribe-2", UserSig: botSig("scribe-2"), TranscriptionMode: 1, TargetUserId: "alice", MaxIdleTime: 120 },
    });
    await suite.control.advanceClock(1);
    await suite.control.joinRoom(APP, ROOM, "bob");
    expect(await status("DescribeAITranscription", { TaskId: whole })).toBe("InProgress");
    expect(await status("DescribeAITranscription", { TaskId: chosen })).toBe("Idle");
    await suite.control.leaveRoom(APP, ROOM, "bob");
    await suite.control.advanceClock(60);
    expect(await record(whole)).toMatchObject({ status: "Ended", endReason: "finished" });
    expect(await record(chosen)).toMatchObject({ status: "InProgress" });
    await suite.control.advanceClock(60);
    expect(await record(chosen)).toMatchObject({ status: "Ended", endReason: "finished" });
  });

  it("refuses a second task of the same bot in the room, and a repeated SessionId", async () => {
    await startTranscription({ SessionId: "s" });
    expect(await outcome("StartAITranscription", TRANSCRIPTION)).toBe("FailedOperation.TaskExist");
    const other = { TranscriptionParams: { UserId: "scribe-2", UserSig: botSig("scribe-2") }, SessionId: "s" };
    expect(await outcome("StartAITranscription", { ...TRANSCRIPTION, ...other })).toBe("FailedOperation.TaskExist");
  });

  const cases: [string, Params, string][] = [
    ["TranscriptionMode 1 without TargetUserId", { TranscriptionParams: { ...TRANSCRIPTION.TranscriptionParams, TranscriptionMode: 1 } }, "MissingParameter"],
    ["a TargetUserIdList for the whole room", { TranscriptionParams: { ...TRANSCRIPTION.TranscriptionParams, TargetUserIdList: ["a"] } }, "InvalidParameter"],
    ["spoken translation without a voice", { TranslationConfig: { TargetLanguages: ["en"], Mode: 2 } }, "MissingParameter"],
    ["a translation into nothing", { TranslationConfig: { TargetLanguages: [] } }, "MissingParameter"],
    ["VadLevel 4", { RecognizeConfig: { VadLevel: 4 } }, "InvalidParameter.OutOfRange"],
    ["the deprecated RecognizeConfig.Model", { RecognizeConfig: { Model: "x" } }, "UnknownParameter"],
    ["a wrong UserSig", { TranscriptionParams: { UserId: "scribe", UserSig: botSig("scribe", APP, "wrong-key") } }, "InvalidParameter.UserSig"],
  ];
  it.each(cases)("refuses %s", async (_name, overrides, code) => {
    expect(await outcome("StartAITranscription", { ...TRANSCRIPTION, ...overrides })).toBe(code);
    expect(await suite.control.tasks()).toEqual([]);
  });
});

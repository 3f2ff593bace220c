import * as runtime from "../provider/runtime";
import { TrtcClient } from "../provider/client";
import { TaskEngine } from "../provider/engine";
import { ChangeRules } from "../provider/engine/changes";
import { aiConversation } from "../resources/aiConversation";
import { type RunningEmulator, startEmulator } from "../emulator";
import { actions, botSig, checked, checkFailure, configureRuntime, REGION, SECRET_ID, SECRET_KEY, useProviderEmulator } from "./helpers";

// The AIConversation lifecycle driven through the provider runtime exactly as Pulumi's dynamic
// provider host drives it, against the emulator over HTTP with real signatures and UserSigs:
// typed LLM and TTS configs checked by path and sent as JSON, in-place updates, secrets, and a
// Start whose answer is lost found again by its SessionId instead of started twice.

const suite = useProviderEmulator();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LLM_KEY = "sk-openai-secret-key";
const llmConfig = {
  llmType: "openai",
  model: "gpt-4o",
  apiKey: LLM_KEY,
  apiUrl: "https://api.openai.com/v1/chat/completions",
  streaming: true,
};
const ttsConfig = { ttsType: "flow", voiceId: "v-female-R2s4N9qJ", model: "flow_01_turbo" };
const agentConfig = { userId: "assistant", userSig: botSig("assistant"), targetUserId: "alice" };
const program = {
  __kind: "AIConversation",
  sdkAppId: 1400000001,
  roomId: "support-room",
  agentConfig,
  llmConfig,
  ttsConfig,
};

const requests = (action: string) => suite.emulator.state.requests.list().filter((r) => r.action === action);
const lastParams = (action: string) => requests(action).at(-1)?.params as Record<string, unknown> | undefined;
const running = () => suite.emulator.state.tasks.list().filter((t) => t.status === "InProgress");

// The inputs that are or hold a secret: check names their problems by the whole path, with no property.
const HIDDEN = ["agentConfig", "llmConfig", "ttsConfig"];

describe("bad input is rejected at check, naming the nested path, with no API call", () => {
  const { targetUserId: _target, ...withoutTarget } = agentConfig;
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["no target user", { agentConfig: withoutTarget }, "agentConfig.targetUserId", /is required/],
    ["no LLM, as the SDK's models require", { llmConfig: undefined }, "llmConfig", /is required by Tencent's SDK models; if your service takes the AIConversation without it, set trtc:aiConfigsOptional true/],
    ["no voice, as the SDK's models require", { ttsConfig: undefined }, "ttsConfig", /is required by Tencent's SDK models/],
    ["an LLM type not documented", { llmConfig: { ...llmConfig, llmType: "claude" } }, "llmConfig.llmType", /must be one of "openai", "coze", "dify"/],
    ["an LLM without its type", { llmConfig: { model: "gpt-4o" } }, "llmConfig.llmType", /is required/],
    ["an LLM URL that is not http(s)", { llmConfig: { ...llmConfig, apiUrl: "ftp://llm.example.com" } }, "llmConfig.apiUrl", /scheme http, https/],
    ["history past 50 rounds", { llmConfig: { ...llmConfig, history: 51 } }, "llmConfig.history", /from 0 to 50/],
    ["an LLM member not documented", { llmConfig: { ...llmConfig, temperature: 0.2 } }, "llmConfig.temperature", /is not a member of llmConfig/],
    ["a Coze bot without its id", { llmConfig: { llmType: "coze", apiKey: "k", apiUrl: "https://api.coze.com/v3/chat" } }, "llmConfig.botId", /is required/],
    ["a TTS vendor not documented", { ttsConfig: { ttsType: "polly" } }, "ttsConfig.ttsType", /must be one of "flow", "tencent", "minimax", "azure", "cartesia", "elevenlabs", "custom"/],
    ["an Azure voice without its key", { ttsConfig: { ttsType: "azure", region: "eastus", voiceName: "v", language: "en-US" } }, "ttsConfig.subscriptionKey", /is required/],
    ["a TRTC voice too fast", { ttsConfig: { ...ttsConfig, speed: 2.5 } }, "ttsConfig.speed", /from 0.5 to 2/],
    ["a TRTC voice model not documented", { ttsConfig: { ...ttsConfig, model: "flow_02" } }, "ttsConfig.model", /"flow_01_turbo" or "flow_01_ex"/],
    ["a Tencent voice's AppId as text", { ttsConfig: { ttsType: "tencent", appId: "1300000000", secretId: "i", secretKey: "k", voiceType: 1 } }, "ttsConfig.appId", /must be a number/],
    ["an interrupt duration the server does not use", { agentConfig: { ...agentConfig, interruptMode: 1, interruptSpeechDuration: 300 } }, "agentConfig.interruptSpeechDuration", /applies only when interruptMode is 0/],
    ["semantic settings without semantic turns", { agentConfig: { ...agentConfig, turnDetection: { semanticEagerness: "high" } } }, "agentConfig.turnDetection", /applies only when turnDetectionMode is 3/],
    ["a voiceprint without its id", { agentConfig: { ...agentConfig, voicePrint: { mode: 1 } } }, "agentConfig.voicePrint.idList", /is required when mode is 1/],
    ["an eagerness not documented", { agentConfig: { ...agentConfig, turnDetectionMode: 3, turnDetection: { semanticEagerness: "eager" } } }, "agentConfig.turnDetection.semanticEagerness", /"low", "medium", "high" or "auto"/],
    ["an unknown bot member", { agentConfig: { ...agentConfig, maxIdle: 5 } }, "agentConfig.maxIdle", /is not a member of agentConfig/],
    ["a sentence gap too short", { sttConfig: { vadSilenceTime: 100 } }, "sttConfig.vadSilenceTime", /from 240 to 2000/],
    ["a single-language engine as an alternative", { sttConfig: { alternativeLanguage: ["en", "16k_zh_en"] } }, "sttConfig.alternativeLanguage.1", /cannot be zh-dialect, 16k_zh_edu/],
    ["alternatives to Chinese dialects", { sttConfig: { language: "zh-dialect", alternativeLanguage: ["en"] } }, "sttConfig.alternativeLanguage", /applies only when language is not zh-dialect/],
    ["a hot word weighted 12", { sttConfig: { hotWordList: "TRTC|12" } }, "sttConfig.hotWordList", /weights 1 to 11 or 100/],
    ["an empty session id", { sessionId: "" }, "sessionId", /must not be empty/],
    ["a region without AI conversations", { region: "ap-mumbai" }, "region", /served in: ap-guangzhou, ap-singapore, ap-tokyo, na-siliconvalley/],
  ];
  test.each(cases)("%s", async (_name, change, property, reason) => {
    const result = await runtime.check({}, { ...program, ...change });
    expect(result.failures).toEqual([checkFailure(property, reason, HIDDEN)]);
    expect(actions(suite.emulator)).toEqual([]);
  });
});

test("valid inputs of every LLM type and TTS vendor pass check as given, without calling TRTC", async () => {
  const full = {
    ...program,
    roomId: 1234,
    agentConfig: {
      ...agentConfig,
      maxIdleTime: 120,
      welcomeMessage: "Hello, how can I help?",
      welcomeMessagePriority: 1,
      interruptMode: 0,
      interruptSpeechDuration: 800,
      turnDetectionMode: 3,
      turnDetection: { semanticEagerness: "low" },
      filterOneWord: false,
      filterBracketsContent: 2,
      ambientSound: { scene: "coffee_shop", volume: 0.5 },
      voicePrint: { mode: 1, idList: ["vp-1"] },
      subtitleMode: 1,
      interruptWordList: ["stop", "wait"],
    },
    sessionId: "support-session",
    sttConfig: { language: "en", alternativeLanguage: ["zh"], vadSilenceTime: 600, hotWordList: "TRTC|10,Pulumi|100", vadLevel: 2 },
    llmConfig: { ...llmConfig, systemPrompt: "Be brief.", timeout: 3.5, history: 5, historyMode: 1, metaInfo: { customer: { tier: "gold" } } },
  };
  expect(await checked(full)).toEqual({ ...full, region: REGION });
  const configs = [
    { llmConfig: { llmType: "coze", apiKey: "k", apiUrl: "https://api.coze.com/v3/chat", botId: "b", userId: "u", conversationId: "c" } },
    { llmConfig: { llmType: "dify", apiKey: "k", apiUrl: "https://api.dify.ai/v1/chat-messages", inputs: { topic: "billing" }, user: "u" } },
    { ttsConfig: { ...ttsConfig, speed: 1.2, volume: 5, pitch: -2, language: "en" } },
    { ttsConfig: { ttsType: "tencent", appId: 1300000000, secretId: "AKID", secretKey: "k", voiceType: 101001, speed: 1.25, primaryLanguage: "zh-CN" } },
    { ttsConfig: { ttsType: "tencent", appId: 1300000000, secretId: "AKID", secretKey: "k", voiceType: 101001, primaryLanguage: 2, fastVoiceType: "clone" } },
    { ttsConfig: { ttsType: "minimax", model: "speech-01-turbo", apiUrl: "https://api.minimax.chat/v1/t2a_v2", apiKey: "k", groupId: "g", voiceType: "female-tianmei", speed: 1.2 } },
    { ttsConfig: { ttsType: "azure", subscriptionKey: "k", region: "southeastasia", voiceName: "en-US-Amanda", language: "en-US", rate: 1.1 } },
    { ttsConfig: { ttsType: "cartesia", model: "sonic-multilingual", apiKey: "k", voiceId: "v" } },
    { ttsConfig: { ttsType: "elevenlabs", model: "eleven_turbo_v2_5", apiKey: "k", voiceId: "v" } },
    { ttsConfig: { ttsType: "custom", apiKey: "k", apiUrl: "http://tts.example.com/stream", audioFormat: "pcm", sampleRate: 16000, audioChannel: 1 } },
  ];
  for (const config of configs) await checked({ ...program, ...config });
  expect(actions(suite.emulator)).toEqual([]);
});

describe("diff: what UpdateAIConversation can change updates in place; the rest replaces", () => {
  const inPlace = { changes: true, replaces: [], deleteBeforeReplace: false };
  let olds: Record<string, unknown>;
  beforeAll(async () => {
    olds = { ...(await checked({ ...program, agentConfig: { ...agentConfig, welcomeMessage: "Hi" } })), taskId: "t", status: "InProgress", sessionId: "generated-1" };
  });
  const diff = (change: Record<string, unknown>) =>
    checked({ ...program, agentConfig: { ...agentConfig, welcomeMessage: "Hi" }, ...change }).then((n) => runtime.diff("t", olds, n));
  const withAgent = (change: Record<string, unknown>) => diff({ agentConfig: { ...agentConfig, welcomeMessage: "Hi", ...change } });

  test("nothing changed, and the generated session id is the task's own", async () => {
    expect(await diff({})).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  test("the LLM, the voice, the welcome message and the interrupt settings change in place", async () => {
    expect(await diff({ llmConfig: { ...llmConfig, model: "gpt-4o-mini" } })).toEqual(inPlace);
    expect(await diff({ llmConfig: { ...llmConfig, apiKey: "rotated" } })).toEqual(inPlace);
    expect(await diff({ llmConfig: { llmType: "dify", apiKey: "k", apiUrl: "https://api.dify.ai/v1/chat-messages" } })).toEqual(inPlace);
    expect(await diff({ ttsConfig: { ttsType: "elevenlabs", model: "eleven_turbo_v2_5", apiKey: "k", voiceId: "v" } })).toEqual(inPlace);
    expect(await withAgent({ welcomeMessage: "Welcome back" })).toEqual(inPlace);
    expect(await withAgent({ welcomeMessage: undefined })).toEqual(inPlace);
    expect(await withAgent({ interruptMode: 1 })).toEqual(inPlace);
    expect(await withAgent({ interruptSpeechDuration: 900 })).toEqual(inPlace);
  });

  test("the rest of the bot, recognition, the room and the session replace the task", async () => {
    // Same room and bot: TRTC would end the old conversation when the new one starts, so it is stopped first.
    const sameBot = { changes: true, deleteBeforeReplace: true };
    expect(await withAgent({ maxIdleTime: 300 })).toEqual({ ...sameBot, replaces: ["agentConfig"] });
    expect(await withAgent({ targetUserId: "bob", welcomeMessage: "Hello" })).toEqual({ ...sameBot, replaces: ["agentConfig"] });
    expect(await withAgent({ userSig: botSig("assistant", undefined, undefined, 3600) })).toEqual({ ...sameBot, replaces: ["agentConfig"] });
    expect(await diff({ sttConfig: { language: "en" } })).toEqual({ ...sameBot, replaces: ["sttConfig"] });
    expect(await diff({ region: "ap-tokyo" })).toEqual({ ...sameBot, replaces: ["region"] });
    // A session id of the program's own replaces the generated one.
    expect(await diff({ sessionId: "mine" })).toEqual({ ...sameBot, replaces: ["sessionId"] });
    // Another room or bot does not collide: create-before-delete.
    expect(await diff({ roomId: 99 })).toEqual({ changes: true, replaces: ["roomId"], deleteBeforeReplace: false });
    expect(await withAgent({ userId: "assistant-2", userSig: botSig("assistant-2") })).toMatchObject({ replaces: ["agentConfig"], deleteBeforeReplace: false });
  });

  test("a session id of the program's own that a replacement keeps must be freed first", async () => {
    const mine = { ...(await checked({ ...program, sessionId: "mine" })), taskId: "t", sessionId: "mine" };
    const news = await checked({ ...program, sessionId: "mine", roomId: "another-room" });
    expect(await runtime.diff("t", mine, news)).toEqual({ changes: true, replaces: ["roomId"], deleteBeforeReplace: true });
  });
});

test("the bot's UserSig and every API key or secret in the configs are secret; the rest is readable", () => {
  const rules = { ...aiConversation.fields, ...aiConversation.nestedFields };
  const secret = Object.entries(rules).filter(([, rule]) => rule.secret).map(([path]) => path);
  expect(secret.sort()).toEqual([
    "agentConfig.userSig",
    // No page gives an avatar's members: it may hold a vendor's key.
    "avatarConfig",
    "llmConfig.apiKey",
    "ttsConfig.apiKey",
    "ttsConfig.secretId",
    "ttsConfig.secretKey",
    "ttsConfig.subscriptionKey",
  ]);
  // Rotating a key is an update, not a new conversation.
  for (const path of secret.filter((p) => p !== "agentConfig.userSig" && p !== "avatarConfig")) expect(rules[path as keyof typeof rules].change).toBe("inPlace");
  expect(aiConversation.fields.llmConfig.secret).toBeUndefined();
});

test("create sends the documented request: JSON configs in a stable order, a generated SessionId, RoomIdType 1 for a string room", async () => {
  // Keys in another order than the documents': the JSON sent is the same.
  const { apiKey, streaming, ...rest } = llmConfig;
  const inputs = await checked({
    ...program,
    agentConfig: { ...agentConfig, welcomeMessage: "Hi", interruptMode: 0, turnDetectionMode: 3, turnDetection: { semanticEagerness: "high" } },
    sttConfig: { language: "en", vadSilenceTime: 600 },
    llmConfig: { streaming, apiKey, ...rest, metaInfo: { camelCase: { keptAs: "given" } } },
  });
  const { id, outs } = await runtime.create(inputs);

  const sessionId = String(outs.sessionId);
  expect(sessionId).toMatch(UUID);
  expect(lastParams("StartAIConversation")).toEqual({
    SdkAppId: 1400000001,
    RoomId: "support-room",
    RoomIdType: 1,
    AgentConfig: {
      UserId: "assistant",
      UserSig: agentConfig.userSig,
      TargetUserId: "alice",
      WelcomeMessage: "Hi",
      InterruptMode: 0,
      TurnDetectionMode: 3,
      TurnDetection: { SemanticEagerness: "high" },
    },
    SessionId: sessionId,
    STTConfig: { Language: "en", VadSilenceTime: 600 },
    LLMConfig:
      '{"LLMType":"openai","Model":"gpt-4o","APIKey":"sk-openai-secret-key","APIUrl":"https://api.openai.com/v1/chat/completions",' +
      '"Streaming":true,"MetaInfo":{"camelCase":{"keptAs":"given"}}}',
    TTSConfig: '{"TTSType":"flow","VoiceId":"v-female-R2s4N9qJ","Model":"flow_01_turbo"}',
  });
  expect(actions(suite.emulator)).toEqual(["StartAIConversation", "DescribeAIConversation"]);
  expect(outs).toMatchObject({ taskId: id, status: "Preparing", sessionId, region: REGION });
  expect(suite.emulator.state.tasks.get(id)).toMatchObject({ roomId: "support-room", roomIdType: 0, userId: "assistant" });
  await runtime.remove(id, outs);
});

test("an avatar goes as AvatarConfig's JSON as written, and a change replaces the conversation", async () => {
  const avatar = { avatarType: "vendor", avatarId: "host-1", apiKey: "avatar-vendor-key" };
  const inputs = await checked({ ...program, avatarConfig: avatar });
  const created = await runtime.create(inputs);
  expect(JSON.parse(lastParams("StartAIConversation")!.AvatarConfig as string)).toEqual(avatar);
  const other = await checked({ ...program, avatarConfig: { ...avatar, avatarId: "host-2" } });
  expect(await runtime.diff(created.id, created.outs, other)).toMatchObject({ changes: true, replaces: ["avatarConfig"] });
  await runtime.remove(created.id, created.outs);
});

test("a numeric room is RoomIdType 0, and a Coze bot's conversation id keeps Coze's own name", async () => {
  const coze = { llmType: "coze", apiKey: "k", apiUrl: "https://api.coze.com/v3/chat", botId: "b", conversationId: "c-1" };
  const { id, outs } = await runtime.create(await checked({ ...program, roomId: 1234, llmConfig: coze, sessionId: "mine" }));
  expect(lastParams("StartAIConversation")).toMatchObject({
    RoomId: "1234",
    RoomIdType: 0,
    SessionId: "mine",
    LLMConfig: '{"LLMType":"coze","APIKey":"k","APIUrl":"https://api.coze.com/v3/chat","BotId":"b","conversation_id":"c-1"}',
  });
  expect(suite.emulator.state.tasks.get(id)).toMatchObject({ roomId: "1234", roomIdType: 1 });
  expect(outs.sessionId).toBe("mine");
  await runtime.remove(id, outs);
});

test("read follows the task from Preparing to Idle to InProgress, keeping its session id", async () => {
  const { id, outs } = await runtime.create(await checked(program));
  suite.emulator.state.clock.advance(1000);
  expect((await runtime.read(id, outs)).props).toMatchObject({ status: "Idle", sessionId: outs.sessionId });
  suite.emulator.state.rooms.join(1400000001, "support-room", "alice");
  expect((await runtime.read(id, outs)).props).toMatchObject({ status: "InProgress", sessionId: outs.sessionId });
  await runtime.remove(id, outs);
});

test("update sends UpdateAIConversation with everything it takes, and taking a setting out restores its default", async () => {
  const first = await checked({ ...program, agentConfig: { ...agentConfig, welcomeMessage: "Hi", interruptSpeechDuration: 800 } });
  const created = await runtime.create(first);
  const id = created.id;
  const news = await checked({
    ...program,
    agentConfig: { ...agentConfig, welcomeMessage: "Welcome back", interruptMode: 1 },
    llmConfig: { ...llmConfig, model: "gpt-4o-mini" },
    ttsConfig: { ttsType: "minimax", model: "speech-01-turbo", apiUrl: "https://api.minimax.chat/v1/t2a_v2", apiKey: "mm-key", groupId: "g", voiceType: "female-tianmei" },
  });
  expect((await runtime.diff(id, created.outs, news)).replaces).toEqual([]);
  suite.emulator.state.requests.clear();
  const updated = await runtime.update(id, created.outs, news);

  expect(actions(suite.emulator)).toEqual(["UpdateAIConversation", "DescribeAIConversation"]);
  expect(lastParams("UpdateAIConversation")).toEqual({
    TaskId: id,
    WelcomeMessage: "Welcome back",
    InterruptMode: 1,
    LLMConfig: '{"LLMType":"openai","Model":"gpt-4o-mini","APIKey":"sk-openai-secret-key","APIUrl":"https://api.openai.com/v1/chat/completions","Streaming":true}',
    TTSConfig: '{"TTSType":"minimax","Model":"speech-01-turbo","APIUrl":"https://api.minimax.chat/v1/t2a_v2","APIKey":"mm-key","GroupId":"g","VoiceType":"female-tianmei"}',
  });
  expect(suite.emulator.state.tasks.get(id)?.settings).toMatchObject({
    WelcomeMessage: "Welcome back",
    InterruptMode: 1,
    LLMConfig: { Model: "gpt-4o-mini" },
    TTSConfig: { TTSType: "minimax" },
  });
  expect(updated.outs).toMatchObject({ taskId: id, sessionId: created.outs.sessionId, llmConfig: { model: "gpt-4o-mini" } });

  // Back to the first program: the interrupt duration that was set is restored, the mode to its default.
  await runtime.update(id, updated.outs!, first);
  expect(lastParams("UpdateAIConversation")).toMatchObject({ WelcomeMessage: "Hi", InterruptMode: 0, InterruptSpeechDuration: 800 });
  const bare = await checked(program);
  const removed = await runtime.update(id, updated.outs!, bare);
  expect(lastParams("UpdateAIConversation")).toMatchObject({ WelcomeMessage: "" });
  expect(suite.emulator.state.tasks.get(id)?.settings).toMatchObject({ WelcomeMessage: "", InterruptMode: 0, InterruptSpeechDuration: 500 });
  // "" is sent only to remove a welcome message (no page says what it means): without one before or after, none is sent.
  suite.emulator.state.requests.clear();
  await runtime.update(id, removed.outs!, await checked({ ...program, llmConfig: { ...llmConfig, model: "gpt-4.1" } }));
  expect(actions(suite.emulator)).toContain("UpdateAIConversation");
  expect(lastParams("UpdateAIConversation")).not.toHaveProperty("WelcomeMessage");
  await runtime.remove(id, updated.outs!);
});

test("a conversation whose room stayed empty ends itself: refresh drops it, an update says to refresh, delete succeeds", async () => {
  const { id, outs } = await runtime.create(await checked({ ...program, agentConfig: { ...agentConfig, maxIdleTime: 30 } }));
  suite.emulator.state.clock.advance(29_000);
  expect((await runtime.read(id, outs)).id).toBe(id);
  suite.emulator.state.clock.advance(1_000);
  expect(suite.emulator.state.tasks.get(id)).toMatchObject({ status: "Ended", endReason: "finished" });
  // Described as Stopped while it cleans up, then unknown: gone both times.
  expect(await runtime.read(id, outs)).toEqual({});
  const news = await checked({ ...program, agentConfig: { ...agentConfig, maxIdleTime: 30 }, llmConfig: { ...llmConfig, model: "gpt-4o-mini" } });
  await expect(runtime.update(id, outs, news)).rejects.toThrow(/ended on its own.*pulumi refresh/);
  suite.emulator.state.clock.advance(10_000);
  expect(await runtime.read(id, outs)).toEqual({});
  await runtime.remove(id, outs);
  await runtime.remove(id, outs);
  expect(requests("StopAIConversation").map((r) => r.outcome)).toEqual(["FailedOperation.TaskNotExist", "FailedOperation.TaskNotExist"]);
});

test("a replacement that keeps the bot stops the old conversation first", async () => {
  const old = await runtime.create(await checked(program));
  const news = await checked({ ...program, agentConfig: { ...agentConfig, targetUserId: "bob" } });
  expect(await runtime.diff(old.id, old.outs, news)).toMatchObject({ replaces: ["agentConfig"], deleteBeforeReplace: true });
  await runtime.remove(old.id, old.outs);
  const replacement = await runtime.create(news);
  expect(running().map((t) => t.taskId)).toEqual([replacement.id]);
  expect(replacement.outs.sessionId).not.toBe(old.outs.sessionId);
  await runtime.remove(replacement.id, replacement.outs);
});

describe("a Start whose answer is lost is found again by its SessionId: exactly one task, none orphaned", () => {
  const faults: [string, Record<string, unknown>][] = [
    ["the connection dropped after the task started", { connection: "drop", runFirst: true }],
    ["HTTP 502 after the task started", { httpStatus: 502, runFirst: true }],
    ["InternalError after the task started", { code: "InternalError", runFirst: true }],
  ];
  test.each(faults)("%s", async (_name, fault) => {
    suite.emulator.state.faults.add({ action: "StartAIConversation", count: 1, ...fault });
    const { id, outs } = await runtime.create(await checked(program));

    expect(running().map((t) => t.taskId)).toEqual([id]);
    expect(suite.emulator.state.tasks.list()).toHaveLength(1);
    const starts = requests("StartAIConversation");
    expect(starts).toHaveLength(1);
    expect(starts[0].ran).toBe("ok");
    const [lookup, described] = requests("DescribeAIConversation").map((r) => r.params);
    expect(lookup).toEqual({ SdkAppId: 1400000001, SessionId: outs.sessionId });
    expect(described).toEqual({ TaskId: id });
    expect(outs).toMatchObject({ taskId: id, sessionId: (starts[0].params as Record<string, unknown>).SessionId });
    await runtime.remove(id, outs);
  });

  test("an answer lost before the task started: nothing is found, and Start is sent again with the same SessionId", async () => {
    suite.emulator.state.faults.add({ action: "StartAIConversation", connection: "drop", count: 1 });
    const { id, outs } = await runtime.create(await checked({ ...program, sessionId: "support-1" }));
    expect(running().map((t) => t.taskId)).toEqual([id]);
    expect(requests("StartAIConversation").map((r) => [r.outcome, (r.params as Record<string, unknown>).SessionId])).toEqual([
      ["dropped", "support-1"],
      ["ok", "support-1"],
    ]);
    expect(requests("DescribeAIConversation").map((r) => r.outcome)).toEqual(["FailedOperation.TaskNotExist", "ok"]);
    await runtime.remove(id, outs);
  });

  /** The engine on a client that waits `timeoutSeconds` for an answer and retries reads once, at once. */
  function engineWithClient(timeoutSeconds: number): TaskEngine {
    const settings = { secretId: SECRET_ID, secretKey: SECRET_KEY, region: REGION, endpoint: suite.emulator.url };
    const client = new TrtcClient(settings, { retries: 1, minTimeoutMs: 1, maxTimeoutMs: 1 }, timeoutSeconds);
    return new TaskEngine(aiConversation, () => client, () => settings);
  }

  test("an answer that never comes (a timeout) is found again", async () => {
    const engine = engineWithClient(1);
    suite.emulator.state.faults.add({ action: "StartAIConversation", connection: "hang", runFirst: true, count: 1 });
    const { id, outs } = await engine.create((await engine.check({}, program)).inputs);
    expect(running().map((t) => t.taskId)).toEqual([id]);
    expect(requests("StartAIConversation").map((r) => r.outcome)).toEqual(["held unanswered"]);
    await engine.delete(id, outs);
  });

  /** A create whose Start answer is lost while every lookup fails: Pulumi's record of it (a failed create that names an id). */
  async function unsettled(engine: TaskEngine, startRan: boolean): Promise<{ id: string; properties: Record<string, unknown> }> {
    suite.emulator.state.faults.add({ action: "StartAIConversation", connection: "drop", runFirst: startRan, count: 1 });
    suite.emulator.state.faults.add({ action: "DescribeAIConversation", code: "InternalError", count: 2 });
    const error = await engine.create((await engine.check({}, { ...program, sessionId: "support-3" })).inputs).then(
      () => undefined,
      (e: Error & { id: string; properties: Record<string, unknown> }) => e,
    );
    expect(error?.message).toMatch(
      /looking up the AIConversation task with sessionId support-3 failed too, so it may be running: DescribeAIConversation failed with InternalError.*looks it up again/,
    );
    // State keeps the key: the task is not lost to Pulumi, whether or not the Start ran.
    expect(error).toMatchObject({ id: "sessionId:support-3", properties: { sessionId: "support-3", __settlement: "startUnsettled" } });
    expect(error!.properties.taskId).toBeUndefined();
    return error!;
  }

  test("when the lookup fails too, state keeps the key, and the next up records the task the lost Start ran", async () => {
    const engine = engineWithClient(30);
    const { id, properties } = await unsettled(engine, true);
    const [task] = running();
    expect(await engine.diff(id, properties, properties)).toMatchObject({ changes: true });

    suite.emulator.state.requests.clear();
    const { outs } = await engine.update(id, properties, properties);
    expect(outs).toMatchObject({ taskId: task!.taskId, sessionId: "support-3" });
    expect(outs!.status).not.toBe("StartUnsettled");
    expect(outs!.__settlement).toBeUndefined();
    expect(actions(suite.emulator)).not.toContain("StartAIConversation");
    expect(running().map((t) => t.taskId)).toEqual([task!.taskId]);
    await engine.delete(id, outs!);
    expect(running()).toEqual([]);
  });

  test("when the lookup fails too and the Start never ran, the next up starts it with the same key", async () => {
    const engine = engineWithClient(30);
    const { id, properties } = await unsettled(engine, false);
    expect(running()).toEqual([]);
    const { outs } = await engine.update(id, properties, properties);
    expect(running().map((t) => [t.taskId, t.params.SessionId])).toEqual([[outs!.taskId, "support-3"]]);
    await engine.delete(id, outs!);
  });

  test("refresh settles an unsettled start: the found task's id, or gone; destroy stops the task it finds", async () => {
    const engine = engineWithClient(30);
    const { id, properties } = await unsettled(engine, true);
    const [task] = running();
    const read = await engine.read(id, properties);
    expect(read).toMatchObject({ id: task!.taskId, props: { taskId: task!.taskId, sessionId: "support-3" } });

    await engine.delete(id, properties);
    expect(running()).toEqual([]);
    expect(await engine.read(id, properties)).toEqual({});
  });

  test("when every answer is lost, create fails naming the session, and no task runs", async () => {
    suite.emulator.state.faults.add({ action: "StartAIConversation", httpStatus: 503, count: 3 });
    const inputs = await checked({ ...program, sessionId: "support-2" });
    await expect(runtime.create(inputs)).rejects.toThrow(
      /StartAIConversation failed with HttpError: HTTP 503.*no AIConversation task with sessionId support-2 was found running/,
    );
    expect(requests("StartAIConversation")).toHaveLength(3);
    expect(requests("DescribeAIConversation")).toHaveLength(3);
    expect(running()).toEqual([]);
  });

  test("an error that proves nothing ran is reported at once, with no lookup", async () => {
    const inputs = await checked({ ...program, agentConfig: { ...agentConfig, userSig: botSig("someone-else") } });
    await expect(runtime.create(inputs)).rejects.toThrow(/InvalidParameter.UserSig/);
    expect(actions(suite.emulator)).toEqual(["StartAIConversation"]);
  });
});

describe("with trtc:aiConfigsOptional, LLMConfig and TTSConfig may be left out, as StartAIConversation's page reads", () => {
  // An emulator serving the page's reading, beside the suite's, which serves the SDK's.
  let pageReading: RunningEmulator;
  const configFor = (url: string) => ({ "trtc:secretId": SECRET_ID, "trtc:secretKey": SECRET_KEY, "trtc:region": REGION, "trtc:endpoint": url, "trtc:aiConfigsOptional": "true" });
  const bare = { __kind: "AIConversation", sdkAppId: 1400000001, roomId: "bare-room", agentConfig };
  const sent = (action: string) => pageReading.state.requests.list().filter((r) => r.action === action).map((r) => r.params as Record<string, unknown>);
  beforeAll(async () => {
    pageReading = await startEmulator({ port: 0, aiConfigsOptional: true });
    await configureRuntime(configFor(pageReading.url));
  });
  afterAll(async () => {
    await configureRuntime({ "trtc:secretId": SECRET_ID, "trtc:secretKey": SECRET_KEY, "trtc:region": REGION, "trtc:endpoint": suite.emulator.url });
    await pageReading.close();
  });

  test("a conversation without either starts with neither sent; adding one updates in place, taking it out replaces", async () => {
    const created = await runtime.create(await checked(bare));
    expect(sent("StartAIConversation").at(-1)).not.toHaveProperty("LLMConfig");
    expect(sent("StartAIConversation").at(-1)).not.toHaveProperty("TTSConfig");
    expect(pageReading.state.tasks.get(created.id)?.status).toBe("InProgress");

    const withLlm = await checked({ ...bare, llmConfig });
    expect(await runtime.diff(created.id, created.outs, withLlm)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    const updated = await runtime.update(created.id, created.outs, withLlm);
    expect(sent("UpdateAIConversation").at(-1)).toMatchObject({ TaskId: created.id, LLMConfig: expect.stringContaining('"Model":"gpt-4o"') });
    expect(sent("UpdateAIConversation").at(-1)).not.toHaveProperty("TTSConfig");
    expect(pageReading.state.tasks.get(created.id)?.settings).toMatchObject({ LLMConfig: { Model: "gpt-4o" } });

    // UpdateAIConversation reads a config left out as unchanged: only a new task is without it again.
    expect(await runtime.diff(created.id, updated.outs!, await checked(bare))).toEqual({ changes: true, replaces: ["llmConfig"], deleteBeforeReplace: true });
    // As the plugin's preview shows it: the removal replaces, a member taken out of a config does not.
    const rules = new ChangeRules(aiConversation);
    expect(rules.detailedDiff(withLlm, await checked(bare))).toEqual({ llmConfig: { kind: "delete", replace: true } });
    expect(rules.detailedDiff(withLlm, await checked({ ...bare, llmConfig: { ...llmConfig, streaming: undefined } }))).toEqual({ "llmConfig.streaming": { kind: "delete", replace: false } });
    await runtime.remove(created.id, updated.outs!);
  });

  test("a service that requires them after all refuses the Start, naming the parameter; nothing runs", async () => {
    await configureRuntime(configFor(suite.emulator.url));
    try {
      await expect(runtime.create(await checked(bare))).rejects.toThrow(/MissingParameter.*LLMConfig/);
    } finally {
      await configureRuntime(configFor(pageReading.url));
    }
    expect(running()).toEqual([]);
  });
});

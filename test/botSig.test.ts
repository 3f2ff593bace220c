import * as runtime from "../provider/runtime";
import { DEFAULT_APP_KEY, DEFAULT_SDK_APP_ID, type RunningEmulator, startEmulator, verifyUserSig } from "../emulator";
import { actions, botSig, configureRuntime, REGION, SECRET_ID, SECRET_KEY } from "./helpers";

// UserSigs the provider makes: a bot given no userSig gets a short-lived one signed from the
// application's secret key when its task starts. The emulator verifies it as TRTC would, and it
// never reaches inputs, outputs or state. A new userSig or privateMapKey alone is only recorded.

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.state.requests.clear());

const configure = (extra: Record<string, string> = {}) =>
  configureRuntime({ "trtc:secretId": SECRET_ID, "trtc:secretKey": SECRET_KEY, "trtc:region": REGION, "trtc:endpoint": emulator.url, ...extra });

const ingest = {
  __kind: "StreamIngest",
  sdkAppId: DEFAULT_SDK_APP_ID,
  roomId: 2024,
  userId: "signed-bot",
  streamUrl: "https://media.example.com/intro.mp4",
};

async function checked(news: Record<string, unknown>) {
  const result = await runtime.check({}, news);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as Record<string, unknown>;
}

const sentSig = (action: string) =>
  (emulator.state.requests.list().find((r) => r.action === action)?.params as { UserSig?: string } | undefined)?.UserSig;

test("without a userSig, Start carries one signed for the bot that the emulator accepts; it is nowhere in inputs or outputs", async () => {
  await configure({ "trtc:sdkSecretKey": DEFAULT_APP_KEY });
  const inputs = await checked(ingest);
  expect(inputs).not.toHaveProperty("userSig");
  const { id, outs } = await runtime.create(inputs);

  const sig = sentSig("StartStreamIngest")!;
  expect(verifyUserSig(sig, DEFAULT_SDK_APP_ID, "signed-bot", DEFAULT_APP_KEY, Math.floor(Date.now() / 1000))).toEqual({ ok: true });
  expect(JSON.stringify(outs)).not.toContain(sig);
  expect(outs).not.toHaveProperty("userSig");
  expect(emulator.state.tasks.get(id)?.status).toBe("InProgress");
  await runtime.remove(id, outs);
});

test("a per-application key wins over the shared one, for a recording bot too", async () => {
  await configure({ "trtc:sdkSecretKey": "not-this-one", "trtc:sdkSecretKeys": JSON.stringify({ [DEFAULT_SDK_APP_ID]: DEFAULT_APP_KEY }) });
  const recording = {
    __kind: "CloudRecording",
    sdkAppId: DEFAULT_SDK_APP_ID,
    roomId: 2024,
    userId: "signed-recorder",
    recordParams: { recordMode: 2 },
    storageParams: { cloudVod: { tencentVod: {} } },
  };
  const { id, outs } = await runtime.create(await checked(recording));
  expect(verifyUserSig(sentSig("CreateCloudRecording")!, DEFAULT_SDK_APP_ID, "signed-recorder", DEFAULT_APP_KEY, Math.floor(Date.now() / 1000))).toEqual({ ok: true });
  await runtime.remove(id, outs);
});

test("a sig signed with the wrong key is refused by the emulator, and no task starts", async () => {
  await configure({ "trtc:sdkSecretKey": "a-wrong-key" });
  await expect(runtime.create(await checked(ingest))).rejects.toMatchObject({ code: "InvalidParameter.UserSig" });
  expect(emulator.state.tasks.list().filter((t) => t.status === "InProgress")).toEqual([]);
});

test("with neither a userSig nor a key, check fails naming both ways, before any call", async () => {
  await configure();
  const result = await runtime.check({}, ingest);
  expect(result.failures).toEqual([
    // userSig is secret, so the failure names it in the reason and has no property.
    { property: "", reason: expect.stringMatching(/^userSig: not given.*application 1400000001.*trtc:sdkSecretKey.*TRTC_SDK_SECRET_KEY/) },
  ]);
  // A bot with its own userSig needs no key.
  expect((await runtime.check({}, { ...ingest, userSig: botSig("signed-bot") })).failures).toBeUndefined();
  expect(actions(emulator)).toEqual([]);
});

test("a new userSig or privateMapKey alone is recorded without replacing the task or calling TRTC", async () => {
  await configure();
  const created = await runtime.create(await checked({ ...ingest, userSig: botSig("signed-bot") }));
  const news = await checked({ ...ingest, userSig: botSig("signed-bot", DEFAULT_SDK_APP_ID, DEFAULT_APP_KEY, 7200), privateMapKey: "ticket" });
  expect(await runtime.diff(created.id, created.outs, news)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });

  emulator.state.requests.clear();
  const updated = await runtime.update(created.id, created.outs, news);
  expect(actions(emulator)).toEqual([]);
  expect(updated.outs).toEqual({ ...news, taskId: created.id, status: "InProgress" });

  // Dropping a credential is recorded the same way; nothing of the old one stays behind.
  const without = await checked({ ...ingest, userSig: news.userSig });
  const dropped = await runtime.update(created.id, updated.outs!, without);
  expect(dropped.outs).not.toHaveProperty("privateMapKey");
  expect(actions(emulator)).toEqual([]);
  await runtime.remove(created.id, dropped.outs!);
});

// Every bot a task puts in a room, not only a top-level one: the relay's feedback bots (in Start
// and in an in-place update that adds one), an AI conversation's agent and a transcription bot.
describe("bots in nested structures", () => {
  const now = () => Math.floor(Date.now() / 1000);
  const verified = (sig: unknown, userId: string) => verifyUserSig(String(sig), DEFAULT_SDK_APP_ID, userId, DEFAULT_APP_KEY, now());
  const sent = (action: string) => emulator.state.requests.list().find((r) => r.action === action)?.params as Record<string, any>;
  const relay = {
    __kind: "RelayTask",
    sdkAppId: DEFAULT_SDK_APP_ID,
    roomId: 3100,
    agentParams: { userId: "relay-agent" },
    withTranscoding: 1,
    audioParams: { audioEncode: { sampleRate: 48000, channel: 2, bitRate: 64 } },
    videoParams: { videoEncode: { width: 1280, height: 720, fps: 15, bitRate: 1500, gop: 2 }, layoutParams: { mixLayoutMode: 3 } },
    feedBackRoomParams: [{ roomId: 3101, userId: "feedback-1" }],
  };

  test("feedback bots given no userSig get one in Start and in the update that adds another; the agent too", async () => {
    await configure({ "trtc:sdkSecretKey": DEFAULT_APP_KEY });
    const inputs = await checked(relay);
    const { id, outs } = await runtime.create(inputs);
    const start = sent("StartPublishCdnStream");
    expect(verified(start.AgentParams.UserSig, "relay-agent")).toEqual({ ok: true });
    expect(verified(start.FeedBackRoomParams[0].UserSig, "feedback-1")).toEqual({ ok: true });
    expect(JSON.stringify(outs)).not.toContain(start.FeedBackRoomParams[0].UserSig);

    const news = await checked({ ...relay, feedBackRoomParams: [...relay.feedBackRoomParams, { roomId: 3102, userId: "feedback-2" }] });
    expect(await runtime.diff(id, outs, news)).toMatchObject({ changes: true, replaces: [] });
    emulator.state.requests.clear();
    const updated = await runtime.update(id, outs, news);
    const update = sent("UpdatePublishCdnStream");
    expect(update.FeedBackRoomParams.map((f: { UserSig: string }, i: number) => verified(f.UserSig, `feedback-${i + 1}`))).toEqual([{ ok: true }, { ok: true }]);
    expect(JSON.stringify(updated.outs)).not.toContain(update.FeedBackRoomParams[1].UserSig);
    await runtime.remove(id, updated.outs!);
  });

  test("without a key, check names each feedback bot with no userSig; the relay agent may go without one", async () => {
    await configure();
    const result = await runtime.check({}, { ...relay, feedBackRoomParams: [{ roomId: 3101, userId: "feedback-1", userSig: botSig("feedback-1") }, { roomId: 3102, userId: "feedback-2" }] });
    expect(result.failures).toEqual([
      { property: "", reason: expect.stringMatching(/^feedBackRoomParams\[1\]\.userSig: not given, and no secret key for application 1400000001 to sign one for bot feedback-2 with/) },
    ]);
    expect(actions(emulator)).toEqual([]);
  });

  test("an AI agent and a transcription bot given no userSig get one signed", async () => {
    await configure({ "trtc:sdkSecretKey": DEFAULT_APP_KEY });
    const conversation = {
      __kind: "AIConversation",
      sdkAppId: DEFAULT_SDK_APP_ID,
      roomId: 3200,
      agentConfig: { userId: "ai-agent", targetUserId: "alice" },
      llmConfig: { llmType: "openai", model: "gpt-4o", apiKey: "sk-llm", apiUrl: "https://api.openai.com/v1/chat/completions", streaming: true },
      ttsConfig: { ttsType: "flow", voiceId: "v-female-R2s4N9qJ", model: "flow_01_turbo" },
    };
    const transcription = { __kind: "AITranscription", sdkAppId: DEFAULT_SDK_APP_ID, roomId: 3201, transcriptionParams: { userId: "ai-scribe" } };
    for (const [program, action, bot, member] of [
      [conversation, "StartAIConversation", "ai-agent", "AgentConfig"],
      [transcription, "StartAITranscription", "ai-scribe", "TranscriptionParams"],
    ] as const) {
      const { id, outs } = await runtime.create(await checked(program));
      expect(verified(sent(action)[member].UserSig, bot)).toEqual({ ok: true });
      await runtime.remove(id, outs);
    }
    await configure();
    const refused = await runtime.check({}, conversation);
    expect(refused.failures).toEqual([{ property: "", reason: expect.stringMatching(/^agentConfig\.userSig: not given.*bot ai-agent/) }]);
  });
});

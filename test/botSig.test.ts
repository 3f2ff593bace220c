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

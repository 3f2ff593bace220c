import { DEFAULT_APP_KEY, DEFAULT_SDK_APP_ID, verifyUserSig } from "../../emulator";
import { botSig, SECRET_KEY } from "../helpers";
import { describeWithEngine, useExampleStack } from "./engine";

// The quick-start program under the real Pulumi engine: preview, up, no-op up, in-place update,
// credential change, replacement, refresh after a task ends by itself, UserSigs the provider signs,
// partial failure, destroy, and secrets. The music bot has no UserSig of its own (the provider signs
// one from trtc:sdkSecretKey); the welcome bot has its own.

const BOT_SIG = botSig("welcome-bot");
const TYPE = "pulumi-nodejs:dynamic/trtc:StreamIngest";
const MUTATING = ["StartStreamIngest", "UpdateStreamIngest", "StopStreamIngest"];

describeWithEngine("quick start under the real engine", (bin) => {
  const suite = useExampleStack(bin, "quickstart", {
    "trtc:sdkSecretKey": { value: DEFAULT_APP_KEY, secret: true },
    welcomeBotUserSig: { value: BOT_SIG, secret: true },
  });
  const { calls } = suite;
  const running = () => suite.emulator.state.tasks.list().filter((t) => t.status === "InProgress");
  const ingests = async () =>
    (((await suite.env.stack.exportStack()).deployment.resources ?? []) as { type: string; id: string }[]).filter(
      (r) => r.type === TYPE,
    );

  test("preview of a new stack lists the creates and calls nothing", async () => {
    const preview = await suite.env.stack.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ create: 3 });
    expect(preview.stdout.match(new RegExp(`\\+ ${TYPE}: \\(create\\)`, "g"))).toHaveLength(2);
    expect(preview.stdout).toContain("userSig");
    expect(preview.stdout).not.toContain(BOT_SIG);
    expect(preview.stdout).not.toContain(SECRET_KEY);
    expect(calls()).toEqual([]);
  });

  test("bad input fails preview before any call, each problem said once, and no secret is printed", async () => {
    const preview = () => suite.env.stack.preview().then(() => "", (e: Error) => e.message);
    await suite.env.stack.setConfig("musicVolume", { value: "101" });
    try {
      const said = await preview();
      expect(said).toContain(`${TYPE} resource 'lobby-music': property volume value {101} has a problem: must be from 0 to 100`);
      expect(said).not.toContain("volume: must be");
    } finally {
      await suite.env.stack.removeConfig("musicVolume");
    }
    // The engine prints the value of a failing property, so a secret input's failure names no property.
    await suite.env.stack.setConfig("welcomeBotUserSig", { value: "not a sig", secret: true });
    try {
      const said = await preview();
      expect(said).toContain(`${TYPE} resource 'welcome-video' has a problem: userSig: must be the UserSig signed for the bot's userId`);
      expect(said).not.toContain("not a sig");
    } finally {
      await suite.env.stack.setConfig("welcomeBotUserSig", { value: BOT_SIG, secret: true });
    }
    expect(calls()).toEqual([]);
  }, 180_000);

  test("up starts the tasks, the music bot's with a UserSig the provider signed and kept out of state", async () => {
    const up = await suite.env.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 3 });
    expect(running().map((t) => t.userId).sort()).toEqual(["music-bot", "welcome-bot"]);
    const sent = (userId: string) => running().find((t) => t.userId === userId)!.params.UserSig as string;
    expect(verifyUserSig(sent("music-bot"), DEFAULT_SDK_APP_ID, "music-bot", DEFAULT_APP_KEY, Math.floor(Date.now() / 1000))).toEqual({ ok: true });
    expect(sent("welcome-bot")).toBe(BOT_SIG);
    expect(suite.env.stateFile()).not.toContain(sent("music-bot"));
    expect(up.outputs.musicStatus.value).toBe("InProgress");
    expect(running().map((t) => t.taskId)).toContain(up.outputs.musicTaskId.value);
  });

  test("a second up with nothing changed reports no changes and calls nothing", async () => {
    const up = await suite.env.stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 3 });
    expect(calls()).toEqual([]);
  });

  test("state and credentials stay secret", async () => {
    const text = suite.env.stateFile();
    expect(text).toContain("pulumi-nodejs:dynamic/trtc:StreamIngest");
    expect(text).not.toContain(BOT_SIG);
    expect(text).not.toContain(SECRET_KEY);
    expect(text).not.toContain(DEFAULT_APP_KEY);
    expect(text).toContain("ciphertext");
    const config = await suite.env.stack.getAllConfig();
    expect(config["trtc:secretKey"].secret).toBe(true);
    expect(config["trtc:sdkSecretKey"].secret).toBe(true);
  });

  test("a new streamUrl previews as an update and is applied with UpdateStreamIngest", async () => {
    await suite.env.stack.setConfig("musicUrl", { value: "rtmp://live.example.com/app/new-music" });
    const preview = await suite.env.stack.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ same: 2, update: 1 });
    expect(preview.stdout).toMatch(/~ streamUrl\s*: "https:\/\/media.example.com\/lobby-music.mp4" => "rtmp:\/\/live.example.com\/app\/new-music"/);
    expect(preview.stdout).not.toContain(BOT_SIG);
    expect(calls().filter((a) => MUTATING.includes(a))).toEqual([]);

    const before = running().map((t) => t.taskId).sort();
    await suite.env.stack.up();
    expect(calls().filter((a) => MUTATING.includes(a))).toEqual(["UpdateStreamIngest"]);
    expect(running().map((t) => t.taskId).sort()).toEqual(before);
    expect(running().find((t) => t.userId === "music-bot")?.settings).toMatchObject({
      StreamUrl: "rtmp://live.example.com/app/new-music",
    });
  });

  test("a new UserSig alone previews as an update of a secret and is recorded without calling TRTC", async () => {
    const before = running().map((t) => t.taskId).sort();
    const renewed = botSig("welcome-bot", DEFAULT_SDK_APP_ID, DEFAULT_APP_KEY, 7200);
    await suite.env.stack.setConfig("welcomeBotUserSig", { value: renewed, secret: true });
    const preview = await suite.env.stack.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ same: 2, update: 1 });
    // Pulumi does not say which secret changed, only that the resource updates.
    expect(preview.stdout).toMatch(/~ pulumi-nodejs:dynamic\/trtc:StreamIngest: \(update\)\s*\[id=[^\]]*\]\s*\[urn=[^\]]*welcome-video\]/);
    expect(preview.stdout).toMatch(/userSig\s*: \[secret\]/);
    expect(preview.stdout).not.toContain(renewed);

    const up = await suite.env.stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 2, update: 1 });
    expect(calls()).toEqual([]);
    expect(running().map((t) => t.taskId).sort()).toEqual(before);
    expect(suite.env.stateFile()).not.toContain(renewed);
  });

  test("a new room previews as a replacement: the new task starts and the old one stops", async () => {
    const old = running().map((t) => t.taskId);
    await suite.env.stack.setConfig("roomId", { value: "5678" });
    const preview = await suite.env.stack.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ same: 1, replace: 2 });
    expect(preview.stdout).toMatch(/\+-\s*pulumi-nodejs:dynamic\/trtc:StreamIngest: \(replace\)/);
    expect(preview.stdout).toMatch(/~ roomId\s*: 1234 => 5678/);

    await suite.env.stack.up();
    expect(calls().filter((a) => a === "StartStreamIngest")).toHaveLength(2);
    expect(calls().filter((a) => a === "StopStreamIngest")).toHaveLength(2);
    expect(running().map((t) => t.roomId)).toEqual(["5678", "5678"]);
    for (const id of old) expect(suite.emulator.state.tasks.get(id)?.status).toBe("Ended");
  });

  test("refresh drops a task that ended on its own, and the next up starts it again", async () => {
    const welcome = running().find((t) => t.userId === "welcome-bot")!;
    suite.emulator.state.tasks.end(welcome, "finished");

    await suite.env.stack.refresh();
    expect((await ingests()).map((r) => r.id)).not.toContain(welcome.taskId);
    expect(await ingests()).toHaveLength(1);

    const up = await suite.env.stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ create: 1 });
    expect(running().map((t) => t.userId).sort()).toEqual(["music-bot", "welcome-bot"]);
  });

  test("destroy stops every task, and a second destroy succeeds", async () => {
    await suite.env.stack.destroy();
    expect(running()).toEqual([]);
    expect(calls().filter((a) => a === "StopStreamIngest")).toHaveLength(2);
    await suite.env.stack.destroy();
    expect(await ingests()).toEqual([]);
  });

  test("the emulator refuses sigs signed with a wrong trtc:sdkSecretKey; with no key, check says what to set", async () => {
    await suite.env.stack.setConfig("trtc:sdkSecretKey", { value: "not-the-app-key", secret: true });
    await expect(suite.env.stack.up()).rejects.toThrow(/StartStreamIngest failed with InvalidParameter.UserSig/);
    // The welcome bot brings its own.
    expect(running().map((t) => t.userId)).toEqual(["welcome-bot"]);

    await suite.env.stack.removeConfig("trtc:sdkSecretKey");
    suite.emulator.state.requests.clear();
    await expect(suite.env.stack.preview()).rejects.toThrow(/userSig: not given, and no secret key for application 1400000001.*trtc:sdkSecretKey.*TRTC_SDK_SECRET_KEY/s);
    expect(calls()).toEqual([]);

    await suite.env.stack.setConfig("trtc:sdkSecretKey", { value: DEFAULT_APP_KEY, secret: true });
    await suite.env.stack.destroy();
    expect(running()).toEqual([]);
  });

  test("a create that fails after Start succeeded keeps the task in state; the next up completes it", async () => {
    await suite.env.stack.setConfig("musicPaused", { value: "true" });
    suite.emulator.state.faults.add({ action: "UpdateStreamIngest", code: "FailedOperation.NotAllowed", count: 1 });
    await expect(suite.env.stack.up()).rejects.toThrow(/started, then: UpdateStreamIngest failed with FailedOperation.NotAllowed/);

    const music = running().find((t) => t.userId === "music-bot")!;
    expect(music).toBeDefined();
    expect((await ingests()).map((r) => r.id)).toContain(music.taskId);

    // The next up finishes what the failed one began, on the same task.
    suite.emulator.state.requests.clear();
    await suite.env.stack.up();
    expect(calls().filter((a) => MUTATING.includes(a))).toEqual(["UpdateStreamIngest"]);
    expect(suite.emulator.state.tasks.get(music.taskId)?.settings).toMatchObject({ IsPause: true });

    await suite.env.stack.destroy();
    expect(suite.emulator.state.tasks.get(music.taskId)?.status).toBe("Ended");
    expect(running()).toEqual([]);
  });
});

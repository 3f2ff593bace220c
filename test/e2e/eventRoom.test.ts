import type { EngineEvent } from "@pulumi/pulumi/automation";
import { botSig, SECRET_KEY } from "../helpers";
import { sdkClient } from "../sdk";
import { describeWithEngine, useExampleStack } from "./engine";

// The event-room example (what `npm run demo` runs) under the real Pulumi engine: seven tasks of
// seven families and a welcome pushed to the assistant with controlAIConversationOutput. A preview
// calls nothing (the push included), up starts every task and pushes once, a relay layout change
// is an update in place, so are the users moderation and slicing leave out, a new scoreboard page
// replaces its web recording, another moderation supplier replaces the moderation task (its bot
// stops first), a web recording that ended by itself and a moderation task stopped from elsewhere
// are dropped by refresh and started again by up, destroy stops everything, and no credential
// reaches a preview or state.

const ROOM = "launch-keynote";
const WELCOME = "Welcome to the launch!";
const SECRETS = {
  introUserSig: botSig("intro-bot"),
  recorderUserSig: botSig("recorder"),
  relayUserSig: botSig("cdn-relay"),
  assistantUserSig: botSig("ai-assistant"),
  moderatorUserSig: botSig("moderator"),
  slicerUserSig: botSig("slicer"),
  cosSecretId: "cos-secret-id-plaintext",
  cosSecretKey: "cos-secret-key-plaintext",
  cdnPushUrl: "rtmp://push.example.com/live/launch?txSecret=push-token-plaintext&txTime=7258118400",
  llmApiKey: "sk-llm-key-plaintext",
};
const STARTS = ["CreateCloudModeration", "CreateCloudRecording", "CreateCloudSliceTask", "StartAIConversation", "StartPublishCdnStream", "StartStreamIngest", "StartWebRecord"];
/** The example's maxDurationLimit: 4 hours. */
const SCOREBOARD_SECONDS = 4 * 3600;
const TYPE = (kind: string) => `pulumi-nodejs:dynamic/trtc:${kind}`;

describeWithEngine("event-room example under the real engine", (bin) => {
  const suite = useExampleStack(bin, "event-room", {
    bucket: { value: "events-1250000000" },
    welcome: { value: WELCOME },
    ...Object.fromEntries(Object.entries(SECRETS).map(([k, value]) => [k, { value, secret: true }])),
  });
  const { calls } = suite;
  const running = () => suite.emulator.state.tasks.list().filter((t) => t.status === "InProgress");
  /** The running tasks in the room (the web recording is in none). */
  const inRoom = () => running().filter((t) => !t.roomless);
  const scoreboards = () => running().filter((t) => t.family === "WebRecord");
  const moderations = () => running().filter((t) => t.family === "CloudModeration");
  const expectNoSecrets = (text: string) => {
    for (const secret of [...Object.values(SECRETS), "push-token-plaintext", SECRET_KEY]) expect(text).not.toContain(secret);
  };

  /** A preview, with the info messages the program logged (as the engine received them). */
  async function preview() {
    const events: EngineEvent[] = [];
    const result = await suite.env.stack.preview({ diff: true, onEvent: (e) => events.push(e) });
    const info = events.flatMap((e) => (e.diagnosticEvent?.severity === "info" ? [e.diagnosticEvent.message.trim()] : []));
    return { ...result, info };
  }

  test("preview creates the seven tasks with their credentials hidden and calls nothing", async () => {
    const { changeSummary, stdout, info } = await preview();
    expect(changeSummary).toEqual({ create: 8 });
    for (const kind of ["StreamIngest", "CloudRecording", "RelayTask", "AIConversation", "WebRecord", "CloudModeration", "CloudSliceTask"]) expect(stdout).toContain(`+ ${TYPE(kind)}: (create)`);
    expect(stdout).toMatch(/userSig\s*: \[secret\]/);
    // The assistant's task id is not known yet, so the push has nothing to log either.
    expect(info).toEqual([]);
    expectNoSecrets(stdout);
    expect(calls()).toEqual([]);
  });

  test("up starts every task and pushes the welcome to the assistant exactly once", async () => {
    const up = await suite.env.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 8 });
    // Each create also reads its task back (Describe); what matters is one start of each, and one push.
    expect(calls().filter((a) => /^(Start|Create)/.test(a)).sort()).toEqual(STARTS);
    expect(calls().filter((a) => a === "ControlAIConversation")).toHaveLength(1);

    expect(inRoom().map((t) => `${t.family} ${t.userId}`).sort()).toEqual([
      "AIConversation ai-assistant", "CloudModeration moderator", "CloudRecording recorder", "CloudSliceTask slicer", "RelayTask cdn-relay", "StreamIngest intro-bot",
    ]);
    const [moderation] = moderations();
    expect(moderation!.params).toMatchObject({
      ModerationParams: { ModerationType: 3, ModerationSupplier: "trtc", SaveModerationFile: 2, CallbackAllResults: 1 },
      ModerationStorageParams: { CloudModerationStorage: { Bucket: "events-1250000000", FileNamePrefix: ["events", ROOM, "moderation"] } },
    });
    expect(up.outputs.moderationTaskId.value).toBe(moderation!.taskId);
    expect(running().find((t) => t.family === "CloudSliceTask")!.params).toMatchObject({
      SliceParams: { SliceType: 3, SliceAudio: 30, SliceVideo: 10, SliceImageType: 1 },
      SliceStorageParams: { CloudSliceStorage: { FileNamePrefix: ["events", ROOM, "slices"] } },
    });
    const [scoreboard] = scoreboards();
    expect(scoreboard!.params).toMatchObject({
      RecordUrl: "https://scores.example.com/launch-keynote",
      MaxDurationLimit: SCOREBOARD_SECONDS,
      StorageParams: { CloudStorage: { Bucket: "events-1250000000", FileNamePrefix: ["events", ROOM, "scoreboard"] } },
    });
    expect(up.outputs.scoreboardTaskId.value).toBe(scoreboard!.taskId);
    const assistant = running().find((t) => t.family === "AIConversation")!;
    expect(assistant.roomId).toBe(ROOM);
    expect(assistant.commands).toEqual([
      expect.objectContaining({ command: "ServerPushText", params: { Text: WELCOME, AddHistory: true } }),
    ]);
    expect(up.outputs.assistantTaskId.value).toBe(assistant.taskId);
    const push = suite.emulator.state.requests.list().find((r) => r.action === "ControlAIConversation")!;
    expect(up.outputs.requestIds.value).toEqual({ welcome: push.requestId });
    expectNoSecrets(suite.env.stateFile());
  });

  test("a preview while the welcome is set logs the push it would make, and sends nothing", async () => {
    const [assistant] = running().filter((t) => t.family === "AIConversation");
    const { changeSummary, info } = await preview();
    expect(changeSummary).toEqual({ same: 8 });
    expect(info).toEqual([`pulumi-trtc: would call ControlAIConversation to push the text "${WELCOME}" in task ${assistant.taskId}`]);
    expect(calls()).toEqual([]);
  });

  test("a relay layout change previews as an update in place and is applied to the running relay", async () => {
    const [before] = running().filter((t) => t.family === "RelayTask");
    // The welcome was said: without it set, up pushes nothing more.
    await suite.env.stack.removeConfig("welcome");
    await suite.env.stack.setConfig("layoutMode", { value: "1" });
    const { changeSummary, stdout } = await preview();
    expect(changeSummary).toEqual({ same: 7, update: 1 });
    expect(stdout).toContain(`~ ${TYPE("RelayTask")}: (update)`);
    expect(stdout).toMatch(/~ mixLayoutMode\s*: 3 => 1/);
    expectNoSecrets(stdout);
    expect(calls()).toEqual([]);

    const up = await suite.env.stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 7, update: 1 });
    expect(calls()).toEqual(["UpdatePublishCdnStream"]);
    const [after] = running().filter((t) => t.family === "RelayTask");
    expect(after.taskId).toBe(before.taskId);
    expect(after.settings.VideoParams).toMatchObject({ LayoutParams: { MixLayoutMode: 1 } });
    expect(up.outputs.requestIds.value).toEqual({});
    expectNoSecrets(suite.env.stateFile());
  });

  test("users left out of moderation and slicing preview as two updates in place and reach the running tasks", async () => {
    const before = inRoom().filter((t) => t.family === "CloudModeration" || t.family === "CloudSliceTask");
    await suite.env.stack.setConfig("quietUsers", { value: JSON.stringify(["guest"]) });
    const { changeSummary, stdout } = await preview();
    expect(changeSummary).toEqual({ same: 6, update: 2 });
    expect(stdout).toContain(`~ ${TYPE("CloudModeration")}: (update)`);
    expect(stdout).toContain(`~ ${TYPE("CloudSliceTask")}: (update)`);
    expectNoSecrets(stdout);
    expect(calls()).toEqual([]);

    const up = await suite.env.stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 6, update: 2 });
    expect(calls().filter((a) => a.startsWith("Modify")).sort()).toEqual(["ModifyCloudModeration", "ModifyCloudSliceTask"]);
    const lists = { UnSubscribeAudioUserIds: ["guest"], UnSubscribeVideoUserIds: ["guest"] };
    for (const task of before) {
      expect([task.family, suite.emulator.state.tasks.get(task.taskId)]).toEqual([
        task.family, expect.objectContaining({ status: "InProgress", settings: { SubscribeStreamUserIds: lists } }),
      ]);
    }
    expectNoSecrets(suite.env.stateFile());
  });

  test("another moderation supplier replaces the moderation task: its bot stays, so the old task stops first", async () => {
    const [before] = moderations();
    await suite.env.stack.setConfig("moderationSupplier", { value: "tianyu" });
    const { changeSummary, stdout } = await preview();
    expect(changeSummary).toEqual({ same: 7, replace: 1 });
    expect(stdout).toMatch(/\+-\s*pulumi-nodejs:dynamic\/trtc:CloudModeration: \(replace\)/);
    expect(stdout).toMatch(/~ moderationSupplier\s*: "trtc" => "tianyu"/);
    expectNoSecrets(stdout);
    expect(calls()).toEqual([]);

    const up = await suite.env.stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 7, replace: 1 });
    expect(calls()).toEqual(["DeleteCloudModeration", "CreateCloudModeration", "DescribeCloudModeration"]);
    expect(suite.emulator.state.tasks.get(before!.taskId)).toMatchObject({ status: "Ended", endReason: "stopped" });
    const [after] = moderations();
    expect(after!.params).toMatchObject({ ModerationParams: { ModerationSupplier: "tianyu" } });
    expect(up.outputs.moderationTaskId.value).toBe(after!.taskId);
  });

  test("a moderation task stopped from elsewhere is dropped by refresh and started again by up", async () => {
    const [stopped] = moderations();
    await sdkClient(suite.emulator.url).request("DeleteCloudModeration", { SdkAppId: 1400000001, TaskId: stopped!.taskId });
    suite.emulator.state.requests.clear();

    const refresh = await suite.env.stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ delete: 1 });
    expect(`${refresh.stdout}${refresh.stderr}`).toContain(
      `refresh drops CloudModeration task ${stopped!.taskId} (room "${ROOM}", bot moderator): DescribeCloudModeration answered ResourceNotFound`,
    );

    const up = await suite.env.stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ create: 1 });
    expect(moderations()).toHaveLength(1);
    expect(moderations()[0]!.taskId).not.toBe(stopped!.taskId);
  });

  test("a new scoreboard page previews as a replacement: the new recording starts, then the old one stops", async () => {
    const [before] = scoreboards();
    await suite.env.stack.setConfig("scoreboardUrl", { value: "https://scores.example.com/launch-finals" });
    const { changeSummary, stdout } = await preview();
    expect(changeSummary).toEqual({ same: 7, replace: 1 });
    expect(stdout).toMatch(/\+-\s*pulumi-nodejs:dynamic\/trtc:WebRecord: \(replace\)/);
    expect(stdout).toMatch(/~ recordUrl\s*: "https:\/\/scores.example.com\/launch-keynote" => "https:\/\/scores.example.com\/launch-finals"/);
    expectNoSecrets(stdout);
    expect(calls()).toEqual([]);

    const up = await suite.env.stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 7, replace: 1 });
    // Its RecordId is generated per create, so nothing collides: create before delete, as Pulumi prefers.
    expect(calls()).toEqual(["StartWebRecord", "DescribeWebRecord", "StopWebRecord"]);
    expect(suite.emulator.state.tasks.get(before!.taskId)).toMatchObject({ status: "Ended", endReason: "stopped" });
    const [after] = scoreboards();
    expect(after!.params).toMatchObject({ RecordUrl: "https://scores.example.com/launch-finals" });
    expect(up.outputs.scoreboardTaskId.value).toBe(after!.taskId);
    expectNoSecrets(suite.env.stateFile());
  });

  test("when the scoreboard recording reaches maxDurationLimit, refresh drops it alone and up starts it again", async () => {
    const [ended] = scoreboards();
    suite.emulator.state.clock.advance(SCOREBOARD_SECONDS * 1000);
    expect(suite.emulator.state.tasks.get(ended!.taskId)).toMatchObject({ status: "Ended", endReason: "finished" });
    expect(inRoom()).toHaveLength(6);

    const refresh = await suite.env.stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ delete: 1 });
    expect(`${refresh.stdout}${refresh.stderr}`).toContain(`refresh drops WebRecord task ${ended!.taskId}: `);
    expect(calls().filter((a) => a === "DescribeWebRecord")).toEqual(["DescribeWebRecord"]);

    const up = await suite.env.stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ create: 1 });
    expect(scoreboards()).toHaveLength(1);
  });

  test("destroy stops every task", async () => {
    const result = await suite.env.stack.destroy();
    expect(result.summary.resourceChanges).toEqual({ delete: 8 });
    expect(calls().sort()).toEqual([
      "DeleteCloudModeration", "DeleteCloudRecording", "DeleteCloudSliceTask", "StopAIConversation", "StopPublishCdnStream", "StopStreamIngest", "StopWebRecord",
    ]);
    expect(running()).toEqual([]);
  });
});

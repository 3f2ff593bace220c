import type { EngineEvent } from "@pulumi/pulumi/automation";
import { botSig, SECRET_KEY } from "../helpers";
import { describeWithEngine, useExampleStack } from "./engine";

// The event-room example (what `npm run demo` runs) under the real Pulumi engine: four tasks of
// four families and a welcome pushed to the assistant with controlAIConversationOutput. A preview
// calls nothing (the push included), up starts every task and pushes once, a relay layout change
// is an update in place, destroy stops everything, and no credential reaches a preview or state.

const ROOM = "launch-keynote";
const WELCOME = "Welcome to the launch!";
const SECRETS = {
  introUserSig: botSig("intro-bot"),
  recorderUserSig: botSig("recorder"),
  relayUserSig: botSig("cdn-relay"),
  assistantUserSig: botSig("ai-assistant"),
  cosSecretId: "cos-secret-id-plaintext",
  cosSecretKey: "cos-secret-key-plaintext",
  cdnPushUrl: "rtmp://push.example.com/live/launch?txSecret=push-token-plaintext&txTime=7258118400",
  llmApiKey: "sk-llm-key-plaintext",
};
const STARTS = ["CreateCloudRecording", "StartAIConversation", "StartPublishCdnStream", "StartStreamIngest"];
const TYPE = (kind: string) => `pulumi-nodejs:dynamic/trtc:${kind}`;

describeWithEngine("event-room example under the real engine", (bin) => {
  const suite = useExampleStack(bin, "event-room", {
    bucket: { value: "events-1250000000" },
    welcome: { value: WELCOME },
    ...Object.fromEntries(Object.entries(SECRETS).map(([k, value]) => [k, { value, secret: true }])),
  });
  const { calls } = suite;
  const running = () => suite.emulator.state.tasks.list().filter((t) => t.status === "InProgress");
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

  test("preview creates the four tasks with their credentials hidden and calls nothing", async () => {
    const { changeSummary, stdout, info } = await preview();
    expect(changeSummary).toEqual({ create: 5 });
    for (const kind of ["StreamIngest", "CloudRecording", "RelayTask", "AIConversation"]) expect(stdout).toContain(`+ ${TYPE(kind)}: (create)`);
    expect(stdout).toMatch(/userSig\s*: \[secret\]/);
    // The assistant's task id is not known yet, so the push has nothing to log either.
    expect(info).toEqual([]);
    expectNoSecrets(stdout);
    expect(calls()).toEqual([]);
  });

  test("up starts every task and pushes the welcome to the assistant exactly once", async () => {
    const up = await suite.env.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 5 });
    // Each create also reads its task back (Describe); what matters is one start of each, and one push.
    expect(calls().filter((a) => /^(Start|Create)/.test(a)).sort()).toEqual(STARTS);
    expect(calls().filter((a) => a === "ControlAIConversation")).toHaveLength(1);

    expect(running().map((t) => `${t.family} ${t.userId}`).sort()).toEqual([
      "AIConversation ai-assistant", "CloudRecording recorder", "RelayTask cdn-relay", "StreamIngest intro-bot",
    ]);
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
    expect(changeSummary).toEqual({ same: 5 });
    expect(info).toEqual([`pulumi-trtc: would call ControlAIConversation to push the text "${WELCOME}" in task ${assistant.taskId}`]);
    expect(calls()).toEqual([]);
  });

  test("a relay layout change previews as an update in place and is applied to the running relay", async () => {
    const [before] = running().filter((t) => t.family === "RelayTask");
    // The welcome was said: without it set, up pushes nothing more.
    await suite.env.stack.removeConfig("welcome");
    await suite.env.stack.setConfig("layoutMode", { value: "1" });
    const { changeSummary, stdout } = await preview();
    expect(changeSummary).toEqual({ same: 4, update: 1 });
    expect(stdout).toContain(`~ ${TYPE("RelayTask")}: (update)`);
    expect(stdout).toMatch(/~ mixLayoutMode\s*: 3 => 1/);
    expectNoSecrets(stdout);
    expect(calls()).toEqual([]);

    const up = await suite.env.stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 4, update: 1 });
    expect(calls()).toEqual(["UpdatePublishCdnStream"]);
    const [after] = running().filter((t) => t.family === "RelayTask");
    expect(after.taskId).toBe(before.taskId);
    expect(after.settings.VideoParams).toMatchObject({ LayoutParams: { MixLayoutMode: 1 } });
    expect(up.outputs.requestIds.value).toEqual({});
    expectNoSecrets(suite.env.stateFile());
  });

  test("destroy stops every task", async () => {
    const result = await suite.env.stack.destroy();
    expect(result.summary.resourceChanges).toEqual({ delete: 5 });
    expect(calls().sort()).toEqual(["DeleteCloudRecording", "StopAIConversation", "StopPublishCdnStream", "StopStreamIngest"]);
    expect(running()).toEqual([]);
  });
});

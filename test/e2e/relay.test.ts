import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as path from "node:path";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { DEFAULT_APP_KEY, type RequestLogEntry, verifyUserSig } from "../../emulator";
import { botSig, SECRET_KEY } from "../helpers";
import { REPO } from "../installed";
import { describeWithEngine, useExampleStack } from "./engine";

// The relay-to-cdn example under the real Pulumi engine: preview, up, in-place layout and CDN list
// changes, a withTranscoding replacement, refresh while it runs and after it ended by itself, an
// update of a relay that ended unnoticed, and destroy; every `pulumi up` is its own process, and no
// SequenceNumber is ever sent twice. Bot UserSigs and the auth queries of push URLs never show in
// previews or state, while the entries of the CDN list do (pulumi preview --diff and trtc-review).

const APP = 1400000001;
const ROOM = 8888;
const AGENT = `relay-${ROOM}`;
const FEEDBACK_BOT = `relay-feedback-${ROOM}`;
const PUSH_KEY = "push-key-plaintext";
const BACKUP_TOKEN = "backup-token-plaintext";
const BACKUP_URL = `rtmp://backup.example.net/live/show?auth=${BACKUP_TOKEN}`;
const TYPE = "pulumi-nodejs:dynamic/trtc:RelayTask";
const REVIEW_CLI = path.join(REPO, "dist", "review", "cli.js");
/** Preview text with every run of white space made one space, to match a block of lines. */
const oneLine = (text: string) => text.replace(/\s+/g, " ");
/** The primary push URL's txSecret as the program computes it, for the 2030-01-01 expiry. */
const TX_TIME = (Date.parse("2030-01-01T00:00:00Z") / 1000).toString(16).toUpperCase();
const TX_SECRET = createHash("md5").update(`${PUSH_KEY}show-${ROOM}${TX_TIME}`).digest("hex");
const PRIMARY_URL = `rtmp://push.example.com/live/show-${ROOM}?txSecret=${TX_SECRET}&txTime=${TX_TIME}`;
// The feedback bot is given no UserSig: the provider signs one from the application's key.
const SIGS = { agentUserSig: botSig(AGENT) };

describeWithEngine("relay-to-cdn example under the real engine", (bin) => {
  const suite = useExampleStack(bin, "relay-to-cdn", {
    pushKey: { value: PUSH_KEY, secret: true },
    "trtc:sdkSecretKey": { value: DEFAULT_APP_KEY, secret: true },
    ...Object.fromEntries(Object.entries(SIGS).map(([k, value]) => [k, { value, secret: true }])),
  });
  const { calls } = suite;
  const running = () => suite.emulator.state.tasks.list().filter((t) => t.family === "RelayTask" && t.status === "InProgress");
  const expectNoSecrets = (text: string) => {
    for (const secret of [PUSH_KEY, TX_SECRET, BACKUP_TOKEN, ...Object.values(SIGS), SECRET_KEY]) expect(text).not.toContain(secret);
  };
  /** `pulumi preview --json` piped into trtc-review, as a CI job runs it. */
  const review = async () => {
    const { envVars } = suite.env.stack.workspace as LocalWorkspace;
    const run = await suite.env.pulumi(["preview", "--json"], envVars);
    expect(run.code).toBe(0);
    const markdown = execFileSync(process.execPath, [REVIEW_CLI], { input: run.stdout, encoding: "utf8" });
    expectNoSecrets(markdown);
    return markdown.split("\n");
  };
  const relayState = async () => {
    const resources = ((await suite.env.stack.exportStack()).deployment.resources ?? []) as { type: string; id: string; outputs: Record<string, unknown> }[];
    return resources.filter((r) => r.type === TYPE);
  };
  const anchors = (action: "join" | "leave") => {
    for (const user of ["host", "guest"]) suite.emulator.state.rooms[action](APP, ROOM, user);
  };

  // Every UpdatePublishCdnStream any `pulumi` process sent, gathered before each test's log is cleared.
  const updates: RequestLogEntry[] = [];
  const sentNow = () => suite.emulator.state.requests.list().filter((r) => r.action === "UpdatePublishCdnStream");
  afterEach(() => updates.push(...sentNow()));
  const numberOf = (r: RequestLogEntry) => (r.params as { SequenceNumber: number }).SequenceNumber;

  beforeAll(() => anchors("join"));

  test("preview shows the relay to create, with its credentials hidden, and calls nothing", async () => {
    const preview = await suite.env.stack.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ create: 2 });
    expect(preview.stdout).toContain(`+ ${TYPE}: (create)`);
    expect(preview.stdout).toMatch(/userSig\s*: \[secret\]/);
    expectNoSecrets(preview.stdout);
    expect(calls()).toEqual([]);
  });

  test("up starts the relay with the mix, both outputs and the secrets kept out of state", async () => {
    const up = await suite.env.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    expect(calls()).toEqual(["StartPublishCdnStream"]);
    const [relay] = running();
    expect(relay).toMatchObject({ roomId: String(ROOM), roomIdType: 1, userId: AGENT });
    expect(relay.params).toMatchObject({ RoomId: String(ROOM), RoomIdType: 0, WithTranscoding: 1 });
    expect(relay.settings).toMatchObject({
      VideoParams: { LayoutParams: { MixLayoutMode: 3 } },
      PublishCdnParams: [{ PublishCdnUrl: PRIMARY_URL, IsTencentCdn: 1 }],
      FeedBackRoomParams: [{ RoomId: `${ROOM}-overflow`, RoomIdType: 1, UserId: FEEDBACK_BOT }],
    });
    // The sig the provider signed for the feedback bot is one TRTC accepts, and is nowhere in state.
    const signed = (relay.params as { FeedBackRoomParams: { UserSig: string }[] }).FeedBackRoomParams[0]!.UserSig;
    expect(verifyUserSig(signed, APP, FEEDBACK_BOT, DEFAULT_APP_KEY, Math.floor(Date.now() / 1000))).toEqual({ ok: true });
    expect(suite.env.stateFile()).not.toContain(signed);
    expect(up.outputs.relayTaskId.value).toBe(relay.taskId);
    expect(up.outputs.relayStatus.value).toBe("InProgress");
    expectNoSecrets(suite.env.stateFile());
  });

  test("a layout change previews as an update and is applied to the running relay", async () => {
    const [before] = running();
    await suite.env.stack.setConfig("layoutMode", { value: "1" });
    const preview = await suite.env.stack.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ same: 1, update: 1 });
    expect(preview.stdout).toContain(`~ ${TYPE}: (update)`);
    expect(preview.stdout).toMatch(/~ mixLayoutMode\s*: 3 => 1/);
    expectNoSecrets(preview.stdout);
    expect(calls()).toEqual([]);

    const up = await suite.env.stack.up();
    expect(calls()).toEqual(["UpdatePublishCdnStream"]);
    expect(sentNow()[0].params).toEqual({
      SdkAppId: APP, TaskId: before.taskId, SequenceNumber: expect.any(Number), WithTranscoding: 1,
      VideoParams: { LayoutParams: { MixLayoutMode: 1 }, BackGroundColor: "0x101820", WaterMarkList: [] },
    });
    const [after] = running();
    expect(after.taskId).toBe(before.taskId);
    expect(after.settings.VideoParams).toMatchObject({ LayoutParams: { MixLayoutMode: 1 } });
    expect(up.outputs.relaySequenceNumber.value).toBe(numberOf(sentNow()[0]));
  });

  test("CDN addresses added and removed update the running relay, retried calls included, and stay secret", async () => {
    // The program reads the backup address from the environment: a plain string, never a secret Output.
    const workspace = suite.env.stack.workspace as LocalWorkspace;
    workspace.envVars.BACKUP_CDN_URL = BACKUP_URL;
    const preview = await suite.env.stack.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ same: 1, update: 1 });
    // The list is plain, each push URL shown up to its auth query: the new entry can be seen.
    expect(oneLine(preview.stdout)).toContain(
      '~ publishCdnParams : [ [0]: { isTencentCdn : 1 publishCdnUrl: "rtmp://push.example.com/live/show-8888?[secret]" } ' +
        '+ [1]: { + isTencentCdn : 0 + publishCdnUrl: "rtmp://backup.example.net/live/show?[secret]" } ]',
    );
    expect(oneLine(preview.stdout)).toMatch(/ credentials : \[secret\] /);
    expectNoSecrets(preview.stdout);
    const added = await review();
    expect(added).toContain(
      `| RelayTask | show-relay | \`${ROOM}\` | \`${AGENT}\` | updated in place, no interruption | \`publishCdnParams\`: 1 → 2 entries` +
        '<br>+ `{"isTencentCdn":0,"publishCdnUrl":"rtmp://backup.example.net/live/show?[secret]"}` |',
    );

    // The first attempt fails on TRTC's side and is retried with a SequenceNumber of its own.
    suite.emulator.state.faults.add({ action: "UpdatePublishCdnStream", code: "InternalError", count: 1 });
    await suite.env.stack.up();
    expect(sentNow().map((r) => r.outcome)).toEqual(["InternalError", "ok"]);
    const [relay] = running();
    expect(relay.settings.PublishCdnParams).toEqual([
      { PublishCdnUrl: PRIMARY_URL, IsTencentCdn: 1 },
      { PublishCdnUrl: BACKUP_URL, IsTencentCdn: 0 },
    ]);

    // Tencent Cloud CDN removed: the backup address, a plain string in the program, is all the list
    // holds, and the relay itself keeps its auth query out of the preview and the state file.
    await suite.env.stack.setConfig("tencentCdn", { value: "false" });
    const removal = await suite.env.stack.preview({ diff: true });
    expectNoSecrets(removal.stdout);
    const removed = await review();
    expect(removed).toContain(
      `| RelayTask | show-relay | \`${ROOM}\` | \`${AGENT}\` | updated in place, no interruption | \`publishCdnParams\`: 2 → 1 entries` +
        '<br>− `{"isTencentCdn":1,"publishCdnUrl":"rtmp://push.example.com/live/show-8888?[secret]"}` |',
    );
    await suite.env.stack.up();
    expect(running()[0].settings.PublishCdnParams).toEqual([{ PublishCdnUrl: BACKUP_URL, IsTencentCdn: 0 }]);
    // State keeps the list as the preview shows it; the auth queries only encrypted, in credentials.
    const [stored] = await relayState();
    expect(stored.outputs.publishCdnParams).toEqual([{ isTencentCdn: 0, publishCdnUrl: "rtmp://backup.example.net/live/show?[secret]" }]);
    // Pulumi's mark of an encrypted value in a state file: its secret signature, then the ciphertext.
    expect(suite.env.stateFile()).toMatch(/"credentials":\{"4dabf18193072939515e22adb298388d":"1b47061264138c4ac30d75fd1eb44270","ciphertext":/);
    expectNoSecrets(suite.env.stateFile());

    await suite.env.stack.removeConfig("tencentCdn");
    delete workspace.envVars.BACKUP_CDN_URL;
    await suite.env.stack.up();
    expect(running()[0].settings.PublishCdnParams).toEqual([{ PublishCdnUrl: PRIMARY_URL, IsTencentCdn: 1 }]);
    expect(running()[0].taskId).toBe(relay.taskId);
  });

  test("an update TRTC refuses fails `up`, but state keeps the number it spent, and the next `up` goes above it", async () => {
    await suite.env.stack.setConfig("layoutMode", { value: "3" });
    suite.emulator.state.faults.add({ action: "UpdatePublishCdnStream", code: "FailedOperation", count: 1 });
    await expect(suite.env.stack.up()).rejects.toThrow(/UpdatePublishCdnStream failed with FailedOperation/);
    const [spent] = sentNow().map(numberOf);
    expect((await relayState())[0].outputs.sequenceNumber).toBe(spent);
    expect(running()[0].settings.VideoParams).toMatchObject({ LayoutParams: { MixLayoutMode: 1 } });

    await suite.env.stack.up();
    const [, applied] = sentNow().map(numberOf);
    expect(applied).toBeGreaterThan(spent);
    expect(running()[0].settings.VideoParams).toMatchObject({ LayoutParams: { MixLayoutMode: 3 } });
  });

  test("a withTranscoding change previews as a replacement: the old relay stops before the new one starts", async () => {
    const [before] = running();
    await suite.env.stack.setConfig("mode", { value: "single" });
    const preview = await suite.env.stack.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ same: 1, replace: 1 });
    expect(preview.stdout).toMatch(/\+-\s*pulumi-nodejs:dynamic\/trtc:RelayTask: \(replace\)/);
    expect(preview.stdout).toMatch(/~ withTranscoding\s*: 1 => 0/);
    expectNoSecrets(preview.stdout);

    await suite.env.stack.up();
    expect(calls()).toEqual(["StopPublishCdnStream", "StartPublishCdnStream"]);
    expect(suite.emulator.state.tasks.get(before.taskId)?.status).toBe("Ended");
    const [after] = running();
    expect(after.settings).toMatchObject({ WithTranscoding: 0, SingleSubscribeParams: { UserMediaStream: { UserInfo: { UserId: "host" } } } });
    await suite.env.stack.removeConfig("mode");
    await suite.env.stack.up();
  });

  test("refresh of a running relay records the probe's number; once it ended by itself, refresh drops it and up starts it again", async () => {
    const [relay] = running();
    const probed = await suite.env.stack.refresh();
    // Only an output moved: refresh reports nothing changed.
    expect(probed.summary.resourceChanges).toEqual({ same: 2 });
    expect(calls()).toEqual(["UpdatePublishCdnStream"]);
    const [recorded] = await relayState();
    expect(recorded.outputs.sequenceNumber).toBe(numberOf(sentNow()[0]));
    expect(relay.settings.SequenceNumber).toBe(numberOf(sentNow()[0]));

    // Everyone leaves; a minute later (maxIdleTime) the relay stops by itself.
    anchors("leave");
    suite.emulator.state.clock.advance(61_000);
    expect(suite.emulator.state.tasks.get(relay.taskId)).toMatchObject({ status: "Ended", endReason: "finished" });
    const refresh = await suite.env.stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ delete: 1 });
    expect(await relayState()).toEqual([]);

    anchors("join");
    const up = await suite.env.stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ create: 1 });
    expect(running()).toHaveLength(1);
    expect(up.outputs.relayTaskId.value).toBe(running()[0].taskId);
  });

  test("an up that changes a relay which ended unnoticed starts it again instead of failing", async () => {
    const [ended] = running();
    suite.emulator.state.tasks.end(ended, "finished");
    await suite.env.stack.setConfig("layoutMode", { value: "2" });
    const up = await suite.env.stack.up();
    expect(calls()).toEqual(["UpdatePublishCdnStream", "StartPublishCdnStream"]);
    const [restarted] = running();
    expect(restarted.settings.VideoParams).toMatchObject({ LayoutParams: { MixLayoutMode: 2 } });
    // The resource keeps its first id; taskId names the relay that runs.
    const [recorded] = await relayState();
    expect(recorded.id).toBe(ended.taskId);
    expect(recorded.outputs.taskId).toBe(restarted.taskId);
    expect(up.outputs.relayTaskId.value).toBe(restarted.taskId);
  });

  test("separate `pulumi up` and refresh processes never sent a SequenceNumber twice to a relay", () => {
    const byTask = new Map<string, number[]>();
    for (const r of updates) {
      const taskId = (r.params as { TaskId: string }).TaskId;
      byTask.set(taskId, [...(byTask.get(taskId) ?? []), numberOf(r)]);
    }
    const numbers = [...byTask.values()];
    // The layout update, the retried CDN update, two removals, the refused update and the one after
    // it, two refresh probes, the restart's update.
    expect(numbers.flat()).toHaveLength(10);
    for (const sent of numbers) sent.slice(1).forEach((n, i) => expect(n).toBeGreaterThan(sent[i]));
    expect(new Set(numbers.flat()).size).toBe(numbers.flat().length);
  });

  test("destroy stops the relay that runs; a second destroy succeeds", async () => {
    const [relay] = running();
    await suite.env.stack.destroy();
    expect(calls()).toEqual(["StopPublishCdnStream"]);
    expect(suite.emulator.state.requests.list()[0].params).toEqual({ SdkAppId: APP, TaskId: relay.taskId });
    expect(running()).toEqual([]);
    await suite.env.stack.destroy();
    expect(await relayState()).toEqual([]);
    expectNoSecrets(suite.env.stateFile());
  });
});

import type { RunningEmulator } from "../../emulator";
import { startEmulator } from "../../emulator";
import { SECRET_ID, SECRET_KEY } from "../helpers";
import { describeWithEngine, EngineStack, exampleStack } from "./engine";

// The record-room example under the real Pulumi engine: a CloudRecording beside the StreamIngest
// that fills its room, through preview, up, in-place layout change, storage replacement, refresh
// after it ends itself, and destroy, with its storage keys and UserSigs kept secret.

const SECRETS = {
  keynoteUserSig: "keynote-sig-plaintext",
  recorderUserSig: "recorder-sig-plaintext",
  cosSecretId: "AKIDcos-access-key-plaintext",
  cosSecretKey: "cos-secret-key-plaintext",
};
const RECORDING = "pulumi-nodejs:dynamic/trtc:CloudRecording";

describeWithEngine("record-room example under the real engine", (bin) => {
  let emulator: RunningEmulator;
  let env: EngineStack;
  const calls = () => emulator.state.requests.list().map((r) => r.action);
  const running = (action: string) =>
    emulator.state.tasks.list().filter((t) => t.status === "InProgress" && t.action === action);
  const expectNoSecrets = (text: string) => {
    for (const secret of [...Object.values(SECRETS), SECRET_KEY]) expect(text).not.toContain(secret);
  };

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    env = await exampleStack(bin, "record-room", {
      "trtc:secretId": { value: SECRET_ID },
      "trtc:secretKey": { value: SECRET_KEY, secret: true },
      "trtc:region": { value: "ap-singapore" },
      "trtc:endpoint": { value: emulator.url },
      sdkAppId: { value: "1400000001" },
      bucket: { value: "town-hall-1250000000" },
      ...Object.fromEntries(Object.entries(SECRETS).map(([k, value]) => [k, { value, secret: true }])),
    });
  }, 120_000);
  afterAll(async () => {
    await env?.cleanup();
    await emulator?.close();
  });
  beforeEach(() => emulator.state.requests.clear());

  test("preview shows the recording to create, with its credentials hidden", async () => {
    const preview = await env.stack.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ create: 3 });
    expect(preview.stdout).toContain(`+ ${RECORDING}: (create)`);
    expect(preview.stdout).toMatch(/accessKey\s*: \[secret\]/);
    expectNoSecrets(preview.stdout);
    expect(calls()).toEqual([]);
  });

  test("up starts the ingest, then the recording, into the same room", async () => {
    const up = await env.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 3 });
    expect(calls().filter((a) => a.startsWith("Start") || a.startsWith("Create"))).toEqual([
      "StartStreamIngest",
      "CreateCloudRecording",
    ]);
    const [recording] = running("CreateCloudRecording");
    expect(recording).toMatchObject({ roomId: "town-hall", roomIdType: 0, userId: "recorder-town-hall" });
    expect(up.outputs.recordingTaskId.value).toBe(recording.taskId);
    expect(up.outputs.recordingStatus.value).toBe("InProgress");
    expectNoSecrets(env.stateFile());
  });

  test("a layout change previews as an update and is applied with ModifyCloudRecording", async () => {
    const [before] = running("CreateCloudRecording");
    await env.stack.setConfig("layoutMode", { value: "1" });
    const preview = await env.stack.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ same: 2, update: 1 });
    expect(preview.stdout).toContain(`~ ${RECORDING}: (update)`);
    expect(preview.stdout).toMatch(/~ mixLayoutMode\s*: 3 => 1/);
    expectNoSecrets(preview.stdout);

    await env.stack.up();
    expect(calls().filter((a) => a.endsWith("CloudRecording"))).toEqual(["ModifyCloudRecording", "DescribeCloudRecording"]);
    const [after] = running("CreateCloudRecording");
    expect(after.taskId).toBe(before.taskId);
    expect(after.settings.MixLayoutParams).toMatchObject({ MixLayoutMode: 1 });
  });

  test("a storage change previews as a replacement: the old recording stops before the new one starts", async () => {
    const [before] = running("CreateCloudRecording");
    await env.stack.setConfig("bucket", { value: "archive-1250000000" });
    const preview = await env.stack.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ same: 2, replace: 1 });
    expect(preview.stdout).toMatch(/\+-\s*pulumi-nodejs:dynamic\/trtc:CloudRecording: \(replace\)/);
    expect(preview.stdout).toMatch(/~ bucket\s*: "town-hall-1250000000" => "archive-1250000000"/);
    expectNoSecrets(preview.stdout);

    await env.stack.up();
    const mutations = calls().filter((a) => a === "DeleteCloudRecording" || a === "CreateCloudRecording");
    expect(mutations).toEqual(["DeleteCloudRecording", "CreateCloudRecording"]);
    expect(emulator.state.tasks.get(before.taskId)?.status).toBe("Ended");
    const [after] = running("CreateCloudRecording");
    expect(after.params).toMatchObject({ StorageParams: { CloudStorage: { Bucket: "archive-1250000000" } } });
  });

  test("when the keynote ends and the room stays empty past maxIdleTime, refresh drops both and up restarts them", async () => {
    const [ingest] = running("StartStreamIngest");
    const [recording] = running("CreateCloudRecording");
    emulator.state.tasks.end(ingest, "finished");
    emulator.state.clock.advance(121_000);
    expect(emulator.state.tasks.get(recording.taskId)?.status).toBe("Ended");

    const refresh = await env.stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ delete: 2 });
    const up = await env.stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ create: 2 });
    expect(running("CreateCloudRecording")).toHaveLength(1);
    expect(running("StartStreamIngest")).toHaveLength(1);
  });

  test("destroy stops the recording and the ingest; a second destroy succeeds", async () => {
    await env.stack.destroy();
    expect(calls().filter((a) => a === "DeleteCloudRecording" || a === "StopStreamIngest").sort()).toEqual([
      "DeleteCloudRecording",
      "StopStreamIngest",
    ]);
    expect(emulator.state.tasks.list().filter((t) => t.status === "InProgress")).toEqual([]);
    await env.stack.destroy();
  });
});

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { EmulatorControl } from "../../emulator";
import { botSig, SECRET_KEY } from "../helpers";
import { describeWithEngine, useExampleStack } from "./engine";

// The record-room example under the real Pulumi engine: a CloudRecording, a CloudTranscription and
// a LiveStreamModeration beside the StreamIngest that fills their room, through preview, up,
// in-place layout change, replacements (storage, caption language, frame interval), refresh after
// the tasks end by themselves or elsewhere, and destroy, with keys, URLs and UserSigs kept secret;
// its logo Picture (a configuration resource) replaced by a new image, and moved elsewhere (the
// emulator's control route, as the console would), which refresh shows as drift and up moves back.

const SECRETS = {
  keynoteUserSig: botSig("keynote-bot"),
  recorderUserSig: botSig("recorder-town-hall"),
  captionsUserSig: botSig("captions-town-hall"),
  keynotePullUrl: "rtmp://pull.example.com/live/town-hall?txSecret=pull-key-plaintext",
  cosSecretId: "AKIDcos-access-key-plaintext",
  cosSecretKey: "cos-secret-key-plaintext",
};
const RECORDING = "pulumi-nodejs:dynamic/trtc:CloudRecording";
const CAPTIONS = "pulumi-nodejs:dynamic/trtc:CloudTranscription";
const MODERATION = "pulumi-nodejs:dynamic/trtc:LiveStreamModeration";
const PICTURE = "pulumi-nodejs:dynamic/trtc:Picture";
const LOGO_FILES = ["logo.png", "logo-light.png"].map((file) => readFileSync(path.join(__dirname, "../../examples/record-room", file)));
/** The logo images as CreatePicture receives them, which previews never show, and their fingerprints, which they do. */
const LOGOS = LOGO_FILES.map((bytes) => bytes.toString("base64"));
const LOGO_SHA256 = LOGO_FILES.map((bytes) => createHash("sha256").update(bytes).digest("hex"));

describeWithEngine("record-room example under the real engine", (bin) => {
  const suite = useExampleStack(bin, "record-room", {
    bucket: { value: "town-hall-1250000000" },
    captionLanguage: { value: "bigmodel-en" },
    ...Object.fromEntries(Object.entries(SECRETS).map(([k, value]) => [k, { value, secret: true }])),
  });
  const { calls } = suite;
  const running = (action: string) =>
    suite.emulator.state.tasks.list().filter((t) => t.status === "InProgress" && t.action === action);
  const expectNoSecrets = (text: string) => {
    for (const secret of [...Object.values(SECRETS), SECRET_KEY]) expect(text).not.toContain(secret);
  };

  test("preview shows the recording, the captions and the moderation to create, with their credentials hidden", async () => {
    const preview = await suite.env.stack.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ create: 6 });
    for (const kind of [RECORDING, CAPTIONS, MODERATION, PICTURE]) expect(preview.stdout).toContain(`+ ${kind}: (create)`);
    expect(preview.stdout).toMatch(/accessKey\s*: \[secret\]/);
    expect(preview.stdout).toMatch(/content\s*: \[secret\]/);
    expect(preview.stdout).toMatch(new RegExp(`contentSha256\\s*: "${LOGO_SHA256[0]}"`));
    expectNoSecrets(preview.stdout);
    expect(preview.stdout).not.toContain(LOGOS[0]);
    expect(calls()).toEqual([]);
  });

  test("up starts the ingest, then the recording and the captions, into the same room, and the moderation in ap-shanghai", async () => {
    const up = await suite.env.stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 6 });
    const [picture] = suite.emulator.state.world.pictures.list();
    expect(picture).toMatchObject({ width: 160, height: 90, xPosition: 1100, suffix: "png" });
    expect(up.outputs.logoPictureId.value).toBe(String(picture!.id));
    const starts = calls().filter((a) => (a.startsWith("Start") || a.startsWith("Create")) && a !== "CreatePicture");
    // The room's tasks wait for the ingest; the moderation pulls its own stream and may start at any time.
    expect(starts.filter((a) => a !== "CreateLiveStreamModeration")[0]).toBe("StartStreamIngest");
    expect([...starts].sort()).toEqual(["CreateCloudRecording", "CreateCloudTranscription", "CreateLiveStreamModeration", "StartStreamIngest"]);
    const [captions] = running("CreateCloudTranscription");
    expect(captions).toMatchObject({ roomId: "town-hall", roomIdType: 0, userId: "captions-town-hall", params: { RoomIdType: 1 } });
    expect(up.outputs.captionsTaskId.value).toBe(captions.taskId);
    const [moderation] = running("CreateLiveStreamModeration");
    expect(moderation).toMatchObject({ roomless: true, params: { Input: { Url: SECRETS.keynotePullUrl }, DataId: "town-hall" } });
    expect(suite.emulator.state.requests.list().find((r) => r.action === "CreateLiveStreamModeration")?.region).toBe("ap-shanghai");
    expect(up.outputs.moderationTaskId.value).toBe(moderation.taskId);
    const [recording] = running("CreateCloudRecording");
    expect(recording).toMatchObject({ roomId: "town-hall", roomIdType: 0, userId: "recorder-town-hall" });
    expect(up.outputs.recordingTaskId.value).toBe(recording.taskId);
    expect(up.outputs.recordingStatus.value).toBe("InProgress");
    expectNoSecrets(suite.env.stateFile());
  });

  test("a layout change previews as an update and is applied with ModifyCloudRecording", async () => {
    const [before] = running("CreateCloudRecording");
    await suite.env.stack.setConfig("layoutMode", { value: "1" });
    const preview = await suite.env.stack.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ same: 5, update: 1 });
    expect(preview.stdout).toContain(`~ ${RECORDING}: (update)`);
    expect(preview.stdout).toMatch(/~ mixLayoutMode\s*: 3 => 1/);
    expectNoSecrets(preview.stdout);

    await suite.env.stack.up();
    expect(calls().filter((a) => a.endsWith("CloudRecording"))).toEqual(["ModifyCloudRecording", "DescribeCloudRecording"]);
    const [after] = running("CreateCloudRecording");
    expect(after.taskId).toBe(before.taskId);
    expect(after.settings.MixLayoutParams).toMatchObject({ MixLayoutMode: 1 });
  });

  test("a storage change previews as a replacement: the old recording stops before the new one starts", async () => {
    const [before] = running("CreateCloudRecording");
    await suite.env.stack.setConfig("bucket", { value: "archive-1250000000" });
    const preview = await suite.env.stack.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ same: 5, replace: 1 });
    expect(preview.stdout).toMatch(/\+-\s*pulumi-nodejs:dynamic\/trtc:CloudRecording: \(replace\)/);
    expect(preview.stdout).toMatch(/~ bucket\s*: "town-hall-1250000000" => "archive-1250000000"/);
    expectNoSecrets(preview.stdout);

    await suite.env.stack.up();
    const mutations = calls().filter((a) => a === "DeleteCloudRecording" || a === "CreateCloudRecording");
    expect(mutations).toEqual(["DeleteCloudRecording", "CreateCloudRecording"]);
    expect(suite.emulator.state.tasks.get(before.taskId)?.status).toBe("Ended");
    const [after] = running("CreateCloudRecording");
    expect(after.params).toMatchObject({ StorageParams: { CloudStorage: { Bucket: "archive-1250000000" } } });
  });

  test("a new caption language replaces the captions, stopping the old first; a new frame interval replaces the moderation, starting the new first", async () => {
    const [captions] = running("CreateCloudTranscription");
    const [moderation] = running("CreateLiveStreamModeration");
    await suite.env.stack.setConfig("captionLanguage", { value: "bigmodel-zh" });
    await suite.env.stack.setConfig("frameSeconds", { value: "10" });
    const preview = await suite.env.stack.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ same: 4, replace: 2 });
    expect(preview.stdout).toMatch(/~ lang\s*: "bigmodel-en" => "bigmodel-zh"/);
    expect(preview.stdout).toMatch(/~ sliceVideo\s*: 5 => 10/);
    expectNoSecrets(preview.stdout);

    await suite.env.stack.up();
    expect(calls().filter((a) => a.endsWith("CloudTranscription") && !a.startsWith("Describe"))).toEqual(["DeleteCloudTranscription", "CreateCloudTranscription"]);
    expect(calls().filter((a) => a.endsWith("LiveStreamModeration") && !a.startsWith("Describe"))).toEqual(["CreateLiveStreamModeration", "DeleteLiveStreamModeration"]);
    expect(suite.emulator.state.tasks.get(captions.taskId)?.status).toBe("Ended");
    expect(suite.emulator.state.tasks.get(moderation.taskId)?.status).toBe("Ended");
    expect(running("CreateCloudTranscription")[0]?.params).toMatchObject({ AsrParam: { Lang: "bigmodel-zh" } });
    expect(running("CreateLiveStreamModeration")[0]?.params).toMatchObject({ LiveModerationParams: { SliceVideo: 10 } });
  });

  test("a new logo replaces the picture (the new one created before the old is deleted); a move made elsewhere is drift that up moves back", async () => {
    const pictures = () => suite.emulator.state.world.pictures.list();
    const [before] = pictures();
    await suite.env.stack.setConfig("logo", { value: "logo-light.png" });
    const preview = await suite.env.stack.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ same: 5, replace: 1 });
    expect(preview.stdout).toMatch(/\+-\s*pulumi-nodejs:dynamic\/trtc:Picture: \(replace\)/);
    // Quiet, yet exact: neither image shows, and the new one's fingerprint is the change that replaces the picture.
    expect(preview.stdout).toMatch(new RegExp(`~ contentSha256\\s*: "${LOGO_SHA256[0]}" => "${LOGO_SHA256[1]}"`));
    for (const image of LOGOS) expect(preview.stdout).not.toContain(image);
    await suite.env.stack.up();
    expect(calls().filter((a) => a === "CreatePicture" || a === "DeletePicture")).toEqual(["CreatePicture", "DeletePicture"]);
    const [after] = pictures();
    expect(pictures()).toHaveLength(1);
    expect(after!.id).not.toBe(before!.id);
    expect(after!.content).toBe(LOGOS[1]);

    // Someone moves it in the console: refresh records where it is, and the next preview moves it back in place.
    const moved = await fetch(`${suite.emulator.url}/_emulator/pictures/${after!.id}`, { method: "POST", body: JSON.stringify({ xPosition: 40 }) });
    expect(moved.status).toBe(200);
    const refresh = await suite.env.stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });
    const drift = await suite.env.stack.preview({ diff: true });
    expect(drift.changeSummary).toEqual({ same: 5, update: 1 });
    expect(drift.stdout).toMatch(/~ xPosition\s*: 40 => 1100/);
    await suite.env.stack.up();
    expect(calls().filter((a) => a.endsWith("Picture"))).toContain("ModifyPicture");
    expect(pictures()).toEqual([expect.objectContaining({ id: after!.id, xPosition: 1100 })]);
  });

  test("when the keynote ends and the room stays empty past maxIdleTime, and the moderation is ended elsewhere, refresh drops them and up restarts them", async () => {
    const [ingest] = running("StartStreamIngest");
    const [recording] = running("CreateCloudRecording");
    const [captions] = running("CreateCloudTranscription");
    suite.emulator.state.tasks.end(ingest, "finished");
    suite.emulator.state.clock.advance(121_000);
    expect(suite.emulator.state.tasks.get(recording.taskId)?.status).toBe("Ended");
    expect(suite.emulator.state.tasks.get(captions.taskId)?.status).toBe("Ended");
    // Ended elsewhere: through the emulator's control route, as another tool would stop it.
    await new EmulatorControl(suite.emulator.url).endTask(running("CreateLiveStreamModeration")[0]!.taskId);

    const refresh = await suite.env.stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ delete: 4 });
    const up = await suite.env.stack.up();
    expect(up.summary.resourceChanges).toMatchObject({ create: 4 });
    for (const action of ["CreateCloudRecording", "StartStreamIngest", "CreateCloudTranscription", "CreateLiveStreamModeration"]) {
      expect(running(action)).toHaveLength(1);
    }
  });

  test("destroy stops every task and deletes the picture; a second destroy succeeds", async () => {
    await suite.env.stack.destroy();
    expect(calls().filter((a) => a.startsWith("Delete") || a.startsWith("Stop")).sort()).toEqual([
      "DeleteCloudRecording",
      "DeleteCloudTranscription",
      "DeleteLiveStreamModeration",
      "DeletePicture",
      "StopStreamIngest",
    ]);
    expect(suite.emulator.state.world.pictures.list()).toEqual([]);
    expect(suite.emulator.state.tasks.list().filter((t) => t.status === "InProgress")).toEqual([]);
    await suite.env.stack.destroy();
  });
});

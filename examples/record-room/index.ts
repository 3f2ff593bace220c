import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as trtc from "pulumi-trtc";

// A town hall: a bot plays the keynote into a string room, and the room is recorded, mixed into
// one 720p video, to a COS bucket. Change the layout and the running recording follows; change
// the bucket and a new recording replaces it. The town hall's logo is kept in the application's
// Material Management as a watermark picture for On-Cloud MixTranscoding: a new image replaces it,
// a new position moves it in place.
const config = new pulumi.Config();
const sdkAppId = config.requireNumber("sdkAppId");
const roomId = config.get("roomId") ?? "town-hall";

const keynote = new trtc.StreamIngest("keynote", {
  sdkAppId,
  roomId,
  userId: "keynote-bot",
  userSig: config.requireSecret("keynoteUserSig"),
  streamUrl: config.get("keynoteUrl") ?? "https://media.example.com/keynote.mp4",
  repeatNum: -1,
});

const recording = new trtc.CloudRecording(
  "town-hall-recording",
  {
    sdkAppId,
    roomId,
    userId: `recorder-${roomId}`,
    // Without it the provider signs one from trtc:sdkSecretKey: the recorder's id follows the room.
    userSig: config.getSecret("recorderUserSig"),
    recordParams: {
      recordMode: 2, // mix everyone into one recording
      maxIdleTime: 120, // stop by itself two minutes after the room empties
      outputFormat: 3, // MP4
    },
    storageParams: {
      cloudStorage: {
        vendor: 0, // Tencent Cloud COS
        region: config.get("bucketRegion") ?? "ap-singapore",
        bucket: config.require("bucket"),
        accessKey: config.requireSecret("cosSecretId"),
        secretKey: config.requireSecret("cosSecretKey"),
        fileNamePrefix: ["town-hall"],
      },
    },
    mixTranscodeParams: {
      videoParams: { width: 1280, height: 720, fps: 15, bitRate: 1_500_000, gop: 2 },
      audioParams: { sampleRate: 1, channel: 2, bitRate: 64_000 },
    },
    mixLayoutParams: {
      // 3 grid, 1 floating, 2 screen sharing
      mixLayoutMode: (config.getNumber("layoutMode") ?? 3) as 1 | 2 | 3,
      backGroundColor: "#101820",
    },
  },
  // Record once the keynote is in the room, so the recording does not start idle.
  { dependsOn: [keynote] },
);

const logo = new trtc.Picture("town-hall-logo", {
  sdkAppId,
  region: "ap-guangzhou", // the only region the picture APIs serve
  content: fs.readFileSync(path.join(__dirname, config.get("logo") ?? "logo.png")).toString("base64"),
  suffix: "png",
  width: 160,
  height: 90,
  xPosition: config.getNumber("logoX") ?? 1100,
  yPosition: 20,
});

export const keynoteTaskId = keynote.taskId;
export const recordingTaskId = recording.taskId;
export const recordingStatus = recording.status;
export const recordingFiles = recording.storageFiles;
export const logoPictureId = logo.id;

import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as trtc from "pulumi-trtc";

// A town hall: a bot plays the keynote into a string room, and the room is recorded, mixed into
// one 720p video, to a COS bucket. Change the layout and the running recording follows; change
// the bucket and a new recording replaces it. With a caption language the room is transcribed too,
// and with the keynote's CDN pull URL its live stream is moderated. The town hall's logo is kept in
// the application's Material Management as a watermark picture for On-Cloud MixTranscoding: a new
// image replaces it, a new position moves it in place.
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

// Captions, translated into Chinese, once the keynote is in the room. There is no update API: a new
// language is a new transcription, and since it keeps the bot, the old one stops first.
const captionLanguage = config.get("captionLanguage");
const captions =
  captionLanguage === undefined
    ? undefined
    : new trtc.CloudTranscription(
        "town-hall-captions",
        {
          sdkAppId,
          roomId,
          transcriptionParam: { userId: `captions-${roomId}`, userSig: config.getSecret("captionsUserSig"), maxIdleTime: 120 },
          asrParam: { lang: captionLanguage }, // e.g. "bigmodel-en"
          translationParam: { targetLang: ["zh"] },
        },
        { dependsOn: [keynote] },
      );

// AI moderation of the keynote's CDN stream: frames every few seconds and audio slices. The pull
// URL carries a key (kept secret). The API is served in ap-shanghai alone.
const keynotePullUrl = config.getSecret("keynotePullUrl");
const moderation =
  keynotePullUrl === undefined
    ? undefined
    : new trtc.LiveStreamModeration("keynote-moderation", {
        region: "ap-shanghai",
        sdkAppId,
        input: { url: keynotePullUrl },
        liveModerationParams: { moderationType: 3, sliceVideo: config.getNumber("frameSeconds") ?? 5 },
        dataId: roomId, // passed to your moderation callback as it is
      });

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
export const captionsTaskId = captions?.taskId;
export const moderationTaskId = moderation?.taskId;
export const logoPictureId = logo.id;

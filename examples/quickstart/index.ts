import * as pulumi from "@pulumi/pulumi";
import * as trtc from "pulumi-trtc";

// Quick start: two bots play media into one TRTC room for as long as this stack exists.
// Credentials, region and endpoint come from stack config (trtc:*) or TENCENTCLOUD_* variables.
const config = new pulumi.Config();
const sdkAppId = config.requireNumber("sdkAppId");
const roomId = config.getNumber("roomId") ?? 1234;
const room = { sdkAppId, roomId };
// A bot's UserSig: with the application's secret key in stack config
// (`pulumi config set --secret trtc:sdkSecretKey ...`) the provider signs a short-lived one whenever
// it starts a task, so a bot needs none of its own.

const music = new trtc.StreamIngest("lobby-music", {
  ...room,
  userId: "music-bot",
  streamUrl: config.get("musicUrl") ?? "https://media.example.com/lobby-music.mp4",
  repeatNum: -1, // loop until the stack is destroyed
  volume: config.getNumber("musicVolume") ?? 60,
  isPause: config.getBoolean("musicPaused") ?? false,
});

const welcome = new trtc.StreamIngest("welcome-video", {
  ...room,
  userId: "welcome-bot",
  // Or give a bot its own, kept in config with --secret. A new one is recorded without restarting the task.
  userSig: config.getSecret("welcomeBotUserSig"),
  streamUrl: config.get("welcomeUrl") ?? "https://media.example.com/welcome.m3u8",
});

export const musicTaskId = music.taskId;
export const musicStatus = music.status;
export const welcomeTaskId = welcome.taskId;

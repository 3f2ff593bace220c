import * as pulumi from "@pulumi/pulumi";
import * as trtc from "pulumi-trtc";

// One room of a live event, declared whole: a bot plays the intro video into the room, the room is
// recorded to COS and mixed to a CDN, the event's scoreboard page is recorded too, the room is
// moderated and sliced into screenshots and audio clips, and an AI assistant talks with the host,
// who gets a welcome from it once everything runs. Change the relay's layout, the users left out of
// moderation or the assistant's model and the running tasks follow; `pulumi destroy` ends them
// all. Every credential comes from secret config.
const config = new pulumi.Config();
const sdkAppId = config.requireNumber("sdkAppId");
const roomId = config.get("roomId") ?? "launch-keynote";
const room = { sdkAppId, roomId };

// The intro video, looped in the room until the stack is destroyed.
const intro = new trtc.StreamIngest("intro", {
  ...room,
  userId: "intro-bot",
  userSig: config.requireSecret("introUserSig"),
  streamUrl: config.get("introUrl") ?? "https://media.example.com/launch-intro.mp4",
  repeatNum: -1,
});

// The room, mixed into one 720p MP4 in your COS bucket. Recording and relay start once the intro
// is in the room, so neither starts idle.
const recording = new trtc.CloudRecording(
  "recording",
  {
    ...room,
    userId: "recorder",
    userSig: config.requireSecret("recorderUserSig"),
    recordParams: { recordMode: 2, maxIdleTime: 300, outputFormat: 3 }, // mixed, MP4
    storageParams: {
      cloudStorage: {
        vendor: 0, // Tencent Cloud COS
        region: config.get("bucketRegion") ?? "ap-singapore",
        bucket: config.require("bucket"),
        accessKey: config.requireSecret("cosSecretId"),
        secretKey: config.requireSecret("cosSecretKey"),
        fileNamePrefix: ["events", roomId],
      },
    },
    mixTranscodeParams: {
      videoParams: { width: 1280, height: 720, fps: 15, bitRate: 1_500_000, gop: 2 },
      audioParams: { sampleRate: 1, channel: 2, bitRate: 64_000 },
    },
    mixLayoutParams: { mixLayoutMode: 2 }, // screen sharing: slides large, speakers small
  },
  { dependsOn: [intro] },
);

// The same room mixed live and pushed to your CDN; the push URL's auth query is a credential.
const relay = new trtc.RelayTask(
  "cdn-relay",
  {
    ...room,
    agentParams: { userId: "cdn-relay", userSig: config.requireSecret("relayUserSig"), maxIdleTime: 300 },
    withTranscoding: 1, // mix
    audioParams: { audioEncode: { sampleRate: 48000, channel: 2, bitRate: 64 } },
    videoParams: {
      videoEncode: { width: 1280, height: 720, fps: 15, bitRate: 1500, gop: 2 },
      // 3 grid, 1 floating, 2 screen sharing: changed in place while the relay runs
      layoutParams: { mixLayoutMode: (config.getNumber("layoutMode") ?? 3) as 1 | 2 | 3 },
    },
    publishCdnParams: [{ publishCdnUrl: config.requireSecret("cdnPushUrl"), isTencentCdn: 1 }],
  },
  { dependsOn: [intro] },
);

// The live scoreboard page, recorded beside the room into the same bucket: a web page, not a room,
// so it needs no bot. TRTC has no update call for it: a new page URL records anew.
const scoreboard = new trtc.WebRecord("scoreboard", {
  sdkAppId,
  recordUrl: config.get("scoreboardUrl") ?? "https://scores.example.com/launch-keynote",
  maxDurationLimit: 4 * 3600, // ends by itself after the 4-hour event
  webRecordVideoParams: { width: 1280, height: 720, format: "mp4" },
  storageParams: {
    cloudStorage: {
      vendor: 0, // web recording stores to COS or VOD only
      region: config.get("bucketRegion") ?? "ap-singapore",
      bucket: config.require("bucket"),
      accessKey: config.requireSecret("cosSecretId"),
      secretKey: config.requireSecret("cosSecretKey"),
      fileNamePrefix: ["events", roomId, "scoreboard"],
    },
  },
});

// Users whose streams moderation and slicing leave out (`pulumi config set --path quietUsers[0] guest`),
// changed in place while both tasks run.
const quietUsers = config.getObject<string[]>("quietUsers");
const subscribeStreamUserIds = quietUsers && { unSubscribeAudioUserIds: quietUsers, unSubscribeVideoUserIds: quietUsers };
const bucket = (folder: string) => ({
  vendor: 0 as const, // Tencent Cloud COS
  region: config.get("bucketRegion") ?? "ap-singapore",
  bucket: config.require("bucket"),
  accessKey: config.requireSecret("cosSecretId"),
  secretKey: config.requireSecret("cosSecretKey"),
  fileNamePrefix: ["events", roomId, folder],
});

// Content moderation of everyone on stage: audio slices and screenshots go to the supplier, and the
// ones that hit are kept in the bucket. Another supplier is another task (a replacement).
const moderation = new trtc.CloudModeration("moderation", {
  ...room,
  userId: "moderator",
  userSig: config.requireSecret("moderatorUserSig"),
  moderationParams: {
    moderationType: 3, // audio slices and screenshots
    maxIdleTime: 300,
    moderationSupplier: config.get("moderationSupplier") ?? "trtc",
    saveModerationFile: 2, // keep what hits
    callbackAllResults: 1, // report only hits
    subscribeStreamUserIds,
  },
  moderationStorageParams: { cloudModerationStorage: bucket("moderation") },
});

// A screenshot of every speaker every 10 seconds and 30-second audio clips: the raw material for
// the highlights.
const slices = new trtc.CloudSliceTask("slices", {
  ...room,
  userId: "slicer",
  userSig: config.requireSecret("slicerUserSig"),
  sliceParams: { sliceType: 3, maxIdleTime: 300, sliceAudio: 30, sliceVideo: 10, sliceImageType: 1, subscribeStreamUserIds },
  sliceStorageParams: { cloudSliceStorage: bucket("slices") },
});

// The AI assistant: hears the host, answers through your LLM with one of TRTC's own voices.
const assistant = new trtc.AIConversation("assistant", {
  ...room,
  agentConfig: {
    userId: "ai-assistant",
    userSig: config.requireSecret("assistantUserSig"),
    targetUserId: config.get("host") ?? "host",
    maxIdleTime: 300,
  },
  llmConfig: {
    llmType: "openai", // any OpenAI-compatible chat completions API
    model: config.get("model") ?? "gpt-4o",
    apiKey: config.requireSecret("llmApiKey"),
    apiUrl: config.get("llmUrl") ?? "https://api.openai.com/v1/chat/completions",
    streaming: true,
    systemPrompt: "You are the assistant of a product launch. Keep answers short.",
  },
  ttsConfig: { ttsType: "flow", voiceId: "v-female-R2s4N9qJ", model: "flow_01_turbo" },
});

// The welcome, said by the assistant as soon as it runs. Pushing text is an action, not a task:
// every `pulumi up` that reaches it pushes again, so it is sent only while `welcome` is set
// (`pulumi config set welcome "..."` for the up that opens the room, `pulumi config rm welcome` after).
const welcome = config.get("welcome");
// TRTC's request ids of what this update did.
export const requestIds = {
  ...(welcome && {
    welcome: trtc.controlAIConversationOutput({
      taskId: assistant.taskId,
      command: "serverPushText",
      serverPushText: { text: welcome, addHistory: true }, // the LLM knows it was said
    }).requestId,
  }),
};

export const introTaskId = intro.taskId;
export const recordingTaskId = recording.taskId;
export const relayTaskId = relay.taskId;
export const assistantTaskId = assistant.taskId;
export const assistantStatus = assistant.status;
export const scoreboardTaskId = scoreboard.taskId;
export const moderationTaskId = moderation.taskId;
export const slicesTaskId = slices.taskId;

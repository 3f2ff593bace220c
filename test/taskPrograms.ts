import type { AnyTaskSpec } from "../provider/spec";
import { aiConversation } from "../resources/aiConversation";
import { aiTranscription } from "../resources/aiTranscription";
import { cloudRecording } from "../resources/cloudRecording";
import { relayTask } from "../resources/relayTask";
import { streamIngest } from "../resources/streamIngest";
import { webRecord } from "../resources/webRecord";
import { cloudSliceTask } from "../resources/cloudSliceTask";
import { cloudModeration } from "../resources/cloudModeration";
import { cloudTranscription } from "../resources/cloudTranscription";
import { liveStreamModeration } from "../resources/liveStreamModeration";
import { botSig } from "./helpers";

// Programs for every task family, for tests that run many resources of each (the fault soak).

type Props = Record<string, unknown>;

export const APP = 1400000001;

/**
 * A task family's program for slot `n` (its own bot, in a room of its family) in versions that
 * differ by `change` in a field that updates in place (none for AITranscription: `inPlace` false),
 * and by `replace` in a field that replaces the task (the same bot, so deleted before replaced).
 */
export interface TaskFamily {
  spec: AnyTaskSpec;
  program: (n: number, change?: number, replace?: number) => Props;
  inPlace: boolean;
}

/** One UserSig per bot and version (a new one differs by its expiry), made once: a sig also carries the time it was made. */
const sigs = new Map<string, string>();
const sig = (user: string, version: number) => {
  const key = `${user}#${version}`;
  if (!sigs.has(key)) sigs.set(key, botSig(user, APP, undefined, 86400 + version));
  return sigs.get(key)!;
};

/** Every task family, with programs for as many resources as a test needs. */
export const TASK_FAMILIES: TaskFamily[] = [
  {
    spec: streamIngest,
    inPlace: true,
    program: (n, change = 0, s = 0) => ({
      sdkAppId: APP, roomId: 7100 + n, userId: `ingest-${n}`, userSig: sig(`ingest-${n}`, 0),
      streamUrl: "https://media.example.com/loop.mp4", repeatNum: -1, seekSecond: s, volume: 50 + (change % 50),
    }),
  },
  {
    spec: cloudRecording,
    inPlace: true,
    program: (n, change = 0, s = 0) => ({
      sdkAppId: APP, roomId: 7200 + n, userId: `recorder-${n}`, userSig: sig(`recorder-${n}`, 0),
      recordParams: { recordMode: 2, maxIdleTime: 30 + s, subscribeStreamUserIds: { subscribeAudioUserIds: [`anchor-${change}`] } },
      storageParams: {
        cloudStorage: { vendor: 0, region: "ap-singapore", bucket: "recordings-1250000000", accessKey: "ak", secretKey: "sk" },
      },
    }),
  },
  {
    spec: relayTask,
    inPlace: true,
    program: (n, change = 0, s = 0) => ({
      sdkAppId: APP, roomId: 7300 + n,
      agentParams: { userId: `relay-${n}`, userSig: sig(`relay-${n}`, s), maxIdleTime: 30 },
      withTranscoding: 1,
      audioParams: { audioEncode: { sampleRate: 48000, channel: 2, bitRate: 64 } },
      videoParams: { videoEncode: { width: 1280, height: 720, fps: 15, bitRate: 1500, gop: 2 }, layoutParams: { mixLayoutMode: 3 } },
      publishCdnParams: [{ publishCdnUrl: `rtmp://push.example.com/live/soak-${n}?v=${change}`, isTencentCdn: 1 }],
    }),
  },
  {
    spec: aiConversation,
    inPlace: true,
    program: (n, change = 0, s = 0) => ({
      sdkAppId: APP, roomId: `ai-room-${n}`,
      agentConfig: { userId: `assistant-${n}`, userSig: sig(`assistant-${n}`, s), targetUserId: "alice", welcomeMessage: `hello ${change}` },
      llmConfig: { llmType: "openai", model: "gpt-4o", apiKey: "sk-llm", apiUrl: "https://api.openai.com/v1/chat/completions", streaming: true },
      ttsConfig: { ttsType: "flow", voiceId: "v-female-R2s4N9qJ", model: "flow_01_turbo" },
    }),
  },
  {
    spec: aiTranscription,
    inPlace: false,
    program: (n, _change, s = 0) => ({
      sdkAppId: APP, roomId: 7500 + n, transcriptionParams: { userId: `scribe-${n}`, userSig: sig(`scribe-${n}`, s) },
    }),
  },
  {
    spec: webRecord,
    inPlace: false,
    // Its own RecordId, so a replacement stops the old recording first, as one keeping a bot does.
    program: (n, _change, s = 0) => ({
      sdkAppId: APP, recordUrl: `https://scores.example.com/board/${n}`, recordId: `board-${n}`,
      storageParams: { cloudStorage: { vendor: 0, region: "ap-singapore", bucket: "boards-1250000000", accessKey: "ak", secretKey: "sk" } },
      maxDurationLimit: 1800 + s,
    }),
  },
  {
    spec: cloudSliceTask,
    inPlace: true,
    program: (n, change = 0, s = 0) => ({
      sdkAppId: APP, roomId: 7700 + n, userId: `slicer-${n}`, userSig: sig(`slicer-${n}`, 0),
      sliceParams: { sliceType: 3, maxIdleTime: 30 + s, subscribeStreamUserIds: { subscribeVideoUserIds: [`anchor-${change}`] } },
      sliceStorageParams: { cloudSliceStorage: { vendor: 2, region: "oss-ap-southeast-1", bucket: "slices", accessKey: "ak", secretKey: "sk" } },
    }),
  },
  {
    spec: cloudModeration,
    inPlace: true,
    program: (n, change = 0, s = 0) => ({
      sdkAppId: APP, roomId: 7800 + n, userId: `moderator-${n}`, userSig: sig(`moderator-${n}`, 0),
      moderationParams: {
        moderationType: 1, maxIdleTime: 30 + s, moderationSupplier: "tianyu",
        moderationSupplierParam: { appId: "tianyu-app", secretId: "supplier-id", secretKey: "supplier-key" },
        subscribeStreamUserIds: { unSubscribeAudioUserIds: [`anchor-${change}`] },
      },
      moderationStorageParams: { cloudModerationStorage: { vendor: 0, region: "ap-singapore", bucket: "moderation-1250000000", accessKey: "ak", secretKey: "sk" } },
    }),
  },
  {
    spec: cloudTranscription,
    inPlace: false,
    program: (n, _change, s = 0) => ({
      sdkAppId: APP, roomId: 7600 + n, transcriptionParam: { userId: `transcriber-${n}`, userSig: sig(`transcriber-${n}`, 0), maxIdleTime: 30 + s },
      asrParam: { lang: "bigmodel-en" },
    }),
  },
  {
    spec: liveStreamModeration,
    inPlace: false,
    program: (n, _change, s = 0) => ({
      // Served in ap-shanghai alone.
      region: "ap-shanghai", sdkAppId: APP, input: { url: `rtmp://pull.example.com/live/stream-${n}?txSecret=abc` },
      liveModerationParams: { moderationType: 3, sliceVideo: 5 + s }, dataId: `stream-${n}`,
    }),
  },

];

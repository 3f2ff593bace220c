import * as trtc from "pulumi-trtc";
import { type Build, ingestArgs, roomBot } from "./layout";

/** Every resource family, one entry each; the mixed stack takes them in turn. */
const families = {
  StreamIngest: (s, userSig) => new trtc.StreamIngest(s.name, ingestArgs(s, userSig)),
  CloudRecording: (s, userSig) =>
    new trtc.CloudRecording(s.name, {
      ...roomBot(s),
      userSig,
      recordParams: { recordMode: 2, maxIdleTime: 3600 },
      storageParams: {
        cloudStorage: { vendor: 0, region: "ap-singapore", bucket: "bench-1250000000", accessKey: "AKIDbench", secretKey: "bench-cos-key" },
      },
    }),
  RelayTask: (s, userSig) =>
    new trtc.RelayTask(s.name, {
      sdkAppId: s.sdkAppId,
      roomId: s.roomId,
      agentParams: { userId: s.userId, userSig },
      withTranscoding: 1,
      audioParams: { audioEncode: { sampleRate: 48000, channel: 2, bitRate: 64 } },
      videoParams: { videoEncode: { width: 1280, height: 720, fps: 15, bitRate: 1500, gop: 2 }, layoutParams: { mixLayoutMode: 3 } },
      publishCdnParams: [{ publishCdnUrl: `rtmp://push.example.com/live/${s.name}?txSecret=bench`, isTencentCdn: 1 }],
    }),
  AIConversation: (s, userSig) =>
    new trtc.AIConversation(s.name, {
      sdkAppId: s.sdkAppId,
      roomId: s.roomId,
      agentConfig: { userId: s.userId, userSig, targetUserId: "bench-host" },
      llmConfig: { llmType: "openai", model: "gpt-4o", apiKey: "sk-bench", apiUrl: "https://api.openai.com/v1/chat/completions" },
      ttsConfig: { ttsType: "flow", voiceId: "v-female-R2s4N9qJ", model: "flow_01_turbo" },
    }),
  AITranscription: (s, userSig) =>
    new trtc.AITranscription(s.name, { sdkAppId: s.sdkAppId, roomId: s.roomId, transcriptionParams: { userId: s.userId, userSig } }),
} satisfies Record<string, Build>;

export const shapes: Record<string, Build[]> = {
  ingest: [families.StreamIngest],
  mixed: Object.values(families),
};

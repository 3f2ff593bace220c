import type * as pulumi from "@pulumi/pulumi";
import { roomBot, type Slot } from "./layout";

// The arguments of one resource of each family, shared by our stacks and their engine floors (which
// must not load pulumi-trtc), so a floor's resources carry exactly our resources' properties.

export interface Family {
  args: (s: Slot, userSig: pulumi.Output<string>) => pulumi.Inputs;
  /** The top-level inputs that hold a secret (pulumi-trtc marks the same ones secret outputs). */
  secrets: string[];
}

export const FAMILIES = {
  StreamIngest: {
    args: (s, userSig) => ({ ...roomBot(s), userSig, streamUrl: `https://media.example.com/bench/${s.index}.mp4`, repeatNum: -1 }),
    secrets: ["userSig"],
  },
  CloudRecording: {
    args: (s, userSig) => ({
      ...roomBot(s),
      userSig,
      recordParams: { recordMode: 2 as const, maxIdleTime: 3600 },
      storageParams: {
        cloudStorage: { vendor: 0 as const, region: "ap-singapore", bucket: "bench-1250000000", accessKey: "AKIDbench", secretKey: "bench-cos-key" },
      },
    }),
    secrets: ["userSig", "storageParams"],
  },
  RelayTask: {
    args: (s, userSig) => ({
      sdkAppId: s.sdkAppId,
      roomId: s.roomId,
      agentParams: { userId: s.userId, userSig },
      withTranscoding: 1 as const,
      audioParams: { audioEncode: { sampleRate: 48000 as const, channel: 2 as const, bitRate: 64 } },
      videoParams: { videoEncode: { width: 1280, height: 720, fps: 15, bitRate: 1500, gop: 2 }, layoutParams: { mixLayoutMode: 3 as const } },
      publishCdnParams: [{ publishCdnUrl: `rtmp://push.example.com/live/${s.name}?txSecret=bench`, isTencentCdn: 1 as const }],
    }),
    secrets: ["agentParams", "publishCdnParams"],
  },
  AIConversation: {
    args: (s, userSig) => ({
      sdkAppId: s.sdkAppId,
      roomId: s.roomId,
      agentConfig: { userId: s.userId, userSig, targetUserId: "bench-host" },
      llmConfig: { llmType: "openai" as const, model: "gpt-4o", apiKey: "sk-bench", apiUrl: "https://api.openai.com/v1/chat/completions" },
      ttsConfig: { ttsType: "flow" as const, voiceId: "v-female-R2s4N9qJ", model: "flow_01_turbo" as const },
    }),
    secrets: ["agentConfig", "llmConfig"],
  },
  AITranscription: {
    args: (s, userSig) => ({ sdkAppId: s.sdkAppId, roomId: s.roomId, transcriptionParams: { userId: s.userId, userSig } }),
    secrets: ["transcriptionParams"],
  },
  // No room and no bot: the slot's room only names the page.
  WebRecord: {
    args: (s) => ({
      sdkAppId: s.sdkAppId,
      recordUrl: `https://scores.example.com/bench/${s.name}`,
      storageParams: {
        cloudStorage: { vendor: 0 as const, region: "ap-singapore", bucket: "bench-1250000000", accessKey: "AKIDbench", secretKey: "bench-cos-key" },
      },
    }),
    secrets: ["storageParams"],
  },
  CloudSliceTask: {
    args: (s, userSig) => ({
      ...roomBot(s),
      userSig,
      sliceParams: { sliceType: 3 as const, maxIdleTime: 3600 },
      sliceStorageParams: {
        cloudSliceStorage: { vendor: 0 as const, region: "ap-singapore", bucket: "bench-1250000000", accessKey: "AKIDbench", secretKey: "bench-cos-key" },
      },
    }),
    secrets: ["userSig", "sliceStorageParams"],
  },
  CloudModeration: {
    args: (s, userSig) => ({
      ...roomBot(s),
      userSig,
      moderationParams: { moderationType: 3 as const, maxIdleTime: 1800, moderationSupplier: "trtc", saveModerationFile: 2 as const },
      moderationStorageParams: {
        cloudModerationStorage: { vendor: 0 as const, region: "ap-singapore", bucket: "bench-1250000000", accessKey: "AKIDbench", secretKey: "bench-cos-key" },
      },
    }),
    secrets: ["userSig", "moderationStorageParams"],
  },
  CloudTranscription: {
    args: (s, userSig) => ({ sdkAppId: s.sdkAppId, roomId: s.roomId, transcriptionParam: { userId: s.userId, userSig }, asrParam: { lang: "bigmodel-en" } }),
    secrets: ["transcriptionParam"],
  },
  // No room and no bot: the slot's name only names the stream; served in ap-shanghai alone.
  LiveStreamModeration: {
    args: (s) => ({ region: "ap-shanghai", sdkAppId: s.sdkAppId, input: { url: `rtmp://pull.example.com/bench/${s.name}` }, liveModerationParams: { moderationType: 3 as const } }),
    secrets: ["input"],
  },
} satisfies Record<string, Family>;

export type Kind = keyof typeof FAMILIES;

/** The families of each stack shape; a stack takes them in turn, one per slot. */
export const SHAPES: Record<string, Kind[]> = {
  ingest: ["StreamIngest"],
  mixed: Object.keys(FAMILIES) as Kind[],
};

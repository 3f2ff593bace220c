import * as pulumi from "@pulumi/pulumi";
// The resources and functions through the pulumi-resource-trtc plugin (docs/plugin.md): explicit
// providers, engine invokes, `get` and `pulumi import` by a task's id. `import * as trtc from
// "pulumi-trtc"` is the dynamic provider, which needs no plugin installed.
import * as trtc from "pulumi-trtc/plugin";

const config = new pulumi.Config();
const account = new pulumi.Config("trtc");
const sdkAppId = config.requireNumber("sdkAppId");
const roomId = config.get("roomId") ?? "launch-keynote";
const introUrl = config.get("introUrl") ?? "https://media.example.com/launch-intro.mp4";

// Two TRTC accounts in one stack, each an explicit provider with its own keys and region. Bots
// give no UserSig: each provider signs one from its application's secret key.
const launch = new trtc.Provider("launch", {
    secretId: account.require("secretId"),
    secretKey: account.requireSecret("secretKey"),
    sdkSecretKey: account.requireSecret("sdkSecretKey"),
    region: account.require("region"),
    endpoint: account.get("endpoint"),
});
const partner = new trtc.Provider("partner", {
    secretId: config.require("partnerSecretId"),
    secretKey: config.requireSecret("partnerSecretKey"),
    sdkSecretKey: config.requireSecret("partnerSdkSecretKey"),
    region: config.get("partnerRegion") ?? "ap-singapore",
    endpoint: config.get("partnerEndpoint"),
});

// The intro video, looped in the room; a new introUrl updates the running task in place.
const intro = new trtc.StreamIngest("intro", { sdkAppId, roomId, userId: "intro-bot", streamUrl: introUrl, repeatNum: -1 }, { provider: launch });

// The room mixed live and pushed to the CDN (the push URL's credential is kept secret).
const relay = new trtc.RelayTask(
    "cdn-relay",
    {
        sdkAppId,
        roomId,
        agentParams: { userId: "cdn-relay", maxIdleTime: 300 },
        withTranscoding: trtc.WithTranscoding.Transcode,
        audioParams: { audioEncode: { sampleRate: 48000, channel: 2, bitRate: 64 } },
        videoParams: { videoEncode: { width: 1280, height: 720, fps: 15, bitRate: 1500, gop: 2 } },
        publishCdnParams: [{ publishCdnUrl: config.requireSecret("cdnPushUrl"), isTencentCdn: 1 }],
    },
    { provider: launch, dependsOn: [intro] },
);

// The AI assistant: hears the host, answers through an OpenAI-compatible LLM with a TRTC voice.
const assistant = new trtc.AIConversation(
    "assistant",
    {
        sdkAppId,
        roomId,
        agentConfig: { userId: "ai-assistant", targetUserId: "host", maxIdleTime: 300 },
        llmConfig: { llmType: "openai", model: "gpt-4o", apiKey: config.requireSecret("llmApiKey"), apiUrl: "https://api.openai.com/v1/chat/completions", streaming: true },
        ttsConfig: { ttsType: "flow", voiceId: "v-female-R2s4N9qJ", model: "flow_01_turbo" },
    },
    { provider: launch },
);

// The same intro in the partner's watch-party room, started with the partner's keys.
const partnerIntro = new trtc.StreamIngest(
    "partner-intro",
    { sdkAppId: config.requireNumber("partnerSdkAppId"), roomId: "watch-party", userId: "intro-bot", streamUrl: introUrl, repeatNum: -1 },
    { provider: partner },
);

// A task started elsewhere (a script, another stack), read by the id `pulumi import` takes,
// <sdkAppId>/<region>/<taskId>: the stack describes it on every up and refresh and never changes
// or stops it.
const watchedIntroId = config.get("watchedIntro");
const watchedIntro = watchedIntroId ? trtc.StreamIngest.get("watched-intro", watchedIntroId, undefined, { provider: launch }) : undefined;

// A lookup is an engine invoke on the provider given; it runs in previews too.
export const recentRooms = trtc.getRoomInfoOutput({ sdkAppId, startTime: config.require("roomsSince"), limit: 10 }, { provider: launch });
export const introTaskId = intro.taskId;
export const relayTaskId = relay.taskId;
export const assistantStatus = assistant.status;
export const partnerIntroTaskId = partnerIntro.taskId;
export const watchedIntroStatus = watchedIntro?.status;

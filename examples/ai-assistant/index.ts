import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as trtc from "pulumi-trtc";

// A support room: an AI assistant talks with the customer through your LLM and a Tencent Cloud
// TTS voice, listening for the customer's registered voiceprint, and a second bot subtitles the
// room, translated. Change the model and the running conversation follows it; change the customer
// and a new voiceprint and a new conversation replace the old ones. The LLM key, the TTS keys and
// the bots' UserSigs come from secret config and stay secret.
const config = new pulumi.Config();
const sdkAppId = config.requireNumber("sdkAppId");
const roomId = config.get("roomId") ?? "support-room";
const customer = config.get("customer") ?? "customer-1";

// The support team's product names, which recognition should not mishear. No AI request takes a
// vocabulary id: state 1 makes it the application's default, which recognition uses, so it is
// created before the assistant starts listening.
const vocabulary = new trtc.Vocabulary("support-words", {
  sdkAppId,
  name: "support-words",
  description: "Product names the assistant hears",
  wordWeights: config.getObject<trtc.types.input.WordWeightArgs[]>("supportWords") ?? [
    { word: "TRTC", weight: 11 },
    { word: "Pulumi", weight: 11 },
  ],
  state: 1,
});

// The customer's voiceprint: the assistant answers only this voice, not others speaking near the
// customer's microphone. customer-voice.wav (tones from the local emulator's text to speech) stands
// in for the customer's own recording: 16 kHz, 16-bit, mono, 8 to 18 seconds. The name cannot
// change, so a new customer registers a new voiceprint; a new recording or note updates this one.
const customerVoice = new trtc.VoicePrint("customer-voice", {
  sdkAppId,
  name: `${customer}-voice`,
  audio: readFileSync(path.join(__dirname, "customer-voice.wav"), "base64"),
  metaInfo: config.get("customerNote") ?? "Enrolled at signup",
});

const assistant = new trtc.AIConversation(
  "assistant",
  {
    sdkAppId,
    roomId,
    agentConfig: {
      userId: "ai-assistant",
      userSig: config.requireSecret("assistantUserSig"),
      targetUserId: customer, // the user the assistant talks with
      maxIdleTime: 120, // end by itself two minutes after the room empties
      welcomeMessage: "Hello! How can I help you today?",
      interruptMode: 0, // the customer can talk over the assistant
      // A new voiceprint id (a new customer, or one registered again) starts a new conversation.
      voicePrint: { mode: 1, idList: [customerVoice.id] },
    },
    sttConfig: { language: "en", vadSilenceTime: 800 },
    llmConfig: {
      llmType: "openai", // any OpenAI-compatible chat completions API
      model: config.get("model") ?? "gpt-4o",
      apiKey: config.requireSecret("llmApiKey"),
      apiUrl: config.get("llmUrl") ?? "https://api.openai.com/v1/chat/completions",
      streaming: true,
      systemPrompt: "You are a friendly support agent. Keep answers short.",
      history: 10,
    },
    ttsConfig: {
      ttsType: "tencent", // Tencent Cloud TTS on your own account
      appId: config.requireNumber("ttsAppId"),
      secretId: config.requireSecret("ttsSecretId"),
      secretKey: config.requireSecret("ttsSecretKey"),
      voiceType: 101001,
    },
  },
  // Recognition loads the default vocabulary when the conversation starts.
  { dependsOn: [vocabulary] },
);

const subtitles = new trtc.AITranscription("subtitles", {
  sdkAppId,
  roomId,
  transcriptionParams: {
    userId: "ai-subtitles",
    userSig: config.requireSecret("subtitlesUserSig"),
    maxIdleTime: 120,
  },
  recognizeConfig: { language: "en" },
  translationConfig: { targetLanguages: config.getObject<string[]>("subtitleLanguages") ?? ["zh"] },
});

export const assistantTaskId = assistant.taskId;
export const assistantStatus = assistant.status;
export const assistantSessionId = assistant.sessionId;
export const subtitlesTaskId = subtitles.taskId;
export const vocabularyId = vocabulary.id;
export const customerVoiceId = customerVoice.id;

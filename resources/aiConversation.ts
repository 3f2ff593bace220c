import { z } from "zod";
import { roomOf } from "../provider/api";
import * as field from "../provider/fields";
import { apiName, IN_PLACE, IN_PLACE_UNTIL_REMOVED, REPLACE, SECRET, SECRET_IN_PLACE, setOrUndone, taskSpec, toApi } from "../provider/spec";
import { requiredUnless } from "../provider/validation";
import { aiDescribe, aiStop, sessionId, sessionIdentity, speechRecognition, turnDetection, voicePrint } from "./ai";

/**
 * AI conversation: a bot joins a room and talks with one user there, through TRTC's speech
 * recognition, your LLM and a TTS voice. StartAIConversation / DescribeAIConversation /
 * UpdateAIConversation / StopAIConversation (TRTC API reference, 2024-10-22; newer members from the Node
 * SDK's trtc_models.d.ts). LLMConfig and TTSConfig are JSON strings in the API; their shapes per
 * LLM type and TTS vendor follow Tencent's LLM and TTS configuration guides for StartAIConversation.
 */

const { struct, text, flag, appliesOnly } = field;

// The bot.

const agentConfig = struct({
  userId: field.userId.describe("The bot's user id: unique in the room. A second task with the same bot ends the first."),
  userSig: field.userSig.optional().describe("The bot's UserSig, signed for userId (kept secret); without it the provider signs one from trtc:sdkSecretKey."),
  targetUserId: field.anchorId.describe("The user the bot talks with: it listens to this user's stream."),
  maxIdleTime: field.atLeast(1).optional().describe("Seconds the room may have nobody publishing before the task ends itself (default 60)."),
  welcomeMessage: text.optional().describe("What the bot says first."),
  interruptMode: z.literal([0, 1], { error: "must be 0 (the server interrupts) or 1 (the client interrupts)" }).meta(field.constants("InterruptMode", { Server: 0, Client: 1 })).optional().describe("0 (default): the server interrupts the bot when the user speaks; 1: only the client's interrupt signal does."),
  interruptSpeechDuration: field.atLeast(1).optional().describe("Milliseconds of speech that interrupt the bot (default 500), with interruptMode 0."),
  turnDetectionMode: z
    .literal([0, 1, 3], { error: "must be 0 (each sentence), 1 (the client decides) or 3 (semantic detection)" }).meta(field.constants("TurnDetectionMode", { EachSentence: 0, Client: 1, Semantic: 3 }))
    .optional().describe("0 (default): each recognised sentence starts a turn; 1: the client starts turns; 3: semantic turn detection."),
  filterOneWord: flag.optional().describe("Ignore one-word sentences (default true)."),
  welcomeMessagePriority: z.literal([0, 1], { error: "must be 0 (normal) or 1 (cannot be interrupted)" }).optional().describe("1 makes the welcome message uninterruptible; 0 (default) does not."),
  filterBracketsContent: z.literal([1, 2, 3, 4, 5], { error: "must be 1 （）, 2 (), 3 【】, 4 [] or 5 {}" }).optional().describe("Bracketed text in LLM answers not to speak: 1 （）, 2 (), 3 【】, 4 [], 5 {}."),
  ambientSound: struct({
    scene: text.describe("The ambience to play."),
    volume: field.between(0, 2).optional().describe("0 to 2 (default 1)."),
  }).optional().describe("Background sound under the bot's voice."),
  voicePrint: voicePrint.optional(),
  turnDetection: turnDetection.optional().describe("With turnDetectionMode 3."),
  subtitleMode: z.literal([0, 1], { error: "must be 0 (as soon as possible) or 1 (sentence by sentence)" }).optional().describe("0 (default): subtitles as soon as possible, each one whole; 1: sentence by sentence, in step with the voice."),
  interruptWordList: z.array(text, { error: "must be a list of words" }).optional().describe("When set, only these words interrupt the bot (and they start no answer)."),
}).superRefine((v, ctx) => {
  appliesOnly(ctx, v.interruptSpeechDuration, (v.interruptMode ?? 0) === 0, ["interruptSpeechDuration"], "interruptMode is 0");
  appliesOnly(ctx, v.turnDetection, v.turnDetectionMode === 3, ["turnDetection"], "turnDetectionMode is 3");
  appliesOnly(ctx, v.welcomeMessagePriority, v.welcomeMessage !== undefined, ["welcomeMessagePriority"], "welcomeMessage is set");
});

// LLMConfig and TTSConfig: one shape per LLM type and per TTS vendor, chosen by their type member.

/** A union of vendor shapes told apart by `key`, with errors that name the choices. */
function byType<const Options extends readonly [z.ZodObject, ...z.ZodObject[]]>(key: string, options: Options) {
  return z.discriminatedUnion(key, options, {
    error: (issue) => {
      const given = issue.input as Record<string, unknown> | undefined;
      if (issue.code !== "invalid_union") return given === undefined ? "is required" : "must be an object";
      if (given?.[key] === undefined) return "is required";
      return `must be one of ${(issue.options as unknown[]).map((o) => JSON.stringify(o)).join(", ")}`;
    },
  });
}

const apiUrl = field.url(["http", "https"]);
/** Members passed through to your LLM as given. */
const passThrough = z.record(z.string(), z.unknown(), { error: "must be an object" });
const seconds = z.number({ error: "must be a number of seconds" }).positive({ error: "must be more than 0" });

/** Any LLM that speaks the OpenAI chat completions protocol (OpenAI, Hunyuan, DeepSeek, MiniMax, Gemini, ...). */
const openAiLlm = struct({
  llmType: z.literal("openai"),
  model: text.describe("e.g. \"gpt-4o\"."),
  apiKey: text.describe("Kept secret."),
  apiUrl: apiUrl.describe("The chat completions URL, e.g. https://api.openai.com/v1/chat/completions."),
  streaming: flag.optional(),
  systemPrompt: z.string({ error: "must be a string" }).optional(),
  timeout: seconds.optional().describe("Seconds to wait for the LLM (default 3)."),
  history: field.int(0, 50).optional().describe("Rounds of conversation the LLM sees: 0 (default) to 50."),
  historyMode: z.literal([0, 1], { error: "must be 0 (everything) or 1 (only what was spoken)" }).optional().describe("1 keeps only what the bot has actually said in that history; 0 (default) keeps everything."),
  metaInfo: passThrough.optional().describe("Custom members, sent in the body of each LLM request."),
});

/** A Coze bot. */
const cozeLlm = struct({
  llmType: z.literal("coze"),
  apiKey: text,
  apiUrl: apiUrl.describe("Coze's chat URL, e.g. https://api.coze.com/v3/chat."),
  botId: text,
  streaming: flag.optional(),
  userId: text.optional().describe("The user Coze tracks the session under."),
  conversationId: text.optional().describe("An existing Coze conversation to continue."),
});

/** A Dify app. */
const difyLlm = struct({
  llmType: z.literal("dify"),
  apiKey: text,
  apiUrl: apiUrl.describe("Dify's chat-messages URL."),
  streaming: flag.optional(),
  inputs: passThrough.optional().describe("Your Dify app's input variables."),
  user: text.optional().describe("The user Dify tracks the session under."),
  conversationId: text.optional().describe("An existing Dify conversation to continue."),
});

const llmConfig = byType("llmType", [openAiLlm, cozeLlm, difyLlm]);

/** TRTC's own TTS: no account of yours needed. */
const flowTts = struct({
  ttsType: z.literal("flow"),
  voiceId: text.describe("A premium or cloned voice, e.g. \"v-female-R2s4N9qJ\"."),
  model: z.enum(["flow_01_turbo", "flow_01_ex"], { error: 'must be "flow_01_turbo" or "flow_01_ex"' }),
  speed: field.between(0.5, 2).optional().describe("0.5 to 2 (default 1)."),
  volume: field.between(0, 10).optional().describe("0 to 10 (default 1)."),
  pitch: field.int(-12, 12).optional().describe("-12 to 12 semitones (default 0)."),
  language: z.enum(["zh", "en", "yue"], { error: 'must be "zh", "en" or "yue"' }).optional(),
});

/** Tencent Cloud TTS, on your Tencent Cloud account. */
const tencentTts = struct({
  ttsType: z.literal("tencent"),
  appId: field.atLeast(1).describe("Your Tencent Cloud account's AppId (not the TRTC SDKAppID)."),
  secretId: text.describe("Kept secret."),
  secretKey: text.describe("Kept secret."),
  voiceType: field.wholeNumber().describe("A voice from Tencent Cloud TTS's voice list."),
  speed: field.between(-2, 6).optional().describe("-2 (0.6×) to 6 (2.5×); 0 (default) is normal."),
  volume: field.between(0, 10).optional().describe("0 (normal, the default) to 10."),
  primaryLanguage: z
    .union([text, z.literal([1, 2, 3])], { error: "must be a language code or 1 (Chinese), 2 (English) or 3 (Japanese)" })
    .optional().describe("A code such as \"zh-CN\" (StartAIConversation's TTSConfig), or 1 Chinese, 2 English, 3 Japanese (Tencent's TTS guide): the documents differ."),
  fastVoiceType: text.optional().describe("A cloned voice (voice reproduction)."),
});

const minimaxTts = struct({
  ttsType: z.literal("minimax"),
  model: text,
  apiUrl: apiUrl.describe("e.g. https://api.minimax.chat/v1/t2a_v2."),
  apiKey: text.describe("Kept secret."),
  groupId: text,
  voiceType: text,
  speed: z.number({ error: "must be a number" }).positive({ error: "must be more than 0" }).optional(),
});

const azureTts = struct({
  ttsType: z.literal("azure"),
  subscriptionKey: text.describe("Kept secret."),
  region: text.describe("The subscription's region, e.g. southeastasia."),
  voiceName: text,
  language: text,
  rate: field.between(0.5, 2).optional().describe("0.5 to 2 (default 1)."),
});

/** Cartesia and ElevenLabs take the same members. */
function modelVoiceTts<const Type extends string>(ttsType: Type) {
  return struct({
    ttsType: z.literal(ttsType),
    model: text,
    apiKey: text.describe("Kept secret."),
    voiceId: text,
  });
}

/** Your own TTS service, speaking TRTC's custom TTS protocol. */
const customTts = struct({
  ttsType: z.literal("custom"),
  apiKey: text.describe("Kept secret."),
  apiUrl,
  audioFormat: z.enum(["pcm", "wav"], { error: 'must be "pcm" or "wav"' }).optional(),
  sampleRate: field.atLeast(1).optional().describe("Hz (default 16000)."),
  audioChannel: z.literal([1, 2], { error: "must be 1 (mono) or 2 (stereo)" }).optional(),
});

const ttsConfig = byType("ttsType", [
  flowTts,
  tencentTts,
  minimaxTts,
  azureTts,
  modelVoiceTts("cartesia"),
  modelVoiceTts("elevenlabs"),
  customTts,
]);

/** Config members whose API names are not their names capitalised. */
const CONFIG_NAMES: Readonly<Record<string, string>> = { llmType: "LLMType", ttsType: "TTSType", apiKey: "APIKey", apiUrl: "APIUrl" };
/** Coze takes its conversation id under Coze's own name. */
const COZE_NAMES: Readonly<Record<string, string>> = { conversationId: "conversation_id" };

/**
 * A config as the API takes it: a JSON string, members in schema order so one config is always
 * one text. Only top-level names are renamed: metaInfo and inputs reach your LLM as you wrote them.
 */
function configJson(config: LlmConfig | TtsConfig | undefined): string | undefined {
  if (config === undefined) return undefined;
  const names = "llmType" in config && config.llmType === "coze" ? { ...CONFIG_NAMES, ...COZE_NAMES } : CONFIG_NAMES;
  const members = Object.entries(config).filter(([, value]) => value !== undefined);
  return JSON.stringify(Object.fromEntries(members.map(([key, value]) => [names[key] ?? apiName(key), value])));
}

const inputs = z.object({
  sdkAppId: field.sdkAppId,
  roomId: field.roomId.describe("A number for a numeric room, a string for a string room."),
  agentConfig: agentConfig.describe("The bot: who it is, whom it talks with, how it takes turns and is interrupted."),
  sessionId,
  sttConfig: speechRecognition({
    notAlternative: ["zh-dialect", "16k_zh_edu", "16k_zh_medical", "16k_zh_court", "8k_zh_large", "16k_zh_large", "16k_multi_lang", "16k_zh_en"],
    maxHotWords: 128,
    maxVadLevel: 5,
  }).optional().describe("Speech recognition."),
  // Required by the SDK's models, optional by StartAIConversation's page: trtc:aiConfigsOptional picks the page.
  llmConfig: llmConfig.optional().meta(requiredUnless("aiConfigsOptional"))
    .describe("The LLM that answers, by llmType: \"openai\" (any OpenAI-compatible API), \"coze\" or \"dify\". Required unless trtc:aiConfigsOptional is true; taking it out then starts a new conversation."),
  ttsConfig: ttsConfig.optional().meta(requiredUnless("aiConfigsOptional"))
    .describe("The voice, by ttsType: \"flow\" (TRTC's), \"tencent\", \"minimax\", \"azure\", \"cartesia\", \"elevenlabs\" or \"custom\". Required unless trtc:aiConfigsOptional is true; taking it out then starts a new conversation."),
  // "Digital human configuration, a JSON string; it needs an allow-listing by ticket" (SDK models). No page gives its members.
  avatarConfig: passThrough.optional().describe("A digital human (avatar) for the bot, sent as AvatarConfig's JSON as you write it: only for accounts Tencent has allow-listed (ask by ticket). Kept secret, as it may hold a vendor's key."),
});

export type AgentConfig = z.output<typeof agentConfig>;
export type SttConfig = z.output<ReturnType<typeof speechRecognition>>;
export type LlmConfig = z.output<typeof llmConfig>;
export type TtsConfig = z.output<typeof ttsConfig>;
export type AIConversationInputs = z.output<typeof inputs>;

/** TRTC's documented defaults, sent by updates so that taking a setting out undoes it. */
const DEFAULT_INTERRUPT_MODE = 0;
const DEFAULT_INTERRUPT_SPEECH_MS = 500;

export const aiConversation = taskSpec({
  kind: "AIConversation",
  bots: [{ userId: "agentConfig.userId", userSig: "agentConfig.userSig" }],
  endsBy: (v) => `A conversation ends once the room has had nobody publishing for agentConfig.maxIdleTime seconds (${v.agentConfig.maxIdleTime ?? 60})`,
  inputs: inputs.describe("An AI bot in a TRTC room, talking with one user, for as long as the resource exists (or until the room stays empty)."),
  fields: {
    sdkAppId: REPLACE,
    roomId: REPLACE,
    agentConfig: REPLACE,
    sessionId: REPLACE,
    sttConfig: REPLACE,
    // UpdateAIConversation takes a config left out as unchanged, so only a new task drops one.
    llmConfig: IN_PLACE_UNTIL_REMOVED,
    ttsConfig: IN_PLACE_UNTIL_REMOVED,
    avatarConfig: SECRET,
  },
  nestedFields: {
    "agentConfig.userSig": SECRET,
    // The three members of AgentConfig that UpdateAIConversation takes.
    "agentConfig.welcomeMessage": IN_PLACE,
    "agentConfig.interruptMode": IN_PLACE,
    "agentConfig.interruptSpeechDuration": IN_PLACE,
    // A credential inside a config UpdateAIConversation replaces whole: secret, and changed in place.
    "llmConfig.apiKey": SECRET_IN_PLACE,
    "ttsConfig.secretId": SECRET_IN_PLACE,
    "ttsConfig.secretKey": SECRET_IN_PLACE,
    "ttsConfig.apiKey": SECRET_IN_PLACE,
    "ttsConfig.subscriptionKey": SECRET_IN_PLACE,
  },
  identity: (v) => [field.roomKey(v.sdkAppId, v.roomId, v.agentConfig.userId), ...sessionIdentity(v.sdkAppId, v.sessionId)],
  start: {
    action: "StartAIConversation",
    request: (v) => ({
      SdkAppId: v.sdkAppId,
      ...roomOf("StartAIConversation", v.roomId),
      AgentConfig: toApi(v.agentConfig),
      SessionId: v.sessionId,
      STTConfig: toApi(v.sttConfig),
      LLMConfig: configJson(v.llmConfig),
      TTSConfig: configJson(v.ttsConfig),
      AvatarConfig: v.avatarConfig && JSON.stringify(v.avatarConfig),
    }),
    taskId: (response) => String(response.TaskId),
    recover: {
      key: "sessionId",
      request: (key, v) => ({ SdkAppId: v.sdkAppId, SessionId: key }),
    },
  },
  describe: aiDescribe("DescribeAIConversation"),
  update: {
    action: "UpdateAIConversation",
    // A member left out means "leave as is", so every one is sent: a removed setting goes back to
    // its default. A removed welcome message is sent as "", whose meaning no page gives
    // (docs/parity.md), so it is sent only then: a conversation that never had one sends none.
    request: (taskId, { agentConfig: agent, llmConfig: llm, ttsConfig: tts }, olds) => {
      const interruptMode = agent.interruptMode ?? DEFAULT_INTERRUPT_MODE;
      const welcome = setOrUndone(agent.welcomeMessage, olds.agentConfig?.welcomeMessage, "");
      return {
        TaskId: taskId,
        ...(welcome !== undefined && { WelcomeMessage: welcome }),
        InterruptMode: interruptMode,
        ...(interruptMode === 0 && { InterruptSpeechDuration: agent.interruptSpeechDuration ?? DEFAULT_INTERRUPT_SPEECH_MS }),
        LLMConfig: configJson(llm),
        TTSConfig: configJson(tts),
      };
    },
  },
  stop: aiStop("StopAIConversation"),
});

import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { roomOf } from "../provider/api";
import * as field from "../provider/fields";
import { TaskArgs, TaskResource } from "../provider/resource";
import { apiName, type FieldRule, IN_PLACE, REPLACE, SECRET, taskSpec, toApi } from "../provider/spec";
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
  /** The bot's user id: unique in the room. A second task with the same bot ends the first. */
  userId: field.userId,
  /** The bot's UserSig, signed for userId (kept secret); without it the provider signs one from trtc:sdkSecretKey. */
  userSig: field.userSig.optional(),
  /** The user the bot talks with: it listens to this user's stream. */
  targetUserId: field.anchorId,
  /** Seconds the room may have nobody publishing before the task ends itself (default 60). */
  maxIdleTime: field.atLeast(1).optional(),
  /** What the bot says first. */
  welcomeMessage: text.optional(),
  /** 0 (default): the server interrupts the bot when the user speaks; 1: only the client's interrupt signal does. */
  interruptMode: z.literal([0, 1], { error: "must be 0 (the server interrupts) or 1 (the client interrupts)" }).optional(),
  /** Milliseconds of speech that interrupt the bot (default 500), with interruptMode 0. */
  interruptSpeechDuration: field.atLeast(1).optional(),
  /** 0 (default): each recognised sentence starts a turn; 1: the client starts turns; 3: semantic turn detection. */
  turnDetectionMode: z
    .literal([0, 1, 3], { error: "must be 0 (each sentence), 1 (the client decides) or 3 (semantic detection)" })
    .optional(),
  /** Ignore one-word sentences (default true). */
  filterOneWord: flag.optional(),
  /** 1 makes the welcome message uninterruptible; 0 (default) does not. */
  welcomeMessagePriority: z.literal([0, 1], { error: "must be 0 (normal) or 1 (cannot be interrupted)" }).optional(),
  /** Bracketed text in LLM answers not to speak: 1 （）, 2 (), 3 【】, 4 [], 5 {}. */
  filterBracketsContent: z.literal([1, 2, 3, 4, 5], { error: "must be 1 （）, 2 (), 3 【】, 4 [] or 5 {}" }).optional(),
  /** Background sound under the bot's voice. */
  ambientSound: struct({
    /** The ambience to play. */
    scene: text,
    /** 0 to 2 (default 1). */
    volume: field.between(0, 2).optional(),
  }).optional(),
  voicePrint: voicePrint.optional(),
  /** With turnDetectionMode 3. */
  turnDetection: turnDetection.optional(),
  /** 0 (default): subtitles as soon as possible, each one whole; 1: sentence by sentence, in step with the voice. */
  subtitleMode: z.literal([0, 1], { error: "must be 0 (as soon as possible) or 1 (sentence by sentence)" }).optional(),
  /** When set, only these words interrupt the bot (and they start no answer). */
  interruptWordList: z.array(text, { error: "must be a list of words" }).optional(),
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
  /** e.g. "gpt-4o". */
  model: text,
  /** Kept secret. */
  apiKey: text,
  /** The chat completions URL, e.g. https://api.openai.com/v1/chat/completions. */
  apiUrl,
  streaming: flag.optional(),
  systemPrompt: z.string({ error: "must be a string" }).optional(),
  /** Seconds to wait for the LLM (default 3). */
  timeout: seconds.optional(),
  /** Rounds of conversation the LLM sees: 0 (default) to 50. */
  history: field.int(0, 50).optional(),
  /** 1 keeps only what the bot has actually said in that history; 0 (default) keeps everything. */
  historyMode: z.literal([0, 1], { error: "must be 0 (everything) or 1 (only what was spoken)" }).optional(),
  /** Custom members, sent in the body of each LLM request. */
  metaInfo: passThrough.optional(),
});

/** A Coze bot. */
const cozeLlm = struct({
  llmType: z.literal("coze"),
  apiKey: text,
  /** Coze's chat URL, e.g. https://api.coze.com/v3/chat. */
  apiUrl,
  botId: text,
  streaming: flag.optional(),
  /** The user Coze tracks the session under. */
  userId: text.optional(),
  /** An existing Coze conversation to continue. */
  conversationId: text.optional(),
});

/** A Dify app. */
const difyLlm = struct({
  llmType: z.literal("dify"),
  apiKey: text,
  /** Dify's chat-messages URL. */
  apiUrl,
  streaming: flag.optional(),
  /** Your Dify app's input variables. */
  inputs: passThrough.optional(),
  /** The user Dify tracks the session under. */
  user: text.optional(),
  /** An existing Dify conversation to continue. */
  conversationId: text.optional(),
});

const llmConfig = byType("llmType", [openAiLlm, cozeLlm, difyLlm]);

/** TRTC's own TTS: no account of yours needed. */
const flowTts = struct({
  ttsType: z.literal("flow"),
  /** A premium or cloned voice, e.g. "v-female-R2s4N9qJ". */
  voiceId: text,
  model: z.enum(["flow_01_turbo", "flow_01_ex"], { error: 'must be "flow_01_turbo" or "flow_01_ex"' }),
  /** 0.5 to 2 (default 1). */
  speed: field.between(0.5, 2).optional(),
  /** 0 to 10 (default 1). */
  volume: field.between(0, 10).optional(),
  /** -12 to 12 semitones (default 0). */
  pitch: field.int(-12, 12).optional(),
  language: z.enum(["zh", "en", "yue"], { error: 'must be "zh", "en" or "yue"' }).optional(),
});

/** Tencent Cloud TTS, on your Tencent Cloud account. */
const tencentTts = struct({
  ttsType: z.literal("tencent"),
  /** Your Tencent Cloud account's AppId (not the TRTC SDKAppID). */
  appId: field.atLeast(1),
  /** Kept secret. */
  secretId: text,
  /** Kept secret. */
  secretKey: text,
  /** A voice from Tencent Cloud TTS's voice list. */
  voiceType: field.wholeNumber(),
  /** -2 (0.6×) to 6 (2.5×); 0 (default) is normal. */
  speed: field.between(-2, 6).optional(),
  /** 0 (normal, the default) to 10. */
  volume: field.between(0, 10).optional(),
  /** A code such as "zh-CN" (StartAIConversation's TTSConfig), or 1 Chinese, 2 English, 3 Japanese (Tencent's TTS guide): the documents differ. */
  primaryLanguage: z
    .union([text, z.literal([1, 2, 3])], { error: "must be a language code or 1 (Chinese), 2 (English) or 3 (Japanese)" })
    .optional(),
  /** A cloned voice (voice reproduction). */
  fastVoiceType: text.optional(),
});

const minimaxTts = struct({
  ttsType: z.literal("minimax"),
  model: text,
  /** e.g. https://api.minimax.chat/v1/t2a_v2. */
  apiUrl,
  /** Kept secret. */
  apiKey: text,
  groupId: text,
  voiceType: text,
  speed: z.number({ error: "must be a number" }).positive({ error: "must be more than 0" }).optional(),
});

const azureTts = struct({
  ttsType: z.literal("azure"),
  /** Kept secret. */
  subscriptionKey: text,
  /** The subscription's region, e.g. southeastasia. */
  region: text,
  voiceName: text,
  language: text,
  /** 0.5 to 2 (default 1). */
  rate: field.between(0.5, 2).optional(),
});

/** Cartesia and ElevenLabs take the same members. */
function modelVoiceTts<const Type extends string>(ttsType: Type) {
  return struct({
    ttsType: z.literal(ttsType),
    model: text,
    /** Kept secret. */
    apiKey: text,
    voiceId: text,
  });
}

/** Your own TTS service, speaking TRTC's custom TTS protocol. */
const customTts = struct({
  ttsType: z.literal("custom"),
  /** Kept secret. */
  apiKey: text,
  apiUrl,
  audioFormat: z.enum(["pcm", "wav"], { error: 'must be "pcm" or "wav"' }).optional(),
  /** Hz (default 16000). */
  sampleRate: field.atLeast(1).optional(),
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
function configJson(config: LlmConfig | TtsConfig): string {
  const names = "llmType" in config && config.llmType === "coze" ? { ...CONFIG_NAMES, ...COZE_NAMES } : CONFIG_NAMES;
  const members = Object.entries(config).filter(([, value]) => value !== undefined);
  return JSON.stringify(Object.fromEntries(members.map(([key, value]) => [names[key] ?? apiName(key), value])));
}

const inputs = z.object({
  sdkAppId: field.sdkAppId,
  /** A number for a numeric room, a string for a string room. */
  roomId: field.roomId,
  /** The bot: who it is, whom it talks with, how it takes turns and is interrupted. */
  agentConfig,
  sessionId,
  /** Speech recognition. */
  sttConfig: speechRecognition({
    notAlternative: ["zh-dialect", "16k_zh_edu", "16k_zh_medical", "16k_zh_court", "8k_zh_large", "16k_zh_large", "16k_multi_lang", "16k_zh_en"],
    maxHotWords: 128,
    maxVadLevel: 5,
  }).optional(),
  /** The LLM that answers, by llmType: "openai" (any OpenAI-compatible API), "coze" or "dify". */
  llmConfig,
  /** The voice, by ttsType: "flow" (TRTC's), "tencent", "minimax", "azure", "cartesia", "elevenlabs" or "custom". */
  ttsConfig,
});

export type AgentConfig = z.output<typeof agentConfig>;
export type SttConfig = z.output<ReturnType<typeof speechRecognition>>;
export type LlmConfig = z.output<typeof llmConfig>;
export type TtsConfig = z.output<typeof ttsConfig>;
export type AIConversationInputs = z.output<typeof inputs>;

/** A credential inside a config UpdateAIConversation replaces whole: secret, and changed in place. */
const SECRET_IN_PLACE: FieldRule = { ...IN_PLACE, secret: true };

/** TRTC's documented defaults, sent by updates so that taking a setting out undoes it. */
const DEFAULT_INTERRUPT_MODE = 0;
const DEFAULT_INTERRUPT_SPEECH_MS = 500;

export const aiConversation = taskSpec({
  kind: "AIConversation",
  bots: [{ userId: "agentConfig.userId", userSig: "agentConfig.userSig" }],
  inputs,
  fields: {
    sdkAppId: REPLACE,
    roomId: REPLACE,
    agentConfig: REPLACE,
    sessionId: REPLACE,
    sttConfig: REPLACE,
    llmConfig: IN_PLACE,
    ttsConfig: IN_PLACE,
  },
  nestedFields: {
    "agentConfig.userSig": SECRET,
    // The three members of AgentConfig that UpdateAIConversation takes.
    "agentConfig.welcomeMessage": IN_PLACE,
    "agentConfig.interruptMode": IN_PLACE,
    "agentConfig.interruptSpeechDuration": IN_PLACE,
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
    // its default, and a removed welcome message to none.
    request: (taskId, { agentConfig: agent, llmConfig: llm, ttsConfig: tts }) => {
      const interruptMode = agent.interruptMode ?? DEFAULT_INTERRUPT_MODE;
      return {
        TaskId: taskId,
        WelcomeMessage: agent.welcomeMessage ?? "",
        InterruptMode: interruptMode,
        ...(interruptMode === 0 && { InterruptSpeechDuration: agent.interruptSpeechDuration ?? DEFAULT_INTERRUPT_SPEECH_MS }),
        LLMConfig: configJson(llm),
        TTSConfig: configJson(tts),
      };
    },
  },
  stop: aiStop("StopAIConversation"),
});

export type AIConversationArgs = TaskArgs<typeof inputs>;

/** An AI bot in a TRTC room, talking with one user, for as long as the resource exists (or until the room stays empty). */
export class AIConversation extends TaskResource {
  declare readonly agentConfig: pulumi.Output<AgentConfig>;
  declare readonly sttConfig: pulumi.Output<SttConfig | undefined>;
  declare readonly llmConfig: pulumi.Output<LlmConfig>;
  declare readonly ttsConfig: pulumi.Output<TtsConfig>;
  /** The SessionId the task was started with: yours, or the one generated when you gave none. */
  declare readonly sessionId: pulumi.Output<string>;

  constructor(name: string, args: AIConversationArgs, opts?: pulumi.CustomResourceOptions) {
    super(aiConversation, name, args, opts);
  }
}

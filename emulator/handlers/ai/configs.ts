// LLMConfig and TTSConfig of StartAIConversation and UpdateAIConversation: JSON strings, parsed
// and read like any structure, with one table per LLM type and TTS vendor of Tencent's "LLM
// configuration" and "TTS configuration" guides; and the small field kinds the AI tables share.
import { invalidParameter, missingParameter } from "../../errors";
import { isRecord } from "../../json";
import { type Check, type Field, field, nonEmpty, oneOf, positive, range, readParams, type Spec, webUrl } from "../../params";

// Small field kinds.

export const TEXT = field("string", true, nonEmpty);
export const OPTIONAL_TEXT = field("string", false, nonEmpty);
const URL = field("string", true, webUrl);
export const FLAG = field("boolean", false);

const aboveZero: Check<number> = (value, name) => {
  if (value <= 0) throw invalidParameter(name, "must be more than 0");
};

/** Members passed through to a vendor as given (an LLM's MetaInfo, a Dify app's Inputs). */
const PASS_THROUGH: Field<Record<string, unknown>, false> = {
  required: false,
  read(value, name) {
    if (!isRecord(value)) throw invalidParameter(name, "expected an object");
    return value;
  },
};

function parseJson(value: string, name: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw invalidParameter(name, "not valid JSON");
  }
}

/** A string that must hold a JSON object (AvatarConfig, a "configuration"; ServerPushText.MetaInfo, "key-value" data). */
export const JSON_OBJECT_TEXT = field("string", false, (value, name) => {
  if (!isRecord(parseJson(value, name))) throw invalidParameter(name, "expected a JSON object");
});

/**
 * A JSON string holding a structure whose table its type member picks (LLMConfig by LLMType,
 * TTSConfig by TTSType). Reads as the parsed structure, so the task keeps it readable.
 */
export function jsonConfig<R extends boolean>(typeKey: string, tables: Readonly<Record<string, Spec>>, required: R): Field<Record<string, unknown>, R> {
  return {
    required,
    read(value, name) {
      if (typeof value !== "string") throw invalidParameter(name, "expected a JSON string");
      const config = parseJson(value, name);
      if (!isRecord(config)) throw invalidParameter(name, "expected a JSON object");
      const type = config[typeKey];
      if (type === undefined || type === null) throw missingParameter(`${name}.${typeKey}`);
      const table = typeof type === "string" && Object.hasOwn(tables, type) ? tables[type] : undefined;
      if (!table) throw invalidParameter(`${name}.${typeKey}`, `must be one of ${Object.keys(tables).join(", ")}`);
      return readParams(config, { [typeKey]: TEXT, ...table }, name);
    },
  };
}

// LLMConfig, by LLMType (Tencent's "LLM configuration" guide; History and HistoryMode from the SDK).

export const LLM_TABLES: Readonly<Record<string, Spec>> = {
  openai: {
    Model: TEXT,
    APIKey: TEXT,
    APIUrl: URL,
    Streaming: FLAG,
    SystemPrompt: field("string", false),
    Timeout: field("number", false, aboveZero),
    History: field("integer", false, range(0, 50)),
    HistoryMode: field("integer", false, oneOf(0, 1)),
    MetaInfo: PASS_THROUGH,
  },
  coze: { APIKey: TEXT, APIUrl: URL, BotId: TEXT, Streaming: FLAG, UserId: OPTIONAL_TEXT, conversation_id: OPTIONAL_TEXT },
  dify: { APIKey: TEXT, APIUrl: URL, Streaming: FLAG, Inputs: PASS_THROUGH, User: OPTIONAL_TEXT, ConversationId: field("string", false) },
};

// TTSConfig, by TTSType (StartAIConversation (TRTC API reference) for tencent, the SDK for flow,
// Tencent's "TTS configuration" guide for the rest).

const MODEL_VOICE = { Model: TEXT, APIKey: TEXT, VoiceId: TEXT };

/** The TRTC API reference documents a language code ("zh-CN"), Tencent's TTS guide 1 Chinese, 2 English, 3 Japanese. */
const PRIMARY_LANGUAGE: Field<string | number, false> = {
  required: false,
  read(value, name) {
    if ((typeof value === "string" && value !== "") || value === 1 || value === 2 || value === 3) return value;
    throw invalidParameter(name, "expected a language code or 1, 2 or 3");
  },
};

export const TTS_TABLES: Readonly<Record<string, Spec>> = {
  flow: {
    VoiceId: TEXT,
    Model: field("string", true, oneOf("flow_01_turbo", "flow_01_ex")),
    Speed: field("number", false, range(0.5, 2)),
    Volume: field("number", false, range(0, 10)),
    Pitch: field("integer", false, range(-12, 12)),
    Language: field("string", false, oneOf("zh", "en", "yue")),
  },
  tencent: {
    AppId: field("integer", true, positive),
    SecretId: TEXT,
    SecretKey: TEXT,
    VoiceType: field("integer", true),
    Speed: field("number", false, range(-2, 6)),
    Volume: field("number", false, range(0, 10)),
    PrimaryLanguage: PRIMARY_LANGUAGE,
    FastVoiceType: OPTIONAL_TEXT,
  },
  minimax: { Model: TEXT, APIUrl: URL, APIKey: TEXT, GroupId: TEXT, VoiceType: TEXT, Speed: field("number", false, aboveZero) },
  azure: { SubscriptionKey: TEXT, Region: TEXT, VoiceName: TEXT, Language: TEXT, Rate: field("number", false, range(0.5, 2)) },
  cartesia: MODEL_VOICE,
  elevenlabs: MODEL_VOICE,
  custom: {
    APIKey: TEXT,
    APIUrl: URL,
    AudioFormat: field("string", false, oneOf("pcm", "wav")),
    SampleRate: field("integer", false, positive),
    AudioChannel: field("integer", false, oneOf(1, 2)),
  },
};

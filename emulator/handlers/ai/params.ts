// The parameter tables of the AI APIs (StartAIConversation, UpdateAIConversation,
// ControlAIConversation, StartAITranscription, the Describes and Stops), as their TRTC API
// reference pages and "Data Types" give them, with the newer members of the Node SDK's models.
import { invalidParameter, missingParameter } from "../../errors";
import {
  ANCHOR_ID,
  arrayOf,
  atLeast,
  type Check,
  field,
  maxItems,
  nonEmpty,
  object,
  oneOf,
  type Params,
  positive,
  range,
  SDK_APP_ID,
  TASK_ID,
  USER_ID,
  USER_SIG,
} from "../../params";
import { FLAG, JSON_OBJECT_TEXT, jsonConfig, LLM_TABLES, OPTIONAL_TEXT, TEXT, TTS_TABLES } from "./configs";

// Speech recognition: STTConfig (conversations) and RecognizeConfig (transcriptions).

const HOT_WORD = /^[^|,]{1,30}\|(\d+)$/;

/** "word|weight" entries separated by commas; words of at most 30 characters, weights 1 to 11 or 100. */
function hotWords(max: number): Check<string> {
  return (value, name) => {
    const entries = value.split(",");
    if (entries.length > max) throw invalidParameter(name, `at most ${max} hot words`);
    for (const entry of entries) {
      const weight = Number(HOT_WORD.exec(entry)?.[1]);
      if (!((weight >= 1 && weight <= 11) || weight === 100)) throw invalidParameter(name, `"${entry}" is not word|weight with a weight of 1 to 11 or 100`);
    }
  };
}

function recognition(notAlternative: readonly string[], maxHotWords: number, maxVadLevel: number) {
  return {
    Language: OPTIONAL_TEXT,
    AlternativeLanguage: arrayOf(
      field("string", true, (value, name) => {
        nonEmpty(value, name);
        if (notAlternative.includes(value)) throw invalidParameter(name, `${value} cannot be an alternative language`);
      }),
      false,
      maxItems(3),
    ),
    VadSilenceTime: field("integer", false, range(240, 2000)),
    HotWordList: field("string", false, hotWords(maxHotWords)),
    VadLevel: field("integer", false, range(0, maxVadLevel)),
  };
}

/** "When Language is zh-dialect, fuzzy recognition is not supported." */
const noFuzzyDialect: Check<{ Language?: string; AlternativeLanguage?: string[] }> = (config, name) => {
  if (config.Language === "zh-dialect" && config.AlternativeLanguage) {
    throw invalidParameter(`${name}.AlternativeLanguage`, "fuzzy recognition is not supported with zh-dialect");
  }
};

const STT_CONFIG = object(
  {
    ...recognition(["zh-dialect", "16k_zh_edu", "16k_zh_medical", "16k_zh_court", "8k_zh_large", "16k_zh_large", "16k_multi_lang", "16k_zh_en"], 128, 5),
    CustomParam: field("string", false),
  },
  false,
  noFuzzyDialect,
);

// Members of both bots.

const VOICE_PRINT = object(
  { Mode: field("integer", false, oneOf(0, 1)), IdList: arrayOf(TEXT, false, maxItems(1)) },
  false,
  (print, name) => {
    if (print.Mode === 1 && !print.IdList?.length) throw missingParameter(`${name}.IdList`);
  },
);
const TURN_DETECTION = object({ SemanticEagerness: field("string", false, oneOf("low", "medium", "high", "auto")) }, false);
export const BOT = {
  UserId: USER_ID,
  UserSig: USER_SIG,
  MaxIdleTime: field("integer", false, atLeast(1)),
};
/** RoomIdType of the AI APIs: 0 a numeric room (the default), 1 a string room. */
const AI_ROOM_ID_TYPE = field("integer", false, oneOf(0, 1));

// The conversation APIs' tables.

const WELCOME_MESSAGE = field("string", false);
const INTERRUPT_MODE = field("integer", false, oneOf(0, 1));
const INTERRUPT_SPEECH_DURATION = field("integer", false, positive);

const AGENT_CONFIG = {
  ...BOT,
  TargetUserId: USER_ID,
  WelcomeMessage: WELCOME_MESSAGE,
  InterruptMode: INTERRUPT_MODE,
  InterruptSpeechDuration: INTERRUPT_SPEECH_DURATION,
  TurnDetectionMode: field("integer", false, oneOf(0, 1, 3)),
  FilterOneWord: FLAG,
  WelcomeMessagePriority: field("integer", false, oneOf(0, 1)),
  FilterBracketsContent: field("integer", false, range(1, 5)),
  AmbientSound: object({ Scene: TEXT, Volume: field("number", false, range(0, 2)) }, false),
  VoicePrint: VOICE_PRINT,
  TurnDetection: TURN_DETECTION,
  SubtitleMode: field("integer", false, oneOf(0, 1)),
  InterruptWordList: arrayOf(TEXT, false),
};

/**
 * StartAIConversation's table. The SDK's models mark LLMConfig and TTSConfig required, the table of
 * StartAIConversation (TRTC API reference) optional: `configsRequired` picks the reading (the
 * emulator's `aiConfigsOptional` option serves the page's).
 */
export function startConversation(configsRequired: boolean) {
  return {
    SdkAppId: SDK_APP_ID,
    RoomId: field("string", true),
    AgentConfig: object(AGENT_CONFIG, true),
    SessionId: OPTIONAL_TEXT,
    RoomIdType: AI_ROOM_ID_TYPE,
    STTConfig: STT_CONFIG,
    LLMConfig: jsonConfig("LLMType", LLM_TABLES, configsRequired),
    TTSConfig: jsonConfig("TTSType", TTS_TABLES, configsRequired),
    AvatarConfig: JSON_OBJECT_TEXT,
    ExperimentalParams: field("string", false),
  };
}

/** What UpdateAIConversation changes; a task's `settings` hold the current values. */
export const UPDATABLE = {
  WelcomeMessage: WELCOME_MESSAGE,
  InterruptMode: INTERRUPT_MODE,
  InterruptSpeechDuration: INTERRUPT_SPEECH_DURATION,
  LLMConfig: jsonConfig("LLMType", LLM_TABLES, false),
  TTSConfig: jsonConfig("TTSType", TTS_TABLES, false),
};

export const COMMANDS = ["ServerPushText", "InvokeLLM", "TransparentData"] as const;

const SERVER_PUSH_TEXT = object(
  {
    Text: OPTIONAL_TEXT,
    Interrupt: FLAG,
    StopAfterPlay: FLAG,
    /** Base64 mono audio at the TTS's sample rate, played instead of a text. */
    Audio: field("string", false, (value, name) => {
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) throw invalidParameter(name, "must be Base64");
    }),
    DropMode: field("integer", false, oneOf(0, 1)),
    Priority: field("integer", false, oneOf(0, 1)),
    AddHistory: FLAG,
    MetaInfo: JSON_OBJECT_TEXT,
  },
  false,
  (push, name) => {
    if (push.Text === undefined && push.Audio === undefined) throw missingParameter(`${name}.Text`);
    if (push.Text !== undefined && push.Audio !== undefined) throw invalidParameter(name, "give Text or Audio, not both");
  },
);

export const CONTROL = {
  TaskId: TASK_ID,
  Command: field("string", true, oneOf(...COMMANDS)),
  ServerPushText: SERVER_PUSH_TEXT,
  // Content is marked optional in the SDK, but an InvokeLLM without it has nothing to send.
  InvokeLLM: object({ Content: TEXT, Interrupt: FLAG, ExperimentalParams: field("string", false) }, false),
  TransparentData: object({ Data: TEXT }, false),
};

/** The command's own member is required, and the others have no effect. */
export function checkCommand(p: Params<typeof CONTROL>): void {
  for (const command of COMMANDS) {
    if (command === p.Command && p[command] === undefined) throw missingParameter(command);
    if (command !== p.Command && p[command] !== undefined) throw invalidParameter(command, `applies only with Command ${command}`);
  }
}

// The transcription APIs' tables.

const TRANSCRIPTION_PARAMS = object(
  {
    ...BOT,
    TranscriptionMode: field("integer", false, oneOf(0, 1)),
    TargetUserId: ANCHOR_ID,
    TargetUserIdList: arrayOf(USER_ID, false),
    VoicePrint: VOICE_PRINT,
    TurnDetection: TURN_DETECTION,
  },
  true,
  (params, name) => {
    const chosen = params.TranscriptionMode === 1;
    if (chosen && params.TargetUserId === undefined) throw missingParameter(`${name}.TargetUserId`);
    if (!chosen && params.TargetUserIdList !== undefined) throw invalidParameter(`${name}.TargetUserIdList`, "applies only with TranscriptionMode 1");
  },
);

const TRANSLATION_CONFIG = object(
  {
    TargetLanguages: arrayOf(TEXT, true, (languages, name) => {
      if (languages.length === 0) throw missingParameter(`${name}.0`);
    }),
    Mode: field("integer", false, oneOf(1, 2)),
    TTSConfig: object(
      {
        VoiceId: TEXT,
        Model: field("string", false, oneOf("flow_01_turbo", "flow_01_ex")),
        Speed: field("number", false, range(0.5, 2)),
        Volume: field("number", false, (value, name) => {
          if (value <= 0 || value > 10) throw invalidParameter(name, "must be in (0, 10]");
        }),
      },
      false,
    ),
    Terminology: arrayOf(object({ Source: TEXT, Target: TEXT }, true), false),
  },
  false,
  (translation, name) => {
    // "Required when simultaneous interpretation is on."
    if (translation.Mode === 2 && !translation.TTSConfig) throw missingParameter(`${name}.TTSConfig`);
  },
);

// The deprecated IMAdminUserId, IMAdminUserSig, RecognizeConfig.Model and TranslationLanguage
// answer UnknownParameter like any other undocumented name.
export const START_TRANSCRIPTION = {
  SdkAppId: SDK_APP_ID,
  RoomId: field("string", true),
  TranscriptionParams: TRANSCRIPTION_PARAMS,
  SessionId: OPTIONAL_TEXT,
  RoomIdType: AI_ROOM_ID_TYPE,
  RecognizeConfig: object(recognition(["zh-dialect"], 300, 3), false, noFuzzyDialect),
  TranslationConfig: TRANSLATION_CONFIG,
};

export const TASK = { TaskId: TASK_ID };
/** Describe finds a task by TaskId, or by SdkAppId and SessionId; DescribeAITranscription's TaskId is then an empty string. */
const LOOKUP = { SdkAppId: field("integer", false, positive), SessionId: OPTIONAL_TEXT };
export const DESCRIBE_CONVERSATION = { ...LOOKUP, TaskId: field("string", false) };
export const DESCRIBE_TRANSCRIPTION = { ...LOOKUP, TaskId: field("string", true) };

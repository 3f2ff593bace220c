// AI conversations and transcriptions: StartAIConversation, DescribeAIConversation,
// UpdateAIConversation, ControlAIConversation, StopAIConversation, StartAITranscription,
// DescribeAITranscription and StopAITranscription, as documented in seed doc 001 (lines
// 7767-9299; data types from line 18157), with the newer members of the Node SDK's
// trtc_models.d.ts. LLMConfig and TTSConfig are JSON strings: they are parsed and read like any
// structure, one table per LLM type and TTS vendor of Tencent's configuration guides.
import { ApiError, invalidParameter, missingParameter } from "../errors";
import type { ActionDef, HandlerContext } from "../family";
import { isRecord } from "../json";
import {
  ANCHOR_ID,
  arrayOf,
  atLeast,
  type Check,
  type Field,
  field,
  maxItems,
  nonEmpty,
  object,
  oneOf,
  type Params,
  positive,
  range,
  readParams,
  SDK_APP_ID,
  type Spec,
  TASK_ID,
  USER_ID,
  USER_SIG,
  webUrl,
} from "../params";
import { readRoom, REVERSED_ROOM_ID_TYPES } from "../roomIds";
import { checkUserSig } from "../usersig";
import type { World } from "../world";
import { sameRoom } from "../world/rooms";
import type { TaskRecord } from "../world/tasks";

const CONVERSATION = "AIConversation";
const TRANSCRIPTION = "AITranscription";
type AiFamily = typeof CONVERSATION | typeof TRANSCRIPTION;
const REGIONS = ["ap-guangzhou", "ap-singapore", "ap-tokyo", "na-siliconvalley"] as const;

// Documented defaults.
const DEFAULT_MAX_IDLE_SECONDS = 60;
const DEFAULT_INTERRUPT_SPEECH_MS = 500;
// The emulator's own timings, in virtual time (the documents give none): how long a new task is
// Preparing, and how long a stopped one is still described as Stopped while it cleans up.
const PREPARING_MS = 1000;
const STOPPED_MS = 5000;

// Small field kinds.

const TEXT = field("string", true, nonEmpty);
const OPTIONAL_TEXT = field("string", false, nonEmpty);
const URL = field("string", true, webUrl);
const FLAG = field("boolean", false);

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

/** A string that must hold JSON (AvatarConfig, ServerPushText.MetaInfo). */
const JSON_TEXT = field("string", false, (value, name) => void parseJson(value, name));

/**
 * A JSON string holding a structure whose table its type member picks (LLMConfig by LLMType,
 * TTSConfig by TTSType). Reads as the parsed structure, so the task keeps it readable.
 */
function jsonConfig<R extends boolean>(typeKey: string, tables: Readonly<Record<string, Spec>>, required: R): Field<Record<string, unknown>, R> {
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

const LLM_TABLES: Readonly<Record<string, Spec>> = {
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

// TTSConfig, by TTSType (doc 001 for tencent, the SDK for flow, Tencent's "TTS configuration" guide for the rest).

const MODEL_VOICE = { Model: TEXT, APIKey: TEXT, VoiceId: TEXT };

/** Doc 001 documents a language code ("zh-CN"), Tencent's TTS guide 1 Chinese, 2 English, 3 Japanese. */
const PRIMARY_LANGUAGE: Field<string | number, false> = {
  required: false,
  read(value, name) {
    if ((typeof value === "string" && value !== "") || value === 1 || value === 2 || value === 3) return value;
    throw invalidParameter(name, "expected a language code or 1, 2 or 3");
  },
};

const TTS_TABLES: Readonly<Record<string, Spec>> = {
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
const BOT = {
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

// The SDK marks LLMConfig and TTSConfig required; doc 001's older table does not.
const START_CONVERSATION = {
  SdkAppId: SDK_APP_ID,
  RoomId: field("string", true),
  AgentConfig: object(AGENT_CONFIG, true),
  SessionId: OPTIONAL_TEXT,
  RoomIdType: AI_ROOM_ID_TYPE,
  STTConfig: STT_CONFIG,
  LLMConfig: jsonConfig("LLMType", LLM_TABLES, true),
  TTSConfig: jsonConfig("TTSType", TTS_TABLES, true),
  AvatarConfig: JSON_TEXT,
  ExperimentalParams: field("string", false),
};

/** What UpdateAIConversation changes; a task's `settings` hold the current values. */
const UPDATABLE = {
  WelcomeMessage: WELCOME_MESSAGE,
  InterruptMode: INTERRUPT_MODE,
  InterruptSpeechDuration: INTERRUPT_SPEECH_DURATION,
  LLMConfig: jsonConfig("LLMType", LLM_TABLES, false),
  TTSConfig: jsonConfig("TTSType", TTS_TABLES, false),
};

const COMMANDS = ["ServerPushText", "InvokeLLM", "TransparentData"] as const;

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
    MetaInfo: JSON_TEXT,
  },
  false,
  (push, name) => {
    if (push.Text === undefined && push.Audio === undefined) throw missingParameter(`${name}.Text`);
    if (push.Text !== undefined && push.Audio !== undefined) throw invalidParameter(name, "give Text or Audio, not both");
  },
);

const CONTROL = {
  TaskId: TASK_ID,
  Command: field("string", true, oneOf(...COMMANDS)),
  ServerPushText: SERVER_PUSH_TEXT,
  // Content is marked optional in the SDK, but an InvokeLLM without it has nothing to send.
  InvokeLLM: object({ Content: TEXT, Interrupt: FLAG, ExperimentalParams: field("string", false) }, false),
  TransparentData: object({ Data: TEXT }, false),
};

/** The command's own member is required, and the others have no effect. */
function checkCommand(p: Params<typeof CONTROL>): void {
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
const START_TRANSCRIPTION = {
  SdkAppId: SDK_APP_ID,
  RoomId: field("string", true),
  TranscriptionParams: TRANSCRIPTION_PARAMS,
  SessionId: OPTIONAL_TEXT,
  RoomIdType: AI_ROOM_ID_TYPE,
  RecognizeConfig: object(recognition(["zh-dialect"], 300, 3), false, noFuzzyDialect),
  TranslationConfig: TRANSLATION_CONFIG,
};

const TASK = { TaskId: TASK_ID };
/** Describe finds a task by TaskId, or by SdkAppId and SessionId; DescribeAITranscription's TaskId is then an empty string. */
const LOOKUP = { SdkAppId: field("integer", false, positive), SessionId: OPTIONAL_TEXT };
const DESCRIBE_CONVERSATION = { ...LOOKUP, TaskId: field("string", false) };
const DESCRIBE_TRANSCRIPTION = { ...LOOKUP, TaskId: field("string", true) };

// Tasks and their states.

type AiStatus = "Preparing" | "Idle" | "InProgress" | "Stopped";

/** Whom a task serves: the conversation's user, the transcription's chosen users; undefined for everyone in the room. */
function targets(task: TaskRecord): string[] | undefined {
  if (task.family === CONVERSATION) return [readParams(task.params, START_CONVERSATION).AgentConfig.TargetUserId];
  const bot = readParams(task.params, START_TRANSCRIPTION).TranscriptionParams;
  return bot.TranscriptionMode === 1 ? [bot.TargetUserId!, ...(bot.TargetUserIdList ?? [])] : undefined;
}

/**
 * What Describe says: Preparing at first; then InProgress while someone it serves publishes in
 * the room, Idle while nobody does; Stopped for a while after it ended; undefined once TRTC no
 * longer knows the task.
 */
function statusOf(world: World, task: TaskRecord): AiStatus | undefined {
  const now = world.clock.now();
  if (task.status === "Ended") return now < task.endedAt! + STOPPED_MS ? "Stopped" : undefined;
  if (now < task.startedAt + PREPARING_MS) return "Preparing";
  const publishing = world.tasks.anchors(task).filter((s) => s.until === undefined && s.userId !== task.userId).map((s) => s.userId);
  const served = targets(task);
  return (served ? served.some((user) => publishing.includes(user)) : publishing.length > 0) ? "InProgress" : "Idle";
}

function taskNotExist(): ApiError {
  return new ApiError("FailedOperation.TaskNotExist", "The task does not exist.");
}

/** A running task of the family: what Update, Control and Stop act on. */
function runningTask(world: World, family: AiFamily, taskId: string): TaskRecord {
  const task = world.tasks.get(taskId);
  if (task?.family !== family || task.status !== "InProgress") throw taskNotExist();
  return task;
}

function sessionOf(task: TaskRecord): string | undefined {
  return typeof task.params.SessionId === "string" ? task.params.SessionId : undefined;
}

/** Describe, by TaskId or else by SdkAppId and SessionId (the newest task started with it). */
function describe(world: World, family: AiFamily, p: Params<typeof DESCRIBE_CONVERSATION>): Record<string, unknown> {
  const described = (t: TaskRecord | undefined) => t?.family === family && (p.SdkAppId ?? t.sdkAppId) === t.sdkAppId && statusOf(world, t) !== undefined;
  let task: TaskRecord | undefined;
  if (p.TaskId) {
    task = world.tasks.get(p.TaskId);
  } else {
    if (p.SessionId === undefined) throw missingParameter(p.TaskId === undefined ? "TaskId" : "SessionId");
    if (p.SdkAppId === undefined) throw missingParameter("SdkAppId");
    task = world.tasks.list().filter((t) => sessionOf(t) === p.SessionId && described(t)).at(-1);
  }
  if (!task || !described(task)) throw taskNotExist();
  const session = sessionOf(task);
  return { StartTime: new Date(task.startedAt).toISOString(), Status: statusOf(world, task), TaskId: task.taskId, ...(session && { SessionId: session }) };
}

/** The members both Starts share. */
interface StartParams {
  SdkAppId: number;
  RoomId: string;
  /** As the AI APIs number it: 0 numeric (the default), 1 string. */
  RoomIdType?: number;
  SessionId?: string;
}

interface Bot {
  family: AiFamily;
  params: Params<typeof BOT>;
  /** The UserSig's parameter path, for errors. */
  sigName: string;
  settings: Record<string, unknown>;
  /** A conversation bot speaks into the room; a transcription bot only listens. */
  publishes: boolean;
}

/** What both Starts check and do; returns the new task's id. */
function startTask({ action, params, world }: HandlerContext, p: StartParams, bot: Bot): string {
  const room = readRoom(p.SdkAppId, p.RoomId, p.RoomIdType, REVERSED_ROOM_ID_TYPES);
  const userId = bot.params.UserId;
  checkUserSig(world, p.SdkAppId, userId, bot.params.UserSig, bot.sigName);
  // "This UserId cannot be repeated with the host viewer UserId in the current room."
  if (world.rooms.present(room).includes(userId)) throw invalidParameter("UserId", `user ${userId} is already in room ${p.RoomId}`);
  const running = world.tasks.list().filter((t) => t.family === bot.family && t.status === "InProgress" && t.sdkAppId === p.SdkAppId);
  if (p.SessionId !== undefined && running.some((t) => sessionOf(t) === p.SessionId)) {
    throw new ApiError("FailedOperation.TaskExist", `A task with SessionId ${p.SessionId} is already running.`);
  }
  if (bot.family === CONVERSATION) {
    // "If multiple tasks are initiated in a room, the robot's UserId cannot be repeated, otherwise
    // the previous task will be interrupted." (Transcriptions are refused instead: the SDK says
    // the service deduplicates them by room and robot UserId.)
    const previous = running.filter((t) => t.userId === userId && sameRoom(t, room));
    for (const task of previous) world.tasks.end(task, "finished");
  }
  const task = world.tasks.start({
    family: bot.family,
    action,
    ...room,
    userId,
    params: { ...params },
    settings: bot.settings,
    lifetimeMs: undefined,
    publishes: bot.publishes,
    idleTimeoutMs: (bot.params.MaxIdleTime ?? DEFAULT_MAX_IDLE_SECONDS) * 1000,
  });
  return task.taskId;
}

function stop(world: World, family: AiFamily, params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  world.tasks.end(runningTask(world, family, readParams(params, TASK).TaskId), "stopped");
  return {};
}

export const actions: Record<string, ActionDef> = {
  StartAIConversation: {
    regions: REGIONS,
    roomIdTypes: REVERSED_ROOM_ID_TYPES,
    handle(ctx) {
      const p = readParams(ctx.params, START_CONVERSATION);
      const agent = p.AgentConfig;
      const taskId = startTask(ctx, p, {
        family: CONVERSATION,
        params: agent,
        sigName: "AgentConfig.UserSig",
        settings: {
          WelcomeMessage: agent.WelcomeMessage ?? "",
          InterruptMode: agent.InterruptMode ?? 0,
          InterruptSpeechDuration: agent.InterruptSpeechDuration ?? DEFAULT_INTERRUPT_SPEECH_MS,
          LLMConfig: p.LLMConfig,
          TTSConfig: p.TTSConfig,
        },
        publishes: true,
      });
      return { TaskId: taskId };
    },
  },

  DescribeAIConversation: {
    regions: REGIONS,
    handle: ({ params, world }) => describe(world, CONVERSATION, readParams(params, DESCRIBE_CONVERSATION)),
  },

  UpdateAIConversation: {
    regions: REGIONS,
    handle({ params, world }) {
      const { TaskId, ...changes } = readParams(params, { ...TASK, ...UPDATABLE });
      // "If not filled in, no update will be performed": readParams leaves out what was not given.
      Object.assign(runningTask(world, CONVERSATION, TaskId).settings, changes);
      return {};
    },
  },

  ControlAIConversation: {
    regions: REGIONS,
    handle({ params, world }) {
      const p = readParams(params, CONTROL);
      checkCommand(p);
      const task = runningTask(world, CONVERSATION, p.TaskId);
      const member = p[p.Command as (typeof COMMANDS)[number]]!;
      (task.commands ??= []).push({ time: world.clock.now(), command: p.Command, params: member });
      // The emulator plays a text in no time: a StopAfterPlay ends the conversation at once.
      if (p.ServerPushText?.StopAfterPlay) world.tasks.end(task, "finished");
      return {};
    },
  },

  StopAIConversation: {
    regions: REGIONS,
    handle: ({ params, world }) => stop(world, CONVERSATION, params),
  },

  StartAITranscription: {
    regions: REGIONS,
    roomIdTypes: REVERSED_ROOM_ID_TYPES,
    handle(ctx) {
      const p = readParams(ctx.params, START_TRANSCRIPTION);
      const taskId = startTask(ctx, p, {
        family: TRANSCRIPTION,
        params: p.TranscriptionParams,
        sigName: "TranscriptionParams.UserSig",
        settings: {},
        publishes: false,
      });
      return { TaskId: taskId };
    },
  },

  DescribeAITranscription: {
    regions: REGIONS,
    handle: ({ params, world }) => describe(world, TRANSCRIPTION, readParams(params, DESCRIBE_TRANSCRIPTION)),
  },

  StopAITranscription: {
    regions: REGIONS,
    handle: ({ params, world }) => stop(world, TRANSCRIPTION, params),
  },
};

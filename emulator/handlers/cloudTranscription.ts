// CloudTranscription (a bot that transcribes a room's speech): CreateCloudTranscription,
// DescribeCloudTranscription and DeleteCloudTranscription (TRTC API reference, 2026-04-07; members
// and ranges as the SDK models of 2026-08 document them). The bot only subscribes; the emulator
// recognises no speech, so a transcription runs until deleted, or until its anchors stay away.
import { ApiError, invalidParameter } from "../errors";
import type { ActionDef } from "../family";
import { arrayOf, field, maxItems, nonEmpty, object, oneOf, type Params, range, readParams, ROOM_ID_TYPE, SDK_APP_ID, TASK_ID, USER_ID, USER_SIG } from "../params";
import { readRoom, REVERSED_ROOM_ID_TYPES, type RoomIdTypes } from "../roomIds";
import { checkUserSig } from "../usersig";
import type { World } from "../world";
import type { TaskRecord } from "../world/tasks";

const FAMILY = "CloudTranscription";
const REGIONS = ["ap-guangzhou", "ap-hongkong", "ap-singapore"] as const;
/** "0 indicates an integer type room ID, and 1 indicates a string Room Number." */
export const roomIdTypes: RoomIdTypes = REVERSED_ROOM_ID_TYPES;

const DEFAULT_MAX_IDLE_SECONDS = 30;

const USER = object({ UserId: USER_ID }, true);
const USERS = arrayOf(USER, false);

const TRANSCRIPTION_PARAM = {
  UserId: USER_ID,
  UserSig: USER_SIG,
  SubscribeList: USERS,
  UnSubscribeList: USERS,
  MaxIdleTime: field("integer", false, range(5, 86400)),
  SendCustomMode: field("integer", false, oneOf(0, 1)),
};

/** "word|weight", a word of at most 30 characters and no spaces, weight [1-11] or 100; at most 128, comma-separated. */
function hotWords(list: string, name: string): void {
  const words = list.split(",");
  if (words.length > 128) throw invalidParameter(name, "at most 128 hot words");
  for (const word of words) if (!/^[^\s|,]{1,30}\|(?:[1-9]|1[01]|100)$/.test(word)) throw invalidParameter(name, `"${word}" is not word|weight`);
}

const ASR_PARAM = {
  Lang: field("string", true, nonEmpty),
  VadSilenceTime: field("integer", false, range(240, 2000)),
  HotWordList: field("string", false, hotWords),
  // "At most 4 languages."
  AlternativeLanguage: arrayOf(field("string", true, nonEmpty), false, maxItems(4)),
  VadLevel: field("number", false, range(0, 1)),
  FilterDirty: field("integer", false, oneOf(0, 1, 2)),
  FilterModal: field("integer", false, oneOf(0, 1, 2)),
  FilterPunc: field("integer", false, oneOf(0, 1)),
};

const TERM_PAIR = object({ Source: field("string", true, nonEmpty), Target: field("string", true, nonEmpty) }, true);

const TRANSLATION_PARAM = {
  TargetLang: arrayOf(field("string", true, nonEmpty), false),
  Terminologies: arrayOf(object({ TargetLang: field("string", true, nonEmpty), Terminology: arrayOf(TERM_PAIR, true) }, true), false),
};

const TTS_PARAM = {
  // "Only flow_02_turbo."
  Model: field("string", true, oneOf("flow_02_turbo")),
  Language: field("string", true, nonEmpty),
  TargetUser: USER,
  TTSRobotUser: USER,
  Voice: object({
    VoiceId: field("string", true, nonEmpty),
    Speed: field("number", false, range(0.5, 2)),
    Volume: field("number", false, range(0, 10)),
    Pitch: field("number", false, range(-12, 12)),
  }, true),
};

const CREATE = {
  SdkAppId: SDK_APP_ID,
  RoomId: field("string", true, nonEmpty),
  RoomIdType: ROOM_ID_TYPE,
  TranscriptionParam: object(TRANSCRIPTION_PARAM, true),
  AsrParam: object(ASR_PARAM, true),
  TranslationParam: object(TRANSLATION_PARAM, false),
  TTSParam: arrayOf(object(TTS_PARAM, true), false),
};

const TASK = { SdkAppId: SDK_APP_ID, TaskId: TASK_ID };

/** "The TTS language must be in TranslationParam's TargetLang"; its anchor "must be in the allowlist and not in the blocklist". */
function checkTts(p: Params<typeof CREATE>): void {
  const { SubscribeList, UnSubscribeList } = p.TranscriptionParam;
  const listed = (list: { UserId: string }[] | undefined, user: string) => list?.some((u) => u.UserId === user) ?? false;
  p.TTSParam?.forEach((tts, i) => {
    if (!(p.TranslationParam?.TargetLang ?? []).includes(tts.Language)) throw invalidParameter(`TTSParam.${i}.Language`, "must be in TranslationParam.TargetLang");
    const user = tts.TargetUser.UserId;
    if ((SubscribeList && !listed(SubscribeList, user)) || listed(UnSubscribeList, user)) {
      throw invalidParameter(`TTSParam.${i}.TargetUser`, "must be in SubscribeList, if given, and not in UnSubscribeList");
    }
  });
}

/** "Effective only when the transcription task is in process. Querying after termination will return an error." */
function runningTask(world: World, p: { SdkAppId: number; TaskId: string }): TaskRecord {
  const task = world.tasks.findActive(FAMILY, p.SdkAppId, p.TaskId);
  if (!task) throw new ApiError("ResourceNotFound", "The transcription task does not exist or has ended.");
  return task;
}

export const actions: Record<string, ActionDef> = {
  CreateCloudTranscription: {
    regions: REGIONS,
    handle({ action, params, world }) {
      const p = readParams(params, CREATE);
      const room = readRoom(p.SdkAppId, p.RoomId, p.RoomIdType, roomIdTypes);
      const bot = p.TranscriptionParam;
      checkUserSig(world, p.SdkAppId, bot.UserId, bot.UserSig, "TranscriptionParam.UserSig");
      checkTts(p);
      // The UserId "must not repeat one already used by TRTC or another transcription": an anchor
      // in the room makes it invalid; another task's bot is refused by the task store.
      if (world.rooms.present(room).includes(bot.UserId)) throw invalidParameter("TranscriptionParam.UserId", `user ${bot.UserId} is already in room ${p.RoomId}`);
      const task = world.tasks.start({
        family: FAMILY,
        action,
        ...room,
        userId: bot.UserId,
        params: { ...params },
        settings: {},
        lifetimeMs: undefined,
        publishes: false,
        idleTimeoutMs: (bot.MaxIdleTime ?? DEFAULT_MAX_IDLE_SECONDS) * 1000,
      });
      return { TaskId: task.taskId };
    },
  },

  DescribeCloudTranscription: {
    regions: REGIONS,
    handle({ params, world }) {
      const task = runningTask(world, readParams(params, TASK));
      // Of Idle / InProgress / Exited, a running task is InProgress: ending is instant here.
      return { StartTime: task.startedAt, Status: "InProgress", TaskId: task.taskId };
    },
  },

  DeleteCloudTranscription: {
    regions: REGIONS,
    handle({ params, world }) {
      const task = runningTask(world, readParams(params, TASK));
      world.tasks.end(task, "stopped");
      return { TaskId: task.taskId };
    },
  },
};

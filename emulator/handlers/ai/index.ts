// AI conversations and transcriptions: StartAIConversation, DescribeAIConversation,
// UpdateAIConversation, ControlAIConversation, StopAIConversation, StartAITranscription,
// DescribeAITranscription and StopAITranscription (TRTC API reference), as bots in the world's
// rooms. What each API takes is in ./params.ts; LLMConfig and TTSConfig in ./configs.ts.
import { ApiError, invalidParameter, missingParameter } from "../../errors";
import type { ActionDef, HandlerContext } from "../../family";
import { type Params, readParams } from "../../params";
import { readRoom, type RoomIdTypes, REVERSED_ROOM_ID_TYPES } from "../../roomIds";
import { checkUserSig } from "../../usersig";
import type { World } from "../../world";
import { sameRoom } from "../../world/rooms";
import type { TaskRecord } from "../../world/tasks";
import { BOT, checkCommand, COMMANDS, CONTROL, DESCRIBE_CONVERSATION, DESCRIBE_TRANSCRIPTION, START_TRANSCRIPTION, startConversation, TASK, UPDATABLE } from "./params";

const CONVERSATION = "AIConversation";
const TRANSCRIPTION = "AITranscription";
type AiFamily = typeof CONVERSATION | typeof TRANSCRIPTION;
const REGIONS = ["ap-guangzhou", "ap-singapore", "ap-tokyo", "na-siliconvalley"] as const;
/** The Starts' RoomIdType: 0 a numeric room (the default), 1 a string room. */
export const roomIdTypes: RoomIdTypes = REVERSED_ROOM_ID_TYPES;

// Documented defaults.
const DEFAULT_MAX_IDLE_SECONDS = 60;
const DEFAULT_INTERRUPT_SPEECH_MS = 500;
// The emulator's own timings, in virtual time (the documents give none): how long a new task is
// Preparing, and how long a stopped one is still described as Stopped while it cleans up.
const PREPARING_MS = 1000;
const STOPPED_MS = 5000;

// Tasks and their states.

type AiStatus = "Preparing" | "Idle" | "InProgress" | "Stopped";

/** Whom a task serves: the conversation's user, the transcription's chosen users; undefined for everyone in the room. */
function targets(task: TaskRecord): string[] | undefined {
  if (task.family === CONVERSATION) return [readParams(task.params, startConversation(false)).AgentConfig.TargetUserId];
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
  const room = readRoom(p.SdkAppId, p.RoomId, p.RoomIdType, roomIdTypes);
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
    handle(ctx) {
      const p = readParams(ctx.params, startConversation(!ctx.world.aiConfigsOptional));
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

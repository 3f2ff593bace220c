// StreamIngest (pull an online media stream into a room): StartStreamIngest, DescribeStreamIngest,
// UpdateStreamIngest, StopStreamIngest (TRTC API reference; StopStreamIngest's page of 2025-11).
import { ApiError, outOfRange } from "../errors";
import type { ActionDef } from "../family";
import {
  atLeast,
  field,
  mediaUrl,
  oneOf,
  PRIVATE_MAP_KEY,
  range,
  readParams,
  ROOM_ID_TYPE,
  SDK_APP_ID,
  TASK_ID,
  USER_ID,
  USER_SIG,
} from "../params";
import { type RoomIdTypes, TRTC_ROOM_ID_TYPES } from "../roomIds";
import type { World } from "../world";
import type { TaskRecord } from "../world/tasks";
import { readBotStart } from "./bot";

const FAMILY = "StreamIngest";
const START_UPDATE_REGIONS = ["ap-bangkok", "ap-guangzhou", "ap-jakarta", "ap-mumbai", "ap-singapore", "ap-tokyo"] as const;
const DESCRIBE_STOP_REGIONS = ["ap-bangkok", "ap-jakarta", "ap-mumbai", "ap-singapore"] as const;
/** StartStreamIngest's RoomIdType: 1 an integer room, 0 a string room. */
export const roomIdTypes: RoomIdTypes = TRTC_ROOM_ID_TYPES;

// The deprecated SourceUrl, VideoEncodeParams and AudioEncodeParams are absent from the current
// parameter list, so they answer UnknownParameter like any other undocumented name.
// "Playback speed, default 1.0: 0.5, 0.75, 1.0, 1.25, 1.5, 1.75 or 2.0" (StartStreamIngest in the SDK's models).
const TEMPO = field("number", false, oneOf(0.5, 0.75, 1, 1.25, 1.5, 1.75, 2));

const START = {
  SdkAppId: SDK_APP_ID,
  RoomId: field("string", true),
  RoomIdType: ROOM_ID_TYPE,
  UserId: USER_ID,
  UserSig: USER_SIG,
  // Documented as optional only because the deprecated SourceUrl was the alternative.
  StreamUrl: field("string", true, mediaUrl),
  PrivateMapKey: PRIVATE_MAP_KEY,
  SeekSecond: field("integer", false, atLeast(0)),
  AutoPush: field("boolean", false),
  RepeatNum: field("integer", false, (value, name) => {
    if (value === 0 || value < -1 || value > 1000) throw outOfRange(name, "must be -1 or within [1, 1000]");
  }),
  MaxDuration: field("integer", false, range(1, 10080)),
  Volume: field("integer", false, range(0, 100)),
  EnableProgress: field("boolean", false),
  Tempo: TEMPO,
  // Taken and kept; the emulator's media never stalls, so its tasks are never idle.
  IdleTimeout: field("integer", false, range(0, 600)),
};

const TASK = { SdkAppId: SDK_APP_ID, TaskId: TASK_ID };

const UPDATE = {
  ...TASK,
  StreamUrl: field("string", false, mediaUrl),
  Volume: field("integer", false, range(0, 100)),
  IsPause: field("boolean", false),
  EnableProgress: field("boolean", false),
  Tempo: TEMPO,
};

/** How long a task plays by itself: RepeatNum plays of the media (the first from SeekSecond), or MaxDuration minutes when looping. */
function lifetimeMs(repeatNum: number, seekSecond: number, maxDurationMinutes: number | undefined, mediaSeconds: number, tempo: number): number | undefined {
  if (repeatNum === -1) return maxDurationMinutes === undefined ? undefined : maxDurationMinutes * 60_000;
  return ((repeatNum * mediaSeconds - Math.min(seekSecond, mediaSeconds)) * 1000) / tempo;
}

function runningTask(world: World, p: { SdkAppId: number; TaskId: string }): TaskRecord | undefined {
  return world.tasks.findActive(FAMILY, p.SdkAppId, p.TaskId);
}

export const actions: Record<string, ActionDef> = {
  StartStreamIngest: {
    regions: START_UPDATE_REGIONS,
    handle(ctx) {
      const { p, bot } = readBotStart(ctx, FAMILY, START, roomIdTypes);
      const repeatNum = p.RepeatNum ?? 1;
      if (p.MaxDuration !== undefined && repeatNum !== -1) throw outOfRange("MaxDuration", "only allowed with RepeatNum -1");
      const task = ctx.world.tasks.start({
        ...bot,
        settings: { StreamUrl: p.StreamUrl, Volume: p.Volume ?? 100, IsPause: false, EnableProgress: p.EnableProgress ?? false, Tempo: p.Tempo ?? 1, ...(p.IdleTimeout !== undefined && { IdleTimeout: p.IdleTimeout }) },
        lifetimeMs: lifetimeMs(repeatNum, p.SeekSecond ?? 0, p.MaxDuration, ctx.world.mediaDurationSeconds, p.Tempo ?? 1),
      });
      return { TaskId: task.taskId };
    },
  },

  DescribeStreamIngest: {
    regions: DESCRIBE_STOP_REGIONS,
    handle({ params, world }) {
      return { Status: runningTask(world, readParams(params, TASK)) ? "InProgress" : "NotExist" };
    },
  },

  UpdateStreamIngest: {
    regions: START_UPDATE_REGIONS,
    handle({ params, world }) {
      const { SdkAppId, TaskId, ...changes } = readParams(params, UPDATE);
      const task = runningTask(world, { SdkAppId, TaskId });
      if (!task) throw new ApiError("FailedOperation.TaskNotExist", "The task does not exist.");
      // A new speed plays the rest of the media in proportion; a looping task's MaxDuration is wall time.
      const tempo = task.settings.Tempo as number;
      if (changes.Tempo !== undefined && task.endsAt !== undefined && task.params.RepeatNum !== -1) {
        const now = world.clock.now();
        task.endsAt = now + ((task.endsAt - now) * tempo) / changes.Tempo;
      }
      // readParams leaves out absent fields, so only what the call names changes.
      Object.assign(task.settings, changes);
      return { Status: "InProgress" };
    },
  },

  StopStreamIngest: {
    regions: DESCRIBE_STOP_REGIONS,
    handle({ params, world }) {
      const task = runningTask(world, readParams(params, TASK));
      if (!task) throw new ApiError("FailedOperation.TaskFinished", "The task has already ended.");
      world.tasks.end(task, "stopped");
      return {};
    },
  },
};

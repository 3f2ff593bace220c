// Cloud recording (record a room's streams to COS or VOD): CreateCloudRecording,
// DescribeCloudRecording, ModifyCloudRecording and DeleteCloudRecording (TRTC API reference), with
// their error codes. The parameter tables are in ./params.ts, the files a recording writes in ./files.ts.
import { ApiError } from "../../errors";
import type { ActionDef } from "../../family";
import { readParams } from "../../params";
import { type RoomIdTypes, TRTC_ROOM_ID_TYPES } from "../../roomIds";
import type { World } from "../../world";
import type { TaskRecord } from "../../world/tasks";
import { readBotStart } from "../bot";
import { storageFiles } from "./files";
import { canvasOf, checkFitsCanvas, CREATE, MODIFY, startParams, TASK } from "./params";

const FAMILY = "CloudRecording";
const REGIONS = ["ap-beijing", "ap-guangzhou", "ap-mumbai", "ap-shanghai", "ap-singapore"] as const;
/** CreateCloudRecording's RoomIdType: 1 an integer room (the default), 0 a string room. */
export const roomIdTypes: RoomIdTypes = TRTC_ROOM_ID_TYPES;

// Documented defaults.
const DEFAULT_MAX_IDLE_SECONDS = 30;
const DEFAULT_RESOURCE_EXPIRED_HOURS = 72;
const GRID_LAYOUT = 3;

/**
 * The running task Describe, Modify and Delete can reach. An ended or unknown task answers
 * ResourceNotFound, the only not-found code the three APIs document; so does one past its
 * ResourceExpiredHour, which keeps recording but takes no more calls.
 */
function reachableTask(world: World, p: { SdkAppId: number; TaskId: string }): TaskRecord {
  const task = world.tasks.findActive(FAMILY, p.SdkAppId, p.TaskId);
  const hours = task && (startParams(task).ResourceExpiredHour ?? DEFAULT_RESOURCE_EXPIRED_HOURS);
  if (task && hours && world.clock.now() < task.startedAt + hours * 3_600_000) return task;
  throw new ApiError("ResourceNotFound", "The recording task does not exist, has ended, or is past its ResourceExpiredHour.");
}

export const actions: Record<string, ActionDef> = {
  CreateCloudRecording: {
    regions: REGIONS,
    handle(ctx) {
      const { world } = ctx;
      const { p, bot } = readBotStart(ctx, FAMILY, CREATE, roomIdTypes);
      if (p.MixLayoutParams) checkFitsCanvas(p.MixLayoutParams, canvasOf(p));
      // The bot "cannot be identical to the user IDs of anchors in the room or other recording
      // robots": a user in the room makes the UserId invalid; another task's bot is refused by the
      // task store with FailedOperation.TaskExist.
      if (world.rooms.present(bot).includes(p.UserId)) throw new ApiError("InvalidParameter.UserId", `User ${p.UserId} is already in room ${p.RoomId}.`);
      const running = world.tasks.list().filter((t) => t.family === FAMILY && t.status === "InProgress" && t.sdkAppId === p.SdkAppId);
      if (running.length >= world.maxConcurrentRecordings) {
        throw new ApiError("FailedOperation.RestrictedConcurrency", `SdkAppId ${p.SdkAppId} already runs ${running.length} recordings, its limit.`);
      }
      const task = world.tasks.start({
        ...bot,
        settings: { MixLayoutParams: p.MixLayoutParams ?? { MixLayoutMode: GRID_LAYOUT }, SubscribeStreamUserIds: p.RecordParams.SubscribeStreamUserIds ?? {} },
        lifetimeMs: undefined,
        // The recording bot only subscribes: it never keeps a room from being idle.
        publishes: false,
        idleTimeoutMs: (p.RecordParams.MaxIdleTime ?? DEFAULT_MAX_IDLE_SECONDS) * 1000,
      });
      return { TaskId: task.taskId };
    },
  },

  DescribeCloudRecording: {
    regions: REGIONS,
    handle({ params, world }) {
      const task = reachableTask(world, readParams(params, TASK));
      // Of the documented Idle / InProgress / Exited, a reachable task is always InProgress: ending is instant here.
      return { TaskId: task.taskId, Status: "InProgress", StorageFileList: storageFiles(world, task) };
    },
  },

  ModifyCloudRecording: {
    regions: REGIONS,
    handle({ params, world }) {
      const { SdkAppId, TaskId, ...changes } = readParams(params, MODIFY);
      const task = reachableTask(world, { SdkAppId, TaskId });
      if (changes.MixLayoutParams) checkFitsCanvas(changes.MixLayoutParams, canvasOf(startParams(task)));
      // "Specify all the parameters for each request": a structure given replaces the current
      // one whole; one left out stays as it is.
      Object.assign(task.settings, changes);
      return { TaskId };
    },
  },

  DeleteCloudRecording: {
    regions: REGIONS,
    handle({ params, world }) {
      const task = reachableTask(world, readParams(params, TASK));
      world.tasks.end(task, "stopped");
      return { TaskId: task.taskId };
    },
  },
};

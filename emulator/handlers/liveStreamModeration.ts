// LiveStreamModeration (AI content understanding of a live stream TRTC pulls):
// CreateLiveStreamModeration, DescribeLiveStreamModeration and DeleteLiveStreamModeration (TRTC
// API reference, mainland site, 2026-07-29; members and ranges from the SDK models of 2026-08). A
// task is in no room and has no bot: the emulator pulls no stream, so a task runs until deleted or
// until ResourceExpiredHour.
import { ApiError, invalidParameter, missingParameter } from "../errors";
import type { ActionDef } from "../family";
import { ANCHOR_ID, arrayOf, CLOUD_STORAGE, field, matching, mediaUrl, nonEmpty, object, oneOf, type Params, range, readParams, SDK_APP_ID, TASK_ID } from "../params";
import { checkRoom, TRTC_ROOM_ID_TYPES } from "../roomIds";
import type { World } from "../world";
import type { TaskRecord } from "../world/tasks";

const FAMILY = "LiveStreamModeration";
const REGIONS = ["ap-shanghai"] as const;

const DEFAULT_RESOURCE_EXPIRED_HOURS = 48;

/** "Character length less than 2048". */
function streamUrl(value: string, name: string): void {
  mediaUrl(value, name);
  if (value.length >= 2048) throw invalidParameter(name, "must be less than 2048 characters");
}

const AGORA_PARAM = {
  AppId: field("string", false),
  Channel: field("string", false),
  ChannelProfile: field("integer", false, oneOf(0, 1)),
  Token: field("string", false),
  Uid: field("integer", false),
  TrustedUserIdList: arrayOf(field("integer", true), false),
  UntrustedUserIdList: arrayOf(field("integer", true), false),
};

const INPUT = {
  Url: field("string", false, streamUrl),
  Format: field("string", false, oneOf("rtmp")),
  AgoraParam: object(AGORA_PARAM, false),
};

/** Both members are optional, but a task pulls one stream: a URL or an Agora channel. */
function oneSource(input: Params<typeof INPUT>, name: string): void {
  if (input.Url === undefined && input.AgoraParam === undefined) throw missingParameter(`${name}.Url`);
  if (input.Url !== undefined && input.AgoraParam !== undefined) throw invalidParameter(name, "give Url or AgoraParam, not both");
}

const MODERATION_PARAMS = {
  ModerationType: field("integer", false, oneOf(1, 2, 3)),
  MaxIdleTime: field("integer", false, range(30, 1800)),
  SliceVideo: field("integer", false, range(1, 60)),
  SliceAudio: field("integer", false, range(5, 60)),
  SaveModerationFile: field("integer", false, oneOf(0, 1, 2)),
  CallbackAllResults: field("integer", false, oneOf(0, 1)),
};

/** CloudModerationStorage: recording storage's members, with Alibaba Cloud OSS (2) besides COS and AWS S3. */
const MODERATION_STORAGE = { ...CLOUD_STORAGE, Vendor: field("integer", true, oneOf(0, 1, 2)) };

const SOURCE_INFO = { RoomId: field("string", false, nonEmpty), RoomIdType: field("integer", false, oneOf(0, 1)), UserId: ANCHOR_ID };

/** SourceInfo's RoomIdType: "0 string room number, 1 numeric room number"; the room is only passed to the callback. */
function sourceRoom(info: Params<typeof SOURCE_INFO>): void {
  if (info.RoomId !== undefined) checkRoom(info.RoomId, info.RoomIdType ?? TRTC_ROOM_ID_TYPES.integer, TRTC_ROOM_ID_TYPES);
}

const CREATE = {
  SdkAppId: SDK_APP_ID,
  Input: object(INPUT, true, oneSource),
  LiveModerationParams: object(MODERATION_PARAMS, true),
  // "Length limit 60 characters."
  DataId: field("string", false, matching(/^.{1,60}$/su, "1 to 60 characters")),
  SourceInfo: object(SOURCE_INFO, false, sourceRoom),
  LiveModerationStorageParams: object({ CloudModerationStorage: object(MODERATION_STORAGE, false) }, false),
  ResourceExpiredHour: field("integer", false, range(1, 72)),
};

const TASK = { SdkAppId: SDK_APP_ID, TaskId: TASK_ID };

/** "Only valid while the task runs; querying after it exits returns an error." */
function runningTask(world: World, p: { SdkAppId: number; TaskId: string }): TaskRecord {
  const task = world.tasks.findActive(FAMILY, p.SdkAppId, p.TaskId);
  if (!task) throw new ApiError("ResourceNotFound", "The live stream moderation task does not exist or has ended.");
  return task;
}

export const actions: Record<string, ActionDef> = {
  CreateLiveStreamModeration: {
    regions: REGIONS,
    handle({ action, params, world }) {
      const p = readParams(params, CREATE);
      const task = world.tasks.startRoomless({
        family: FAMILY,
        action,
        sdkAppId: p.SdkAppId,
        params: { ...params },
        lifetimeMs: (p.ResourceExpiredHour ?? DEFAULT_RESOURCE_EXPIRED_HOURS) * 3_600_000,
      });
      return { TaskId: task.taskId };
    },
  },

  DescribeLiveStreamModeration: {
    regions: REGIONS,
    handle({ params, world }) {
      const task = runningTask(world, readParams(params, TASK));
      return { TaskId: task.taskId, Status: "InProgress" };
    },
  },

  DeleteLiveStreamModeration: {
    regions: REGIONS,
    handle({ params, world }) {
      const task = runningTask(world, readParams(params, TASK));
      world.tasks.end(task, "stopped");
      return { TaskId: task.taskId };
    },
  },
};

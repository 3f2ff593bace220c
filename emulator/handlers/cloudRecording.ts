// Cloud recording (record a room's streams to COS or VOD): CreateCloudRecording,
// DescribeCloudRecording, ModifyCloudRecording, DeleteCloudRecording, as documented in seed doc
// 001 (lines 15725-16821; data types from line 18157, error codes from line 20439).
import { ApiError, invalidParameter, missingParameter, outOfRange } from "../errors";
import type { ActionDef } from "../family";
import {
  ANCHOR_ID,
  arrayOf,
  atLeast,
  CLOUD_STORAGE,
  field,
  imageUrl,
  matching,
  maxItems,
  nonEmpty,
  object,
  oneOf,
  type Params,
  PRIVATE_MAP_KEY,
  range,
  readParams,
  SDK_APP_ID,
  TASK_ID,
  TENCENT_VOD,
  USER_ID,
  USER_ID_OR_PREFIX,
  USER_SIG,
} from "../params";
import { readRoom, TRTC_ROOM_ID_TYPES } from "../roomIds";
import { checkUserSig } from "../usersig";
import type { World } from "../world";
import type { TaskRecord } from "../world/tasks";

const FAMILY = "CloudRecording";
const REGIONS = ["ap-beijing", "ap-guangzhou", "ap-mumbai", "ap-shanghai", "ap-singapore"] as const;

// Documented defaults.
const DEFAULT_MAX_IDLE_SECONDS = 30;
const DEFAULT_RESOURCE_EXPIRED_HOURS = 72;
const GRID_LAYOUT = 3;
/** VideoParams Width and Height: the canvas windows and watermarks must fit in. */
const DEFAULT_CANVAS = { Width: 360, Height: 640 };

// The data types, innermost first.

const USER_IDS = arrayOf(USER_ID_OR_PREFIX, false, maxItems(32));

const SUBSCRIBE_STREAM_USER_IDS = {
  SubscribeAudioUserIds: USER_IDS,
  UnSubscribeAudioUserIds: USER_IDS,
  SubscribeVideoUserIds: USER_IDS,
  UnSubscribeVideoUserIds: USER_IDS,
};

type Subscriptions = Params<typeof SUBSCRIBE_STREAM_USER_IDS>;

/** "You cannot specify an allowlist and a blocklist for audio/video subscription at the same time." */
function allowOrBlock(lists: Subscriptions, name: string): void {
  if (lists.SubscribeAudioUserIds && lists.UnSubscribeAudioUserIds) throw invalidParameter(name, "give an audio allowlist or blocklist, not both");
  if (lists.SubscribeVideoUserIds && lists.UnSubscribeVideoUserIds) throw invalidParameter(name, "give a video allowlist or blocklist, not both");
}

const RECORD_PARAMS = {
  RecordMode: field("integer", true, oneOf(1, 2)),
  MaxIdleTime: field("integer", false, range(5, 86400)),
  // Documented optional (default 0), although the error list carries MissingParameter.StreamType.
  StreamType: field("integer", false, oneOf(0, 1, 2)),
  SubscribeStreamUserIds: object(SUBSCRIBE_STREAM_USER_IDS, false, allowOrBlock),
  OutputFormat: field("integer", false, oneOf(0, 1, 2, 3, 4)),
  AvMerge: field("integer", false, oneOf(0, 1)),
  MaxMediaFileDuration: field("integer", false, range(1, 1440)),
  MediaId: field("integer", false, oneOf(0, 1, 2)),
};

const STORAGE_PARAMS = {
  CloudStorage: object(CLOUD_STORAGE, false),
  CloudVod: object({ TencentVod: object(TENCENT_VOD, false) }, false),
};

/** Both members are documented optional, but files go to "VOD or COS": exactly one of them. */
function oneStorage(storage: Params<typeof STORAGE_PARAMS>, name: string): void {
  if (!storage.CloudStorage && !storage.CloudVod) throw missingParameter(`${name}.CloudStorage`);
  if (storage.CloudStorage && storage.CloudVod) throw invalidParameter(name, "give CloudStorage or CloudVod, not both");
}

const VIDEO_PARAMS = {
  Width: field("integer", true, range(1, 1920)),
  Height: field("integer", true, range(1, 1920)),
  Fps: field("integer", true, range(1, 60)),
  BitRate: field("integer", true, range(64000, 8192000)),
  Gop: field("integer", true, atLeast(1)),
};

const MIX_TRANSCODE_PARAMS = {
  VideoParams: object(VIDEO_PARAMS, false, (video, name) => {
    if (video.Width * video.Height > 1920 * 1080) throw outOfRange(name, "Width x Height must not exceed 1920 x 1080");
  }),
  AudioParams: object(
    {
      SampleRate: field("integer", true, oneOf(1, 2, 3)),
      Channel: field("integer", true, oneOf(1, 2)),
      BitRate: field("integer", true, range(32000, 128000)),
    },
    false,
  ),
};

const RENDER_MODE = field("integer", false, oneOf(0, 1, 2, 3));
/** Window and watermark coordinates; how far they may reach is checked against the canvas. */
const coordinate = (max: number) => field("integer", true, range(0, max));

const MIX_LAYOUT = {
  Top: coordinate(1920),
  Left: coordinate(1920),
  Width: coordinate(1920),
  Height: coordinate(1920),
  UserId: ANCHOR_ID,
  Alpha: field("integer", false, range(0, 255)),
  RenderMode: RENDER_MODE,
  MediaId: field("integer", false, oneOf(0, 1)),
  ImageLayer: field("integer", false, atLeast(0)),
  SubBackgroundImage: field("string", false, imageUrl),
};

const WATER_MARK_IMAGE = {
  WaterMarkUrl: field("string", true, imageUrl),
  Top: coordinate(2560),
  Left: coordinate(2560),
  Width: coordinate(2560),
  Height: coordinate(2560),
};

const WATER_MARK_CHAR = {
  Top: field("integer", true, atLeast(0)),
  Left: field("integer", true, atLeast(0)),
  Width: field("integer", true, atLeast(0)),
  Height: field("integer", true, atLeast(0)),
  Chars: field("string", true, nonEmpty),
  FontSize: field("integer", false, atLeast(1)),
  FontColor: field("string", false),
  BackGroundColor: field("string", false),
};

const WATER_MARK = {
  WaterMarkType: field("integer", false, oneOf(0, 1, 2)),
  WaterMarkImage: object(WATER_MARK_IMAGE, false),
  WaterMarkChar: object(WATER_MARK_CHAR, false),
  WaterMarkTimestamp: object({ Pos: field("integer", true, oneOf(0, 1, 2, 3, 4, 5, 6)), TimeZone: field("integer", false) }, false),
};

/** The member each WaterMarkType (0 image, the default; 1 text; 2 timestamp) requires. */
const WATER_MARK_CONTENT = ["WaterMarkImage", "WaterMarkChar", "WaterMarkTimestamp"] as const;

const MIX_LAYOUT_PARAMS = {
  MixLayoutMode: field("integer", true, oneOf(1, 2, 3, 4)),
  MixLayoutList: arrayOf(object(MIX_LAYOUT, true), false, maxItems(25)),
  BackGroundColor: field("string", false, matching(/^#[0-9A-Fa-f]{6}$/, "# and six hexadecimal digits")),
  MaxResolutionUserId: ANCHOR_ID,
  MediaId: field("integer", false, oneOf(0, 1)),
  // "The URL of the background image, which cannot contain Chinese characters."
  BackgroundImageUrl: field("string", false, (url, name) => {
    imageUrl(url, name);
    if (/[\u4e00-\u9fff]/.test(url)) throw invalidParameter(name, "must not contain Chinese characters");
  }),
  PlaceHolderMode: field("integer", false, oneOf(0, 1)),
  BackgroundImageRenderMode: RENDER_MODE,
  DefaultSubBackgroundImage: field("string", false, imageUrl),
  WaterMarkList: arrayOf(
    object(WATER_MARK, true, (mark, name) => {
      const content = WATER_MARK_CONTENT[mark.WaterMarkType ?? 0]!;
      if (!mark[content]) throw missingParameter(`${name}.${content}`);
    }),
    false,
    maxItems(25),
  ),
  RenderMode: RENDER_MODE,
  MaxResolutionUserAlign: field("integer", false, oneOf(0, 1)),
};

type Layout = Params<typeof MIX_LAYOUT_PARAMS>;

/** "Custom: specify the layout of videos by using the MixLayoutList parameter." */
const MIX_LAYOUT_PARAMS_FIELD = object(MIX_LAYOUT_PARAMS, false, (layout, name) => {
  if (layout.MixLayoutMode === 4 && !layout.MixLayoutList) throw missingParameter(`${name}.MixLayoutList`);
});
type Canvas = typeof DEFAULT_CANVAS;

/** "The value cannot be larger than the canvas" and "the sum of ... cannot exceed the canvas": windows and image watermarks must fit. */
function checkFitsCanvas(layout: Layout, canvas: Canvas): void {
  const rects = [
    ...(layout.MixLayoutList ?? []).map((rect, i) => ({ rect, name: `MixLayoutParams.MixLayoutList.${i}` })),
    ...(layout.WaterMarkList ?? []).flatMap(({ WaterMarkImage: rect }, i) => (rect ? [{ rect, name: `MixLayoutParams.WaterMarkList.${i}.WaterMarkImage` }] : [])),
  ];
  for (const { rect, name } of rects) {
    if (rect.Left + rect.Width > canvas.Width || rect.Top + rect.Height > canvas.Height) {
      throw outOfRange(name, `must fit in the ${canvas.Width} x ${canvas.Height} canvas`);
    }
  }
}

// The APIs' parameter tables.

const CREATE = {
  SdkAppId: SDK_APP_ID,
  RoomId: field("string", true),
  UserId: USER_ID,
  UserSig: USER_SIG,
  RecordParams: object(RECORD_PARAMS, true),
  StorageParams: object(STORAGE_PARAMS, true, oneStorage),
  RoomIdType: field("integer", false, oneOf(0, 1)),
  MixTranscodeParams: object(MIX_TRANSCODE_PARAMS, false),
  MixLayoutParams: MIX_LAYOUT_PARAMS_FIELD,
  ResourceExpiredHour: field("integer", false, range(6, 720)),
  PrivateMapKey: PRIVATE_MAP_KEY,
};

const TASK = { SdkAppId: SDK_APP_ID, TaskId: TASK_ID };

/** What Modify changes; a task's `settings` hold the current values, defaults filled in. */
const MODIFIABLE = {
  MixLayoutParams: MIX_LAYOUT_PARAMS_FIELD,
  SubscribeStreamUserIds: object(SUBSCRIBE_STREAM_USER_IDS, false, allowOrBlock),
};

const MODIFY = { ...TASK, ...MODIFIABLE };

type StartParams = Params<typeof CREATE>;

/** The task's Create request, typed again (it was validated when the task started). */
function startParams(task: TaskRecord): StartParams {
  return readParams(task.params, CREATE);
}

function canvasOf(start: StartParams): Canvas {
  return start.MixTranscodeParams?.VideoParams ?? DEFAULT_CANVAS;
}

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

// Recording files, as Describe lists them.

type TrackType = "audio" | "video" | "audio_video";

interface StorageFile {
  /** Empty for mixed-stream recording. */
  UserId: string;
  FileName: string;
  TrackType: TrackType;
  /** Unix time in milliseconds, on the emulator's virtual clock. */
  BeginTimeStamp: number;
}

/** By StreamType: 0 audio and video, 1 audio only, 2 video only. */
const STREAM_TRACK: readonly TrackType[] = ["audio_video", "audio", "video"];
/** By OutputFormat: HLS, HLS + MP4, HLS + AAC, MP4, AAC; the first format named is the file being written. */
const COS_EXTENSION = ["m3u8", "m3u8", "m3u8", "mp4", "aac"] as const;

/** A user id matches an exact id, or a prefix written as `prefix.*$`. */
function listed(userId: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => p === userId || (p.endsWith(".*$") && userId.startsWith(p.slice(0, -3))));
}

/** An empty or absent allowlist lets everyone through the blocklist. */
function admitted(userId: string, allow: readonly string[] = [], block: readonly string[] = []): boolean {
  return allow.length > 0 ? listed(userId, allow) : !listed(userId, block);
}

function subscribed(lists: Subscriptions, userId: string, track: TrackType): boolean {
  const audio = admitted(userId, lists.SubscribeAudioUserIds, lists.UnSubscribeAudioUserIds);
  const video = admitted(userId, lists.SubscribeVideoUserIds, lists.UnSubscribeVideoUserIds);
  return track === "audio" ? audio : track === "video" ? video : audio || video;
}

/**
 * A deterministic model of the files a running recording has written so far. VOD storage lists
 * none: files reach VOD by upload, which the doc says Describe does not show. Mixed-stream
 * recording writes one file from the moment it starts. Single-stream recording writes, for every
 * stay of an anchor in the room that overlaps the recording, one file per track (audio and video
 * apart unless AvMerge is 1), for users the current subscription lists admit. A file is listed
 * once virtual time has passed its beginning.
 */
function storageFiles(world: World, task: TaskRecord): StorageFile[] {
  const start = startParams(task);
  if (!start.StorageParams.CloudStorage) return [];
  const now = world.clock.now();
  const record = start.RecordParams;
  const streamTrack = STREAM_TRACK[record.StreamType ?? 0]!;
  const extension = COS_EXTENSION[record.OutputFormat ?? 0];
  const base = `${task.sdkAppId}_${task.roomId}`;
  if (record.RecordMode === 2) {
    return task.startedAt < now ? [{ UserId: "", FileName: `${base}.${extension}`, TrackType: streamTrack, BeginTimeStamp: task.startedAt }] : [];
  }
  const tracks: TrackType[] = streamTrack === "audio_video" && record.AvMerge !== 1 ? ["audio", "video"] : [streamTrack];
  const lists = readParams(task.settings, MODIFIABLE).SubscribeStreamUserIds ?? {};
  return world.tasks.anchors(task).flatMap(({ userId, since, until }) => {
    const begin = Math.max(since, task.startedAt);
    if (begin >= now || (until !== undefined && until <= task.startedAt)) return [];
    return tracks
      .filter((track) => subscribed(lists, userId, track))
      .map((track) => ({ UserId: userId, FileName: `${base}__UserId_s_${userId}__UserId_e_${track}_${begin}.${extension}`, TrackType: track, BeginTimeStamp: begin }));
  });
}

export const actions: Record<string, ActionDef> = {
  CreateCloudRecording: {
    regions: REGIONS,
    roomIdTypes: TRTC_ROOM_ID_TYPES,
    handle({ action, params, world }) {
      const p = readParams(params, CREATE);
      const room = readRoom(p.SdkAppId, p.RoomId, p.RoomIdType, TRTC_ROOM_ID_TYPES);
      checkUserSig(world, p.SdkAppId, p.UserId, p.UserSig);
      if (p.MixLayoutParams) checkFitsCanvas(p.MixLayoutParams, canvasOf(p));
      // The bot "cannot be identical to the user IDs of anchors in the room or other recording
      // robots": a user in the room makes the UserId invalid; another task's bot is refused by the
      // task store with FailedOperation.TaskExist.
      if (world.rooms.present(room).includes(p.UserId)) throw new ApiError("InvalidParameter.UserId", `User ${p.UserId} is already in room ${p.RoomId}.`);
      const running = world.tasks.list().filter((t) => t.family === FAMILY && t.status === "InProgress" && t.sdkAppId === p.SdkAppId);
      if (running.length >= world.maxConcurrentRecordings) {
        throw new ApiError("FailedOperation.RestrictedConcurrency", `SdkAppId ${p.SdkAppId} already runs ${running.length} recordings, its limit.`);
      }
      const task = world.tasks.start({
        family: FAMILY,
        action,
        ...room,
        userId: p.UserId,
        params: { ...params },
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

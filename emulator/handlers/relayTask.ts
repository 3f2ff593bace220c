// Mix-and-relay to CDN (MCU): StartPublishCdnStream, UpdatePublishCdnStream, StopPublishCdnStream,
// as documented in seed doc 001 (lines 2143-4676; the Mcu* data types from line 18157, error codes
// from line 20439), with the newer members of the official SDK's models (McuRecordParams,
// SoundLevel, TransparentUrl, ...). The family has no Describe API.
import { isDeepStrictEqual } from "node:util";
import { ApiError, invalidParameter, missingParameter, outOfRange } from "../errors";
import type { ActionDef } from "../family";
import {
  arrayOf,
  atLeast,
  type Check,
  CLOUD_STORAGE,
  field,
  imageUrl,
  matching,
  maxItems,
  nonEmpty,
  object,
  oneOf,
  OPTIONAL_USER_SIG,
  type Params,
  pushUrl,
  range,
  readParams,
  SDK_APP_ID,
  TASK_ID,
  TENCENT_VOD,
  USER_ID,
  USER_SIG,
} from "../params";
import { readRoom, REVERSED_ROOM_ID_TYPES, roomText } from "../roomIds";
import { checkUserSig } from "../usersig";
import type { World } from "../world";
import type { RoomRef } from "../world/rooms";
import type { TaskRecord } from "../world/tasks";

const FAMILY = "RelayTask";
const REGIONS = ["ap-guangzhou", "ap-hongkong", "ap-singapore"] as const;
const DEFAULT_MAX_IDLE_SECONDS = 30;
const MAX_CDNS = 10;
const MAX_FEEDBACK_ROOMS = 10;

/**
 * This family numbers room types the other way round from recording and ingest: 0 is an integer
 * room, 1 a string room (StartPublishCdnStream, MixUserInfo and McuFeedBackRoomParams all say so).
 * Every room it names is refused as `<name>RoomId`, whichever kind it is.
 */
function mcuRoom(sdkAppId: number, roomId: string, mcuRoomIdType: number, name: string): RoomRef {
  try {
    return readRoom(sdkAppId, roomId, mcuRoomIdType, REVERSED_ROOM_ID_TYPES);
  } catch {
    throw invalidParameter(`${name}RoomId`, mcuRoomIdType === 0 ? "with RoomIdType 0 it must be an integer room id" : "with RoomIdType 1 it must be a string of 1 to 64 characters");
  }
}

// The data types, innermost first.

const AGENT_PARAMS = {
  UserId: USER_ID,
  // Documented optional, so checked only when given.
  UserSig: OPTIONAL_USER_SIG,
  MaxIdleTime: field("integer", false, range(5, 86400)),
};

const AUDIO_ENCODE = {
  SampleRate: field("integer", true, oneOf(48000, 44100, 32000, 24000, 16000, 8000)),
  Channel: field("integer", true, oneOf(1, 2)),
  BitRate: field("integer", true, range(8, 500)),
  Codec: field("integer", false, oneOf(0, 1, 2)),
};

/** "If this parameter is set to 2, Channel must be 2. If it is set to 1 or 2, SampleRate can only be 48000, 44100, 32000, 24000, or 16000." */
function checkCodec(encode: Params<typeof AUDIO_ENCODE>, name: string): void {
  if (encode.Codec === 2 && encode.Channel !== 2) throw invalidParameter(`${name}.Channel`, "HE-AACv2 (Codec 2) needs 2 channels");
  if ((encode.Codec ?? 0) > 0 && encode.SampleRate === 8000) throw invalidParameter(`${name}.SampleRate`, "HE-AAC codecs do not take 8000 Hz");
}

const MIX_USER_INFO = {
  UserId: USER_ID,
  // Absent: the main room.
  RoomId: field("string", false, roomText),
  RoomIdType: field("integer", false, oneOf(0, 1)),
};

const MCU_USER_INFO_PARAMS = {
  UserInfo: object(MIX_USER_INFO, true),
  SoundLevel: field("integer", false, range(0, 100)),
};

const USER_LIST = arrayOf(object(MCU_USER_INFO_PARAMS, true), false);

const MCU_AUDIO_PARAMS = {
  AudioEncode: object(AUDIO_ENCODE, false, checkCodec),
  SubscribeAudioList: USER_LIST,
  UnSubscribeAudioList: USER_LIST,
};

const USER_MEDIA_STREAM = {
  UserInfo: object(MIX_USER_INFO, false),
  StreamType: field("integer", false, oneOf(0, 1)),
};
/** A stream that must name its anchor: one relayed alone, or the big window, has no order to fill it in. */
const NAMED_STREAM = { ...USER_MEDIA_STREAM, UserInfo: object(MIX_USER_INFO, true) };

const VIDEO_ENCODE = {
  Width: field("integer", true, range(0, 1920)),
  Height: field("integer", true, range(0, 1920)),
  Fps: field("integer", true, range(1, 60)),
  BitRate: field("integer", true, range(1, 10000)),
  Gop: field("integer", true, range(1, 5)),
};

const COLOR = field("string", false, matching(/^0x[0-9A-Fa-f]{6}$/, "0x and six hexadecimal digits, e.g. 0xcc0033"));
const PIXELS = field("integer", false, atLeast(0));

const MCU_CUSTOM_CROP = {
  LocationX: field("integer", true, atLeast(0)),
  LocationY: field("integer", true, atLeast(0)),
  Width: field("integer", true, atLeast(1)),
  Height: field("integer", true, atLeast(1)),
};

const MCU_LAYOUT = {
  UserMediaStream: object(USER_MEDIA_STREAM, false),
  ImageWidth: PIXELS,
  ImageHeight: PIXELS,
  LocationX: PIXELS,
  LocationY: PIXELS,
  ZOrder: PIXELS,
  RenderMode: field("integer", false, oneOf(0, 1, 2)),
  BackGroundColor: COLOR,
  BackgroundImageUrl: field("string", false, imageUrl),
  CustomCrop: object(MCU_CUSTOM_CROP, false, (crop, name) => {
    if (crop.LocationX + crop.Width > 10000 || crop.LocationY + crop.Height > 10000) throw outOfRange(name, "the crop must lie within 10000 x 10000");
  }),
  BackgroundRenderMode: field("integer", false, oneOf(0, 1, 2, 3, 4)),
  TransparentUrl: field("string", false, imageUrl),
  BackgroundCustomRender: object({ Width: field("integer", true, atLeast(1)), Height: field("integer", true, atLeast(1)), Radius: PIXELS }, false),
  BackGroundColorMode: field("integer", false, oneOf(0, 1, 2, 3)),
  EnableStreamSEI: field("integer", false, oneOf(0, 1)),
};

/** "BackgroundCustomRender ... must be configured when BackgroundRenderMode is 4." */
function checkWindow(window: Params<typeof MCU_LAYOUT>, name: string): void {
  if (window.BackgroundRenderMode === 4 && !window.BackgroundCustomRender) throw missingParameter(`${name}.BackgroundCustomRender`);
}

const MCU_LAYOUT_PARAMS = {
  MixLayoutMode: field("integer", false, oneOf(1, 2, 3, 4)),
  PureAudioHoldPlaceMode: field("integer", false, oneOf(0, 1)),
  MixLayoutList: arrayOf(object(MCU_LAYOUT, true, checkWindow), false, maxItems(16)),
  MaxVideoUser: object({ UserMediaStream: object(NAMED_STREAM, true) }, false),
  RenderMode: field("integer", false, oneOf(0, 1, 2)),
  EnableStreamSEI: field("integer", false, oneOf(0, 1)),
};

const WATER_MARK_BOX = {
  WaterMarkWidth: field("integer", true, atLeast(1)),
  WaterMarkHeight: field("integer", true, atLeast(1)),
  LocationX: field("integer", true, atLeast(0)),
  LocationY: field("integer", true, atLeast(0)),
  ZOrder: PIXELS,
  DynamicPosType: field("integer", false, oneOf(0, 1, 2)),
};

const MCU_WATER_MARK_PARAMS = {
  WaterMarkType: field("integer", false, oneOf(0, 1)),
  WaterMarkImage: object({ WaterMarkUrl: field("string", true, imageUrl), ...WATER_MARK_BOX }, false),
  WaterMarkText: object(
    {
      Text: field("string", true, nonEmpty),
      ...WATER_MARK_BOX,
      FontSize: field("integer", true, atLeast(1)),
      FontColor: COLOR,
      BackGroundColor: COLOR,
      Font: field("string", false, matching(/^(Tencent|SourceHanSans)$/, "Tencent or SourceHanSans")),
    },
    false,
  ),
};

/** "WaterMarkImage ... is required if WaterMarkType is 0", WaterMarkText if it is 1. */
function checkWaterMark(mark: Params<typeof MCU_WATER_MARK_PARAMS>, name: string): void {
  const member = (mark.WaterMarkType ?? 0) === 0 ? "WaterMarkImage" : "WaterMarkText";
  if (!mark[member]) throw missingParameter(`${name}.${member}`);
}

const MCU_VIDEO_PARAMS = {
  VideoEncode: object(VIDEO_ENCODE, false),
  LayoutParams: object(MCU_LAYOUT_PARAMS, false),
  BackGroundColor: COLOR,
  BackgroundImageUrl: field("string", false, imageUrl),
  WaterMarkList: arrayOf(object(MCU_WATER_MARK_PARAMS, true, checkWaterMark), false),
  BackgroundRenderMode: field("integer", false, oneOf(0, 1, 2)),
};

const MCU_PUBLISH_CDN_PARAM = {
  // "Only rtmp links are supported."
  PublishCdnUrl: field("string", true, pushUrl),
  IsTencentCdn: field("integer", false, oneOf(0, 1)),
};

/** "Value range: 100-254 (244 is used internally by Tencent Cloud for timestamps)"; pass-through SEI also takes 5. */
function payloadType(...also: number[]): Check<number> {
  return (value, name) => {
    if (!also.includes(value) && (value < 100 || value > 254 || value === 244)) {
      throw outOfRange(name, `must be ${also.map((t) => `${t}, `).join("")}100 to 254, but not 244`);
    }
  };
}

const MCU_SEI_PARAMS = {
  LayoutVolume: object(
    {
      AppData: field("string", false, (value, name) => {
        if (value.length >= 4096) throw outOfRange(name, "must be shorter than 4096 characters");
      }),
      PayloadType: field("integer", false, payloadType()),
      Interval: field("integer", false, atLeast(1)),
      FollowIdr: field("integer", false, oneOf(0, 1)),
    },
    false,
  ),
  PassThrough: object(
    {
      PayloadContent: field("string", true, nonEmpty),
      PayloadType: field("integer", true, payloadType(5)),
      PayloadUuid: field("string", false, matching(/^[0-9A-Fa-f]{32}$/, "32 hexadecimal digits")),
      Interval: field("integer", false, atLeast(1)),
      FollowIdr: field("integer", false, oneOf(0, 1)),
    },
    false,
    (sei, name) => {
      if (sei.PayloadType === 5 && !sei.PayloadUuid) throw missingParameter(`${name}.PayloadUuid`);
    },
  ),
};

const MCU_FEED_BACK_ROOM_PARAMS = {
  RoomId: field("string", true, nonEmpty),
  RoomIdType: field("integer", true, oneOf(0, 1)),
  UserId: USER_ID,
  UserSig: USER_SIG,
};

const { MediaType: _mediaType, UserDefineRecordId: _recordId, ...MCU_TENCENT_VOD } = TENCENT_VOD;

const MCU_STORAGE_PARAMS = {
  CloudStorage: object(CLOUD_STORAGE, false),
  McuCloudVod: object({ McuTencentVod: object(MCU_TENCENT_VOD, false) }, false),
};

const MCU_RECORD_PARAMS = {
  // 0 or absent is "not supported, behaviour undefined": refused.
  UniRecord: field("integer", true, oneOf(1, 2, 3)),
  RecordKey: field("string", false, matching(/^[A-Za-z0-9_-]{1,128}$/, "1 to 128 letters, digits, _ and -")),
  RecordWaitTime: field("integer", false, range(5, 86400)),
  RecordFormat: arrayOf(field("string", true, matching(/^(hls|mp4|aac)$/, "hls, mp4 or aac")), false, (formats, name) => {
    if (formats.includes("mp4") && formats.includes("aac")) throw invalidParameter(name, "mp4 and aac cannot be recorded together");
  }),
  MaxMediaFileDuration: field("integer", false, range(1, 1440)),
  StreamType: field("integer", false, oneOf(0, 1, 2)),
  UserDefineRecordPrefix: field("string", false, matching(/^[A-Za-z0-9_-]{1,64}$/, "1 to 64 letters, digits, _ and -")),
  McuStorageParams: object(MCU_STORAGE_PARAMS, false, (storage, name) => {
    if (!!storage.CloudStorage === !!storage.McuCloudVod) throw invalidParameter(name, "give exactly one of CloudStorage or McuCloudVod");
  }),
};

// The APIs' parameter tables.

const START = {
  SdkAppId: SDK_APP_ID,
  RoomId: field("string", true, nonEmpty),
  RoomIdType: field("integer", true, oneOf(0, 1)),
  AgentParams: object(AGENT_PARAMS, true),
  WithTranscoding: field("integer", true, oneOf(0, 1)),
  AudioParams: object(MCU_AUDIO_PARAMS, false),
  VideoParams: object(MCU_VIDEO_PARAMS, false),
  SingleSubscribeParams: object({ UserMediaStream: object(NAMED_STREAM, true) }, false),
  PublishCdnParams: arrayOf(object(MCU_PUBLISH_CDN_PARAM, true), false, maxItems(MAX_CDNS)),
  SeiParams: object(MCU_SEI_PARAMS, false),
  FeedBackRoomParams: arrayOf(object(MCU_FEED_BACK_ROOM_PARAMS, true), false, maxItems(MAX_FEEDBACK_ROOMS)),
  RecordParams: object(MCU_RECORD_PARAMS, false),
};

const TASK = { SdkAppId: SDK_APP_ID, TaskId: TASK_ID };

/** What Update may carry besides the task: each member given replaces the current one, each left out stays. */
const CHANGEABLE = {
  AudioParams: START.AudioParams,
  VideoParams: START.VideoParams,
  SingleSubscribeParams: START.SingleSubscribeParams,
  PublishCdnParams: START.PublishCdnParams,
  SeiParams: START.SeiParams,
  FeedBackRoomParams: START.FeedBackRoomParams,
};

const UPDATE = {
  ...TASK,
  SequenceNumber: field("integer", true, atLeast(0)),
  WithTranscoding: START.WithTranscoding,
  ...CHANGEABLE,
};

const STOP = { ...TASK, RecordKey: field("string", false) };

type Video = Params<typeof MCU_VIDEO_PARAMS>;

/** What a task holds: its current settings, and the last SequenceNumber it accepted (none before its first update). */
const SETTINGS = { ...CHANGEABLE, WithTranscoding: START.WithTranscoding, SequenceNumber: field("integer", false) };
type Settings = Params<typeof SETTINGS>;

/** The task's current settings, typed again (they were validated when they were set). */
function settingsOf(task: TaskRecord): Settings {
  return readParams(task.settings, SETTINGS);
}

/** "The sum of LocationX and ImageWidth cannot exceed the width of the canvas", and so for watermarks. */
function checkFitsCanvas(video: Video, canvas: Params<typeof VIDEO_ENCODE>): void {
  const boxes = [
    ...(video.LayoutParams?.MixLayoutList ?? []).map((w, i) => ({
      name: `VideoParams.LayoutParams.MixLayoutList.${i}`,
      x: w.LocationX ?? 0, y: w.LocationY ?? 0, width: w.ImageWidth ?? 0, height: w.ImageHeight ?? 0,
    })),
    ...(video.WaterMarkList ?? []).flatMap((m, i) => {
      const box = m.WaterMarkImage ?? m.WaterMarkText;
      return box ? [{ name: `VideoParams.WaterMarkList.${i}`, x: box.LocationX, y: box.LocationY, width: box.WaterMarkWidth, height: box.WaterMarkHeight }] : [];
    }),
  ];
  for (const box of boxes) {
    if (box.x + box.width > canvas.Width || box.y + box.height > canvas.Height) throw outOfRange(box.name, `must fit in the ${canvas.Width} x ${canvas.Height} canvas`);
  }
}

function userKey(room: RoomRef, userId: string): string {
  return JSON.stringify([room.sdkAppId, room.roomIdType, room.roomId, userId]);
}

/** The TRTC users a running task's bots are: its main bot, and a relay's feedback-room bots. */
function botsOf(task: TaskRecord): string[] {
  const feedback = task.family === FAMILY ? (settingsOf(task).FeedBackRoomParams ?? []) : [];
  return [userKey(task, task.userId), ...feedback.map((f, i) => userKey(mcuRoom(task.sdkAppId, f.RoomId, f.RoomIdType, `FeedBackRoomParams.${i}.`), f.UserId))];
}

/**
 * The agent and the feedback-room bots are TRTC users: none may be a bot another running task (or
 * this request) already uses, "a user ID already in use"; each feedback bot must be signed for.
 */
function checkBots(world: World, agent: { room: RoomRef; userId: string }, rooms: Settings["FeedBackRoomParams"], self?: TaskRecord): void {
  const taken = new Set(world.tasks.list().filter((t) => t.status === "InProgress" && t !== self).flatMap(botsOf));
  const claim = (room: RoomRef, userId: string) => {
    const key = userKey(room, userId);
    if (taken.has(key)) throw new ApiError("FailedOperation.TaskExist", `User ${userId} is already in use in room ${room.roomId}.`);
    taken.add(key);
  };
  claim(agent.room, agent.userId);
  (rooms ?? []).forEach((f, i) => {
    const name = `FeedBackRoomParams.${i}.`;
    checkUserSig(world, agent.room.sdkAppId, f.UserId, f.UserSig, `${name}UserSig`);
    claim(mcuRoom(agent.room.sdkAppId, f.RoomId, f.RoomIdType, name), f.UserId);
  });
}

/** "You need to specify at least one between" the CDN list and the feedback rooms; so it stays after an update. */
function checkHasOutput(settings: Pick<Settings, "PublishCdnParams" | "FeedBackRoomParams">): void {
  if (!settings.PublishCdnParams?.length && !settings.FeedBackRoomParams?.length) throw missingParameter("PublishCdnParams");
}

/**
 * The running relay task Update and Stop can reach. One that ended or never existed answers
 * ResourceNotFound, the not-found code all three APIs document.
 */
function reachableTask(world: World, p: { SdkAppId: number; TaskId: string }): TaskRecord {
  const task = world.tasks.findActive(FAMILY, p.SdkAppId, p.TaskId);
  if (!task) throw new ApiError("ResourceNotFound", "The relay task does not exist or has ended.");
  return task;
}

/** Checks an Update against the running task and returns the settings it leaves; throws before changing anything. */
function updatedSettings(world: World, task: TaskRecord, update: Params<typeof UPDATE>): Settings {
  const { SdkAppId: _app, TaskId: _id, SequenceNumber, WithTranscoding, ...changes } = update;
  const current = settingsOf(task);
  // "Customers must ensure that the SequenceNumber parameter increases when updating the same
  // task, otherwise, the mix task update will fail."
  if (current.SequenceNumber !== undefined && SequenceNumber <= current.SequenceNumber) {
    throw new ApiError("FailedOperation", `SequenceNumber ${SequenceNumber} is not greater than ${current.SequenceNumber}, the last one this task accepted.`);
  }
  if (WithTranscoding !== current.WithTranscoding) throw new ApiError("UnsupportedOperation", "WithTranscoding cannot change while the task runs.");
  const transcoding = current.WithTranscoding === 1;
  const next: Settings = { ...current, SequenceNumber };

  if (changes.AudioParams) {
    const { AudioEncode, SubscribeAudioList, UnSubscribeAudioList } = changes.AudioParams;
    // "Updating ... audio parameters (codec, sample rate, bitrate, and number of channels) is not supported."
    if (AudioEncode && !isDeepStrictEqual(AudioEncode, current.AudioParams?.AudioEncode)) {
      throw new ApiError("UnsupportedOperation", "The audio encoding cannot change while the task runs.");
    }
    // Each list: absent leaves it, empty resets it (mix everyone, block no one).
    next.AudioParams = {
      ...current.AudioParams,
      ...(SubscribeAudioList && { SubscribeAudioList }),
      ...(UnSubscribeAudioList && { UnSubscribeAudioList }),
    };
  }
  if (changes.VideoParams) {
    if (!transcoding) throw invalidParameter("VideoParams", "is valid only for a task that transcodes (WithTranscoding 1)");
    const encode = current.VideoParams?.VideoEncode;
    // "The same relay task does not support switching between audio only, audio and video, and video only."
    if (!encode) throw new ApiError("UnsupportedOperation", "An audio-only task cannot start relaying video.");
    const { VideoEncode, ...rest } = changes.VideoParams;
    if (VideoEncode && !isDeepStrictEqual(VideoEncode, encode)) {
      throw new ApiError("UnsupportedOperation", "The video encoding cannot change while the task runs.");
    }
    // Everything but the encoding is given whole: what it leaves out goes back to its default.
    next.VideoParams = { VideoEncode: encode, ...rest };
    checkFitsCanvas(next.VideoParams, encode);
  }
  if (changes.SingleSubscribeParams) {
    if (transcoding) throw invalidParameter("SingleSubscribeParams", "is valid only for a task that does not transcode (WithTranscoding 0)");
    next.SingleSubscribeParams = changes.SingleSubscribeParams;
  }
  if (changes.SeiParams) next.SeiParams = changes.SeiParams;
  if (changes.PublishCdnParams) next.PublishCdnParams = changes.PublishCdnParams;
  if (changes.FeedBackRoomParams) {
    checkBots(world, { room: task, userId: task.userId }, changes.FeedBackRoomParams, task);
    next.FeedBackRoomParams = changes.FeedBackRoomParams;
  }
  checkHasOutput(next);
  return next;
}

export const actions: Record<string, ActionDef> = {
  StartPublishCdnStream: {
    regions: REGIONS,
    roomIdTypes: REVERSED_ROOM_ID_TYPES,
    handle({ action, params, world }) {
      const p = readParams(params, START);
      const room = mcuRoom(p.SdkAppId, p.RoomId, p.RoomIdType, "");
      const transcoding = p.WithTranscoding === 1;
      // "Because audio is always transcoded, this parameter is required when you start a relay task."
      if (!p.AudioParams?.AudioEncode) throw missingParameter("AudioParams.AudioEncode");
      if (p.VideoParams) {
        if (!p.VideoParams.VideoEncode) throw missingParameter("VideoParams.VideoEncode");
        checkFitsCanvas(p.VideoParams, p.VideoParams.VideoEncode);
      }
      // "When you relay a single stream, set WithTranscoding to 0": the stream to relay is then required.
      if (!transcoding && !p.SingleSubscribeParams) throw missingParameter("SingleSubscribeParams");
      if (transcoding && p.SingleSubscribeParams) throw invalidParameter("SingleSubscribeParams", "is valid only when WithTranscoding is 0");
      checkHasOutput(p);
      const agent = p.AgentParams;
      if (agent.UserSig !== undefined) checkUserSig(world, p.SdkAppId, agent.UserId, agent.UserSig, "AgentParams.UserSig");
      // The agent "cannot conflict with the normal user ID in the room": refused here, where TRTC
      // would start and then lose the task when the user kicks the bot out.
      if (world.rooms.present(room).includes(agent.UserId)) throw new ApiError("InvalidParameter.UserId", `User ${agent.UserId} is already in room ${p.RoomId}.`);
      checkBots(world, { room, userId: agent.UserId }, p.FeedBackRoomParams);
      const settings: Settings = {
        WithTranscoding: p.WithTranscoding,
        AudioParams: p.AudioParams,
        ...(p.VideoParams && { VideoParams: p.VideoParams }),
        ...(p.SingleSubscribeParams && { SingleSubscribeParams: p.SingleSubscribeParams }),
        PublishCdnParams: p.PublishCdnParams ?? [],
        ...(p.SeiParams && { SeiParams: p.SeiParams }),
        FeedBackRoomParams: p.FeedBackRoomParams ?? [],
      };
      const task = world.tasks.start({
        family: FAMILY,
        action,
        ...room,
        userId: agent.UserId,
        params: { ...params },
        settings,
        lifetimeMs: undefined,
        // The agent only pulls streams. It ends MaxIdleTime after the room's last anchor left
        // (the doc's "all the users whose streams are mixed"; the emulator counts the main room's anchors).
        publishes: false,
        idleTimeoutMs: (agent.MaxIdleTime ?? DEFAULT_MAX_IDLE_SECONDS) * 1000,
      });
      return { TaskId: task.taskId };
    },
  },

  UpdatePublishCdnStream: {
    regions: REGIONS,
    handle({ params, world }) {
      const p = readParams(params, UPDATE);
      const task = reachableTask(world, p);
      task.settings = updatedSettings(world, task, p);
      return { TaskId: task.taskId };
    },
  },

  StopPublishCdnStream: {
    regions: REGIONS,
    handle({ params, world }) {
      const task = reachableTask(world, readParams(params, STOP));
      world.tasks.end(task, "stopped");
      return { TaskId: task.taskId };
    },
  },
};

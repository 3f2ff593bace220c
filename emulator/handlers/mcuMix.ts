// The older mixing API: StartMCUMixTranscode / StopMCUMixTranscode and their ByStrRoomId twins
// (TRTC API reference, "StartMCUMixTranscode", 2022-08-17; the SDK's models, 4.1.313, for the
// members and ranges). It is answered for programs that still call it; the package offers it as
// no resource (README: Tencent files it as legacy, RelayTask's StartPublishCdnStream replaced it).
// A room has one mix: Start on a room already mixed sets that mix's parameters anew, as the
// client's setMixTranscodingConfig does. "The mixing stops automatically after a room is
// destroyed": a mix ends once nobody is in its room. Stop on a room that is not mixed does nothing.
import { ApiError, invalidParameter } from "../errors";
import type { ActionDef } from "../family";
import { arrayOf, field, nonEmpty, object, oneOf, type Params, range, readParams, SDK_APP_ID } from "../params";
import { checkRoom, roomText, TRTC_ROOM_ID_TYPES } from "../roomIds";
import type { World } from "../world";
import { type RoomRef, roomRef } from "../world/rooms";

const FAMILY = "McuMixTranscode";
/** StartPublishCdnStream's regions: the mixing API that replaced this one serves them. */
const REGIONS = ["ap-guangzhou", "ap-hongkong", "ap-singapore"] as const;
/** The mixer is no user of the room; tasks are keyed by one all the same. */
const MIXER = "";

const OUTPUT = object(
  {
    // "Custom, not the same as a relayed stream's id, at most 64 bytes."
    StreamId: field("string", true, (value, name) => {
      if (value.length === 0 || Buffer.byteLength(value) > 64) throw invalidParameter(name, "must be 1 to 64 bytes");
    }),
    PureAudioStream: field("integer", false, range(0, 1)),
    RecordId: field("string", false),
    RecordAudioOnly: field("integer", false, range(0, 1)),
  },
  true,
);

const ENCODE = object(
  {
    AudioSampleRate: field("integer", true, oneOf(48000, 44100, 32000, 24000, 16000, 8000)),
    AudioBitrate: field("integer", true, range(8, 500)),
    AudioChannels: field("integer", true, range(1, 2)),
    VideoWidth: field("integer", false, range(0, 1920)),
    VideoHeight: field("integer", false, range(0, 1080)),
    VideoBitrate: field("integer", false, range(1, 10000)),
    VideoFramerate: field("integer", false, range(1, 60)),
    VideoGop: field("integer", false, range(1, 5)),
    BackgroundColor: field("integer", false, range(0, 0xffffff)),
    BackgroundImageId: field("integer", false),
    AudioCodec: field("integer", false, range(0, 2)),
    BackgroundImageUrl: field("string", false, (value, name) => {
      if (Buffer.byteLength(value) > 512) throw invalidParameter(name, "must be at most 512 bytes");
    }),
  },
  true,
);

const LAYOUT = object(
  {
    // "0 floating (default), 1 grid, 2 screen sharing, 3 picture-in-picture, 4 custom."
    Template: field("integer", false, range(0, 4)),
    MainVideoUserId: field("string", false),
    MainVideoStreamType: field("integer", false, range(0, 1)),
    MainVideoRightAlign: field("integer", false, range(0, 1)),
    MixVideoUids: arrayOf(field("string", true, nonEmpty), false),
    PlaceHolderMode: field("integer", false, range(0, 1)),
    PureAudioHoldPlaceMode: field("integer", false, range(0, 1)),
    RenderMode: field("integer", false, range(0, 1)),
  },
  true,
);

const PUBLISH_CDN = object({ BizId: field("integer", true), PublishCdnUrls: arrayOf(field("string", true, nonEmpty), true) }, false);

const MIX = { SdkAppId: SDK_APP_ID, OutputParams: OUTPUT, EncodeParams: ENCODE, LayoutParams: LAYOUT, PublishCdnParams: PUBLISH_CDN };
type Mix = Params<typeof MIX>;

/** "Required for audio and video output": the video members, unless the stream is audio only. */
const VIDEO_MEMBERS = ["VideoWidth", "VideoHeight", "VideoBitrate", "VideoFramerate", "VideoGop"] as const;

function running(world: World, room: RoomRef) {
  return world.tasks.runningIn(room, MIXER).find((task) => task.family === FAMILY);
}

function start(world: World, action: string, room: RoomRef, p: Mix, params: Record<string, unknown>): void {
  if (p.OutputParams.PureAudioStream !== 1) {
    const missing = VIDEO_MEMBERS.find((member) => p.EncodeParams[member] === undefined);
    if (missing) throw invalidParameter(`EncodeParams.${missing}`, "is required for an audio and video stream (PureAudioStream 0)");
  }
  if (world.presences(room).length === 0) throw new ApiError("FailedOperation.RoomNotExist", `Room ${room.roomId} of SdkAppId ${room.sdkAppId} does not exist: nobody is in it.`);
  const settings = { OutputParams: p.OutputParams, EncodeParams: p.EncodeParams, LayoutParams: p.LayoutParams, ...(p.PublishCdnParams && { PublishCdnParams: p.PublishCdnParams }) };
  const mix = running(world, room);
  if (mix) {
    mix.settings = settings;
    return;
  }
  world.tasks.start({ family: FAMILY, action, ...room, userId: MIXER, params: { ...params }, settings, lifetimeMs: undefined, publishes: false, idleTimeoutMs: 0 });
}

function stop(world: World, room: RoomRef): void {
  const mix = running(world, room);
  if (mix) world.tasks.end(mix, "stopped");
}

const INTEGER_ROOM = field("integer", true, (room) => checkRoom(String(room), TRTC_ROOM_ID_TYPES.integer));
const STRING_ROOM = field("string", true, roomText);

export const actions: Record<string, ActionDef> = {
  StartMCUMixTranscode: {
    regions: REGIONS,
    handle({ action, params, world }) {
      const p = readParams(params, { ...MIX, RoomId: INTEGER_ROOM });
      start(world, action, roomRef(p.SdkAppId, String(p.RoomId), true), p, params);
      return {};
    },
  },
  StartMCUMixTranscodeByStrRoomId: {
    regions: REGIONS,
    handle({ action, params, world }) {
      const p = readParams(params, { ...MIX, StrRoomId: STRING_ROOM });
      start(world, action, roomRef(p.SdkAppId, p.StrRoomId, false), p, params);
      return {};
    },
  },
  StopMCUMixTranscode: {
    regions: REGIONS,
    handle({ params, world }) {
      const p = readParams(params, { SdkAppId: SDK_APP_ID, RoomId: INTEGER_ROOM });
      stop(world, roomRef(p.SdkAppId, String(p.RoomId), true));
      return {};
    },
  },
  StopMCUMixTranscodeByStrRoomId: {
    regions: REGIONS,
    handle({ params, world }) {
      const p = readParams(params, { SdkAppId: SDK_APP_ID, StrRoomId: STRING_ROOM });
      stop(world, roomRef(p.SdkAppId, p.StrRoomId, false));
      return {};
    },
  },
};

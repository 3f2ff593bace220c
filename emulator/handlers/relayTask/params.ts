// The parameter tables of StartPublishCdnStream, UpdatePublishCdnStream and StopPublishCdnStream,
// their Mcu* structures as "Data Types" (TRTC API reference) gives them, with the newer members of
// the official SDK's models (McuRecordParams, SoundLevel, TransparentUrl, ...).
import { invalidParameter, missingParameter, outOfRange } from "../../errors";
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
  SDK_APP_ID,
  TASK_ID,
  TENCENT_VOD,
  USER_ID,
  USER_SIG,
} from "../../params";
import { roomText } from "../../roomIds";

const MAX_CDNS = 10;
const MAX_FEEDBACK_ROOMS = 10;

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
  // Portrait canvases: [0, 1920] in the SDK's VideoEncode since 4.0.1050, newer than the Data Types page's [0, 1080].
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

export const MCU_PUBLISH_CDN_PARAM = {
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

export const START = {
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

export const UPDATE = {
  ...TASK,
  SequenceNumber: field("integer", true, atLeast(0)),
  WithTranscoding: START.WithTranscoding,
  ...CHANGEABLE,
};

export const STOP = { ...TASK, RecordKey: field("string", false) };

export type Video = Params<typeof MCU_VIDEO_PARAMS>;
/** A video encoding: the canvas a layout must fit in. */
export type VideoEncode = Params<typeof VIDEO_ENCODE>;

/** What a task holds: its current settings, and the last SequenceNumber it accepted (none before its first update). */
export const SETTINGS = { ...CHANGEABLE, WithTranscoding: START.WithTranscoding, SequenceNumber: field("integer", false) };
export type Settings = Params<typeof SETTINGS>;

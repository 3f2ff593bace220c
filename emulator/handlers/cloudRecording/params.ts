// The parameter tables of CreateCloudRecording, DescribeCloudRecording, ModifyCloudRecording and
// DeleteCloudRecording, with their structures as "Data Types" (TRTC API reference) gives them.
import { invalidParameter, missingParameter, outOfRange } from "../../errors";
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
} from "../../params";
import type { TaskRecord } from "../../world/tasks";

/** The documented default VideoParams Width and Height: the canvas windows and watermarks must fit in. */
const DEFAULT_CANVAS = { Width: 360, Height: 640 };

// The data types, innermost first.

const USER_IDS = arrayOf(USER_ID_OR_PREFIX, false, maxItems(32));

const SUBSCRIBE_STREAM_USER_IDS = {
  SubscribeAudioUserIds: USER_IDS,
  UnSubscribeAudioUserIds: USER_IDS,
  SubscribeVideoUserIds: USER_IDS,
  UnSubscribeVideoUserIds: USER_IDS,
};

export type Subscriptions = Params<typeof SUBSCRIBE_STREAM_USER_IDS>;

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
  FillType: field("integer", false, oneOf(0, 1)),
  SubscribeAbility: field("integer", false, oneOf(0, 1)),
};

/** StorageParams, shared with StartWebRecord. */
export const STORAGE_PARAMS = {
  CloudStorage: object(CLOUD_STORAGE, false),
  CloudVod: object({ TencentVod: object(TENCENT_VOD, false) }, false),
};

/** Both members are documented optional, but files go to "VOD or COS": exactly one of them. */
export function oneStorage(storage: Params<typeof STORAGE_PARAMS>, name: string): void {
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
  Font: field("string", false, matching(/^(Tencent|SourceHanSans)$/, "Tencent or SourceHanSans")),
};

const WATER_MARK = {
  WaterMarkType: field("integer", false, oneOf(0, 1, 2)),
  WaterMarkImage: object(WATER_MARK_IMAGE, false),
  WaterMarkChar: object(WATER_MARK_CHAR, false),
  WaterMarkTimestamp: object({ Pos: field("integer", true, oneOf(0, 1, 2, 3, 4, 5, 6)), TimeZone: field("integer", false), Font: field("string", false, matching(/^(Tencent|SourceHanSans)$/, "Tencent or SourceHanSans")), }, false),
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
  PureAudioDisableLayout: field("boolean", false),
};

type Layout = Params<typeof MIX_LAYOUT_PARAMS>;

/** "Custom: specify the layout of videos by using the MixLayoutList parameter." */
const MIX_LAYOUT_PARAMS_FIELD = object(MIX_LAYOUT_PARAMS, false, (layout, name) => {
  if (layout.MixLayoutMode === 4 && !layout.MixLayoutList) throw missingParameter(`${name}.MixLayoutList`);
});
type Canvas = typeof DEFAULT_CANVAS;

/** "The value cannot be larger than the canvas" and "the sum of ... cannot exceed the canvas": windows and image watermarks must fit. */
export function checkFitsCanvas(layout: Layout, canvas: Canvas): void {
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

export const CREATE = {
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

export const TASK = { SdkAppId: SDK_APP_ID, TaskId: TASK_ID };

/** What Modify changes; a task's `settings` hold the current values, defaults filled in. */
export const MODIFIABLE = {
  MixLayoutParams: MIX_LAYOUT_PARAMS_FIELD,
  SubscribeStreamUserIds: object(SUBSCRIBE_STREAM_USER_IDS, false, allowOrBlock),
};

export const MODIFY = { ...TASK, ...MODIFIABLE };

type StartParams = Params<typeof CREATE>;

/** The task's Create request, typed again (it was validated when the task started). */
export function startParams(task: TaskRecord): StartParams {
  return readParams(task.params, CREATE);
}

export function canvasOf(start: StartParams): Canvas {
  return start.MixTranscodeParams?.VideoParams ?? DEFAULT_CANVAS;
}

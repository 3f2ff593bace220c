import { z } from "zod";
import * as field from "../provider/fields";
import { roomOf } from "../provider/api";
import { RECORDING_GONE, RECORDING_STOP_GONE } from "../provider/api/cloudRecording";
import { taskRef } from "../provider/api/room";
import { CREDENTIAL, fromApi, IN_PLACE, REPLACE, ROOM_BOT, SECRET, taskSpec, toApi } from "../provider/spec";

/**
 * Cloud recording: a bot joins a room and records its streams, one file per user or mixed into
 * one, to COS (or AWS S3) or VOD. CreateCloudRecording / DescribeCloudRecording /
 * ModifyCloudRecording / DeleteCloudRecording (TRTC API reference, 2024-03-11; data types 2024-10-22).
 */

const { struct, text, pattern, atLeast, cloudStorage, tencentVod, appliesOnly, requiredWhen } = field;

const imageUrl = field.url(["http", "https"]);

const renderMode = z.literal([0, 1, 2, 3], {
  error: "must be 0 (stretch), 1 (crop), 2 (fit, leaving blank space) or 3 (smart stretch, cropping at most 20%)",
}).meta(field.constants("RecordRenderMode", { Stretch: 0, Crop: 1, Fit: 2, SmartStretch: 3 }));

/** Allowlists and blocklists of anchors; an entry ending in `.*$` matches a user id prefix. */
const userIdList = z.array(field.anchorIdOrPrefix, { error: "must be a list of user ids" }).max(32, { error: "must list at most 32 user ids" });

export const subscribeStreamUserIds = struct({
  subscribeAudioUserIds: userIdList.optional().describe("Record only these anchors' audio."),
  unSubscribeAudioUserIds: userIdList.optional().describe("Record every anchor's audio except these."),
  subscribeVideoUserIds: userIdList.optional().describe("Record only these anchors' video."),
  unSubscribeVideoUserIds: userIdList.optional().describe("Record every anchor's video except these."),
}).superRefine((v, ctx) => {
  for (const media of ["Audio", "Video"] as const) {
    if (v[`subscribe${media}UserIds`] && v[`unSubscribe${media}UserIds`]) {
      ctx.addIssue({
        code: "custom",
        path: [`unSubscribe${media}UserIds`],
        message: `cannot be set together with subscribe${media}UserIds: use an allowlist or a blocklist, not both`,
      });
    }
  }
});

const recordParams = struct({
  recordMode: z.literal([1, 2], { error: "must be 1 (single-stream) or 2 (mixed-stream)" }).meta(field.constants("RecordMode", { SingleStream: 1, MixedStream: 2 })).describe("1 records each anchor to its own files; 2 mixes everyone into one recording."),
  maxIdleTime: field.int(5, 86400).optional().describe("Seconds the room may have no anchors before the recording ends itself: 5 to 86400 (TRTC's default 30)."),
  streamType: z.literal([0, 1, 2], { error: "must be 0 (audio and video), 1 (audio only) or 2 (video only)" }).meta(field.constants("RecordStreamType", { AudioAndVideo: 0, AudioOnly: 1, VideoOnly: 2 })).optional().describe("What to record: 0 audio and video (default), 1 audio only, 2 video only."),
  subscribeStreamUserIds: subscribeStreamUserIds.optional().describe("Whose streams to record; by default every anchor's. Changes apply to the running recording."),
  outputFormat: z
    .literal([0, 1, 2, 3, 4], { error: "must be 0 (HLS), 1 (HLS + MP4), 2 (HLS + AAC), 3 (MP4) or 4 (AAC)" })
    .meta(field.constants("OutputFormat", { Hls: 0, HlsMp4: 1, HlsAac: 2, Mp4: 3, Aac: 4 }))
    .optional().describe("File format in cloud storage (VOD uses its own mediaType): 0 HLS (default), 1 HLS+MP4, 2 HLS+AAC, 3 MP4, 4 AAC."),
  avMerge: z.literal([0, 1], { error: "must be 0 (separate audio and video files) or 1 (one file per user)" }).optional().describe("Single-stream only: 1 writes each user's audio and video into one file, 0 (default) keeps them apart."),
  maxMediaFileDuration: field.int(1, 1440).optional().describe("Minutes after which an MP4 or AAC file is split: 1 to 1440 (default). No effect on HLS."),
  mediaId: z
    .literal([0, 1, 2], { error: "must be 0 (primary stream and substream), 1 (primary stream) or 2 (substream)" })
    .optional().describe("Which video to record: 0 main and screen-share streams (default), 1 main only, 2 screen share only."),
  fillType: z.literal([0, 1], { error: "must be 0 (the last frame) or 1 (black frames)" }).optional().describe("What fills the video while an anchor's upstream video is stopped: 0 their last frame (default), 1 black frames."),
  subscribeAbility: z.literal([0, 1], { error: "must be 0 (no) or 1 (yes)" }).optional().describe("1 also records the bots that push mixed streams back into the room; 0 (default) does not. A mixed recording that does may hear anchors twice: prefer subscribeStreamUserIds."),
});

const storageParams = struct({
  cloudStorage: cloudStorage.optional().describe("Your own COS or AWS bucket (COS storage is billed as recording-to-COS)."),
  cloudVod: struct({ tencentVod: tencentVod.optional() }).optional().describe("Tencent Cloud VOD."),
}).superRefine((v, ctx) => {
  if ((v.cloudStorage === undefined) === (v.cloudVod === undefined)) {
    ctx.addIssue({ code: "custom", message: "must set exactly one of cloudStorage or cloudVod" });
  }
});

const CANVAS_LIMIT = 1920 * 1080;

/** All members are required once videoParams is given. */
const videoParams = struct({
  width: field.int(1, 1920).describe("Pixels, at most 1920; width × height at most 1920 × 1080. TRTC's default canvas is 360 × 640."),
  height: field.int(1, 1920),
  fps: field.int(1, 60).describe("Frames per second: 1 to 60."),
  bitRate: field.int(64000, 8192000).describe("Bits per second: 64000 to 8192000."),
  gop: atLeast(1).describe("Seconds between keyframes."),
}).superRefine((v, ctx) => {
  if (v.width * v.height > CANVAS_LIMIT) ctx.addIssue({ code: "custom", message: "width × height must be at most 1920 × 1080" });
});

/** All members are required once audioParams is given. */
const audioParams = struct({
  sampleRate: z.literal([1, 2, 3], { error: "must be 1 (48000 Hz), 2 (44100 Hz) or 3 (16000 Hz)" }),
  channel: z.literal([1, 2], { error: "must be 1 (mono) or 2 (stereo)" }),
  bitRate: field.int(32000, 128000).describe("Bits per second: 32000 to 128000."),
});

const mixTranscodeParams = struct({
  videoParams: videoParams.optional().describe("The recording's canvas size, frame rate and bitrate."),
  audioParams: audioParams.optional().describe("The recording's sample rate, channels and bitrate."),
});

/** One window of a custom layout, in canvas pixels. */
const mixLayout = struct({
  top: field.int(0, 1920),
  left: field.int(0, 1920),
  width: field.int(0, 1920),
  height: field.int(0, 1920),
  userId: field.anchorId.optional().describe("The anchor shown here; by default anchors fill windows in the order they joined."),
  alpha: field.int(0, 255).optional().describe("0 (opaque) to 255 (fully transparent)."),
  renderMode: renderMode.optional(),
  mediaId: z.literal([0, 1], { error: "must be 0 (primary stream) or 1 (substream)" }).optional().describe("0 main stream (default), 1 screen share."),
  imageLayer: atLeast(0).optional().describe("Stacking order; 0 (default) is the bottom."),
  subBackgroundImage: imageUrl.optional().describe("JPG or PNG (at most 5 MB) shown in the window when it has no video."),
});

const waterMarkImage = struct({
  waterMarkUrl: imageUrl.describe("JPG or PNG, at most 5 MB."),
  top: field.int(0, 2560),
  left: field.int(0, 2560),
  width: field.int(0, 2560),
  height: field.int(0, 2560),
});

const waterMarkChar = struct({
  top: atLeast(0),
  left: atLeast(0),
  width: atLeast(0),
  height: atLeast(0),
  chars: text,
  fontSize: atLeast(1).optional().describe("Pixels (default 14)."),
  fontColor: text.optional().describe("Default white."),
  backGroundColor: text.optional().describe("Default transparent."),
  font: z.enum(["Tencent", "SourceHanSans"], { error: "must be Tencent (default) or SourceHanSans" }).optional().describe("Tencent (default) or SourceHanSans."),
});

const waterMarkTimestamp = struct({
  pos: z.literal([0, 1, 2, 3, 4, 5, 6], {
    error: "must be 0 (top left), 1 (top right), 2 (bottom left), 3 (bottom right), 4 (top center), 5 (bottom center) or 6 (center)",
  }).describe("0 top left, 1 top right, 2 bottom left, 3 bottom right, 4 top center, 5 bottom center, 6 center."),
  timeZone: field.wholeNumber().optional().describe("Hours from UTC (default UTC+8)."),
  font: z.enum(["Tencent", "SourceHanSans"], { error: "must be Tencent (default) or SourceHanSans" }).optional().describe("Tencent (default) or SourceHanSans."),
});

/** Each watermark type takes its own member. */
const WATER_MARK_MEMBERS = ["waterMarkImage", "waterMarkChar", "waterMarkTimestamp"] as const;

const waterMark = struct({
  waterMarkType: z.literal([0, 1, 2], { error: "must be 0 (image), 1 (text) or 2 (timestamp)" }).optional().describe("0 image (default), 1 text, 2 timestamp."),
  waterMarkImage: waterMarkImage.optional(),
  waterMarkChar: waterMarkChar.optional(),
  waterMarkTimestamp: waterMarkTimestamp.optional(),
}).superRefine((v, ctx) => {
  const type = v.waterMarkType ?? 0;
  WATER_MARK_MEMBERS.forEach((member, i) => {
    requiredWhen(ctx, v[member], i === type, [member], `waterMarkType is ${i}`);
    appliesOnly(ctx, v[member], i === type, [member], `waterMarkType is ${i}`);
  });
});

const mixLayoutParams = struct({
  mixLayoutMode: z.literal([1, 2, 3, 4], { error: "must be 1 (floating), 2 (screen sharing), 3 (grid) or 4 (custom)" }).meta(field.constants("MixLayoutMode", { Floating: 1, ScreenSharing: 2, Grid: 3, Custom: 4 })).describe("1 floating, 2 screen sharing, 3 grid (default), 4 custom (mixLayoutList)."),
  mixLayoutList: z.array(mixLayout, { error: "must be a list of windows" }).max(25, { error: "must have at most 25 windows" }).optional().describe("The windows of a custom layout: up to 25."),
  backGroundColor: pattern(/^#[0-9A-Fa-f]{6}$/, "# followed by 6 hex digits, e.g. #FFA500").optional().describe("Canvas color as #RRGGBB (default black)."),
  maxResolutionUserId: field.anchorId.optional().describe("The anchor in the big window of the floating or screen-sharing layout."),
  mediaId: z.literal([0, 1], { error: "must be 0 (primary stream) or 1 (substream)" }).optional().describe("Stream in the big window: 0 main (default), 1 screen share."),
  backgroundImageUrl: imageUrl
    .refine((url) => !/[\u4e00-\u9fff]/.test(url), { error: "must not contain Chinese characters" })
    .optional().describe("JPG or PNG canvas background, at most 5 MB; the URL must not contain Chinese characters."),
  placeHolderMode: z.literal([0, 1], { error: "must be 0 (no placeholder) or 1 (placeholder)" }).optional().describe("1 shows a placeholder image for a user who publishes no video; 0 (default) does not."),
  backgroundImageRenderMode: renderMode.optional(),
  defaultSubBackgroundImage: imageUrl.optional().describe("JPG or PNG (at most 5 MB) shown in a window that has no video."),
  waterMarkList: z.array(waterMark, { error: "must be a list of watermarks" }).max(25, { error: "must have at most 25 watermarks" }).optional().describe("Up to 25 watermarks."),
  renderMode: renderMode.optional().describe("How videos fit their windows (custom layouts set it per window)."),
  maxResolutionUserAlign: z.literal([0, 1], { error: "must be 0 (big window left) or 1 (big window right)" }).optional().describe("Screen-sharing layout: 1 puts the big window on the right, 0 (default) on the left."),
  pureAudioDisableLayout: z.boolean({ error: "must be true or false" }).optional().describe("Layouts but custom: true gives anchors who send only audio no window; false (default) gives them one."),
}).superRefine((v, ctx) => {
  const mode = v.mixLayoutMode;
  requiredWhen(ctx, v.mixLayoutList, mode === 4, ["mixLayoutList"], "mixLayoutMode is 4 (custom)");
  appliesOnly(ctx, v.mixLayoutList, mode === 4, ["mixLayoutList"], "mixLayoutMode is 4 (custom)");
  appliesOnly(ctx, v.maxResolutionUserId, mode === 1 || mode === 2, ["maxResolutionUserId"], "mixLayoutMode is 1 (floating) or 2 (screen sharing)");
  appliesOnly(ctx, v.renderMode, mode !== 4, ["renderMode"], "mixLayoutMode is not 4 (custom windows set their own renderMode)");
  appliesOnly(ctx, v.maxResolutionUserAlign, mode === 2, ["maxResolutionUserAlign"], "mixLayoutMode is 2 (screen sharing)");
  // MixLayoutParams (SDK models): "only in mixed recording with a template layout".
  appliesOnly(ctx, v.pureAudioDisableLayout, mode !== 4, ["pureAudioDisableLayout"], "mixLayoutMode is 1 (floating), 2 (screen sharing) or 3 (grid)");
});

/** TRTC's canvas when mixTranscodeParams.videoParams is not given. */
const DEFAULT_CANVAS = { width: 360, height: 640 };

/** What a recording started without mixLayoutParams shows: the grid. */
const DEFAULT_LAYOUT: MixLayoutParams = { mixLayoutMode: 3 };

interface Box {
  top: number;
  left: number;
  width: number;
  height: number;
}

function fitsCanvas(ctx: z.core.$RefinementCtx, box: Box, canvas: { width: number; height: number }, path: PropertyKey[]) {
  if (box.left + box.width > canvas.width) {
    ctx.addIssue({ code: "custom", path: [...path, "width"], message: `left + width must be at most the canvas width, ${canvas.width}` });
  }
  if (box.top + box.height > canvas.height) {
    ctx.addIssue({ code: "custom", path: [...path, "height"], message: `top + height must be at most the canvas height, ${canvas.height}` });
  }
}

const MIXED = "recordParams.recordMode is 2 (mixed-stream)";

const inputs = z
  .object({
    ...field.roomBot,
    recordParams: recordParams.describe("What to record and how."),
    storageParams: storageParams.describe("Where the files go: exactly one of cloudStorage (COS or AWS) or cloudVod."),
    mixTranscodeParams: mixTranscodeParams.optional().describe("Mixed-stream only: the recording's video and audio encoding (default 360 × 640, 15 fps)."),
    mixLayoutParams: mixLayoutParams.optional().describe("Mixed-stream only: how the videos are laid out. Changes apply to the running recording."),
    resourceExpiredHour: field.int(6, 720).optional().describe("Hours (6 to 720, TRTC's default 72) during which TRTC accepts calls about the recording. After that the recording runs on until idle, but cannot be read, changed or stopped from here."),
    privateMapKey: field.privateMapKey.optional().describe("Only for rooms with advanced permission control (kept secret)."),
  })
  .superRefine((v, ctx) => {
    const mixed = v.recordParams.recordMode === 2;
    appliesOnly(ctx, v.mixTranscodeParams, mixed, ["mixTranscodeParams"], MIXED);
    appliesOnly(ctx, v.mixLayoutParams, mixed, ["mixLayoutParams"], MIXED);
    appliesOnly(ctx, v.recordParams.avMerge, !mixed, ["recordParams", "avMerge"], "recordParams.recordMode is 1 (single-stream)");
    appliesOnly(
      ctx,
      v.recordParams.outputFormat,
      v.storageParams.cloudStorage !== undefined,
      ["recordParams", "outputFormat"],
      "storing to storageParams.cloudStorage (VOD takes storageParams.cloudVod.tencentVod.mediaType)",
    );
    if (v.storageParams.cloudVod?.tencentVod?.mediaType === 2 && v.recordParams.streamType !== 1) {
      ctx.addIssue({
        code: "custom",
        path: ["storageParams", "cloudVod", "tencentVod", "mediaType"],
        message: "2 (AAC) requires recordParams.streamType 1 (audio only)",
      });
    }
    const canvas = v.mixTranscodeParams?.videoParams ?? DEFAULT_CANVAS;
    v.mixLayoutParams?.mixLayoutList?.forEach((w, i) => fitsCanvas(ctx, w, canvas, ["mixLayoutParams", "mixLayoutList", i]));
    v.mixLayoutParams?.waterMarkList?.forEach((m, i) => {
      if (m.waterMarkImage) fitsCanvas(ctx, m.waterMarkImage, canvas, ["mixLayoutParams", "waterMarkList", i, "waterMarkImage"]);
    });
  });

export type RecordParams = z.output<typeof recordParams>;
export type StorageParams = z.output<typeof storageParams>;
export type MixTranscodeParams = z.output<typeof mixTranscodeParams>;
export type MixLayoutParams = z.output<typeof mixLayoutParams>;
export type CloudRecordingInputs = z.output<typeof inputs>;

/** A file recorded so far (DescribeCloudRecording's StorageFile). */
export interface StorageFile {
  /** The recorded anchor; empty or absent in mixed-stream recording. */
  userId?: string;
  fileName: string;
  trackType?: "video" | "audio" | "audio_video";
  /** Unix time the file starts at. */
  beginTimeStamp: number;
}

export const cloudRecording = taskSpec({
  kind: "CloudRecording",
  bots: ROOM_BOT,
  endsBy: (v) =>
    `A recording ends once the room has had no anchor for recordParams.maxIdleTime seconds (${v.recordParams.maxIdleTime ?? 30}); ` +
    `past resourceExpiredHour (${v.resourceExpiredHour ?? 72} hours) TRTC no longer describes it`,
  inputs: inputs.describe("Records a TRTC room to COS, AWS S3 or VOD for as long as the resource exists (or until the room stays empty)."),
  fields: {
    ...field.roomBotRules,
    recordParams: REPLACE,
    storageParams: REPLACE,
    mixTranscodeParams: REPLACE,
    mixLayoutParams: IN_PLACE,
    resourceExpiredHour: REPLACE,
    privateMapKey: CREDENTIAL,
  },
  nestedFields: {
    // ModifyCloudRecording takes it as its own top-level SubscribeStreamUserIds.
    "recordParams.subscribeStreamUserIds": IN_PLACE,
    "storageParams.cloudStorage.accessKey": SECRET,
    "storageParams.cloudStorage.secretKey": SECRET,
  },
  identity: (v) => field.roomKey(v.sdkAppId, v.roomId, v.userId),
  outputs: ["storageFiles"] satisfies (keyof CloudRecordingOutputs)[],
  start: {
    action: "CreateCloudRecording",
    request: ({ roomId, ...rest }) => ({ ...(toApi(rest) as object), ...roomOf("CreateCloudRecording", roomId) }),
    taskId: (response) => String(response.TaskId),
    // No caller key and no Describe but by TaskId: a lost answer is settled by the bot.
    evictBot: field.evictRoomBot,
  },
  describe: {
    action: "DescribeCloudRecording",
    request: taskRef,
    // Idle (waiting for anchors) and InProgress are running; Exited is on its way out.
    state: (response) =>
      response.Status === "Exited"
        ? undefined
        : { status: String(response.Status), outputs: { storageFiles: fromApi(response.StorageFileList ?? []) } },
    goneCodes: RECORDING_GONE,
  },
  update: {
    action: "ModifyCloudRecording",
    // Modify takes every setting each time, not only the changed ones: an absent one means its default.
    request: (taskId, v) => ({
      ...taskRef(taskId, v),
      ...(v.recordParams.recordMode === 2 && { MixLayoutParams: toApi(v.mixLayoutParams ?? DEFAULT_LAYOUT) }),
      SubscribeStreamUserIds: toApi(v.recordParams.subscribeStreamUserIds ?? {}),
    }),
  },
  stop: {
    action: "DeleteCloudRecording",
    request: taskRef,
    goneCodes: RECORDING_STOP_GONE,
  },
});

/** What DescribeCloudRecording reports besides the status: the resource's own outputs. */
export interface CloudRecordingOutputs {
  /** Files recorded so far, as TRTC last described them; files still uploading to VOD are not listed yet. */
  storageFiles: StorageFile[];
}

import { z } from "zod";
import * as field from "../provider/fields";

// RelayTask's mixed media: the audio mix, and the video canvas with its layouts and watermarks
// (StartPublishCdnStream's AudioParams and VideoParams, and their data types in the TRTC API
// reference), with the canvas rules the relay's inputs check.

const { struct, text, atLeast, pattern, appliesOnly, requiredWhen } = field;
const { roomId } = field.roomBot;
const imageUrl = field.url(["http", "https"]);
const color = pattern(/^0x[0-9A-Fa-f]{6}$/, "0x followed by 6 hex digits, e.g. 0xcc0033");
export const flag = (meaning: string) => z.literal([0, 1], { error: `must be 0 or 1 (${meaning})` });

/** An anchor: in the main room unless `roomId` names another (custom layouts may mix several rooms). */
const mixUserInfo = struct({
  userId: field.anchorId,
  roomId: roomId.optional().describe("Another room of the application: a number for an integer room, a string for a string room."),
}).meta({ typeName: "MixUserInfo" });

const streamType = z.literal([0, 1], { error: "must be 0 (camera) or 1 (screen sharing)" }).meta(field.constants("RelayStreamType", { Camera: 0, ScreenSharing: 1 }));

/** A stream to show; without `userInfo`, anchors fill it in the order they entered. */
const userMediaStream = struct({ userInfo: mixUserInfo.optional(), streamType: streamType.optional() });

/** A stream that must name its anchor (named apart from userMediaStream in the public types). */
export const namedStream = userMediaStream.extend({ userInfo: mixUserInfo }).meta({ typeName: "NamedMediaStream" });

const audioEncode = struct({
  sampleRate: z.literal([48000, 44100, 32000, 24000, 16000, 8000], { error: "must be 48000, 44100, 32000, 24000, 16000 or 8000 (Hz)" }).describe("Hz."),
  channel: z.literal([1, 2], { error: "must be 1 (mono) or 2 (stereo)" }),
  bitRate: field.int(8, 500).describe("Kbps: 8 to 500."),
  codec: z.literal([0, 1, 2], { error: "must be 0 (LC-AAC), 1 (HE-AAC) or 2 (HE-AACv2)" }).optional().describe("0 LC-AAC (default), 1 HE-AAC, 2 HE-AACv2."),
}).superRefine((v, ctx) => {
  if (v.codec === 2 && v.channel !== 2) ctx.addIssue({ code: "custom", path: ["channel"], message: "must be 2 with codec 2 (HE-AACv2)" });
  if ((v.codec ?? 0) > 0 && v.sampleRate === 8000) ctx.addIssue({ code: "custom", path: ["sampleRate"], message: "cannot be 8000 with an HE-AAC codec" });
});

const mixedUser = struct({
  userInfo: mixUserInfo,
  soundLevel: field.int(0, 100).optional().describe("Allowlist only: the anchor's volume in the mix, 0 to 100 (100, the default, is as the anchor sends it)."),
});

const userList = z.array(mixedUser, { error: "must be a list of users" });

export const audioParams = struct({
  audioEncode: audioEncode.describe("The relayed audio's encoding: fixed for the task's life."),
  subscribeAudioList: userList.optional().describe("Mix only these anchors' audio (by default everyone's). Changes apply to the running task."),
  unSubscribeAudioList: userList.optional().describe("Mix everyone's audio but these (a user in both lists is left out). Changes apply to the running task."),
}).superRefine((v, ctx) => {
  v.unSubscribeAudioList?.forEach((u, i) =>
    appliesOnly(ctx, u.soundLevel, false, ["unSubscribeAudioList", i, "soundLevel"], "the user is in subscribeAudioList"),
  );
});

const videoEncode = struct({
  width: field.int(0, 1920).describe("Pixels, 0 to 1920: the canvas of the mix."),
  // 0 to 1920 too, for portrait canvases (1080 x 1920): the API's own data type says so since
  // tencentcloud-sdk-nodejs 4.0.1050 (2025-03-14, trtc_models VideoEncode), newer than the
  // "Data Types" page of the TRTC API reference (2024-10-22), which still says [0, 1080].
  height: field.int(0, 1920),
  fps: field.int(1, 60),
  bitRate: field.int(1, 10000).describe("Kbps: 1 to 10000."),
  gop: field.int(1, 5).describe("Seconds between keyframes: 1 to 5."),
});

/** Cropping of the anchor's own picture, in its pixels. */
const customCrop = struct({
  locationX: atLeast(0),
  locationY: atLeast(0),
  width: atLeast(1),
  height: atLeast(1),
}).superRefine((v, ctx) => {
  if (v.locationX + v.width > 10000) ctx.addIssue({ code: "custom", path: ["width"], message: "locationX + width must be at most 10000" });
  if (v.locationY + v.height > 10000) ctx.addIssue({ code: "custom", path: ["height"], message: "locationY + height must be at most 10000" });
});

/**
 * One window of a custom layout. Its BackGroundColor is "not supported yet" (McuLayout in the
 * SDK's models), so it is refused rather than silently ignored; BackGroundColorMode, which the
 * models document in full, is taken.
 */
const mcuLayout = struct({
  userMediaStream: userMediaStream.optional().describe("The anchor shown here; without it, anchors fill windows in the order they entered."),
  imageWidth: atLeast(0).optional(),
  imageHeight: atLeast(0).optional(),
  locationX: atLeast(0).optional(),
  locationY: atLeast(0).optional(),
  zOrder: atLeast(0).optional().describe("Stacking order; 0 (default) is the bottom."),
  renderMode: z.literal([0, 1, 2], { error: "must be 0 (crop), 1 (scale) or 2 (scale with black bars)" }).meta(field.constants("RelayRenderMode", { Crop: 0, Scale: 1, ScaleWithBars: 2 })).optional(),
  backgroundImageUrl: imageUrl.optional().describe("Placeholder image while the anchor is away or sends no video."),
  customCrop: customCrop.optional(),
  backgroundRenderMode: z.literal([0, 1, 2, 3, 4], { error: "must be 0 (crop), 1 (scale), 2 (scale on black), 3 (stretch) or 4 (custom)" }).optional().describe("How the placeholder fills the window: 0 crop, 1 scale, 2 scale on black, 3 stretch (default), 4 custom (backgroundCustomRender)."),
  transparentUrl: imageUrl.optional().describe("A PNG whose alpha channel shapes the window (rounded corners, ...); works with renderMode 0."),
  backgroundCustomRender: struct({ width: atLeast(1), height: atLeast(1), radius: atLeast(0).optional() }).optional().describe("With backgroundRenderMode 4: the placeholder's size within the window and its corner radius."),
  enableStreamSEI: flag("drop or keep the anchor's own SEI").optional(),
  backGroundColorMode: z.literal([0, 1, 2, 3], { error: "must be 0 (never), 1 (scaled placeholder), 2 (scaled video) or 3 (both)" })
    .optional().describe("Bits of when the window's background colour shows: 1 around a scaled placeholder, 2 around scaled video, 3 both, 0 never (default)."),
}).superRefine((v, ctx) => {
  const custom = v.backgroundRenderMode === 4;
  requiredWhen(ctx, v.backgroundCustomRender, custom, ["backgroundCustomRender"], "backgroundRenderMode is 4 (custom)");
  appliesOnly(ctx, v.backgroundCustomRender, custom, ["backgroundCustomRender"], "backgroundRenderMode is 4 (custom)");
  const render = v.backgroundCustomRender;
  if (!render) return;
  if (render.width > (v.imageWidth ?? 0)) ctx.addIssue({ code: "custom", path: ["backgroundCustomRender", "width"], message: "must be at most the window's imageWidth" });
  if (render.height > (v.imageHeight ?? 0)) ctx.addIssue({ code: "custom", path: ["backgroundCustomRender", "height"], message: "must be at most the window's imageHeight" });
  if ((render.radius ?? 0) * 2 > Math.min(render.width, render.height)) {
    ctx.addIssue({ code: "custom", path: ["backgroundCustomRender", "radius"], message: "must be at most half of the smaller of width and height" });
  }
});

const DYNAMIC = "mixLayoutMode is 1 (floating), 2 (screen sharing) or 3 (grid)";

const layoutParams = struct({
  mixLayoutMode: z.literal([1, 2, 3, 4], { error: "must be 1 (floating), 2 (screen sharing), 3 (grid) or 4 (custom)" }).meta(field.constants("MixLayoutMode", { Floating: 1, ScreenSharing: 2, Grid: 3, Custom: 4 })).optional().describe("1 floating (default), 2 screen sharing, 3 grid: dynamic layouts of the main room; 4 custom (mixLayoutList)."),
  pureAudioHoldPlaceMode: flag("audio-only anchors get no window, or one").optional().describe("Dynamic layouts: 1 gives anchors who send only audio a window too."),
  mixLayoutList: z.array(mcuLayout, { error: "must be a list of windows" }).max(16, { error: "must have at most 16 windows" }).optional().describe("The windows of a custom layout: up to 16."),
  maxVideoUser: struct({ userMediaStream: namedStream }).optional().describe("Floating and screen-sharing layouts: the anchor in the big window."),
  renderMode: z.literal([0, 1, 2], { error: "must be 0 (crop), 1 (scale) or 2 (scale with black bars)" }).meta(field.constants("RelayRenderMode", { Crop: 0, Scale: 1, ScaleWithBars: 2 })).optional().describe("Dynamic layouts: 0 crop, 1 scale, 2 scale with black bars."),
  enableStreamSEI: flag("drop or keep the anchors' own SEI").optional().describe("Dynamic layouts: keep (1, default) or drop (0) the anchors' own SEI."),
}).superRefine((v, ctx) => {
  const mode = v.mixLayoutMode ?? 1;
  requiredWhen(ctx, v.mixLayoutList, mode === 4, ["mixLayoutList"], "mixLayoutMode is 4 (custom)");
  appliesOnly(ctx, v.mixLayoutList, mode === 4, ["mixLayoutList"], "mixLayoutMode is 4 (custom)");
  appliesOnly(ctx, v.maxVideoUser, mode === 1 || mode === 2, ["maxVideoUser"], "mixLayoutMode is 1 (floating) or 2 (screen sharing)");
  for (const member of ["pureAudioHoldPlaceMode", "renderMode", "enableStreamSEI"] as const) appliesOnly(ctx, v[member], mode !== 4, [member], DYNAMIC);
});

/** Where a watermark sits on the canvas, in pixels. */
const waterMarkBox = {
  waterMarkWidth: atLeast(1),
  waterMarkHeight: atLeast(1),
  locationX: atLeast(0),
  locationY: atLeast(0),
  zOrder: atLeast(0).optional(),
  dynamicPosType: z.literal([0, 1, 2], { error: "must be 0 (still), 1 (random place each second) or 2 (bouncing)" }).optional().describe("0 still (default), 1 jumps to a random place every second, 2 bounces off the edges."),
};

/** Each watermark type takes its own member. */
const WATER_MARK_MEMBERS = ["waterMarkImage", "waterMarkText"] as const;

const waterMark = struct({
  waterMarkType: z.literal([0, 1], { error: "must be 0 (image) or 1 (text)" }).optional().describe("0 image (default), 1 text."),
  waterMarkImage: struct({ waterMarkUrl: imageUrl, ...waterMarkBox }).optional().describe("PNG or JPG, at most 5 MB."),
  waterMarkText: struct({
    text,
    ...waterMarkBox,
    fontSize: atLeast(1),
    fontColor: color.optional().describe("Default white."),
    backGroundColor: color.optional().describe("Default transparent."),
    font: z.enum(["Tencent", "SourceHanSans"], { error: "must be Tencent (default) or SourceHanSans" }).optional(),
  }).optional(),
}).superRefine((v, ctx) => {
  const type = v.waterMarkType ?? 0;
  WATER_MARK_MEMBERS.forEach((member, i) => {
    requiredWhen(ctx, v[member], i === type, [member], `waterMarkType is ${i}`);
    appliesOnly(ctx, v[member], i === type, [member], `waterMarkType is ${i}`);
  });
});

/** The members of videoParams a running task takes changes to: all but the encoding. */
export const VIDEO_IN_PLACE = ["layoutParams", "backGroundColor", "backgroundImageUrl", "waterMarkList", "backgroundRenderMode"] as const;

export const videoParams = struct({
  videoEncode: videoEncode.describe("The output's size (the mix's canvas), frame rate and bitrate: fixed for the task's life."),
  layoutParams: layoutParams.optional().describe("How the anchors are laid out (the mix only). Changes apply to the running task, as do the members below."),
  backGroundColor: color.optional().describe("Canvas color (default black)."),
  backgroundImageUrl: imageUrl.optional().describe("Canvas image, over the color."),
  waterMarkList: z.array(waterMark, { error: "must be a list of watermarks" }).optional(),
  backgroundRenderMode: z.literal([0, 1, 2], { error: "must be 0 (crop), 1 (scale on black) or 2 (stretch)" }).optional().describe("How the canvas image fits: 0 crop, 1 scale on black, 2 stretch (default)."),
});

/** Windows and watermarks on the canvas, and dynamic layouts in the main room. */
export function checkVideo(ctx: z.core.$RefinementCtx, video: z.output<typeof videoParams>, mainRoom: number | string) {
  const canvas = video.videoEncode;
  const layout = video.layoutParams;
  const big = layout?.maxVideoUser?.userMediaStream.userInfo.roomId;
  if (big !== undefined && big !== mainRoom) {
    ctx.addIssue({ code: "custom", path: ["videoParams", "layoutParams", "maxVideoUser", "userMediaStream", "userInfo", "roomId"], message: "must be the main room, roomId" });
  }
  layout?.mixLayoutList?.forEach((w, i) => {
    const box = { x: w.locationX ?? 0, y: w.locationY ?? 0, width: w.imageWidth ?? 0, height: w.imageHeight ?? 0 };
    fitsCanvas(ctx, box, canvas, ["videoParams", "layoutParams", "mixLayoutList", i], ["imageWidth", "imageHeight"]);
  });
  video.waterMarkList?.forEach((m, i) => {
    const member = m.waterMarkImage ? "waterMarkImage" : "waterMarkText";
    const mark = m[member];
    if (!mark) return;
    const box = { x: mark.locationX, y: mark.locationY, width: mark.waterMarkWidth, height: mark.waterMarkHeight };
    fitsCanvas(ctx, box, canvas, ["videoParams", "waterMarkList", i, member], ["waterMarkWidth", "waterMarkHeight"]);
  });
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** "The sum of LocationX and ImageWidth cannot exceed the width of the canvas", and so for heights and watermarks. */
function fitsCanvas(ctx: z.core.$RefinementCtx, box: Box, canvas: { width: number; height: number }, path: PropertyKey[], [width, height]: [string, string]) {
  if (box.x + box.width > canvas.width) {
    ctx.addIssue({ code: "custom", path: [...path, width], message: `locationX + ${width} must be at most the canvas width, ${canvas.width}` });
  }
  if (box.y + box.height > canvas.height) {
    ctx.addIssue({ code: "custom", path: [...path, height], message: `locationY + ${height} must be at most the canvas height, ${canvas.height}` });
  }
}

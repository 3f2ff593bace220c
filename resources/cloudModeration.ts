import { z } from "zod";
import { MODERATION_GONE } from "../provider/api/cloudModeration";
import { taskRef } from "../provider/api/room";
import * as field from "../provider/fields";
import { IN_PLACE, REPLACE, ROOM_BOT, SECRET, taskSpec } from "../provider/spec";
import { subscribeStreamUserIds } from "./cloudRecording";
import { roomTaskRequest, sliceTaskState, subscriptionsUpdate } from "./cloudSliceTask";

/**
 * Cloud moderation: a bot joins a room, slices its audio and screenshots its video, and submits
 * them to a moderation supplier, whose verdicts come back by callback. CreateCloudModeration /
 * DescribeCloudModeration / ModifyCloudModeration / DeleteCloudModeration (TRTC API reference,
 * "Cloud Moderation APIs"; members and ranges from the SDK models of 2026-08). Modify changes only
 * whose streams are moderated; everything else starts a new task.
 */

const { struct, text, appliesOnly } = field;

/** The supplier's own account, for a supplier other than TRTC's. */
const moderationSupplierParam = struct({
  appId: text.optional().describe("The supplier's account id (Tencent Tianyu needs it; NetEase Yidun does not)."),
  secretId: text.optional().describe("The supplier's key id (kept secret)."),
  secretKey: text.optional().describe("The supplier's key (kept secret)."),
  audioBizType: text.optional().describe("The supplier's audio policy id or businessId."),
  imageBizType: text.optional().describe("The supplier's image policy id or businessId."),
});

const DEFAULT_MODERATION_TYPE = 1;

const moderationParams = struct({
  // CreateCloudModeration (TRTC API reference, 2025-12-22) and the international Go SDK of
  // 2026-07 list types 1 to 5 (4 and 5 moderate the audio stream); the SDK models of 2026-08 list
  // 1 to 3. The newer wins.
  moderationType: z.literal([1, 2, 3], { error: "must be 1 (audio slices), 2 (video screenshots) or 3 (both)" })
    .meta(field.constants("ModerationType", { Audio: 1, Video: 2, AudioAndVideo: 3 }))
    .optional().describe("What to moderate: 1 audio slices (default), 2 video screenshots, 3 both."),
  maxIdleTime: field.int(5, 1800).optional().describe("Seconds the room may have no anchor publishing before the task ends itself: 5 to 1800 (TRTC's default 30)."),
  sliceAudio: field.int(15, 60).optional().describe("Seconds of audio per slice: 15 to 60 (default 15)."),
  sliceVideo: field.int(1, 60).optional().describe("Seconds between screenshots: 1 to 60 (default 5)."),
  // The page names tianyu, ace, shumei and yidun; the SDK models of 2026-08 name trtc: any name is
  // passed on, for TRTC to judge.
  moderationSupplier: text.optional().describe('The moderation supplier, e.g. "trtc" (TRTC\'s own), "tianyu", "ace", "shumei" or "yidun".'),
  moderationSupplierParam: moderationSupplierParam.optional().describe("The supplier's account, for a supplier other than trtc."),
  saveModerationFile: z.literal([0, 1, 2], { error: "must be 0 (save nothing), 1 (save every file) or 2 (save the files that hit)" })
    .optional().describe("Which slices and screenshots to keep in moderationStorageParams: 0 none (default), 1 all, 2 only those that hit."),
  callbackAllResults: z.literal([0, 1], { error: "must be 0 (every result) or 1 (only hits)" })
    .optional().describe("Which results the callback reports: 0 every result (default), 1 only hits."),
  subscribeStreamUserIds: subscribeStreamUserIds.optional().describe("Whose streams to moderate; by default every anchor's. Changes apply to the running task."),
}).superRefine((v, ctx) => {
  const type = v.moderationType ?? DEFAULT_MODERATION_TYPE;
  appliesOnly(ctx, v.sliceAudio, type !== 2, ["sliceAudio"], "moderationType is 1 or 3 (audio slices)");
  appliesOnly(ctx, v.sliceVideo, type !== 1, ["sliceVideo"], "moderationType is 2 or 3 (video screenshots)");
});

const DEFAULT_RESOURCE_EXPIRED_HOUR = 24;

const inputs = z.object({
  ...field.roomBot,
  moderationParams: moderationParams.describe("What to moderate, how often, and by whom."),
  moderationStorageParams: struct({ cloudModerationStorage: field.sliceStorage.describe("Your COS, AWS S3 or Alibaba Cloud OSS bucket.") })
    .optional().describe("Where saved slices and screenshots go (see moderationParams.saveModerationFile)."),
  resourceExpiredHour: field.int(6, 72).optional().describe("Hours (6 to 72, TRTC's default 24) during which TRTC accepts calls about the task. After that it runs on until idle, but cannot be read, changed or stopped from here."),
});

export type ModerationParams = z.output<typeof moderationParams>;
export type CloudModerationInputs = z.output<typeof inputs>;

const createRequest = roomTaskRequest("CreateCloudModeration");

export const cloudModeration = taskSpec({
  kind: "CloudModeration",
  bots: ROOM_BOT,
  endsBy: (v) =>
    `A moderation task ends once no anchor has published for moderationParams.maxIdleTime seconds (${v.moderationParams.maxIdleTime ?? 30}); ` +
    `past resourceExpiredHour (${v.resourceExpiredHour ?? DEFAULT_RESOURCE_EXPIRED_HOUR} hours) TRTC no longer describes it`,
  inputs: inputs.describe("Moderates a TRTC room's audio and video through a moderation supplier for as long as the resource exists (or until the room stays empty)."),
  fields: {
    ...field.roomBotRules,
    moderationParams: REPLACE,
    moderationStorageParams: REPLACE,
    resourceExpiredHour: REPLACE,
  },
  nestedFields: {
    // ModifyCloudModeration takes it as its own top-level SubscribeStreamUserIds.
    "moderationParams.subscribeStreamUserIds": IN_PLACE,
    "moderationParams.moderationSupplierParam.secretId": SECRET,
    "moderationParams.moderationSupplierParam.secretKey": SECRET,
    "moderationStorageParams.cloudModerationStorage.accessKey": SECRET,
    "moderationStorageParams.cloudModerationStorage.secretKey": SECRET,
  },
  identity: (v) => field.roomKey(v.sdkAppId, v.roomId, v.userId),
  start: {
    action: "CreateCloudModeration",
    request: (v) => {
      const request = createRequest(v);
      const supplier = (request.ModerationParams as { ModerationSupplierParam?: Record<string, unknown> }).ModerationSupplierParam;
      // The one member the API spells otherwise: ModerationSupplierParam's AppID.
      if (supplier?.AppId !== undefined) {
        supplier.AppID = supplier.AppId;
        delete supplier.AppId;
      }
      return request;
    },
    taskId: (response) => String(response.TaskId),
    // No caller key, and a second task with the same bot interrupts the previous one
    // (CreateCloudModeration's UserId): a lost answer is settled by the bot.
    evictBot: field.evictRoomBot,
  },
  describe: {
    action: "DescribeCloudModeration",
    request: taskRef,
    state: sliceTaskState,
    goneCodes: MODERATION_GONE,
  },
  update: {
    action: "ModifyCloudModeration",
    request: (taskId, v) => subscriptionsUpdate(taskId, v, v.moderationParams.subscribeStreamUserIds),
  },
  stop: {
    action: "DeleteCloudModeration",
    request: taskRef,
    goneCodes: MODERATION_GONE,
  },
});

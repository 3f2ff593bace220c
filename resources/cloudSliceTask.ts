import { z } from "zod";
import { roomOf } from "../provider/api";
import { SLICE_GONE } from "../provider/api/cloudSliceTask";
import { taskRef } from "../provider/api/room";
import * as field from "../provider/fields";
import { type ApiParams, type ApiResponse } from "../provider/client";
import { CREDENTIAL, IN_PLACE, REPLACE, ROOM_BOT, SECRET, type TaskState, taskSpec, toApi } from "../provider/spec";
import { subscribeStreamUserIds } from "./cloudRecording";

/**
 * Cloud slicing: a bot joins a room and cuts each anchor's audio into slices and takes screenshots
 * of their video at intervals, uploading them to COS, AWS S3 or Alibaba Cloud OSS.
 * CreateCloudSliceTask / DescribeCloudSliceTask / ModifyCloudSliceTask / DeleteCloudSliceTask
 * (TRTC API reference, "Cloud Slicing APIs"; members and ranges from the SDK models of 2026-08).
 * Modify changes only whose streams are sliced; everything else starts a new task.
 */

const { struct, appliesOnly } = field;

/** SliceType and ModerationType: 1 audio, 2 video, 3 both. */
const SLICES_AUDIO = [1, 3];
const SLICES_VIDEO = [2, 3];

const sliceParams = struct({
  sliceType: z.literal([1, 2, 3], { error: "must be 1 (audio slices), 2 (video screenshots) or 3 (both)" })
    .meta(field.constants("SliceType", { Audio: 1, Video: 2, AudioAndVideo: 3 }))
    .describe("1 audio slices, 2 video screenshots, 3 both."),
  maxIdleTime: field.int(5, 86400).optional().describe("Seconds the room may have no anchors before the task ends itself: 5 to 86400 (TRTC's default 30)."),
  sliceAudio: field.int(15, 60).optional().describe("Seconds of audio per slice: 15 to 60 (default 15)."),
  sliceVideo: field.int(5, 60).optional().describe("Seconds between screenshots: 5 to 60 (default 5)."),
  subscribeStreamUserIds: subscribeStreamUserIds.optional().describe("Whose streams to slice; by default every anchor's. Changes apply to the running task."),
  sliceImageType: z.literal([0, 1], { error: "must be 0 (PNG) or 1 (JPG)" }).optional().describe("Screenshot format: 0 PNG (default), 1 JPG."),
}).superRefine((v, ctx) => {
  appliesOnly(ctx, v.sliceAudio, SLICES_AUDIO.includes(v.sliceType), ["sliceAudio"], "sliceType is 1 or 3 (audio slices)");
  appliesOnly(ctx, v.sliceVideo, SLICES_VIDEO.includes(v.sliceType), ["sliceVideo"], "sliceType is 2 or 3 (video screenshots)");
  appliesOnly(ctx, v.sliceImageType, SLICES_VIDEO.includes(v.sliceType), ["sliceImageType"], "sliceType is 2 or 3 (video screenshots)");
});

const inputs = z.object({
  ...field.roomBot,
  sliceParams: sliceParams.describe("What to slice and how often."),
  sliceStorageParams: struct({ cloudSliceStorage: field.sliceStorage.describe("Your COS, AWS S3 or Alibaba Cloud OSS bucket.") })
    .describe("Where the slices and screenshots go."),
  resourceExpiredHour: field.int(6, 720).optional().describe("Hours (6 to 720, TRTC's default 72) during which TRTC accepts calls about the task. After that it runs on until idle, but cannot be read, changed or stopped from here."),
  privateMapKey: field.privateMapKey.optional().describe("Only for rooms with advanced permission control (kept secret)."),
});

export type SliceParams = z.output<typeof sliceParams>;
export type CloudSliceTaskInputs = z.output<typeof inputs>;

/** The request of a Create that names its room at the top level: the room in the family's numbering. */
export function roomTaskRequest(action: "CreateCloudSliceTask" | "CreateCloudModeration") {
  return ({ roomId, ...rest }: { roomId: number | string }): ApiParams => ({ ...(toApi(rest) as ApiParams), ...roomOf(action, roomId) });
}

/** Describe's state of a slicing task: Idle (waiting for anchors) and InProgress run; Exited is on its way out. */
export function sliceTaskState(response: ApiResponse): TaskState | undefined {
  return response.Status === "Exited" ? undefined : { status: String(response.Status) };
}

/** Modify's request: the subscription lists whole, none meaning every anchor, as Create's default. */
export function subscriptionsUpdate(taskId: string, v: { sdkAppId: number }, lists: object | undefined): ApiParams {
  return { ...taskRef(taskId, v), SubscribeStreamUserIds: toApi(lists ?? {}) };
}

export const cloudSliceTask = taskSpec({
  kind: "CloudSliceTask",
  bots: ROOM_BOT,
  endsBy: (v) =>
    `A slicing task ends once the room has had no anchor for sliceParams.maxIdleTime seconds (${v.sliceParams.maxIdleTime ?? 30}); ` +
    `past resourceExpiredHour (${v.resourceExpiredHour ?? 72} hours) TRTC no longer describes it`,
  inputs: inputs.describe("Slices a TRTC room's audio and screenshots its video to your bucket for as long as the resource exists (or until the room stays empty)."),
  fields: {
    ...field.roomBotRules,
    sliceParams: REPLACE,
    sliceStorageParams: REPLACE,
    resourceExpiredHour: REPLACE,
    privateMapKey: CREDENTIAL,
  },
  nestedFields: {
    // ModifyCloudSliceTask takes it as its own top-level SubscribeStreamUserIds.
    "sliceParams.subscribeStreamUserIds": IN_PLACE,
    "sliceStorageParams.cloudSliceStorage.accessKey": SECRET,
    "sliceStorageParams.cloudSliceStorage.secretKey": SECRET,
  },
  identity: (v) => field.roomKey(v.sdkAppId, v.roomId, v.userId),
  start: {
    action: "CreateCloudSliceTask",
    request: roomTaskRequest("CreateCloudSliceTask"),
    taskId: (response) => String(response.TaskId),
    // No caller key, and a second task with the same bot "interrupts the previous" one: a lost
    // answer is settled by the bot, as CloudRecording's.
    evictBot: field.evictRoomBot,
  },
  describe: {
    action: "DescribeCloudSliceTask",
    request: taskRef,
    state: sliceTaskState,
    goneCodes: SLICE_GONE,
  },
  update: {
    action: "ModifyCloudSliceTask",
    request: (taskId, v) => subscriptionsUpdate(taskId, v, v.sliceParams.subscribeStreamUserIds),
  },
  stop: {
    action: "DeleteCloudSliceTask",
    request: taskRef,
    goneCodes: SLICE_GONE,
  },
});

import { z } from "zod";
import { LIVE_MODERATION_GONE } from "../provider/api/liveStreamModeration";
import { roomParams, taskRef } from "../provider/api/room";
import * as field from "../provider/fields";
import { REPLACE, SECRET, taskSpec, toApi } from "../provider/spec";
import { pushUrlShown } from "../provider/api/relay";

/**
 * Live stream moderation: TRTC pulls a live stream (an RTMP URL, or an Agora channel), takes
 * frames and audio slices of it at intervals and sends them to AI content understanding, whose
 * results reach your callback. CreateLiveStreamModeration / DescribeLiveStreamModeration /
 * DeleteLiveStreamModeration (TRTC API reference, mainland site, 2026-07-29 and 2026-08-06; members
 * from the SDK models). No room and no bot of its own; no update API, so every change starts a new task.
 */

const { struct, text, int, appliesOnly } = field;

/** "Character length less than 2048" (Input.Url). */
const MAX_URL_CHARS = 2047;

const agoraParam = struct({
  appId: text.optional().describe("The Agora application id."),
  channel: text.optional().describe("The Agora channel name."),
  channelProfile: z.literal([0, 1], { error: "must be 0 (communication) or 1 (live broadcast)" }).optional().describe("0 communication (default), 1 live broadcast."),
  token: text.optional().describe("A temporary token for the channel (kept secret)."),
  uid: field.wholeNumber().optional().describe("The user id the puller joins as."),
  trustedUserIdList: z.array(field.wholeNumber(), { error: "must be a list of user ids" }).optional().describe("Trusted users."),
  untrustedUserIdList: z.array(field.wholeNumber(), { error: "must be a list of user ids" }).optional().describe("Untrusted users."),
});

const input = struct({
  url: field.url(["rtmp", "rtmps", "http", "https"])
    .refine((url) => url.length <= MAX_URL_CHARS, { error: "must be less than 2048 characters" })
    .optional().describe("The live stream to pull, less than 2048 characters (kept secret: such URLs carry a UserSig or a key; the part before `?` is shown)."),
  format: z.literal("rtmp", { error: 'must be "rtmp", the one protocol documented' }).optional().describe('The protocol, when the URL does not say it: "rtmp".'),
  agoraParam: agoraParam.optional().describe("Pull from an Agora channel instead of a URL."),
}).superRefine((v, ctx) => {
  if ((v.url === undefined) === (v.agoraParam === undefined)) ctx.addIssue({ code: "custom", message: "must set exactly one of url or agoraParam" });
  appliesOnly(ctx, v.format, v.url !== undefined, ["format"], "pulling a url");
}).meta({ typeName: "LiveStreamInput" });

const liveModerationParams = struct({
  moderationType: z.literal([1, 2, 3], { error: "must be 1 (audio slices), 2 (video frames) or 3 (both)" }).optional().describe("1 audio slices, 2 video frames, 3 both (default)."),
  maxIdleTime: int(30, 1800).optional().describe("Seconds without an incoming stream before the task ends itself: 30 to 1800 (default 30)."),
  sliceVideo: int(1, 60).optional().describe("Seconds between video frames: 1 to 60 (default 5)."),
  sliceAudio: int(5, 60).optional().describe("Seconds of each audio slice: 5 to 60 (default 15)."),
  saveModerationFile: z.literal([0, 1, 2], { error: "must be 0 (none), 1 (all) or 2 (only hits)" }).optional().describe("Files kept in storage: 0 none, 1 all (default), 2 only those that hit."),
  callbackAllResults: z.literal([0, 1], { error: "must be 0 (every result) or 1 (only hits)" }).optional().describe("0 calls back every result (default), 1 only hits."),
});

/** CloudModerationStorage: COS, AWS S3 or, unlike recording storage, Alibaba Cloud OSS. */
const moderationStorage = field.cloudStorage.extend({
  vendor: z.literal([0, 1, 2], { error: "must be 0 (Tencent Cloud COS), 1 (AWS S3) or 2 (Alibaba Cloud OSS)" }).describe("0 Tencent Cloud COS, 1 AWS S3, 2 Alibaba Cloud OSS."),
}).meta({ typeName: "LiveModerationStorage" });

const sourceInfo = struct({
  roomId: field.roomId.optional().describe("The live room the stream belongs to: a number or a string (passed to your callback)."),
  userId: field.anchorId.optional().describe("The anchor being moderated (passed to your callback)."),
}).meta({ typeName: "LiveModerationSourceInfo" });

/** "Length limit 60 characters" (DataId). */
const MAX_DATA_ID = 60;

const inputs = z.object({
  sdkAppId: field.sdkAppId,
  input: input.describe("The stream to moderate: a url, or an Agora channel."),
  liveModerationParams: liveModerationParams.describe("What is sliced, how often, and what is kept."),
  dataId: z.string({ error: "must be a string" }).min(1, { error: "must not be empty" }).max(MAX_DATA_ID, { error: `must be at most ${MAX_DATA_ID} characters` }).optional().describe("Your id for the task, passed to your callback as it is."),
  sourceInfo: sourceInfo.optional().describe("The room and anchor the stream is of, passed to your callback as they are."),
  liveModerationStorageParams: struct({ cloudModerationStorage: moderationStorage.optional() }).optional().describe("Where slices and frames are kept."),
  resourceExpiredHour: int(1, 72).optional().describe("Hours the task may live at most: 1 to 72 (default 48)."),
});

export type LiveStreamModerationInputs = z.output<typeof inputs>;

const DEFAULTS = { maxIdleTime: 30, resourceExpiredHour: 48 };

export const liveStreamModeration = taskSpec({
  kind: "LiveStreamModeration",
  bots: [],
  endsBy: (v) =>
    `A live stream moderation ends once the stream has been silent for liveModerationParams.maxIdleTime seconds (${v.liveModerationParams.maxIdleTime ?? DEFAULTS.maxIdleTime}), ` +
    `or after resourceExpiredHour (${v.resourceExpiredHour ?? DEFAULTS.resourceExpiredHour} hours)`,
  inputs: inputs.describe("AI content moderation of a live stream for as long as the resource exists (or until the stream stops)."),
  // CreateLiveStreamModeration is the only way to set anything: every change replaces the task.
  fields: {
    sdkAppId: REPLACE,
    input: REPLACE,
    liveModerationParams: REPLACE,
    dataId: REPLACE,
    sourceInfo: REPLACE,
    liveModerationStorageParams: REPLACE,
    resourceExpiredHour: REPLACE,
  },
  nestedFields: {
    "input.url": { ...SECRET, shown: pushUrlShown },
    "input.agoraParam.token": SECRET,
    "liveModerationStorageParams.cloudModerationStorage.accessKey": SECRET,
    "liveModerationStorageParams.cloudModerationStorage.secretKey": SECRET,
  },
  start: {
    action: "CreateLiveStreamModeration",
    request: ({ sourceInfo, ...rest }) => ({
      ...(toApi(rest) as object),
      // SourceInfo numbers RoomIdType 0 string, 1 number: the standard numbering.
      ...(sourceInfo !== undefined && {
        SourceInfo: sourceInfo.roomId === undefined ? toApi(sourceInfo) : { ...(toApi(sourceInfo) as object), ...roomParams(sourceInfo.roomId, "standard") },
      }),
    }),
    taskId: (response) => String(response.TaskId),
    // No settling of a lost answer: DataId is passed through, not looked up (Describe takes a
    // TaskId alone), and there is no bot to remove. A lost answer fails the create as it is.
  },
  describe: {
    action: "DescribeLiveStreamModeration",
    request: taskRef,
    // "Only valid while the task runs"; Idle and InProgress run, Exited is on its way out.
    state: (response) => (response.Status === "Exited" ? undefined : { status: String(response.Status) }),
    goneCodes: LIVE_MODERATION_GONE,
  },
  stop: {
    action: "DeleteLiveStreamModeration",
    request: taskRef,
    goneCodes: LIVE_MODERATION_GONE,
  },
});

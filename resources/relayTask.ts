import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import * as field from "../provider/fields";
import { pushUrlShown, RELAY_GONE } from "../provider/api/relay";
import { roomOf } from "../provider/api";
import { type Room, taskRef } from "../provider/api/room";
import type { ApiParams } from "../provider/client";
import { IN_PLACE, REPLACE, SECRET, SECRET_IN_PLACE, taskSpec, toApi } from "../provider/spec";
import { audioParams, checkVideo, flag, namedStream, VIDEO_IN_PLACE, videoParams } from "./relayMedia";

/**
 * Mix and relay (MCU): a bot joins a room, mixes its anchors into one stream (or relays one anchor's
 * stream as it is), pushes it to CDN addresses and back into TRTC rooms, and optionally records it.
 * StartPublishCdnStream / UpdatePublishCdnStream / StopPublishCdnStream (TRTC API reference, 2025-03-11; data
 * types 2024-10-22), with the members the official SDK's models add (recordParams, soundLevel,
 * transparentUrl, ...). There is no Describe API: see `probe` below.
 */

const { struct, text, atLeast, pattern, appliesOnly, requiredWhen } = field;
const { sdkAppId, roomId, userId, userSig } = field.roomBot;


const payloadType = (...also: number[]) =>
  field.wholeNumber().refine((t) => also.includes(t) || (t >= 100 && t <= 254 && t !== 244), {
    error: `must be ${also.map((t) => `${t} or `).join("")}from 100 to 254, but not 244 (Tencent's timestamp SEI)`,
  });

const seiParams = struct({
  layoutVolume: struct({
    appData: z.string({ error: "must be a string" }).max(4095, { error: "must be shorter than 4096 characters" }).optional().describe("Copied into the SEI's app_data: under 4096 characters."),
    payloadType: payloadType().optional(),
    interval: atLeast(1).optional().describe("Milliseconds between SEI messages (default 1000)."),
    followIdr: flag("SEI not guaranteed, or guaranteed on keyframes").optional(),
  }).optional().describe("Every anchor's window and volume as SEI, for players that draw on the mix."),
  passThrough: struct({
    payloadContent: text,
    payloadType: payloadType(5),
    payloadUuid: pattern(/^[0-9A-Fa-f]{32}$/, "32 hex digits").optional().describe("32 hex digits, required with payloadType 5."),
    interval: atLeast(1).optional(),
    followIdr: flag("SEI not guaranteed, or guaranteed on keyframes").optional(),
  }).superRefine((v, ctx) => {
    requiredWhen(ctx, v.payloadUuid, v.payloadType === 5, ["payloadUuid"], "payloadType is 5");
    appliesOnly(ctx, v.payloadUuid, v.payloadType === 5, ["payloadUuid"], "payloadType is 5");
  }).optional().describe("Your own SEI, passed through."),
});

/** A CDN push address (McuPublishCdnParam), shared with WebRecord, which pushes its page the same way. */
export const publishCdn = struct({
  publishCdnUrl: field.url(["rtmp"]).describe("An rtmp push URL. Its auth query (txSecret, ...) is a credential, kept secret; previews show the rest. Any change restarts that push."),
  isTencentCdn: flag("another CDN, or Tencent Cloud CDN").optional().describe("1 Tencent Cloud CDN (TRTC's default), 0 another CDN (billed as relay; must be enabled for you)."),
});

/** A bot that pushes the mix into a room (SDK 10.4 and later). */
const feedBackRoom = struct({
  roomId: roomId.describe("A number for an integer room, a string for a string room."),
  userId: userId.describe("The bot's user id: not any other user's or bot's in that room."),
  userSig: userSig.describe("The bot's UserSig (kept secret); without it the provider signs one from trtc:sdkSecretKey."),
});

const mcuStorageParams = struct({
  cloudStorage: field.cloudStorage.optional().describe("Your COS or AWS S3 bucket."),
  mcuCloudVod: struct({ mcuTencentVod: field.tencentVod.omit({ mediaType: true, userDefineRecordId: true }).optional() }).optional().describe("Tencent Cloud VOD."),
}).superRefine((v, ctx) => {
  if ((v.cloudStorage === undefined) === (v.mcuCloudVod === undefined)) ctx.addIssue({ code: "custom", message: "must set exactly one of cloudStorage or mcuCloudVod" });
});

const API_RECORDING = "uniRecord is 3 (record with these parameters)";

/** Recording of the relayed stream (the SDK's McuRecordParams). */
const recordParams = struct({
  uniRecord: z.literal([1, 2, 3], { error: "must be 1 (do not record), 2 (record with the console's template) or 3 (record with these parameters)" }).describe("1 do not record, 2 record with the console's template, 3 record with the parameters below."),
  recordKey: pattern(/^[A-Za-z0-9_-]{1,128}$/, "1 to 128 letters, digits, _ or -").optional().describe("Relays started with the same key record into the same file, so a replacement continues the recording."),
  recordWaitTime: field.int(5, 86400).optional().describe("Seconds to wait for a relay with the same recordKey before the file is closed: 5 to 86400 (default 30)."),
  recordFormat: z
    .array(z.enum(["hls", "mp4", "aac"], { error: "must be hls, mp4 or aac" }), { error: "must be a list of formats" })
    .refine((formats) => !(formats.includes("mp4") && formats.includes("aac")), { error: "cannot have both mp4 and aac" })
    .optional().describe("Any of hls, mp4 and aac, but not mp4 and aac together (default mp4)."),
  maxMediaFileDuration: field.int(1, 1440).optional().describe("Minutes after which an mp4 or aac file is split: 1 to 1440 (default)."),
  streamType: z.literal([0, 1, 2], { error: "must be 0 (audio and video), 1 (audio only) or 2 (video only)" }).optional().describe("0 audio and video, 1 audio only, 2 video only."),
  userDefineRecordPrefix: pattern(/^[A-Za-z0-9_-]{1,64}$/, "1 to 64 letters, digits, _ or -").optional().describe("Prefix of the file names in VOD."),
  mcuStorageParams: mcuStorageParams.optional().describe("Where the files go: exactly one of cloudStorage or mcuCloudVod."),
}).superRefine((v, ctx) => {
  for (const member of ["recordWaitTime", "recordFormat", "maxMediaFileDuration", "streamType", "mcuStorageParams"] as const) {
    appliesOnly(ctx, v[member], v.uniRecord === 3, [member], API_RECORDING);
  }
});

const MIXING = "withTranscoding is 1 (mix)";

const inputs = z
  .object({
    sdkAppId: sdkAppId.describe("The SDKAppID of the TRTC application the room belongs to."),
    roomId: roomId.describe("The main room: a number for an integer room, a string for a string room."),
    agentParams: struct({
      userId: userId.describe("The bot's user id: not any anchor's or other bot's in the room."),
      userSig: userSig.optional().describe("The bot's UserSig (kept secret); TRTC documents it as optional."),
      maxIdleTime: field.int(5, 86400).optional().describe("Seconds after the last mixed anchor left before the task ends itself: 5 to 86400 (TRTC's default 30)."),
    }).describe("The bot that joins the main room to pull the streams."),
    withTranscoding: z.literal([0, 1], { error: "must be 0 (relay one stream as it is) or 1 (mix and transcode)" }).meta(field.constants("WithTranscoding", { Relay: 0, Transcode: 1 })).describe("1 mixes the anchors into one transcoded stream (billed as transcoding); 0 relays one anchor's stream as it is."),
    audioParams: audioParams.describe("The audio's encoding and whose audio is mixed."),
    videoParams: videoParams.optional().describe("The video: without it, only audio is relayed."),
    singleSubscribeParams: struct({ userMediaStream: namedStream }).optional().describe("withTranscoding 0: the anchor whose stream is relayed. Changes apply to the running task."),
    publishCdnParams: z.array(publishCdn, { error: "must be a list of CDN addresses" }).max(10, { error: "must have at most 10 CDN addresses" }).optional().describe("Up to 10 CDN push addresses. Changes (adding, removing, editing) apply to the running task."),
    seiParams: seiParams.optional().describe("SEI to add to the mix. Changes apply to the running task."),
    feedBackRoomParams: z.array(feedBackRoom, { error: "must be a list of rooms" }).max(10, { error: "must have at most 10 rooms" }).optional().describe("Up to 10 rooms to push the mix back into, each by its own bot. Changes apply to the running task."),
    recordParams: recordParams.optional().describe("Recording of the relayed stream."),
  })
  .superRefine((v, ctx) => {
    const mixing = v.withTranscoding === 1;
    requiredWhen(ctx, v.singleSubscribeParams, !mixing, ["singleSubscribeParams"], "withTranscoding is 0 (relay one stream)");
    appliesOnly(ctx, v.singleSubscribeParams, !mixing, ["singleSubscribeParams"], "withTranscoding is 0 (relay one stream)");
    for (const member of VIDEO_IN_PLACE) appliesOnly(ctx, v.videoParams?.[member], mixing, ["videoParams", member], MIXING);
    for (const list of ["subscribeAudioList", "unSubscribeAudioList"] as const) appliesOnly(ctx, v.audioParams[list], mixing, ["audioParams", list], MIXING);
    appliesOnly(ctx, v.seiParams, mixing, ["seiParams"], MIXING);
    if (!v.publishCdnParams?.length && !v.feedBackRoomParams?.length) {
      ctx.addIssue({ code: "custom", path: ["publishCdnParams"], message: "give at least one CDN address, or a room in feedBackRoomParams" });
    }

    if (v.videoParams) checkVideo(ctx, v.videoParams, v.roomId);

    // Every bot is one TRTC user: a feedback bot may not be the agent or another feedback bot.
    botsOf(v).forEach((bot, i, bots) => {
      if (bots.indexOf(bot) < i) ctx.addIssue({ code: "custom", path: ["feedBackRoomParams", i - 1, "userId"], message: "is already a bot of this task in that room" });
    });
  });

/** The TRTC users a task's bots are: the agent in the main room, then each feedback room's bot. */
function botsOf(v: { sdkAppId: number; roomId: number | string; agentParams: { userId: string }; feedBackRoomParams?: { roomId: number | string; userId: string }[] }): string[] {
  const feedback = (v.feedBackRoomParams ?? []).map((f) => field.roomKey(v.sdkAppId, f.roomId, f.userId));
  return [field.roomKey(v.sdkAppId, v.roomId, v.agentParams.userId), ...feedback];
}


export type RelayTaskInputs = z.output<typeof inputs>;
export type RelayAgentParams = RelayTaskInputs["agentParams"];
export type RelayVideoParams = z.output<typeof videoParams>;
export type RelayPublishCdn = z.output<typeof publishCdn>;
export type RelayFeedBackRoom = z.output<typeof feedBackRoom>;

/** The API's names, and its rooms: every RoomId of this family travels with a RoomIdType. */
function api(value: unknown): unknown {
  const renamed = toApi(value);
  const typeRooms = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(typeRooms);
    if (typeof v !== "object" || v === null) return v;
    const out = Object.fromEntries(Object.entries(v).map(([k, member]) => [k, typeRooms(member)]));
    if (!("RoomId" in out)) return out;
    // Only a number is turned into text: anything else is sent as it is, for TRTC to judge.
    return { ...out, ...roomOf("StartPublishCdnStream", out.RoomId as Room) };
  };
  return typeRooms(renamed);
}

/** The floating layout: what a task shows when the program gives no layout. */
const FLOATING = { mixLayoutMode: 1 };

/**
 * What UpdatePublishCdnStream can change, each as the program gives it. Update changes only what it
 * is sent, and a member left out means "no change", so a member that changed is sent whole, with
 * what the program removed sent as empty lists or the default: removing the last CDN address
 * sends `PublishCdnParams: []`, removing the layout sends the floating one.
 */
const CHANGEABLE: Record<string, (v: Partial<RelayTaskInputs>) => unknown> = {
  // Only the lists: "updating audio parameters (codec, sample rate, bitrate, channels) is not supported".
  // An update built against nothing (an adoption, trtc:fullUpdates) has no audioParams in `olds`.
  AudioParams: ({ audioParams: a }) => ({ subscribeAudioList: a?.subscribeAudioList ?? [], unSubscribeAudioList: a?.unSubscribeAudioList ?? [] }),
  // All but the encoding: a given VideoParams replaces the video settings but VideoEncode.
  VideoParams: ({ videoParams: video }) =>
    video && { ...Object.fromEntries(VIDEO_IN_PLACE.map((m) => [m, video[m]])), layoutParams: video.layoutParams ?? FLOATING, waterMarkList: video.waterMarkList ?? [] },
  SingleSubscribeParams: (v) => v.singleSubscribeParams,
  PublishCdnParams: (v) => v.publishCdnParams ?? [],
  SeiParams: (v) => v.seiParams ?? {},
  FeedBackRoomParams: (v) => v.feedBackRoomParams ?? [],
};

/**
 * An update sending what differs between `olds` and `news`; with nothing different it changes
 * nothing. That a member left out is left unchanged is assumed (docs/parity.md): built against
 * `{}` (trtc:fullUpdates) it sends every member not at its default.
 */
function updateRequest(taskId: string, news: RelayTaskInputs, olds: Partial<RelayTaskInputs>) {
  const changed = Object.entries(CHANGEABLE).filter(([, of]) => !isDeepStrictEqual(of(news), of(olds)));
  return {
    ...taskRef(taskId, news),
    // Required by Update, and never a change: it cannot change in place.
    WithTranscoding: news.withTranscoding,
    ...Object.fromEntries(changed.map(([name, of]) => [name, api(of(news))])),
  };
}

export const relayTask = taskSpec({
  kind: "RelayTask",
  inputs: inputs.describe("Mixes a TRTC room and relays it to CDNs and back into rooms for as long as the resource exists (or until its anchors stay away)."),
  fields: {
    sdkAppId: REPLACE,
    roomId: REPLACE,
    // Update takes no AgentParams: the bot, its sig and its idle time-out are the task's own.
    agentParams: REPLACE,
    // "Cannot change in place"; Update requires it only to match.
    withTranscoding: REPLACE,
    // The encoding is fixed; only the mix lists (below) change in place.
    audioParams: REPLACE,
    // The encoding is fixed, and adding or removing video switches between audio only and audio
    // and video, which a task cannot do; the rest (below) changes in place.
    videoParams: REPLACE,
    singleSubscribeParams: IN_PLACE,
    publishCdnParams: IN_PLACE,
    seiParams: IN_PLACE,
    feedBackRoomParams: IN_PLACE,
    // Update takes no RecordParams.
    recordParams: REPLACE,
  },
  nestedFields: {
    "agentParams.userSig": SECRET,
    "audioParams.subscribeAudioList": IN_PLACE,
    "audioParams.unSubscribeAudioList": IN_PLACE,
    ...Object.fromEntries(VIDEO_IN_PLACE.map((member) => [`videoParams.${member}`, IN_PLACE])),
    // A list element's member that is a credential, changed in place with its list.
    "publishCdnParams[].publishCdnUrl": { ...SECRET_IN_PLACE, shown: pushUrlShown },
    "feedBackRoomParams[].userSig": SECRET_IN_PLACE,
    "recordParams.mcuStorageParams.cloudStorage.accessKey": SECRET,
    "recordParams.mcuStorageParams.cloudStorage.secretKey": SECRET,
  },
  // The agent in the main room, then each feedback room's bot.
  endsBy: (v) => `A relay ends once its anchors have been away for agentParams.maxIdleTime seconds (${v.agentParams.maxIdleTime ?? 30})`,
  bots: [
    // StartPublishCdnStream documents the agent's UserSig as optional.
    { userId: "agentParams.userId", userSig: "agentParams.userSig", sigOptional: true },
    { userId: "feedBackRoomParams[].userId", userSig: "feedBackRoomParams[].userSig" },
  ],
  // The agent in the main room and each feedback bot in its room.
  identity: botsOf,
  outputs: ["sequenceNumber"] satisfies (keyof RelayTaskOutputs)[],
  sequence: { param: "SequenceNumber", output: "sequenceNumber" },
  start: {
    action: "StartPublishCdnStream",
    request: (v) => api(v) as ApiParams,
    taskId: (response) => String(response.TaskId),
    // No Describe at all: a lost answer is settled by the agent, the bot in the main room (a
    // feedback bot runs only while its agent's task does).
    evictBot: { ...field.evictRoomBot, bot: (v) => field.evictRoomBot.bot({ ...v, userId: v.agentParams.userId }) },
  },
  // No Describe: refresh sends an update that changes nothing. It succeeds while the task runs and
  // answers ResourceNotFound once it ended; its fresh SequenceNumber is recorded like any other.
  // No page says such an update succeeds: a parameter or operation refusal keeps the relay (docs/parity.md).
  probe: {
    action: "UpdatePublishCdnStream",
    request: (taskId, v) => updateRequest(taskId, v, v),
    goneCodes: RELAY_GONE,
    refusedBy: ["InvalidParameter", "MissingParameter", "UnknownParameter", "UnsupportedOperation", "FailedOperation"],
  },
  update: {
    action: "UpdatePublishCdnStream",
    request: updateRequest,
    // A relay ends itself MaxIdleTime after its anchors leave, and refresh is the only way to see
    // that: an update that finds it gone starts it again rather than failing `pulumi up`.
    restartIfGone: true,
  },
  stop: {
    action: "StopPublishCdnStream",
    // No RecordKey: a recording waits recordWaitTime for a relay with the same key (a replacement) to go on.
    request: taskRef,
    goneCodes: RELAY_GONE,
  },
});

/** The resource's own outputs besides the task's id and status. */
export interface RelayTaskOutputs {
  /** The SequenceNumber last sent to the task (by an update or a refresh); absent until the first. */
  sequenceNumber?: number;
}

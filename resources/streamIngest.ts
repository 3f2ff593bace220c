import { z } from "zod";
import * as field from "../provider/fields";
import { roomOf } from "../provider/api";
import { taskRef } from "../provider/api/room";
import { STREAM_INGEST_GONE } from "../provider/api/streamIngest";
import { CREDENTIAL, IN_PLACE, REPLACE, ROOM_BOT, taskSpec, toApi } from "../provider/spec";

/**
 * Stream ingest (pull-stream relay): a bot joins a room and plays an online media stream into it.
 * StartStreamIngest / UpdateStreamIngest / DescribeStreamIngest / StopStreamIngest.
 */
/** The playback speeds StartStreamIngest and UpdateStreamIngest take (the SDK's models). */
const TEMPOS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2] as const;

/** What an update sends of a member with a default: its value, or the default to undo one set before; nothing if never set. */
function setOrUndone<T>(value: T | undefined, before: T | undefined, byDefault: T): T | undefined {
  return value ?? (before !== undefined ? byDefault : undefined);
}

const inputs = z
  .object({
    ...field.roomBot,
    streamUrl: field.url(["http", "https", "rtmp", "rtmps"]).describe("The media to play: an http(s) file or HLS playlist, or an rtmp(s) stream."),
    privateMapKey: field.privateMapKey.optional().describe("Only for rooms with advanced permission control."),
    seekSecond: field.atLeast(0).optional().describe("Start playing this many seconds into the media."),
    autoPush: z.boolean({ error: "must be true or false" }).optional().describe("Also relay to CDN (must be enabled in the console)."),
    repeatNum: field
      .int(-1, 1000)
      .refine((n) => n !== 0, { error: "must be -1 (loop) or from 1 to 1000, not 0" })
      .default(1).describe("Times to play the media: 1 to 1000, or -1 to loop until stopped or maxDuration."),
    maxDuration: field.int(1, 10080).optional().describe("Minutes a looping task (repeatNum -1) runs before it ends itself: 1 to 10080."),
    volume: field.int(0, 100).default(100).describe("0 to 100, where 100 is the original volume."),
    isPause: z.boolean({ error: "must be true or false" }).default(false).describe("Pause playback; a paused task still runs and is billed."),
    enableProgress: z.boolean({ error: "must be true or false" }).optional().describe("Send the playback progress to the room's players as TRTC custom data (default false)."),
    tempo: z.literal(TEMPOS, { error: `must be one of ${TEMPOS.join(", ")}` }).optional().describe(`Playback speed: ${TEMPOS.join(", ")} (default 1).`),
    idleTimeout: field.int(0, 600).optional().describe("Seconds the task may stay idle before it ends itself: 0 to 600; by default TRTC decides."),
  })
  .superRefine((v, ctx) => {
    if (v.maxDuration !== undefined && v.repeatNum !== -1) {
      ctx.addIssue({ code: "custom", path: ["maxDuration"], message: "applies only when repeatNum is -1 (loop)" });
    }
  });

export type StreamIngestInputs = z.output<typeof inputs>;

export const streamIngest = taskSpec({
  kind: "StreamIngest",
  bots: ROOM_BOT,
  endsBy: (v) =>
    v.repeatNum === -1
      ? `A looping ingest ends after maxDuration (${v.maxDuration ?? "TRTC's default"} minutes), or when its stream stops`
      : `An ingest ends once its media has played repeatNum times (${v.repeatNum})`,
  inputs: inputs.describe("Plays an online media stream into a TRTC room for as long as the resource exists."),
  fields: {
    ...field.roomBotRules,
    streamUrl: IN_PLACE,
    privateMapKey: CREDENTIAL,
    seekSecond: REPLACE,
    autoPush: REPLACE,
    repeatNum: REPLACE,
    maxDuration: REPLACE,
    volume: IN_PLACE,
    isPause: IN_PLACE,
    enableProgress: IN_PLACE,
    tempo: IN_PLACE,
    idleTimeout: REPLACE,
  },
  identity: (v) => field.roomKey(v.sdkAppId, v.roomId, v.userId),
  start: {
    action: "StartStreamIngest",
    request: ({ roomId, isPause: _paused, ...rest }) => ({ ...(toApi(rest) as object), ...roomOf("StartStreamIngest", roomId) }),
    taskId: (response) => String(response.TaskId),
    // No caller key and no Describe but by TaskId: a lost answer is settled by the bot.
    evictBot: field.evictRoomBot,
    // Describe knows only InProgress and NotExist, and a task Start just made exists.
    started: { status: "InProgress" },
  },
  // Start cannot start paused: pausing is an update.
  afterStart: (taskId, v) =>
    v.isPause ? { action: "UpdateStreamIngest", params: { ...taskRef(taskId, v), IsPause: true } } : undefined,
  describe: {
    action: "DescribeStreamIngest",
    request: taskRef,
    state: (response) => (response.Status === "InProgress" ? { status: "InProgress" } : undefined),
  },
  update: {
    action: "UpdateStreamIngest",
    request: (taskId, v, olds) => ({
      ...taskRef(taskId, v),
      StreamUrl: v.streamUrl,
      Volume: v.volume,
      IsPause: v.isPause,
      EnableProgress: setOrUndone(v.enableProgress, olds.enableProgress, false),
      Tempo: setOrUndone(v.tempo, olds.tempo, 1),
    }),
  },
  stop: {
    action: "StopStreamIngest",
    request: taskRef,
    goneCodes: STREAM_INGEST_GONE,
  },
});

// Mix-and-relay to CDN (MCU): StartPublishCdnStream, UpdatePublishCdnStream and
// StopPublishCdnStream (TRTC API reference), with their error codes; the parameter tables are in
// ./params.ts. The family has no Describe API.
import { isDeepStrictEqual } from "node:util";
import { ApiError, invalidParameter, missingParameter, outOfRange } from "../../errors";
import type { ActionDef } from "../../family";
import { type Params, readParams } from "../../params";
import { readRoom, type RoomIdTypes, REVERSED_ROOM_ID_TYPES } from "../../roomIds";
import { checkUserSig } from "../../usersig";
import type { World } from "../../world";
import type { RoomRef } from "../../world/rooms";
import type { TaskRecord } from "../../world/tasks";
import { SETTINGS, type Settings, START, STOP, UPDATE, type Video, type VideoEncode } from "./params";

const FAMILY = "RelayTask";
const REGIONS = ["ap-guangzhou", "ap-hongkong", "ap-singapore"] as const;
const DEFAULT_MAX_IDLE_SECONDS = 30;
/**
 * This family numbers room types the other way round from recording and ingest: 0 is an integer
 * room, 1 a string room (StartPublishCdnStream, MixUserInfo and McuFeedBackRoomParams all say so).
 */
export const roomIdTypes: RoomIdTypes = REVERSED_ROOM_ID_TYPES;

/** A room the family names, refused as `<name>RoomId` whichever kind it is. */
function mcuRoom(sdkAppId: number, roomId: string, mcuRoomIdType: number, name: string): RoomRef {
  try {
    return readRoom(sdkAppId, roomId, mcuRoomIdType, roomIdTypes);
  } catch {
    throw invalidParameter(`${name}RoomId`, mcuRoomIdType === 0 ? "with RoomIdType 0 it must be an integer room id" : "with RoomIdType 1 it must be a string of 1 to 64 characters");
  }
}

/** The task's current settings, typed again (they were validated when they were set). */
function settingsOf(task: TaskRecord): Settings {
  return readParams(task.settings, SETTINGS);
}

/** "The sum of LocationX and ImageWidth cannot exceed the width of the canvas", and so for watermarks. */
function checkFitsCanvas(video: Video, canvas: VideoEncode): void {
  const boxes = [
    ...(video.LayoutParams?.MixLayoutList ?? []).map((w, i) => ({
      name: `VideoParams.LayoutParams.MixLayoutList.${i}`,
      x: w.LocationX ?? 0, y: w.LocationY ?? 0, width: w.ImageWidth ?? 0, height: w.ImageHeight ?? 0,
    })),
    ...(video.WaterMarkList ?? []).flatMap((m, i) => {
      const box = m.WaterMarkImage ?? m.WaterMarkText;
      return box ? [{ name: `VideoParams.WaterMarkList.${i}`, x: box.LocationX, y: box.LocationY, width: box.WaterMarkWidth, height: box.WaterMarkHeight }] : [];
    }),
  ];
  for (const box of boxes) {
    if (box.x + box.width > canvas.Width || box.y + box.height > canvas.Height) throw outOfRange(box.name, `must fit in the ${canvas.Width} x ${canvas.Height} canvas`);
  }
}

function userKey(room: RoomRef, userId: string): string {
  return JSON.stringify([room.sdkAppId, room.roomIdType, room.roomId, userId]);
}

/** The TRTC users a running task's bots are: its main bot, and a relay's feedback-room bots. */
function botsOf(task: TaskRecord): string[] {
  const feedback = task.family === FAMILY ? (settingsOf(task).FeedBackRoomParams ?? []) : [];
  return [userKey(task, task.userId), ...feedback.map((f, i) => userKey(mcuRoom(task.sdkAppId, f.RoomId, f.RoomIdType, `FeedBackRoomParams.${i}.`), f.UserId))];
}

/**
 * The agent and the feedback-room bots are TRTC users: none may be a bot another running task (or
 * this request) already uses, "a user ID already in use"; each feedback bot must be signed for.
 */
function checkBots(world: World, agent: { room: RoomRef; userId: string }, rooms: Settings["FeedBackRoomParams"], self?: TaskRecord): void {
  const taken = new Set(world.tasks.list().filter((t) => t.status === "InProgress" && t !== self).flatMap(botsOf));
  const claim = (room: RoomRef, userId: string) => {
    const key = userKey(room, userId);
    if (taken.has(key)) throw new ApiError("FailedOperation.TaskExist", `User ${userId} is already in use in room ${room.roomId}.`);
    taken.add(key);
  };
  claim(agent.room, agent.userId);
  (rooms ?? []).forEach((f, i) => {
    const name = `FeedBackRoomParams.${i}.`;
    checkUserSig(world, agent.room.sdkAppId, f.UserId, f.UserSig, `${name}UserSig`);
    claim(mcuRoom(agent.room.sdkAppId, f.RoomId, f.RoomIdType, name), f.UserId);
  });
}

/** "You need to specify at least one between" the CDN list and the feedback rooms; so it stays after an update. */
function checkHasOutput(settings: Pick<Settings, "PublishCdnParams" | "FeedBackRoomParams">): void {
  if (!settings.PublishCdnParams?.length && !settings.FeedBackRoomParams?.length) throw missingParameter("PublishCdnParams");
}

/**
 * The running relay task Update and Stop can reach. One that ended or never existed answers
 * ResourceNotFound, the not-found code all three APIs document.
 */
function reachableTask(world: World, p: { SdkAppId: number; TaskId: string }): TaskRecord {
  const task = world.tasks.findActive(FAMILY, p.SdkAppId, p.TaskId);
  if (!task) throw new ApiError("ResourceNotFound", "The relay task does not exist or has ended.");
  return task;
}

/** Checks an Update against the running task and returns the settings it leaves; throws before changing anything. */
function updatedSettings(world: World, task: TaskRecord, update: Params<typeof UPDATE>): Settings {
  const { SdkAppId: _app, TaskId: _id, SequenceNumber, WithTranscoding, ...changes } = update;
  const current = settingsOf(task);
  // "Customers must ensure that the SequenceNumber parameter increases when updating the same
  // task, otherwise, the mix task update will fail."
  if (current.SequenceNumber !== undefined && SequenceNumber <= current.SequenceNumber) {
    throw new ApiError("FailedOperation", `SequenceNumber ${SequenceNumber} is not greater than ${current.SequenceNumber}, the last one this task accepted.`);
  }
  if (WithTranscoding !== current.WithTranscoding) throw new ApiError("UnsupportedOperation", "WithTranscoding cannot change while the task runs.");
  const transcoding = current.WithTranscoding === 1;
  const next: Settings = { ...current, SequenceNumber };

  if (changes.AudioParams) {
    const { AudioEncode, SubscribeAudioList, UnSubscribeAudioList } = changes.AudioParams;
    // "Updating ... audio parameters (codec, sample rate, bitrate, and number of channels) is not supported."
    if (AudioEncode && !isDeepStrictEqual(AudioEncode, current.AudioParams?.AudioEncode)) {
      throw new ApiError("UnsupportedOperation", "The audio encoding cannot change while the task runs.");
    }
    // Each list: absent leaves it, empty resets it (mix everyone, block no one).
    next.AudioParams = {
      ...current.AudioParams,
      ...(SubscribeAudioList && { SubscribeAudioList }),
      ...(UnSubscribeAudioList && { UnSubscribeAudioList }),
    };
  }
  if (changes.VideoParams) {
    if (!transcoding) throw invalidParameter("VideoParams", "is valid only for a task that transcodes (WithTranscoding 1)");
    const encode = current.VideoParams?.VideoEncode;
    // "The same relay task does not support switching between audio only, audio and video, and video only."
    if (!encode) throw new ApiError("UnsupportedOperation", "An audio-only task cannot start relaying video.");
    const { VideoEncode, ...rest } = changes.VideoParams;
    if (VideoEncode && !isDeepStrictEqual(VideoEncode, encode)) {
      throw new ApiError("UnsupportedOperation", "The video encoding cannot change while the task runs.");
    }
    // Everything but the encoding is given whole: what it leaves out goes back to its default.
    next.VideoParams = { VideoEncode: encode, ...rest };
    checkFitsCanvas(next.VideoParams, encode);
  }
  if (changes.SingleSubscribeParams) {
    if (transcoding) throw invalidParameter("SingleSubscribeParams", "is valid only for a task that does not transcode (WithTranscoding 0)");
    next.SingleSubscribeParams = changes.SingleSubscribeParams;
  }
  if (changes.SeiParams) next.SeiParams = changes.SeiParams;
  if (changes.PublishCdnParams) next.PublishCdnParams = changes.PublishCdnParams;
  if (changes.FeedBackRoomParams) {
    checkBots(world, { room: task, userId: task.userId }, changes.FeedBackRoomParams, task);
    next.FeedBackRoomParams = changes.FeedBackRoomParams;
  }
  checkHasOutput(next);
  return next;
}

export const actions: Record<string, ActionDef> = {
  StartPublishCdnStream: {
    regions: REGIONS,
    handle({ action, params, world }) {
      const p = readParams(params, START);
      const room = mcuRoom(p.SdkAppId, p.RoomId, p.RoomIdType, "");
      const transcoding = p.WithTranscoding === 1;
      // "Because audio is always transcoded, this parameter is required when you start a relay task."
      if (!p.AudioParams?.AudioEncode) throw missingParameter("AudioParams.AudioEncode");
      if (p.VideoParams) {
        if (!p.VideoParams.VideoEncode) throw missingParameter("VideoParams.VideoEncode");
        checkFitsCanvas(p.VideoParams, p.VideoParams.VideoEncode);
      }
      // "When you relay a single stream, set WithTranscoding to 0": the stream to relay is then required.
      if (!transcoding && !p.SingleSubscribeParams) throw missingParameter("SingleSubscribeParams");
      if (transcoding && p.SingleSubscribeParams) throw invalidParameter("SingleSubscribeParams", "is valid only when WithTranscoding is 0");
      checkHasOutput(p);
      const agent = p.AgentParams;
      if (agent.UserSig !== undefined) checkUserSig(world, p.SdkAppId, agent.UserId, agent.UserSig, "AgentParams.UserSig");
      // The agent "cannot conflict with the normal user ID in the room": refused here, where TRTC
      // would start and then lose the task when the user kicks the bot out.
      if (world.rooms.present(room).includes(agent.UserId)) throw new ApiError("InvalidParameter.UserId", `User ${agent.UserId} is already in room ${p.RoomId}.`);
      checkBots(world, { room, userId: agent.UserId }, p.FeedBackRoomParams);
      const settings: Settings = {
        WithTranscoding: p.WithTranscoding,
        AudioParams: p.AudioParams,
        ...(p.VideoParams && { VideoParams: p.VideoParams }),
        ...(p.SingleSubscribeParams && { SingleSubscribeParams: p.SingleSubscribeParams }),
        PublishCdnParams: p.PublishCdnParams ?? [],
        ...(p.SeiParams && { SeiParams: p.SeiParams }),
        FeedBackRoomParams: p.FeedBackRoomParams ?? [],
      };
      const task = world.tasks.start({
        family: FAMILY,
        action,
        ...room,
        userId: agent.UserId,
        params: { ...params },
        settings,
        lifetimeMs: undefined,
        // The agent only pulls streams. It ends MaxIdleTime after the room's last anchor left
        // (StartPublishCdnStream's "all the users whose streams are mixed"; the emulator counts the main room's anchors).
        publishes: false,
        idleTimeoutMs: (agent.MaxIdleTime ?? DEFAULT_MAX_IDLE_SECONDS) * 1000,
      });
      return { TaskId: task.taskId };
    },
  },

  UpdatePublishCdnStream: {
    regions: REGIONS,
    handle({ params, world }) {
      const p = readParams(params, UPDATE);
      const task = reachableTask(world, p);
      task.settings = updatedSettings(world, task, p);
      return { TaskId: task.taskId };
    },
  },

  StopPublishCdnStream: {
    regions: REGIONS,
    handle({ params, world }) {
      const task = reachableTask(world, readParams(params, STOP));
      world.tasks.end(task, "stopped");
      return { TaskId: task.taskId };
    },
  },
};

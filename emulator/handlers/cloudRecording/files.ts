// The files a recording has written, as DescribeCloudRecording lists them.
import { readParams } from "../../params";
import type { World } from "../../world";
import type { TaskRecord } from "../../world/tasks";
import { MODIFIABLE, startParams, type Subscriptions } from "./params";

type TrackType = "audio" | "video" | "audio_video";

interface StorageFile {
  /** Empty for mixed-stream recording. */
  UserId: string;
  FileName: string;
  TrackType: TrackType;
  /** Unix time in milliseconds, on the emulator's virtual clock. */
  BeginTimeStamp: number;
}

/** By StreamType: 0 audio and video, 1 audio only, 2 video only. */
const STREAM_TRACK: readonly TrackType[] = ["audio_video", "audio", "video"];
/** By OutputFormat: HLS, HLS + MP4, HLS + AAC, MP4, AAC; the first format named is the file being written. */
const COS_EXTENSION = ["m3u8", "m3u8", "m3u8", "mp4", "aac"] as const;

/** A user id matches an exact id, or a prefix written as `prefix.*$`. */
function listed(userId: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => p === userId || (p.endsWith(".*$") && userId.startsWith(p.slice(0, -3))));
}

/** An empty or absent allowlist lets everyone through the blocklist. */
function admitted(userId: string, allow: readonly string[] = [], block: readonly string[] = []): boolean {
  return allow.length > 0 ? listed(userId, allow) : !listed(userId, block);
}

function subscribed(lists: Subscriptions, userId: string, track: TrackType): boolean {
  const audio = admitted(userId, lists.SubscribeAudioUserIds, lists.UnSubscribeAudioUserIds);
  const video = admitted(userId, lists.SubscribeVideoUserIds, lists.UnSubscribeVideoUserIds);
  return track === "audio" ? audio : track === "video" ? video : audio || video;
}

/**
 * A deterministic model of the files a running recording has written so far. VOD storage lists
 * none: files reach VOD by upload, which DescribeCloudRecording's page says it does not show. Mixed-stream
 * recording writes one file from the moment it starts. Single-stream recording writes, for every
 * stay of an anchor in the room that overlaps the recording, one file per track (audio and video
 * apart unless AvMerge is 1), for users the current subscription lists admit. A file is listed
 * once virtual time has passed its beginning.
 */
export function storageFiles(world: World, task: TaskRecord): StorageFile[] {
  const start = startParams(task);
  if (!start.StorageParams.CloudStorage) return [];
  const now = world.clock.now();
  const record = start.RecordParams;
  const streamTrack = STREAM_TRACK[record.StreamType ?? 0]!;
  const extension = COS_EXTENSION[record.OutputFormat ?? 0];
  const base = `${task.sdkAppId}_${task.roomId}`;
  if (record.RecordMode === 2) {
    return task.startedAt < now ? [{ UserId: "", FileName: `${base}.${extension}`, TrackType: streamTrack, BeginTimeStamp: task.startedAt }] : [];
  }
  const tracks: TrackType[] = streamTrack === "audio_video" && record.AvMerge !== 1 ? ["audio", "video"] : [streamTrack];
  const lists = readParams(task.settings, MODIFIABLE).SubscribeStreamUserIds ?? {};
  return world.tasks.anchors(task).flatMap(({ userId, since, until }) => {
    const begin = Math.max(since, task.startedAt);
    if (begin >= now || (until !== undefined && until <= task.startedAt)) return [];
    return tracks
      .filter((track) => subscribed(lists, userId, track))
      .map((track) => ({ UserId: userId, FileName: `${base}__UserId_s_${userId}__UserId_e_${track}_${begin}.${extension}`, TrackType: track, BeginTimeStamp: begin }));
  });
}

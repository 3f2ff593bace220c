// WebRecord (record a web page in a cloud browser): StartWebRecord, DescribeWebRecord and
// StopWebRecord (TRTC API reference, "Web Record APIs"; members as the SDK models of 2026-04
// document them). A recording is in no room and has no bot: the emulator never opens the page,
// so it runs until stopped or until MaxDurationLimit.
import { ApiError, invalidParameter, missingParameter } from "../errors";
import type { ActionDef } from "../family";
import {
  arrayOf,
  field,
  maxItems,
  nonEmpty,
  object,
  oneOf,
  type Params,
  range,
  readParams,
  SDK_APP_ID,
  TASK_ID,
  webUrl,
} from "../params";
import type { World } from "../world";
import { requireApp } from "../world/calls";
import type { TaskRecord } from "../world/tasks";
import { oneStorage, STORAGE_PARAMS } from "./cloudRecording/params";
import { MCU_PUBLISH_CDN_PARAM } from "./relayTask/params";

const FAMILY = "WebRecord";
const REGIONS = ["ap-singapore"] as const;

// StartWebRecord's page, last updated 2025-11-13, gives [1800, 36000] and a default of 10 hours;
// the SDK models since 2026-04-27 give [1800, 86400] and 24 hours: the newer is emulated.
const DEFAULT_MAX_DURATION_SECONDS = 86400;

/** "[Required]": COS or VOD, one of them, as a recording's; "no support for third-party cloud storage". */
function cosOrVod(storage: Params<typeof STORAGE_PARAMS>, name: string): void {
  oneStorage(storage, name);
  if (storage.CloudStorage && storage.CloudStorage.Vendor !== 0) throw invalidParameter(`${name}.CloudStorage.Vendor`, "web recording stores to Tencent Cloud COS (0) only");
}

const VIDEO_PARAMS = {
  Width: field("integer", false, range(0, 1920)),
  Height: field("integer", false, range(0, 1080)),
  Format: field("string", false, oneOf("hls", "mp4")),
  MaxMediaFileDuration: field("integer", false, range(1, 1440)),
};

/** "Less than 32 bytes". */
function recordIdBytes(value: string, name: string): void {
  nonEmpty(value, name);
  if (Buffer.byteLength(value) >= 32) throw invalidParameter(name, "must be less than 32 bytes");
}

const START = {
  RecordUrl: field("string", true, webUrl),
  StorageParams: object(STORAGE_PARAMS, true, cosOrVod),
  SdkAppId: SDK_APP_ID,
  MaxDurationLimit: field("integer", false, range(1800, 86400)),
  WebRecordVideoParams: object(VIDEO_PARAMS, false),
  RecordId: field("string", false, recordIdBytes),
  // "Supports pushing streams to up to 10 CDN addresses simultaneously."
  PublishCdnParams: arrayOf(object(MCU_PUBLISH_CDN_PARAM, true), false, maxItems(10)),
  ReadyTimeout: field("integer", false, range(0, 60)),
  EmulateMobileParams: object({ MobileDeviceType: field("integer", false, oneOf(0, 1)), ScreenOrientation: field("integer", false, oneOf(0, 1)) }, false),
};

const DESCRIBE = {
  TaskId: field("string", false, nonEmpty),
  SdkAppId: field("integer", false),
  RecordId: field("string", false, nonEmpty),
};

function recordIdOf(task: TaskRecord): string | undefined {
  return typeof task.params.RecordId === "string" ? task.params.RecordId : undefined;
}

function running(world: World): TaskRecord[] {
  return world.tasks.list().filter((t) => t.family === FAMILY && t.status === "InProgress");
}

function taskNotExist(): ApiError {
  return new ApiError("FailedOperation.TaskNotExist", "The task does not exist.");
}

export const actions: Record<string, ActionDef> = {
  StartWebRecord: {
    regions: REGIONS,
    handle({ action, params, world }) {
      const p = readParams(params, START);
      requireApp(world, p.SdkAppId, "FailedOperation.SdkAppIdNotUnderAppId");
      if (p.RecordId !== undefined && running(world).some((t) => t.sdkAppId === p.SdkAppId && recordIdOf(t) === p.RecordId)) {
        throw new ApiError("FailedOperation.TaskExist", `A web recording with RecordId ${p.RecordId} is already running.`);
      }
      const task = world.tasks.startRoomless({
        family: FAMILY,
        action,
        sdkAppId: p.SdkAppId,
        params: { ...params },
        lifetimeMs: (p.MaxDurationLimit ?? DEFAULT_MAX_DURATION_SECONDS) * 1000,
      });
      return { TaskId: task.taskId };
    },
  },

  DescribeWebRecord: {
    regions: REGIONS,
    handle({ params, world }) {
      const p = readParams(params, DESCRIBE);
      let task: TaskRecord | undefined;
      if (p.TaskId !== undefined) {
        task = running(world).find((t) => t.taskId === p.TaskId && (p.SdkAppId ?? t.sdkAppId) === t.sdkAppId);
      } else {
        if (p.RecordId === undefined) throw missingParameter("TaskId");
        // "When passing this value, you need to pass SdkAppId."
        if (p.SdkAppId === undefined) throw missingParameter("SdkAppId");
        task = running(world).find((t) => t.sdkAppId === p.SdkAppId && recordIdOf(t) === p.RecordId);
      }
      // Only a recording in progress is described ("1: Recording"); an ended one is gone.
      if (!task) throw taskNotExist();
      const recordId = recordIdOf(task);
      // TaskId "returns when querying using RecordId", RecordId "when querying using TaskId".
      return { Status: 1, ...(p.TaskId === undefined ? { TaskId: task.taskId } : recordId !== undefined && { RecordId: recordId }) };
    },
  },

  StopWebRecord: {
    regions: REGIONS,
    handle({ params, world }) {
      const { TaskId } = readParams(params, { TaskId: TASK_ID });
      const task = running(world).find((t) => t.taskId === TaskId);
      if (!task) throw taskNotExist();
      world.tasks.end(task, "stopped");
      return {};
    },
  },
};

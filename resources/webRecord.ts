import { randomBytes } from "node:crypto";
import { z } from "zod";
import { pushUrlShown } from "../provider/api/relay";
import { WEB_RECORD_GONE } from "../provider/api/webRecord";
import * as field from "../provider/fields";
import { REPLACE, SECRET, taskSpec, toApi } from "../provider/spec";
import { publishCdn } from "./relayTask";

/**
 * Web page recording: TRTC opens a web page (a whiteboard, a scoreboard, a class) in a cloud
 * browser and records it to COS or VOD, optionally pushing it to CDNs too. StartWebRecord /
 * DescribeWebRecord / StopWebRecord (TRTC API reference, "Web Record APIs"; newer members and
 * English comments from the SDK models). No room and no bot: the page is all it records. There is
 * no update API, so every change starts a new recording.
 */

const { struct, appliesOnly } = field;

/** Where the files go. The page: COS or VOD, "no support for third-party cloud storage". */
const storageParams = struct({
  cloudStorage: field.cloudStorage
    .refine((s) => s.vendor === 0, { error: "vendor must be 0 (Tencent Cloud COS): web recording stores to no third-party cloud", path: ["vendor"] })
    .optional().describe("Your own COS bucket (vendor 0)."),
  cloudVod: struct({ tencentVod: field.tencentVod.optional() }).optional().describe("Tencent Cloud VOD; its mediaType picks the file format."),
}).superRefine((v, ctx) => {
  if ((v.cloudStorage === undefined) === (v.cloudVod === undefined)) {
    ctx.addIssue({ code: "custom", message: "must set exactly one of cloudStorage or cloudVod" });
  }
}).meta({ typeName: "WebRecordStorageParams" });

/** The relay's CDN address, named apart: here a change replaces the recording rather than applying in place. */
const webPublishCdn = publishCdn.meta({ typeName: "WebRecordPublishCdnParam" });

const webRecordVideoParams = struct({
  width: field.int(0, 1920).optional().describe("Pixels: 0 to 1920 (default 1280)."),
  height: field.int(0, 1080).optional().describe("Pixels: 0 to 1080 (default 720)."),
  format: z.enum(["hls", "mp4"], { error: 'must be "hls" or "mp4"' }).optional().describe('"hls" or "mp4", for cloudStorage (VOD takes tencentVod.mediaType instead).'),
  maxMediaFileDuration: field.int(1, 1440).optional().describe("Minutes after which an MP4 file is split: 1 to 1440 (default). No effect on HLS."),
}).superRefine((v, ctx) => {
  appliesOnly(ctx, v.maxMediaFileDuration, v.format !== "hls", ["maxMediaFileDuration"], 'format is not "hls"');
});

const emulateMobileParams = struct({
  mobileDeviceType: z.literal([0, 1], { error: "must be 0 (phone) or 1 (tablet)" }).optional().describe("0 phone, 1 tablet."),
  screenOrientation: z.literal([0, 1], { error: "must be 0 (portrait) or 1 (landscape)" }).optional().describe("0 portrait, 1 landscape."),
});

/** "Less than 32 bytes" (StartWebRecord's RecordId). */
const RECORD_ID_BYTES = 31;

const recordId = z
  .string({ error: "must be a string" })
  .min(1, { error: "must not be empty" })
  .refine((id) => Buffer.byteLength(id) <= RECORD_ID_BYTES, { error: `must be less than 32 bytes (at most ${RECORD_ID_BYTES})` });

const inputs = z
  .object({
    sdkAppId: field.sdkAppId,
    recordUrl: field.url(["http", "https"]).describe("The web page to record."),
    storageParams: storageParams.describe("Where the files go: exactly one of cloudStorage (COS) or cloudVod."),
    // StartWebRecord (TRTC API reference), last updated 2025-11-13, gives [1800, 36000] and 10 hours;
    // the SDK models since v3.0.1395 (2026-04-27) and the page's newer text give [1800, 86400] and
    // 24 hours. The newer wins.
    maxDurationLimit: field.int(1800, 86400).optional().describe("Seconds after which the recording ends itself: 1800 to 86400 (default 86400, 24 hours)."),
    webRecordVideoParams: webRecordVideoParams.optional().describe("Resolution and file format."),
    recordId: recordId.optional().describe("Your unique id for the recording, less than 32 bytes: a second Start with it is refused while it runs. When you give none, each create generates one (the `recordId` output)."),
    publishCdnParams: z.array(webPublishCdn, { error: "must be a list of CDN addresses" }).max(10, { error: "must have at most 10 CDN addresses" }).optional().describe("Also push the page live to up to 10 CDN addresses."),
    readyTimeout: field.int(0, 60).optional().describe("Seconds to wait for the page to say it has loaded: 0 to 60. Only for pages that signal it."),
    emulateMobileParams: emulateMobileParams.optional().describe("Render the page as a phone or tablet would; leave out for desktop pages."),
  })
  .superRefine((v, ctx) => {
    appliesOnly(
      ctx,
      v.webRecordVideoParams?.format,
      v.storageParams.cloudStorage !== undefined,
      ["webRecordVideoParams", "format"],
      "storing to storageParams.cloudStorage (VOD takes storageParams.cloudVod.tencentVod.mediaType)",
    );
  });

export type WebRecordInputs = z.output<typeof inputs>;

const DEFAULT_MAX_DURATION = 86400;

export const webRecord = taskSpec({
  kind: "WebRecord",
  bots: [],
  endsBy: (v) => `A web recording ends after maxDurationLimit (${v.maxDurationLimit ?? DEFAULT_MAX_DURATION} seconds)`,
  inputs: inputs.describe("Records a web page (a whiteboard, a scoreboard) to COS or VOD for as long as the resource exists (or until maxDurationLimit)."),
  // StartWebRecord is the only way to set anything: every change replaces the recording.
  fields: {
    sdkAppId: REPLACE,
    recordUrl: REPLACE,
    storageParams: REPLACE,
    maxDurationLimit: REPLACE,
    webRecordVideoParams: REPLACE,
    recordId: REPLACE,
    publishCdnParams: REPLACE,
    readyTimeout: REPLACE,
    emulateMobileParams: REPLACE,
  },
  nestedFields: {
    "storageParams.cloudStorage.accessKey": SECRET,
    "storageParams.cloudStorage.secretKey": SECRET,
    "publishCdnParams[].publishCdnUrl": { ...SECRET, shown: pushUrlShown },
  },
  // One RecordId runs one recording at a time: a replacement that keeps it stops the old one first.
  identity: (v) => (v.recordId === undefined ? [] : [JSON.stringify([v.sdkAppId, "webRecord", v.recordId])]),
  start: {
    action: "StartWebRecord",
    request: (v) => toApi(v) as Record<string, unknown>,
    taskId: (response) => String(response.TaskId),
    recover: {
      key: "recordId",
      // "When passing this value, you need to pass SdkAppId"; the answer names the task's TaskId.
      request: (key, v) => ({ SdkAppId: v.sdkAppId, RecordId: key }),
      // A UUID is 36 bytes, past RecordId's limit: 24 hex digits are as unlikely to collide.
      generate: () => randomBytes(12).toString("hex"),
    },
  },
  describe: {
    action: "DescribeWebRecord",
    request: (taskId) => ({ TaskId: taskId }),
    // "1: Recording" is the one status documented; an ended recording answers TaskNotExist, so any
    // status answered is of a recording TRTC still has.
    state: (response) => ({ status: response.Status === 1 ? "Recording" : String(response.Status) }),
    goneCodes: WEB_RECORD_GONE,
  },
  stop: {
    action: "StopWebRecord",
    request: (taskId) => ({ TaskId: taskId }),
    goneCodes: WEB_RECORD_GONE,
  },
});

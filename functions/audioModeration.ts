import { z } from "zod";
import type { ApiResponse } from "../provider/client";
import * as field from "../provider/fields";
import { functionSpec } from "../provider/function";

/**
 * Audio moderation: CreateAudioModerationSync, a short clip (Base64, or a URL) sent to TRTC's
 * content understanding. Its members and limits are the SDK's models' (tencentcloud-sdk-nodejs
 * 4.1.313, the only source yet): the answer names the moderation task; the verdict is not in it.
 */

/** DataId and FileName: "letters, digits, _, -, @ and #, at most 64 characters". */
const LABEL = /^[A-Za-z0-9_\-@#]{1,64}$/;
const FORMATS = ["wav", "mp3", "m4a"] as const;
/** "The file may not exceed 5 MB" (FileContent). */
const MAX_AUDIO_BYTES = 5 * 1024 * 1024;

/** Bytes a Base64 text decodes to, without decoding it. */
const base64Bytes = (value: string) => Math.floor((value.replace(/=+$/, "").length * 3) / 4);

export const moderateAudioSpec = functionSpec({
  name: "moderateAudio",
  description:
    "Sends a short audio clip (up to 60 seconds and 5 MB: WAV, MP3 or M4A, as Base64 or a URL) to TRTC's audio content understanding (CreateAudioModerationSync) and answers the moderation task's id, with the dataId and fileName given.",
  api: "trtc",
  args: z
    .object({
      sdkAppId: field.sdkAppId,
      audio: z
        .base64({ error: "must be Base64" })
        .refine((v) => base64Bytes(v) <= MAX_AUDIO_BYTES, { error: "must be at most 5 MB of audio" })
        .optional()
        .describe("The clip, Base64: WAV (PCM, 16 to 48 kHz, 16-bit, mono or stereo), MP3 or M4A, at most 60 seconds and 5 MB. Give audio or audioUrl."),
      audioUrl: field.url(["http", "https"]).optional().describe("Where TRTC fetches the clip instead; the same formats and limits. Give audio or audioUrl."),
      format: z.enum(FORMATS, { error: `must be one of ${FORMATS.join(", ")}` }).optional().describe("wav, mp3 or m4a: required with audio."),
      bizType: field.text.optional().describe("The moderation policy's number (for GME, 2_2_3_<sdkAppId>)."),
      dataId: field.pattern(LABEL, "letters, digits, _, -, @ and #, at most 64 characters").optional().describe("Your id of the clip, answered back: letters, digits, _, -, @ and #, at most 64 characters."),
      fileName: field.pattern(LABEL, "letters, digits, _, -, @ and #, at most 64 characters").optional().describe("The clip's name: letters, digits, _, -, @ and #, at most 64 characters."),
    })
    .superRefine((v, ctx) => {
      if ((v.audio === undefined) === (v.audioUrl === undefined)) ctx.addIssue({ code: "custom", path: ["audio"], message: "give exactly one of audio and audioUrl" });
      field.requiredWhen(ctx, v.format, v.audio !== undefined, ["format"], "audio is given");
    }),
  // A billed moderation task each time: it does not run in previews.
  changes: true,
  actions: ["CreateAudioModerationSync"],
  request: (v) => ({
    action: "CreateAudioModerationSync",
    params: {
      // "Sdkappid": the model's spelling.
      Sdkappid: v.sdkAppId,
      ...(v.bizType && { BizType: v.bizType }),
      ...(v.dataId && { DataId: v.dataId }),
      ...(v.format && { FileFormat: v.format }),
      ...(v.fileName && { FileName: v.fileName }),
      ...(v.audio && { FileContent: v.audio }),
      ...(v.audioUrl && { FileUrl: v.audioUrl }),
    },
  }),
  describe: (v) => `for ${v.audio ? `${base64Bytes(v.audio)} bytes of ${v.format}` : v.audioUrl} of application ${v.sdkAppId}`,
  result: (response: ApiResponse): AudioModeration => ({
    taskId: z.string().parse(response.TaskId),
    ...(typeof response.DataId === "string" && response.DataId && { dataId: response.DataId }),
    ...(typeof response.FileName === "string" && response.FileName && { fileName: response.FileName }),
  }),
});

/** What CreateAudioModerationSync answers. */
export interface AudioModeration {
  /** The moderation task TRTC made of the clip. */
  taskId: string;
  /** The dataId given, answered back. */
  dataId?: string;
  /** The fileName given. */
  fileName?: string;
}

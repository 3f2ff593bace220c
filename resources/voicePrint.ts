import { z } from "zod";
import { VOICE_PRINT_GONE, VOICE_PRINT_PAGE_SIZE } from "../provider/api/voicePrint";
import * as field from "../provider/fields";
import { configSpec, IN_PLACE, REPLACE, SECRET_IN_PLACE } from "../provider/spec";

/**
 * A registered voiceprint, which the AI conversations' and transcriptions' speaker recognition
 * listens for (their `voicePrint.idList` takes its id): RegisterVoicePrint / DescribeVoicePrint /
 * UpdateVoicePrint / DeleteVoicePrint (SDK models 4.1.313, the only source). Configuration: it
 * stays until deleted, and a change made elsewhere to its metadata shows as drift. TRTC keeps
 * voiceprints per account; `sdkAppId` records the application that uses it and is sent nowhere.
 */

/** RegisterVoicePrintRequest's Audio: "the encoded data at most 2 MB". */
const MAX_AUDIO_LENGTH = 2 * 1024 * 1024;
const SECONDS = [8, 18] as const;

/** What RegisterVoicePrint refuses of a WAV file, read from its 44-byte header; undefined for none. */
function wavProblem(base64: string): string | undefined {
  const wav = Buffer.from(base64, "base64");
  if (wav.length < 44 || wav.toString("latin1", 0, 4) !== "RIFF" || wav.toString("latin1", 8, 12) !== "WAVE") return "must be a WAV file, Base64";
  const [pcm, channels, rate, bits] = [wav.readUInt16LE(20), wav.readUInt16LE(22), wav.readUInt32LE(24), wav.readUInt16LE(34)];
  if (pcm !== 1 || channels !== 1 || rate !== 16000 || bits !== 16) return "must be 16 kHz, 16-bit, mono PCM";
  const seconds = (wav.length - 44) / (rate * 2);
  return seconds < SECONDS[0] || seconds > SECONDS[1] ? `must last ${SECONDS[0]} to ${SECONDS[1]} seconds (this lasts ${seconds.toFixed(1)})` : undefined;
}

const inputs = z
  .object({
    sdkAppId: field.sdkAppId,
    name: field.text.max(32, { error: "must be at most 32 characters" }).describe("The voiceprint's name (AudioName): at most 32 characters."),
    audio: z
      .base64({ error: "must be Base64" })
      .max(MAX_AUDIO_LENGTH, { error: "must be at most 2 MB of Base64" })
      .superRefine((v, ctx) => {
        const problem = wavProblem(v);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .describe("The speaker's voice: a whole WAV file, 16 kHz, 16-bit, mono, 8 to 18 seconds (at least 6 of speech), Base64, at most 2 MB."),
    metaInfo: z.string({ error: "must be a string" }).max(512, { error: "must be at most 512 characters" }).default("").describe("What you keep with the voiceprint (AudioMetaInfo): at most 512 characters."),
  })
  .describe("A registered voiceprint of the account, for the AI conversations' and transcriptions' speaker recognition; kept until deleted.");

export type VoicePrintInputs = z.output<typeof inputs>;

/** The inputs DescribeVoicePrint reports (never the audio). */
const current = (info: Record<string, unknown>) => ({ name: info.AudioName, metaInfo: info.VoicePrintMetaInfo ?? "" });
const infos = (response: Record<string, unknown>) => (Array.isArray(response.Data) ? (response.Data as Record<string, unknown>[]) : []);

export const voicePrint = configSpec({
  kind: "VoicePrint",
  noun: "voiceprint",
  inputs,
  // The recording is biometric data: state encrypts it and previews show [secret].
  fields: { sdkAppId: REPLACE, name: REPLACE, audio: SECRET_IN_PLACE, metaInfo: IN_PLACE },
  create: {
    action: "RegisterVoicePrint",
    // "A millisecond timestamp" of the request; "AudioFormat: only 0, wav, for now".
    request: (v) => ({ Audio: v.audio, ReqTimestamp: Date.now(), AudioFormat: 0, AudioName: v.name, AudioMetaInfo: v.metaInfo }),
    id: (response) => String(response.VoicePrintId),
    // Register takes no caller key: a lost answer is settled by listing the account's voiceprints.
    findCreated: {
      action: "DescribeVoicePrint",
      request: (page) => ({ DescribeMode: 1, PageIndex: page, PageSize: VOICE_PRINT_PAGE_SIZE }),
      items: (response) => infos(response).map((info) => ({ id: String(info.VoicePrintId), inputs: current(info) })),
      pageSize: VOICE_PRINT_PAGE_SIZE,
    },
  },
  describe: {
    action: "DescribeVoicePrint",
    request: (id) => ({ DescribeMode: 0, VoicePrintIdList: [id] }),
    // An id that names no voiceprint is left out of the answer: it was deleted.
    current: (response) => {
      const [info] = infos(response);
      return info && current(info);
    },
  },
  modify: {
    action: "UpdateVoicePrint",
    request: (id, v) => ({ VoicePrintId: id, ReqTimestamp: Date.now(), AudioFormat: 0, Audio: v.audio, AudioMetaInfo: v.metaInfo }),
  },
  delete: {
    action: "DeleteVoicePrint",
    request: (id) => ({ VoicePrintId: id }),
    goneCodes: VOICE_PRINT_GONE,
  },
});

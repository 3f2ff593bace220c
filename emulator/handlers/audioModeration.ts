// CreateAudioModerationSync (the SDK's models, tencentcloud-sdk-nodejs 4.1.313; no page yet): a
// short clip, Base64 or a URL, moderated at once. The answer is the models': the DataId and
// FileName given back and a TaskId, which here is drawn from the clip itself, so the same clip
// always names the same task. The clip is read as a server would before moderating it: its bytes
// must be the format it is said to be, and a WAV file within the documented sample rates, depth,
// channels and 60 seconds.
import { createHash } from "node:crypto";
import { invalidParameter, missingParameter } from "../errors";
import type { ActionDef } from "../family";
import { field, matching, readParams, webUrl } from "../params";
import { requireApp } from "../world/calls";
import { clipFormat, wavHeader } from "./audioClip";

const REGIONS = ["ap-singapore"] as const;
const LABEL = matching(/^[A-Za-z0-9_\-@#]{1,64}$/, "letters, digits, _, -, @ and #, at most 64 characters");
/** "The file may not exceed 5 MB, nor last more than 60 s" (FileContent). */
const MAX_BYTES = 5 * 1024 * 1024;
const MAX_SECONDS = 60;

const PARAMS = {
  Sdkappid: field("integer", false),
  BizType: field("string", false),
  DataId: field("string", false, LABEL),
  FileFormat: field("string", false, (value, name) => {
    if (!["wav", "mp3", "m4a"].includes(value)) throw invalidParameter(name, "must be wav, mp3 or m4a");
  }),
  FileName: field("string", false, LABEL),
  FileContent: field("string", false),
  FileUrl: field("string", false, webUrl),
};

/** "wav (PCM), 16 kHz to 48 kHz, 16-bit little-endian, mono or stereo". */
function checkWav(bytes: Buffer): void {
  const wav = wavHeader(bytes);
  if (!wav.pcm || wav.bitsPerSample !== 16) throw invalidParameter("FileContent", "must be 16-bit PCM WAV");
  if (wav.channels < 1 || wav.channels > 2) throw invalidParameter("FileContent", "must be mono or stereo");
  if (wav.sampleRate < 16000 || wav.sampleRate > 48000) throw invalidParameter("FileContent", "must be sampled at 16 kHz to 48 kHz");
  if (wav.seconds > MAX_SECONDS) throw invalidParameter("FileContent", `lasts ${wav.seconds.toFixed(1)} s, more than ${MAX_SECONDS} s`);
}

export const actions: Record<string, ActionDef> = {
  CreateAudioModerationSync: {
    regions: REGIONS,
    handle({ params, world }) {
      const p = readParams(params, PARAMS);
      if (p.Sdkappid !== undefined) requireApp(world, p.Sdkappid);
      if ((p.FileContent === undefined) === (p.FileUrl === undefined)) throw invalidParameter("FileContent", "give exactly one of FileContent and FileUrl");
      let clip: Buffer | string = p.FileUrl ?? "";
      if (p.FileContent !== undefined) {
        if (p.FileFormat === undefined) throw missingParameter("FileFormat");
        const bytes = Buffer.from(p.FileContent, "base64");
        if (bytes.length === 0 || bytes.length > MAX_BYTES) throw invalidParameter("FileContent", "must be 1 byte to 5 MB of audio, Base64");
        if (clipFormat(bytes) !== p.FileFormat) throw invalidParameter("FileContent", `is not a ${p.FileFormat} file`);
        if (p.FileFormat === "wav") checkWav(bytes);
        clip = bytes;
      }
      return {
        DataId: p.DataId ?? "",
        TaskId: createHash("sha256").update(clip).digest("hex").slice(0, 32),
        FileName: p.FileName ?? "",
      };
    },
  },
};

// Voiceprints: RegisterVoicePrint, DescribeVoicePrint, UpdateVoicePrint and DeleteVoicePrint
// (the SDK's models, tencentcloud-sdk-nodejs 4.1.313; no page yet). A voiceprint belongs to the
// account (../world/voicePrints.ts) and stays until deleted. The AI conversations and
// transcriptions name one in the VoicePrint.IdList of their AgentConfig or TranscriptionParams
// (the SDK's models), not in their STT config. No page gives the regions: those of the AI
// conversation are taken.
import { invalidParameter, missingParameter } from "../errors";
import type { ActionDef } from "../family";
import { arrayOf, atLeast, field, nonEmpty, oneOf, positive, readParams } from "../params";
import type { World } from "../world";
import { ACCOUNT_APP_ID, type VoicePrintRecord } from "../world/voicePrints";
import { clipFormat, wavHeader } from "./audioClip";

const REGIONS = ["ap-guangzhou", "ap-singapore", "ap-tokyo", "na-siliconvalley"] as const;
/** "The encoded data at most 2 MB" (RegisterVoicePrintRequest's Audio). */
const MAX_AUDIO_LENGTH = 2 * 1024 * 1024;
/** "8 to 18 seconds of audio". */
const SECONDS = [8, 18] as const;
/** DescribeVoicePrint's PageSize: "at least 20". */
const MIN_PAGE_SIZE = 20;

const maxLength = <R extends boolean>(max: number, required: R) =>
  field("string", required, (value, name) => {
    if ((required && value.length === 0) || value.length > max) throw invalidParameter(name, `must be ${required ? 1 : 0} to ${max} characters`);
  });
// "Only 0 for now, meaning wav."
const audioFormat = <R extends boolean>(required: R) => field("integer", required, oneOf(0));

const REGISTER = {
  Audio: field("string", true, nonEmpty),
  ReqTimestamp: field("integer", true, positive),
  AudioFormat: audioFormat(true),
  AudioName: maxLength(32, true),
  AudioMetaInfo: maxLength(512, false),
};
const UPDATE = {
  VoicePrintId: field("string", true, nonEmpty),
  ReqTimestamp: field("integer", true, positive),
  AudioFormat: audioFormat(false),
  Audio: field("string", false, nonEmpty),
  AudioMetaInfo: maxLength(512, false),
};
const DESCRIBE = {
  // "0 looks up the VoicePrintIdList, 1 pages through them all."
  DescribeMode: field("integer", true, oneOf(0, 1)),
  VoicePrintIdList: arrayOf(field("string", true, nonEmpty), false),
  PageIndex: field("integer", false, atLeast(1)),
  PageSize: field("integer", false, atLeast(MIN_PAGE_SIZE)),
};

/** "A whole WAV file, 16 kHz, 16-bit, mono, 8 to 18 seconds, at most 2 MB encoded." */
function checkAudio(audio: string): void {
  if (audio.length > MAX_AUDIO_LENGTH) throw invalidParameter("Audio", "must be at most 2 MB, Base64");
  const bytes = Buffer.from(audio, "base64");
  if (clipFormat(bytes) !== "wav") throw invalidParameter("Audio", "must be a WAV file, Base64");
  const wav = wavHeader(bytes);
  if (!wav.pcm || wav.sampleRate !== 16000 || wav.bitsPerSample !== 16 || wav.channels !== 1) throw invalidParameter("Audio", "must be 16 kHz, 16-bit, mono PCM");
  const [shortest, longest] = SECONDS;
  if (wav.seconds < shortest || wav.seconds > longest) throw invalidParameter("Audio", `lasts ${wav.seconds.toFixed(1)} s; a voiceprint takes ${shortest} to ${longest} s`);
}

function existing(world: World, voicePrintId: string): VoicePrintRecord {
  const print = world.voicePrints.get(ACCOUNT_APP_ID, voicePrintId);
  if (!print) throw invalidParameter("VoicePrintId", `no voiceprint ${voicePrintId} is registered`);
  return print;
}

/** What DescribeVoicePrint reports of one: never its audio. The times' format is not documented: ISO 8601 here. */
function info(p: VoicePrintRecord) {
  return {
    VoicePrintId: p.id,
    AppId: p.sdkAppId,
    VoicePrintMetaInfo: p.metaInfo,
    CreateTime: new Date(p.createdMs).toISOString(),
    UpdateTime: new Date(p.updatedMs).toISOString(),
    AudioFormat: p.audioFormat,
    AudioName: p.audioName,
    ReqTimestamp: p.reqTimestamp,
  };
}

export const actions: Record<string, ActionDef> = {
  RegisterVoicePrint: {
    regions: REGIONS,
    handle({ params, world }) {
      const p = readParams(params, REGISTER);
      checkAudio(p.Audio);
      const print = world.voicePrints.create({
        sdkAppId: ACCOUNT_APP_ID,
        audio: p.Audio,
        audioName: p.AudioName,
        metaInfo: p.AudioMetaInfo ?? "",
        audioFormat: p.AudioFormat,
        reqTimestamp: p.ReqTimestamp,
        createdMs: world.clock.now(),
        updatedMs: world.clock.now(),
      });
      return { VoicePrintId: print.id };
    },
  },

  DescribeVoicePrint: {
    regions: REGIONS,
    handle({ params, world }) {
      const p = readParams(params, DESCRIBE);
      if (p.DescribeMode === 0) {
        if (!p.VoicePrintIdList?.length) throw missingParameter("VoicePrintIdList");
        // An id that is not (or no longer) registered is left out, as a listing leaves it out.
        const found = p.VoicePrintIdList.flatMap((id) => world.voicePrints.get(ACCOUNT_APP_ID, id) ?? []);
        return { TotalCount: found.length, Data: found.map(info) };
      }
      const all = world.voicePrints.of(ACCOUNT_APP_ID);
      const size = p.PageSize ?? MIN_PAGE_SIZE;
      const from = ((p.PageIndex ?? 1) - 1) * size;
      return { TotalCount: all.length, Data: all.slice(from, from + size).map(info) };
    },
  },

  UpdateVoicePrint: {
    regions: REGIONS,
    handle({ params, world }) {
      const p = readParams(params, UPDATE);
      const print = existing(world, p.VoicePrintId);
      if (p.Audio !== undefined) checkAudio(p.Audio);
      world.voicePrints.modify(print, { reqTimestamp: p.ReqTimestamp, updatedMs: world.clock.now(), audio: p.Audio, audioFormat: p.AudioFormat, metaInfo: p.AudioMetaInfo });
      return {};
    },
  },

  DeleteVoicePrint: {
    regions: REGIONS,
    handle({ params, world }) {
      const { VoicePrintId } = readParams(params, { VoicePrintId: field("string", true, nonEmpty) });
      world.voicePrints.delete(existing(world, VoicePrintId));
      return {};
    },
  },
};

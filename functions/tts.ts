import { z } from "zod";
import type { ApiResponse } from "../provider/client";
import * as field from "../provider/fields";
import { functionSpec } from "../provider/function";
import { fromApi, toApi } from "../provider/spec";
import { streamSpec } from "../provider/stream";

/**
 * Text to speech: TextToSpeech (the audio in the answer) and the AsyncTextToSpeech /
 * DescribeAsyncTextToSpeech task pair for long texts (TRTC API reference, "AI Service APIs"; the SDK's models for the members
 * the pages lack). Billed per character synthesised.
 */

const { struct, text, between, int } = field;

// The TextToSpeech page (last updated 2026-05-22) allows 1 to 255 characters and the model
// flow_01_turbo; the SDK's models (2026-08) allow 2000 and the models flow_02_turbo (default) and
// flow_01_ex. The newer source wins.
const MAX_TEXT = 2000;
/** TextToSpeechSSERequest's Text: "up to 20000 characters". */
const MAX_STREAM_TEXT = 20000;
/** "Up to 50000 characters; one Chinese character counts as two" (AsyncTextToSpeechRequest). */
const MAX_ASYNC_TEXT = 50000;

const MODELS = ["flow_02_turbo", "flow_01_ex"] as const;
const EMOTIONS = ["happy", "sad", "angry", "fearful", "disgusted", "surprised", "calm", "fluent", "whisper"] as const;
/** AsyncTextToSpeechRequest's LanguageCode values. */
const ASYNC_LANGUAGES = ["zh", "en", "ja", "ko", "yue", "ms", "ar", "id", "th", "vi"] as const;

const oneOf = <T extends readonly (string | number)[]>(values: T) =>
  z.literal(values, { error: `must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}` });

const voice = struct({
  voiceId: text.describe("A voice id from TRTC's voice list, or one made by voice cloning (e.g. v-female-R2s4N9qJ)."),
  speed: between(0.5, 2).optional().describe("0.5 (half speed) to 2 (double); default 1."),
  volume: z.number({ error: "must be a number" }).gt(0, { error: "must be more than 0 and at most 10" }).max(10, { error: "must be more than 0 and at most 10" }).optional().describe("More than 0, up to 10; default 1."),
  pitch: int(-12, 12).optional().describe("-12 (lower) to 12 (higher); default 0."),
  emotion: oneOf(EMOTIONS).optional().describe("With model flow_01_ex only: happy, sad, angry, fearful, disgusted, surprised, calm, fluent or whisper."),
}).describe("The voice and how it speaks.");

/** AudioFormat, with the formats the API in question takes. */
function audioFormat(formats: readonly string[], defaultFormat: string) {
  return struct({
    format: oneOf(formats).optional().describe(`${formats.join(", ")} (default ${defaultFormat}); opus is Ogg/Opus.`),
    sampleRate: oneOf([16000, 24000] as const).optional().describe("16000 or 24000 (default) Hz."),
    bitrate: oneOf([64, 128, 192, 256] as const).optional().describe("MP3 only: 64, 128 (default), 192 or 256 kbit/s."),
  })
    .superRefine((v, ctx) => field.appliesOnly(ctx, v.bitrate, v.format === "mp3", ["bitrate"], 'format is "mp3"'))
    .describe("The audio's format.");
}

const pronunciations = z
  .array(
    struct({
      word: text.describe("The word whose pronunciation is fixed (a later entry for the same word wins)."),
      pronunciation: text.describe("Pinyin with tone numbers (yin2 hang2), characters and pinyin mixed (银hang2), or a replacement text."),
    }),
    { error: "must be a list" },
  )
  .optional()
  .describe("Pronunciations of polyphonic or rare words for this request.");

const ALIGNMENT = { none: 0, sentence: 1, word: 2 } as const;

const model = oneOf(MODELS).optional().describe("flow_02_turbo (default: good value) or flow_01_ex (the most capable, best with cloned voices).");
const extraParams = z.record(z.string(), z.unknown(), { error: "must be an object" }).optional().describe("TRTC's extension parameters, as its support gives them.");

/** TextToSpeech's members (TextToSpeechSSE shares them, with up to 20000 characters). */
function speechArgs(maxText: number, formats: readonly string[]) {
  return {
    sdkAppId: field.sdkAppId,
    text: text.max(maxText, { error: `must be at most ${maxText} characters` }).describe(`What is said: 1 to ${maxText} characters.`),
    voice,
    audioFormat: audioFormat(formats, "pcm").optional(),
    model,
    language: text.optional().describe("The language, ISO 639-1 (zh, en, ja, ko, yue ...); detected when left out."),
    pronunciations,
    subtitles: oneOf(["none", "sentence", "word"] as const).optional().describe('Timings of the text in the audio: "none" (default), "sentence", or "word" (flow_01_ex only).'),
    extraParams,
  };
}

/** TextToSpeech's request. */
function speechParams(v: z.output<z.ZodObject<ReturnType<typeof speechArgs>>>) {
  const { subtitles, pronunciations: dict, extraParams, ...rest } = v;
  return {
    ...(toApi(rest) as Record<string, unknown>),
    ...(dict && { PronunciationDict: toApi(dict) }),
    ...(subtitles && { AlignmentMode: ALIGNMENT[subtitles] }),
    ...(extraParams && { ExtraParams: JSON.stringify(extraParams) }),
  };
}

const alignment = z.object({
  text: z.string().optional(),
  timeBeginMs: z.number().optional(),
  timeEndMs: z.number().optional(),
  textBegin: z.number().optional(),
  textEnd: z.number().optional(),
  words: z.array(z.record(z.string(), z.unknown())).optional(),
});
/** Where a sentence (or word) of the text is in the audio: milliseconds and text offsets. */
export type SpeechAlignment = z.output<typeof alignment>;

const speechResult = z.object({
  audio: z.string(),
  alignments: z.array(alignment).nullish().transform((v) => v ?? []),
  totalDurationMs: z.number().optional(),
});

/** What TextToSpeech answers. */
export interface TextToSpeechResult {
  /** The audio, Base64, in the format asked for (raw 16-bit mono PCM by default). */
  audio: string;
  /** Where each sentence (or word) is in the audio, when subtitles were asked for. */
  alignments: SpeechAlignment[];
  /** The audio's length, in milliseconds. */
  totalDurationMs?: number;
}

export const textToSpeechSpec = functionSpec({
  name: "textToSpeech",
  description: "Synthesises speech from a text (up to 2000 characters) and answers the audio, Base64, with subtitles if asked.",
  api: "trtc",
  args: z.object(speechArgs(MAX_TEXT, ["pcm", "wav", "mp3", "opus"])),
  changes: false,
  actions: ["TextToSpeech"],
  request: (v) => ({ action: "TextToSpeech", params: speechParams(v) }),
  describe: (v) => `synthesise ${v.text.length} characters with voice ${v.voice.voiceId}`,
  result: (response: ApiResponse): TextToSpeechResult => speechResult.parse(fromApi(response)),
});

// textToSpeechStream

const chunkResult = z.object({
  audio: z.string(),
  seq: z.number(),
  alignments: z.array(alignment).nullish().transform((v) => v ?? []),
});

/** One chunk of a streamed synthesis, in the order they are spoken. */
export interface SpeechChunk {
  /** This chunk's audio, Base64, in the format asked for: the chunks joined are the whole file. */
  audio: string;
  /** Its place in the stream: 0, 1, 2 ... */
  seq: number;
  /** The sentences (or words) that end within this chunk's audio, when subtitles were asked for. */
  alignments: SpeechAlignment[];
}

/**
 * TextToSpeechSSE (TRTC API reference, "AI Service APIs"): TextToSpeech's request, its audio
 * streamed as Server-Sent Events. A script function only: an async iterator is no Pulumi invoke.
 */
export const textToSpeechStreamSpec = streamSpec({
  name: "textToSpeechStream",
  description:
    "Synthesises speech from a text (up to 20000 characters) and yields the audio chunk by chunk as TRTC streams it (TextToSpeechSSE), for scripts: an async iterator, so no Pulumi invoke and no Output variant. The iteration ends after the stream's last chunk; a stream cut off before it fails with a TrtcError.",
  api: "trtc",
  args: z.object(speechArgs(MAX_STREAM_TEXT, ["pcm", "mp3", "opus"])),
  changes: false,
  actions: ["TextToSpeechSSE"],
  request: (v) => ({ action: "TextToSpeechSSE", params: speechParams(v) }),
  result: (event: ApiResponse): SpeechChunk => chunkResult.parse(fromApi(event)),
  isLast: (event) => event.IsEnd === true,
});

// startAsyncTextToSpeech, getAsyncTextToSpeech

/** AsyncTextToSpeech counts a Chinese character (anything past ASCII, here) as two. */
function asyncLength(value: string): number {
  let length = 0;
  for (const ch of value) length += ch.codePointAt(0)! < 0x80 ? 1 : 2;
  return length;
}

export const startAsyncTextToSpeechSpec = functionSpec({
  name: "startAsyncTextToSpeech",
  description: "Starts synthesising a long text (up to 50000 characters, a Chinese one counting two) into an audio file; getAsyncTextToSpeech tells when it is ready and where.",
  api: "trtc",
  args: z.object({
    sdkAppId: field.sdkAppId,
    text: text
      .refine((v) => asyncLength(v) <= MAX_ASYNC_TEXT, { error: `must be at most ${MAX_ASYNC_TEXT} characters, a Chinese character counting two` })
      .describe(`What is said: up to ${MAX_ASYNC_TEXT} characters, a Chinese character counting two.`),
    voice,
    audioFormat: audioFormat(["pcm", "mp3", "opus"], "mp3").optional(),
    language: oneOf(ASYNC_LANGUAGES).optional().describe(`One of ${ASYNC_LANGUAGES.join(", ")}; detected when left out.`),
    pronunciations,
    subtitles: field.flag.optional().describe("Whether a subtitle file is made too (default false)."),
  }),
  changes: true,
  actions: ["AsyncTextToSpeech"],
  request: (v) => {
    const { subtitles, pronunciations: dict, language, ...rest } = v;
    return {
      action: "AsyncTextToSpeech",
      params: {
        ...(toApi(rest) as Record<string, unknown>),
        // The one model the async API takes (AsyncTextToSpeechRequest).
        Model: "flow_02_turbo",
        ...(language && { LanguageCode: language }),
        ...(dict && { PronunciationDict: toApi(dict) }),
        ...(subtitles !== undefined && { AlignmentMode: subtitles ? 1 : 0 }),
      },
    };
  },
  describe: (v) => `start synthesising ${v.text.length} characters with voice ${v.voice.voiceId}`,
  result: (response: ApiResponse) => ({ taskId: z.string().parse(response.TaskId) }),
});

const ASYNC_STATUS = ["Processing", "Success", "Failed", "Expired"] as const;

const asyncResult = z.object({
  status: z.enum(ASYNC_STATUS),
  audioDownloadUrl: z.string().optional(),
  subtitleDownloadUrl: z.string().optional(),
  totalDurationMs: z.number().optional(),
});
/** How an async synthesis stands: Processing, Success (with its files), Failed or Expired. */
export type AsyncTextToSpeechStatus = z.output<typeof asyncResult>;

export const getAsyncTextToSpeechSpec = functionSpec({
  name: "getAsyncTextToSpeech",
  description: "How a synthesis started by startAsyncTextToSpeech stands: Processing, Success (with the audio's and subtitles' URLs and the length), Failed or Expired.",
  api: "trtc",
  args: z.object({ taskId: text.describe("The synthesis: startAsyncTextToSpeech's `taskId`.") }),
  changes: false,
  actions: ["DescribeAsyncTextToSpeech"],
  request: (v) => ({ action: "DescribeAsyncTextToSpeech", params: { TaskId: v.taskId } }),
  describe: (v) => `read how synthesis ${v.taskId} stands`,
  result: (response: ApiResponse): AsyncTextToSpeechStatus => asyncResult.parse(fromApi(response)),
});

// voiceClone

/**
 * VoiceClone (TRTC API reference, "AI Service APIs", last updated 2026-05-22) answers a VoiceId
 * and nothing else: TRTC offers no call to describe, change or delete a cloned voice, so a clone
 * is no resource with a lifecycle but a function. Its page takes a 16 kHz mono WAV of 10 to 180
 * seconds; the SDK's models (4.1.313) WAV, MP3 or M4A of 6 to 180 seconds. The newer source wins.
 */
export const voiceCloneSpec = functionSpec({
  name: "voiceClone",
  description:
    "Clones a voice from a recording (WAV, MP3 or M4A of 6 to 180 seconds, Base64) and answers its voiceId, for textToSpeech and the AI conversations' TTS. TRTC has no call to read, change or delete a cloned voice, so this is a function, not a resource: each call clones anew.",
  api: "trtc",
  args: z.object({
    sdkAppId: field.sdkAppId,
    voiceName: field.pattern(/^[A-Za-z0-9_]{1,36}$/, "letters, digits and _, at most 36 characters").describe("The clone's name: letters, digits and _, at most 36 characters."),
    audio: z.base64({ error: "must be Base64" }).min(1, { error: "must not be empty" }).describe("The recording to clone, Base64: WAV, MP3 or M4A, 6 to 180 seconds."),
    transcript: text.optional().describe("What the recording says, which helps the clone."),
    model,
    language: text.optional().describe("The recording's language, ISO 639-1 (zh, en, ja ...); detected when left out."),
    extraParams,
  }),
  // A new voice each call.
  changes: true,
  actions: ["VoiceClone"],
  request: (v) => ({
    action: "VoiceClone",
    params: {
      SdkAppId: v.sdkAppId,
      VoiceName: v.voiceName,
      PromptAudio: v.audio,
      ...(v.transcript && { PromptText: v.transcript }),
      ...(v.model && { Model: v.model }),
      ...(v.language && { Language: v.language }),
      ...(v.extraParams && { ExtraParams: JSON.stringify(v.extraParams) }),
    },
  }),
  describe: (v) => `to clone voice ${v.voiceName} of application ${v.sdkAppId}`,
  result: (response: ApiResponse): ClonedVoice => ({ voiceId: z.string().parse(response.VoiceId) }),
});

/** What VoiceClone answers. */
export interface ClonedVoice {
  /** The cloned voice, for `voice.voiceId` of textToSpeech and the AI conversations' TTS. */
  voiceId: string;
}

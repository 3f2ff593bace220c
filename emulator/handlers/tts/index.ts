// Text to speech: TextToSpeech and TextToSpeechSSE (TRTC API reference, "AI Service APIs":
// ap-singapore), AsyncTextToSpeech and DescribeAsyncTextToSpeech (the SDK's models; the same
// region taken), with members and ranges as the SDK's models of 2026-08 document them. The audio is
// synthesised (./audio.ts); the streaming answer is the events of tccli's TextToSpeechSSE example;
// an async synthesis is a roomless task that finishes after a second per 50 characters. VoiceClone
// (its page, and the SDK's models of 4.1.313 for the formats and lengths, the newer) answers a voice
// id drawn from the application, the name and the recording, so the same clone names the same voice.
import { createHash } from "node:crypto";
import { ApiError, invalidParameter } from "../../errors";
import type { ActionDef } from "../../family";
import { arrayOf, field, matching, nonEmpty, object, oneOf, type Params, range, readParams, SDK_APP_ID, TASK_ID } from "../../params";
import { requireApp } from "../../world/calls";
import { clipFormat, wavHeader } from "../audioClip";
import { encode, type Speech, synthesise } from "./audio";

const FAMILY = "TextToSpeech";
const REGIONS = ["ap-singapore"] as const;
const EMOTIONS = ["happy", "sad", "angry", "fearful", "disgusted", "surprised", "calm", "fluent", "whisper"];
const ASYNC_LANGUAGES = ["zh", "en", "ja", "ko", "yue", "ms", "ar", "id", "th", "vi"];
/** An async synthesis takes a second per this many characters, at least one second. */
const ASYNC_CHARACTERS_PER_SECOND = 50;
/** Bytes of audio per streamed event. */
const CHUNK_BYTES = 9600;

const VOICE = object(
  {
    VoiceId: field("string", true, nonEmpty),
    Speed: field("number", false, range(0.5, 2)),
    // "(0, 10]"
    Volume: field("number", false, (value, name) => {
      if (value <= 0 || value > 10) throw invalidParameter(name, "must be within (0, 10]");
    }),
    Pitch: field("integer", false, range(-12, 12)),
    Emotion: field("string", false, oneOf(...EMOTIONS)),
  },
  true,
);

const audioFormat = (...formats: string[]) =>
  object({ Format: field("string", false, oneOf(...formats)), SampleRate: field("integer", false, oneOf(16000, 24000)), Bitrate: field("integer", false, oneOf(64, 128, 192, 256)) }, false);

const PRONUNCIATIONS = arrayOf(object({ Word: field("string", true, nonEmpty), Pronunciation: field("string", true, nonEmpty) }, true), false);

const maxLength = (max: number, length: (text: string) => number = (text) => [...text].length) =>
  field("string", true, (value, name) => {
    if (value.length === 0 || length(value) > max) throw invalidParameter(name, `must be 1 to ${max} characters`);
  });

function speechSpec(maxText: number, ...formats: string[]) {
  return {
    Text: maxLength(maxText),
    Voice: VOICE,
    SdkAppId: SDK_APP_ID,
    AudioFormat: audioFormat(...formats),
    APIKey: field("string", false),
    Model: field("string", false, oneOf("flow_02_turbo", "flow_01_ex")),
    Language: field("string", false, matching(/^[a-z]{2}(-[a-z]{2})?$/, "a language code such as zh or en")),
    PronunciationDict: PRONUNCIATIONS,
    AlignmentMode: field("integer", false, range(0, 2)),
    ExtraParams: field("string", false),
  };
}
const SPEECH = speechSpec(2000, "pcm", "wav", "mp3", "opus");
const STREAM = speechSpec(20000, "pcm", "mp3", "opus");

/** "1 Chinese character = 2 characters" (AsyncTextToSpeechRequest); anything past ASCII counts two here. */
const asyncLength = (text: string) => [...text].reduce((n, ch) => n + (ch.codePointAt(0)! < 0x80 ? 1 : 2), 0);
const ASYNC = {
  Text: maxLength(50000, asyncLength),
  Voice: VOICE,
  SdkAppId: SDK_APP_ID,
  AudioFormat: audioFormat("pcm", "mp3", "opus"),
  Model: field("string", false, oneOf("flow_02_turbo")),
  PronunciationDict: PRONUNCIATIONS,
  AlignmentMode: field("integer", false, range(0, 1)),
  LanguageCode: field("string", false, oneOf(...ASYNC_LANGUAGES)),
};

const CLONE = {
  SdkAppId: SDK_APP_ID,
  VoiceName: field("string", true, matching(/^[A-Za-z0-9_]{1,36}$/, "letters, digits and _, at most 36 characters")),
  PromptAudio: field("string", true, nonEmpty),
  APIKey: field("string", false),
  PromptText: field("string", false),
  Model: SPEECH.Model,
  Language: SPEECH.Language,
  ExtraParams: field("string", false),
};
/** "6 to 180 seconds" (VoiceCloneRequest's PromptAudio); only a WAV file's length is read here. */
const CLONE_SECONDS = [6, 180] as const;

type SpeechParams = Params<typeof SPEECH>;

/** The text synthesised as asked, after the checks across members. */
function speak(p: Pick<SpeechParams, "Text" | "Voice" | "AudioFormat" | "Model" | "AlignmentMode">): Speech {
  const model = p.Model ?? "flow_02_turbo";
  // "Only flow_01_ex supports word-level subtitles" and "emotion control" (TextToSpeechRequest, Voice).
  if (p.AlignmentMode === 2 && model !== "flow_01_ex") throw invalidParameter("AlignmentMode", "word-level subtitles (2) need Model flow_01_ex");
  if (p.Voice.Emotion !== undefined && model !== "flow_01_ex") throw invalidParameter("Voice.Emotion", "needs Model flow_01_ex");
  if (p.AudioFormat?.Bitrate !== undefined && p.AudioFormat.Format !== "mp3") throw invalidParameter("AudioFormat.Bitrate", "applies to mp3 only");
  return synthesise(p.Text, p.AudioFormat?.SampleRate ?? 24000, p.Voice.Speed, p.Voice.Volume, p.Voice.Pitch);
}

/** Subtitles: sentences (ended by . ! ? and their CJK forms) or, at level 2, words; times and text offsets. */
function alignments(text: string, speech: Speech, mode: number | undefined) {
  if (!mode) return [];
  const chars = [...text];
  const pieces = mode === 2 ? /[^\s]+/gu : /[^.!?。！？]+[.!?。！？]*/gu;
  return [...chars.join("").matchAll(pieces)].map((m) => {
    const begin = [...chars.join("").slice(0, m.index)].length;
    const end = begin + [...m[0]].length;
    return { Text: m[0].trim(), TimeBeginMs: speech.characters[begin]!.begin, TimeEndMs: speech.characters[end - 1]!.end, TextBegin: begin, TextEnd: end };
  });
}

function taskNotExist(): ApiError {
  return new ApiError("FailedOperation.TaskNotExist", "The task does not exist.");
}

export const actions: Record<string, ActionDef> = {
  TextToSpeech: {
    regions: REGIONS,
    handle({ params, world }) {
      const p = readParams(params, SPEECH);
      requireApp(world, p.SdkAppId);
      const speech = speak(p);
      const audio = encode(speech, p.AudioFormat?.Format ?? "pcm", p.AudioFormat?.Bitrate);
      return { Audio: audio.toString("base64"), Alignments: alignments(p.Text, speech, p.AlignmentMode), TotalDurationMs: speech.durationMs };
    },
  },

  TextToSpeechSSE: {
    regions: REGIONS,
    answers: "events",
    handle({ params, world }) {
      const p = readParams(params, STREAM);
      requireApp(world, p.SdkAppId);
      const speech = speak(p);
      const audio = encode(speech, p.AudioFormat?.Format ?? "pcm", p.AudioFormat?.Bitrate);
      const subtitles = alignments(p.Text, speech, p.AlignmentMode);
      const count = Math.max(1, Math.ceil(audio.length / CHUNK_BYTES));
      // Each chunk carries the subtitles that end within its audio.
      const msPerByte = speech.durationMs / Math.max(1, audio.length);
      const Events = Array.from({ length: count }, (_, seq) => {
        const until = Math.min(audio.length, (seq + 1) * CHUNK_BYTES);
        const within = subtitles.filter((a) => a.TimeEndMs > seq * CHUNK_BYTES * msPerByte && a.TimeEndMs <= until * msPerByte + (seq === count - 1 ? 1 : 0));
        return {
          Type: "chunk",
          ChunkId: `chunk_${seq}`,
          Audio: audio.subarray(seq * CHUNK_BYTES, until).toString("base64"),
          Seq: seq,
          ...(within.length > 0 && { Alignments: within }),
          IsEnd: seq === count - 1,
        };
      });
      return { Events };
    },
  },

  VoiceClone: {
    regions: REGIONS,
    handle({ params, world }) {
      const p = readParams(params, CLONE);
      requireApp(world, p.SdkAppId);
      const recording = Buffer.from(p.PromptAudio, "base64");
      const format = clipFormat(recording);
      if (!format) throw invalidParameter("PromptAudio", "must be a WAV, MP3 or M4A file, Base64");
      const [shortest, longest] = CLONE_SECONDS;
      const seconds = format === "wav" ? wavHeader(recording).seconds : undefined;
      if (seconds !== undefined && (seconds < shortest || seconds > longest)) {
        throw invalidParameter("PromptAudio", `lasts ${seconds.toFixed(1)} s; a recording of ${shortest} to ${longest} s is cloned`);
      }
      const digest = createHash("sha256").update(`${p.SdkAppId}/${p.VoiceName}/`).update(recording).digest("hex");
      return { VoiceId: `v-clone-${digest.slice(0, 12)}` };
    },
  },

  AsyncTextToSpeech: {
    regions: REGIONS,
    handle({ action, params, world }) {
      const p = readParams(params, ASYNC);
      requireApp(world, p.SdkAppId);
      const speech = speak({ ...p, AudioFormat: p.AudioFormat && { ...p.AudioFormat, Format: p.AudioFormat.Format ?? "mp3" } });
      const task = world.tasks.startRoomless({
        family: FAMILY,
        action,
        sdkAppId: p.SdkAppId,
        params: { ...params },
        settings: { durationMs: speech.durationMs },
        lifetimeMs: Math.max(1, Math.ceil([...p.Text].length / ASYNC_CHARACTERS_PER_SECOND)) * 1000,
      });
      return { TaskId: task.taskId };
    },
  },

  DescribeAsyncTextToSpeech: {
    regions: REGIONS,
    handle({ params, world }) {
      const { TaskId } = readParams(params, { TaskId: TASK_ID });
      const task = world.tasks.get(TaskId);
      if (!task || task.family !== FAMILY) throw taskNotExist();
      if (task.status === "InProgress") return { Status: "Processing" };
      const format = (task.params.AudioFormat as { Format?: string } | undefined)?.Format ?? "mp3";
      // Where TRTC's storage would serve the files; the emulator keeps none.
      const base = `https://trtc-local.invalid/tts/${task.taskId}`;
      return {
        Status: "Success",
        AudioDownloadUrl: `${base}.${format}`,
        ...(task.params.AlignmentMode === 1 && { SubtitleDownloadUrl: `${base}.srt` }),
        TotalDurationMs: task.settings.durationMs,
      };
    },
  },
};

// Text to speech against the emulator: the requests it received, the audio it answered, and the
// async synthesis as a task that finishes on the virtual clock.
import * as trtc from "../index";
import { DEFAULT_SDK_APP_ID } from "../emulator";
import { SECRET_ID, SECRET_KEY } from "./helpers";
import { useFrozenEmulator } from "./sdk";

const APP = DEFAULT_SDK_APP_ID;
const suite = useFrozenEmulator();
const opts = (): trtc.FunctionOptions => ({ settings: { secretId: SECRET_ID, secretKey: SECRET_KEY, region: "ap-singapore", endpoint: suite.emulator.url } });
const requests = (action: string) => suite.emulator.state.requests.list().filter((r) => r.action === action);

it("textToSpeech: a WAV file as long as the text, with sentence subtitles", async () => {
  const result = await trtc.textToSpeech({ sdkAppId: APP, text: "Hello there. Bye!", voice: { voiceId: "v-female-R2s4N9qJ", speed: 2 }, audioFormat: { format: "wav", sampleRate: 16000 }, subtitles: "sentence" }, opts());
  expect(requests("TextToSpeech").map((r) => r.params)).toEqual([
    { SdkAppId: APP, Text: "Hello there. Bye!", Voice: { VoiceId: "v-female-R2s4N9qJ", Speed: 2 }, AudioFormat: { Format: "wav", SampleRate: 16000 }, AlignmentMode: 1 },
  ]);
  const audio = Buffer.from(result.audio, "base64");
  expect(audio.subarray(0, 4).toString("ascii")).toBe("RIFF");
  expect(audio.readUInt32LE(24)).toBe(16000);
  // 17 characters at 60 ms each: 16-bit samples for 1.02 seconds after the 44-byte header.
  expect(result.totalDurationMs).toBe(1020);
  expect(audio.length).toBe(44 + 16000 * 1.02 * 2);
  expect(result.alignments.map((a) => a.text)).toEqual(["Hello there.", "Bye!"]);
});

it("textToSpeech refuses before any call what the API documents it refuses", async () => {
  const error = await trtc.textToSpeech({ sdkAppId: APP, text: "x".repeat(2001), voice: { voiceId: "v" }, audioFormat: { format: "pcm", bitrate: 64 } }, opts()).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(trtc.ValidationError);
  expect((error as Error).message).toMatch(/text: must be at most 2000 characters/);
  expect((error as Error).message).toMatch(/audioFormat\.bitrate: applies only when format is "mp3"/);
  expect(requests("TextToSpeech")).toEqual([]);
});

it("startAsyncTextToSpeech and getAsyncTextToSpeech: Processing, then Success with the file", async () => {
  const { taskId } = (await trtc.startAsyncTextToSpeech({ sdkAppId: APP, text: "a".repeat(120), voice: { voiceId: "v-male-s5NqE0rZ" }, subtitles: true }, opts()))!;
  expect(requests("AsyncTextToSpeech")[0]!.params).toMatchObject({ Model: "flow_02_turbo", AlignmentMode: 1 });
  expect(await trtc.getAsyncTextToSpeech({ taskId }, opts())).toEqual({ status: "Processing" });
  // 120 characters take three seconds.
  await suite.control.advanceClock(3);
  expect(await trtc.getAsyncTextToSpeech({ taskId }, opts())).toEqual({
    status: "Success",
    audioDownloadUrl: expect.stringMatching(/\.mp3$/),
    subtitleDownloadUrl: expect.stringMatching(/\.srt$/),
    totalDurationMs: 14400,
  });
});

it("the emulator answers TextToSpeechSSE as Tencent's SDK reads it: chunks of audio, the last marked IsEnd", async () => {
  const stream = (await suite.trtc.request("TextToSpeechSSE", { SdkAppId: APP, Text: "A longer text, spoken in several chunks.", Voice: { VoiceId: "v-female-R2s4N9qJ" } })) as unknown as AsyncIterable<{ data: string }>;
  const events: { Type: string; Seq: number; Audio: string; IsEnd: boolean; RequestId: string }[] = [];
  for await (const event of stream) events.push(JSON.parse(event.data));
  expect(events.length).toBeGreaterThan(1);
  expect(events.map((e) => [e.Type, e.Seq, e.IsEnd])).toEqual(events.map((_, i) => ["chunk", i, i === events.length - 1]));
  expect(new Set(events.map((e) => e.RequestId)).size).toBe(1);
  // 40 characters of 120 ms, 24000 16-bit samples a second.
  expect(Buffer.concat(events.map((e) => Buffer.from(e.Audio, "base64"))).length).toBe(40 * 2880 * 2);
});

describe("textToSpeechStream", () => {
  const collect = async (chunks: AsyncIterable<trtc.types.output.SpeechChunk>) => {
    const got: trtc.types.output.SpeechChunk[] = [];
    for await (const chunk of chunks) got.push(chunk);
    return got;
  };

  it("sends TextToSpeech's request to TextToSpeechSSE and yields every chunk, in order, until the last", async () => {
    const text = "A longer text. Spoken in several chunks!";
    const chunks = await collect(trtc.textToSpeechStream({ sdkAppId: APP, text, voice: { voiceId: "v-female-R2s4N9qJ", pitch: 2 }, audioFormat: { format: "pcm", sampleRate: 16000 }, subtitles: "sentence" }, opts()));
    expect(requests("TextToSpeechSSE").map((r) => r.params)).toEqual([
      { SdkAppId: APP, Text: text, Voice: { VoiceId: "v-female-R2s4N9qJ", Pitch: 2 }, AudioFormat: { Format: "pcm", SampleRate: 16000 }, AlignmentMode: 1 },
    ]);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i));
    // 40 characters of 120 ms at 16000 16-bit samples a second: the chunks joined are the whole audio.
    expect(Buffer.concat(chunks.map((c) => Buffer.from(c.audio, "base64"))).length).toBe(40 * 1920 * 2);
    expect(chunks.flatMap((c) => c.alignments.map((a) => a.text))).toEqual(["A longer text.", "Spoken in several chunks!"]);
  });

  it("refuses at once, before any call, what TextToSpeechSSE documents it refuses", () => {
    expect(() => trtc.textToSpeechStream({ sdkAppId: APP, text: "x".repeat(20001), voice: { voiceId: "v" }, audioFormat: { format: "wav" as "pcm" } }, opts())).toThrow(
      expect.objectContaining({ name: "ValidationError", message: expect.stringMatching(/text: must be at most 20000 characters.*audioFormat\.format: must be one of "pcm", "mp3", "opus"/) }),
    );
    expect(requests("TextToSpeechSSE")).toEqual([]);
  });

  it("a stream cut off before its last chunk fails with a TrtcError after the chunks that came", async () => {
    suite.emulator.state.faults.add({ action: "TextToSpeechSSE", connection: "cut", count: 1 });
    const got: number[] = [];
    const error = await (async () => {
      for await (const chunk of trtc.textToSpeechStream({ sdkAppId: APP, text: "A longer text, spoken in several chunks.", voice: { voiceId: "v-female-R2s4N9qJ" } }, opts())) got.push(chunk.seq);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(trtc.TrtcError);
    expect((error as trtc.TrtcError).message).toMatch(new RegExp(`^TextToSpeechSSE failed with NetworkError: the stream was cut off after ${got.length} chunks, before its last one`));
    expect(got.length).toBeGreaterThan(0);
    expect(got).toEqual(got.map((_, i) => i));
    expect(requests("TextToSpeechSSE").map((r) => r.outcome)).toEqual(["cut off mid-answer"]);
  });
});

describe("voiceClone", () => {
  /** A 16 kHz WAV recording of `characters` characters, 120 ms each, as the emulator's text to speech makes one. */
  const recording = async (characters: number) =>
    (await trtc.textToSpeech({ sdkAppId: APP, text: "a".repeat(characters), voice: { voiceId: "v-female-R2s4N9qJ" }, audioFormat: { format: "wav", sampleRate: 16000 } }, opts())).audio;

  it("sends VoiceClone's members and answers the voice id, the same for the same clone", async () => {
    const audio = await recording(60);
    const first = await trtc.voiceClone({ sdkAppId: APP, voiceName: "host_voice", audio, transcript: "Welcome to the show.", model: "flow_01_ex", extraParams: { denoise: true } }, opts());
    expect(requests("VoiceClone").map((r) => r.params)).toEqual([
      { SdkAppId: APP, VoiceName: "host_voice", PromptAudio: audio, PromptText: "Welcome to the show.", Model: "flow_01_ex", ExtraParams: '{"denoise":true}' },
    ]);
    expect(first).toEqual({ voiceId: expect.stringMatching(/^v-clone-[0-9a-f]{12}$/) });
    expect(await trtc.voiceClone({ sdkAppId: APP, voiceName: "host_voice", audio }, opts())).toEqual(first);
    expect(await trtc.voiceClone({ sdkAppId: APP, voiceName: "guest_voice", audio }, opts())).not.toEqual(first);
    // The clone speaks: textToSpeech takes its id.
    await trtc.textToSpeech({ sdkAppId: APP, text: "Hello.", voice: { voiceId: first!.voiceId } }, opts());
    expect(requests("TextToSpeech").at(-1)!.params).toMatchObject({ Voice: { VoiceId: first!.voiceId } });
  });

  it("refuses a bad name before any call, and the emulator a recording shorter than 6 seconds", async () => {
    const named = await trtc.voiceClone({ sdkAppId: APP, voiceName: "host voice!", audio: "UklGRg==" }, opts()).catch((e: unknown) => e);
    expect(named).toMatchObject({ name: "ValidationError", message: expect.stringMatching(/voiceName: must be letters, digits and _, at most 36 characters/) });
    expect(requests("VoiceClone")).toEqual([]);
    // 40 characters of 120 ms: 4.8 seconds.
    const short = await trtc.voiceClone({ sdkAppId: APP, voiceName: "short", audio: await recording(40) }, opts()).catch((e: unknown) => e);
    expect(short).toMatchObject({ name: "TrtcError", code: "InvalidParameter", message: expect.stringMatching(/PromptAudio.*lasts 4\.8 s; a recording of 6 to 180 s is cloned/) });
  });
});

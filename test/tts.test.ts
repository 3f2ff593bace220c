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

// moderateAudio against the emulator: the request it received, the task it answered, and what it
// refuses (before any call, or on reading the clip).
import * as trtc from "../index";
import { DEFAULT_SDK_APP_ID } from "../emulator";
import { SECRET_ID, SECRET_KEY } from "./helpers";
import { useFrozenEmulator } from "./sdk";

const APP = DEFAULT_SDK_APP_ID;
const suite = useFrozenEmulator();
const opts = (): trtc.FunctionOptions => ({ settings: { secretId: SECRET_ID, secretKey: SECRET_KEY, region: "ap-singapore", endpoint: suite.emulator.url } });
const requests = () => suite.emulator.state.requests.list().filter((r) => r.action === "CreateAudioModerationSync");

/** A real 16 kHz WAV clip, as the emulator's text to speech makes one. */
async function wavClip(text: string): Promise<string> {
  return (await trtc.textToSpeech({ sdkAppId: APP, text, voice: { voiceId: "v-female-R2s4N9qJ" }, audioFormat: { format: "wav", sampleRate: 16000 } }, opts())).audio;
}

it("sends the clip as CreateAudioModerationSync's members and answers its task; the same clip names the same task", async () => {
  const audio = await wavClip("Is this allowed?");
  const first = await trtc.moderateAudio({ sdkAppId: APP, audio, format: "wav", dataId: "clip-1", fileName: "question_1", bizType: `2_2_3_${APP}` }, opts());
  expect(requests().map((r) => r.params)).toEqual([{ Sdkappid: APP, BizType: `2_2_3_${APP}`, DataId: "clip-1", FileFormat: "wav", FileName: "question_1", FileContent: audio }]);
  expect(first).toEqual({ taskId: expect.stringMatching(/^[0-9a-f]{32}$/), dataId: "clip-1", fileName: "question_1" });
  const again = await trtc.moderateAudio({ sdkAppId: APP, audio, format: "wav" }, opts());
  expect(again).toEqual({ taskId: first!.taskId });
  const url = await trtc.moderateAudio({ sdkAppId: APP, audioUrl: "https://example.com/clip.mp3" }, opts());
  expect(url!.taskId).not.toBe(first!.taskId);
});

it("refuses before any call a clip given twice, or without its format", async () => {
  const both = await trtc.moderateAudio({ sdkAppId: APP, audio: "UklGRg==", audioUrl: "https://example.com/a.wav" }, opts()).catch((e: unknown) => e);
  expect(both).toBeInstanceOf(trtc.ValidationError);
  expect((both as Error).message).toMatch(/audio: give exactly one of audio and audioUrl/);
  const formatless = await trtc.moderateAudio({ sdkAppId: APP, audio: "UklGRg==", dataId: "no spaces allowed" }, opts()).catch((e: unknown) => e);
  expect((formatless as Error).message).toMatch(/format: is required when audio is given/);
  expect((formatless as Error).message).toMatch(/dataId: must be letters, digits, _, -, @ and #, at most 64 characters/);
  expect(requests()).toEqual([]);
});

it("the emulator refuses a clip that is not the format it is said to be, or longer than 60 seconds", async () => {
  const audio = await wavClip("Short.");
  const mislabelled = await trtc.moderateAudio({ sdkAppId: APP, audio, format: "mp3" }, opts()).catch((e: unknown) => e);
  expect(mislabelled).toMatchObject({ name: "TrtcError", code: "InvalidParameter", message: expect.stringMatching(/FileContent.*is not a mp3 file/) });
  // 600 characters of 120 ms: 72 seconds.
  const long = await trtc.moderateAudio({ sdkAppId: APP, audio: await wavClip("a".repeat(600)), format: "wav" }, opts()).catch((e: unknown) => e);
  expect(long).toMatchObject({ code: "InvalidParameter", message: expect.stringMatching(/lasts 72\.0 s, more than 60 s/) });
  expect(requests().map((r) => r.outcome)).toEqual(["InvalidParameter", "InvalidParameter"]);
});

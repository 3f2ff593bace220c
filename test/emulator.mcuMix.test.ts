// The older mixing API in the emulator, through Tencent's SDK: one mix per room, started, set
// anew, stopped, and ended when its room empties; the members it requires, and its string-room twins.
import { useFrozenEmulator } from "./sdk";

const APP = 1400000001;
const suite = useFrozenEmulator();
const code = (call: Promise<unknown>): Promise<string | undefined> => call.then(() => "ok", (e: { code?: string }) => e.code);
const message = (call: Promise<unknown>): Promise<string> => call.then(() => "ok", (e: Error) => e.message);

const ENCODE = { AudioSampleRate: 48000, AudioBitrate: 64, AudioChannels: 2, VideoWidth: 1280, VideoHeight: 720, VideoBitrate: 1500, VideoFramerate: 15, VideoGop: 2 };
const MIX = { SdkAppId: APP, OutputParams: { StreamId: "show_mix" }, EncodeParams: ENCODE, LayoutParams: { Template: 1 } };
const mixes = async () => (await suite.control.tasks()).filter((t) => t.family === "McuMixTranscode");

test("starts a room's mix, sets it anew on a second Start, and stops it; Stop again does nothing", async () => {
  await suite.control.joinRoom(APP, 1234, "host");
  await suite.trtc.request("StartMCUMixTranscode", { ...MIX, RoomId: 1234 });
  expect(await mixes()).toMatchObject([{ roomId: "1234", status: "InProgress", settings: { LayoutParams: { Template: 1 }, OutputParams: { StreamId: "show_mix" } } }]);

  await suite.trtc.request("StartMCUMixTranscode", { ...MIX, RoomId: 1234, LayoutParams: { Template: 4, MixVideoUids: ["host"] } });
  expect(await mixes()).toMatchObject([{ status: "InProgress", settings: { LayoutParams: { Template: 4, MixVideoUids: ["host"] } } }]);

  await suite.trtc.request("StopMCUMixTranscode", { SdkAppId: APP, RoomId: 1234 });
  expect(await mixes()).toMatchObject([{ status: "Ended", endReason: "stopped" }]);
  expect(await code(suite.trtc.request("StopMCUMixTranscode", { SdkAppId: APP, RoomId: 1234 }))).toBe("ok");
});

test("a string room's mix through the ByStrRoomId twins ends by itself once nobody is in the room", async () => {
  await suite.control.joinRoom(APP, "show-room", "host");
  await suite.trtc.request("StartMCUMixTranscodeByStrRoomId", { ...MIX, StrRoomId: "show-room" });
  expect(await mixes()).toMatchObject([{ roomId: "show-room", status: "InProgress" }]);
  await suite.control.leaveRoom(APP, "show-room", "host");
  expect(await mixes()).toMatchObject([{ roomId: "show-room", endReason: "finished" }]);
  expect(await code(suite.trtc.request("StopMCUMixTranscodeByStrRoomId", { SdkAppId: APP, StrRoomId: "show-room" }))).toBe("ok");
});

test("refuses a room nobody is in, and what the models require or bound, naming the member", async () => {
  expect(await code(suite.trtc.request("StartMCUMixTranscode", { ...MIX, RoomId: 99 }))).toBe("FailedOperation.RoomNotExist");
  await suite.control.joinRoom(APP, 1234, "host");
  const { VideoGop: _, ...noGop } = ENCODE;
  expect(await message(suite.trtc.request("StartMCUMixTranscode", { ...MIX, RoomId: 1234, EncodeParams: noGop }))).toMatch(/EncodeParams\.VideoGop.*required for an audio and video stream/);
  // An audio-only mix needs no video members.
  expect(await code(suite.trtc.request("StartMCUMixTranscode", { ...MIX, RoomId: 1234, OutputParams: { StreamId: "audio_mix", PureAudioStream: 1 }, EncodeParams: { AudioSampleRate: 16000, AudioBitrate: 32, AudioChannels: 1 } }))).toBe("ok");
  expect(await message(suite.trtc.request("StartMCUMixTranscode", { ...MIX, RoomId: 1234, EncodeParams: { ...ENCODE, AudioSampleRate: 22050 } }))).toMatch(/EncodeParams\.AudioSampleRate/);
  expect(await message(suite.trtc.request("StartMCUMixTranscode", { ...MIX, RoomId: 1234, LayoutParams: { Template: 5 } }))).toMatch(/LayoutParams\.Template/);
  expect(await code(suite.trtc.request("StartMCUMixTranscode", { SdkAppId: APP, RoomId: 1234, OutputParams: { StreamId: "x" }, EncodeParams: ENCODE }))).toMatch(/^MissingParameter/);
});

import * as runtime from "../provider/runtime";
import { ACCOUNT_APP_ID } from "../emulator/world/voicePrints";
import { actions, checked, checkFailure, useProviderEmulator, wav } from "./helpers";

// The VoicePrint configuration resource driven through the provider runtime against the emulator:
// register, in-place updates and replacement, refresh showing metadata changed elsewhere as drift
// and dropping a voiceprint deleted elsewhere, delete treating gone as done, a lost Register
// answer settled by listing; and an AI conversation naming the voiceprint by its id.

const suite = useProviderEmulator();
const prints = () => suite.emulator.state.world.voicePrints;
const requests = (action: string) => suite.emulator.state.requests.list().filter((r) => r.action === action);

/** A 16 kHz mono WAV of `characters` characters of 120 ms, as the emulator's text to speech makes one. */
const AUDIO = wav(100);
const voicePrint = { __kind: "VoicePrint", sdkAppId: 1400000001, region: "ap-singapore", name: "host", audio: AUDIO, metaInfo: "the host" };

test("bad input is rejected at check, with no API call", async () => {
  // The recording is a secret: its failure names no property, which Pulumi would print with its value.
  expect((await runtime.check({}, { ...voicePrint, audio: Buffer.from("ID3 an mp3").toString("base64") })).failures).toEqual([checkFailure("audio", /must be a WAV file/, ["audio"])]);
  expect((await runtime.check({}, { ...voicePrint, name: "x".repeat(33) })).failures).toEqual([checkFailure("name", /at most 32 characters/, [])]);
  expect(actions(suite.emulator)).toEqual([]);
});

test("create registers it; metadata and audio change in place by UpdateVoicePrint, the name replaces it", async () => {
  const inputs = await checked(voicePrint);
  const { id, outs } = await runtime.create(inputs);
  expect(requests("RegisterVoicePrint").map((r) => r.params)).toEqual([{ Audio: AUDIO, ReqTimestamp: expect.any(Number), AudioFormat: 0, AudioName: "host", AudioMetaInfo: "the host" }]);
  expect(prints().list()).toEqual([expect.objectContaining({ id, audioName: "host", metaInfo: "the host" })]);
  expect(outs).toMatchObject({ taskId: id, name: "host" });

  const changed = await checked({ ...voicePrint, metaInfo: "the guest", audio: wav(120) });
  expect(await runtime.diff(id, outs, changed)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  expect(await runtime.diff(id, outs, await checked({ ...voicePrint, name: "guest" }))).toMatchObject({ replaces: ["name"] });
  await runtime.update(id, outs, changed);
  expect(requests("UpdateVoicePrint").map((r) => r.params)).toEqual([{ VoicePrintId: id, ReqTimestamp: expect.any(Number), AudioFormat: 0, Audio: wav(120), AudioMetaInfo: "the guest" }]);
  expect(prints().get(ACCOUNT_APP_ID, id)).toMatchObject({ metaInfo: "the guest", audio: wav(120) });
});

test("refresh shows metadata changed elsewhere as drift; a voiceprint deleted elsewhere drops, and delete finds it gone", async () => {
  const { id, outs } = await runtime.create(await checked(voicePrint));
  prints().modify(prints().get(ACCOUNT_APP_ID, id)!, { metaInfo: "changed in another tool" });
  const read = await runtime.read(id, outs);
  expect(read.inputs).toEqual({ ...(await checked(voicePrint)), metaInfo: "changed in another tool" });

  prints().delete(prints().get(ACCOUNT_APP_ID, id)!);
  const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
  try {
    expect(await runtime.read(id, outs)).toEqual({});
    expect(warn.mock.calls.map(([line]) => String(line))).toEqual([expect.stringContaining(`refresh drops VoicePrint ${id}`)]);
  } finally {
    warn.mockRestore();
  }
  await runtime.remove(id, outs);
  expect(requests("DeleteVoicePrint").map((r) => r.outcome)).toEqual(["InvalidParameter"]);
});

test("a lost RegisterVoicePrint answer: the listing finds the voiceprint it made, and none is registered twice", async () => {
  prints().create({ sdkAppId: ACCOUNT_APP_ID, audioName: "someone else", metaInfo: "", audioFormat: 0, reqTimestamp: 1, createdMs: 0, updatedMs: 0, audio: AUDIO });
  suite.emulator.state.faults.add({ action: "RegisterVoicePrint", connection: "drop", runFirst: true, count: 1 });
  const { id } = await runtime.create(await checked(voicePrint));
  expect(prints().list().map((p) => [p.id, p.audioName])).toEqual([["vp-00000001", "someone else"], [id, "host"]]);
  expect(requests("RegisterVoicePrint")).toHaveLength(1);
  expect(requests("DescribeVoicePrint").map((r) => r.params)).toEqual([
    { DescribeMode: 1, PageIndex: 1, PageSize: 20 },
    { DescribeMode: 1, PageIndex: 1, PageSize: 20 },
    { DescribeMode: 0, VoicePrintIdList: [id] },
  ]);
});

// The voiceprint family of the emulator over real HTTP, through Tencent's SDK: register, describe
// (by id and page by page), update and delete, what a voiceprint's audio must be, and that
// voiceprints survive a restart like the rest of the world.
import { sdkClient, useFrozenEmulator } from "./sdk";
import { DEFAULT_SDK_APP_ID, startEmulator } from "../emulator";

const suite = useFrozenEmulator();
const code = (call: Promise<unknown>): Promise<string | undefined> => call.then(() => "ok", (e: { code?: string }) => e.code);
const message = (call: Promise<unknown>): Promise<string> => call.then(() => "ok", (e: Error) => e.message);

/** A 16 kHz mono WAV of `characters` characters, 120 ms each, from the emulator's own text to speech. */
async function wav(characters: number, sampleRate = 16000): Promise<string> {
  const answer = (await suite.trtc.request("TextToSpeech", { SdkAppId: DEFAULT_SDK_APP_ID, Text: "a".repeat(characters), Voice: { VoiceId: "v" }, AudioFormat: { Format: "wav", SampleRate: sampleRate } })) as { Audio: string };
  return answer.Audio;
}

const register = async (audio: string, more: Record<string, unknown> = {}) =>
  ((await suite.trtc.request("RegisterVoicePrint", { Audio: audio, ReqTimestamp: 1764800000000, AudioFormat: 0, AudioName: "host", ...more })) as { VoicePrintId: string }).VoicePrintId;
const byId = (...ids: string[]) => suite.trtc.request("DescribeVoicePrint", { DescribeMode: 0, VoicePrintIdList: ids }) as Promise<{ TotalCount: number; Data: Record<string, unknown>[] }>;

test("registers, describes by id, updates and deletes a voiceprint; then describing leaves it out", async () => {
  const id = await register(await wav(100), { AudioMetaInfo: '{"speaker":"host"}' });
  expect(await byId(id)).toMatchObject({
    TotalCount: 1,
    Data: [{ VoicePrintId: id, AppId: expect.any(Number), VoicePrintMetaInfo: '{"speaker":"host"}', AudioFormat: 0, AudioName: "host", ReqTimestamp: 1764800000000, CreateTime: expect.any(String), UpdateTime: expect.any(String) }],
  });
  expect((await byId(id)).Data[0]).not.toHaveProperty("Audio");

  await suite.control.advanceClock(60);
  await suite.trtc.request("UpdateVoicePrint", { VoicePrintId: id, ReqTimestamp: 1764800060000, AudioMetaInfo: "guest" });
  const [updated] = (await byId(id)).Data;
  expect(updated).toMatchObject({ VoicePrintMetaInfo: "guest", ReqTimestamp: 1764800060000 });
  expect(Date.parse(updated!.UpdateTime as string) - Date.parse(updated!.CreateTime as string)).toBe(60_000);

  await suite.trtc.request("DeleteVoicePrint", { VoicePrintId: id });
  expect(await byId(id)).toEqual(expect.objectContaining({ TotalCount: 0, Data: [] }));
  expect(await code(suite.trtc.request("DeleteVoicePrint", { VoicePrintId: id }))).toBe("InvalidParameter");
  expect(await code(suite.trtc.request("UpdateVoicePrint", { VoicePrintId: id, ReqTimestamp: 1 }))).toBe("InvalidParameter");
});

test("pages through every voiceprint, at least 20 a page", async () => {
  const audio = await wav(80);
  const ids: string[] = [];
  for (let i = 0; i < 23; i++) {
    // TRTC's 20 calls a second, on the frozen clock.
    if (i === 20) await suite.control.advanceClock(1);
    ids.push(await register(audio, { AudioName: `speaker${i}` }));
  }
  const page = (PageIndex: number) => suite.trtc.request("DescribeVoicePrint", { DescribeMode: 1, PageIndex, PageSize: 20 }) as Promise<{ TotalCount: number; Data: { VoicePrintId: string }[] }>;
  const [first, second] = [await page(1), await page(2)];
  expect([first.TotalCount, second.TotalCount]).toEqual([23, 23]);
  expect([...first.Data, ...second.Data].map((d) => d.VoicePrintId)).toEqual(ids);
  expect(await message(suite.trtc.request("DescribeVoicePrint", { DescribeMode: 1, PageIndex: 1, PageSize: 10 }))).toMatch(/PageSize/);
  expect(await code(suite.trtc.request("DescribeVoicePrint", { DescribeMode: 0 }))).toBe("MissingParameter");
});

test("takes only a 16 kHz mono WAV of 8 to 18 seconds, and names the rule it breaks", async () => {
  // 60 characters of 120 ms: 7.2 seconds; 160: 19.2.
  expect(await message(register(await wav(60)))).toMatch(/Audio.*lasts 7\.2 s; a voiceprint takes 8 to 18 s/);
  expect(await message(register(await wav(160)))).toMatch(/lasts 19\.2 s/);
  expect(await message(register(await wav(100, 24000)))).toMatch(/Audio.*must be 16 kHz, 16-bit, mono PCM/);
  expect(await message(register(Buffer.from("ID3 not a wav").toString("base64")))).toMatch(/Audio.*must be a WAV file/);
  expect(await message(register(await wav(100), { AudioFormat: 1 }))).toMatch(/AudioFormat/);
  expect(await message(register(await wav(100), { AudioName: "x".repeat(33) }))).toMatch(/AudioName.*1 to 32 characters/);
  expect(await code(suite.trtc.request("RegisterVoicePrint", { Audio: await wav(100), AudioFormat: 0, AudioName: "host" }))).toBe("MissingParameter");
});

test("voiceprints are kept in the data directory and ids keep counting after a restart", async () => {
  const dir = require("node:fs").mkdtempSync(require("node:path").join(require("node:os").tmpdir(), "voiceprints-"));
  const audio = await wav(100);
  const first = await startEmulator({ port: 0, dataDir: dir });
  const id = ((await sdkClient(first.url).request("RegisterVoicePrint", { Audio: audio, ReqTimestamp: 1, AudioFormat: 0, AudioName: "host" })) as { VoicePrintId: string }).VoicePrintId;
  await first.close();
  const second = await startEmulator({ port: 0, dataDir: dir });
  try {
    const client = sdkClient(second.url);
    expect(((await client.request("DescribeVoicePrint", { DescribeMode: 0, VoicePrintIdList: [id] })) as { TotalCount: number }).TotalCount).toBe(1);
    const next = ((await client.request("RegisterVoicePrint", { Audio: audio, ReqTimestamp: 2, AudioFormat: 0, AudioName: "guest" })) as { VoicePrintId: string }).VoicePrintId;
    expect(next).not.toBe(id);
  } finally {
    await second.close();
  }
});

import * as runtime from "../provider/runtime";
import type { RunningEmulator } from "../emulator";
import { actions, emulatorWithProvider, REGION } from "./helpers";

// The StreamIngest lifecycle driven through the provider runtime exactly as Pulumi's dynamic
// provider host drives it (check → diff → create/update/delete, read on refresh), against the
// emulator over HTTP with real signatures.

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await emulatorWithProvider();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.state.requests.clear());

const program = {
  __kind: "StreamIngest",
  sdkAppId: 1400000001,
  roomId: 1234,
  userId: "ingest-bot",
  userSig: "sig-for-ingest-bot",
  streamUrl: "https://media.example.com/intro.mp4",
};

async function checked(news: Record<string, unknown>) {
  const result = await runtime.check({}, news);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as Record<string, unknown>;
}

test("check normalises inputs without calling TRTC", async () => {
  const inputs = await checked({ volume: 80, ...program });
  expect(Object.keys(inputs)).toEqual([
    "sdkAppId", "roomId", "userId", "userSig", "streamUrl", "volume", "region", "__kind",
  ]);
  expect(inputs.region).toBe(REGION);
  expect(actions(emulator)).toEqual([]);
});

test("create starts the task with the documented parameters and records its id", async () => {
  const inputs = await checked({ ...program, repeatNum: -1, maxDuration: 30 });
  const { id, outs } = await runtime.create(inputs);

  expect(outs).toMatchObject({ taskId: id, status: "InProgress", streamUrl: program.streamUrl });
  const start = emulator.state.requests.list().find((r) => r.action === "StartStreamIngest");
  expect(start?.params).toEqual({
    SdkAppId: 1400000001,
    RoomId: "1234",
    RoomIdType: 1,
    UserId: "ingest-bot",
    UserSig: "sig-for-ingest-bot",
    StreamUrl: program.streamUrl,
    RepeatNum: -1,
    MaxDuration: 30,
    Volume: 100,
  });
  expect(emulator.state.tasks.get(id)?.status).toBe("InProgress");
  // Describe could only say InProgress of a task Start just made: create does not ask.
  expect(actions(emulator)).toEqual(["StartStreamIngest"]);
  await runtime.remove(id, outs);
});

test("a string room id is sent as RoomIdType 0", async () => {
  const { id, outs } = await runtime.create(await checked({ ...program, roomId: "lobby" }));
  expect(emulator.state.tasks.get(id)).toMatchObject({ roomId: "lobby", roomIdType: 0 });
  await runtime.remove(id, outs);
});

test("streamUrl, volume and isPause update in place; the rest replace", async () => {
  const olds = { ...(await checked(program)), taskId: "t", status: "InProgress" };
  const diff = (change: Record<string, unknown>) => checked({ ...program, ...change }).then((n) => runtime.diff("t", olds, n));

  expect(await diff({ streamUrl: "rtmp://live.example.com/app/other" })).toEqual({
    changes: true, replaces: [], deleteBeforeReplace: false,
  });
  expect(await diff({ volume: 10, isPause: true })).toMatchObject({ changes: true, replaces: [] });
  expect(await diff({})).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  // Another room: the new bot does not collide with the old one, so create-before-delete.
  expect(await diff({ roomId: 99 })).toEqual({ changes: true, replaces: ["roomId"], deleteBeforeReplace: false });
  // Same room and bot user: TRTC would see one user twice, so the old task must stop first.
  expect(await diff({ userSig: "new-sig", seekSecond: 5 })).toEqual({
    changes: true, replaces: ["userSig", "seekSecond"], deleteBeforeReplace: true,
  });
  expect(await diff({ region: "ap-mumbai" })).toMatchObject({ replaces: ["region"], deleteBeforeReplace: true });
});

test("full lifecycle: create, read, update in place, replace, refresh after the task ends, idempotent delete", async () => {
  const first = await checked(program);
  const created = await runtime.create(first);
  const id = created.id;

  expect((await runtime.read(id, created.outs)).id).toBe(id);

  const moved = await checked({ ...program, streamUrl: "https://media.example.com/main.m3u8", volume: 40 });
  expect((await runtime.diff(id, created.outs, moved)).replaces).toEqual([]);
  emulator.state.requests.clear();
  const updated = await runtime.update(id, created.outs, moved);
  expect(updated.outs).toMatchObject({ taskId: id, streamUrl: "https://media.example.com/main.m3u8", volume: 40 });
  const update = emulator.state.requests.list().find((r) => r.action === "UpdateStreamIngest");
  expect(update?.params).toMatchObject({ TaskId: id, StreamUrl: "https://media.example.com/main.m3u8", Volume: 40 });
  expect(emulator.state.tasks.get(id)?.settings).toMatchObject({ StreamUrl: "https://media.example.com/main.m3u8" });

  // Replacement into another room, as the engine runs it: create the new task, then delete the old.
  const elsewhere = await checked({ ...program, roomId: 5678 });
  const replacement = await runtime.create(elsewhere);
  await runtime.remove(id, updated.outs!);
  expect(emulator.state.tasks.get(id)?.status).toBe("Ended");
  expect(emulator.state.tasks.get(replacement.id)?.status).toBe("InProgress");

  // The media ends by itself: refresh drops the resource from state.
  emulator.state.tasks.end(emulator.state.tasks.get(replacement.id)!, "finished");
  expect(await runtime.read(replacement.id, replacement.outs)).toEqual({});

  // Deleting what already ended, twice, succeeds.
  await runtime.remove(replacement.id, replacement.outs);
  await runtime.remove(replacement.id, replacement.outs);
  expect(actions(emulator).filter((a) => a === "StopStreamIngest")).toHaveLength(3);
});

test("an update of a task that ended on its own says to refresh", async () => {
  const created = await runtime.create(await checked(program));
  emulator.state.tasks.end(emulator.state.tasks.get(created.id)!, "finished");
  const news = await checked({ ...program, volume: 5 });
  await expect(runtime.update(created.id, created.outs, news)).rejects.toThrow(/ended on its own.*pulumi refresh/);
});

test("a step that fails after Start succeeded still reports the task id, so it is not orphaned", async () => {
  emulator.state.faults.add({ action: "UpdateStreamIngest", code: "FailedOperation.NotAllowed", count: 1 });
  const inputs = await checked({ ...program, roomId: 4321, isPause: true });
  const error = await runtime.create(inputs).then(
    () => undefined,
    (e: unknown) => e as { id?: string; message: string; properties?: Record<string, unknown> },
  );
  expect(error?.message).toMatch(/started, then: UpdateStreamIngest failed with FailedOperation.NotAllowed/);
  expect(error?.id).toBeDefined();
  expect(error?.properties).toMatchObject({ taskId: error?.id, roomId: 4321 });
  expect(emulator.state.tasks.get(error!.id!)?.status).toBe("InProgress");

  // The next `up` updates the recorded task even though its inputs did not change: the pause
  // that failed is applied then.
  expect(error?.properties).toMatchObject({ isPause: true, status: "CreateIncomplete" });
  const diff = await runtime.diff(error!.id!, error!.properties!, inputs);
  expect(diff).toMatchObject({ changes: true, replaces: [] });
  await runtime.update(error!.id!, error!.properties!, inputs);
  expect(emulator.state.tasks.get(error!.id!)?.settings).toMatchObject({ IsPause: true });
  await runtime.remove(error!.id!, error!.properties!);
});

describe("bad input is rejected at check, naming the field, with no API call", () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["missing roomId", { roomId: undefined }, "roomId", /roomId: is required/],
    ["roomId as a list", { roomId: [1] }, "roomId", /roomId: must be an integer room number/],
    ["volume 101", { volume: 101 }, "volume", /volume: must be from 0 to 100/],
    ["malformed URL", { streamUrl: "not a url" }, "streamUrl", /streamUrl: must be an absolute URL/],
    ["ftp URL", { streamUrl: "ftp://example.com/a.mp4" }, "streamUrl", /scheme http, https, rtmp, rtmps/],
    ["sdkAppId as text", { sdkAppId: "1400000001" }, "sdkAppId", /sdkAppId: must be a number/],
    ["fractional volume", { volume: 1.5 }, "volume", /whole number/],
    ["repeatNum 0", { repeatNum: 0 }, "repeatNum", /not 0/],
    ["maxDuration without looping", { maxDuration: 10 }, "maxDuration", /only when repeatNum is -1/],
    ["unknown field", { streamURL: "https://x.example.com/a.mp4" }, "streamURL", /not a StreamIngest input/],
    ["region that cannot stop tasks", { region: "ap-guangzhou" }, "region", /served only in ap-bangkok/],
  ];
  test.each(cases)("%s", async (_name, change, property, reason) => {
    const result = await runtime.check({}, { ...program, ...change });
    expect(result.failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
    expect(actions(emulator)).toEqual([]);
  });
});

test("values not known until another resource exists pass check during preview", async () => {
  const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
  const result = await runtime.check({}, { ...program, roomId: unknown, volume: 200 });
  expect(result.failures).toEqual([{ property: "volume", reason: expect.stringMatching(/0 to 100/) }]);
  const ok = await runtime.check({}, { ...program, roomId: unknown });
  expect(ok.failures).toBeUndefined();
  const olds = { ...(await checked(program)), taskId: "t" };
  expect(await runtime.diff("t", olds, ok.inputs)).toMatchObject({ replaces: ["roomId"], deleteBeforeReplace: true });
});

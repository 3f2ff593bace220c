import * as runtime from "../provider/runtime";
import type { RunningEmulator } from "../emulator";
import { actions, botSig, checked, configureRuntime, emulatorWithProvider, REGION, SECRET_ID, SECRET_KEY } from "./helpers";

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
  userSig: botSig("ingest-bot"),
  streamUrl: "https://media.example.com/intro.mp4",
};

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
    UserSig: program.userSig,
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
    changes: true, replaces: ["seekSecond"], deleteBeforeReplace: true,
  });
  // Credentials alone are recorded: no replacement.
  expect(await diff({ userSig: "new-sig", privateMapKey: "new-key" })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
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

test("playback speed and progress update in place, taking them out restores TRTC's defaults; the idle time-out replaces", async () => {
  const fast = await checked({ ...program, tempo: 2, enableProgress: true, idleTimeout: 60 });
  const created = await runtime.create(fast);
  const start = emulator.state.requests.list().find((r) => r.action === "StartStreamIngest");
  expect(start?.params).toMatchObject({ Tempo: 2, EnableProgress: true, IdleTimeout: 60 });
  // Twice the speed plays the media (an hour in the emulator) in half the time.
  expect(emulator.state.tasks.get(created.id)?.endsAt).toBe(emulator.state.tasks.get(created.id)!.startedAt + 1_800_000);

  const slower = await checked({ ...program, tempo: 0.5, idleTimeout: 60 });
  expect(await runtime.diff(created.id, created.outs, slower)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  emulator.state.requests.clear();
  const updated = await runtime.update(created.id, created.outs, slower);
  // Progress was on and is now left out: it is switched off, not left as it was.
  expect(emulator.state.requests.list().find((r) => r.action === "UpdateStreamIngest")?.params).toMatchObject({ Tempo: 0.5, EnableProgress: false });
  expect(emulator.state.tasks.get(created.id)?.settings).toMatchObject({ Tempo: 0.5, EnableProgress: false });

  // An update of a task that never set either sends neither.
  emulator.state.requests.clear();
  const plain = await runtime.create(await checked({ ...program, roomId: 4321 }));
  await runtime.update(plain.id, plain.outs, await checked({ ...program, roomId: 4321, volume: 30 }));
  expect(emulator.state.requests.list().find((r) => r.action === "UpdateStreamIngest")?.params).not.toHaveProperty("Tempo");

  expect(await runtime.diff(created.id, updated.outs!, await checked({ ...program, tempo: 0.5, idleTimeout: 300 }))).toEqual({
    changes: true, replaces: ["idleTimeout"], deleteBeforeReplace: true,
  });
  await runtime.remove(created.id, updated.outs!);
  await runtime.remove(plain.id, plain.outs);
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
  expect(error?.properties).toMatchObject({ isPause: true, __settlement: "createIncomplete" });
  const diff = await runtime.diff(error!.id!, error!.properties!, inputs);
  expect(diff).toMatchObject({ changes: true, replaces: [] });
  await runtime.update(error!.id!, error!.properties!, inputs);
  expect(emulator.state.tasks.get(error!.id!)?.settings).toMatchObject({ IsPause: true });
  await runtime.remove(error!.id!, error!.properties!);
});

describe("bad input is rejected at check, naming the field once, with no API call", () => {
  const URL_RULE = "must be an absolute URL with scheme http, https, rtmp, rtmps and a host, without spaces or control characters";
  const ROOM_RULE =
    "must be an integer room number from 1 to 4294967294, or a string room id of 1 to 64 letters, digits, spaces or !#$%&()+-:;<=.>?@[]^_{}|~,";
  const STRING_ROOM_RULE = "must be a string room id of 1 to 64 letters, digits, spaces or !#$%&()+-:;<=.>?@[]^_{}|~,";
  const USER_ID_RULE = "must be the bot's user id: 1 to 32 letters, digits, _ or -";
  // The engine prints the value of a property it is given, so a secret input's failure names it in the reason instead.
  const SIG_RULE = "userSig: must be the UserSig signed for the bot's userId: letters, digits, *, _ and - as Tencent's generator makes it";
  const cases: [string, Record<string, unknown>, string, string][] = [
    ["missing roomId", { roomId: undefined }, "roomId", "is required"],
    ["roomId as a list", { roomId: [1] }, "roomId", ROOM_RULE],
    ["roomId 0", { roomId: 0 }, "roomId", "must be an integer room number from 1 to 4294967294"],
    ["roomId past 2^32 - 2", { roomId: 4294967295 }, "roomId", "must be an integer room number from 1 to 4294967294"],
    ["an empty string room", { roomId: "" }, "roomId", STRING_ROOM_RULE],
    ["a string room of 65 characters", { roomId: "r".repeat(65) }, "roomId", STRING_ROOM_RULE],
    ["a string room of 33 emoji (64 UTF-16 units, 132 bytes)", { roomId: "🎉".repeat(33) }, "roomId", STRING_ROOM_RULE],
    ["a string room with a line break", { roomId: "lobby\n" }, "roomId", STRING_ROOM_RULE],
    ["volume 101", { volume: 101 }, "volume", "must be from 0 to 100"],
    ["volume null", { volume: null }, "volume", "must be a number"],
    ["malformed URL", { streamUrl: "not a url" }, "streamUrl", URL_RULE],
    ["ftp URL", { streamUrl: "ftp://example.com/a.mp4" }, "streamUrl", URL_RULE],
    ...["rtmp://", "rtmp:live", "rtmps:///x", "rtmp:///app/stream", "https:///path", "https://media.example.com/a b.mp4", "https://media.example\n.com/a.mp4"].map(
      (streamUrl): [string, Record<string, unknown>, string, string] => [`URL ${JSON.stringify(streamUrl)}`, { streamUrl }, "streamUrl", URL_RULE],
    ),
    ["sdkAppId as text", { sdkAppId: "1400000001" }, "sdkAppId", "must be a number: the SDKAppID of your TRTC application"],
    ["sdkAppId past 2^53", { sdkAppId: 1e300 }, "sdkAppId", "must be a whole number from -9007199254740991 to 9007199254740991"],
    ["fractional volume", { volume: 1.5 }, "volume", "must be a whole number"],
    ["a speed TRTC does not play", { tempo: 3 }, "tempo", "must be one of 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2"],
    ["an idle time-out past 10 minutes", { idleTimeout: 601 }, "idleTimeout", "must be from 0 to 600"],
    ["repeatNum 0", { repeatNum: 0 }, "repeatNum", "must be -1 (loop) or from 1 to 1000, not 0"],
    ["maxDuration without looping", { maxDuration: 10 }, "maxDuration", "applies only when repeatNum is -1 (loop)"],
    ["a whitespace-only userId", { userId: "   " }, "userId", USER_ID_RULE],
    ["a userId with a control character", { userId: "bot\u0007" }, "userId", USER_ID_RULE],
    ["a userId of 33 characters", { userId: "b".repeat(33) }, "userId", USER_ID_RULE],
    ["a whitespace-only userSig", { userSig: " \t " }, "", SIG_RULE],
    ["a userSig with a line break", { userSig: "eJyrVgrxCdYrSy1SslIy\n" }, "", SIG_RULE],
    ["unknown field", { streamURL: "https://x.example.com/a.mp4" }, "", "streamURL: is not a StreamIngest input; did you mean streamUrl?"],
    ["unknown field with an empty name", { "": 1 }, "", '[""]: is not a StreamIngest input'],
    [
      "region that cannot stop tasks",
      { region: "ap-guangzhou" },
      "region",
      "must be one of the regions StreamIngest is served in: ap-bangkok, ap-jakarta, ap-mumbai, ap-singapore",
    ],
    [
      "region null, which is not the default region",
      { region: null },
      "region",
      "must be one of the regions StreamIngest is served in: ap-bangkok, ap-jakarta, ap-mumbai, ap-singapore",
    ],
  ];
  test.each(cases)("%s", async (_name, change, property, reason) => {
    const result = await runtime.check({}, { ...program, ...change });
    expect(result.failures).toEqual([{ property, reason }]);
    expect(actions(emulator)).toEqual([]);
  });
});

test("the default region from config must serve the resource", async () => {
  await configureRuntime({ "trtc:region": "ap-tokyo" });
  try {
    expect((await runtime.check({}, program)).failures).toEqual([
      {
        property: "region",
        reason:
          "not set, and the default region ap-tokyo (trtc:region or TENCENTCLOUD_REGION) does not serve StreamIngest: give one of ap-bangkok, ap-jakarta, ap-mumbai, ap-singapore",
      },
    ]);
  } finally {
    await configureRuntime({ "trtc:secretId": SECRET_ID, "trtc:secretKey": SECRET_KEY, "trtc:region": REGION, "trtc:endpoint": emulator.url });
  }
});

describe("values nested thousands of levels deep fail check instead of overflowing the stack", () => {
  const deep = (levels: number, leaf: unknown = 1): unknown => {
    let value = leaf;
    for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { a: value };
    return value;
  };
  const TOO_DEEP = "nests more than 32 levels deep, deeper than any TRTC input";
  test.each([
    ["a known input", { volume: deep(10_000) }, { property: "volume", reason: TOO_DEEP }],
    ["a secret input", { userSig: deep(10_000) }, { property: "", reason: `userSig: ${TOO_DEEP}` }],
    ["an unknown input", { extra: deep(10_000) }, { property: "", reason: `extra: ${TOO_DEEP}` }],
    ["the region", { region: deep(10_000) }, { property: "region", reason: TOO_DEEP }],
    ["a value computed later, deep inside", { volume: deep(10_000, "04da6b54-80e4-46f7-96ec-b56ff0331ba9") }, { property: "volume", reason: TOO_DEEP }],
  ])("in %s", async (_name, change, failure) => {
    const result = await runtime.check({}, { ...program, ...change });
    expect(result.failures).toEqual([failure]);
    expect(actions(emulator)).toEqual([]);
  });

  test("32 levels are walked and refused by the field's own rule", async () => {
    const result = await runtime.check({}, { ...program, volume: deep(32) });
    expect(result.failures).toEqual([{ property: "volume", reason: "must be a number" }]);
  });

  test("diff of two such values reports a change instead of overflowing", async () => {
    const base = await checked(program);
    const diff = await runtime.diff("t", { ...base, taskId: "t", volume: deep(10_000) }, { ...base, volume: deep(10_000) });
    expect(diff).toMatchObject({ changes: true, replaces: [] });
  });
});

test("values not known until another resource exists pass check during preview", async () => {
  const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
  const result = await runtime.check({}, { ...program, roomId: unknown, volume: 200 });
  expect(result.failures).toEqual([{ property: "volume", reason: "must be from 0 to 100" }]);
  const ok = await runtime.check({}, { ...program, roomId: unknown });
  expect(ok.failures).toBeUndefined();
  const olds = { ...(await checked(program)), taskId: "t" };
  expect(await runtime.diff("t", olds, ok.inputs)).toMatchObject({ replaces: ["roomId"], deleteBeforeReplace: true });
});

// `--data-dir`: an emulator restarted from its saved state answers every call as the one that
// never stopped. One emulator keeps running; another starts from a copy of its data directory
// (written after every call, so the copy is what a crash would leave); both then get the same calls.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { EmulatorControl, type RunningEmulator, STATE_FILE, startEmulator } from "../emulator";
import { botSig } from "./helpers";
import { sdkClient } from "./sdk";

const APP = 1400000001;
const HOUR = 3600;
const DAY = 24 * HOUR;
const ADMIN = "administrator";
const INGEST = { SdkAppId: APP, RoomId: "1234", RoomIdType: 1, UserId: "ingest-bot", UserSig: botSig("ingest-bot"), StreamUrl: "https://media.example.com/movie.mp4" };
const RECORDING = {
  SdkAppId: APP,
  RoomId: "1234",
  UserId: "recorder-1234",
  UserSig: botSig("recorder-1234"),
  RecordParams: { RecordMode: 2, MaxIdleTime: 120 },
  StorageParams: { CloudStorage: { Vendor: 0, Region: "ap-singapore", Bucket: "records-1250000000", AccessKey: "ak", SecretKey: "sk" } },
};
const AGENT = "relay-agent";
const RELAY = {
  SdkAppId: APP,
  RoomId: "1234",
  // The relay APIs number rooms the other way round: 0 is an integer room.
  RoomIdType: 0,
  WithTranscoding: 0,
  AudioParams: { AudioEncode: { SampleRate: 48000, Codec: 0, BitRate: 64, Channel: 2 } },
  AgentParams: { UserId: AGENT, UserSig: botSig(AGENT), MaxIdleTime: 60 },
  SingleSubscribeParams: { UserMediaStream: { UserInfo: { RoomId: "1234", RoomIdType: 0, UserId: "alice" }, StreamType: 0 } },
  PublishCdnParams: [{ PublishCdnUrl: "rtmp://push.example.com/live/alice", IsTencentCdn: 0 }],
};

/** Drops what differs on every call by design: request ids. */
function withoutRequestIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutRequestIds);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "RequestId").map(([k, v]) => [k, withoutRequestIds(v)]));
}

/** Signed calls to one emulator, each answer as a value (a Response, or the error code). */
function caller(emulator: RunningEmulator) {
  const trtc = sdkClient(emulator.url);
  const control = new EmulatorControl(emulator.url);
  return {
    control,
    trtc: (action: string, params: Record<string, unknown>) =>
      trtc.request(action, params).then(withoutRequestIds, (e: { code?: string; message?: string }) => ({ error: e.code ?? e.message })),
    live: async (command: string, body: Record<string, unknown>) => {
      const query = new URLSearchParams({ sdkappid: String(APP), identifier: ADMIN, usersig: botSig(ADMIN), random: "42", contenttype: "json" });
      const res = await fetch(`${emulator.url}/v4/live_engine_http_pk/${command}?${query}`, { method: "POST", body: JSON.stringify(body) });
      return withoutRequestIds(await res.json());
    },
    route: async (method: string, route: string, body?: unknown) => {
      const res = await fetch(`${emulator.url}/_emulator/${route}`, { method, ...(body !== undefined && { body: JSON.stringify(body) }) });
      return { status: res.status, body: await res.json() };
    },
  };
}
type Caller = ReturnType<typeof caller>;

const dirs: string[] = [];
const emulators: RunningEmulator[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "trtc-data-"));
  dirs.push(dir);
  return dir;
}
async function emulatorIn(dir: string): Promise<RunningEmulator> {
  const emulator = await startEmulator({ port: 0, dataDir: dir });
  emulators.push(emulator);
  return emulator;
}
afterEach(async () => {
  for (const emulator of emulators.splice(0)) await emulator.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Everything the world and the gateway remember: tasks of three families, rooms, history, a battle, rate windows, a fault. */
async function firstPart(c: Caller): Promise<{ ingest: string; relay: string; battle: string; now: number }> {
  await c.control.freezeClock();
  await c.control.joinRoom(APP, 1234, "alice");
  const ingest = ((await c.trtc("StartStreamIngest", INGEST)) as { TaskId: string }).TaskId;
  await c.trtc("CreateCloudRecording", RECORDING);
  const relay = ((await c.trtc("StartPublishCdnStream", RELAY)) as { TaskId: string }).TaskId;
  await c.trtc("UpdatePublishCdnStream", { SdkAppId: APP, TaskId: relay, WithTranscoding: 0, SequenceNumber: 5 });
  await c.trtc("SetUserBlocked", { SdkAppId: APP, RoomId: 1234, UserId: "alice", IsMute: 2 });
  await c.control.setHistory(APP, { roomsPerHour: 3, seed: 7 });
  const battle = ((await c.live("create_battle", { FromRoomId: "pk-1", ToRoomIdList: ["pk-2"], Duration: 600_000 })) as { Response: { BattleId: string } }).Response.BattleId;
  const now = Math.floor(((await c.route("POST", "clock", {})).body as { now: number }).now / 1000);
  const yesterday = new Date((now + 8 * HOUR - DAY) * 1000).toISOString().slice(0, 10);
  // One call in 15 seconds: the next, after a restart within the window, is refused as well.
  await c.trtc("DescribeTrtcRoomUsage", { SdkAppid: APP, StartTime: `${yesterday} 10:00`, EndTime: `${yesterday} 10:01` });
  await c.control.injectFault({ action: "DescribeStreamIngest", code: "InternalError", count: 2 });
  await c.control.advanceClock(5);
  return { ingest, relay, battle, now };
}

/** Calls whose answers depend on all of it, then changes, time passing, and the calls again. */
async function secondPart(c: Caller, ids: { ingest: string; relay: string; battle: string; now: number }): Promise<unknown[]> {
  const yesterday = new Date((ids.now + 8 * HOUR - DAY) * 1000).toISOString().slice(0, 10);
  const reads = async () => [
    await c.trtc("DescribeStreamIngest", { SdkAppId: APP, TaskId: ids.ingest }),
    await c.trtc("DescribeRoomInfo", { SdkAppId: APP, StartTime: ids.now - 2 * HOUR, EndTime: ids.now + 60 }),
    await c.live("get_battle_info", { BattleId: ids.battle }),
    await c.route("GET", "tasks"),
    await c.route("GET", "rooms"),
    await c.route("GET", "battles"),
    await c.route("GET", "health"),
  ];
  return [
    ...(await reads()),
    await c.trtc("DescribeStreamIngest", { SdkAppId: APP, TaskId: ids.ingest }),
    await c.trtc("DescribeTrtcRoomUsage", { SdkAppid: APP, StartTime: `${yesterday} 10:00`, EndTime: `${yesterday} 10:01` }),
    await c.trtc("UpdatePublishCdnStream", { SdkAppId: APP, TaskId: ids.relay, WithTranscoding: 0, SequenceNumber: 5 }),
    await c.trtc("UpdatePublishCdnStream", { SdkAppId: APP, TaskId: ids.relay, WithTranscoding: 0, SequenceNumber: 6 }),
    await c.trtc("StartStreamIngest", INGEST),
    await c.route("POST", "rooms/leave", { sdkAppId: APP, roomId: 1234, userId: "alice" }),
    await c.route("POST", "clock", { advanceSeconds: 90 }),
    // The relay's MaxIdleTime has run out since alice left; the recording's has not.
    ...(await reads()),
    await c.route("POST", "clock", { advanceSeconds: 2 * HOUR }),
    ...(await reads()),
    await c.trtc("StopStreamIngest", { SdkAppId: APP, TaskId: ids.ingest }),
  ];
}

test("a restarted emulator answers every call as the one that never stopped", async () => {
  const kept = dataDir();
  const running = await emulatorIn(kept);
  const ids = await firstPart(caller(running));

  const copy = dataDir();
  cpSync(kept, copy, { recursive: true });
  const restarted = await emulatorIn(copy);
  expect(running.restored).toBe(false);
  expect(restarted.restored).toBe(true);

  const never = await secondPart(caller(running), ids);
  const again = await secondPart(caller(restarted), ids);
  expect(again).toEqual(never);
  // The calls above saw the state: a running task, the fault, the rate window, the sequence number.
  expect(never.slice(0, 2)).toEqual([{ error: "InternalError" }, expect.objectContaining({ Total: expect.any(Number) })]);
  expect(never.slice(7, 12)).toEqual([
    { error: "InternalError" },
    { error: "RequestLimitExceeded" },
    { error: "FailedOperation" },
    { TaskId: ids.relay },
    { error: "FailedOperation.TaskExist" },
  ]);
});

test("changes made on the state directly are saved on close; a later start restores them", async () => {
  const dir = dataDir();
  const first = await emulatorIn(dir);
  const taskId = ((await caller(first).trtc("StartStreamIngest", INGEST)) as { TaskId: string }).TaskId;
  first.state.tasks.end(first.state.tasks.get(taskId)!, "finished");
  await first.close();
  emulators.splice(emulators.indexOf(first), 1);

  const second = await emulatorIn(dir);
  expect(second.state.tasks.get(taskId)).toMatchObject({ status: "Ended", endReason: "finished" });
});

test("a state file it cannot read stops the start with what to do, and is left alone", async () => {
  const dir = dataDir();
  const file = path.join(dir, STATE_FILE);
  writeFileSync(file, '{"format": 99}');
  await expect(startEmulator({ port: 0, dataDir: dir })).rejects.toThrow(`${file} is not state this version of trtc-local wrote (format 1); move it away to start afresh`);
  writeFileSync(file, "{");
  await expect(startEmulator({ port: 0, dataDir: dir })).rejects.toThrow(/is not JSON .*move it away/);
  expect(readFileSync(file, "utf8")).toBe("{");
});

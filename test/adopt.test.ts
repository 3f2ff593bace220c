import * as runtime from "../provider/runtime";
import type { RunningEmulator } from "../emulator";
import { actions, botSig, emulatorWithProvider, REGION } from "./helpers";
import { sdkClient } from "./sdk";

// Taking over tasks started outside Pulumi (adoptTaskId), and read-only references (`get`), driven
// through the provider runtime as Pulumi's dynamic provider host drives it, against the emulator.

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await emulatorWithProvider();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.state.requests.clear());

const APP = 1400000001;
const ingest = {
  __kind: "StreamIngest",
  sdkAppId: APP,
  roomId: 3030,
  userId: "legacy-bot",
  userSig: botSig("legacy-bot"),
  streamUrl: "https://media.example.com/program.mp4",
  volume: 70,
};

/** A task started the way another tool would: Tencent's SDK, straight to the service. */
async function startedElsewhere(action: string, params: Record<string, unknown>): Promise<string> {
  const { TaskId } = (await sdkClient(emulator.url).request(action, params)) as { TaskId: string };
  emulator.state.requests.clear();
  return TaskId;
}

const startIngestElsewhere = (userId = "legacy-bot") =>
  startedElsewhere("StartStreamIngest", {
    SdkAppId: APP, RoomId: "3030", RoomIdType: 1, UserId: userId, UserSig: botSig(userId),
    StreamUrl: "https://media.example.com/old.mp4", Volume: 30, RepeatNum: -1,
  });

async function checked(olds: Record<string, unknown>, news: Record<string, unknown>) {
  const result = await runtime.check(olds, news);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as Record<string, unknown>;
}

test("create with adoptTaskId takes over the running task and sets what can change in place to the program's values", async () => {
  const taskId = await startIngestElsewhere();
  const { id, outs } = await runtime.create(await checked({}, { ...ingest, adoptTaskId: taskId }));

  expect(id).toBe(taskId);
  expect(actions(emulator)).toEqual(["DescribeStreamIngest", "UpdateStreamIngest", "DescribeStreamIngest"]);
  expect(emulator.state.tasks.get(taskId)?.settings).toEqual({ StreamUrl: ingest.streamUrl, Volume: 70, IsPause: false, EnableProgress: false, Tempo: 1 });
  expect(outs).toMatchObject({ taskId, status: "InProgress", adoptTaskId: taskId, streamUrl: ingest.streamUrl });

  // Removing adoptTaskId afterwards is recorded: no replacement, no call.
  const without = await checked(outs, ingest);
  expect(await runtime.diff(id, outs, without)).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  emulator.state.requests.clear();
  const updated = await runtime.update(id, outs, without);
  expect(actions(emulator)).toEqual([]);
  expect(updated.outs).not.toHaveProperty("adoptTaskId");
  expect(updated.outs).toMatchObject({ taskId, status: "InProgress" });

  await runtime.remove(id, updated.outs!);
  expect(emulator.state.tasks.get(taskId)?.status).toBe("Ended");
});

test("adopting a task that is not running fails, naming the id, and starts nothing", async () => {
  const taskId = await startIngestElsewhere();
  emulator.state.tasks.end(emulator.state.tasks.get(taskId)!, "finished");
  await expect(runtime.create(await checked({}, { ...ingest, adoptTaskId: taskId }))).rejects.toThrow(
    `StreamIngest: adoptTaskId ${taskId} is not a running task of application ${APP} in ${REGION}: check the id, or remove adoptTaskId to start a new task`,
  );
  expect(actions(emulator)).toEqual(["DescribeStreamIngest"]);
});

test("a change that replaces an adopted task is refused at check while adoptTaskId still names it", async () => {
  const olds = await checked({}, { ...ingest, adoptTaskId: "adopted-task" });
  const result = await runtime.check(olds, { ...ingest, adoptTaskId: "adopted-task", roomId: 4040 });
  expect(result.failures).toEqual([
    { property: "adoptTaskId", reason: expect.stringMatching(/^changing roomId replaces the task, and the replacement would adopt task adopted-task again/) },
  ]);
  // Without it, or naming another task to take over, the replacement goes ahead.
  await checked(olds, { ...ingest, roomId: 4040 });
  await checked(olds, { ...ingest, adoptTaskId: "another-task", roomId: 4040 });
  // A change in place is no replacement.
  await checked(olds, { ...ingest, adoptTaskId: "adopted-task", volume: 10 });
  expect((await runtime.check({}, { ...ingest, adoptTaskId: "" })).failures).toEqual([
    { property: "adoptTaskId", reason: "must be the id of a running StreamIngest task" },
  ]);
  expect(actions(emulator)).toEqual([]);
});

test("a CloudRecording is adopted with one Modify that sets its layout and subscriptions", async () => {
  const taskId = await startedElsewhere("CreateCloudRecording", {
    SdkAppId: APP, RoomId: "3030", UserId: "legacy-recorder", UserSig: botSig("legacy-recorder"),
    RecordParams: { RecordMode: 2 }, StorageParams: { CloudVod: { TencentVod: {} } }, MixLayoutParams: { MixLayoutMode: 3 },
  });
  const recording = {
    __kind: "CloudRecording", sdkAppId: APP, roomId: 3030, userId: "legacy-recorder", userSig: botSig("legacy-recorder"),
    recordParams: { recordMode: 2, subscribeStreamUserIds: { subscribeAudioUserIds: ["host"] } },
    storageParams: { cloudVod: { tencentVod: {} } },
    mixLayoutParams: { mixLayoutMode: 1, maxResolutionUserId: "host" },
    adoptTaskId: taskId,
  };
  const { id, outs } = await runtime.create(await checked({}, recording));
  expect(id).toBe(taskId);
  expect(actions(emulator)).toEqual(["DescribeCloudRecording", "ModifyCloudRecording", "DescribeCloudRecording"]);
  expect(emulator.state.tasks.get(taskId)?.settings).toEqual({
    MixLayoutParams: { MixLayoutMode: 1, MaxResolutionUserId: "host" },
    SubscribeStreamUserIds: { SubscribeAudioUserIds: ["host"] },
  });
  expect(outs).toMatchObject({ taskId, status: "InProgress", storageFiles: [] });
  await runtime.remove(id, outs);
});

describe("read, as `get` calls it with only the application (and maybe the region)", () => {
  test("finds a running task and reports what Describe says, in the default region", async () => {
    const taskId = await startIngestElsewhere("watched-bot");
    const lookup = { __kind: "StreamIngest", sdkAppId: APP, taskId: undefined, status: undefined };
    expect(await runtime.read(taskId, lookup)).toEqual({
      id: taskId,
      props: { __kind: "StreamIngest", sdkAppId: APP, region: REGION, taskId, status: "InProgress" },
    });
    expect(actions(emulator)).toEqual(["DescribeStreamIngest"]);
    expect(emulator.state.requests.list()[0]).toMatchObject({ region: REGION, params: { SdkAppId: APP, TaskId: taskId } });

    emulator.state.tasks.end(emulator.state.tasks.get(taskId)!, "stopped");
    expect(await runtime.read(taskId, lookup)).toEqual({});
  });

  test("names the field when the application is missing", async () => {
    await expect(runtime.read("some-task", { __kind: "StreamIngest" })).rejects.toThrow(/^sdkAppId: .*the application the task runs in/);
    expect(actions(emulator)).toEqual([]);
  });
});

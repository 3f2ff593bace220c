import { TrtcClient } from "../provider/client";
import { TaskEngine } from "../provider/engine";
import type { AnyTaskSpec } from "../provider/spec";
import { cloudRecording } from "../resources/cloudRecording";
import { relayTask } from "../resources/relayTask";
import { streamIngest } from "../resources/streamIngest";
import { REGION, SECRET_ID, SECRET_KEY, useProviderEmulator } from "./helpers";
import { TASK_FAMILIES } from "./taskPrograms";

// A Start of a bot task (no caller key to look it up by) whose answer is lost: create removes the
// bot from its room (RemoveUser, which ends any task the lost Start ran) and sends Start again,
// relying on no undocumented error code. Driven through the engine against the emulator, whose
// faults run the call and then lose its answer.

const suite = useProviderEmulator();

/** A family's first program (slot 0) from the soak's set. */
const programOf = (spec: AnyTaskSpec) => ({ __kind: spec.kind, ...TASK_FAMILIES.find((f) => f.spec === spec)!.program(0) });
const ingest = programOf(streamIngest);

const running = () => suite.emulator.state.tasks.list().filter((t) => t.status === "InProgress");
const log = () => suite.emulator.state.requests.list().map(({ action, outcome, ran }) => (ran ? `${action} ${outcome} (ran ${ran})` : `${action} ${outcome}`));

/** The engine on a client that waits `timeoutSeconds` for an answer and retries at once. */
function engineFor(spec: AnyTaskSpec, timeoutSeconds = 30): TaskEngine {
  const settings = { secretId: SECRET_ID, secretKey: SECRET_KEY, region: REGION, endpoint: suite.emulator.url };
  const client = new TrtcClient(settings, { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 1 }, timeoutSeconds);
  return new TaskEngine(spec, () => client, () => settings);
}

async function created(engine: TaskEngine, program: Record<string, unknown>) {
  const { inputs } = await engine.check({}, program);
  return engine.create(inputs!);
}

test("a dropped answer: the bot is removed first, ending the lost task, and the task started again is the one recorded", async () => {
  suite.emulator.state.faults.add({ action: "StartStreamIngest", connection: "drop", runFirst: true, count: 1 });
  const { id } = await created(engineFor(streamIngest), ingest);
  expect(running()).toEqual([expect.objectContaining({ taskId: id, userId: "ingest-0" })]);
  // No Start is refused as a duplicate on the way: the settling needs no TaskExist answer.
  expect(log()).toEqual(["StartStreamIngest dropped (ran ok)", "RemoveUser ok", "StartStreamIngest ok"]);
  expect(suite.emulator.state.tasks.list().filter((t) => t.status === "Ended")).toEqual([expect.objectContaining({ userId: "ingest-0" })]);
});

test("an answer held past the timeout, in a string room: RemoveUserByStrRoomId, in a region that serves it", async () => {
  suite.emulator.state.faults.add({ action: "StartStreamIngest", connection: "hang", runFirst: true, count: 1 });
  const engine = engineFor(streamIngest, 0.3);
  // StartStreamIngest serves ap-mumbai, RemoveUser does not: the room is the application's, so any served region reaches it.
  const { id } = await created(engine, { ...ingest, roomId: "lobby", region: "ap-mumbai" });
  expect(running()).toEqual([expect.objectContaining({ taskId: id })]);
  const removal = suite.emulator.state.requests.list().filter((r) => r.action.startsWith("RemoveUser"));
  expect(removal.map((r) => [r.action, r.region, r.outcome])).toEqual([["RemoveUserByStrRoomId", "ap-beijing", "ok"]]);
});

test("an answer that was never lost is not second-guessed: a bot already running is another task, and is left alone", async () => {
  const engine = engineFor(streamIngest);
  const first = await created(engine, ingest);
  await expect(created(engine, ingest)).rejects.toMatchObject({ code: "FailedOperation.TaskExist" });
  expect(running()).toEqual([expect.objectContaining({ taskId: first.id })]);
  expect(log().filter((l) => l.startsWith("RemoveUser"))).toEqual([]);
});

test("a refusal after a lost answer: the bot is removed, so nothing runs unrecorded, and the error says so", async () => {
  suite.emulator.state.faults.add({ action: "CreateCloudRecording", code: "InternalError", runFirst: true, count: 1 });
  suite.emulator.state.faults.add({ action: "CreateCloudRecording", code: "FailedOperation", count: 1 });
  const error = await created(engineFor(cloudRecording), programOf(cloudRecording)).then(() => undefined, (e: Error) => e);
  expect(error?.message).toMatch(/the Start answer for bot recorder-0 in room 7200 was lost.*FailedOperation.*The bot was removed from the room, so no task of it is running/);
  expect(error).not.toHaveProperty("id");
  expect(running()).toEqual([]);
});

test("where Start answers that the bot already runs a task after the removal (a lost Start arriving late), the bot is removed again", async () => {
  suite.emulator.state.faults.add({ action: "StartStreamIngest", connection: "drop", count: 1 });
  // What TRTC answers once the late Start has made a task for the bot.
  suite.emulator.state.faults.add({ action: "StartStreamIngest", code: "FailedOperation.TaskExist", count: 1 });
  const { id } = await created(engineFor(streamIngest), ingest);
  expect(running()).toEqual([expect.objectContaining({ taskId: id })]);
  expect(log()).toEqual([
    "StartStreamIngest dropped",
    "RemoveUser FailedOperation.RoomNotExist",
    "StartStreamIngest FailedOperation.TaskExist",
    "RemoveUser FailedOperation.RoomNotExist",
    "StartStreamIngest ok",
  ]);
});

test("a relay's agent is the bot removed; when removal fails, state keeps the bot and the next up settles it", async () => {
  const agent = "relay-0";
  const engine = engineFor(relayTask);
  // The first answer is lost, and every removal refused: create cannot settle.
  suite.emulator.state.faults.add({ action: "StartPublishCdnStream", httpStatus: 502, runFirst: true, count: 1 });
  suite.emulator.state.faults.add({ action: "RemoveUser", code: "FailedOperation", count: 10 });
  const error = await created(engine, programOf(relayTask)).then(
    () => undefined,
    (e: Error & { id: string; properties: Record<string, unknown> }) => e,
  );
  expect(error?.message).toMatch(/Removing the bot failed .*FailedOperation.*a task may be running. State keeps the bot: .* removes user relay-0/);
  const [lost] = running();
  expect(lost).toMatchObject({ userId: agent });
  // A bot that cannot be removed may run the lost task, so Start is not sent again; the clean-up tries the removal once more.
  expect(log().filter((l) => l.startsWith("StartPublishCdnStream"))).toHaveLength(1);
  expect(log().filter((l) => l.startsWith("RemoveUser"))).toEqual(Array(2).fill("RemoveUser FailedOperation"));

  // Pulumi records the failed create by its bot, so the task is not lost to state.
  const { id, properties } = error!;
  expect(id).toBe("userId:relay-0");
  expect(properties).toMatchObject({ __settlement: "startUnsettled" });
  expect(properties.taskId).toBeUndefined();
  // Refresh does not touch the room, so the record stays as it is; a removal refused again fails the up and keeps it.
  expect(await engine.read(id, properties)).toEqual({ id, props: properties });
  expect(await engine.diff(id, properties, properties)).toMatchObject({ changes: true });
  await expect(engine.update(id, properties, properties)).rejects.toThrow(/removing the bot failed again: .*FailedOperation/);
  expect(running()).toEqual([lost]);

  // Once removal works, the next up ends the lost task and starts the one it records.
  suite.emulator.state.faults.clear();
  const { outs } = await engine.update(id, properties, properties);
  expect(running()).toEqual([expect.objectContaining({ taskId: outs!.taskId, userId: agent })]);
  expect(suite.emulator.state.tasks.get(lost!.taskId)).toMatchObject({ status: "Ended", endReason: "removed" });
  await engine.delete(id, outs!);
  expect(running()).toEqual([]);
});

test("destroy of a start left unsettled removes its bot", async () => {
  const engine = engineFor(streamIngest);
  suite.emulator.state.faults.add({ action: "StartStreamIngest", connection: "drop", runFirst: true, count: 1 });
  suite.emulator.state.faults.add({ action: "RemoveUser", code: "FailedOperation", count: 10 });
  const { id, properties } = await created(engine, ingest).then(
    () => ({ id: "", properties: {} }),
    (e: { id: string; properties: Record<string, unknown> }) => e,
  );
  expect(id).toBe("userId:ingest-0");
  expect(running()).toHaveLength(1);
  suite.emulator.state.faults.clear();
  await engine.delete(id, properties);
  expect(running()).toEqual([]);
});

import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as runtime from "../provider/runtime";
import { SETTLEMENT_KEY } from "../provider/contract";
import { useProviderEmulator } from "./helpers";
import { sdkClient } from "./sdk";

// State written by pulumi-trtc 0.1.0, which kept an unfinished create in the `status` output
// (CreateIncomplete, StartUnsettled) where this version writes `__settlement`: refreshed, updated
// and destroyed by this engine as 0.1.0 would, driven through the provider runtime as Pulumi's
// dynamic provider host drives it, against the emulator. Each test first puts the world in the
// state the record describes: the tasks of 0.1.0's emulator are gone, so they are started again
// through Tencent's SDK and the record's task id is rebound to the new one.

type Props = Record<string, unknown>;
interface Fixture {
  createIncomplete: { id: string; properties: Props };
  aiStartUnsettled: { id: string; properties: Props };
  botStartUnsettled: { id: string; properties: Props };
  created: { id: string; outs: Props };
}
const fixture = JSON.parse(readFileSync(path.join(__dirname, "fixtures", "state-0.1.0.json"), "utf8")) as Fixture;

const suite = useProviderEmulator();

const running = () => suite.emulator.state.tasks.list().filter((t) => t.status === "InProgress");
const log = () => suite.emulator.state.requests.list().map(({ action, outcome }) => `${action} ${outcome}`);
const sent = (action: string) => suite.emulator.state.requests.list().filter((r) => r.action === action).map((r) => r.params);

/** Starts a task the way another tool would, straight to the service, and clears the request log. */
async function started(action: string, params: Props): Promise<string> {
  const { TaskId } = (await sdkClient(suite.emulator.url).request(action, params)) as { TaskId: string };
  suite.emulator.state.requests.clear();
  return TaskId;
}

/** A record of 0.1.0 pointed at the task now running in its place. */
const rebound = (props: Props, taskId: string) => ({ id: taskId, props: { ...props, taskId } });

/** The program the record was made from (its inputs), with `changes`, checked as Pulumi checks them against the old ones. */
async function programOf(props: Props, outputs: readonly string[], changes: Props = {}): Promise<Props> {
  const program = { ...Object.fromEntries(Object.entries(props).filter(([k]) => !outputs.includes(k))), ...changes };
  const result = await runtime.check(props, program);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as Props;
}

/** What this version writes never carries 0.1.0's markers, nor a settlement once settled. */
function expectSettled(props: Props | undefined): void {
  expect(props?.status).not.toMatch(/^(CreateIncomplete|StartUnsettled)$/);
  expect(props).not.toHaveProperty(SETTLEMENT_KEY);
}

/** Destroy of a record this version wrote: its task stops, and nothing is left running. */
async function destroyed(outs: Props | undefined): Promise<void> {
  await runtime.remove(String(outs?.taskId), outs!);
  expect(running()).toEqual([]);
}

const ingestStart = (props: Props, extra: Props) => ({
  SdkAppId: props.sdkAppId, RoomId: String(props.roomId), RoomIdType: 1, UserId: props.userId, UserSig: props.userSig,
  StreamUrl: props.streamUrl, ...extra,
});

describe("CreateIncomplete: a StreamIngest whose pause after Start failed", () => {
  const legacy = fixture.createIncomplete.properties;

  /** The task 0.1.0 started, still playing: the UpdateStreamIngest that would pause it failed. */
  async function world() {
    const taskId = await started("StartStreamIngest", ingestStart(legacy, {}));
    expect(suite.emulator.state.tasks.get(taskId)?.settings).toMatchObject({ IsPause: false });
    return rebound(legacy, taskId);
  }

  test("the record is 0.1.0's: its status says the create did not finish", () => {
    expect(fixture.createIncomplete.id).toBe(legacy.taskId);
    expect(legacy).toMatchObject({ status: "CreateIncomplete", isPause: true });
  });

  test("refresh reads the task, and keeps it marked unfinished, so the next up still pauses it", async () => {
    const { id, props } = await world();
    const read = await runtime.read(id, props);
    expect(sent("DescribeStreamIngest")).toEqual([expect.objectContaining({ TaskId: id })]);
    expect(read).toMatchObject({ id, props: { taskId: id, status: "InProgress", isPause: true, [SETTLEMENT_KEY]: "createIncomplete" } });
    const news = await programOf(props, ["taskId", "status"]);
    expect(await runtime.diff(id, read.props!, news)).toMatchObject({ changes: true, replaces: [] });
  });

  test("the next up sends UpdateStreamIngest although nothing changed, and pauses the task", async () => {
    const { id, props } = await world();
    const news = await programOf(props, ["taskId", "status"]);
    expect(await runtime.diff(id, props, news)).toMatchObject({ changes: true, replaces: [] });
    const { outs } = await runtime.update(id, props, news);
    expect(log()).toEqual(["UpdateStreamIngest ok", "DescribeStreamIngest ok"]);
    expect(sent("UpdateStreamIngest")).toEqual([expect.objectContaining({ TaskId: id, IsPause: true })]);
    expect(suite.emulator.state.tasks.get(id)?.settings).toMatchObject({ IsPause: true });
    expect(outs).toMatchObject({ taskId: id, status: "InProgress" });
    expectSettled(outs);

    // Settled: the next up with the same program changes nothing and calls nothing.
    suite.emulator.state.requests.clear();
    expect(await runtime.diff(id, outs!, news)).toMatchObject({ changes: false });
    await destroyed(outs);
    expect(log()).toEqual(["StopStreamIngest ok"]);
  });

  test("destroy stops the task", async () => {
    const { id, props } = await world();
    await runtime.remove(id, props);
    expect(sent("StopStreamIngest")).toEqual([expect.objectContaining({ TaskId: id })]);
    expect(running()).toEqual([]);
  });
});

describe("StartUnsettled by session: an AIConversation whose Start answer and lookup were lost", () => {
  const { id: legacyId, properties: legacy } = fixture.aiStartUnsettled;
  const sessionId = String(legacy.sessionId);
  const agent = legacy.agentConfig as Props;
  const llm = legacy.llmConfig as Props;
  const tts = legacy.ttsConfig as Props;

  /** The task the lost Start ran, under the recorded session key. */
  const world = () =>
    started("StartAIConversation", {
      SdkAppId: legacy.sdkAppId, RoomId: legacy.roomId, RoomIdType: 1, SessionId: sessionId,
      AgentConfig: { UserId: agent.userId, UserSig: agent.userSig, TargetUserId: agent.targetUserId },
      LLMConfig: JSON.stringify({ LLMType: llm.llmType, Model: llm.model, APIKey: llm.apiKey, APIUrl: llm.apiUrl, Streaming: llm.streaming }),
      TTSConfig: JSON.stringify({ TTSType: tts.ttsType, VoiceId: tts.voiceId, Model: tts.model }),
    });

  test("the record is 0.1.0's: kept by its session key, with no task id", () => {
    expect(legacyId).toBe(`sessionId:${sessionId}`);
    expect(legacy).toMatchObject({ status: "StartUnsettled" });
    expect(legacy).not.toHaveProperty("taskId");
  });

  test("refresh finds the task by its key and makes its id the resource's", async () => {
    const taskId = await world();
    const read = await runtime.read(legacyId, legacy);
    expect(sent("DescribeAIConversation")).toEqual([
      { SdkAppId: legacy.sdkAppId, SessionId: sessionId },
      { TaskId: taskId },
    ]);
    expect(read).toMatchObject({ id: taskId, props: { taskId, sessionId } });
    expectSettled(read.props);
    expect(running().map((t) => t.taskId)).toEqual([taskId]);
  });

  test("refresh drops the record when no task runs under the key", async () => {
    expect(await runtime.read(legacyId, legacy)).toEqual({});
    expect(sent("DescribeAIConversation")).toEqual([{ SdkAppId: legacy.sdkAppId, SessionId: sessionId }]);
  });

  test("the next up records the running task without starting a second one", async () => {
    const taskId = await world();
    const news = await programOf(legacy, ["status", "sessionId"]);
    expect(await runtime.diff(legacyId, legacy, news)).toMatchObject({ changes: true, replaces: [] });
    const { outs } = await runtime.update(legacyId, legacy, news);
    expect(log()).not.toContain("StartAIConversation ok");
    expect(sent("UpdateAIConversation")).toEqual([expect.objectContaining({ TaskId: taskId })]);
    expect(outs).toMatchObject({ taskId, sessionId });
    expectSettled(outs);
    expect(running().map((t) => t.taskId)).toEqual([taskId]);

    await destroyed(outs);
  });

  test("the next up starts the task with the recorded key when the lost Start never ran", async () => {
    const news = await programOf(legacy, ["status", "sessionId"]);
    const { outs } = await runtime.update(legacyId, legacy, news);
    expect(sent("StartAIConversation")).toEqual([expect.objectContaining({ SessionId: sessionId })]);
    expect(running().map((t) => t.taskId)).toEqual([outs!.taskId]);
    expectSettled(outs);
    await destroyed(outs);
  });

  test("destroy finds the task by its key and stops it", async () => {
    const taskId = await world();
    await runtime.remove(legacyId, legacy);
    expect(log()).toEqual(["DescribeAIConversation ok", "StopAIConversation ok"]);
    expect(sent("StopAIConversation")).toEqual([{ TaskId: taskId }]);
    expect(running()).toEqual([]);
  });
});

describe("StartUnsettled by bot: a RelayTask whose Start answer was lost and whose agent could not be removed", () => {
  const { id: legacyId, properties: legacy } = fixture.botStartUnsettled;
  const agent = legacy.agentParams as Props;
  const audio = (legacy.audioParams as { audioEncode: Props }).audioEncode;
  const video = legacy.videoParams as { videoEncode: Props; layoutParams: Props };
  const [cdn] = legacy.publishCdnParams as Props[];

  /** The lost Start's task: the agent in its room, relaying. */
  const world = () =>
    started("StartPublishCdnStream", {
      SdkAppId: legacy.sdkAppId, RoomId: String(legacy.roomId), RoomIdType: 0, WithTranscoding: legacy.withTranscoding,
      AgentParams: { UserId: agent.userId, UserSig: agent.userSig, MaxIdleTime: agent.maxIdleTime },
      AudioParams: { AudioEncode: { SampleRate: audio.sampleRate, Channel: audio.channel, BitRate: audio.bitRate } },
      VideoParams: {
        VideoEncode: { Width: video.videoEncode.width, Height: video.videoEncode.height, Fps: video.videoEncode.fps, BitRate: video.videoEncode.bitRate, Gop: video.videoEncode.gop },
        LayoutParams: { MixLayoutMode: video.layoutParams.mixLayoutMode },
      },
      PublishCdnParams: [{ PublishCdnUrl: cdn!.publishCdnUrl, IsTencentCdn: cdn!.isTencentCdn }],
    });

  test("the record is 0.1.0's: kept by its bot, with no task id", () => {
    expect(legacyId).toBe(`userId:${agent.userId}`);
    expect(legacy).toMatchObject({ status: "StartUnsettled" });
    expect(legacy).not.toHaveProperty("taskId");
  });

  test("refresh leaves the record as it is and does not touch the room", async () => {
    const taskId = await world();
    expect(await runtime.read(legacyId, legacy)).toEqual({ id: legacyId, props: legacy });
    expect(log()).toEqual([]);
    expect(running().map((t) => t.taskId)).toEqual([taskId]);
  });

  test("the next up removes the bot, ending the lost task, and records the task it starts", async () => {
    const lost = await world();
    const news = await programOf(legacy, ["status"]);
    expect(await runtime.diff(legacyId, legacy, news)).toMatchObject({ changes: true });
    const { outs } = await runtime.update(legacyId, legacy, news);
    expect(log()).toEqual(["RemoveUser ok", "StartPublishCdnStream ok"]);
    expect(suite.emulator.state.tasks.get(lost)).toMatchObject({ status: "Ended", endReason: "removed" });
    expect(running()).toEqual([expect.objectContaining({ taskId: outs!.taskId, userId: agent.userId })]);
    expectSettled(outs);

    await destroyed(outs);
  });

  test("destroy removes the bot, which ends the lost task", async () => {
    const lost = await world();
    await runtime.remove(legacyId, legacy);
    expect(log()).toEqual(["RemoveUser ok"]);
    expect(sent("RemoveUser")).toEqual([expect.objectContaining({ SdkAppId: legacy.sdkAppId, RoomId: legacy.roomId, UserIds: [agent.userId] })]);
    expect(suite.emulator.state.tasks.get(lost)).toMatchObject({ status: "Ended", endReason: "removed" });
    expect(running()).toEqual([]);
  });
});

describe("a StreamIngest 0.1.0 created", () => {
  const { outs: legacy } = fixture.created;

  const world = async () =>
    rebound(legacy, await started("StartStreamIngest", ingestStart(legacy, { Volume: legacy.volume, RepeatNum: legacy.repeatNum })));

  test("refresh reads the task and keeps the record as it was", async () => {
    const { id, props } = await world();
    expect(await runtime.read(id, props)).toEqual({ id, props });
    expect(sent("DescribeStreamIngest")).toEqual([expect.objectContaining({ TaskId: id })]);
  });

  test("an up without changes calls nothing; a new volume is sent in place", async () => {
    const { id, props } = await world();
    const same = await programOf(props, ["taskId", "status"]);
    expect(await runtime.diff(id, props, same)).toMatchObject({ changes: false });
    expect((await runtime.update(id, props, same)).outs).toEqual(props);
    expect(log()).toEqual([]);

    const louder = await programOf(props, ["taskId", "status"], { volume: 60 });
    expect(await runtime.diff(id, props, louder)).toMatchObject({ changes: true, replaces: [] });
    const { outs } = await runtime.update(id, props, louder);
    expect(sent("UpdateStreamIngest")).toEqual([expect.objectContaining({ TaskId: id, Volume: 60 })]);
    expect(outs).toMatchObject({ taskId: id, status: "InProgress", volume: 60 });
  });

  test("destroy stops the task", async () => {
    const { id, props } = await world();
    await runtime.remove(id, props);
    expect(sent("StopStreamIngest")).toEqual([expect.objectContaining({ TaskId: id })]);
    expect(running()).toEqual([]);
  });
});

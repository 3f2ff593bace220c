import { DEFAULT_APP_KEY } from "../../emulator";
import { botSig } from "../helpers";
import { sdkClient } from "../sdk";
import { describeWithEngine, useExampleStack } from "./engine";

// examples/adopt-task under the real Pulumi engine: a stream ingest started outside Pulumi (with
// Tencent's SDK, as a script would) is adopted by the stack, updated in place and destroyed by it;
// another is only watched through `get`, and outlives the stack.

const APP = 1400000001;
const DEFAULT_URL = "https://media.example.com/lobby.m3u8";

describeWithEngine("adopting a running task and watching another under the real engine", (bin) => {
  const suite = useExampleStack(bin, "adopt-task", { "trtc:sdkSecretKey": { value: DEFAULT_APP_KEY, secret: true } });
  const { calls } = suite;
  const task = (taskId: string) => suite.emulator.state.tasks.get(taskId)!;
  const startElsewhere = async (userId: string) => {
    const started = (await sdkClient(suite.emulator.url).request("StartStreamIngest", {
      SdkAppId: APP, RoomId: "1234", RoomIdType: 1, UserId: userId, UserSig: botSig(userId),
      StreamUrl: "https://media.example.com/old.mp4", Volume: 30, RepeatNum: -1,
    })) as { TaskId: string };
    suite.emulator.state.requests.clear();
    return started.TaskId;
  };
  let adopted: string;

  test("up adopts the running task instead of starting one, and brings it to the program's values", async () => {
    adopted = await startElsewhere("lobby-bot");
    await suite.env.stack.setConfig("adoptTaskId", { value: adopted });
    const preview = await suite.env.stack.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ create: 2 });
    expect(preview.stdout).toContain(`adoptTaskId: "${adopted}"`);
    expect(calls()).toEqual([]);

    const up = await suite.env.stack.up();
    expect(calls()).toEqual(["DescribeStreamIngest", "UpdateStreamIngest", "DescribeStreamIngest"]);
    expect(up.outputs.lobbyTaskId.value).toBe(adopted);
    expect(up.outputs.lobbyStatus.value).toBe("InProgress");
    expect(task(adopted).settings).toEqual({ StreamUrl: DEFAULT_URL, Volume: 80, IsPause: false, EnableProgress: false, Tempo: 1 });
    expect(suite.emulator.state.tasks.list()).toHaveLength(1);
  });

  test("removing adoptTaskId afterwards previews as an update and calls nothing", async () => {
    await suite.env.stack.removeConfig("adoptTaskId");
    const preview = await suite.env.stack.preview({ diff: true });
    expect(preview.changeSummary).toEqual({ same: 1, update: 1 });
    expect(preview.stdout).toMatch(/- adoptTaskId\s*: "/);
    const up = await suite.env.stack.up();
    expect(up.summary.resourceChanges).toEqual({ same: 1, update: 1 });
    expect(calls()).toEqual([]);
    expect(up.outputs.lobbyTaskId.value).toBe(adopted);
  });

  test("the adopted task is updated in place like any other", async () => {
    await suite.env.stack.setConfig("volume", { value: "20" });
    await suite.env.stack.up();
    expect(calls()).toEqual(["UpdateStreamIngest", "DescribeStreamIngest"]);
    expect(task(adopted).settings).toMatchObject({ Volume: 20 });
  });

  test("get reads a task the stack does not own; destroy stops the adopted task and leaves that one running", async () => {
    const watched = await startElsewhere("watched-bot");
    await suite.env.stack.setConfig("watchTaskId", { value: watched });
    const up = await suite.env.stack.up();
    expect(up.outputs.watchedStatus.value).toBe("InProgress");
    expect(calls()).toEqual(["DescribeStreamIngest"]);

    suite.emulator.state.requests.clear();
    await suite.env.stack.destroy();
    expect(calls()).toEqual(["StopStreamIngest"]);
    expect(task(adopted).status).toBe("Ended");
    expect(task(watched).status).toBe("InProgress");
  });
});

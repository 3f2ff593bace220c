import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { DEFAULT_SDK_APP_ID } from "../../emulator";
import { REGION, SECRET_ID } from "../helpers";
import { REPO } from "../installed";
import { changesOf, describeWithHost, expectReadByGet, LLM_KEY, PARTNER_APP, PARTNER_ID, PUSH_URL, useEventRoomStack } from "./eventRoomPlugin";

// examples/python-event-room under the real engine: a Python program on the generated pulumi_trtc
// SDK (installed from the wheel the project builds, in a virtualenv as a user's), through
// pulumi-resource-trtc on PATH and the Python language host. Preview, up, a layout change applied
// in place, a task a script started read by `get` and dropped by refresh once it ends, destroy;
// the partner's task goes through an explicit trtc.Provider with a second emulator account. One stack.

/** A virtualenv with the example's requirements, pulumi_trtc from the wheel built from sdk-python/ (cached by its sources). */
function virtualenv(): string {
  const requirements = path.join(REPO, "examples", "python-event-room", "requirements.txt");
  return execFileSync("bash", [path.join(REPO, "scripts", "build-python-sdk.sh"), "--venv", requirements], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
}

describeWithHost(
  "Python through pulumi_trtc and pulumi-resource-trtc",
  "install-pulumi-python.sh",
  "The Pulumi Python language host is not installed: build it with `bash scripts/install-pulumi-python.sh` (.ci/run does).",
  (bin, python) => {
    // The 3.68 host runs the `python` first on PATH and reads no virtualenv option: the program's
    // virtualenv is active, as after `source venv/bin/activate`.
    const venv = virtualenv();
    const suite = useEventRoomStack(bin, "python-event-room", { path: [path.join(venv, "bin"), python], env: { VIRTUAL_ENV: venv } });
    const { calls, requests, expectNoPlaintext } = suite;
    const relayStart = () => requests().find((r) => r.action === "StartPublishCdnStream")!.params as Record<string, any>;

    test("preview plans every task through the plugin and runs only the lookup", async () => {
      const { changeSummary, stdout } = await suite.env.stack.preview({ diff: true });
      expect(changeSummary).toEqual({ create: 6 });
      for (const kind of ["StreamIngest", "RelayTask", "AIConversation"]) expect(stdout).toContain(`+ trtc:index:${kind}: (create)`);
      expect(stdout).toContain("+ pulumi:providers:trtc: (create)");
      expectNoPlaintext(stdout);
      expect(calls()).toEqual(["DescribeRoomInfo"]);
    });

    test("up starts each task with the snake_case arguments under TRTC's names, the partner's with the partner's keys", async () => {
      const up = await suite.env.stack.up();
      expect(up.summary.resourceChanges).toEqual({ create: 6 });
      const starts = requests().filter((r) => /^Start/.test(r.action));
      const by = (r: (typeof starts)[number]) => `${r.action} ${(r.params as { SdkAppId: number }).SdkAppId} ${r.secretId} ${r.region}`;
      expect(starts.map(by).sort()).toEqual([
        `StartAIConversation ${DEFAULT_SDK_APP_ID} ${SECRET_ID} ${REGION}`,
        `StartPublishCdnStream ${DEFAULT_SDK_APP_ID} ${SECRET_ID} ${REGION}`,
        `StartStreamIngest ${DEFAULT_SDK_APP_ID} ${SECRET_ID} ${REGION}`,
        `StartStreamIngest ${PARTNER_APP} ${PARTNER_ID} ap-jakarta`,
      ]);
      // Nested Args classes (agent_params=AgentParamsArgs(max_idle_time=...)) and the enum reach TRTC.
      expect(relayStart()).toMatchObject({
        AgentParams: { UserId: "cdn-relay", MaxIdleTime: 300 },
        WithTranscoding: 1,
        VideoParams: { LayoutParams: { MixLayoutMode: 3 } },
        PublishCdnParams: [{ PublishCdnUrl: PUSH_URL, IsTencentCdn: 1 }],
      });
      const ai = requests().find((r) => r.action === "StartAIConversation")!.params as { LLMConfig: string };
      expect(JSON.parse(ai.LLMConfig)).toMatchObject({ LLMType: "openai", Model: "gpt-4o", APIKey: LLM_KEY });

      // Outputs read through the typed properties (video_params.layout_params.mix_layout_mode, rows' comm_id).
      expect(up.outputs.relayLayoutMode!.value).toBe(3);
      expect(up.outputs.introTaskId!.value).toEqual(expect.any(String));
      const rooms = up.outputs.recentRooms!.value as { commId: string }[];
      expect(rooms.length).toBeGreaterThan(0);
      expect(rooms[0]!.commId).toMatch(/^1400000001_/);
      expectNoPlaintext(suite.env.stateFile());
    });

    test("a layout change previews as that path and updates the relay in place", async () => {
      await suite.env.stack.setConfig("layoutMode", { value: "1" });
      const preview = await suite.env.pulumi(["preview", "--diff"]);
      expect(preview.code).toBe(0);
      expect(preview.stdout).toMatch(/~ mixLayoutMode\s*: 3 => 1/);
      expectNoPlaintext(preview.stdout);

      suite.emulator.state.requests.clear();
      const up = await suite.env.stack.up();
      expect(changesOf(up.summary.resourceChanges)).toEqual({ update: 1 });
      const updates = requests().filter((r) => r.action !== "DescribeRoomInfo");
      expect(updates.map((r) => r.action)).toEqual(["UpdatePublishCdnStream"]);
      expect(updates[0]!.params).toMatchObject({ VideoParams: { LayoutParams: { MixLayoutMode: 1 } } });
      expect(up.outputs.relayLayoutMode!.value).toBe(1);
    });

    let watched: string;
    test("a task a script started is read by StreamIngest.get: its status is an output, and Describe is all it is sent", async () => {
      watched = await expectReadByGet(suite);
    });

    test("once that task has ended, refresh drops it saying why in the engine's output, finds the rest running, and up refuses the get", async () => {
      await suite.script().stop(watched);
      const refresh = await suite.env.stack.refresh();
      expect(changesOf(refresh.summary.resourceChanges)).toEqual({ delete: 1 });
      expect(calls()).toEqual(expect.arrayContaining(["DescribeStreamIngest", "DescribeAIConversation"]));
      // The plugin's line, through the engine's log: a warning among the resource's diagnostics.
      expect(refresh.stdout).toContain(`trtc:index:StreamIngest (watchedIntro):\n    warning: pulumi-trtc: refresh drops StreamIngest task ${watched}: DescribeStreamIngest answered `);

      const up = await suite.env.pulumi(["up", "--yes"]);
      expect(up.code).not.toBe(0);
      expect(up.stdout + up.stderr).toContain(`StreamIngest task ${watched} is not running in application ${DEFAULT_SDK_APP_ID} in ${REGION}: it has ended or never existed, and only a running task can be read by \`get\``);
      await suite.env.stack.removeConfig("watchedIntro");
    });

    test("destroy stops every task, each through its own provider", async () => {
      const destroy = await suite.env.stack.destroy();
      // The stack, the partner's provider and four tasks (default providers are not counted).
      expect(destroy.summary.resourceChanges).toEqual({ delete: 6 });
      const stops = requests().filter((r) => /^Stop/.test(r.action)).map((r) => `${r.action} ${r.secretId}`).sort();
      expect(stops).toEqual([`StopAIConversation ${SECRET_ID}`, `StopPublishCdnStream ${SECRET_ID}`, `StopStreamIngest ${PARTNER_ID}`, `StopStreamIngest ${SECRET_ID}`]);
      expect(suite.emulator.state.tasks.list().filter((t) => t.status === "InProgress")).toEqual([]);
    });
  },
);

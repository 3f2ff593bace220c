import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { DEFAULT_SDK_APP_ID } from "../../emulator";
import { REGION, SECRET_ID } from "../helpers";
import { changesOf, describeWithHost, PARTNER_APP, PARTNER_ID, useEventRoomStack } from "./eventRoomPlugin";

// examples/yaml-event-room under the real engine, through pulumi-resource-trtc as a user installs
// it (the npm package's bin on PATH) and the Pulumi YAML language host: preview, up, a CDN entry
// added (the detailed diff, its credential masked) applied in place, refresh, a task a script
// started taken in by `pulumi import` with no change on the next up, and destroy. One stack; its
// partner resources go through an explicit provider with a second emulator account.

const BACKUP_URL = "rtmp://backup.example.net/live/launch?auth=backup-token-plaintext";

describeWithHost(
  "Pulumi YAML through pulumi-resource-trtc",
  "install-pulumi-yaml.sh",
  "The Pulumi YAML language host is not installed: build it with `bash scripts/install-pulumi-yaml.sh` (about 90 s cold; .ci/run does).",
  (bin, yaml) => {
    const suite = useEventRoomStack(bin, "yaml-event-room", { path: [yaml] });
    const { calls, requests } = suite;
    const expectNoPlaintext = (text: string) => suite.expectNoPlaintext(text, ["backup-token-plaintext"]);
    const program = () => path.join(suite.env.stack.workspace.workDir, "Pulumi.yaml");
    const edit = (change: (text: string) => string) => writeFileSync(program(), change(readFileSync(program(), "utf8")));

    test("preview plans every task through the plugin, runs only the lookup, and shows the push URL masked", async () => {
      const { changeSummary, stdout } = await suite.env.stack.preview({ diff: true });
      expect(changeSummary).toEqual({ create: 6 });
      for (const kind of ["StreamIngest", "RelayTask", "AIConversation"]) expect(stdout).toContain(`+ trtc:index:${kind}: (create)`);
      expect(stdout).toContain('publishCdnUrl: "rtmp://push.example.com/live/launch?[secret]"');
      expectNoPlaintext(stdout);
      expect(calls()).toEqual(["DescribeRoomInfo"]);
    });

    test("up starts each task, the partner's with the partner's keys in its region, and the lookup's rows are an output", async () => {
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
      const rooms = up.outputs.recentRooms!.value as { commId: string }[];
      expect(rooms.length).toBeGreaterThan(0);
      expect(rooms[0]!.commId).toMatch(/^1400000001_/);
      expectNoPlaintext(suite.env.stateFile());
    });

    test("a second CDN entry previews as an added element with its credential masked, and updates the relay in place", async () => {
      edit((text) =>
        text.replace(
          "          isTencentCdn: 1\n",
          `          isTencentCdn: 1\n        - publishCdnUrl: ${BACKUP_URL}\n          isTencentCdn: 0\n`,
        ),
      );
      const preview = await suite.env.pulumi(["preview", "--diff"]);
      expect(preview.code).toBe(0);
      expect(preview.stdout).toMatch(/~ publishCdnParams: \[\n\s+\+ \[1\]: \{\n\s+\+ isTencentCdn : 0\n\s+\+ publishCdnUrl: "rtmp:\/\/backup\.example\.net\/live\/launch\?\[secret\]"/);
      expectNoPlaintext(preview.stdout);

      suite.emulator.state.requests.clear();
      const up = await suite.env.stack.up();
      expect(changesOf(up.summary.resourceChanges)).toEqual({ update: 1 });
      expect(calls().filter((a) => a !== "DescribeRoomInfo")).toEqual(["UpdatePublishCdnStream"]);
      expectNoPlaintext(suite.env.stateFile());
    });

    test("refresh finds every task running", async () => {
      const refresh = await suite.env.stack.refresh();
      expect(changesOf(refresh.summary.resourceChanges)).toEqual({});
      expect(calls()).toEqual(expect.arrayContaining(["DescribeStreamIngest", "DescribeAIConversation", "UpdatePublishCdnStream"]));
    });

    test("a task a script started is imported by <sdkAppId>/<region>/<taskId>, and the next up changes nothing", async () => {
      // The script: TRTC's own StartStreamIngest, no Pulumi.
      const script = suite.script();
      const streamUrl = "https://media.example.com/lobby.m3u8";
      const taskId = await script.start("lobby", "lobby-bot", streamUrl);

      const imported = await suite.env.pulumi(["import", "trtc:index:StreamIngest", "lobby", script.idOf(taskId), "--yes"]);
      expect(imported.code).toBe(0);
      expect(imported.stdout + imported.stderr).toContain("Add roomId, userId, streamUrl");

      // The code the CLI printed, with the inputs Describe cannot report added as the notice asks.
      edit((text) =>
        text.replace(
          "\noutputs:",
          [
            "  lobby:",
            "    type: trtc:index:StreamIngest",
            "    properties:",
            `      sdkAppId: ${DEFAULT_SDK_APP_ID}`,
            `      region: ${REGION}`,
            "      roomId: lobby",
            "      userId: lobby-bot",
            `      streamUrl: ${streamUrl}`,
            "      repeatNum: -1",
            "    options:",
            "      protect: true",
            "",
            "outputs:",
          ].join("\n"),
        ),
      );
      suite.emulator.state.requests.clear();
      const up = await suite.env.stack.up();
      expect(changesOf(up.summary.resourceChanges)).toEqual({});
      expect(calls().filter((a) => a !== "DescribeRoomInfo")).toEqual([]);

      // An ended task is refused, naming why.
      await script.stop(taskId);
      const ended = await suite.env.pulumi(["import", "trtc:index:StreamIngest", "ended", script.idOf(taskId), "--yes"]);
      expect(ended.code).not.toBe(0);
      expect(ended.stdout + ended.stderr).toContain("only a running task can be imported");
    });

    test("destroy stops every task the stack owns, each through its own provider", async () => {
      // The imported task was stopped above; unprotected, it is destroyed like the rest. Seven: the
      // stack, the partner's provider and five tasks (default providers are not counted).
      edit((text) => text.replace("    options:\n      protect: true\n", ""));
      await suite.env.stack.up();
      suite.emulator.state.requests.clear();
      const destroy = await suite.env.stack.destroy();
      expect(destroy.summary.resourceChanges).toEqual({ delete: 7 });
      const stops = requests().filter((r) => /^Stop/.test(r.action)).map((r) => `${r.action} ${r.secretId}`).sort();
      expect(stops).toEqual([
        `StopAIConversation ${SECRET_ID}`,
        `StopPublishCdnStream ${SECRET_ID}`,
        `StopStreamIngest ${PARTNER_ID}`,
        `StopStreamIngest ${SECRET_ID}`,
        `StopStreamIngest ${SECRET_ID}`,
      ]);
      expect(suite.emulator.state.tasks.list().filter((t) => t.status === "InProgress")).toEqual([]);
    });
  },
);

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { DEFAULT_SDK_APP_ID } from "../../emulator";
import { REGION, SECRET_ID } from "../helpers";
import { pack, tarballName } from "../../scripts/plugin-pack";
import { describeWithEngine } from "./engine";
import { changesOf, expectReadByGet, PARTNER_APP, PARTNER_ID, useEventRoomStack } from "./eventRoomPlugin";

// examples/plugin-sdk under the real engine: a TypeScript program on `pulumi-trtc/plugin`, with the
// plugin installed as a user installs it from `npm run plugin:pack`'s tarball (`pulumi plugin
// install resource trtc <version> --file`), nothing of it on PATH. Two explicit providers address
// two emulator accounts; preview, up, an update in place, a task a script started read by `get`,
// destroy.

describeWithEngine("TypeScript through pulumi-trtc/plugin and the installed plugin tarball", (bin) => {
  const packed = mkdtempSync(path.join(tmpdir(), "trtc-plugin-pack-"));
  beforeAll(() => pack(packed));
  afterAll(() => rmSync(packed, { recursive: true, force: true }));
  const suite = useEventRoomStack(bin, "plugin-sdk", {
    plugins: [{ name: "trtc", version: require("../../package.json").version, file: path.join(packed, tarballName()) }],
  });
  const { calls, requests, expectNoPlaintext } = suite;
  /** `Action SdkAppId SecretId Region` of each request matching `action`, sorted. */
  const sent = (action: RegExp) =>
    requests()
      .filter((r) => action.test(r.action))
      .map((r) => `${r.action} ${(r.params as { SdkAppId: number }).SdkAppId} ${r.secretId} ${r.region}`)
      .sort();

  test("preview plans every task through the installed plugin, not one on PATH, and runs only the lookup", async () => {
    const preview = await suite.env.pulumi(["preview", "--diff"]);
    expect(preview.code).toBe(0);
    expect(preview.stdout + preview.stderr).not.toMatch(/using pulumi-resource-trtc from \$PATH/);
    for (const kind of ["StreamIngest", "RelayTask", "AIConversation"]) expect(preview.stdout).toContain(`+ trtc:index:${kind}: (create)`);
    expect(preview.stdout).toContain("+ pulumi:providers:trtc: (create)");
    expect(preview.stdout).toContain('publishCdnUrl: "rtmp://push.example.com/live/launch?[secret]"');
    expectNoPlaintext(preview.stdout);
    expect(calls()).toEqual(["DescribeRoomInfo"]);
  });

  test("up starts each task with its own provider's account and region, and the invoke's rows are an output", async () => {
    const up = await suite.env.stack.up();
    // The stack, two providers and four tasks.
    expect(up.summary.resourceChanges).toEqual({ create: 7 });
    expect(sent(/^Start/)).toEqual([
      `StartAIConversation ${DEFAULT_SDK_APP_ID} ${SECRET_ID} ${REGION}`,
      `StartPublishCdnStream ${DEFAULT_SDK_APP_ID} ${SECRET_ID} ${REGION}`,
      `StartStreamIngest ${DEFAULT_SDK_APP_ID} ${SECRET_ID} ${REGION}`,
      `StartStreamIngest ${PARTNER_APP} ${PARTNER_ID} ap-jakarta`,
    ]);
    expect(sent(/^DescribeRoomInfo$/)).toEqual([`DescribeRoomInfo ${DEFAULT_SDK_APP_ID} ${SECRET_ID} ${REGION}`]);
    const rooms = up.outputs.recentRooms!.value as { commId: string }[];
    expect(rooms.length).toBeGreaterThan(0);
    expect(up.outputs.introTaskId!.value).toMatch(/\S/);
    expectNoPlaintext(suite.env.stateFile());
  });

  test("a new intro URL updates both intros in place, each through its own account", async () => {
    await suite.env.stack.setConfig("introUrl", { value: "https://media.example.com/launch-intro-v2.mp4" });
    const up = await suite.env.stack.up();
    expect(changesOf(up.summary.resourceChanges)).toEqual({ update: 2 });
    expect(sent(/^(Start|Stop|Update)/)).toEqual([`UpdateStreamIngest ${DEFAULT_SDK_APP_ID} ${SECRET_ID} ${REGION}`, `UpdateStreamIngest ${PARTNER_APP} ${PARTNER_ID} ap-jakarta`]);
  });

  let watched: string;
  test("a task a script started is read by StreamIngest.get: its status is an output, and Describe is all it is sent", async () => {
    watched = await expectReadByGet(suite);
  });

  test("destroy stops every task through the provider that started it, and leaves the task it read running", async () => {
    const destroy = await suite.env.stack.destroy();
    // What the stack read is discarded from state, not deleted.
    expect(destroy.summary.resourceChanges).toEqual({ delete: 7, discard: 1 });
    // StopAIConversation names the task alone (StopAIConversation, TRTC API reference): no SdkAppId.
    expect(sent(/^Stop/)).toEqual([
      `StopAIConversation undefined ${SECRET_ID} ${REGION}`,
      `StopPublishCdnStream ${DEFAULT_SDK_APP_ID} ${SECRET_ID} ${REGION}`,
      `StopStreamIngest ${DEFAULT_SDK_APP_ID} ${SECRET_ID} ${REGION}`,
      `StopStreamIngest ${PARTNER_APP} ${PARTNER_ID} ap-jakarta`,
    ]);
    expect(suite.actionsOn(watched)).toEqual([]);
    expect(suite.emulator.state.tasks.list().filter((t) => t.status === "InProgress").map((t) => t.taskId)).toEqual([watched]);
  });
});

import * as trtc from "../../index";
import { SECRET_ID, SECRET_KEY } from "../helpers";
import { describeWithEngine, useExampleStack } from "./engine";

// The lookups example under the real Pulumi engine: lookups run during preview (they change
// nothing), and the stack exports what they read, the same rows a script reads for that span.

const HOUR = 3600;
/**
 * A fixed span, so the program and the test read the same rooms: two whole clock hours ending at
 * least two hours ago, when every room created in it has ended (generated calls last 90 minutes at most).
 */
const end = (Math.floor(Date.now() / 1000 / HOUR) - 2) * HOUR;
const start = end - 2 * HOUR;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

describeWithEngine("lookups example under the real engine", (bin) => {
  const suite = useExampleStack(bin, "lookups", { startTime: { value: iso(start) }, endTime: { value: iso(end) } });
  const asScript = (): trtc.FunctionOptions => ({
    settings: { secretId: SECRET_ID, secretKey: SECRET_KEY, region: "ap-singapore", endpoint: suite.emulator.url },
  });

  test("preview runs the lookups and shows what they found", async () => {
    const rooms = await trtc.getRoomInfo({ sdkAppId: 1400000001, startTime: start, endTime: end }, asScript());
    suite.emulator.state.requests.clear();
    const preview = await suite.env.stack.preview();
    expect(new Set(suite.calls())).toEqual(new Set(["DescribeRoomInfo", "DescribeTRTCRealTimeScaleData"]));
    expect(preview.stdout).toMatch(new RegExp(`roomCount\\s*: ${rooms.length}`));
  });

  test("up exports the rows a script reads for the same span", async () => {
    const up = await suite.env.stack.up();
    const rooms = await trtc.getRoomInfo({ sdkAppId: 1400000001, startTime: start, endTime: end }, asScript());
    const scale = await trtc.getRealTimeScaleData({ sdkAppId: 1400000001, startTime: start, endTime: end }, asScript());
    expect(rooms.length).toBeGreaterThan(0);
    expect(up.outputs.roomCount!.value).toBe(rooms.length);
    expect(up.outputs.roomList!.value).toEqual(rooms.map(({ roomId, createTime, isFinished }) => ({ roomId, createTime, isFinished })));
    expect(up.outputs.peakUsersOnline!.value).toBe(Math.max(...scale.map((row) => row.userCount!)));
    expect(up.summary.resourceChanges).toEqual({ create: 1 });
  });

  test("a long lookup shows its progress as the stack's status line, which the engine does not keep among diagnostics", async () => {
    // Enough rooms that getRoomInfo takes more than a few pages.
    suite.emulator.state.history.set(1400000001, { roomsPerHour: 250 });
    try {
      const status: string[] = [];
      const preview = await suite.env.stack.preview({
        onEvent: (event) => {
          const diagnostic = event.diagnosticEvent;
          if (diagnostic?.ephemeral) status.push(diagnostic.message.trim());
        },
      });
      const pages = suite.calls().filter((action) => action === "DescribeRoomInfo").length;
      expect(pages).toBeGreaterThan(3);
      // The last line counts every call; its rows fill all pages but the last (100 a page), which
      // holds at least one. How many rooms the span holds depends on where its hours fall.
      const last = /^pulumi-trtc: getRoomInfo: (\d+) calls, (\d+) rows so far$/.exec(status.at(-1) ?? "");
      expect(Number(last?.[1])).toBe(pages);
      expect(Number(last?.[2])).toBeGreaterThan((pages - 1) * 100);
      expect(Number(last?.[2])).toBeLessThanOrEqual(pages * 100);
      // Shown as the stack's status while it runs, not among the diagnostics kept after it.
      const shown = preview.stdout.split("\n").filter((line) => line.includes("rows so far"));
      expect(shown.length).toBeGreaterThan(0);
      expect(shown.filter((line) => !/pulumi:pulumi:Stack \S+ (create|running) pulumi-trtc: getRoomInfo: \d+ calls/.test(line))).toEqual([]);
      expect(preview.stdout.split("Diagnostics:")[1] ?? "").not.toContain("rows so far");
    } finally {
      suite.emulator.state.history.clear();
    }
  });

  test("a ConfigError in the program prints as one line, without a stack", async () => {
    await suite.env.stack.setConfig("trtc:endpoint", { value: "http://" });
    try {
      const preview = await suite.env.pulumi(["preview"]);
      const output = preview.stdout + preview.stderr;
      expect(preview.code).not.toBe(0);
      // Each lookup (the Output and the Promise variant) reports its own error, each on one line.
      const lines = output.split("\n").filter((line) => line.includes('trtc:endpoint "http://" is not valid'));
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.filter((line) => !/(^|\s)error: trtc:endpoint "http:\/\/" is not valid: use mainland, international, a host name or an http\(s\) URL$/.test(line))).toEqual([]);
      expect(output).not.toMatch(/unhandled exception|\n\s+at .*\.js:\d+|node_modules\/pulumi-trtc/);
      expect(suite.calls()).toEqual([]);
    } finally {
      await suite.env.stack.setConfig("trtc:endpoint", { value: suite.emulator.url });
    }
  });
});

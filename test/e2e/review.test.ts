import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { DEFAULT_APP_KEY } from "../../emulator";
import { botSig, SECRET_KEY } from "../helpers";
import { REPO } from "../installed";
import { describeWithEngine, type ExampleSuite, useExampleStack } from "./engine";

// trtc-review on fresh `pulumi preview --json` output of the example stacks under the real engine:
// each summary is checked line by line, then `pulumi up` runs the change and the emulator shows the
// summary was right about the live tasks (same task, or which of stop and start came first).

const CLI = path.join(REPO, "dist", "review", "cli.js");
const HEAD = ["## TRTC tasks in this preview", ""];
const TABLE = ["| type | name | room | bot | live task | changes |", "|---|---|---|---|---|---|"];
const IN_PLACE = "updated in place, no interruption";
const START_FIRST = "restarted, start first: the new task starts before the old one stops";
const STOP_FIRST = "restarted, stop first: the old task stops before the new one starts (delete-before-replace, a longer gap)";
const OBJECTS_HEAD = (counts: string) => [counts, "", "| type | name | object | changes |", "|---|---|---|---|"];
const CHANGING = /^(Start|Create|Update|Modify|Stop|Delete)/;

/** The stack's `pulumi <args> --json`, piped into trtc-review as a CI job would. */
async function review(suite: ExampleSuite, args: string[], secrets: string[]): Promise<string[]> {
  const run = await suite.env.pulumi([...args, "--json"]);
  expect(run.code).toBe(0);
  const markdown = execFileSync(process.execPath, [CLI], { input: run.stdout, encoding: "utf8" });
  for (const secret of [...secrets, SECRET_KEY]) expect(markdown).not.toContain(secret);
  return markdown.split("\n");
}

/** The TRTC calls that change tasks, in the order the emulator received them. */
const changing = (suite: ExampleSuite) => suite.calls().filter((a) => CHANGING.test(a));

describeWithEngine("trtc-review on real previews", (bin) => {
  describe("of the record-room example", () => {
    // The recorder's user id follows the room, so the provider signs its sig (trtc:sdkSecretKey).
    const SECRETS = {
      "trtc:sdkSecretKey": DEFAULT_APP_KEY,
      keynoteUserSig: botSig("keynote-bot"),
      cosSecretId: "AKIDcos-access-key-plaintext",
      cosSecretKey: "cos-secret-key-plaintext",
    };
    const suite = useExampleStack(bin, "record-room", {
      bucket: { value: "town-hall-1250000000" },
      ...Object.fromEntries(Object.entries(SECRETS).map(([k, value]) => [k, { value, secret: true }])),
    });
    const preview = (...flags: string[]) => review(suite, ["preview", ...flags], Object.values(SECRETS));
    const recordings = () => suite.emulator.state.tasks.list().filter((t) => t.status === "InProgress" && t.action === "CreateCloudRecording");

    test("a new stack: both tasks start, and the logo is created apart from them", async () => {
      expect(await preview()).toEqual([
        ...HEAD,
        "**2 started · 0 updated in place · 0 restarted · 0 stopped**",
        "",
        ...TABLE,
        "| CloudRecording | town-hall-recording | `town-hall` | `recorder-town-hall` | new | — |",
        "| StreamIngest | keynote | `town-hall` | `keynote-bot` | new | — |",
        "",
        ...OBJECTS_HEAD("**Configuration objects: 1 created · 0 changed in place · 0 replaced · 0 deleted**"),
        "| Picture | town-hall-logo | new | — |",
        "",
      ]);
      await suite.env.stack.up();
      expect(changing(suite).sort()).toEqual(["CreateCloudRecording", "CreatePicture", "StartStreamIngest"]);
    });

    test("a layout change: the recording is updated in place, no interruption", async () => {
      const [before] = recordings();
      await suite.env.stack.setConfig("layoutMode", { value: "1" });
      expect(await preview()).toEqual([
        ...HEAD,
        "**0 started · 1 updated in place · 0 restarted · 0 stopped**",
        "",
        ...TABLE,
        `| CloudRecording | town-hall-recording | \`town-hall\` | \`recorder-town-hall\` | ${IN_PLACE} | \`mixLayoutParams.mixLayoutMode\`: \`3\` → \`1\` |`,
        "",
      ]);
      await suite.env.stack.up();
      expect(changing(suite)).toEqual(["ModifyCloudRecording"]);
      expect(recordings().map((t) => t.taskId)).toEqual([before.taskId]);
    });

    test("a new bucket restarts the recording stop first, a new keynote URL updates in place; docs/trtc-review.md shows this summary", async () => {
      await suite.env.stack.setConfig("bucket", { value: "archive-1250000000" });
      await suite.env.stack.setConfig("keynoteUrl", { value: "https://media.example.com/keynote-part-2.mp4" });
      const summary = await preview();
      expect(summary).toEqual([
        ...HEAD,
        "**0 started · 1 updated in place · 1 restarted (1 stop first) · 0 stopped**",
        "",
        ...TABLE,
        `| CloudRecording | town-hall-recording | \`town-hall\` | \`recorder-town-hall\` | ${STOP_FIRST} | ` +
          '`storageParams.cloudStorage.bucket` (restarts): `"town-hall-1250000000"` → `"archive-1250000000"` |',
        `| StreamIngest | keynote | \`town-hall\` | \`keynote-bot\` | ${IN_PLACE} | ` +
          '`streamUrl`: `"https://media.example.com/keynote.mp4"` → `"https://media.example.com/keynote-part-2.mp4"` |',
        "",
      ]);
      expect(await preview("--show-replacement-steps")).toEqual(summary);
      const page = readFileSync(path.join(REPO, "docs", "trtc-review.md"), "utf8");
      expect(page).toContain(["```markdown", ...summary.slice(0, -1), "```"].join("\n"));
    });

    test("up does it as the summary said: the keynote updated, the recording stopped before it starts again", async () => {
      await suite.env.stack.up();
      const calls = changing(suite);
      expect(calls.filter((a) => a.endsWith("StreamIngest"))).toEqual(["UpdateStreamIngest"]);
      expect(calls.filter((a) => a.endsWith("CloudRecording"))).toEqual(["DeleteCloudRecording", "CreateCloudRecording"]);
    });

    test("a new room restarts both tasks, each new one started before its old one stops", async () => {
      await suite.env.stack.setConfig("roomId", { value: "foyer" });
      expect(await preview()).toEqual([
        ...HEAD,
        "**0 started · 0 updated in place · 2 restarted · 0 stopped**",
        "",
        ...TABLE,
        `| CloudRecording | town-hall-recording | \`town-hall\` → \`foyer\` | \`recorder-town-hall\` → \`recorder-foyer\` | ${START_FIRST} | ` +
          '`roomId` (restarts): `"town-hall"` → `"foyer"`<br>`userId` (restarts): `"recorder-town-hall"` → `"recorder-foyer"` |',
        `| StreamIngest | keynote | \`town-hall\` → \`foyer\` | \`keynote-bot\` | ${START_FIRST} | \`roomId\` (restarts): \`"town-hall"\` → \`"foyer"\` |`,
        "",
      ]);
      await suite.env.stack.up();
      const calls = changing(suite);
      expect(calls.indexOf("StartStreamIngest")).toBeLessThan(calls.indexOf("StopStreamIngest"));
      expect(calls.indexOf("CreateCloudRecording")).toBeLessThan(calls.indexOf("DeleteCloudRecording"));
    });

    test("a destroy stops both and deletes the logo", async () => {
      expect(await review(suite, ["destroy", "--preview-only"], Object.values(SECRETS))).toEqual([
        ...HEAD,
        "**0 started · 0 updated in place · 0 restarted · 2 stopped**",
        "",
        ...TABLE,
        "| CloudRecording | town-hall-recording | `foyer` | `recorder-foyer` | stopped | — |",
        "| StreamIngest | keynote | `foyer` | `keynote-bot` | stopped | — |",
        "",
        ...OBJECTS_HEAD("**Configuration objects: 0 created · 0 changed in place · 0 replaced · 1 deleted**"),
        "| Picture | town-hall-logo | deleted | — |",
        "",
      ]);
      await suite.env.stack.destroy();
      expect(changing(suite).sort()).toEqual(["DeleteCloudRecording", "DeletePicture", "StopStreamIngest"]);
    });
  });

  describe("of the quick start", () => {
    // Two sigs for one bot that differ only in their lifetime: the emulator accepts both.
    const OLD_SIG = botSig("welcome-bot", undefined, undefined, 86400);
    const NEW_SIG = botSig("welcome-bot", undefined, undefined, 172800);
    const suite = useExampleStack(bin, "quickstart", {
      "trtc:sdkSecretKey": { value: DEFAULT_APP_KEY, secret: true },
      welcomeBotUserSig: { value: OLD_SIG, secret: true },
    });

    test("up starts the bots", async () => {
      await suite.env.stack.up();
      expect(changing(suite)).toEqual(["StartStreamIngest", "StartStreamIngest"]);
    });

    test("a rotated UserSig is recorded with no interruption, and neither value appears", async () => {
      await suite.env.stack.setConfig("welcomeBotUserSig", { value: NEW_SIG, secret: true });
      expect(await review(suite, ["preview"], [OLD_SIG, NEW_SIG, DEFAULT_APP_KEY])).toEqual([
        ...HEAD,
        "**0 started · 1 updated in place · 0 restarted · 0 stopped**",
        "",
        ...TABLE,
        `| StreamIngest | welcome-video | \`1234\` | \`welcome-bot\` | ${IN_PLACE} | secret inputs only (values hidden) |`,
        "",
      ]);
      await suite.env.stack.up();
      expect(changing(suite)).toEqual([]);
    });
  });
});

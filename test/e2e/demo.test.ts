import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as pulumiCli from "../../scripts/pulumi-cli";
import { REPO } from "../installed";
import { describeWithEngine } from "./engine";

// `npm run demo` on a user's machine: a Pulumi CLI on PATH and no Go toolchain. The demo must run
// that CLI rather than build one.

describeWithEngine("npm run demo with a Pulumi CLI on PATH and no Go", (bin) => {
  let cliDir: string;
  beforeAll(() => {
    // The built CLI in a directory of its own, as an install would place it.
    cliDir = mkdtempSync(path.join(tmpdir(), "trtc-demo-cli-"));
    for (const name of ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]) {
      symlinkSync(path.join(bin, name), path.join(cliDir, name));
    }
  });
  afterAll(() => rmSync(cliDir, { recursive: true, force: true }));

  test("uses the pulumi on PATH, says so, and runs the quick start", async () => {
    const others = (process.env.PATH ?? "").split(path.delimiter).filter((dir) => !pulumiCli.which("go", dir) && !pulumiCli.which("pulumi", dir));
    const PATH = [cliDir, ...others].join(path.delimiter);
    expect(pulumiCli.which("go", PATH)).toBeUndefined();
    expect(pulumiCli.which("node", PATH)).toBeDefined();

    const child = spawn("npm", ["run", "demo"], { cwd: REPO, env: { ...process.env, PATH }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += String(chunk)));
    child.stderr.on("data", (chunk) => (out += String(chunk)));
    const [code] = await once(child, "close");
    if (code !== 0) throw new Error(`npm run demo exited with ${code}:\n${out}`);

    expect(out).toContain(`Using the Pulumi CLI on PATH: ${path.join(cliDir, "pulumi")} (v${pulumiCli.pinnedVersion()}`);
    expect(out).not.toContain("built from source");
    expect(out).toMatch(/InProgress\s+StartStreamIngest room=1234 user=music-bot/);
    expect(out).toMatch(/InProgress\s+StartStreamIngest room=1234 user=welcome-bot/);
    expect(out).toContain("Cleaning up: pulumi destroy");
  }, 300_000);
});

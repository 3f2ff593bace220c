import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import * as path from "node:path";
import { EmulatorControl } from "../../emulator";
import { installedCopy, REPO } from "../installed";
import { describeWithEngine } from "./engine";

// The README's "Run it locally" commands, run as written in an empty directory, but for where
// the package comes from: the packed tarball, installed in the directory around it (as npx would
// fetch it, and Node finds it walking up), so the project's own `npm install` is not run. So the
// front door cannot drift from what works.

const SECTION = "## Run it locally";
const INSTALL = "npm install";

/** The shell blocks of one README section, in order. */
function shellBlocks(readme: string, heading: string): string[] {
  const start = readme.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no "${heading}" section`);
  const end = readme.indexOf("\n## ", start + heading.length + 2);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

/** What the emulator's address is in the program's stack config, which `init` wrote. */
function endpointOf(stackFile: string): string {
  const match = /trtc:endpoint: "?([^"\s]+)/.exec(stackFile);
  if (!match) throw new Error(`no trtc:endpoint in:\n${stackFile}`);
  return match[1]!;
}

describeWithEngine("the README's local path, from the packed tarball", (bin) => {
  const blocks = shellBlocks(readFileSync(path.join(REPO, "README.md"), "utf8"), SECTION);
  let parent: string;
  let project: string;
  let home: string;
  let emulator: ChildProcess | undefined;
  let emulatorOutput = "";

  const env = () => ({
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    // A home of its own, so `pulumi login --local` keeps this run's state apart; npm keeps its cache.
    HOME: home,
    npm_config_cache: process.env.npm_config_cache ?? path.join(homedir(), ".npm"),
    // Pulumi asks to confirm `up` and `destroy` at a terminal; this run has none.
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_SKIP_UPDATE_CHECK: "true",
  });

  const run = (script: string, cwd = project) =>
    new Promise<{ code: number; output: string }>((resolve) => {
      execFile("bash", ["-euo", "pipefail", "-c", script], { cwd, env: env(), maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
      );
    });

  beforeAll(() => {
    parent = installedCopy("trtc-readme");
    home = mkdtempSync(path.join(tmpdir(), "trtc-readme-home-"));
  });

  afterAll(() => {
    if (emulator?.pid) process.kill(-emulator.pid, "SIGTERM");
    for (const dir of [parent, home]) rmSync(dir, { recursive: true, force: true });
  });

  test("has three blocks: set up the project, start the emulator, run the stack", () => {
    expect(blocks).toHaveLength(3);
    expect(blocks[0]!.split("\n")).toContain(INSTALL);
  });

  test("the first block writes the project", async () => {
    const lines = blocks[0]!.split("\n");
    const cd = lines.map((line) => /^cd (\S+)$/.exec(line)).find((m) => m !== null);
    if (!cd) throw new Error("the first block enters no directory");
    project = path.join(parent, cd[1]!);
    // The one line not run as written: the package is already installed, from the tarball.
    const { code, output } = await run(lines.filter((line) => line !== INSTALL).join("\n"), parent);
    expect({ code, output }).toMatchObject({ code: 0 });
    expect(readFileSync(path.join(project, "Pulumi.yaml"), "utf8")).toContain("runtime:");
  });

  test("the second block starts trtc-local, which says where it listens", async () => {
    const child = spawn("bash", ["-euo", "pipefail", "-c", blocks[1]!], { cwd: project, env: env(), detached: true, stdio: ["ignore", "pipe", "pipe"] });
    emulator = child;
    await new Promise<void>((resolve, reject) => {
      const read = (chunk: Buffer) => {
        emulatorOutput += chunk.toString();
        if (emulatorOutput.includes("listening on")) resolve();
      };
      child.stdout!.on("data", read);
      child.stderr!.on("data", read);
      child.once("exit", (code) => reject(new Error(`trtc-local exited (${code}) before listening:\n${emulatorOutput}`)));
    });
  });

  test("the third block runs the stack up and down against it, and every task it started is stopped", async () => {
    const { code, output } = await run(blocks[2]!);
    expect({ code, output }).toMatchObject({ code: 0 });
    const stackFile = readFileSync(path.join(project, "Pulumi.local.yaml"), "utf8");
    const control = new EmulatorControl(endpointOf(stackFile));
    const calls = (await control.requests()).map((r) => `${r.action} ${r.outcome}`);
    const started = calls.filter((c) => /^(Start|Create)\w+ ok$/.test(c));
    expect(started.length).toBeGreaterThan(0);
    expect(calls.filter((c) => /^(Stop|Delete)\w+ ok$/.test(c))).toHaveLength(started.length);
    expect(calls.filter((c) => !c.endsWith(" ok"))).toEqual([]);
    expect((await control.tasks()).filter((t) => t.status === "InProgress")).toEqual([]);
  });
});

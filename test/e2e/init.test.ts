import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { EmulatorControl } from "../../emulator";
import { installedPackage, listening } from "../installed";
import { describeWithEngine, type LocalBackend, localBackend } from "./engine";

// The local quick start as a new user runs it, from the packed package and outside the repository:
// in an empty directory `npx pulumi-trtc init`, then `npx trtc-local`, `pulumi stack select
// --create local` and `pulumi up` with nothing else set but an empty passphrase. The project sits
// in the installed package's project, so npx and Node find the tarball's install there, as they
// would after `npm install`. The emulator keeps its state in a data directory and is restarted
// between up and refresh: the tasks a stack started are still there for refresh to find.

function npx(cwd: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve, reject) => {
    execFile("npx", args, { cwd }, (error, stdout, stderr) => {
      if (error && typeof error.code !== "number") reject(error);
      else resolve({ stdout, stderr, code: error ? Number(error.code) : 0 });
    });
  });
}

describeWithEngine("pulumi-trtc init's project under the real engine", (bin) => {
  let dir: string;
  let backend: LocalBackend;
  let trtcLocal: ChildProcess;
  let control: EmulatorControl;
  let port: number;
  let dataDir: string;

  /** trtc-local from the installed package, in its own process group so stopping reaches it behind npx. */
  async function startTrtcLocal(portArg: number): Promise<string> {
    trtcLocal = spawn("npx", ["trtc-local", "--port", String(portArg), "--data-dir", dataDir], { cwd: dir, stdio: ["ignore", "pipe", "inherit"], detached: true });
    return listening(trtcLocal);
  }

  async function stopTrtcLocal(): Promise<void> {
    if (trtcLocal?.pid === undefined || trtcLocal.exitCode !== null) return;
    const closed = once(trtcLocal, "close");
    process.kill(-trtcLocal.pid, "SIGTERM");
    await closed;
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(installedPackage().dir, "init-"));
    dataDir = mkdtempSync(path.join(tmpdir(), "trtc-local-data-"));
    backend = localBackend(bin, "");
    const url = await startTrtcLocal(0);
    port = Number(new URL(url).port);
    control = new EmulatorControl(url);
  });

  afterAll(async () => {
    await stopTrtcLocal();
    for (const d of [dir, dataDir, backend?.dir]) if (d) rmSync(d, { recursive: true, force: true });
  });

  test("npx pulumi-trtc init writes the project into the empty directory and says what to run", async () => {
    expect(readdirSync(dir)).toEqual([]);
    const init = await npx(dir, ["pulumi-trtc", "init", "--port", String(port)]);
    expect(init).toMatchObject({ code: 0, stderr: "" });
    expect(readdirSync(dir).sort()).toEqual([".gitignore", "Pulumi.local.yaml", "Pulumi.yaml", "index.ts", "package.json", "tsconfig.json"]);
    expect(init.stdout).toContain(`npx trtc-local --port ${port} &`);
    expect(init.stdout).toContain("pulumi stack select --create local");
    expect(init.stdout).toMatch(/\n {2}pulumi up\n/);
  });

  test("pulumi stack select --create and pulumi up start the bot and the recording; destroy stops them", async () => {
    const pulumi = (...args: string[]) => backend.run(dir, args);
    expect(await pulumi("stack", "select", "--create", "local")).toMatchObject({ code: 0 });

    const up = await pulumi("up", "--yes");
    expect({ code: up.code, stderr: up.stderr }).toEqual({ code: 0, stderr: "" });
    const started = (await control.requests()).filter((r) => r.outcome === "ok").map((r) => r.action);
    expect(started).toEqual(expect.arrayContaining(["StartStreamIngest", "CreateCloudRecording"]));

    const outputs = JSON.parse((await pulumi("stack", "output", "--json")).stdout) as Record<string, string>;
    const running = (await control.tasks()).filter((t) => t.status === "InProgress");
    expect(running.map((t) => t.taskId).sort()).toEqual([outputs.videoTaskId, outputs.recordingTaskId].sort());
    expect(running.map((t) => [t.userId, t.roomId]).sort()).toEqual([["recorder-1234", "1234"], ["welcome-bot", "1234"]]);
    expect(outputs.recordingStatus).toBe("InProgress");

    // A restart with the same data directory: refresh finds both tasks running and changes nothing.
    await stopTrtcLocal();
    await startTrtcLocal(port);
    await control.clearRequests();
    const refresh = await pulumi("refresh", "--yes");
    expect({ code: refresh.code, stderr: refresh.stderr }).toEqual({ code: 0, stderr: "" });
    expect(refresh.stdout).not.toMatch(/deleted|drops/);
    // Its preview and then the refresh itself each describe both tasks; nothing else is called.
    expect([...new Set((await control.requests()).map((r) => `${r.action} ${r.outcome}`))].sort()).toEqual(["DescribeCloudRecording ok", "DescribeStreamIngest ok"]);
    expect(JSON.parse((await pulumi("stack", "output", "--json")).stdout)).toEqual(outputs);

    expect(await pulumi("destroy", "--yes")).toMatchObject({ code: 0 });
    expect((await control.tasks()).filter((t) => t.status === "InProgress")).toEqual([]);
  });
});

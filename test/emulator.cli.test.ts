import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { CONTROL_ROUTES } from "../emulator/control";
import { EmulatorControl } from "../emulator";
import { resolveSettings } from "../provider/settings";
import { botSig } from "./helpers";
import { installedCopy, listening, REPO } from "./installed";
import { sdkClient } from "./sdk";

// `trtc-local` as scripts start it: it must stop with its parent however it was started. npx does
// not pass SIGTERM on, so the emulator itself notices that its parent has gone.

/** Whether a TCP connection to the URL's port is refused (nothing listens there). */
function refused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (e: NodeJS.ErrnoException) => resolve(e.code === "ECONNREFUSED"));
  });
}

test("node .../dist/emulator/cli.js stops cleanly on SIGTERM", async () => {
  const child = spawn(process.execPath, [path.join(REPO, "dist", "emulator", "cli.js"), "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await listening(child);
  expect(await refused(url)).toBe(false);
  const closed = once(child, "close");
  child.kill("SIGTERM");
  expect(await closed).toEqual([0, null]);
  expect(await refused(url)).toBe(true);
});

test("npx trtc-local stops when npx is sent SIGTERM, although npx does not pass the signal on", async () => {
  const dir = installedCopy("trtc-cli");
  let group: number | undefined;
  try {
    // Its own process group, so cleanup can reach an emulator left behind if this test fails.
    const child = spawn("npx", ["trtc-local", "--port", "0"], { cwd: dir, stdio: ["ignore", "pipe", "ignore"], detached: true });
    group = child.pid;
    const url = await listening(child);
    // "close" comes once every process holding the output pipe has exited: npx, its shell, and the emulator.
    const closed = once(child, "close");
    child.kill("SIGTERM");
    await closed;
    expect(await refused(url)).toBe(true);
  } finally {
    try {
      if (group) process.kill(-group, "SIGKILL");
    } catch {
      // the whole group has exited, as it should
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

// What trtc-local tells the people running it: run from source, as the tests above run the build.
const FROM_SOURCE = ["-r", "ts-node/register/transpile-only", path.join(REPO, "emulator", "cli.ts")];

/** Emulators a failed test left running, stopped after it so Jest can exit. */
const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** trtc-local from source, its output gathered as it comes. */
function trtcLocal(args: string[]) {
  const child = spawn(process.execPath, [...FROM_SOURCE, ...args], { cwd: REPO, stdio: ["ignore", "pipe", "inherit"] });
  started.push(child);
  let out = "";
  const waiters: (() => void)[] = [];
  child.stdout!.on("data", (chunk) => {
    out += String(chunk);
    for (const wake of waiters.splice(0)) wake();
  });
  const exited = once(child, "exit");
  return {
    output: () => out,
    /** Resolves with the output once it matches. */
    until: (pattern: RegExp) =>
      new Promise<string>((resolve, reject) => {
        const check = (): void => {
          if (pattern.test(out)) resolve(out);
          else if (child.exitCode !== null) reject(new Error(`trtc-local exited: ${out}`));
          else waiters.push(check);
        };
        check();
      }),
    stop: async () => {
      child.kill("SIGTERM");
      expect(await exited).toEqual([0, null]);
    },
  };
}

/** `pulumi config set [--secret] KEY VALUE` and `export NAME=VALUE` lines, read back as a shell would (values quoted with ''). */
function readLines(text: string): { config: Record<string, string>; secret: string[]; env: Record<string, string> } {
  const unquote = (v: string) => (v.startsWith("'") ? v.slice(1, -1).replace(/'\\''/g, "'") : v);
  const config: Record<string, string> = {};
  const secret: string[] = [];
  const env: Record<string, string> = {};
  for (const line of text.split("\n").map((l) => l.trim())) {
    const set = /^pulumi config set (--secret )?(\S+) (.+)$/.exec(line);
    if (set) {
      config[set[2]!] = unquote(set[3]!);
      if (set[1]) secret.push(set[2]!);
    }
    const exported = /^export (\w+)=(.+)$/.exec(line);
    if (exported) env[exported[1]!] = unquote(exported[2]!);
  }
  return { config, secret, env };
}

test("--help names every option, every control route and an example session", () => {
  const run = spawnSync(process.execPath, [...FROM_SOURCE, "--help"], { cwd: REPO, encoding: "utf8" });
  expect(run.status).toBe(0);
  for (const option of ["--port", "--host", "--secret-id", "--secret-key", "--app", "--data-dir", "--ai-configs-optional", "--verbose", "--print-config", "--help"]) {
    expect(run.stdout).toMatch(new RegExp(`^  ${option}\\b`, "m"));
  }
  for (const route of CONTROL_ROUTES) expect(run.stdout).toContain(`${route.method} /_emulator/${route.path}`);
  expect(run.stdout).toContain("example session:");
});

test("--print-config prints the stack config and the environment, which the provider reads alike, and serves nothing", () => {
  const run = spawnSync(process.execPath, [...FROM_SOURCE, "--print-config", "--port", "9123", "--app", "1400012345:it's-key"], { cwd: REPO, encoding: "utf8" });
  expect(run.status).toBe(0);
  expect(run.stdout).not.toContain("listening");
  const { config, secret, env } = readLines(run.stdout);
  expect(secret.sort()).toEqual(["trtc:sdkSecretKey", "trtc:sdkSecretKeys", "trtc:secretKey"]);
  expect(config["trtc:sdkAppId"]).toBe("1400000001");
  const fromConfig = resolveSettings((key) => config[key], {});
  expect(resolveSettings(() => undefined, env)).toEqual(fromConfig);
  expect(fromConfig).toMatchObject({
    endpoint: "http://127.0.0.1:9123",
    liveEndpoint: "http://127.0.0.1:9123",
    region: "ap-singapore",
    secretId: "AKIDtrtclocalEmulatorKey",
    secretKey: "trtc-local-secret-key",
    sdkSecretKey: "trtc-local-app-secret-key",
    sdkSecretKeys: { "1400000001": "trtc-local-app-secret-key", "1400012345": "it's-key" },
  });
  const zero = spawnSync(process.execPath, [...FROM_SOURCE, "--print-config", "--port", "0"], { cwd: REPO, encoding: "utf8" });
  expect(zero.status).toBe(2);
  expect(zero.stderr).toContain("--print-config needs a fixed --port");
});

test("on start it prints the config for the port it got; --verbose logs each call; --data-dir keeps a task across a restart", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "trtc-local-data-"));
  try {
    const first = trtcLocal(["--port", "0", "--verbose", "--data-dir", dir]);
    const said = await first.until(/Health: curl \S+/);
    const url = /listening on (\S+)/.exec(said)![1]!;
    expect(said).toContain(`State kept in ${dir} (nothing there yet)`);
    expect(readLines(said).config["trtc:endpoint"]).toBe(url);
    expect(readLines(said).env.TRTC_ENDPOINT).toBe(url);

    const trtc = sdkClient(url);
    const { TaskId } = (await trtc.request("StartStreamIngest", {
      SdkAppId: 1400000001, RoomId: "1234", RoomIdType: 1, UserId: "bot", UserSig: botSig("bot"), StreamUrl: "https://media.example.com/a.mp4",
    })) as { TaskId: string };
    await expect(trtc.request("DescribeStreamIngest", { SdkAppId: 1400000001 })).rejects.toMatchObject({ code: "MissingParameter.TaskId" });
    const log = await first.until(/DescribeStreamIngest .*\n/);
    expect(log).toMatch(/^StartStreamIngest ap-singapore ok \d+ms$/m);
    expect(log).toMatch(/^DescribeStreamIngest ap-singapore MissingParameter\.TaskId \d+ms$/m);
    const health = await new EmulatorControl(url).health();
    expect(health).toEqual({ status: "ok", version: expect.stringMatching(/^\d+\.\d+\.\d+/), apps: [1400000001], tasks: { running: 1, ended: 0 }, rooms: 1, battles: 0 });
    await first.stop();

    const port = new URL(url).port;
    const second = trtcLocal(["--port", port, "--data-dir", dir, "--ai-configs-optional"]);
    expect(await second.until(/Health: curl/)).toContain(`State restored from ${dir}: 1 task running, 0 ended.`);
    expect(await new EmulatorControl(url).health()).toEqual(health);
    expect(await trtc.request("DescribeStreamIngest", { SdkAppId: 1400000001, TaskId })).toMatchObject({ Status: "InProgress" });
    // --ai-configs-optional: a conversation with neither LLMConfig nor TTSConfig, as StartAIConversation's page allows.
    const bare = { SdkAppId: 1400000001, RoomId: "1234", RoomIdType: 1, AgentConfig: { UserId: "agent", UserSig: botSig("agent"), TargetUserId: "bot" } };
    await expect(trtc.request("StartAIConversation", bare)).resolves.toHaveProperty("TaskId");
    // Without --verbose, calls are not logged.
    expect(second.output()).not.toContain("DescribeStreamIngest");
    await second.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

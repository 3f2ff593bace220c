#!/usr/bin/env node
// `npm run demo`: the event-room example (examples/event-room) under the real Pulumi CLI against a
// local TRTC emulator: preview with diff, up, the stack's outputs, the tasks the emulator runs, a
// relay layout change previewed and applied in place, then destroy. Everything it creates lives in
// a temporary directory and is removed at the end.
// It runs the `pulumi` on PATH when that version is supported, else builds the pinned CLI once.
const { spawn } = require("node:child_process");
const { mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const path = require("node:path");
const { Api } = require("tls-sig-api-v2");

const repo = path.resolve(__dirname, "..");
const program = path.join(repo, "examples", "event-room");
const { startEmulator, DEFAULT_APP_KEY, DEFAULT_SDK_APP_ID, DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } = require(path.join(repo, "dist", "emulator"));
const cli = require("./pulumi-cli");

function step(title) {
  console.log(`\n=== ${title}`);
}

/** The directory of the CLI to run, saying which one and why. */
function chooseCli() {
  const range = cli.describeRange(cli.supportedRange());
  const onPath = cli.which("pulumi");
  if (onPath) {
    const version = cli.versionOf(onPath);
    if (version && cli.isSupported(version)) {
      console.log(`Using the Pulumi CLI on PATH: ${onPath} (v${version}; this package supports ${range})`);
      return path.dirname(onPath);
    }
    console.log(`Not using ${onPath}: ${version ? `v${version}` : "its version is unknown"}, outside the supported ${range}`);
  } else {
    console.log(`No pulumi on PATH (this package supports ${range})`);
  }
  console.log(`Using Pulumi v${cli.pinnedVersion()} built from source (the first time takes about 5 minutes; needs Go)`);
  const bin = cli.pinnedBuild();
  console.log(bin);
  return bin;
}

async function main() {
  step("Pulumi CLI");
  const bin = chooseCli();

  const emulator = await startEmulator({ port: 0 });
  const work = mkdtempSync(path.join(tmpdir(), "trtc-demo-"));
  const configFile = path.join(work, "Pulumi.demo.yaml");
  const env = {
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    PULUMI_BACKEND_URL: `file://${work}`,
    PULUMI_HOME: path.join(work, "home"),
    PULUMI_CONFIG_PASSPHRASE: "demo",
    PULUMI_SKIP_UPDATE_CHECK: "true",
  };
  // Async on purpose: the emulator answers from this process while the CLI runs.
  const pulumi = (...args) =>
    new Promise((resolve, reject) => {
      const child = spawn(path.join(bin, "pulumi"), [...args, "--stack", "demo"], { cwd: program, env, stdio: "inherit" });
      child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`pulumi ${args[0]} exited with ${code}`))));
    });
  const config = (key, value, ...flags) => pulumi("config", "set", "--config-file", configFile, ...flags, key, value);

  try {
    step(`Local TRTC emulator at ${emulator.url}`);
    await pulumi("stack", "init");
    await config("trtc:endpoint", emulator.url);
    await config("trtc:region", "ap-singapore");
    await config("trtc:secretId", DEFAULT_SECRET_ID, "--plaintext");
    await config("trtc:secretKey", DEFAULT_SECRET_KEY, "--secret");
    await config("sdkAppId", String(DEFAULT_SDK_APP_ID));
    // Every bot's UserSig, made from the emulator's application key as Tencent's generator makes it;
    // the emulator verifies them.
    const sigs = new Api(DEFAULT_SDK_APP_ID, DEFAULT_APP_KEY);
    for (const [key, bot] of [["introUserSig", "intro-bot"], ["recorderUserSig", "recorder"], ["relayUserSig", "cdn-relay"], ["assistantUserSig", "ai-assistant"], ["moderatorUserSig", "moderator"], ["slicerUserSig", "slicer"]]) {
      await config(key, sigs.genUserSig(bot, 86400), "--secret");
    }
    await config("bucket", "events-1250000000");
    await config("cosSecretId", "demo-cos-secret-id", "--secret");
    await config("cosSecretKey", "demo-cos-secret-key", "--secret");
    await config("cdnPushUrl", "rtmp://push.example.com/live/launch?txSecret=demo&txTime=7258118400", "--secret");
    await config("llmApiKey", "sk-demo-llm-key", "--secret");
    await config("welcome", "Welcome to the launch! Ask me anything about today's agenda.");

    step("pulumi preview --diff");
    await pulumi("preview", "--diff", "--config-file", configFile);
    step("pulumi up");
    await pulumi("up", "--yes", "--skip-preview", "--config-file", configFile);
    step("pulumi stack output");
    await pulumi("stack", "output");
    step("Tasks the emulator is running");
    for (const t of emulator.state.tasks.list()) {
      console.log(`${t.status.padEnd(10)} ${t.action} room=${t.roomId} user=${t.userId} task=${t.taskId.slice(0, 16)}…`);
      for (const c of t.commands ?? []) console.log(`           ${c.command} ${JSON.stringify(c.params)}`);
    }

    // The welcome was said; without this, every `up` would push it again.
    await pulumi("config", "rm", "--config-file", configFile, "welcome");
    step("A change: the relay's layout, grid to floating (pulumi preview --diff shows an update in place)");
    await config("layoutMode", "1");
    await pulumi("preview", "--diff", "--config-file", configFile);
    step("pulumi up: the running relay takes the new layout");
    await pulumi("up", "--yes", "--skip-preview", "--config-file", configFile);
  } finally {
    step("Cleaning up: pulumi destroy");
    await pulumi("destroy", "--yes", "--skip-preview", "--config-file", configFile).catch((e) => console.error(e.message));
    await pulumi("stack", "rm", "--yes", "--force").catch((e) => console.error(e.message));
    await emulator.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});

#!/usr/bin/env node
// trtc-local: runs the TRTC emulator until SIGINT/SIGTERM, or until the process that started it exits.
import { parseArgs } from "node:util";
import { CONTROL_PREFIX, CONTROL_ROUTES } from "./control";
import { STATE_FILE } from "./dataDir";
import type { RequestLogEntry } from "./gateway/requestLog";
import { configCommands, exportCommands, localConfig } from "./localConfig";
import {
  DEFAULT_ADMIN_USER_IDS,
  DEFAULT_APP_KEY,
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_SDK_APP_ID,
  DEFAULT_SECRET_ID,
  DEFAULT_SECRET_KEY,
  emulatorUrl,
  startEmulator,
} from "./server";

/** How soon the emulator notices that its parent has gone. */
const PARENT_POLL_MS = 250;

const ROUTES = CONTROL_ROUTES.map((r) => `  ${`${r.method} ${CONTROL_PREFIX}${r.path}`.padEnd(34)} ${r.summary}`).join("\n");

const HELP = `trtc-local: a local TRTC (Tencent Real-Time Communication) API server for pulumi-trtc stacks,
scripts and tests. It calls nothing outside: its tasks, rooms and lookup data are its own.

usage: trtc-local [options]

options:
  --port N              port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host H              address to listen on (default ${DEFAULT_HOST})
  --secret-id ID        the account's SecretId (default ${DEFAULT_SECRET_ID}); give --secret-key with it
  --secret-key KEY      the account's SecretKey (default ${DEFAULT_SECRET_KEY})
  --app ID[:KEY]        another TRTC application of the account (repeatable): the lookups answer for it
                        and its UserSigs are verified with KEY (default ${DEFAULT_APP_KEY}).
                        Application ${DEFAULT_SDK_APP_ID} is always there; --app ${DEFAULT_SDK_APP_ID}:KEY gives it another key.
  --data-dir DIR        keep the state (tasks, rooms, history settings, battles, the clock, rate windows,
                        armed faults) in DIR/${STATE_FILE}: restored on start, saved after every change
  --ai-configs-optional answer StartAIConversation as its API page reads, LLMConfig and TTSConfig optional,
                        not as Tencent's SDK models (required); a stack then sets trtc:aiConfigsOptional true
  --verbose, -v         print one line per TRTC call: action, region, outcome (ok or the error code), latency
  --print-config        print the stack config and environment for these options, and exit without serving
  --help, -h            this text

On start it prints the \`pulumi config set\` lines that point a stack at it, and the \`export\` lines
for scripts (the provider reads TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, TENCENTCLOUD_REGION,
TRTC_ENDPOINT, TRTC_SDK_SECRET_KEY, TRTC_SDK_APP_ID).

control routes (plain JSON, no signature):
${ROUTES}

example session:
  $ npx trtc-local --data-dir .trtc-local &
  $ pulumi config set trtc:endpoint http://${DEFAULT_HOST}:${DEFAULT_PORT}     # and the other lines it printed
  $ pulumi up
  $ curl -s http://${DEFAULT_HOST}:${DEFAULT_PORT}${CONTROL_PREFIX}health
  $ curl -s -X POST http://${DEFAULT_HOST}:${DEFAULT_PORT}${CONTROL_PREFIX}rooms/join -d '{"sdkAppId": ${DEFAULT_SDK_APP_ID}, "roomId": 1234, "userId": "alice"}'
  $ curl -s -X POST http://${DEFAULT_HOST}:${DEFAULT_PORT}${CONTROL_PREFIX}clock -d '{"advanceSeconds": 3600}'
  $ pulumi refresh     # sees the tasks that ended meanwhile
`;

const USAGE = "usage: trtc-local [--port N] [--host H] [--secret-id ID --secret-key KEY] [--app ID[:KEY]]... [--data-dir DIR] [--ai-configs-optional] [--verbose] [--print-config] (--help says more)";

function fail(message: string): never {
  process.stderr.write(`trtc-local: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function readOptions() {
  try {
    return parseArgs({
      options: {
        port: { type: "string", default: String(DEFAULT_PORT) },
        host: { type: "string", default: DEFAULT_HOST },
        "secret-id": { type: "string" },
        "secret-key": { type: "string" },
        app: { type: "string", multiple: true },
        "data-dir": { type: "string" },
        "ai-configs-optional": { type: "boolean" },
        verbose: { type: "boolean", short: "v" },
        "print-config": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
}

/** One line per call for --verbose: action, region, outcome, latency. */
function requestLine(entry: RequestLogEntry, latencyMs: number): string {
  const outcome = entry.ran === undefined ? entry.outcome : `${entry.outcome} (ran: ${entry.ran})`;
  return `${entry.action || "(no action)"} ${entry.region || "-"} ${outcome} ${Math.round(latencyMs)}ms\n`;
}

async function main(): Promise<void> {
  const options = readOptions();
  if (options.help) {
    process.stdout.write(HELP);
    return;
  }
  const port = Number(options.port);
  if (!/^\d+$/.test(options.port) || port > 65535) fail(`invalid port ${options.port}`);
  const given = [options["secret-id"], options["secret-key"]];
  if (given.filter((v) => v === undefined).length === 1) fail("--secret-id and --secret-key go together");
  const [secretId = DEFAULT_SECRET_ID, secretKey = DEFAULT_SECRET_KEY] = given;
  const appKeys = { [DEFAULT_SDK_APP_ID]: DEFAULT_APP_KEY, ...Object.fromEntries((options.app ?? []).map(parseApp)) };
  const configFor = (url: string) => localConfig({ url, secretId, secretKey, appKeys, sdkAppId: DEFAULT_SDK_APP_ID });

  if (options["print-config"]) {
    if (port === 0) fail("--print-config needs a fixed --port: with 0 the port is known only once it listens");
    const config = configFor(emulatorUrl(options.host, port));
    process.stdout.write(`${[...configCommands(config), ...exportCommands(config)].join("\n")}\n`);
    return;
  }

  const verbose = options.verbose === true;
  const emulator = await startEmulator({
    port,
    host: options.host,
    credentials: { [secretId]: secretKey },
    appKeys,
    ...(options["data-dir"] !== undefined && { dataDir: options["data-dir"] }),
    ...(options["ai-configs-optional"] === true && { aiConfigsOptional: true }),
    ...(verbose && { onRequest: (entry: RequestLogEntry, latencyMs: number) => process.stdout.write(requestLine(entry, latencyMs)) }),
  });

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    clearInterval(watch);
    emulator.close().catch((err: unknown) => {
      process.stderr.write(`trtc-local: ${String(err)}\n`);
      process.exitCode = 1;
    });
  };
  // Wrappers such as npx do not pass SIGTERM on, and Node has no parent-death signal: when the
  // process that started us is gone (we were re-parented), stop as if signalled.
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid !== parent) stop();
  }, PARENT_POLL_MS).unref();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  // Only now: a script that stops us as soon as we say we listen must find the handlers in place.
  const apps = Object.entries(appKeys).map(([id, key]) => `${id} with secret key ${key}`);
  process.stdout.write(`trtc-local listening on ${emulator.url} (SecretId ${secretId}, SecretKey ${secretKey}; ` +
      `application${apps.length > 1 ? "s" : ""} ${apps.join(", ")}; admin ${DEFAULT_ADMIN_USER_IDS.join(", ")})\n`);
  const config = configFor(emulator.url);
  const indent = (lines: string[]) => lines.map((line) => `  ${line}\n`).join("");
  process.stdout.write(
    [
      ...(options["data-dir"] === undefined ? [] : [dataDirLine(options["data-dir"], emulator.restored, emulator.state.tasks.list())]),
      `Point a Pulumi stack at it (in the project's directory):\n${indent(configCommands(config))}`,
      `Or a script, in its shell:\n${indent(exportCommands(config))}`,
      `Health: curl ${emulator.url}${CONTROL_PREFIX}health   (trtc-local --help lists the control routes; Ctrl-C stops it)\n`,
    ].map((section) => `\n${section}`).join(""),
  );
}

function dataDirLine(dir: string, restored: boolean, tasks: readonly { status: string }[]): string {
  const running = tasks.filter((t) => t.status === "InProgress").length;
  return restored
    ? `State restored from ${dir}: ${running} task${running === 1 ? "" : "s"} running, ${tasks.length - running} ended. Saved there after every change.\n`
    : `State kept in ${dir} (nothing there yet), saved after every change.\n`;
}

/** `--app 1400012345` or `--app 1400012345:key`: an SDKAppID and its secret key. */
function parseApp(value: string): [string, string] {
  const colon = value.indexOf(":");
  const [id, key] = colon < 0 ? [value, DEFAULT_APP_KEY] : [value.slice(0, colon), value.slice(colon + 1)];
  if (!/^[1-9]\d{0,15}$/.test(id) || !Number.isSafeInteger(Number(id))) fail(`--app ${value}: the application id must be a positive integer`);
  if (key === "") fail(`--app ${value}: the secret key after ":" is empty`);
  return [String(Number(id)), key];
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));

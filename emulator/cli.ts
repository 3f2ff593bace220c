#!/usr/bin/env node
// trtc-local: runs the TRTC emulator until SIGINT/SIGTERM, or until the process that started it exits.
import { parseArgs } from "node:util";
import { DEFAULT_ADMIN_USER_IDS, DEFAULT_APP_KEY, DEFAULT_HOST, DEFAULT_SDK_APP_ID, DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY, startEmulator } from "./server";

/** How soon the emulator notices that its parent has gone. */
const PARENT_POLL_MS = 250;

const USAGE = `usage: trtc-local [--port N] [--host H] [--secret-id ID --secret-key KEY] [--app ID[:KEY]]...
  --app ID[:KEY]  another TRTC application of the account (repeatable): the lookups answer for it and
                  UserSigs for it are verified with KEY (default ${DEFAULT_APP_KEY}). Application
                  ${DEFAULT_SDK_APP_ID} is always there; --app ${DEFAULT_SDK_APP_ID}:KEY gives it another key.`;

function fail(message: string): never {
  process.stderr.write(`trtc-local: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function readOptions() {
  try {
    return parseArgs({
      options: {
        port: { type: "string", default: "0" },
        host: { type: "string", default: DEFAULT_HOST },
        "secret-id": { type: "string" },
        "secret-key": { type: "string" },
        app: { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
}

async function main(): Promise<void> {
  const options = readOptions();
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`invalid port ${options.port}`);
  const given = [options["secret-id"], options["secret-key"]];
  if (given.filter((v) => v === undefined).length === 1) fail("--secret-id and --secret-key go together");
  const [secretId = DEFAULT_SECRET_ID, secretKey = DEFAULT_SECRET_KEY] = given;

  const appKeys = { [DEFAULT_SDK_APP_ID]: DEFAULT_APP_KEY, ...Object.fromEntries((options.app ?? []).map(parseApp)) };

  const emulator = await startEmulator({ port, host: options.host, credentials: { [secretId]: secretKey }, appKeys });

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

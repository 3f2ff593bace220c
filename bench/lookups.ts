import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { DEFAULT_CREDENTIALS, type HistoryVolume, type RunningEmulator } from "../emulator";
import { FIRST_APP } from "./program/layout";
import { documentedRate } from "./rates";

// One large lookup per entry, timed from a script as an operator runs it. An entry whose function
// the package does not export (yet) is reported as not available, never estimated.

export const LOOKUP_ROWS = 10_000;

export interface LookupBench {
  /** The package's export. */
  fn: string;
  /** The API action it pages through, and that action's largest page. */
  action: string;
  pageSize: number;
  /** The emulator's generated history for the lookup's application, so it holds LOOKUP_ROWS rows. */
  history: Partial<HistoryVolume>;
  args: (sdkAppId: number, now: Date) => Record<string, unknown>;
}

const HOUR_MS = 3600_000;

/** Adding a lookup to the bench is one entry here. */
export const LOOKUPS: readonly LookupBench[] = [
  {
    fn: "getRoomInfo",
    action: "DescribeRoomInfo",
    pageSize: 100,
    // Rooms are made per clock hour: 500 an hour over 20 whole hours of the last day.
    history: { roomsPerHour: 500 },
    args: (sdkAppId, now) => {
      const start = (Math.floor(now.getTime() / HOUR_MS) - 23) * HOUR_MS;
      return { sdkAppId, startTime: new Date(start), endTime: new Date(start + 20 * HOUR_MS - 1000) };
    },
  },
];

export type LookupFigures =
  | { fn: string; available: false }
  | {
      fn: string;
      available: true;
      action: string;
      rows: number;
      seconds: number;
      calls: number;
      throttled: number;
      /** The fastest rows can come: the largest page at the documented rate. */
      rowsPerSecondBound: number;
    };

export function runLookups(emulator: RunningEmulator, log: (line: string) => void): Promise<LookupFigures[]> {
  return withEmulatorEnv(emulator, async () => {
    // Loaded only now, so settings read from the environment at load time see the emulator.
    const pkg = require("../index") as Record<string, unknown>;
    const figures: LookupFigures[] = [];
    for (const lookup of LOOKUPS) {
      const fn = pkg[lookup.fn];
      if (typeof fn !== "function") {
        log(`${lookup.fn}: not available in this version`);
        figures.push({ fn: lookup.fn, available: false });
        continue;
      }
      figures.push(await measure(lookup, fn as (args: unknown) => Promise<unknown>, emulator));
      log(`${lookup.fn}: done`);
    }
    return figures;
  });
}

async function measure(lookup: LookupBench, fn: (args: unknown) => Promise<unknown>, emulator: RunningEmulator): Promise<LookupFigures> {
  emulator.state.history.set(FIRST_APP, lookup.history);
  emulator.state.requests.clear();
  const started = performance.now();
  const result = await fn(lookup.args(FIRST_APP, new Date()));
  const seconds = (performance.now() - started) / 1000;
  const requests = emulator.state.requests.list().filter((r) => r.action === lookup.action);
  return {
    fn: lookup.fn,
    available: true,
    action: lookup.action,
    rows: rowCount(result),
    seconds,
    calls: requests.length,
    throttled: requests.filter((r) => r.outcome === "RequestLimitExceeded").length,
    rowsPerSecondBound: lookup.pageSize * documentedRate(lookup.action),
  };
}

/** The rows of a lookup's result: the result itself if it is a list, else its longest list. */
function rowCount(result: unknown): number {
  if (Array.isArray(result)) return result.length;
  if (typeof result !== "object" || result === null) return 0;
  return Math.max(0, ...Object.values(result).map((v) => (Array.isArray(v) ? v.length : 0)));
}

/** A script reaches TRTC through the environment, as `TENCENTCLOUD_*` and `TRTC_ENDPOINT`. */
async function withEmulatorEnv<T>(emulator: RunningEmulator, run: () => Promise<T>): Promise<T> {
  const [[secretId, secretKey]] = Object.entries(DEFAULT_CREDENTIALS);
  // Rate windows of its own, as every stack of the bench has in its Pulumi home: not the machine's.
  const rateDir = mkdtempSync(path.join(tmpdir(), "bench-trtc-rate-"));
  const env: Record<string, string> = {
    TENCENTCLOUD_SECRET_ID: secretId,
    TENCENTCLOUD_SECRET_KEY: secretKey,
    TENCENTCLOUD_REGION: "ap-singapore",
    TRTC_ENDPOINT: emulator.url,
    TRTC_RATE_DIR: rateDir,
  };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await run();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(rateDir, { recursive: true, force: true });
  }
}

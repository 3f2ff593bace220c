import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { RateLimiter } from "../provider/limiter";
import { rateDir, SharedRate, STALE_LOCK_MS } from "../provider/sharedRate";
import { REPO } from "./installed";

// The rate window processes on one machine share (provider/sharedRate.ts), with real child
// processes where it is about several of them. Asserted: the slots they reserved, as they reported
// them and as the files hold them, never how long anything took.

const KEY = "AKIDexample/StartStreamIngest";
const FIXTURE = path.join(REPO, "test", "fixtures", "reserveSlots.ts");
/** The window slots are counted in: a second plus the transit margin. */
const WINDOW_MS = 1050;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "shared-rate-"));
});
const children: ChildProcess[] = [];
afterEach(() => {
  jest.useRealTimers();
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

/** A child process of the fixture, ready once it has loaded; `go` starts its reservations, `end` lets it exit. */
function reserver(count: number, calls: number, ending: "exit" | "crash" = "exit") {
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", FIXTURE, dir, KEY, String(count), String(calls), ending], {
    cwd: REPO,
    stdio: ["pipe", "pipe", "inherit"],
  });
  children.push(child);
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  let rest = "";
  child.stdout!.on("data", (chunk) => {
    const parts = (rest + String(chunk)).split("\n");
    rest = parts.pop()!;
    lines.push(...parts);
    for (const wake of waiters.splice(0)) wake();
  });
  const line = (i: number) =>
    new Promise<string>((resolve) => {
      const check = () => (lines.length > i ? resolve(lines[i]!) : waiters.push(check));
      check();
    });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    pid: child.pid!,
    ready: line(0),
    go: () => child.stdin!.write("go\n"),
    end: () => child.stdin!.end(),
    slots: line(1).then((l) => JSON.parse(l) as number[]),
    exited,
  };
}

/** The most slots within any one window: (t - windowMs, t] for every slot t. */
function mostInAnyWindow(slots: readonly number[], windowMs = 1000): number {
  return Math.max(...slots.map((t) => slots.filter((s) => s > t - windowMs && s <= t).length));
}

/** The lock file of the key's window, found beside its slots file. */
function lockFile(): string {
  const [slots] = readdirSync(dir).filter((f) => f.endsWith(".json"));
  return path.join(dir, `${slots}.lock`);
}

test("three processes sharing a directory reserve slots never more than the rate in any window, with the margin", async () => {
  const calls = 10;
  const team = [reserver(30, calls), reserver(30, calls), reserver(30, calls)];
  await Promise.all(team.map((c) => c.ready));
  for (const c of team) c.go();
  // Each runs until all have reserved: a process that has gone frees its slots to come.
  const reserved = await Promise.all(team.map((c) => c.slots));
  for (const c of team) c.end();
  await Promise.all(team.map((c) => c.exited));

  const all = reserved.flat().sort((a, b) => a - b);
  expect(reserved.map((r) => r.length)).toEqual([30, 30, 30]);
  expect(mostInAnyWindow(all, WINDOW_MS)).toBe(calls);
  // As early as the window allows: 90 slots at 10 a window span 8 windows and a bit.
  expect(all.at(-1)! - all[0]!).toBeLessThan(9 * WINDOW_MS);
  // The file holds every slot still to come, each with the process that reserved it; no SecretId.
  const file = new SharedRate(dir).slots(KEY);
  expect(file.map((s) => s.at).sort((a, b) => a - b)).toEqual(all);
  for (const [i, c] of team.entries()) expect(file.filter((s) => s.pid === c.pid).map((s) => s.at)).toEqual(reserved[i]);
  expect(readdirSync(dir).map((f) => readFileSync(path.join(dir, f), "utf8")).join("")).not.toContain("AKID");
});

test("a crashed process's slots to come are freed; the ones it may have sent still count", async () => {
  const crashed = reserver(15, 10, "crash");
  await crashed.ready;
  crashed.go();
  const reserved = await crashed.slots;
  await crashed.exited;
  // Ten in the first window, five a window later.
  expect(reserved[10]! - reserved[0]!).toBeGreaterThanOrEqual(WINDOW_MS);

  // On a clock at its first slot: the slots at that time may have been sent, those after it never will be.
  const shared = new SharedRate(dir, { now: () => reserved[0]! });
  expect(shared.slots(KEY)).toHaveLength(15);
  const sent = reserved.filter((t) => t <= reserved[0]!);
  const at = await shared.reserve(KEY, { calls: 10, perSeconds: 1 });
  expect(at).toBe(reserved[0]);
  expect(shared.slots(KEY)).toEqual([...sent.map((t) => ({ pid: crashed.pid, at: t })), { pid: process.pid, at }]);
});

test("a lock left by a process that died is taken over", async () => {
  const shared = new SharedRate(dir);
  await shared.reserve(KEY, { calls: 20, perSeconds: 1 });
  const dead = reserver(0, 20);
  await dead.ready;
  dead.end();
  await dead.exited;
  writeFileSync(lockFile(), JSON.stringify({ pid: dead.pid, nonce: 0 }));

  expect(await shared.reserve(KEY, { calls: 20, perSeconds: 1 })).toBeDefined();
  expect(shared.slots(KEY)).toHaveLength(2);
  expect(readdirSync(dir).filter((f) => f.includes(".lock"))).toEqual([]);
});

test("a live process's lock is waited for, and taken over once it is older than the stale bound", async () => {
  let reads = 0;
  const polled: (() => void)[] = [];
  const shared = new SharedRate(dir, {
    now: () => {
      reads++;
      for (const wake of polled.splice(0)) wake();
      return Date.now();
    },
  });
  await shared.reserve(KEY, { calls: 20, perSeconds: 1 });
  const holder = reserver(0, 20);
  await holder.ready;
  const held = JSON.stringify({ pid: holder.pid, nonce: 0 });
  writeFileSync(lockFile(), held);

  let reserved: number | undefined;
  const waiting = shared.reserve(KEY, { calls: 20, perSeconds: 1 }).then((at) => (reserved = at));
  // Several tries at the lock later, the holder's lock is still there and nothing was reserved.
  const afterTries = reads + 5;
  while (reads < afterTries) await new Promise<void>((wake) => polled.push(wake));
  expect(readFileSync(lockFile(), "utf8")).toBe(held);
  expect(reserved).toBeUndefined();

  const old = (Date.now() - STALE_LOCK_MS - 1000) / 1000;
  utimesSync(lockFile(), old, old);
  await waiting;
  expect(reserved).toBeDefined();
  expect(shared.slots(KEY)).toHaveLength(2);
});

test("an unusable directory leaves the rate to the process, said once", async () => {
  const file = path.join(dir, "a-file");
  writeFileSync(file, "");
  const lines: string[] = [];
  const shared = new SharedRate(path.join(file, "trtc-rate"), { log: (l) => lines.push(l) });

  expect(await shared.reserve(KEY, { calls: 20, perSeconds: 1 })).toBeUndefined();
  expect(await shared.reserve(KEY, { calls: 20, perSeconds: 1 })).toBeUndefined();
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(path.join(file, "trtc-rate"));
  // The limiter goes on alone.
  await expect(new RateLimiter(20, shared).run(KEY, async () => "sent")).resolves.toBe("sent");
});

test("two limiters sharing a window send together at the rate, turn about", async () => {
  jest.useFakeTimers({ now: 0 });
  const limiters = [1, 2].map((pid) => new RateLimiter(20, new SharedRate(dir, { pid, isAlive: () => true })));
  const sent: { at: number; by: number }[] = [];
  const calls = limiters.flatMap((limiter, by) => Array.from({ length: 20 }, () => limiter.run(KEY, async () => sent.push({ at: Date.now(), by }))));

  await jest.advanceTimersByTimeAsync(5000);
  await Promise.all(calls);

  expect(sent).toHaveLength(40);
  // Either alone would send its 20 within the first second; together they keep to 20 a second.
  expect(mostInAnyWindow(sent.map((s) => s.at))).toBeLessThanOrEqual(20);
  expect(sent.slice(0, 4).map((s) => s.by)).toEqual([0, 1, 0, 1]);
});

test("the windows are in TRTC_RATE_DIR, else in the Pulumi home", () => {
  expect(rateDir({ TRTC_RATE_DIR: "/tmp/rates", PULUMI_HOME: "/p" })).toBe("/tmp/rates");
  expect(rateDir({ PULUMI_HOME: "/p" })).toBe(path.join("/p", "trtc-rate"));
});

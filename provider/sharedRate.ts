import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { homedir } from "node:os";
import * as path from "node:path";
import type { Rate } from "./api/action";

// TRTC's rate is the account's, so `pulumi up` processes on one machine (a script or a CI runner
// running a stack per event room) take their send slots from one window per key, kept in a file
// that each process changes only under a lock file. The limiter (limiter.ts) still adapts to
// throttling, for processes on other machines that share the account.

/** Where the windows are: TRTC_RATE_DIR, else `trtc-rate` in the Pulumi home (PULUMI_HOME, else ~/.pulumi). */
export function rateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TRTC_RATE_DIR || path.join(env.PULUMI_HOME || path.join(homedir(), ".pulumi"), "trtc-rate");
}

/** One send slot a process reserved: when it may send. */
export interface Slot {
  pid: number;
  at: number;
}

export interface SharedRateOptions {
  /** The clock the slots are on; Date.now unless a test gives its own. */
  now?: () => number;
  /** Whose slots this process's are; process.pid unless a test plays several processes. */
  pid?: number;
  /** Whether a process still runs: a dead one's lock is taken over and its unsent slots freed. */
  isAlive?: (pid: number) => boolean;
  /** Where the one line saying the directory is unusable goes. */
  log?: (line: string) => void;
}

/**
 * Added to every window: TRTC counts a call when it arrives, so two calls a window apart when sent
 * may arrive closer if the first spends longer on its way. 50 ms costs 5 % of a 1-second window's rate.
 */
const TRANSIT_MARGIN_MS = 50;
/** A lock is held for one read and one write of a small file: one this old belongs to a process that hung or whose pid was reused. */
export const STALE_LOCK_MS = 10_000;
/** How long a process waits before it tries a held lock again. */
const LOCK_RETRY_MS = 2;

/** The send slots of every key, shared through files in `dir` with other processes on this machine. */
export class SharedRate {
  private readonly now: () => number;
  private readonly pid: number;
  private readonly isAlive: (pid: number) => boolean;
  private readonly log: (line: string) => void;
  private unusable = false;

  constructor(
    readonly dir: string,
    options: SharedRateOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.pid = options.pid ?? process.pid;
    this.isAlive = options.isAlive ?? processIsAlive;
    this.log = options.log ?? ((line) => console.warn(line));
  }

  /**
   * Reserves `key`'s next slot: the first time at which this process may send the call with at
   * most `rate` slots of every process in any window (plus the transit margin). Undefined when the
   * directory cannot be used: the caller keeps the rate by itself.
   */
  async reserve(key: string, rate: Rate): Promise<number | undefined> {
    if (this.unusable) return undefined;
    const file = this.fileOf(key);
    try {
      for (;;) {
        const at = this.tryReserve(file, rate);
        if (at !== undefined) return at;
        await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
      }
    } catch (e) {
      this.unusable = true;
      this.log(
        `pulumi-trtc: cannot use ${this.dir} to share TRTC's rate with other processes on this machine ` +
          `(${e instanceof Error ? e.message : String(e)}); this process keeps to the rate by itself. Set TRTC_RATE_DIR to a writable directory to share it.`,
      );
      return undefined;
    }
  }

  /** The slots of `key` in its file now: for tests and reports. */
  slots(key: string): Slot[] {
    return readSlots(this.fileOf(key));
  }

  /** The file of a key: a hash of it, since the key holds the SecretId. */
  private fileOf(key: string): string {
    return path.join(this.dir, `${createHash("sha256").update(key).digest("hex").slice(0, 32)}.json`);
  }

  /** The new slot, or undefined while another process holds the lock. */
  private tryReserve(file: string, rate: Rate): number | undefined {
    const lock = `${file}.lock`;
    const token = this.lock(lock);
    if (token === undefined) return undefined;
    try {
      const now = this.now();
      const windowMs = rate.perSeconds * 1000 + TRANSIT_MARGIN_MS;
      const slots = this.current(readSlots(file), now, windowMs, rate.calls);
      // After every slot so far, and a window after the slot `rate.calls` back.
      const at = Math.max(now, slots.at(-1)?.at ?? -Infinity, (slots.at(-rate.calls)?.at ?? -Infinity) + windowMs);
      writeSlots(file, [...slots, { pid: this.pid, at }]);
      return at;
    } finally {
      unlock(lock, token);
    }
  }

  /**
   * The slots that still count, oldest first: those of the last window (sent, or about to be) and
   * those to come, except a dead process's to come (it will never send them) and any later than a
   * queue of them all could reach (written on a clock that has since gone back, or on another clock).
   */
  private current(slots: readonly Slot[], now: number, windowMs: number, calls: number): Slot[] {
    const horizon = now + Math.ceil(slots.length / calls) * windowMs;
    const alive = new Map<number, boolean>();
    const runs = (pid: number): boolean => {
      if (pid === this.pid) return true;
      if (!alive.has(pid)) alive.set(pid, this.isAlive(pid));
      return alive.get(pid)!;
    };
    return slots.filter((s) => s.at > now - windowMs && s.at <= horizon && (s.at <= now || runs(s.pid))).sort((a, b) => a.at - b.at);
  }

  /** Takes the lock file, created only if absent; returns what it holds, or undefined if another process has it. */
  private lock(lock: string): string | undefined {
    const token = JSON.stringify({ pid: this.pid, nonce: Math.random() });
    try {
      fs.writeFileSync(lock, token, { flag: "wx" });
      return token;
    } catch (e) {
      if (errorCode(e) === "ENOENT") {
        fs.mkdirSync(this.dir, { recursive: true });
        return this.lock(lock);
      }
      if (errorCode(e) !== "EEXIST") throw e;
    }
    this.takeOverIfStale(lock);
    return undefined;
  }

  /**
   * Removes a lock whose process died or that is older than STALE_LOCK_MS. It is moved aside
   * first, so of several processes that found it stale only one removes it; one that moved a lock
   * taken meanwhile puts it back.
   */
  private takeOverIfStale(lock: string): void {
    let held: string;
    let age: number;
    try {
      held = fs.readFileSync(lock, "utf8");
      age = this.now() - fs.statSync(lock).mtimeMs;
    } catch (e) {
      if (errorCode(e) === "ENOENT") return;
      throw e;
    }
    const owner = lockOwner(held);
    if (age <= STALE_LOCK_MS && (owner === undefined || this.isAlive(owner))) return;
    const aside = `${lock}.${this.pid}`;
    try {
      fs.renameSync(lock, aside);
    } catch (e) {
      if (errorCode(e) === "ENOENT") return;
      throw e;
    }
    if (fs.readFileSync(aside, "utf8") !== held) ignoreExisting(() => fs.linkSync(aside, lock));
    fs.rmSync(aside, { force: true });
  }
}

/** Removes the lock if it is still this holder's (a process slow enough to be taken over must not remove its successor's). */
function unlock(lock: string, token: string): void {
  try {
    if (fs.readFileSync(lock, "utf8") === token) fs.rmSync(lock);
  } catch (e) {
    if (errorCode(e) !== "ENOENT") throw e;
  }
}

/** The pid of a lock's holder; undefined while the holder is still writing it. */
function lockOwner(held: string): number | undefined {
  try {
    const { pid } = JSON.parse(held) as { pid?: unknown };
    return typeof pid === "number" ? pid : undefined;
  } catch {
    return undefined;
  }
}

function readSlots(file: string): Slot[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if (errorCode(e) === "ENOENT") return [];
    throw e;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not what this module writes (files are renamed into place whole): start the window afresh.
    return [];
  }
  return Array.isArray(parsed) ? parsed.filter((s): s is Slot => typeof s?.pid === "number" && typeof s?.at === "number") : [];
}

/** Written whole and renamed into place, so a reader never sees half a file. */
function writeSlots(file: string, slots: readonly Slot[]): void {
  const temp = `${file}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(slots));
  fs.renameSync(temp, file);
}

/** `kill(pid, 0)` sends nothing: it fails with ESRCH when no such process runs (EPERM: it runs, as another user). */
function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errorCode(e) !== "ESRCH";
  }
}

function ignoreExisting(run: () => void): void {
  try {
    run();
  } catch (e) {
    if (errorCode(e) !== "EEXIST") throw e;
  }
}

function errorCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | null)?.code;
}

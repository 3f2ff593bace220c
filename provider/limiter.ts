import type { Rate } from "./api/action";

/** Send slots shared with other processes: SharedRate. Undefined from reserve leaves the rate to the limiter alone. */
export interface SendWindow {
  /** When this process may send its next `key` call. */
  reserve(key: string, rate: Rate): Promise<number | undefined>;
}

/** How a call's answer came back, as far as the limiter cares. */
export type Answer = "ok" | "throttled" | "failed";

/** One call's place in its key's window. */
interface Sent {
  sentAt: number;
  /** When the answer (or the failure) came back; unset while the call is in flight. */
  answeredAt?: number;
  answered: Promise<void>;
  /** Settles `answered`. */
  answer: () => void;
}

/** One key's calls, and the share of the key's rate this process takes now. */
interface Lane {
  rate: Rate;
  sent: Sent[];
  /** Calls per window this process allows itself: the whole documented rate until TRTC throttles it. */
  share: number;
  lastSentAt: number;
  /** Whether calls are spaced evenly over the window: from the first throttle on, when TRTC has shown the lane shares its account. */
  paced: boolean;
  /** When the calls TRTC accepted within the last window were sent. */
  accepted: number[];
  /** The last time TRTC throttled this key, and the share it was then accepting (CUBIC's w_max). */
  cut?: { at: number; peak: number };
}

// The share after a throttle is BETA × the calls TRTC accepted from us in the last window (what
// the account had room for beside the other processes sharing it), but one throttle leaves at
// least FLOOR_OF_SHARE of the share before BETA: a throttle in a quiet moment (another process's
// burst) says little about what we may send. The values were chosen by simulating 1, 3 and 5
// processes against one account (test/limiter.test.ts keeps the 3-process case).
const BETA = 0.9;
const FLOOR_OF_SHARE = 0.3;
/**
 * CUBIC's growth constant, per call of the documented rate: with three processes on an account a
 * share grows back to where it was throttled in about 3 s whatever the rate, and then slowly
 * probes beyond, so processes sharing an account meet the limit seldom.
 */
const GROWTH_PER_CALL = 0.001;
/**
 * Until TRTC first throttles a lane, its calls go out at up to this many times the even pace (a
 * window's calls within 1 ÷ UNPACED_SPEEDUP of it), and never more than the rate in any window.
 * Fast enough that a refresh, which reads a stack family by family, reads each family's 20 in half
 * a second; slow enough that processes on other machines that start together hear TRTC throttle
 * them before each has sent its window's worth. Simulated with 3 and 5 processes on one account
 * (test/limiter.test.ts), 2 throttles no more than even spacing did; sending at once as the window
 * has room (AWS's adaptive mode, which limits nothing before the first throttle) throttled five
 * times as many calls and took 11 % longer.
 */
const UNPACED_SPEEDUP = 2;
/** The least share a process keeps: one call every 40 windows' worth of the rate. */
const MIN_SHARE_OF_RATE = 1 / 40;

/**
 * Keeps each key (an action, per account) under its rate, by making callers wait. Alone, a process
 * takes the whole documented rate: its calls go out at up to twice the even pace while the window
 * has room, and a call holds its place until a whole window after its answer (TRTC counts a call
 * when it arrives, which is some time between sending it and getting its answer), so however long
 * calls spend in transit, no more than the rate arrive within one window.
 *
 * Processes on one machine that share an account take their send slots from one window (a
 * SendWindow, sharedRate.ts), so together they keep to the rate. Processes on other machines
 * cannot be seen, so each process also adapts, as the AWS SDKs' adaptive retry mode does: a
 * throttled answer lowers the process's share of that key's rate, and the share grows back
 * along a cubic curve as calls succeed (TCP CUBIC: fast back to where it was throttled, then
 * slowly beyond). Together they settle near the account's rate with few throttled answers. From
 * its first throttle on a lane spaces its calls evenly over the window, at its share.
 */
export class RateLimiter {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly perSecond: number,
    /** The window this process shares with others on the machine (sharedRate.ts); without one, the lane alone keeps the rate. */
    private readonly window?: SendWindow,
  ) {}

  /**
   * Runs `send` once a place is free, and keeps the place until a window after it settles.
   * `throttled` tells a failure that is TRTC refusing the call for the rate from any other.
   */
  async run<T>(key: string, send: () => Promise<T>, rate?: Rate, throttled: (error: unknown) => boolean = () => false): Promise<T> {
    const answered = await this.acquire(key, rate);
    try {
      const result = await send();
      answered("ok");
      return result;
    } catch (e) {
      answered(throttled(e) ? "throttled" : "failed");
      throw e;
    }
  }

  /** Waits for a place; call the returned function with the answer once it is back. */
  async acquire(key: string, rate: Rate = { calls: this.perSecond, perSeconds: 1 }): Promise<(answer: Answer) => void> {
    const lane = this.lane(key, rate);
    const sent = await this.place(lane);
    // Where processes share a window, it says when the call goes; the lane bounds this process's share.
    const at = await this.window?.reserve(key, rate);
    if (at !== undefined && at > Date.now()) await sleep(at - Date.now());
    sent.sentAt = Date.now();
    return (outcome) => this.settle(lane, sent, outcome);
  }

  /** Waits until the lane has room for one more call within this process's share, and takes it. */
  private async place(lane: Lane): Promise<Sent> {
    const windowMs = lane.rate.perSeconds * 1000;
    for (;;) {
      const now = Date.now();
      lane.sent = lane.sent.filter((s) => s.answeredAt === undefined || now - s.answeredAt < windowMs);
      const nextAt = lane.lastSentAt + windowMs / (lane.share * (lane.paced ? 1 : UNPACED_SPEEDUP));
      if (lane.sent.length < Math.max(1, Math.floor(lane.share)) && now >= nextAt) return this.take(lane, now);
      if (lane.sent.length < Math.max(1, Math.floor(lane.share))) {
        await sleep(nextAt - now);
        continue;
      }
      // An answered call leaves first (one still in flight answers no earlier than now); with
      // every call in flight, wait for an answer, then for its window.
      const answered = lane.sent.flatMap((s) => (s.answeredAt === undefined ? [] : [s.answeredAt]));
      if (answered.length > 0) await sleep(windowMs - (now - Math.min(...answered)));
      else await Promise.race(lane.sent.map((s) => s.answered));
    }
  }

  /** The share of `key`'s rate this process takes now, in calls per window: for reports and tests. */
  share(key: string): number | undefined {
    return this.lanes.get(key)?.share;
  }

  private lane(key: string, rate: Rate): Lane {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { rate, sent: [], share: rate.calls, lastSentAt: -Infinity, paced: false, accepted: [] };
      this.lanes.set(key, lane);
    }
    return lane;
  }

  private take(lane: Lane, now: number): Sent {
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const sent: Sent = { sentAt: now, answered, answer };
    lane.sent.push(sent);
    lane.lastSentAt = now;
    return sent;
  }

  private settle(lane: Lane, sent: Sent, outcome: Answer): void {
    if (sent.answeredAt !== undefined) return;
    sent.answeredAt = Date.now();
    // TRTC does not count a call it throttled, so its place is free at once.
    if (outcome === "throttled") {
      lane.sent = lane.sent.filter((s) => s !== sent);
      this.lower(lane, sent.sentAt, sent.answeredAt);
    } else if (outcome === "ok") {
      this.acceptedInWindow(lane, sent.answeredAt);
      lane.accepted.push(sent.sentAt);
      this.grow(lane, sent.answeredAt);
    }
    sent.answer();
  }

  private lower(lane: Lane, sentAt: number, now: number): void {
    // A call sent before the last cut was sent at the old share: that cut already answered for it.
    if (lane.cut && sentAt <= lane.cut.at) return;
    const accepted = this.acceptedInWindow(lane, now);
    const peak = Math.min(lane.share, Math.max(accepted, lane.share * FLOOR_OF_SHARE));
    lane.share = Math.max(lane.rate.calls * MIN_SHARE_OF_RATE, peak * BETA);
    lane.cut = { at: now, peak };
    lane.paced = true;
  }

  private grow(lane: Lane, now: number): void {
    const { cut, rate } = lane;
    if (!cut) return;
    const growth = GROWTH_PER_CALL * rate.calls;
    const k = Math.cbrt((cut.peak * (1 - BETA)) / growth);
    const t = (now - cut.at) / 1000;
    lane.share = Math.min(rate.calls, Math.max(lane.share, growth * (t - k) ** 3 + cut.peak));
    if (lane.share === rate.calls) lane.cut = undefined;
  }

  /** Forgets accepted calls older than a window, and counts the rest. */
  private acceptedInWindow(lane: Lane, now: number): number {
    const windowMs = lane.rate.perSeconds * 1000;
    lane.accepted = lane.accepted.filter((t) => now - t < windowMs);
    return lane.accepted.length;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

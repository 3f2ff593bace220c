import type { Rate } from "./api/action";

/** One call's place in its key's window. */
interface Sent {
  /** When the answer (or the failure) came back; unset while the call is in flight. */
  answeredAt?: number;
  answered: Promise<void>;
}

/**
 * Keeps each key (an action, per account) under its rate in any rolling window, by making callers
 * wait: `perSecond` calls a second unless a call names its key's own rate. TRTC counts a call when
 * it arrives, which is some time between sending it and getting its answer: a call therefore holds
 * its place until a whole window after its answer, so however long calls spend in transit, no more
 * than the rate arrive within one window.
 */
export class RateLimiter {
  private readonly sent = new Map<string, Sent[]>();

  constructor(private readonly perSecond: number) {}

  /** Runs `send` once a place is free, and keeps the place until a window after it settles. */
  async run<T>(key: string, send: () => Promise<T>, rate?: Rate): Promise<T> {
    const answered = await this.acquire(key, rate);
    try {
      return await send();
    } finally {
      answered();
    }
  }

  /** Waits for a place; call the returned function when the call's answer or failure is back. */
  async acquire(key: string, rate: Rate = { calls: this.perSecond, perSeconds: 1 }): Promise<() => void> {
    const windowMs = rate.perSeconds * 1000;
    for (;;) {
      const now = Date.now();
      const live = (this.sent.get(key) ?? []).filter((s) => s.answeredAt === undefined || now - s.answeredAt < windowMs);
      this.sent.set(key, live);
      if (live.length < rate.calls) {
        let answer!: () => void;
        const sent: Sent = { answered: new Promise((resolve) => (answer = resolve)) };
        live.push(sent);
        return () => {
          sent.answeredAt ??= Date.now();
          answer();
        };
      }
      // An answered call leaves first (one still in flight answers no earlier than now); with
      // every call in flight, wait for an answer, then for its window.
      const answered = live.flatMap((s) => (s.answeredAt === undefined ? [] : [s.answeredAt]));
      if (answered.length > 0) await sleep(windowMs - (now - Math.min(...answered)));
      else await Promise.race(live.map((s) => s.answered));
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

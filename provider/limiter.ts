/** A documented rate limit: at most `calls` in any rolling `perSeconds`. */
export interface Rate {
  calls: number;
  perSeconds: number;
}

/**
 * Keeps each key (an action, per account) under its rate in any rolling window, by making
 * callers wait: `perSecond` calls a second unless a call names its key's own rate. TRTC counts
 * arrivals, not departures, so every window carries a small guard against calls bunching up in
 * transit.
 */
export class RateLimiter {
  private readonly sent = new Map<string, number[]>();

  constructor(
    private readonly perSecond: number,
    /** The one-second window with its guard. */
    private readonly windowMs = 1000 + 100,
  ) {}

  async acquire(key: string, rate: Rate = { calls: this.perSecond, perSeconds: 1 }): Promise<void> {
    const windowMs = rate.perSeconds * 1000 + (this.windowMs - 1000);
    for (;;) {
      const now = Date.now();
      const recent = (this.sent.get(key) ?? []).filter((t) => now - t < windowMs);
      if (recent.length < rate.calls) {
        recent.push(now);
        this.sent.set(key, recent);
        return;
      }
      this.sent.set(key, recent);
      await new Promise((resolve) => setTimeout(resolve, windowMs - (now - recent[0]!)));
    }
  }
}

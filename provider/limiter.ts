/**
 * Keeps each key (an action, per account) under `perSecond` calls in any rolling window, by
 * making callers wait. TRTC counts arrivals, not departures, so the window carries a small
 * guard against calls bunching up in transit.
 */
export class RateLimiter {
  private readonly sent = new Map<string, number[]>();

  constructor(
    private readonly perSecond: number,
    private readonly windowMs = 1000 + 100,
  ) {}

  async acquire(key: string): Promise<void> {
    for (;;) {
      const now = Date.now();
      const recent = (this.sent.get(key) ?? []).filter((t) => now - t < this.windowMs);
      if (recent.length < this.perSecond) {
        recent.push(now);
        this.sent.set(key, recent);
        return;
      }
      this.sent.set(key, recent);
      await new Promise((resolve) => setTimeout(resolve, this.windowMs - (now - recent[0])));
    }
  }
}

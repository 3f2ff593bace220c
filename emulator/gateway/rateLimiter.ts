// The gateway's rate limits, on the world's virtual clock so tests can hold a window still.
import type { Rate } from "../family";
import type { VirtualClock } from "../world/clock";

/** Accepted calls per key within a rolling window of the virtual clock: `limit` per second unless a call names its own rate. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly clock: VirtualClock,
    readonly limit: number,
  ) {}

  /** Records the call and returns true if it is within the rate; rejected calls are not counted. */
  tryAcquire(key: string, rate: Rate = { calls: this.limit, perSeconds: 1 }): boolean {
    const now = this.clock.now();
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - rate.perSeconds * 1000);
    const allowed = recent.length < rate.calls;
    if (allowed) recent.push(now);
    this.hits.set(key, recent);
    return allowed;
  }

  clear(): void {
    this.hits.clear();
  }

  /** The accepted calls still remembered, per key: a window with 1 call in 15 seconds outlives a quick restart. */
  snapshot(): [string, number[]][] {
    return [...this.hits.entries()];
  }

  restore(snapshot: readonly [string, number[]][]): void {
    this.hits.clear();
    for (const [key, times] of snapshot) this.hits.set(key, times);
  }
}

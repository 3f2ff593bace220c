// Time in the emulator's world comes from this clock, so tests can move it or hold it instead of sleeping.

/**
 * Two readings of time. `systemNow()` is the server's system clock (real time plus a configured
 * skew) and is what signatures are checked against: clients sign with their own real time, which
 * advancing the emulator cannot move. `now()` is the virtual time everything else uses (task
 * ends, rate windows, the log); tests advance it or hold it still.
 */
export class VirtualClock {
  private advancedMs = 0;
  private frozenAt: number | undefined;

  constructor(private readonly skewMs = 0) {}

  systemNow(): number {
    return Date.now() + this.skewMs;
  }

  now(): number {
    return this.frozenAt ?? this.systemNow() + this.advancedMs;
  }

  advance(ms: number): void {
    if (this.frozenAt === undefined) this.advancedMs += ms;
    else this.frozenAt += ms;
  }

  /** Stops virtual time at the current instant, so rate windows and task ends are deterministic. */
  freeze(): void {
    this.frozenAt = this.now();
  }

  /** Lets virtual time run again from the frozen instant, without a jump. */
  unfreeze(): void {
    if (this.frozenAt === undefined) return;
    this.advancedMs = this.frozenAt - this.systemNow();
    this.frozenAt = undefined;
  }

  get frozen(): boolean {
    return this.frozenAt !== undefined;
  }

  reset(): void {
    this.advancedMs = 0;
    this.frozenAt = undefined;
  }

  /** How far virtual time is from the system clock; the skew is an option and stays out. */
  snapshot(): ClockSnapshot {
    return { advancedMs: this.advancedMs, ...(this.frozenAt !== undefined && { frozenAt: this.frozenAt }) };
  }

  restore(snapshot: ClockSnapshot): void {
    this.advancedMs = snapshot.advancedMs;
    this.frozenAt = snapshot.frozenAt;
  }
}

export interface ClockSnapshot {
  advancedMs: number;
  frozenAt?: number;
}

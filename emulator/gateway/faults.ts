// Faults armed through the control surface: the gateway answers the next calls of an action with them.

/**
 * The next `count` calls of `action` fail this way: exactly one of `code`, `httpStatus` or
 * `connection` says how.
 */
export interface Fault {
  action: string;
  /** An API error code, answered in the usual envelope with HTTP 200. */
  code?: string;
  message?: string;
  /** A transport-level failure instead: this HTTP status with a plain-text body. */
  httpStatus?: number;
  /**
   * No answer at all: "drop" closes the connection at once; "hang" holds it open, unanswered,
   * until the client gives up (its own timeout), so a test needs no timer of its own. "cut" runs
   * the call and closes the connection halfway through its answer (a stream's: after half its
   * events), as a connection lost mid-stream; the Live REST API, which runs no faulted call,
   * closes it at once.
   */
  connection?: FaultConnection;
  /**
   * The call runs first and takes effect; the fault replaces only its answer. This is how a
   * client meets an ambiguous failure: the task started, but the answer saying so was lost.
   */
  runFirst?: boolean;
  count: number;
}

export type FaultConnection = "drop" | "hang" | "cut";

export class FaultInjector {
  private faults: Fault[] = [];

  add(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  /** Consumes one use of the first fault armed for the action. */
  take(action: string): Fault | undefined {
    const fault = this.faults.find((f) => f.action === action);
    if (!fault) return undefined;
    fault.count -= 1;
    if (fault.count <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }

  restore(faults: readonly Fault[]): void {
    this.faults = faults.map((f) => ({ ...f }));
  }
}

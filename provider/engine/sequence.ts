// Ordering numbers for APIs whose every update must carry one larger than any before
// (UpdatePublishCdnStream's SequenceNumber): drawn fresh for every attempt, the last one sent
// kept in state so it outlives the process.
import type { ApiParams, CallParams } from "../client";
import type { AnyTaskSpec } from "../spec";
import type { Recorded } from "./state";

/** The last sequence number this process sent, to any task. */
let lastSequence = 0;

/**
 * A SequenceNumber no call of the task can have carried before: above the one state holds (`stored`,
 * the last one a finished call sent), above every number this process sent, and at least the wall
 * clock in milliseconds. The clock covers what state cannot: numbers a process sent before it died
 * unrecorded are older than any later process's clock (TRTC takes 64-bit integers).
 */
export function nextSequence(stored: number | undefined, now = Date.now()): number {
  lastSequence = Math.max((stored ?? 0) + 1, lastSequence + 1, now);
  return lastSequence;
}

/** The numbers one operation sends: the last one, if it drew any. */
export class Sequence {
  number?: number;

  constructor(
    private readonly spec: AnyTaskSpec,
    private readonly recorded: Recorded,
  ) {}

  /** `params` plus a fresh number for every attempt, each above the task's stored one. */
  sequenced(params: ApiParams): CallParams {
    const { sequence } = this.spec;
    if (!sequence) return params;
    const stored = this.recorded[sequence.output];
    return () => {
      this.number = nextSequence(typeof stored === "number" ? stored : undefined);
      return { ...params, [sequence.param]: this.number };
    };
  }

  /** The sequence output: the number last sent, else the one the task had (none for a new task). */
  output(): Recorded {
    const { sequence } = this.spec;
    return sequence ? { [sequence.output]: this.number ?? this.recorded[sequence.output] } : {};
  }
}

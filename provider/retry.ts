import { TrtcError } from "./errors";
import type { Settings } from "./settings";

/**
 * How a call may be repeated. A `start` call makes something happen that must not happen twice
 * (a task starts, a room is dismissed, a battle is created), so it is sent again only when the
 * error proves it did not run. `read` and `change` calls are safe to repeat, so transient
 * failures are retried too.
 */
export type CallKind = "start" | "read" | "change";

export interface RetryOptions {
  /** Retries after failures other than throttling. */
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
  /**
   * How long a call may go on being throttled: throttled answers use up no retry, since the
   * limiter has lowered this process's share and paces the next attempt. Default THROTTLED_FOR_MS
   * (trtc:throttledForSeconds sets it: retryFor).
   */
  throttledForMs?: number;
}

/**
 * Long enough for a team of stacks to queue behind each other on one account (5 stacks of 1,000
 * calls take about 4 minutes at 20/s), short enough that a call starved by something else fails.
 */
export const THROTTLED_FOR_MS = 10 * 60_000;

export const DEFAULT_RETRY: RetryOptions = { retries: 4, minTimeoutMs: 250, maxTimeoutMs: 4000 };

/** A client's retry options, throttledForMs from trtc:throttledForSeconds unless the options set it. */
export function retryFor(settings: Pick<Settings, "throttledForSeconds">, retry: RetryOptions): RetryOptions {
  if (retry.throttledForMs !== undefined || settings.throttledForSeconds === undefined) return retry;
  return { ...retry, throttledForMs: settings.throttledForSeconds * 1000 };
}

/** What an API's errors say about a failed call; each transport has its own codes. */
export interface RetryPolicy {
  /** The call was refused before it did anything, so even a `start` call may be sent again. */
  provesNotRun(err: TrtcError): boolean;
  /** Worth another try for calls that are safe to repeat. */
  isTransient(err: TrtcError): boolean;
  /** Refused for the rate (a kind of provesNotRun): retried until `throttledForMs`, however many times. */
  isThrottled(err: TrtcError): boolean;
}

/** Runs `attempt` (numbered from 1), repeating it with exponential backoff and jitter while `policy` allows for `kind`. */
export async function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  kind: CallKind,
  policy: RetryPolicy,
  options: RetryOptions,
  signal?: AbortSignal,
): Promise<T> {
  const { default: pRetry } = await import("p-retry");
  return pRetry(attempt, {
    signal,
    retries: options.retries,
    factor: 2,
    minTimeout: options.minTimeoutMs,
    maxTimeout: options.maxTimeoutMs,
    randomize: true,
    maxRetryTime: options.throttledForMs ?? THROTTLED_FOR_MS,
    // A throttled attempt is sent again at once: the limiter, which saw the throttle, makes it wait.
    shouldConsumeRetry: ({ error }) => !isThrottledBy(policy, error),
    shouldRetry: ({ error }) =>
      error instanceof TrtcError && (kind === "start" ? policy.provesNotRun(error) : policy.isTransient(error)),
  });
}

/** Whether `error` is a throttled answer by `policy`'s codes: for the limiter, which sees errors of any kind. */
export function isThrottledBy(policy: RetryPolicy, error: unknown): boolean {
  return error instanceof TrtcError && policy.isThrottled(error);
}

import { TrtcError } from "./errors";

/**
 * How a call may be repeated. A `start` call makes something happen that must not happen twice
 * (a task starts, a room is dismissed, a battle is created), so it is sent again only when the
 * error proves it did not run. `read` and `change` calls are safe to repeat, so transient
 * failures are retried too.
 */
export type CallKind = "start" | "read" | "change";

export interface RetryOptions {
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 4, minTimeoutMs: 250, maxTimeoutMs: 4000 };

/** What an API's errors say about a failed call; each transport has its own codes. */
export interface RetryPolicy {
  /** The call was refused before it did anything, so even a `start` call may be sent again. */
  provesNotRun(err: TrtcError): boolean;
  /** Worth another try for calls that are safe to repeat. */
  isTransient(err: TrtcError): boolean;
}

/** Runs `attempt`, repeating it with exponential backoff and jitter while `policy` allows for `kind`. */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  kind: CallKind,
  policy: RetryPolicy,
  options: RetryOptions,
): Promise<T> {
  const { default: pRetry } = await import("p-retry");
  return pRetry(attempt, {
    retries: options.retries,
    factor: 2,
    minTimeout: options.minTimeoutMs,
    maxTimeout: options.maxTimeoutMs,
    randomize: true,
    shouldRetry: ({ error }) =>
      error instanceof TrtcError && (kind === "start" ? policy.provesNotRun(error) : policy.isTransient(error)),
  });
}

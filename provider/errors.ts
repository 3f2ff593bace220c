/** A TRTC API call that failed: what was called, what TRTC answered, and the id to quote to support. */
export class TrtcError extends Error {
  override readonly name = "TrtcError";
  constructor(
    readonly action: string,
    /** TRTC's error code (`FailedOperation.TaskNotExist`), or `HttpError` / `NetworkError` when no TRTC answer arrived. */
    readonly code: string,
    readonly detail: string,
    readonly requestId: string,
    readonly httpStatus?: number,
  ) {
    super(`${action} failed with ${code}: ${detail}${requestId ? ` (RequestId ${requestId})` : ""}`);
  }
}

import { RunError } from "@pulumi/pulumi/errors";

// A user's mistakes are Pulumi RunErrors: a program that raises one prints its message alone, as
// Pulumi's own config errors read, where any other error prints as an unhandled exception with
// its stack (the language host's uncaught-error handler). In scripts they are plain Errors.

/** Settings that are missing or malformed; raised before any call is made. */
export class ConfigError extends RunError {
  override readonly name = "ConfigError";
}

/** Arguments a function was called with that break its rules; raised before any call is made. */
export class ValidationError extends RunError {
  override readonly name = "ValidationError";
  constructor(
    /** The function, e.g. `dismissRoom`. */
    readonly functionName: string,
    /** One line per broken rule, each naming the argument's path: `roomId: must be ...`. */
    readonly failures: readonly string[],
  ) {
    super(`${functionName}: ${failures.join("; ")}`);
  }
}

/** TRTC refused the call for the account's rate of its action (or of its IP, or of every region). */
export function isThrottled(err: TrtcError): boolean {
  return err.code.startsWith("RequestLimitExceeded");
}

/** TRTC API 3.0 codes that prove the call was refused before it did anything, so even a Start may be sent again. */
export function provesNotRun(err: TrtcError): boolean {
  return isThrottled(err) || err.code === "AuthFailure.SignatureExpire";
}

/** Failures worth retrying for calls that are safe to repeat (reads, updates, stops). */
export function isTransient(err: TrtcError): boolean {
  return (
    provesNotRun(err) ||
    err.code === "NetworkError" ||
    err.code === "ServiceUnavailable" ||
    err.code.startsWith("InternalError") ||
    (err.httpStatus !== undefined && err.httpStatus >= 500)
  );
}

/** Failures after which a call that changes something may or may not have taken effect: its answer was lost. */
export function mayHaveRun(err: TrtcError): boolean {
  return isTransient(err) && !provesNotRun(err);
}

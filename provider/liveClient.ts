import { randomInt } from "node:crypto";
import type { ApiParams, ApiResponse } from "./client";
import { TrtcError } from "./errors";
import { RateLimiter } from "./limiter";
import { type CallKind, DEFAULT_RETRY, isThrottledBy, type RetryOptions, type RetryPolicy, retryFor, withRetries } from "./retry";
import { DEFAULT_ADMIN_USER_ID, requireLiveEndpoint, type Settings } from "./settings";
import { makeUserSig } from "./usersig";

/** Every Live engine REST API allows 200 calls per second (Live engine REST API, "create_battle" page). */
export const LIVE_REQUESTS_PER_SECOND = 200;
/** Where the battle commands live on the host. */
export const LIVE_PATH = "/v4/live_engine_http_pk/";

// One limiter per process, apart from TRTC API 3.0's: the two APIs are limited separately. Not
// shared with other processes: 200 calls a second per application is far beyond a team of stacks.
const limiter = new RateLimiter(LIVE_REQUESTS_PER_SECOND);

// From the REST API's common error codes: call frequency limits, and an expired UserSig (the next
// attempt signs a new one). Both are refused before anything runs.
const THROTTLED = new Set(["60007", "60011", "60018", "60019"]);
const REFUSED = new Set([...THROTTLED, "70001"]);
// 60008: the service timed out; 100001: "server internal error, please retry".
const TRANSIENT = new Set(["60008", "100001"]);

export const LIVE_RETRY_POLICY: RetryPolicy = {
  provesNotRun: (err) => REFUSED.has(err.code),
  isThrottled: (err) => THROTTLED.has(err.code),
  isTransient: (err) =>
    REFUSED.has(err.code) || TRANSIENT.has(err.code) || err.code === "NetworkError" || (err.httpStatus ?? 0) >= 500,
};

/** One call of the Live engine REST API. */
export interface LiveRequest {
  /** The command under /v4/live_engine_http_pk/: `create_battle`, `get_battle_info`. */
  command: string;
  sdkAppId: number;
  /** The app admin to call as; else settings.adminUserId, else DEFAULT_ADMIN_USER_ID. */
  adminUserId?: string;
  body: ApiParams;
}

interface Envelope {
  ErrorCode?: unknown;
  ErrorInfo?: unknown;
  ActionStatus?: unknown;
  RequestId?: unknown;
  Response?: unknown;
}

/**
 * The one place that sends Live engine REST API calls: the admin UserSig (Tencent's generator),
 * the query every call carries, the ErrorCode/ActionStatus envelope, rate limit, retries, and
 * TrtcErrors whose code is the ErrorCode as a string ("70001").
 */
export class LiveClient {
  constructor(
    private readonly settings: Settings,
    private readonly retry: RetryOptions = DEFAULT_RETRY,
  ) {}

  async call(request: LiveRequest, kind: CallKind): Promise<ApiResponse> {
    const base = requireLiveEndpoint(this.settings);
    const admin = request.adminUserId ?? this.settings.adminUserId ?? DEFAULT_ADMIN_USER_ID;
    return withRetries(
      () => limiter.run(String(request.sdkAppId), () => this.send(base, admin, request), undefined, (e) => isThrottledBy(LIVE_RETRY_POLICY, e)),
      kind,
      LIVE_RETRY_POLICY,
      retryFor(this.settings, this.retry),
    );
  }

  private async send(base: string, admin: string, request: LiveRequest): Promise<ApiResponse> {
    const action = `live_engine_http_pk/${request.command}`;
    // Signed afresh for every attempt, so a retry after an expired sig carries a valid one.
    const query = new URLSearchParams({
      sdkappid: String(request.sdkAppId),
      identifier: admin,
      usersig: makeUserSig(this.settings, request.sdkAppId, admin),
      random: String(randomInt(0, 2 ** 32)),
      contenttype: "json",
    });
    let status: number;
    let text: string;
    try {
      const res = await fetch(`${base}${LIVE_PATH}${request.command}?${query}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(request.body),
        signal: AbortSignal.timeout(30_000),
      });
      status = res.status;
      text = await res.text();
    } catch (e) {
      throw new TrtcError(action, "NetworkError", e instanceof Error ? e.message : String(e), "");
    }
    if (status !== 200) throw new TrtcError(action, "HttpError", `HTTP ${status} ${text.slice(0, 200)}`, "", status);
    const envelope = parseEnvelope(text);
    if (!envelope) throw new TrtcError(action, "HttpError", `HTTP ${status}: the answer is not the API's JSON envelope`, "", status);
    const requestId = typeof envelope.RequestId === "string" ? envelope.RequestId : "";
    if (envelope.ErrorCode !== 0 || envelope.ActionStatus !== "OK") {
      throw new TrtcError(action, String(envelope.ErrorCode), String(envelope.ErrorInfo ?? ""), requestId);
    }
    const response = isObject(envelope.Response) ? envelope.Response : {};
    return { ...response, RequestId: requestId };
  }
}

function parseEnvelope(text: string): Envelope | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) && "ErrorCode" in parsed ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

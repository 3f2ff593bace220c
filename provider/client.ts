import type { CommonClient } from "tencentcloud-sdk-nodejs-common";
import { isThrottled, isTransient, provesNotRun, TrtcError } from "./errors";
import { DEFAULT_RATE, rateOf } from "./api";
import { RateLimiter } from "./limiter";
import { type CallKind, DEFAULT_RETRY, isThrottledBy, type RetryOptions, type RetryPolicy, retryFor, withRetries } from "./retry";
import { apiCredential, Settings } from "./settings";
import { rateDir, SharedRate } from "./sharedRate";

export type { CallKind, RetryOptions } from "./retry";

export const API_VERSION = "2019-07-22";

export type ApiParams = Record<string, unknown>;
export type ApiResponse = Record<string, unknown>;
/**
 * A call's parameters, or a function making them for each attempt (1, 2, ...), for APIs where a
 * resent call must differ from the first (UpdatePublishCdnStream's SequenceNumber must never repeat).
 */
export type CallParams = ApiParams | ((attempt: number) => ApiParams);

const ABORTED = "the call was aborted";

/** How long one call may wait for its answer before it fails with NetworkError. */
const DEFAULT_TIMEOUT_SECONDS = 30;

// One limiter per process: the dynamic provider host runs every resource of a `pulumi up` in one
// process, so this is what keeps a large stack under TRTC's limit. Its window is shared with the
// other processes on this machine, and it adapts to processes elsewhere on the account.
const limiter = new RateLimiter(DEFAULT_RATE.calls, new SharedRate(rateDir()));

const TRTC_RETRY_POLICY: RetryPolicy = { provesNotRun, isTransient, isThrottled };
const throttled = (error: unknown) => isThrottledBy(TRTC_RETRY_POLICY, error);

/** The one place that sends TRTC API calls: signing (Tencent's SDK), rate limit, retries, typed errors. */
export class TrtcClient {
  private readonly sdkClients = new Map<string, Promise<SdkClient>>();

  constructor(
    readonly settings: Settings,
    private readonly retry: RetryOptions = DEFAULT_RETRY,
    /** Fractions allowed, so a test of a lost answer waits well under a second. */
    private readonly timeoutSeconds = DEFAULT_TIMEOUT_SECONDS,
  ) {}

  /** What function calls through this client take from its settings when their arguments leave it out. */
  get defaults(): Pick<Settings, "region" | "sdkAppId" | "dashboardEdition"> {
    const { region, sdkAppId, dashboardEdition } = this.settings;
    return { region, sdkAppId, dashboardEdition };
  }

  /** `signal` stops the call: no attempt starts after it fires, and the one in flight is dropped. */
  async call(action: string, params: CallParams, kind: CallKind, region: string, signal?: AbortSignal): Promise<ApiResponse> {
    const { client, account } = await this.sdkClient(region);
    const key = `${account}/${action}`;
    try {
      return await withRetries(
        // Params are made after the limiter's wait, so a number drawn from the clock is as fresh as the send.
        (attempt) =>
          limiter.run(key, () => this.send(client, action, typeof params === "function" ? params(attempt) : params, signal), rateOf(action), throttled),
        kind,
        TRTC_RETRY_POLICY,
        retryFor(this.settings, this.retry),
        signal,
      );
    } catch (e) {
      // However it ended once the signal fired, the caller gets the signal's reason.
      signal?.throwIfAborted();
      throw e;
    }
  }

  private async send(client: CommonClient, action: string, params: ApiParams, signal: AbortSignal | undefined): Promise<ApiResponse> {
    try {
      if (signal?.aborted) throw new Error(ABORTED);
      return (await client.request(action, params, { signal })) as ApiResponse;
    } catch (e) {
      // A dropped call is the caller's doing, not a failure to retry: a plain Error ends the retries
      // (call() then rejects with the signal's reason, which may be no Error of this realm).
      if (signal?.aborted) throw new Error(ABORTED);
      throw toTrtcError(action, e);
    }
  }

  private sdkClient(region: string): Promise<SdkClient> {
    let client = this.sdkClients.get(region);
    if (!client) {
      client = this.newSdkClient(region);
      this.sdkClients.set(region, client);
    }
    return client;
  }

  private async newSdkClient(region: string): Promise<SdkClient> {
    const { credential, account } = await apiCredential(this.settings);
    // Loaded by the first call, so a preview or a no-op up, which call nothing, never load it.
    const { CommonClient } = await import("tencentcloud-sdk-nodejs-common");
    const url = new URL(this.settings.endpoint);
    // The SDK sends a credential's token as X-TC-Token, and renews a dynamic credential's keys as they expire.
    const client = new CommonClient(url.host, API_VERSION, {
      credential,
      region,
      profile: { httpProfile: { protocol: `${url.protocol}//`, endpoint: url.host, reqTimeout: this.timeoutSeconds } },
    });
    return { client, account };
  }
}

interface SdkClient {
  client: CommonClient;
  account: string;
}

interface SdkError {
  message?: string;
  code?: string;
  httpCode?: number;
  requestId?: string;
}

function toTrtcError(action: string, e: unknown): TrtcError {
  const err = (typeof e === "object" && e !== null ? e : { message: String(e) }) as SdkError;
  const message = err.message ?? "unknown error";
  if (err.code) return new TrtcError(action, err.code, message, err.requestId ?? "");
  if (err.httpCode) return new TrtcError(action, "HttpError", `HTTP ${err.httpCode} ${message}`, "", err.httpCode);
  return new TrtcError(action, "NetworkError", message, "");
}

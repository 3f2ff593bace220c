import type { CommonClient } from "tencentcloud-sdk-nodejs-common";
import { isThrottled, isTransient, provesNotRun, TrtcError } from "./errors";
import { DEFAULT_RATE, rateOf } from "./api";
import { RateLimiter } from "./limiter";
import { type CallKind, DEFAULT_RETRY, isThrottledBy, type RetryOptions, type RetryPolicy, withRetries } from "./retry";
import { requireCredentials, Settings } from "./settings";

export type { CallKind, RetryOptions } from "./retry";

export const API_VERSION = "2019-07-22";

export type ApiParams = Record<string, unknown>;
export type ApiResponse = Record<string, unknown>;
/**
 * A call's parameters, or a function making them for each attempt (1, 2, ...), for APIs where a
 * resent call must differ from the first (UpdatePublishCdnStream's SequenceNumber must never repeat).
 */
export type CallParams = ApiParams | ((attempt: number) => ApiParams);

/** How long one call may wait for its answer before it fails with NetworkError. */
const DEFAULT_TIMEOUT_SECONDS = 30;

// One limiter per process: the dynamic provider host runs every resource of a `pulumi up` in one
// process, so this is what keeps a large stack under TRTC's limit, and what adapts when other
// processes share the account.
const limiter = new RateLimiter(DEFAULT_RATE.calls);

const TRTC_RETRY_POLICY: RetryPolicy = { provesNotRun, isTransient, isThrottled };
const throttled = (error: unknown) => isThrottledBy(TRTC_RETRY_POLICY, error);

/** The one place that sends TRTC API calls: signing (Tencent's SDK), rate limit, retries, typed errors. */
export class TrtcClient {
  private readonly sdkClients = new Map<string, Promise<CommonClient>>();

  constructor(
    readonly settings: Settings,
    private readonly retry: RetryOptions = DEFAULT_RETRY,
    /** Fractions allowed, so a test of a lost answer waits well under a second. */
    private readonly timeoutSeconds = DEFAULT_TIMEOUT_SECONDS,
  ) {}

  async call(action: string, params: CallParams, kind: CallKind, region: string): Promise<ApiResponse> {
    const client = await this.sdkClient(region);
    const key = `${this.settings.secretId}/${action}`;
    return withRetries(
      // Params are made after the limiter's wait, so a number drawn from the clock is as fresh as the send.
      (attempt) =>
        limiter.run(key, () => this.send(client, action, typeof params === "function" ? params(attempt) : params), rateOf(action), throttled),
      kind,
      TRTC_RETRY_POLICY,
      this.retry,
    );
  }

  private async send(client: CommonClient, action: string, params: ApiParams): Promise<ApiResponse> {
    try {
      return (await client.request(action, params)) as ApiResponse;
    } catch (e) {
      throw toTrtcError(action, e);
    }
  }

  private sdkClient(region: string): Promise<CommonClient> {
    let client = this.sdkClients.get(region);
    if (!client) {
      client = this.newSdkClient(region);
      this.sdkClients.set(region, client);
    }
    return client;
  }

  private async newSdkClient(region: string): Promise<CommonClient> {
    const credential = requireCredentials(this.settings);
    // Loaded by the first call, so a preview or a no-op up, which call nothing, never load it.
    const { CommonClient } = await import("tencentcloud-sdk-nodejs-common");
    const url = new URL(this.settings.endpoint);
    return new CommonClient(url.host, API_VERSION, {
      credential,
      region,
      profile: { httpProfile: { protocol: `${url.protocol}//`, endpoint: url.host, reqTimeout: this.timeoutSeconds } },
    });
  }
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

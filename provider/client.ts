import type { CommonClient } from "tencentcloud-sdk-nodejs-common";
import { isTransient, provesNotRun, TrtcError } from "./errors";
import { RateLimiter } from "./limiter";
import { requireCredentials, Settings } from "./settings";

export const API_VERSION = "2019-07-22";

/**
 * How a call may be repeated. A `start` call creates a task, so it is sent again only when the
 * error proves it did not run; anything else could leave a duplicate task behind.
 */
export type CallKind = "start" | "read" | "change";

export type ApiParams = Record<string, unknown>;
export type ApiResponse = Record<string, unknown>;

export interface RetryOptions {
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
}

const DEFAULT_RETRY: RetryOptions = { retries: 4, minTimeoutMs: 250, maxTimeoutMs: 4000 };

/** Every TRTC API documented here allows 20 calls per second per action. */
export const REQUESTS_PER_SECOND = 20;

// One limiter per process: the dynamic provider host runs every resource of a `pulumi up` in one
// process, so this is what keeps a large stack under TRTC's limit.
const limiter = new RateLimiter(REQUESTS_PER_SECOND);

/** The one place that sends TRTC API calls: signing (Tencent's SDK), rate limit, retries, typed errors. */
export class TrtcClient {
  private readonly sdkClients = new Map<string, Promise<CommonClient>>();

  constructor(
    private readonly settings: Settings,
    private readonly retry: RetryOptions = DEFAULT_RETRY,
  ) {}

  get defaultRegion(): string | undefined {
    return this.settings.region;
  }

  async call(action: string, params: ApiParams, kind: CallKind, region: string): Promise<ApiResponse> {
    const { default: pRetry } = await import("p-retry");
    const client = await this.sdkClient(region);
    const key = `${this.settings.secretId}/${action}`;
    return pRetry(
      async () => {
        const answered = await limiter.acquire(key);
        try {
          return await this.send(client, action, params);
        } finally {
          answered();
        }
      },
      {
        retries: this.retry.retries,
        factor: 2,
        minTimeout: this.retry.minTimeoutMs,
        maxTimeout: this.retry.maxTimeoutMs,
        randomize: true,
        shouldRetry: ({ error }) =>
          error instanceof TrtcError && (kind === "start" ? provesNotRun(error) : isTransient(error)),
      },
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
      profile: { httpProfile: { protocol: `${url.protocol}//`, endpoint: url.host, reqTimeout: 30 } },
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

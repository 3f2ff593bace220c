// The emulator's gateway: what stands between a caller and the world (credentials, injected
// faults, rate limits, the log of every call). The endpoints (../api.ts, ../live.ts) consult it
// before a handler runs.
import type { VirtualClock } from "../world/clock";
import { type Fault, FaultInjector } from "./faults";
import { RateLimiter } from "./rateLimiter";
import { RequestLog } from "./requestLog";

/**
 * A temporary credential, as CAM issues them (a role's, or a federated user's): its SecretKey and
 * the session token every call must carry in the X-TC-Token header.
 */
export interface TemporaryKey {
  key: string;
  token: string;
}

export interface GatewayOptions {
  /** SecretId to SecretKey (a long-term key), or to a temporary key and its token. */
  credentials: Readonly<Record<string, string | TemporaryKey>>;
  /** App admin accounts the Live engine REST API accepts as `identifier`. */
  adminUserIds: readonly string[];
  requestsPerSecond: number;
  /** The Live engine REST API's limit, per application. */
  liveRequestsPerSecond: number;
}

export class Gateway {
  readonly requests = new RequestLog();
  readonly faults = new FaultInjector();
  /** TRTC API 3.0, per SecretId and action. */
  readonly limiter: RateLimiter;
  /** The Live engine REST API, per application. */
  readonly liveLimiter: RateLimiter;
  readonly adminUserIds: readonly string[];
  private readonly credentials: ReadonlyMap<string, TemporaryKey | { key: string; token?: undefined }>;

  /** Rate windows run on `clock`, the world's virtual time. */
  constructor(clock: VirtualClock, options: GatewayOptions) {
    this.limiter = new RateLimiter(clock, options.requestsPerSecond);
    this.liveLimiter = new RateLimiter(clock, options.liveRequestsPerSecond);
    this.adminUserIds = options.adminUserIds;
    this.credentials = new Map(Object.entries(options.credentials).map(([id, given]) => [id, typeof given === "string" ? { key: given } : given]));
  }

  secretKey(secretId: string): string | undefined {
    return this.credentials.get(secretId)?.key;
  }

  /** The session token a temporary SecretId's calls must carry; undefined for a long-term key. */
  token(secretId: string): string | undefined {
    return this.credentials.get(secretId)?.token;
  }

  /** Back to a fresh start: credentials and options stay. */
  reset(): void {
    this.requests.clear();
    this.faults.clear();
    this.limiter.clear();
    this.liveLimiter.clear();
  }

  /**
   * What decides the answers of later calls: rate windows and armed faults. The request log only
   * records past calls, and keeping it would mean rewriting up to 10,000 entries on every call.
   */
  snapshot(): GatewaySnapshot {
    return { limiter: this.limiter.snapshot(), liveLimiter: this.liveLimiter.snapshot(), faults: this.faults.list() };
  }

  restore(snapshot: GatewaySnapshot): void {
    this.limiter.restore(snapshot.limiter);
    this.liveLimiter.restore(snapshot.liveLimiter);
    this.faults.restore(snapshot.faults);
  }
}

export interface GatewaySnapshot {
  limiter: [string, number[]][];
  liveLimiter: [string, number[]][];
  faults: Fault[];
}

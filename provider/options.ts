// The options of a function call: a leaf module, so the public declarations of the functions
// import nothing of the specs behind them.
import type { Input } from "@pulumi/pulumi/output";
import type { Resource } from "@pulumi/pulumi/resource";

/** The monitoring dashboard's edition: Premium keeps 12 hours of real-time data and 60 days of dashboard data; Standard 1 hour and 30 days. */
export type DashboardEdition = "premium" | "standard";

/** Settings a call may give itself; each wins over stack config and the environment. Names as in `trtc:*` config. */
export interface FunctionSettings {
  /** The SecretId of the Tencent Cloud API key the calls are signed with (CAM console: API keys). */
  secretId?: string;
  /** The SecretKey that goes with secretId. */
  secretKey?: string;
  /** The session token of a temporary SecretId and SecretKey, sent as X-TC-Token. */
  securityToken?: string;
  /** A tccli profile whose `<profile>.credential` file holds the keys; `default` when keys are not set. */
  profile?: string;
  /** Where tccli keeps its profiles: ~/.tccli unless set. */
  sharedCredentialsDir?: string;
  /** The CAM role of the CVM the calls are made from, whose temporary keys the instance metadata serves. */
  camRoleName?: string;
  /** The application of every resource and function that names none. */
  sdkAppId?: number;
  /** The region of every task and call that names none, e.g. `ap-singapore`. */
  region?: string;
  /** Full base URL, e.g. `https://trtc.tencentcloudapi.com` or `http://127.0.0.1:8080` for the emulator. */
  endpoint?: string;
  /** The TRTC application's secret key (console: application info), used to sign UserSigs; one for every SDKAppID. */
  sdkSecretKey?: string;
  /** Per-SDKAppID secret keys, for stacks with several applications; wins over sdkSecretKey. */
  sdkSecretKeys?: Readonly<Record<string, string>>;
  /** Base URL of the Live engine REST API (battles); unset means it was not configured. */
  liveEndpoint?: string;
  /** The app admin account Live REST calls are made as; DEFAULT_ADMIN_USER_ID when unset. */
  adminUserId?: string;
  /** The monitoring dashboard's edition, which bounds how far back its APIs answer; `premium` when unset. */
  dashboardEdition?: DashboardEdition;
}

/** How far a lookup has got, after each of its API calls. */
export interface LookupProgress {
  /** The function, e.g. `getTrtcRoomUsage`. */
  functionName: string;
  /** API calls answered so far. */
  calls: number;
  /** The time window the last call read (from 1), of how many the span is split into (1 for a lookup without a window). */
  window: number;
  windows: number;
  /** Rows found so far. */
  rows: number;
}

/** The options of a function's Promise variant: Pulumi's invoke options that apply without the engine, and a script's own. */
export interface FunctionOptions {
  /** For scripts: settings to use instead of stack config and the environment, key by key. */
  settings?: FunctionSettings;
  /** The resource the call belongs to: its preview lines and progress show under it. */
  parent?: Resource;
  /** For scripts: called after each API call of a lookup, with how far it has got. */
  onProgress?: (progress: LookupProgress) => void;
  /** Stops the call: no further API call is sent, the one in flight is dropped, and the call rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** The options of a function's Output variant: also what it waits for. */
export interface FunctionOutputOptions extends FunctionOptions {
  /** Resources the call waits for (until they are created or updated), as Pulumi's invoke dependsOn. */
  dependsOn?: Input<Input<Resource>[]> | Input<Resource>;
}

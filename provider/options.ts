// The options of a function call: a leaf module, so the public declarations of the functions
// import nothing of the specs behind them.
import type { Input } from "@pulumi/pulumi/output";
import type { Resource } from "@pulumi/pulumi/resource";

/** Settings a call may give itself; each wins over stack config and the environment. Names as in `trtc:*` config. */
export interface FunctionSettings {
  secretId?: string;
  secretKey?: string;
  securityToken?: string;
  profile?: string;
  sharedCredentialsDir?: string;
  camRoleName?: string;
  sdkAppId?: number;
  region?: string;
  endpoint?: string;
  sdkSecretKey?: string;
  sdkSecretKeys?: Readonly<Record<string, string>>;
  liveEndpoint?: string;
  adminUserId?: string;
  dashboardEdition?: "premium" | "standard";
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

// The options of a function call: a leaf module, so the public declarations of the functions
// import nothing of the specs behind them.

/** Settings a call may give itself; each wins over stack config and the environment. Names as in `trtc:*` config. */
export interface FunctionSettings {
  secretId?: string;
  secretKey?: string;
  region?: string;
  endpoint?: string;
  sdkSecretKey?: string;
  sdkSecretKeys?: Readonly<Record<string, string>>;
  liveEndpoint?: string;
  adminUserId?: string;
  dashboardEdition?: "premium" | "standard";
}

export interface FunctionOptions {
  /** For scripts: settings to use instead of stack config and the environment, key by key. */
  settings?: FunctionSettings;
}

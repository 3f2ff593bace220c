// What a stack or a script needs to talk to a running emulator: the `pulumi config set` lines and
// the `export` lines trtc-local prints, and `pulumi-trtc init` sets. The names are the provider's
// (provider/settings.ts): stack config `trtc:*`, or the TENCENTCLOUD_* / TRTC_* environment.

/**
 * The stack's default region: one where every task family serves all of its calls (StreamIngest's
 * Describe and Stop are not served in ap-guangzhou), and the lookups too. DismissRoom for integer
 * rooms is the one call it does not serve (ap-beijing, ap-guangzhou, ap-mumbai): give it a region.
 */
export const LOCAL_REGION = "ap-singapore";

export interface LocalConfigOptions {
  /** The emulator's base URL. */
  url: string;
  secretId: string;
  secretKey: string;
  /** SDKAppID to the application's secret key; the first is the stack's application. */
  appKeys: Readonly<Record<string, string>>;
  /** The application a stack uses by default. */
  sdkAppId: number;
}

export interface ConfigValue {
  key: string;
  value: string;
  /** Set with `--secret`: a key Pulumi must keep encrypted. */
  secret: boolean;
}

export interface LocalConfig {
  /** Stack config, in the order to set it. */
  stack: ConfigValue[];
  /** The same settings for scripts, as environment variables. */
  env: [name: string, value: string][];
}

export function localConfig(options: LocalConfigOptions): LocalConfig {
  const appKey = options.appKeys[String(options.sdkAppId)];
  if (appKey === undefined) throw new Error(`application ${options.sdkAppId} has no secret key`);
  // One key signs every application's UserSigs unless some application has a key of its own.
  const perApp = Object.values(options.appKeys).some((key) => key !== appKey) ? JSON.stringify(options.appKeys) : undefined;
  const settings: [key: string, env: string, value: string, secret: boolean][] = [
    ["endpoint", "TRTC_ENDPOINT", options.url, false],
    ["region", "TENCENTCLOUD_REGION", LOCAL_REGION, false],
    ["secretId", "TENCENTCLOUD_SECRET_ID", options.secretId, false],
    ["secretKey", "TENCENTCLOUD_SECRET_KEY", options.secretKey, true],
    ["sdkSecretKey", "TRTC_SDK_SECRET_KEY", appKey, true],
    ...(perApp === undefined ? [] : [["sdkSecretKeys", "TRTC_SDK_SECRET_KEYS", perApp, true] as [string, string, string, boolean]]),
    // The default application of every resource and function that names none.
    ["sdkAppId", "TRTC_SDK_APP_ID", String(options.sdkAppId), false],
  ];
  return {
    stack: settings.map(([key, , value, secret]) => ({ key: `trtc:${key}`, value, secret })),
    env: settings.map(([, env, value]) => [env, value]),
  };
}

/** `pulumi config set [--secret] KEY VALUE`, one a line, ready to paste. */
export function configCommands(config: LocalConfig): string[] {
  return config.stack.map(({ key, value, secret }) => `pulumi config set ${secret ? "--secret " : ""}${key} ${shellQuote(value)}`);
}

/** `export NAME=VALUE`, one a line, for a shell running scripts. */
export function exportCommands(config: LocalConfig): string[] {
  return config.env.map(([name, value]) => `export ${name}=${shellQuote(value)}`);
}

/** As a POSIX shell reads it back: bare when only safe characters, else single-quoted. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import * as path from "node:path";
import type { Credential, DynamicCredential } from "tencentcloud-sdk-nodejs-common";
import { ConfigError } from "./errors";
import type { DashboardEdition, FunctionSettings } from "./options";

/** Where and as whom TRTC calls are made: a call's own settings (options.ts), with an endpoint always set. */
export interface Settings extends Omit<FunctionSettings, "endpoint"> {
  /** Where TRTC API 3.0 calls go: `mainland` (the default), `international`, a host name, or a full http(s) URL such as a local emulator's. */
  endpoint: string;
  /**
   * Every update sends every member the running task can change (each left at its default
   * unsent), not only those that changed: for a service that takes a member left out of an
   * update as removed rather than unchanged (docs/parity.md). Off unless set to `true`.
   */
  fullUpdates?: boolean;
  /**
   * An AIConversation may leave out llmConfig and ttsConfig, as StartAIConversation's page reads,
   * though Tencent's SDK models require them (docs/parity.md). Off unless set to `true`.
   */
  aiConfigsOptional?: boolean;
  /**
   * How long a call TRTC keeps answering RequestLimitExceeded goes on being sent again, in
   * seconds: long enough for stacks sharing an account to queue behind each other. 600 unless
   * set; 0 fails a call at its first throttled answer.
   */
  throttledForSeconds?: number;
}

export type { DashboardEdition } from "./options";
const DASHBOARD_EDITIONS: readonly DashboardEdition[] = ["premium", "standard"];

export const ENDPOINTS = {
  mainland: "https://trtc.tencentcloudapi.com",
  international: "https://trtc.intl.tencentcloudapi.com",
} as const;

/**
 * The Live engine REST API's hosts, by the country or region of the SDKAppID (Live engine REST API, "create_battle" page). The
 * application's data lives in one of them only, so there is no default.
 */
export const LIVE_ENDPOINTS = {
  china: "https://console.tim.qq.com",
  singapore: "https://adminapisgp.im.qcloud.com",
  usa: "https://adminapiusa.im.qcloud.com",
} as const;

/** The admin account every Chat application is created with. */
export const DEFAULT_ADMIN_USER_ID = "administrator";

/** Reads a stack config key such as `trtc:secretId`; undefined when unset. */
export type ConfigGetter = (key: string) => string | undefined;

/** Stack config wins over the environment, key by key, as in Tencent's own tools. */
export function resolveSettings(config: ConfigGetter, env: NodeJS.ProcessEnv = process.env): Settings {
  const pick = (key: string, envName: string) => nonEmpty(config(`trtc:${key}`)) ?? nonEmpty(env[envName]);
  const endpoint = endpointUrl(pick("endpoint", "TRTC_ENDPOINT") ?? "mainland");
  const live = pick("liveEndpoint", "TRTC_LIVE_ENDPOINT");
  const sdkAppId = pick("sdkAppId", "TRTC_SDK_APP_ID");
  return {
    secretId: pick("secretId", "TENCENTCLOUD_SECRET_ID"),
    secretKey: pick("secretKey", "TENCENTCLOUD_SECRET_KEY"),
    // The names of Tencent's Terraform and Pulumi providers, and of tccli's files.
    securityToken: pick("securityToken", "TENCENTCLOUD_SECURITY_TOKEN"),
    profile: pick("profile", "TENCENTCLOUD_PROFILE"),
    sharedCredentialsDir: pick("sharedCredentialsDir", "TENCENTCLOUD_SHARED_CREDENTIALS_DIR") ?? tccliDir(env.HOME ?? env.USERPROFILE),
    camRoleName: pick("camRoleName", "TENCENTCLOUD_CAM_ROLE_NAME"),
    sdkAppId: sdkAppId === undefined ? undefined : applicationId(sdkAppId),
    region: pick("region", "TENCENTCLOUD_REGION"),
    endpoint,
    sdkSecretKey: pick("sdkSecretKey", "TRTC_SDK_SECRET_KEY"),
    sdkSecretKeys: keyMap(pick("sdkSecretKeys", "TRTC_SDK_SECRET_KEYS")),
    // Tencent serves both APIs over https only: a plain-http endpoint is a local emulator, which serves both.
    liveEndpoint: live !== undefined ? liveEndpointUrl(live) : endpoint.startsWith("http://") ? endpoint : undefined,
    adminUserId: pick("adminUserId", "TRTC_ADMIN_USER_ID"),
    fullUpdates: flag(pick("fullUpdates", "TRTC_FULL_UPDATES"), "trtc:fullUpdates"),
    aiConfigsOptional: flag(pick("aiConfigsOptional", "TRTC_AI_CONFIGS_OPTIONAL"), "trtc:aiConfigsOptional"),
    dashboardEdition: edition(pick("dashboardEdition", "TRTC_DASHBOARD_EDITION")),
    throttledForSeconds: seconds(pick("throttledForSeconds", "TRTC_THROTTLED_FOR_SECONDS"), "trtc:throttledForSeconds"),
  };
}

function applicationId(value: string): number {
  if (/^[1-9]\d{0,15}$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
  throw new ConfigError(`trtc:sdkAppId "${value}" is not an SDKAppID: use the application's number, e.g. 1400000001`);
}

function flag(value: string | undefined, key: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === "true" || value === "false") return value === "true";
  throw new ConfigError(`${key} must be true or false, not "${value}"`);
}

function seconds(value: string | undefined, key: string): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  throw new ConfigError(`${key} must be a number of seconds, 0 or more (e.g. 600; 0 fails a throttled call at once), not "${value}"`);
}

function edition(value: string | undefined): DashboardEdition | undefined {
  if (value === undefined || (DASHBOARD_EDITIONS as readonly string[]).includes(value)) return value as DashboardEdition | undefined;
  throw new ConfigError(`trtc:dashboardEdition must be ${DASHBOARD_EDITIONS.join(" or ")}, not "${value}"`);
}

/** `{"1400000001": "key", ...}`: SDKAppID to secret key. */
function keyMap(value: string | undefined): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  const valid =
    typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) &&
    Object.entries(parsed).every(([id, key]) => /^[1-9]\d*$/.test(id) && typeof key === "string" && key !== "");
  if (!valid) {
    throw new ConfigError('trtc:sdkSecretKeys must be a JSON object of SDKAppID to secret key, e.g. {"1400000001": "..."}');
  }
  return parsed as Record<string, string>;
}

/** `mainland`, `international`, a host name, or a full http(s) URL. */
export function endpointUrl(value: string): string {
  return baseUrl(value, ENDPOINTS, "trtc:endpoint");
}

/** `china`, `singapore`, `usa`, a host name, or a full http(s) URL. */
export function liveEndpointUrl(value: string): string {
  return baseUrl(value, LIVE_ENDPOINTS, "trtc:liveEndpoint");
}

function baseUrl(value: string, named: Readonly<Record<string, string>>, key: string): string {
  if (Object.hasOwn(named, value)) return named[value];
  const url = /^https?:\/\//.test(value) ? value : `https://${value}`;
  try {
    return new URL(url).origin;
  } catch {
    throw new ConfigError(`${key} "${value}" is not valid: use ${Object.keys(named).join(", ")}, a host name or an http(s) URL`);
  }
}

export function requireLiveEndpoint(settings: Settings): string {
  if (settings.liveEndpoint) return settings.liveEndpoint;
  throw new ConfigError(
    "The Live engine REST API's host is not set: it depends on the country or region of your SDKAppID. Set stack " +
      `config (\`pulumi config set trtc:liveEndpoint singapore\`: ${Object.keys(LIVE_ENDPOINTS).join(", ")}, a host or a URL) ` +
      "or the environment variable TRTC_LIVE_ENDPOINT.",
  );
}

/** The key TRTC calls are signed with: fixed, or temporary keys fetched and renewed as they expire. */
export interface ApiCredential {
  credential: Credential | DynamicCredential;
  /** Whose calls they are, for the rate limiter: the SecretId, or where temporary keys come from. */
  account: string;
}

const DEFAULT_PROFILE = "default";

const NOT_SET =
  "TRTC credentials are not set. Either set stack config (`pulumi config set --secret trtc:secretId AKID...` and " +
  "`pulumi config set --secret trtc:secretKey ...`, plus trtc:securityToken for a temporary key) or the environment " +
  "variables TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY (and TENCENTCLOUD_SECURITY_TOKEN); or name a tccli " +
  "profile (trtc:profile or TENCENTCLOUD_PROFILE, `default` is read when present), or the CVM's CAM role " +
  "(trtc:camRoleName or TENCENTCLOUD_CAM_ROLE_NAME).";

/**
 * Tencent's chain, in the order of its Terraform provider: keys from stack config or the
 * environment (with a session token for temporary ones), then a CVM's CAM role, then a tccli
 * profile. Read when the first call is made, so previews that call nothing need none.
 */
export async function apiCredential(settings: Settings): Promise<ApiCredential> {
  const { secretId, secretKey, securityToken, camRoleName } = settings;
  if (secretId && secretKey) return { credential: { secretId, secretKey, token: securityToken }, account: secretId };
  if (secretId || secretKey || securityToken) {
    throw new ConfigError(
      `${secretId ? "trtc:secretKey" : "trtc:secretId"} is not set: trtc:secretId and trtc:secretKey (TENCENTCLOUD_SECRET_ID, ` +
        "TENCENTCLOUD_SECRET_KEY) go together, and trtc:securityToken is the session token of a temporary pair",
    );
  }
  // Loaded by the first call only, as the client is.
  const { CvmRoleCredential } = await import("tencentcloud-sdk-nodejs-common");
  if (camRoleName) {
    /** The SDK's CVM role credential finds the instance's role itself; a named one is read as named. */
    class NamedCvmRole extends CvmRoleCredential {
      protected override getRoleName(): Promise<string> {
        return Promise.resolve(camRoleName!);
      }
    }
    return { credential: new NamedCvmRole(), account: `cam-role:${camRoleName}` };
  }
  const profile = tccliProfile(settings);
  if (!profile) throw new ConfigError(NOT_SET);
  if (profile.type === "cvm-role") return { credential: new CvmRoleCredential(), account: `profile:${profile.name}` };
  return { credential: { secretId: profile.secretId, secretKey: profile.secretKey, token: profile.token }, account: profile.secretId };
}

/** tccli's directory in a home directory: the given one, else the process's. */
function tccliDir(home: string | undefined): string {
  return path.join(home ?? homedir(), ".tccli");
}

type Profile = { name: string } & ({ type: "cvm-role" } | { type: "keys"; secretId: string; secretKey: string; token?: string });

/**
 * A tccli profile's credential file, `<dir>/<profile>.credential`: JSON with secretId, secretKey
 * and, for a temporary key, token (what `tccli configure set` writes, and `tccli auth login`
 * refreshes); or `"type": "cvm-role"` (`tccli configure set use-cvm-role true`). The default
 * profile may be absent; a named one must be there.
 */
function tccliProfile(settings: Settings): Profile | undefined {
  const name = settings.profile ?? DEFAULT_PROFILE;
  const file = path.join(settings.sharedCredentialsDir ?? tccliDir(undefined), `${name}.credential`);
  if (!existsSync(file)) {
    if (settings.profile === undefined) return undefined;
    throw new ConfigError(`tccli profile ${name} (trtc:profile or TENCENTCLOUD_PROFILE) has no credential file ${file}: run \`tccli configure --profile ${name}\``);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new ConfigError(`${file} is not the JSON tccli writes: ${e instanceof Error ? e.message : String(e)}`);
  }
  const cred = (typeof parsed === "object" && parsed !== null ? parsed : {}) as Record<string, unknown>;
  if (cred.type === "cvm-role") return { name, type: "cvm-role" };
  const { secretId, secretKey, token } = cred;
  if (typeof secretId !== "string" || secretId === "" || typeof secretKey !== "string" || secretKey === "") {
    throw new ConfigError(`${file} holds no secretId and secretKey: run \`tccli configure --profile ${name}\``);
  }
  return { name, type: "keys", secretId, secretKey, token: typeof token === "string" && token !== "" ? token : undefined };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

import { Api } from "tls-sig-api-v2";
import { ConfigError } from "./errors";
import type { Settings } from "./settings";

/** Long enough for one call and its retries; a sig made here is never stored. */
export const GENERATED_SIG_SECONDS = 300;

/** The application's secret key for `sdkAppId` (trtc:sdkSecretKeys entry, else trtc:sdkSecretKey), if set. */
export function appSecretKey(settings: Settings, sdkAppId: number): string | undefined {
  return settings.sdkSecretKeys?.[String(sdkAppId)] ?? settings.sdkSecretKey;
}

/**
 * Signs a UserSig for `userId` with Tencent's own generator, from the application's secret key.
 * Throws a ConfigError naming both ways to give the key when it is not set.
 */
export function makeUserSig(settings: Settings, sdkAppId: number, userId: string, expireSeconds = GENERATED_SIG_SECONDS): string {
  const key = appSecretKey(settings, sdkAppId);
  if (!key) {
    throw new ConfigError(
      `No secret key for TRTC application ${sdkAppId} to sign a UserSig with. Set stack config ` +
        "(`pulumi config set --secret trtc:sdkSecretKey ...`, or trtc:sdkSecretKeys as a JSON object of SDKAppID to key) " +
        "or the environment variable TRTC_SDK_SECRET_KEY (or TRTC_SDK_SECRET_KEYS).",
    );
  }
  return new Api(sdkAppId, key).genUserSig(userId, expireSeconds);
}

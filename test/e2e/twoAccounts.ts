import { DEFAULT_APP_KEY, DEFAULT_CREDENTIALS, DEFAULT_SDK_APP_ID, type EmulatorOptions } from "../../emulator";

// What examples/yaml-event-room and examples/plugin-sdk share under test: the same program config
// (a CDN push URL and an LLM key as secrets, a lookup window) and a partner's second emulator
// account and application for their explicit provider.

export const PARTNER_ID = "AKIDpartnerEmulatorKey";
export const PARTNER_KEY = "partner-secret-key";
export const PARTNER_APP = 1400000002;
export const PARTNER_APP_KEY = "partner-app-secret-key";
export const PUSH_URL = "rtmp://push.example.com/live/launch?txSecret=push-token-plaintext&txTime=7258118400";
export const LLM_KEY = "sk-llm-key-plaintext";

const secret = (value: string) => ({ value, secret: true });

/** The stack config both programs read. */
export function eventRoomConfig(): Record<string, { value: string; secret?: boolean }> {
  return {
    "trtc:sdkSecretKey": secret(DEFAULT_APP_KEY),
    cdnPushUrl: secret(PUSH_URL),
    llmApiKey: secret(LLM_KEY),
    roomsSince: { value: new Date(Date.now() - 3600_000).toISOString() },
    partnerSdkAppId: { value: String(PARTNER_APP) },
    partnerSecretId: { value: PARTNER_ID },
    partnerSecretKey: secret(PARTNER_KEY),
    partnerSdkSecretKey: secret(PARTNER_APP_KEY),
    partnerRegion: { value: "ap-jakarta" },
  };
}

/** The emulator with the default account and application and the partner's. */
export const TWO_ACCOUNTS: EmulatorOptions = {
  credentials: { ...DEFAULT_CREDENTIALS, [PARTNER_ID]: PARTNER_KEY },
  appKeys: { [DEFAULT_SDK_APP_ID]: DEFAULT_APP_KEY, [PARTNER_APP]: PARTNER_APP_KEY },
};

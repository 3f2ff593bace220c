import { CommonClient } from "tencentcloud-sdk-nodejs-common";
import { DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY, EmulatorControl, type EmulatorOptions, type RunningEmulator, startEmulator } from "../emulator";

export const REGION = "ap-singapore";

export interface ClientOptions {
  region?: string;
  secretId?: string;
  secretKey?: string;
  version?: string;
}

/** Tencent's own client, pointed at the emulator: the oracle for how TRTC is really called. */
export function sdkClient(url: string, options: ClientOptions = {}): CommonClient {
  return new CommonClient("trtc.tencentcloudapi.com", options.version ?? "2019-07-22", {
    credential: { secretId: options.secretId ?? DEFAULT_SECRET_ID, secretKey: options.secretKey ?? DEFAULT_SECRET_KEY },
    region: options.region ?? REGION,
    profile: { httpProfile: { protocol: "http://", endpoint: new URL(url).host } },
  });
}

export interface EmulatorSuite {
  emulator: RunningEmulator;
  /** Tencent's SDK client for the emulator. */
  trtc: CommonClient;
  control: EmulatorControl;
}

/**
 * One emulator for the test file, reset before each test with its virtual clock frozen: time
 * stands still unless a test advances it, so nothing depends on how fast this machine is.
 */
export function useFrozenEmulator(options: EmulatorOptions = {}): EmulatorSuite {
  const suite = {} as EmulatorSuite;
  beforeAll(async () => {
    suite.emulator = await startEmulator({ port: 0, ...options });
    suite.trtc = sdkClient(suite.emulator.url);
    suite.control = new EmulatorControl(suite.emulator.url);
  });
  afterAll(() => suite.emulator.close());
  beforeEach(async () => {
    await suite.control.reset();
    await suite.control.freezeClock();
  });
  return suite;
}

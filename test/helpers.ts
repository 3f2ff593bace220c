import * as runtime from "../provider/runtime";
import { Api } from "tls-sig-api-v2";
import { DEFAULT_APP_KEY, DEFAULT_CREDENTIALS, DEFAULT_SDK_APP_ID, RunningEmulator, startEmulator } from "../emulator";

export const REGION = "ap-singapore";
export const [[SECRET_ID, SECRET_KEY]] = Object.entries(DEFAULT_CREDENTIALS);

/** Starts an emulator and points the provider runtime at it, as stack config would. */
export async function emulatorWithProvider(): Promise<RunningEmulator> {
  const emulator = await startEmulator({ port: 0 });
  await configureRuntime({
    "trtc:secretId": SECRET_ID,
    "trtc:secretKey": SECRET_KEY,
    "trtc:region": REGION,
    "trtc:endpoint": emulator.url,
  });
  return emulator;
}

/**
 * For a test file: an emulator the provider runtime is pointed at, reset before each test with its
 * virtual clock frozen, so tasks end and statuses change only when a test moves time.
 */
export function useEmulatorWithProvider(): { readonly emulator: RunningEmulator } {
  const suite = {} as { emulator: RunningEmulator };
  beforeAll(async () => {
    suite.emulator = await emulatorWithProvider();
  });
  afterAll(() => suite.emulator.close());
  beforeEach(() => {
    suite.emulator.state.reset();
    suite.emulator.state.clock.freeze();
  });
  return suite;
}

/** A program's inputs as check returns them, failing the test if check finds anything wrong. */
export async function checked(news: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = await runtime.check({}, news);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as Record<string, unknown>;
}

/** What Pulumi's dynamic provider host hands to `configure`: the stack's config. */
export function configureRuntime(config: Record<string, string>): Promise<void> {
  return runtime.configure({ config: { get: (key: string) => config[key] } } as never);
}

export function actions(emulator: RunningEmulator): string[] {
  return emulator.state.requests.list().map((r) => r.action);
}

/** A real UserSig for a bot of the emulator's default application, as Tencent's generator makes it. */
export function botSig(userId: string, sdkAppId = DEFAULT_SDK_APP_ID, key = DEFAULT_APP_KEY, expireSeconds = 86400): string {
  return new Api(sdkAppId, key).genUserSig(userId, expireSeconds);
}

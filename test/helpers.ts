import * as runtime from "../provider/runtime";
import { Api } from "tls-sig-api-v2";
import { DEFAULT_APP_KEY, DEFAULT_CREDENTIALS, DEFAULT_SDK_APP_ID, RunningEmulator, startEmulator } from "../emulator";
import { encode, synthesise } from "../emulator/handlers/tts/audio";

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
 * For a test file: one emulator the provider runtime is pointed at, reset before each test with its
 * virtual clock frozen (tasks end by time, so tests move it explicitly).
 */
export function useProviderEmulator(): { emulator: RunningEmulator } {
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

/** The inputs `check` returns for a valid program; any failure fails the test. */
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

/**
 * The failure check reports for a problem at `path` (dotted, list elements by index:
 * "mixLayoutList.0.width") whose reason holds `rule`, as docs/tasks.md words it: the
 * top-level input as property and the path below it in Pulumi's syntax as the reason's start; for
 * an input in `hidden` (one that is or holds a secret, or one the spec does not know), no property
 * and the whole path.
 */
export function checkFailure(path: string, rule: RegExp, hidden: readonly string[]): { property: string; reason: unknown } {
  const [input, ...below] = path.split(".");
  const pulumiPath = (parts: string[]) => parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const reason = (start: string) => expect.stringMatching(new RegExp(`${start}.*${rule.source}`));
  if (hidden.includes(input)) return { property: "", reason: reason(`^${escape(pulumiPath([input, ...below]))}: `) };
  // A top-level input's reason is the rule alone: Pulumi already prints the property.
  if (below.length === 0) return { property: input, reason: reason(`^(?!${escape(input)}: )`) };
  return { property: input, reason: reason(`^${escape(pulumiPath(below))}: `) };
}

/** A voiceprint's recording: a WAV of speech synthesised for `characters` characters (100 last about 10 s), in Base64. */
export function wav(characters: number): string {
  return encode(synthesise("a".repeat(characters), 16000), "wav").toString("base64");
}

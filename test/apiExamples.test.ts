import { TrtcClient } from "../provider/client";
import { DEFAULT_RETRY } from "../provider/retry";
import { LiveClient } from "../provider/liveClient";
import { resolveSettings } from "../provider/settings";
import { DEFAULT_APP_KEY, DEFAULT_SDK_APP_ID, type RunningEmulator, startEmulator } from "../emulator";
import { type Example, examples, shapeDifferences, substituted } from "./apiExamples";
import { REGION, SECRET_ID, SECRET_KEY } from "./helpers";

// The documents' examples as contract tests (issue 24): every documented request, with the
// application, bots and tasks the emulator knows put in (each fixture says what it substituted),
// is accepted by the emulator, whose answer has the documented output's keys and value types.

const ALL = examples();
const byName = new Map(ALL.map((e) => [e.name, e]));

let emulator: RunningEmulator;
let trtc: TrtcClient;
let live: LiveClient;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  const settings = resolveSettings(() => undefined, {
    TENCENTCLOUD_SECRET_ID: SECRET_ID,
    TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
    TRTC_ENDPOINT: emulator.url,
    TRTC_SDK_SECRET_KEY: DEFAULT_APP_KEY,
  });
  trtc = new TrtcClient(settings, { ...DEFAULT_RETRY, retries: 0 });
  live = new LiveClient(settings, { ...DEFAULT_RETRY, retries: 0 });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.state.reset());
afterEach(() => jest.useRealTimers());

/** Takes the example's `now` for Date only: timers, HTTP and the SDK's sockets run as ever. */
function at(now: string | undefined): void {
  if (now === undefined) return;
  emulator.state.clock.reset();
  jest.useFakeTimers({ now: new Date(now), doNotFake: ["nextTick", "setImmediate", "clearImmediate", "setInterval", "clearInterval", "setTimeout", "clearTimeout", "queueMicrotask", "hrtime", "performance"] });
  emulator.state.clock.freeze();
}

/** Sends an example's documented request, its substitutions made. */
async function send(example: Example, taskId?: string): Promise<Record<string, unknown>> {
  const params = substituted(example, taskId);
  if (example.api === "live") return live.call({ command: example.action, sdkAppId: DEFAULT_SDK_APP_ID, body: params }, "read");
  return trtc.call(example.action, params, "read", example.emulator?.region ?? REGION);
}

/** Runs what the example needs first and sends it: the emulator's answer. */
export async function runDocumented(example: Example): Promise<Record<string, unknown>> {
  const { emulator: run = {} } = example;
  at(run.now);
  for (const [roomId, userId] of run.join ?? []) emulator.state.world.rooms.join(DEFAULT_SDK_APP_ID, roomId, userId);
  const start = run.start === undefined ? undefined : byName.get(run.start);
  if (run.start !== undefined && !start) throw new Error(`${example.name}: no example ${run.start} to start the task with`);
  const taskId = start && String((await send(start)).TaskId);
  return send(example, taskId);
}

test("every document's example was extracted", () => {
  expect(ALL.length).toBe(49);
  expect(ALL.filter((e) => !e.emulator)).toEqual([]);
});

describe.each(ALL.map((e) => [e.name, e] as const))("%s", (_name, example) => {
  // Both clients hand back the envelope's Response, having checked the rest of it; the Live
  // client adds the envelope's RequestId, which TRTC API 3.0 keeps inside Response.
  const { Response: inner, RequestId } = example.response as { Response: Record<string, unknown>; RequestId?: unknown };
  const documented = example.api === "live" ? { ...inner, RequestId } : inner;
  const divergent = example.divergence?.response;

  test(divergent ? `diverges from the documented output: ${divergent}` : "the emulator accepts the documented request and answers in the documented shape", async () => {
    const differences = await runDocumented(example).then(
      (answer) => shapeDifferences(documented, answer),
      (e: Error & { code?: string }) => (divergent ? [`refused: ${e.code ?? e.message}`] : Promise.reject(e)),
    );
    if (divergent) expect(differences).not.toEqual([]);
    else expect(differences).toEqual([]);
  });
});

import { TrtcClient } from "../provider/client";
import { DEFAULT_RETRY } from "../provider/retry";
import { LiveClient } from "../provider/liveClient";
import { resolveSettings } from "../provider/settings";
import { DEFAULT_APP_KEY, DEFAULT_SDK_APP_ID, type RunningEmulator, startEmulator } from "../emulator";
import * as runtime from "../provider/runtime";
import { clientsFor, type FunctionClients, runFunction } from "../provider/function";
import { FUNCTION_SPECS } from "../registry";
import { type Example, examples, forgetSigs, type ProgramRun, parentOf, resolve, shapeDifferences, substituted } from "./apiExamples";
import { configureRuntime, REGION, SECRET_ID, SECRET_KEY } from "./helpers";

// The documents' examples as contract tests (issue 24): every documented request, with the
// application, bots and tasks the emulator knows put in (each fixture says what it substituted),
// is accepted by the emulator, whose answer has the documented output's keys and value types.

const ALL = examples();
const byName = new Map(ALL.map((e) => [e.name, e]));

let emulator: RunningEmulator;
let trtc: TrtcClient;
let live: LiveClient;
let clients: FunctionClients;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  const settings = resolveSettings(() => undefined, {
    TENCENTCLOUD_SECRET_ID: SECRET_ID,
    TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
    TRTC_ENDPOINT: emulator.url,
    TRTC_SDK_SECRET_KEY: DEFAULT_APP_KEY,
    TENCENTCLOUD_REGION: REGION,
  });
  trtc = new TrtcClient(settings, { ...DEFAULT_RETRY, retries: 0 });
  live = new LiveClient(settings, { ...DEFAULT_RETRY, retries: 0 });
  clients = clientsFor(settings);
  await configureRuntime({ "trtc:secretId": SECRET_ID, "trtc:secretKey": SECRET_KEY, "trtc:region": REGION, "trtc:endpoint": emulator.url, "trtc:sdkSecretKey": DEFAULT_APP_KEY });
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.state.reset();
  forgetSigs();
});
afterEach(() => jest.useRealTimers());

/** Takes the example's `now` for Date only, running on from there: timers, HTTP and the SDK's sockets run as ever. */
function at(now: string | undefined): void {
  if (now === undefined) return;
  emulator.state.clock.reset();
  jest.useFakeTimers({ now: new Date(now), advanceTimers: true, doNotFake: ["nextTick", "setImmediate", "clearImmediate", "setInterval", "clearInterval", "setTimeout", "clearTimeout", "queueMicrotask", "hrtime", "performance"] });
  emulator.state.clock.freeze();
}

/** Sends an example's documented request, its substitutions made. */
async function send(example: Example, taskId?: string): Promise<Record<string, unknown>> {
  const params = substituted(example, taskId);
  if (example.api === "live") return live.call({ command: example.action, sdkAppId: DEFAULT_SDK_APP_ID, body: params }, "read");
  return trtc.call(example.action, params, "read", example.emulator?.region ?? REGION);
}

/** Makes the world the example needs: its time, its users in rooms, and its task (by the documented Start) when `start`. */
async function prepare(example: Example, start: boolean): Promise<string | undefined> {
  const { emulator: run = {} } = example;
  at(run.now);
  for (const [roomId, userId] of run.join ?? []) emulator.state.world.rooms.join(DEFAULT_SDK_APP_ID, roomId, userId);
  if (!start || run.start === undefined) return undefined;
  const starting = byName.get(run.start);
  if (!starting) throw new Error(`${example.name}: no example ${run.start} to start the task with`);
  return String((await send(starting)).TaskId);
}

/** Sends the documented request into the world it needs: the emulator's answer. */
async function runDocumented(example: Example): Promise<Record<string, unknown>> {
  return send(example, await prepare(example, true));
}

test("every document's example was extracted, and says how it runs here", () => {
  expect(ALL.length).toBe(49);
  expect(ALL.filter((e) => !e.emulator || !e.program).map((e) => e.name)).toEqual([]);
});

// (b) For each example, a program input (stated in the fixture) from which the spec's builder
// makes exactly the documented request: the program runs through the provider runtime or the
// function core against the emulator, and the request the emulator logged is compared.

/** A resource step or a function call of the fixture's program: the params the emulator logged for the example's action. */
async function runProgram(example: Example): Promise<unknown> {
  const program = example.program!;
  // A function acts on the documented task; a resource starts its own.
  let taskId = await prepare(example, "function" in program);
  if ("function" in program) {
    const spec = FUNCTION_SPECS.find((s) => s.name === program.function)!;
    await runFunction(spec, resolve(program.args, taskId) as never, clients);
  } else {
    const checkedInputs = async (olds: Record<string, unknown>, inputs: Record<string, unknown>) => {
      const result = await runtime.check(olds, { ...(resolve(inputs, undefined) as object), __kind: program.resource });
      if (result.failures?.length) throw new Error(`check: ${JSON.stringify(result.failures)}`);
      return result.inputs as Record<string, unknown>;
    };
    const first = await checkedInputs({}, program.step === "update" ? program.from : program.inputs);
    const created = await runtime.create(first);
    taskId = created.id;
    if (program.step === "read") await runtime.read(created.id, created.outs);
    if (program.step === "delete") await runtime.remove(created.id, created.outs);
    if (program.step === "update") await runtime.update(created.id, created.outs, await checkedInputs(created.outs, program.inputs));
  }
  const sent = emulator.state.requests.list().filter((r) => r.action === (example.api === "live" ? `live_engine_http_pk/${example.action}` : example.action)).at(-1);
  if (!sent) throw new Error(`${example.action} was not sent`);
  return [comparable(sent.params as Record<string, unknown>, program), comparable(substituted(example, taskId), program)];
}

/** The request as compared: without the members the fixture leaves out, its JSON texts parsed. */
function comparable(params: Record<string, unknown>, program: ProgramRun): Record<string, unknown> {
  const copy = structuredClone(params);
  for (const dotted of Object.keys(program.unchecked ?? {})) {
    const [at, key] = parentOf(copy, dotted);
    delete at[key];
  }
  for (const dotted of program.jsonText ?? []) {
    const [at, key] = parentOf(copy, dotted);
    if (typeof at[key] === "string") at[key] = JSON.parse(at[key]);
  }
  return copy;
}

// One block per example, in the order of their instants: the fake Date only moves forward, as the
// provider's process-wide rate limiter expects of time (examples without one run last, in real time).
const IN_TIME_ORDER = [...ALL].sort((a, b) => instant(a) - instant(b));

function instant(example: Example): number {
  const now = example.emulator?.now;
  return now === undefined ? Number.MAX_SAFE_INTEGER : Date.parse(now);
}

describe.each(IN_TIME_ORDER.map((e) => [e.name, e] as const))("%s", (_name, example) => {
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

  const divergentRequest = example.divergence?.request;
  test(divergentRequest ? `diverges from the documented request: ${divergentRequest}` : "a program input makes exactly the documented request", async () => {
    const outcome = await runProgram(example).catch((e: Error) => (divergentRequest ? `refused: ${e.message}` : Promise.reject(e)));
    if (divergentRequest) {
      if (Array.isArray(outcome)) expect(outcome[0]).not.toEqual(outcome[1]);
    } else {
      const [sent, documented] = outcome as [unknown, unknown];
      expect(sent).toEqual(documented);
    }
  });
});

import { emulatorTarget, liveTarget, runScenario, SCENARIOS, type Target, writeSnapshot } from "./harness";

// `npm run test:live`: the acceptance scenarios against the real TRTC when TRTC_LIVE=1 (every
// credential and an explicit TRTC_SDK_APP_ID required, a cost warning first, snapshots written to
// test/live/snapshots/ for a maintainer to review and commit), else against the emulator, which
// proves the harness and writes nothing.

const LIVE = process.env.TRTC_LIVE === "1";
/** Unique to this run, so its rooms are no other run's. */
const RUN = Date.now().toString(36);

let target: Target;

beforeAll(async () => {
  if (LIVE) {
    target = await liveTarget();
    console.warn(
      `TRTC_LIVE=1: these scenarios start real tasks in application ${target.sdkAppId} (${target.region}), each for a few ` +
        "seconds (idle time-outs of 5 s, every task stopped at the end): relaying, mixing, recording, AI conversation and " +
        "transcription are billed by the minute, and an AI conversation calls your LLM.",
    );
  } else {
    target = await emulatorTarget();
    console.log("TRTC_LIVE is not 1: the scenarios run against the local emulator, which proves the harness; no snapshot is written.");
  }
});
afterAll(() => target.close());

describe.each(SCENARIOS.map((s) => [s.name, s] as const))("%s", (_name, scenario) => {
  test(scenario.about, async () => {
    const missing = (scenario.needs ?? []).filter((name) => !target.env(name));
    if (missing.length) {
      console.log(`${scenario.name}: skipped, needs ${missing.join(", ")}`);
      return;
    }
    const outcome = await runScenario(scenario, target, RUN);
    // A failed call is the service's answer and goes into the snapshot; only an unstopped task fails the run.
    if (outcome.error) console.log(`${scenario.name}: ${outcome.error}`);
    if (LIVE) writeSnapshot(scenario, target, outcome.calls);
    expect(outcome.leftRunning).toEqual([]);
    expect(outcome.calls.length).toBeGreaterThan(0);
  }, 120_000);
});

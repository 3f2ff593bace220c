import { DEFAULT_APP_KEY } from "../../emulator";
import { emulatorTarget, LIVE_REQUIRED, liveTarget, readSnapshot, runScenario, SCENARIOS, snapshotDifferences, writeSnapshot } from "./harness";

// The live acceptance scenarios replayed against the emulator (issue 24), as CI runs them: the
// harness must run every scenario to its end and stop every task it started, and where the real
// TRTC's snapshot of a scenario is committed (TRTC_LIVE=1 npm run test:live records them), the
// emulator must make the same calls with the same requests and outcomes, and answer in the same
// shapes. Without a snapshot the comparison is skipped and says so: none is ever made up.

let target: Awaited<ReturnType<typeof emulatorTarget>>;

beforeAll(async () => {
  target = await emulatorTarget();
  console.log("The live scenarios run here against the local emulator: that proves the harness, not the service.");
});
afterAll(() => target.close());

describe.each(SCENARIOS.map((s) => [s.name, s] as const))("%s", (_name, scenario) => {
  test("runs to its end against the emulator and leaves no task running", async () => {
    const outcome = await runScenario(scenario, target, "replay");
    expect(outcome.error).toBeUndefined();
    expect(outcome.leftRunning).toEqual([]);
    expect(target.emulator.state.tasks.list().filter((t) => t.status !== "Ended")).toEqual([]);
    // Sanitised: no task id, room of this run or credential is in what would be a snapshot.
    const recorded = JSON.stringify(outcome.calls);
    for (const task of target.emulator.state.tasks.list()) expect(recorded).not.toContain(task.taskId);
    expect(recorded).not.toMatch(/pulumi-trtc-replay-|eJw|"RequestId":"[0-9a-f-]{36}"/);
    expect(recorded).not.toContain(DEFAULT_APP_KEY);

    const snapshot = readSnapshot(scenario);
    if (!snapshot) {
      console.log(`${scenario.name}: no snapshot of the real TRTC is committed, so the comparison is skipped (TRTC_LIVE=1 npm run test:live records one)`);
      return;
    }
    expect(snapshotDifferences(snapshot.calls, outcome.calls)).toEqual([]);
  });
});

test("the live mode refuses to run without every credential and an explicit SDKAppID, and the emulator writes no snapshot", async () => {
  const complete = Object.fromEntries(LIVE_REQUIRED.map((name) => [name, "x"]));
  const { TRTC_SDK_APP_ID: _, ...noApp } = complete;
  await expect(liveTarget(noApp)).rejects.toThrow(/^TRTC_LIVE=1 needs TRTC_SDK_APP_ID: /);
  await expect(liveTarget({ ...complete, TRTC_SDK_APP_ID: "my-app" })).rejects.toThrow(/TRTC_SDK_APP_ID must be your application's SDKAppID/);
  expect(() => writeSnapshot(SCENARIOS[0]!, target, [])).toThrow(/only TRTC_LIVE=1 writes them/);
});

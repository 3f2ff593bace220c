import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { benchAppKeys, benchConfig } from "../../bench/bench";
import { slots } from "../../bench/program/layout";
import { runTeam } from "../../bench/team";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { describeWithEngine } from "./engine";

// Several `pulumi up` processes on one TRTC account (issue 25), under the real engine: three stacks
// of five StreamIngests, started together, against an emulator that allows 2 calls a second per
// action, so the processes' shared window (which believes in TRTC's 20) lets too many through and
// each process's limiter is throttled and must adapt. Asserted: calls and outcomes, never timings.

const K = 3;
const N = 5;

describeWithEngine("a team of stacks on one account", (bin) => {
  let emulator: RunningEmulator;
  let rateDir: string;
  const bots = slots(K * N);
  const appKeys = benchAppKeys(bots);
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, appKeys, requestsPerSecond: 2 });
    rateDir = mkdtempSync(path.join(tmpdir(), "team-trtc-rate-"));
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(rateDir, { recursive: true, force: true });
  });

  test(`${K} stacks of ${N} StreamIngests: every up and destroy succeeds, throttled calls retried`, async () => {
    const lines: string[] = [];
    const team = await runTeam(bin, emulator, benchConfig(emulator, appKeys, bots, N), { n: N, teamSize: K, extraEnv: {}, rateDir }, (l) => lines.push(l));
    const { up, destroy } = team.steps;
    expect({ processes: up.failedProcesses, operations: up.failedOperations }).toEqual({ processes: 0, operations: 0 });
    expect({ processes: destroy.failedProcesses, operations: destroy.failedOperations }).toEqual({ processes: 0, operations: 0 });
    // Each resource started once and stopped once, whatever was throttled on the way.
    expect(up.calls).toEqual({ StartStreamIngest: K * N + up.throttled });
    expect(destroy.calls).toEqual({ StopStreamIngest: K * N + destroy.throttled });
    // The account's rate was really in the way, and every throttled call was sent again.
    expect(up.throttled + destroy.throttled).toBeGreaterThan(0);
    expect(up.retries).toBe(up.throttled);
    expect(destroy.retries).toBe(destroy.throttled);
    const tasks = emulator.state.tasks.list();
    expect(tasks).toHaveLength(K * N);
    expect(tasks.every((t) => t.status === "Ended" && t.endReason === "stopped")).toBe(true);
    // The processes took their slots from one window per action, whose files name no SecretId; no lock is left.
    const files = readdirSync(rateDir);
    expect(files.filter((f) => f.endsWith(".json"))).toHaveLength(2);
    expect(files.filter((f) => !f.endsWith(".json"))).toEqual([]);
    expect(files.map((f) => readFileSync(path.join(rateDir, f), "utf8")).join("")).not.toContain("AKID");
  });
});

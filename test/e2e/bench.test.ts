import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { STACK_SHAPES, STEPS, type StackFigures } from "../../bench/bench";
import { LOOKUPS } from "../../bench/lookups";
import type { BenchReport } from "../../bench/report";
import type { AnyTaskSpec } from "../../provider/spec";
import { TASK_SPECS } from "../../registry";
import { REPO } from "../installed";
import { describeWithEngine } from "./engine";

// `npm run bench` at a tiny N, so the harness cannot rot: the command users run (after the build
// the test run made) prints every figure and writes them as JSON, and the calls each step makes
// are exactly what the engine should make. No timing is asserted.

const specs = TASK_SPECS;
// Enough resources that the mixed stack holds one of every family.
const N = Math.max(3, specs.length + 1);

/** Calls per action for the stack's resources, `actions` naming the calls one resource of a spec makes. */
function callsOf(stack: StackFigures, actions: (spec: AnyTaskSpec) => string[]): Record<string, number> {
  const calls: Record<string, number> = {};
  for (const [kind, count] of Object.entries(stack.resources)) {
    for (const action of actions(specs.find((s) => s.kind === kind)!)) calls[action] = (calls[action] ?? 0) + count;
  }
  return calls;
}

describeWithEngine("npm run bench", () => {
  test(`at N=${N}: every figure, with exactly the API calls of each step`, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "trtc-bench-"));
    const json = path.join(dir, "bench.json");
    const { stdout: printed } = await promisify(execFile)("npm", ["run", "--silent", "bench:measure", "--", "--n", String(N), "--repeat", "2", "--json", json], {
      cwd: REPO,
      maxBuffer: 16 * 2 ** 20,
    });
    const result = JSON.parse(readFileSync(json, "utf8")) as BenchReport;
    rmSync(dir, { recursive: true, force: true });
    const [ingestFloor, ingest, mixedFloor, mixed] = result.stacks;

    expect(result).toMatchObject({ n: N, skipCheckpoints: false, parallel: null, repeat: 2 });
    // Each shape of ours after its engine floor: the same resources, of a provider that does nothing.
    expect(result.stacks.map((s) => [s.shape, s.provider])).toEqual(STACK_SHAPES.flatMap((shape) => [[shape, "floor"], [shape, "trtc"]]));
    for (const floor of [ingestFloor, mixedFloor]) {
      expect(floor.resources).toEqual({ DoNothing: N });
      expect(floor.createSpanSeconds).toBeGreaterThanOrEqual(0);
      expect(floor.steps.up.calls).toEqual({});
      expect(floor.steps.refresh.calls).toEqual({});
      expect(floor.steps.destroy.calls).toEqual({});
    }
    expect(ingest.resources).toEqual({ StreamIngest: N });
    // The mixed stack builds every family there is.
    expect(Object.keys(mixed.resources).sort()).toEqual(specs.map((s) => s.kind).sort());
    expect(Object.values(mixed.resources).reduce((a, b) => a + b)).toBe(N);

    for (const stack of result.stacks) {
      for (const step of STEPS) {
        const figures = stack.steps[step];
        expect(figures.seconds).toBeGreaterThan(0);
        // Throttling depends on the machine's load: reported, not asserted (no wall-clock outcomes in tests).
        expect(figures.throttled).toBeGreaterThanOrEqual(0);
        expect(figures.apiSpanSeconds).toBeGreaterThanOrEqual(0);
        expect(figures.emulatorCpuSeconds).toBeGreaterThanOrEqual(0);
      }
      // Steps that change nothing ran twice, and the median run is reported.
      for (const step of ["preview", "noopUp", "refresh"] as const) expect(stack.steps[step].runsSeconds).toContain(stack.steps[step].seconds);
      expect(stack.steps.preview.calls).toEqual({});
      expect(stack.steps.noopUp.calls).toEqual({});
      expect(stack.providerBytes.min).toBe(stack.providerBytes.max);
    }
    for (const stack of [ingest, mixed]) {
      // Start, then the Describe that reads what it started (families with one, unless the spec knows what Start leaves).
      expect(stack.steps.up.calls).toEqual(
        callsOf(stack, (s) => [s.start.action, ...(s.describe && !s.start.started ? [s.describe.action] : [])]),
      );
      expect(stack.steps.up.rateBoundSeconds).toBe(Math.max(...Object.values(stack.steps.up.calls)) / 20);
      // One read per resource: its Describe, or for a family without one its probe (an update with its own values).
      expect(stack.steps.refresh.calls).toEqual(callsOf(stack, (s) => [(s.describe ?? s.probe!).action]));
      expect(stack.steps.destroy.calls).toEqual(callsOf(stack, (s) => [s.stop.action]));
      // One require line, however many resources.
      expect(stack.providerBytes.max).toBeLessThan(1024);
    }

    expect(result.lookups.map((l) => l.fn)).toEqual(LOOKUPS.map((l) => l.fn));
    const goalNames = result.goals.map((g) => g.name);
    for (const shape of ["ingest", "mixed"]) {
      expect(goalNames).toEqual(
        expect.arrayContaining([
          `${shape} up: API phase ÷ rate bound`,
          `${shape} destroy: API phase ÷ rate bound`,
          `${shape} up ÷ (floor up + rate bound)`,
          `${shape} no-op up ÷ floor`,
          `${shape} preview ÷ floor`,
          `${shape} refresh ÷ (floor refresh + rate bound)`,
          `${shape} refresh: calls that change something (probes apart)`,
          `${shape} no-op up: API calls`,
          `${shape} preview: API calls`,
          `${shape}: throttled answers`,
        ]),
      );
    }
    for (const g of result.goals) expect(Number.isFinite(g.value)).toBe(true);
    expect(result.goals.filter((g) => g.name.endsWith("API calls") || g.name.includes("calls that change")).every((g) => g.met)).toBe(true);
    // The mixed stack's RelayTasks are refreshed by their probe, reported apart from reads.
    const relays = mixed.resources.RelayTask;
    expect(printed).toContain(`mixed refresh: ${N} calls: ${N - relays} reads, ${relays} probes`);

    for (const g of result.goals) expect(printed).toContain(g.name);
  }, 600_000);
});

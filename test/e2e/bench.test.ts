import { runBench, STACK_SHAPES, STEPS, type StackFigures } from "../../bench/bench";
import { LOOKUPS } from "../../bench/lookups";
import { formatReport, report } from "../../bench/report";
import * as resources from "../../resources";
import { type AnyTaskSpec, isTaskSpec } from "../../provider/spec";
import { describeWithEngine } from "./engine";

// `npm run bench` at a tiny N, so the harness cannot rot: every figure is produced, and the calls
// each step makes are exactly what the engine should make. No timing is asserted.

const specs = Object.values(resources as Record<string, unknown>).filter(isTaskSpec);
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
    const result = report(await runBench({ n: N }));
    const [floor, ingest, mixed] = result.stacks;

    expect(result).toMatchObject({ n: N, skipCheckpoints: false, parallel: null });
    expect(result.stacks.map((s) => s.shape)).toEqual([...STACK_SHAPES]);
    expect(floor.resources).toEqual({ DoNothing: N });
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
      }
      expect(stack.steps.preview.calls).toEqual({});
      expect(stack.steps.noopUp.calls).toEqual({});
      expect(stack.providerBytes.min).toBe(stack.providerBytes.max);
    }
    expect(floor.steps.up.calls).toEqual({});
    expect(floor.steps.destroy.calls).toEqual({});
    for (const stack of [ingest, mixed]) {
      // Start, then the Describe that reads what it started (families with one, unless the spec knows what Start leaves).
      expect(stack.steps.up.calls).toEqual(
        callsOf(stack, (s) => [s.start.action, ...(s.describe && !s.start.started ? [s.describe.action] : [])]),
      );
      expect(stack.steps.up.rateBoundSeconds).toBe(Math.max(...Object.values(stack.steps.up.calls)) / 20);
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
          `${shape} no-op up: API calls`,
          `${shape} preview: API calls`,
          `${shape}: throttled answers`,
        ]),
      );
    }
    for (const g of result.goals) expect(Number.isFinite(g.value)).toBe(true);
    expect(result.goals.filter((g) => g.name.endsWith("API calls")).every((g) => g.met)).toBe(true);

    const printed = formatReport(result);
    for (const g of result.goals) expect(printed).toContain(g.name);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  }, 600_000);
});

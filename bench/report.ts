import { TASK_SPECS } from "../registry";
import type { BenchFigures, StackFigures, Step, StepFigures } from "./bench";
import { STEPS } from "./bench";
import { TEAM_STEPS, type TeamFigures } from "./team";

// The bench's figures as ratios against their limits (issue 13), each goal met or missed, and the
// table `npm run bench` prints.

export interface Goal {
  name: string;
  value: number;
  /** "<= 1.1", ">= 0.9", "= 0". */
  goal: string;
  met: boolean;
}

export interface BenchReport extends BenchFigures {
  goals: Goal[];
}

const COMPARE = {
  "<=": (value: number, limit: number) => value <= limit,
  ">=": (value: number, limit: number) => value >= limit,
  "=": (value: number, limit: number) => value === limit,
};

function goal(name: string, value: number, op: keyof typeof COMPARE, limit: number): Goal {
  return { name, value: round(value, 3), goal: `${op} ${limit}`, met: COMPARE[op](value, limit) };
}

/** The goals of one of our stacks, against its engine floor (the same resources, doing nothing). */
function stackGoals(stack: StackFigures, floor: StackFigures | undefined): Goal[] {
  const { steps, shape } = stack;
  const goals: Goal[] = [];
  for (const step of ["up", "destroy"] as const) {
    const s = steps[step];
    if (s.rateBoundSeconds > 0) goals.push(goal(`${shape} ${step}: API phase ÷ rate bound`, s.apiSpanSeconds / s.rateBoundSeconds, "<=", 1.1));
  }
  if (floor) {
    goals.push(goal(`${shape} up ÷ (floor up + rate bound)`, steps.up.seconds / (floor.steps.up.seconds + steps.up.rateBoundSeconds), "<=", 1.0));
    const refresh = steps.refresh;
    goals.push(goal(`${shape} refresh ÷ (floor refresh + rate bound)`, refresh.seconds / (floor.steps.refresh.seconds + refresh.rateBoundSeconds), "<=", 1.1));
    for (const step of ["noopUp", "preview"] as const) {
      goals.push(goal(`${shape} ${STEP_NAMES[step]} ÷ floor`, steps[step].seconds / floor.steps[step].seconds, "<=", 1.1));
    }
  }
  for (const step of ["noopUp", "preview"] as const) goals.push(goal(`${shape} ${STEP_NAMES[step]}: API calls`, totalCalls(steps[step]), "=", 0));
  goals.push(goal(`${shape} refresh: calls that change something (probes apart)`, changingCalls(steps.refresh), "=", 0));
  goals.push(goal(`${shape}: throttled answers`, STEPS.reduce((sum, step) => sum + steps[step].throttled, 0), "=", 0));
  return goals;
}

/** The team scenario's goals (issue 25): every process and operation succeeds, near the account's rate, few throttled answers. */
function teamGoals(team: TeamFigures, n: number): Goal[] {
  const goals: Goal[] = [];
  for (const step of TEAM_STEPS) {
    const s = team.steps[step];
    const name = `team ${team.stacks}×${n} ${team.shared ? "shared" : "unshared"} ${step}`;
    goals.push(goal(`${name}: failed pulumi processes`, s.failedProcesses, "=", 0));
    goals.push(goal(`${name}: failed operations`, s.failedOperations, "=", 0));
    goals.push(goal(`${name}: API phase ÷ (K×N ÷ rate)`, s.apiSpanSeconds / s.rateBoundSeconds, "<=", 1.2));
    goals.push(goal(`${name}: throttled ÷ calls`, s.throttled / Math.max(1, totalCalls(s)), "<=", 0.05));
  }
  return goals;
}

export function report(figures: BenchFigures): BenchReport {
  const goals = ours(figures).flatMap((s) => stackGoals(s, floorOf(figures, s)));
  if (figures.team) goals.push(...teamGoals(figures.team, figures.n));
  for (const l of figures.lookups) {
    if (!l.available) continue;
    goals.push(goal(`${l.fn}: rows/s ÷ (page size × rate)`, l.rows / l.seconds / l.rowsPerSecondBound, ">=", 0.9));
    goals.push(goal(`${l.fn}: throttled answers`, l.throttled, "=", 0));
  }
  return { ...figures, goals };
}

function ours(r: BenchFigures): StackFigures[] {
  return r.stacks.filter((s) => s.provider === "trtc");
}

function floorOf(r: BenchFigures, stack: StackFigures): StackFigures | undefined {
  return r.stacks.find((s) => s.provider === "floor" && s.shape === stack.shape);
}

/** A stack's name in the tables: its shape, and "floor" for the engine floor's. */
function stackName(s: StackFigures): string {
  return s.provider === "floor" ? `${s.shape} floor` : s.shape;
}

const STEP_NAMES: Record<Step, string> = { preview: "preview", up: "up", noopUp: "no-op up", refresh: "refresh", destroy: "destroy" };

function totalCalls(step: StepFigures): number {
  return Object.values(step.calls).reduce((a, b) => a + b, 0);
}

/**
 * The actions refresh sends to families without a Describe API: an update with the values the task
 * already has (RelayTask's UpdatePublishCdnStream), which changes nothing at TRTC and succeeds only
 * while the task runs. A change by its action's kind, so counted apart from reads and changes.
 */
const PROBE_ACTIONS: ReadonlySet<string> = new Set(TASK_SPECS.flatMap((s) => (s.probe ? [s.probe.action] : [])));

function callsWhere(step: StepFigures, which: (action: string) => boolean): number {
  return Object.entries(step.calls).reduce((sum, [action, count]) => (which(action) ? sum + count : sum), 0);
}

const readCalls = (step: StepFigures) => callsWhere(step, (action) => action.startsWith("Describe"));
/** A refresh's probes: calls of the probe actions (refresh sends no real update). */
const probeCalls = (step: StepFigures) => callsWhere(step, (action) => PROBE_ACTIONS.has(action));
/** Calls that are neither reads nor probes: a refresh should make none. */
const changingCalls = (step: StepFigures) => totalCalls(step) - readCalls(step) - probeCalls(step);

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A step's wall time, calls, API span, rate bound and throttled answers, as table cells. */
function callCells(f: StepFigures): string[] {
  return [f.seconds.toFixed(1), String(totalCalls(f)), f.apiSpanSeconds.toFixed(2), f.rateBoundSeconds.toFixed(2), String(f.throttled)];
}

/** Columns padded to their widest cell. */
function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd()).join("\n");
}

export function formatReport(r: BenchReport): string {
  const { machine: m } = r;
  const lines = [
    `N = ${r.n}${r.team ? `, ${r.teamSize} stacks on one account, ${r.team.shared ? "one rate window shared" : "each its own rate window (--unshared)"}` : ""}${r.parallel ? `, --parallel ${r.parallel}` : ""}${r.repeat > 1 ? `; preview, no-op up and refresh: median of ${r.repeat} runs, the floor and pulumi-trtc in turn` : ""}${r.skipCheckpoints ? ", PULUMI_SKIP_CHECKPOINTS=true" : ""}; ` +
      `${m.cpus} CPUs, ${m.memoryGiB} GiB, Node ${m.node}; ` +
      `load average ${m.loadAtStart.toFixed(2)} at start, ${m.loadAtEnd.toFixed(2)} at end`,
    "",
  ];
  const stepRows = [["stack", "step", "wall s", "calls", "API span s", "rate bound s", "throttled", "emulator CPU s", "calls per action"]];
  for (const s of r.stacks) {
    for (const step of STEPS) {
      const f = s.steps[step];
      const perAction = Object.entries(f.calls).map(([action, count]) => `${action} ${count}`).join(", ");
      stepRows.push([stackName(s), STEP_NAMES[step], ...callCells(f), f.emulatorCpuSeconds.toFixed(1), perAction]);
    }
  }
  if (r.stacks.length) lines.push(table(stepRows), "");
  if (r.team) {
    const rows = [["team step", "wall s", "calls", "API span s", "K×N ÷ rate s", "throttled", "retries", "failed processes", "failed operations"]];
    for (const step of TEAM_STEPS) {
      const f = r.team.steps[step];
      rows.push([STEP_NAMES[step], ...callCells(f), String(f.retries), String(f.failedProcesses), String(f.failedOperations)]);
      lines.push(`team ${step}: total wall ÷ (K×N ÷ rate) = ${(f.seconds / f.rateBoundSeconds).toFixed(2)}`);
    }
    lines.push("", table(rows), "");
  }
  if (r.stacks.length) lines.push(
    table([
      ["stack", "resources", "__provider bytes per resource"],
      ...r.stacks.map((s) => [
        stackName(s),
        Object.entries(s.resources).map(([kind, count]) => `${kind} ${count}`).join(", "),
        s.providerBytes.min === s.providerBytes.max ? String(s.providerBytes.mean) : `${s.providerBytes.min}..${s.providerBytes.max}`,
      ]),
    ]),
    "",
  );
  // Not a goal: whether an up's calls waited on TRTC's rate or on the engine's own pace.
  for (const s of ours(r)) {
    const pace = floorOf(r, s)?.createSpanSeconds;
    const up = s.steps.up;
    if (pace === undefined || up.rateBoundSeconds === 0) continue;
    lines.push(
      `${s.shape} up: API phase ${up.apiSpanSeconds.toFixed(2)} s = ${(up.apiSpanSeconds / up.rateBoundSeconds).toFixed(2)} × rate bound ` +
        `(${up.rateBoundSeconds.toFixed(2)} s), ${(up.apiSpanSeconds / pace).toFixed(2)} × engine pace (its floor's first to last create, ${pace.toFixed(2)} s)`,
    );
  }
  for (const s of ours(r)) {
    const refresh = s.steps.refresh;
    lines.push(
      `${s.shape} refresh: ${totalCalls(refresh)} calls: ${readCalls(refresh)} reads, ${probeCalls(refresh)} probes ` +
        `(${[...PROBE_ACTIONS].join(", ")} with the task's own values, for families without a Describe API), ${changingCalls(refresh)} other`,
    );
  }
  lines.push("");
  for (const l of r.lookups) {
    lines.push(
      l.available
        ? `lookup ${l.fn}: ${l.rows} rows in ${l.seconds.toFixed(2)} s, ${l.calls} ${l.action} calls, ${l.throttled} throttled (bound ${l.rowsPerSecondBound} rows/s)`
        : `lookup ${l.fn}: not available in this version`,
    );
  }
  lines.push("", table([["goal", "value", "target", ""], ...r.goals.map((g) => [g.name, String(g.value), g.goal, g.met ? "met" : "MISSED"])]));
  return lines.join("\n");
}

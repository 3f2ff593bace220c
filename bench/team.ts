import * as path from "node:path";
import { performance } from "node:perf_hooks";
import type { RunningEmulator } from "../emulator";
import { type EngineStack, exampleStack } from "../test/e2e/engine";
import { PROGRAM_DIR, type StackConfig, stateFigures, stepFigures, type StepFigures } from "./bench";

// The team scenario (`npm run bench -- --stacks K`): K stacks of N StreamIngests on one TRTC
// account and one emulator, each its own `pulumi up` process, started together as a CI matrix of
// event rooms would be; then their destroys, together too. By default the processes share one
// rate window (TRTC_RATE_DIR, as processes on one machine do through the Pulumi home); unshared,
// each has its own, as processes on different machines would, and only the adaptive limiter
// keeps them near the account's rate.

export const TEAM_STEPS = ["up", "destroy"] as const;
export type TeamStep = (typeof TEAM_STEPS)[number];

export interface TeamStepFigures extends StepFigures {
  /** `pulumi` processes that exited non-zero. */
  failedProcesses: number;
  /** Resources missing from state after up, or left in state after destroy. */
  failedOperations: number;
  /** Calls that repeated an earlier call of the step (the same action and parameters). */
  retries: number;
}

export interface TeamFigures {
  stacks: number;
  /** Whether the processes shared one rate window. */
  shared: boolean;
  steps: Record<TeamStep, TeamStepFigures>;
}

export interface TeamOptions {
  n: number;
  teamSize: number;
  parallel?: number;
  extraEnv: Record<string, string>;
  /** The processes' TRTC_RATE_DIR; with `unshared`, each has its own directory inside it. */
  rateDir: string;
  unshared?: boolean;
}

export async function runTeam(
  bin: string,
  emulator: RunningEmulator,
  config: StackConfig,
  { n, teamSize, parallel, extraEnv, rateDir, unshared = false }: TeamOptions,
  log: (line: string) => void,
): Promise<TeamFigures> {
  const envs: EngineStack[] = [];
  try {
    for (let i = 0; i < teamSize; i++) {
      const first = { value: String(i * n) };
      envs.push(await exampleStack(bin, `bench-team-${i}`, { ...config, first, shape: { value: "ingest" }, provider: { value: "trtc" } }, { programDir: PROGRAM_DIR }));
    }
    const options = parallel === undefined ? [] : ["--parallel", String(parallel)];
    const step = async (name: TeamStep, args: string[]): Promise<TeamStepFigures> => {
      emulator.state.requests.clear();
      const started = performance.now();
      const cpu = process.cpuUsage();
      const runs = await Promise.all(
        envs.map((env, i) => env.pulumi([...args, ...options], { ...extraEnv, TRTC_RATE_DIR: unshared ? path.join(rateDir, `stack-${i}`) : rateDir })),
      );
      const { user, system } = process.cpuUsage(cpu);
      const requests = emulator.state.requests.list();
      const figures = stepFigures((performance.now() - started) / 1000, requests, (user + system) / 1e6);
      const inState = envs.map((env) => stateFigures(env.stateFile()).resources.StreamIngest ?? 0).reduce((a, b) => a + b, 0);
      const distinct = new Set(requests.map((r) => `${r.action} ${JSON.stringify(r.params)}`));
      const failed = runs.filter((r) => r.code !== 0);
      for (const run of failed) log(`  ${name} failed:\n${(run.stdout + run.stderr).slice(-2000)}`);
      const result: TeamStepFigures = {
        ...figures,
        failedProcesses: failed.length,
        failedOperations: name === "up" ? teamSize * n - inState : inState,
        retries: requests.length - distinct.size,
      };
      log(`  ${name} of ${teamSize} stacks: ${result.seconds.toFixed(1)} s, ${requests.length} calls, ${result.throttled} throttled, ${result.retries} retries`);
      return result;
    };
    log(`team: ${teamSize} stacks of ${n} StreamIngests on one account, ${unshared ? "each its own rate window" : "one rate window"}`);
    const up = await step("up", ["up", "--yes", "--skip-preview"]);
    const destroy = await step("destroy", ["destroy", "--yes", "--skip-preview"]);
    return { stacks: teamSize, shared: !unshared, steps: { up, destroy } };
  } finally {
    for (const env of envs) await env.cleanup();
  }
}

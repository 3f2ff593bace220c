import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir, totalmem } from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { DEFAULT_CREDENTIALS, type RunningEmulator, startEmulator } from "../emulator";
import type { RequestLogEntry } from "../emulator";
import { makeUserSig } from "../provider/usersig";
import { REPO } from "../test/installed";
import { type EngineStack, exampleStack } from "../test/e2e/engine";
import { runLookups, type LookupFigures } from "./lookups";
import { type Slot, slots } from "./program/layout";
import { documentedRate } from "./rates";
import { runTeam, type TeamFigures } from "./team";

// The measurements behind `npm run bench`: real Pulumi CLI, the emulator in this process, a local
// file backend. Figures only; bench/report.ts turns them into ratios and goals.

export const STACK_SHAPES = ["ingest", "mixed"] as const;
export type StackShape = (typeof STACK_SHAPES)[number];
/** Whose resources a stack holds: pulumi-trtc's, or the engine floor's (a do-nothing provider's with the same properties). */
export const PROVIDERS = ["floor", "trtc"] as const;
export type StackProvider = (typeof PROVIDERS)[number];
export const STEPS = ["preview", "up", "noopUp", "refresh", "destroy"] as const;
export type Step = (typeof STEPS)[number];

/** One CLI command, and the TRTC calls the emulator saw while it ran. */
export interface StepFigures {
  seconds: number;
  /** Calls per action. */
  calls: Record<string, number>;
  /** From the first API call to the last; 0 when there were fewer than two. */
  apiSpanSeconds: number;
  /** Calls of the busiest action ÷ its documented rate: the least time the calls can take. */
  rateBoundSeconds: number;
  /** Answers with outcome RequestLimitExceeded. */
  throttled: number;
  /**
   * CPU time of this process meanwhile: the emulator's, which a real TRTC would not take from the
   * engine and the provider on this machine's 2 cores.
   */
  emulatorCpuSeconds: number;
  /** Every run's wall time, for steps run more than once (`seconds` is their median). */
  runsSeconds?: number[];
}

export interface StackFigures {
  shape: StackShape;
  provider: StackProvider;
  /** Resources per kind, from the state file after up. */
  resources: Record<string, number>;
  steps: Record<Step, StepFigures>;
  /**
   * A floor's first to last create (from the times its provider noted): how fast the engine
   * itself steps through these N resources, the least any provider's up can take.
   */
  createSpanSeconds?: number;
  /** Length of the `__provider` text each resource stores in state (the mean; they are all equal when min = max). */
  providerBytes: { mean: number; min: number; max: number };
}

export interface Machine {
  cpus: number;
  memoryGiB: number;
  node: string;
  /** 1-minute load average when the bench started and when it ended. */
  loadAtStart: number;
  loadAtEnd: number;
}

export interface BenchFigures {
  n: number;
  /** Stacks sharing one account in the team scenario; 1 for the usual bench. */
  teamSize: number;
  skipCheckpoints: boolean;
  parallel: number | null;
  repeat: number;
  machine: Machine;
  stacks: StackFigures[];
  lookups: LookupFigures[];
  /** The team scenario's figures (with `teamSize` > 1, in place of the stacks and lookups). */
  team?: TeamFigures;
}

export interface BenchOptions {
  n: number;
  shapes?: readonly StackShape[];
  /**
   * Runs every command with PULUMI_SKIP_CHECKPOINTS=true: the file backend then writes state once
   * per command instead of after every step, which otherwise sets the engine's pace at large N.
   */
  skipCheckpoints?: boolean;
  /** Runs of preview and no-op up (which change nothing) per stack; their median is reported. */
  repeat?: number;
  /** `--parallel` for every command; unset, Pulumi's default (4 per CPU). */
  parallel?: number;
  /**
   * K > 1 runs the team scenario instead: K stacks of N StreamIngests on one account, each its own
   * `pulumi up` (then `destroy`) process, started together.
   */
  teamSize?: number;
  /** In the team scenario, each process its own rate window: the adaptive limiter alone, as on different machines. */
  unshared?: boolean;
  /**
   * Writes a V8 CPU profile of every Node process of every command (the program, the provider) to
   * `<dir>/<shape>-<provider>-<step>-<run>/`, for Chrome DevTools or `speedscope`.
   */
  cpuProfileDir?: string;
  /** Progress lines. */
  log?: (line: string) => void;
}

const REGION = "ap-singapore";
const [[SECRET_ID, SECRET_KEY]] = Object.entries(DEFAULT_CREDENTIALS);

export const PROGRAM_DIR = path.join(__dirname, "program");

/** The key of every application the bots use, for the emulator to verify their UserSigs. */
export function benchAppKeys(bots: readonly Slot[]): Record<string, string> {
  return Object.fromEntries([...new Set(bots.map((b) => b.sdkAppId))].map((app) => [app, `bench-app-key-${app}`]));
}

/** The stack config of the bench program: the emulator's account, N, and every bot's UserSig. */
export function benchConfig(emulator: RunningEmulator, appKeys: Record<string, string>, bots: readonly Slot[], n: number): StackConfig {
  const signer = { endpoint: emulator.url, sdkSecretKeys: appKeys };
  const botSigs = Object.fromEntries(bots.map((b) => [b.userId, makeUserSig(signer, b.sdkAppId, b.userId, 86400)]));
  return {
    "trtc:secretId": { value: SECRET_ID },
    "trtc:secretKey": { value: SECRET_KEY, secret: true },
    "trtc:region": { value: REGION },
    "trtc:endpoint": { value: emulator.url },
    n: { value: String(n) },
    botSigs: { value: JSON.stringify(botSigs), secret: true },
  };
}

export type StackConfig = Record<string, { value: string; secret?: boolean }>;

/** The directory of the Pulumi CLI, built from source the first time (about 5 minutes). */
export function pulumiCli(): string {
  return execFileSync("bash", [path.join(REPO, "scripts", "install-pulumi.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
}

export async function runBench(options: BenchOptions): Promise<BenchFigures> {
  const { n, shapes = STACK_SHAPES, skipCheckpoints = false, parallel, repeat = 1, teamSize = 1, unshared, cpuProfileDir, log = () => {} } = options;
  const loadAtStart = loadavg()[0];
  const bin = pulumiCli();
  const bots = slots(n * teamSize);
  const appKeys = benchAppKeys(bots);
  const emulator = await startEmulator({ port: 0, appKeys });
  const envs: Partial<Record<StackProvider, EngineStack>> = {};
  const machine = (): Machine => ({
    cpus: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    loadAtStart,
    loadAtEnd: loadavg()[0],
  });
  try {
    const config = benchConfig(emulator, appKeys, bots, n);
    if (teamSize > 1) {
      const rateDir = mkdtempSync(path.join(tmpdir(), "bench-trtc-rate-"));
      try {
        const team = await runTeam(bin, emulator, config, { n, teamSize, parallel, extraEnv: benchEnv(skipCheckpoints), rateDir, unshared }, log);
        return { n, teamSize, skipCheckpoints, parallel: parallel ?? null, repeat, machine: machine(), stacks: [], lookups: [], team };
      } finally {
        rmSync(rateDir, { recursive: true, force: true });
      }
    }
    // A stack for the floor and one for pulumi-trtc, used for every shape: each ends destroyed, so
    // the next starts from empty.
    for (const provider of PROVIDERS) {
      envs[provider] = await exampleStack(bin, `bench-${provider}`, config, { programDir: PROGRAM_DIR });
      await envs[provider].stack.setConfig("provider", { value: provider });
    }
    const stacks: StackFigures[] = [];
    for (const shape of shapes) {
      log(`${shape}: ${n} resources, the floor and pulumi-trtc in turn`);
      for (const provider of PROVIDERS) await envs[provider]!.stack.setConfig("shape", { value: shape });
      stacks.push(...(await measureShape(envs as Record<StackProvider, EngineStack>, emulator, shape, { skipCheckpoints, parallel, repeat, cpuProfileDir }, log)));
    }
    const lookups = await runLookups(emulator, log);
    return { n, teamSize, skipCheckpoints, parallel: parallel ?? null, repeat, machine: machine(), stacks, lookups };
  } finally {
    for (const env of Object.values(envs)) await env.cleanup();
    await emulator.close();
  }
}

/**
 * The five commands on the floor's stack and pulumi-trtc's, timed, each with the API calls it
 * caused. The two stacks take turns command by command, and the commands that change nothing run
 * `repeat` times in turn, so that a ratio compares runs seconds apart, under the same load of this
 * shared machine, not runs minutes apart.
 */
async function measureShape(
  envs: Readonly<Record<StackProvider, EngineStack>>,
  emulator: RunningEmulator,
  shape: StackShape,
  { skipCheckpoints, parallel, repeat = 1, cpuProfileDir }: Pick<BenchOptions, "skipCheckpoints" | "parallel" | "repeat" | "cpuProfileDir">,
  log: (line: string) => void,
): Promise<StackFigures[]> {
  const options = parallel === undefined ? [] : ["--parallel", String(parallel)];
  const runs = new Map<string, number>();
  const step = async (provider: StackProvider, name: Step, args: string[]): Promise<StepFigures> => {
    const run = (runs.get(`${provider}-${name}`) ?? 0) + 1;
    runs.set(`${provider}-${name}`, run);
    const profileDir = cpuProfileDir && path.resolve(cpuProfileDir, `${shape}-${provider}-${name}-${run}`);
    const extraEnv = { ...benchEnv(skipCheckpoints), ...(profileDir && profileEnv(profileDir)) };
    emulator.state.requests.clear();
    const started = performance.now();
    const cpu = process.cpuUsage();
    await pulumi(envs[provider], [...args, ...options], extraEnv);
    const { user, system } = process.cpuUsage(cpu);
    const figures = stepFigures((performance.now() - started) / 1000, emulator.state.requests.list(), (user + system) / 1e6);
    log(`  ${provider} ${name}: ${figures.seconds.toFixed(1)} s, ${Object.values(figures.calls).reduce((a, b) => a + b, 0)} calls`);
    return figures;
  };
  // Steps that change nothing (a refresh changes nothing at TRTC) run `times` times; their figures are the median run's.
  const inTurn = async (name: Step, args: string[], times = 1): Promise<Record<StackProvider, StepFigures>> => {
    const figures = { floor: [] as StepFigures[], trtc: [] as StepFigures[] };
    for (let i = 0; i < times; i++) for (const provider of PROVIDERS) figures[provider].push(await step(provider, name, args));
    return { floor: median(figures.floor), trtc: median(figures.trtc) };
  };
  const preview = await inTurn("preview", ["preview"], repeat);
  const up = await inTurn("up", ["up", "--yes", "--skip-preview"]);
  const states = { floor: envs.floor.stateFile(), trtc: envs.trtc.stateFile() };
  const noopUp = await inTurn("noopUp", ["up", "--yes", "--skip-preview"], repeat);
  const refresh = await inTurn("refresh", ["refresh", "--yes", "--skip-preview"], repeat);
  const destroy = await inTurn("destroy", ["destroy", "--yes", "--skip-preview"]);
  return PROVIDERS.map((provider) => ({
    shape,
    provider,
    ...stateFigures(states[provider]),
    steps: { preview: preview[provider], up: up[provider], noopUp: noopUp[provider], refresh: refresh[provider], destroy: destroy[provider] },
  }));
}

/** The environment of every command the bench runs. */
export function benchEnv(skipCheckpoints: boolean | undefined): Record<string, string> {
  // The type check of the program is the same for every stack and would drown what we measure.
  return { PULUMI_NODEJS_TRANSPILE_ONLY: "true", ...(skipCheckpoints && { PULUMI_SKIP_CHECKPOINTS: "true" }) };
}

/** The environment that has every Node process of a command write its CPU profile to `dir`. */
function profileEnv(dir: string): Record<string, string> {
  const preload = `--require ${path.join(__dirname, "cpuProfile.cjs")}`;
  return { NODE_OPTIONS: [process.env.NODE_OPTIONS, preload].filter(Boolean).join(" "), TRTC_BENCH_CPU_PROF_DIR: dir };
}

/** Runs one CLI command on the stack; asynchronous, since the emulator answers from this process meanwhile. */
async function pulumi(env: EngineStack, args: string[], extraEnv: Record<string, string>): Promise<void> {
  const run = await env.pulumi(args, extraEnv);
  if (run.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited with ${run.code}:\n${(run.stdout + run.stderr).slice(-8000)}`);
}

/** The run of median wall time, with every call any run made (a step that changes nothing should make none). */
function median(runs: StepFigures[]): StepFigures {
  const middle = [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
  const calls: Record<string, number> = {};
  for (const run of runs) for (const [action, count] of Object.entries(run.calls)) calls[action] = Math.max(calls[action] ?? 0, count);
  return { ...middle, calls, throttled: Math.max(...runs.map((r) => r.throttled)), runsSeconds: runs.map((r) => r.seconds) };
}

export function stepFigures(seconds: number, requests: readonly RequestLogEntry[], emulatorCpuSeconds: number): StepFigures {
  const calls: Record<string, number> = {};
  for (const r of requests) calls[r.action] = (calls[r.action] ?? 0) + 1;
  const times = requests.map((r) => r.time);
  return {
    seconds,
    calls,
    apiSpanSeconds: times.length > 1 ? (Math.max(...times) - Math.min(...times)) / 1000 : 0,
    rateBoundSeconds: Math.max(0, ...Object.entries(calls).map(([action, count]) => count / documentedRate(action))),
    throttled: requests.filter((r) => r.outcome === "RequestLimitExceeded").length,
    emulatorCpuSeconds,
  };
}

interface StateResource {
  type: string;
  inputs?: { __provider?: string };
  outputs?: { createdAt?: number };
}

/** Resources per kind and the size of their stored `__provider`, from the backend's state file. */
export function stateFigures(text: string): Pick<StackFigures, "resources" | "providerBytes" | "createSpanSeconds"> {
  const all = (JSON.parse(text) as { checkpoint: { latest?: { resources?: StateResource[] } } }).checkpoint.latest?.resources ?? [];
  const dynamic = all.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
  const resources: Record<string, number> = {};
  for (const r of dynamic) {
    const kind = r.type.slice(r.type.lastIndexOf(":") + 1);
    resources[kind] = (resources[kind] ?? 0) + 1;
  }
  const bytes = dynamic.map((r) => Buffer.byteLength(r.inputs?.__provider ?? ""));
  const mean = bytes.length ? Math.round(bytes.reduce((a, b) => a + b, 0) / bytes.length) : 0;
  const created = dynamic.flatMap((r) => (typeof r.outputs?.createdAt === "number" ? [r.outputs.createdAt] : []));
  return {
    resources,
    providerBytes: { mean, min: Math.min(...bytes), max: Math.max(...bytes) },
    ...(created.length > 1 && { createSpanSeconds: (Math.max(...created) - Math.min(...created)) / 1000 }),
  };
}

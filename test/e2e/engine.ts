import { execFile, execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "../../emulator";
import { SECRET_ID, SECRET_KEY } from "../helpers";
import { installedCopy, REPO } from "../installed";
import * as pulumiCli from "../../scripts/pulumi-cli";

// Runs example programs under the real Pulumi engine (CLI + Node.js language host built by
// scripts/install-pulumi.sh, or the CLI named by PULUMI_TRTC_CLI), with a local file backend in a
// temporary directory.

const OPT_OUT = "PULUMI_TRTC_SKIP_ENGINE_TESTS";
/** A contributor's own `pulumi` binary to run these tests with, instead of the pinned build. */
export const CLI_ENV = "PULUMI_TRTC_CLI";

/** The directory holding `pulumi`, or why the engine tests cannot run. */
function locateCli(): { bin: string } | { missing: string } {
  const explicit = process.env[CLI_ENV];
  if (explicit) {
    const version = pulumiCli.versionOf(explicit);
    const range = pulumiCli.describeRange(pulumiCli.supportedRange());
    if (version && pulumiCli.isSupported(version)) return { bin: path.dirname(explicit) };
    return { missing: `${CLI_ENV}=${explicit} is not a Pulumi CLI this package supports (${version ?? "it does not run"}; supported ${range}).` };
  }
  try {
    return { bin: pulumiCli.pinnedBuild({ locate: true, stdio: ["ignore", "pipe", "ignore"] }) };
  } catch {
    return {
      missing:
        "The Pulumi CLI these tests run is not installed. Build it with `bash scripts/install-pulumi.sh` " +
        `(about 5 minutes cold), point ${CLI_ENV} at your own \`pulumi\`, or set ${OPT_OUT}=1 to skip the ` +
        "real-engine tests on this machine (CI never skips).",
    };
  }
}

/**
 * The directory a build script of ours prints with --locate (a language host the CLI build lacks),
 * or `missing` when it is not built.
 */
export function locateBuild(script: string, missing: string): { bin: string } | { missing: string } {
  try {
    return { bin: execFileSync("bash", [path.join(REPO, "scripts", script), "--locate"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() };
  } catch {
    return { missing };
  }
}

const cli = locateCli();
const optedOut = process.env[OPT_OUT] === "1" && process.env.CI !== "true";

/**
 * A test that runs a few Pulumi commands, each a new CLI and Node process: on two busy cores with the
 * other engine suites running alongside, one command alone has taken over 60 s.
 */
const ENGINE_TEST_TIMEOUT_MS = 300_000;

/** `describe` for suites that need the engine: fails with install instructions when it is missing. */
export function describeWithEngine(name: string, suite: (bin: string) => void): void {
  jest.setTimeout(ENGINE_TEST_TIMEOUT_MS);
  if ("bin" in cli) return describe(name, () => suite(cli.bin));
  if (optedOut) return describe.skip(name, () => suite(""));
  describe(name, () => {
    test("the Pulumi CLI is installed", () => {
      throw new Error(cli.missing);
    });
  });
}

export interface EngineStack {
  stack: Stack;
  /**
   * Runs the Pulumi CLI on this stack as a user would, for what the Automation API does not offer
   * (`preview --json`). Resolves with the exit code rather than failing on a non-zero one.
   */
  pulumi(args: string[], extraEnv?: Record<string, string>): Promise<PulumiRun>;
  /** The state file as the backend stores it (secrets encrypted), not `stack export --show-secrets`. */
  stateFile(): string;
  cleanup(): Promise<void>;
}

/** Where a test stack's program comes from, and the @pulumi/pulumi it runs with. */
export interface ProgramOptions {
  /** The program's directory; by default `examples/<example>`. */
  programDir?: string;
  /** Another @pulumi/pulumi version than the tested one (see installedPackage). */
  pulumi?: string;
  /** More directories for PATH, before the CLI's (a language host the CLI build lacks). */
  path?: readonly string[];
  /** The installed package's executables on PATH (node_modules/.bin), as docs/plugin.md has users put pulumi-resource-trtc there. */
  packageBins?: true;
  /** The emulator's accounts and applications, for a suite that needs more than the default one. */
  emulator?: EmulatorOptions;
  /** More environment for every Pulumi command (a Python program's VIRTUAL_ENV). */
  env?: Record<string, string>;
  /** Resource plugins installed into the stack's PULUMI_HOME before it is created, as `pulumi plugin install ... --file` does for a user. */
  plugins?: readonly { name: string; version: string; file: string }[];
}

export interface PulumiRun {
  stdout: string;
  stderr: string;
  code: number;
}

/** A file backend in a temporary directory, and the environment that makes the CLI use it. */
export interface LocalBackend {
  /** Holds the backend (`state/`) and PULUMI_HOME (`home/`). */
  dir: string;
  pulumiHome: string;
  envVars: Record<string, string>;
  /**
   * Runs the Pulumi CLI in `cwd` as a user would, for what the Automation API does not offer.
   * Resolves with the exit code rather than failing on a non-zero one.
   */
  run(cwd: string, args: string[], extraEnv?: Record<string, string>): Promise<PulumiRun>;
  /** The state file of a stack as the backend stores it (secrets encrypted). */
  stateFile(project: string, stack: string): string;
}

/** `morePath`: directories for PATH before the CLI's (ProgramOptions.path). */
export function localBackend(bin: string, passphrase = "e2e-passphrase", morePath: readonly string[] = []): LocalBackend {
  const dir = mkdtempSync(path.join(tmpdir(), `trtc-e2e-state-`));
  mkdirSync(path.join(dir, "state"));
  const pulumiHome = path.join(dir, "home");
  const envVars = {
    PATH: [...morePath, bin, process.env.PATH].join(path.delimiter),
    PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
  };
  return {
    dir,
    pulumiHome,
    envVars,
    run: (cwd, args, extraEnv = {}) =>
      new Promise((resolve, reject) => {
        const options = { cwd, env: { ...process.env, ...envVars, PULUMI_HOME: pulumiHome, ...extraEnv }, maxBuffer: 64 << 20 };
        execFile(path.join(bin, "pulumi"), [...args, "--non-interactive"], options, (error, stdout, stderr) => {
          if (error && typeof error.code !== "number") reject(error);
          else resolve({ stdout, stderr, code: error ? Number(error.code) : 0 });
        });
      }),
    stateFile: (project, stack) => readFileSync(path.join(dir, "state", ".pulumi", "stacks", project, `${stack}.json`), "utf8"),
  };
}

/**
 * A fresh stack of `examples/<example>`, copied beside an installed pulumi-trtc as in a user's
 * project, with its backend in a temporary directory: test config never lands in the repo.
 */
export async function exampleStack(
  bin: string,
  example: string,
  config: Record<string, { value: string; secret?: boolean }>,
  options: ProgramOptions = {},
): Promise<EngineStack> {
  const workDir = installedCopy(`trtc-e2e-${example}`, options.pulumi);
  cpSync(options.programDir ?? path.join(REPO, "examples", example), workDir, { recursive: true });
  const backend = localBackend(bin, undefined, [...(options.packageBins ? [path.join(workDir, "node_modules", ".bin")] : []), ...(options.path ?? [])]);
  Object.assign(backend.envVars, options.env);
  for (const plugin of options.plugins ?? []) {
    const installed = await backend.run(workDir, ["plugin", "install", "resource", plugin.name, plugin.version, "--file", plugin.file]);
    if (installed.code !== 0) throw new Error(`pulumi plugin install ${plugin.name} failed: ${installed.stderr}`);
  }
  const pulumiCommand = await PulumiCommand.get({ root: path.dirname(bin) });
  const { pulumiHome, envVars } = backend;
  const stack = await LocalWorkspace.createStack({ stackName: "e2e", workDir }, { pulumiCommand, pulumiHome, envVars });
  await stack.setAllConfig(config);
  const project = (await stack.workspace.projectSettings()).name;
  return {
    stack,
    pulumi: (args, extraEnv) => backend.run(workDir, [...args, "--stack", "e2e"], extraEnv),
    stateFile: () => backend.stateFile(project, "e2e"),
    cleanup: async () => {
      await stack.workspace.removeStack("e2e", { force: true });
      for (const d of [backend.dir, workDir]) rmSync(d, { recursive: true, force: true });
    },
  };
}

export interface ExampleSuite {
  emulator: RunningEmulator;
  env: EngineStack;
  /** The TRTC actions the emulator received since the current test began. */
  calls(): string[];
}

/**
 * For a test file: an emulator and a fresh stack of `examples/<example>` pointed at it through
 * stack config (the secret key set with --secret), plus the program's own config.
 */
export function useExampleStack(
  bin: string,
  example: string,
  config: Record<string, { value: string; secret?: boolean }>,
  options: ProgramOptions = {},
): ExampleSuite {
  const suite = { calls: () => suite.emulator.state.requests.list().map((r) => r.action) } as ExampleSuite;
  beforeAll(async () => {
    suite.emulator = await startEmulator({ ...options.emulator, port: 0 });
    suite.env = await exampleStack(bin, example, {
      "trtc:secretId": { value: SECRET_ID },
      "trtc:secretKey": { value: SECRET_KEY, secret: true },
      "trtc:region": { value: "ap-singapore" },
      "trtc:endpoint": { value: suite.emulator.url },
      sdkAppId: { value: "1400000001" },
      ...config,
    }, options);
  }, ENGINE_TEST_TIMEOUT_MS);
  afterAll(async () => {
    await suite.env?.cleanup();
    await suite.emulator?.close();
  });
  beforeEach(() => suite.emulator.state.requests.clear());
  return suite;
}

import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { type RunningEmulator, startEmulator } from "../../emulator";
import { SECRET_ID, SECRET_KEY } from "../helpers";
import { REPO } from "../installed";
import { type EngineStack, programStack, type StackConfig } from "./stack";

// Runs example programs under the real Pulumi engine (CLI + Node.js language host built by
// scripts/install-pulumi.sh), with a local file backend in a temporary directory.

const OPT_OUT = "PULUMI_TRTC_SKIP_ENGINE_TESTS";

/** The directory holding `pulumi`, or why the engine tests cannot run. */
function locateCli(): { bin: string } | { missing: string } {
  try {
    const bin = execFileSync("bash", [path.join(REPO, "scripts", "install-pulumi.sh"), "--locate"], { encoding: "utf8" });
    return { bin: bin.trim() };
  } catch {
    return {
      missing:
        "The Pulumi CLI these tests run is not installed. Build it with `bash scripts/install-pulumi.sh` " +
        `(about 5 minutes cold), or set ${OPT_OUT}=1 to skip the real-engine tests on this machine (CI never skips).`,
    };
  }
}

const cli = locateCli();
const optedOut = process.env[OPT_OUT] === "1" && process.env.CI !== "true";

/** `describe` for suites that need the engine: fails with install instructions when it is missing. */
export function describeWithEngine(name: string, suite: (bin: string) => void): void {
  if ("bin" in cli) return describe(name, () => suite(cli.bin));
  if (optedOut) return describe.skip(name, () => suite(""));
  describe(name, () => {
    test("the Pulumi CLI is installed", () => {
      throw new Error(cli.missing);
    });
  });
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
export function useExampleStack(bin: string, example: string, config: StackConfig): ExampleSuite {
  const suite = { calls: () => suite.emulator.state.requests.list().map((r) => r.action) } as ExampleSuite;
  beforeAll(async () => {
    suite.emulator = await startEmulator({ port: 0 });
    suite.env = await programStack(bin, path.join(REPO, "examples", example), {
      "trtc:secretId": { value: SECRET_ID },
      "trtc:secretKey": { value: SECRET_KEY, secret: true },
      "trtc:region": { value: "ap-singapore" },
      "trtc:endpoint": { value: suite.emulator.url },
      sdkAppId: { value: "1400000001" },
      ...config,
    });
  }, 120_000);
  afterAll(async () => {
    await suite.env?.cleanup();
    await suite.emulator?.close();
  });
  beforeEach(() => suite.emulator.state.requests.clear());
  return suite;
}

import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { installedCopy } from "../installed";

// A real Pulumi stack of a program directory, with a local file backend in a temporary
// directory: what the end-to-end tests and `npm run bench` run. No Jest in here.

export type StackConfig = Record<string, { value: string; secret?: boolean }>;

export interface EngineStack {
  stack: Stack;
  /** The program's working copy, beside an installed pulumi-trtc. */
  workDir: string;
  /** What the CLI runs with: its PATH, backend, home and passphrase. */
  envVars: Record<string, string>;
  /** The state file as the backend stores it (secrets encrypted), not `stack export --show-secrets`. */
  stateFile(): string;
  cleanup(): Promise<void>;
}

/**
 * A fresh stack named `stackName` of the program in `source`, copied beside an installed
 * pulumi-trtc as in a user's project: test and bench config never land in the repo.
 */
export async function programStack(bin: string, source: string, config: StackConfig, stackName = "e2e"): Promise<EngineStack> {
  const workDir = installedCopy(`trtc-${path.basename(source)}`);
  cpSync(source, workDir, { recursive: true });
  const dir = mkdtempSync(path.join(tmpdir(), "trtc-state-"));
  mkdirSync(path.join(dir, "state"));
  const envVars = {
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
    PULUMI_HOME: path.join(dir, "home"),
    PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
  };
  const pulumiCommand = await PulumiCommand.get({ root: path.dirname(bin) });
  const stack = await LocalWorkspace.createStack(
    { stackName, workDir },
    { pulumiCommand, pulumiHome: envVars.PULUMI_HOME, envVars },
  );
  await stack.setAllConfig(config);
  const project = (await stack.workspace.projectSettings()).name;
  return {
    stack,
    workDir,
    envVars,
    stateFile: () => readFileSync(path.join(dir, "state", ".pulumi", "stacks", project, `${stackName}.json`), "utf8"),
    cleanup: async () => {
      await stack.workspace.removeStack(stackName, { force: true });
      for (const d of [dir, workDir]) rmSync(d, { recursive: true, force: true });
    },
  };
}

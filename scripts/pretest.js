#!/usr/bin/env node
// Before `npm test`: build the package (the engine tests pack and install it), and make sure the Pulumi CLI the end-to-end tests drive is
// there (built once per machine and version, about 5 minutes). A developer who opted out of the
// engine tests, or named their own CLI in PULUMI_TRTC_CLI, skips the build; if the build fails,
// the engine tests fail and say how to fix it.
const { execFileSync } = require("node:child_process");
const path = require("node:path");

const repo = path.resolve(__dirname, "..");
execFileSync("npm", ["run", "build"], { cwd: repo, stdio: "inherit" });

const optedOut = process.env.PULUMI_TRTC_SKIP_ENGINE_TESTS === "1" && process.env.CI !== "true";
if (!optedOut && !process.env.PULUMI_TRTC_CLI) {
  const script = path.join(repo, "scripts", "install-pulumi.sh");
  try {
    execFileSync("bash", [script, "--locate"], { stdio: "ignore" });
  } catch {
    console.error("pretest: building the Pulumi CLI for the end-to-end tests (once per machine, about 5 minutes)...");
    try {
      execFileSync("bash", [script], { stdio: ["ignore", "ignore", "inherit"] });
    } catch {
      console.error("pretest: the Pulumi CLI build failed; the end-to-end tests will say what to do.");
    }
  }
}

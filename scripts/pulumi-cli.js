// Which Pulumi CLI runs this repository's stacks (`npm run demo`, the engine tests): one the user
// already has when its version is supported, else the build pinned to package-lock's
// @pulumi/pulumi (scripts/install-pulumi.sh).
const { execFileSync } = require("node:child_process");
const { accessSync, constants, statSync } = require("node:fs");
const path = require("node:path");

const repo = path.resolve(__dirname, "..");

/** The @pulumi/pulumi version the repository's programs run: the CLI must speak at least its protocol. */
function pinnedVersion() {
  return require(path.join(repo, "package-lock.json")).packages["node_modules/@pulumi/pulumi"].version;
}

/** A CLI is supported from the pinned SDK's version up to the next major (Pulumi CLIs run older SDKs' programs). */
function supportedRange() {
  return { min: pinnedVersion(), below: "4.0.0" };
}

function describeRange({ min, below }) {
  return `>= ${min} < ${below}`;
}

function parts(version) {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  return match ? match.slice(1).map(Number) : undefined;
}

function compare(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** Whether `version` ("v3.248.0" or "3.248.0") is in `range`; a pre-release counts as its release. */
function isSupported(version, range = supportedRange()) {
  const v = parts(version);
  return v !== undefined && compare(v, parts(range.min)) >= 0 && compare(v, parts(range.below)) < 0;
}

/** The first executable `name` on `pathValue`, as the shell would find it. */
function which(name, pathValue = process.env.PATH ?? "") {
  for (const dir of pathValue.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not there, or not executable
    }
  }
  return undefined;
}

/** `pulumi version` without the update check; undefined when the binary does not run. */
function versionOf(bin) {
  try {
    const out = execFileSync(bin, ["version"], {
      encoding: "utf8",
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
      stdio: ["ignore", "pipe", "ignore"],
    });
    return parts(out.trim()) ? out.trim().replace(/^v?/, "") : undefined;
  } catch {
    return undefined;
  }
}

/** Runs scripts/install-pulumi.sh (builds once, then cached); with `locate` it only looks. Returns the bin dir. */
function pinnedBuild({ locate = false, stdio = ["ignore", "pipe", "inherit"] } = {}) {
  const args = [path.join(repo, "scripts", "install-pulumi.sh"), ...(locate ? ["--locate"] : [])];
  return execFileSync("bash", args, { encoding: "utf8", stdio }).trim();
}

module.exports = { describeRange, isSupported, pinnedBuild, pinnedVersion, supportedRange, versionOf, which };

import { type ChildProcess, execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

export const REPO = path.resolve(__dirname, "..");

type LockEntry = {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  optional?: boolean;
  [key: string]: unknown;
};

/** A fresh project with the packed tarball installed by npm, and what npm said doing it. */
export interface Installed {
  /** The project directory; its node_modules holds pulumi-trtc and its dependencies. */
  dir: string;
  /** npm's output (stdout and stderr) while installing. */
  log: string;
  /** The tarball's name, e.g. pulumi-trtc-0.1.0.tgz, in `dir`. */
  tarball: string;
}

/** Installs live outside the repository, so nothing in them can resolve from the repo's node_modules. */
const INSTALLS = path.join(tmpdir(), `pulumi-trtc-installs-${sha256(REPO).slice(0, 12)}`);
const INSTALLED_MARK = ".installed";
const LOG = "npm-install.log";
const PROJECT = "installed-pulumi-trtc";

/**
 * The package as a user gets it: `npm pack` of the built dist (run the build first), installed
 * with `npm ci` into a fresh project beside the @pulumi/pulumi version the repository tests, plus
 * TypeScript as `pulumi new typescript` gives. One install per tarball content, reused by every
 * test. The project's lock is cut from this repository's, so every dependency is the tested version
 * and comes from npm's cache when it has it (the registry otherwise).
 *
 * With `pulumi`, the project has that @pulumi/pulumi version instead, installed from the registry
 * with `npm install` (its dependencies are not in our lock).
 */
export function installedPackage(pulumi?: string): Installed {
  mkdirSync(INSTALLS, { recursive: true });
  const pack = mkdtempSync(path.join(INSTALLS, "pack-"));
  try {
    const packed = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", pack], { cwd: REPO, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const [{ filename }] = JSON.parse(packed) as { filename: string }[];
    const bytes = readFileSync(path.join(pack, filename));
    const digest = sha256(bytes).slice(0, 16);
    const dir = path.join(INSTALLS, pulumi ? `${digest}-pulumi-${pulumi}` : digest);
    if (!existsSync(path.join(dir, INSTALLED_MARK))) install(dir, filename, bytes, pulumi);
    return { dir, log: readFileSync(path.join(dir, LOG), "utf8"), tarball: filename };
  } finally {
    rmSync(pack, { recursive: true, force: true });
  }
}

function install(dir: string, tarball: string, bytes: Buffer, pulumi: string | undefined): void {
  // Built aside and renamed into place, so a concurrent test never sees half an install.
  const build = mkdtempSync(path.join(INSTALLS, "build-"));
  writeFileSync(path.join(build, tarball), bytes);
  const command = pulumi === undefined ? testedProject(build, tarball, bytes) : projectWith(build, tarball, pulumi);
  const npm = spawnSync("npm", [command, "--prefer-offline", "--no-audit", "--no-fund"], { cwd: build, encoding: "utf8" });
  const log = `${npm.stdout}${npm.stderr}`;
  if (npm.status !== 0) throw new Error(`npm ${command} of the packed ${tarball} failed:\n${log}`);
  writeFileSync(path.join(build, LOG), log);
  writeFileSync(path.join(build, INSTALLED_MARK), "");
  // Installs of older builds of this worktree are of no more use.
  const digest = path.basename(dir).slice(0, 16);
  for (const old of readdirSync(INSTALLS)) {
    if (/^[0-9a-f]{16}/.test(old) && !old.startsWith(digest)) rmSync(path.join(INSTALLS, old), { recursive: true, force: true });
  }
  try {
    renameSync(build, dir);
  } catch (e) {
    // Another test process installed the same tarball first: use that one.
    rmSync(build, { recursive: true, force: true });
    if (!existsSync(path.join(dir, INSTALLED_MARK))) throw e;
  }
}

/** The tested versions: package.json and a lock cut from ours, for `npm ci`. */
function testedProject(build: string, tarball: string, bytes: Buffer): string {
  const lock = JSON.parse(readFileSync(path.join(REPO, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };
  const manifest = JSON.parse(execFileSync("tar", ["-xzOf", path.join(build, tarball), "package/package.json"], { encoding: "utf8" })) as LockEntry & { name: string };
  const tested = (name: string) => lock.packages[`node_modules/${name}`]!.version!;
  const dependencies = {
    "@pulumi/pulumi": tested("@pulumi/pulumi"),
    [manifest.name]: `file:${tarball}`,
    typescript: tested("typescript"),
    "@types/node": tested("@types/node"),
  };
  const self: LockEntry = {
    version: manifest.version,
    resolved: `file:${tarball}`,
    integrity: `sha512-${createHash("sha512").update(bytes).digest("base64")}`,
    ...pick(manifest, ["license", "dependencies", "peerDependencies", "bin", "engines"]),
  };
  const packages = closure(lock.packages, dependencies, { [`node_modules/${manifest.name}`]: self });
  writeFileSync(path.join(build, "package.json"), JSON.stringify({ name: PROJECT, private: true, dependencies }, null, 2));
  writeFileSync(
    path.join(build, "package-lock.json"),
    JSON.stringify({ name: PROJECT, lockfileVersion: 3, requires: true, packages: { "": { name: PROJECT, dependencies }, ...packages } }, null, 2),
  );
  return "ci";
}

/** Another @pulumi/pulumi version: only package.json, resolved from the registry by `npm install`. */
function projectWith(build: string, tarball: string, pulumi: string): string {
  const dependencies = { "@pulumi/pulumi": pulumi, "pulumi-trtc": `file:${tarball}` };
  writeFileSync(path.join(build, "package.json"), JSON.stringify({ name: PROJECT, private: true, dependencies }, null, 2));
  return "install";
}

/**
 * The lock entries a project with `dependencies` needs, from the repository's lock: Node's lookup
 * (the nearest node_modules up the tree) followed from each package to its dependencies. `extra`
 * entries (the tarball) are walked too. Development flags are dropped: here everything is needed.
 */
function closure(all: Record<string, LockEntry>, dependencies: Record<string, string>, extra: Record<string, LockEntry>): Record<string, LockEntry> {
  const packages = { ...all, ...extra };
  const out: Record<string, LockEntry> = {};
  const visit = (from: string, deps: Record<string, string>, optional: (name: string) => boolean) => {
    for (const name of Object.keys(deps)) {
      const found = resolve(packages, from, name);
      if (!found) {
        if (optional(name)) continue;
        throw new Error(`${name}, needed by ${from || "the project"}, is not in package-lock.json`);
      }
      if (out[found]) continue;
      const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = packages[found]!;
      out[found] = entry;
      const meta = entry.peerDependenciesMeta ?? {};
      visit(found, { ...entry.dependencies, ...entry.optionalDependencies }, (n) => n in (entry.optionalDependencies ?? {}));
      visit(found, entry.peerDependencies ?? {}, (n) => meta[n]?.optional === true);
    }
  };
  visit("", dependencies, () => false);
  return out;
}

function resolve(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const up = base.lastIndexOf("/node_modules/");
    base = up < 0 ? "" : base.slice(0, up);
  }
}

function pick(value: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => value[k] !== undefined).map((k) => [k, value[k]]));
}

function sha256(value: string | Buffer): string {
  return createHash("sha256").update(value).digest("hex");
}

/**
 * A fresh directory for one test whose node_modules is the installed package's: what a user's
 * project looks like after `npm install pulumi-trtc`. Inside the repo the package is a symlink to
 * itself, which Pulumi's closure serialiser treats as local code, so tests that run programs use this.
 */
export function installedCopy(prefix: string, pulumi?: string): string {
  const { dir: installed } = installedPackage(pulumi);
  const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  symlinkSync(path.join(installed, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

/** The URL the emulator prints once it listens; the output stays open (it tells when the emulator has exited). */
export function listening(child: ChildProcess): Promise<string> {
  let out = "";
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      out += String(chunk);
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve(url);
    });
    child.stdout!.once("end", () => reject(new Error(`trtc-local exited before listening: ${out}`)));
  });
}

import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

export const REPO = path.resolve(__dirname, "..");

/**
 * A directory where `pulumi-trtc` is installed as a user's `npm install` leaves it: a real copy of
 * the built package in node_modules (its dependencies linked from this repo). Inside the repo the
 * package is only a symlink to itself, which Pulumi's closure serialiser treats as local code.
 */
export function installedCopy(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  const modules = path.join(dir, "node_modules");
  mkdirSync(modules);
  for (const entry of readdirSync(path.join(REPO, "node_modules"))) {
    if (entry !== "pulumi-trtc" && entry !== ".bin") symlinkSync(path.join(REPO, "node_modules", entry), path.join(modules, entry));
  }
  const pkg = path.join(modules, "pulumi-trtc");
  mkdirSync(pkg);
  cpSync(path.join(REPO, "package.json"), path.join(pkg, "package.json"));
  cpSync(path.join(REPO, "dist"), path.join(pkg, "dist"), { recursive: true });
  // npm links each bin into node_modules/.bin and makes it executable.
  mkdirSync(path.join(modules, ".bin"));
  chmodSync(path.join(pkg, "dist", "emulator", "cli.js"), 0o755);
  symlinkSync("../pulumi-trtc/dist/emulator/cli.js", path.join(modules, ".bin", "trtc-local"));
  return dir;
}

// The package's own manifest: its version for the health route and for the projects `pulumi-trtc
// init` writes. Found by walking up from this file, which is dist/emulator/ in the package and
// emulator/ when run from source.
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

export interface Manifest {
  name: string;
  version: string;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

function find(from: string): string {
  const file = path.join(from, "package.json");
  if (existsSync(file)) return file;
  const up = path.dirname(from);
  if (up === from) throw new Error(`no package.json above ${__dirname}`);
  return find(up);
}

export const MANIFEST: Manifest = JSON.parse(readFileSync(find(__dirname), "utf8")) as Manifest;

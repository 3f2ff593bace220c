// What every subcommand of `pulumi-trtc` shares: its shape, its errors, the package's manifest.
import { readFileSync } from "node:fs";

export interface Command {
  name: string;
  /** One line for `pulumi-trtc --help`. */
  summary: string;
  /** Runs with the arguments after the command's name; resolves with the exit status. */
  run(args: string[]): Promise<number>;
}

/** A failure the user can fix, said in one line without a stack: exit status 1. */
export class CommandError extends Error {
  readonly exitCode: number = 1;
}

/** Arguments the command cannot work with: exit status 2, with a pointer to the command's --help. */
export class UsageError extends CommandError {
  override readonly exitCode = 2;
}

export interface Manifest {
  name: string;
  version: string;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

/** This package's own package.json, found by its name (the manifest is in its exports), from source or dist alike. */
export function manifest(): Manifest {
  return JSON.parse(readFileSync(require.resolve("pulumi-trtc/package.json"), "utf8")) as Manifest;
}

#!/usr/bin/env node
// pulumi-trtc: a small dispatcher over the subcommands in commands.ts. Exit status: the command's,
// 1 for a failure the user can fix and 2 for usage it cannot work with, each said in one line;
// programming errors keep their stack.
import { MANIFEST } from "../emulator/package";
import { CommandError, UsageError } from "./command";
import { COMMANDS } from "./commands";

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "usage: pulumi-trtc <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "`pulumi-trtc <command> --help` describes a command's options; `pulumi-trtc --version` prints the package's version.",
  ].join("\n");
}

async function main([name, ...args]: string[]): Promise<number> {
  if (name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  if (name === "--version" || name === "-v") {
    process.stdout.write(`${MANIFEST.version}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`${name === undefined ? "pulumi-trtc: give a command" : `pulumi-trtc: unknown command "${name}"`}\n${usage()}\n`);
    return 2;
  }
  try {
    return await command.run(args);
  } catch (err) {
    if (!(err instanceof CommandError)) throw err;
    const hint = err instanceof UsageError ? ` (see pulumi-trtc ${command.name} --help)` : "";
    process.stderr.write(`pulumi-trtc ${command.name}: ${err.message}${hint}\n`);
    return err.exitCode;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

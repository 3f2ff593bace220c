// The subcommands of `pulumi-trtc`, one entry each.
import type { Command } from "./command";
import { init } from "./init";

export const COMMANDS: readonly Command[] = [
  { name: "init", summary: "write a Pulumi project using pulumi-trtc, with a stack pointed at trtc-local", run: init },
];

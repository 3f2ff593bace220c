// The subcommands of `pulumi-trtc`, one entry each.
import type { Command } from "./command";
import { init } from "./init";
import { lookupCommand } from "./lookup";
import { quality, rooms, usage } from "./lookups";

export const COMMANDS: readonly Command[] = [
  { name: "init", summary: "write a Pulumi project using pulumi-trtc, with a stack pointed at trtc-local", run: init },
  lookupCommand(rooms),
  lookupCommand(quality),
  lookupCommand(usage),
];

import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { runBench, STACK_SHAPES, type StackShape } from "./bench";
import { formatReport, report } from "./report";

const USAGE =
  "usage: npm run bench -- [--n 100] [--json out.json] [--shapes ingest,mixed] [--stacks K [--unshared]] [--skip-checkpoints] [--parallel P] [--repeat 3] [--cpu-prof DIR]";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n: { type: "string", default: "100" },
      json: { type: "string" },
      shapes: { type: "string", default: STACK_SHAPES.join(",") },
      // K > 1: K stacks of N StreamIngests sharing one account, instead of the shapes.
      stacks: { type: "string", default: "1" },
      // With --stacks: each process its own rate window, to measure the adaptive limiter alone.
      unshared: { type: "boolean", default: false },
      "skip-checkpoints": { type: "boolean", default: false },
      parallel: { type: "string" },
      repeat: { type: "string", default: "3" },
      // A V8 CPU profile of every Node process (program, provider) of every command, a directory per command.
      "cpu-prof": { type: "string" },
    },
  });
  const n = Number(values.n);
  const shapes = values.shapes.split(",");
  const teamSize = Number(values.stacks);
  const parallel = values.parallel === undefined ? undefined : Number(values.parallel);
  const repeat = Number(values.repeat);
  for (const [flag, value] of [["--n", n], ["--parallel", parallel ?? 1], ["--repeat", repeat], ["--stacks", teamSize]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} must be a positive integer\n${USAGE}`);
  }
  if (values.unshared && teamSize === 1) throw new Error(`--unshared is for the team scenario: give --stacks K too\n${USAGE}`);
  const unknown = shapes.filter((s) => !(STACK_SHAPES as readonly string[]).includes(s));
  if (unknown.length) throw new Error(`--shapes: unknown ${unknown.join(", ")}; choose from ${STACK_SHAPES.join(", ")}\n${USAGE}`);

  const result = report(
    await runBench({
      n,
      shapes: shapes as StackShape[],
      skipCheckpoints: values["skip-checkpoints"],
      parallel,
      repeat,
      teamSize,
      unshared: values.unshared,
      cpuProfileDir: values["cpu-prof"],
      log: (line) => console.error(line),
    }),
  );
  console.log(formatReport(result));
  if (values.json) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

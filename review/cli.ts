#!/usr/bin/env node
// trtc-review: reads `pulumi preview --json` from a file or standard input and writes a Markdown
// summary of what the change does to live TRTC tasks. Exit status: 0 summary written, 1 summary
// written but the preview itself failed, 2 input or usage it cannot work with (one line, no stack).
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { reviewPreview, ReviewError } from "./index";

const USAGE = `usage: trtc-review [preview.json | -]
  Summarises \`pulumi preview --json\` (from the file, or standard input) as Markdown for code review:
  pulumi preview --json > preview.json && npx trtc-review preview.json >> "$GITHUB_STEP_SUMMARY"`;

class UsageError extends Error {}

async function readInput(file: string): Promise<string> {
  if (file !== "-") {
    try {
      return await readFile(file, "utf8");
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  if (process.stdin.isTTY) throw new UsageError("give a file, or pipe `pulumi preview --json` into standard input");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ options: { help: { type: "boolean", short: "h" } }, allowPositionals: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (parsed.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.positionals.length > 1) throw new UsageError("give one preview file at most");
  const file = parsed.positionals[0] ?? "-";
  const text = await readInput(file);
  let review;
  try {
    review = reviewPreview(text);
  } catch (e) {
    throw e instanceof ReviewError ? new ReviewError(`${file === "-" ? "standard input" : file}: ${e.message}`) : e;
  }
  const { markdown, failed } = review;
  process.stdout.write(markdown);
  return failed ? 1 : 0;
}

main().then(
  (status) => {
    process.exitCode = status;
  },
  (e: unknown) => {
    const usage = e instanceof UsageError ? `\n${USAGE}` : "";
    const known = e instanceof UsageError || e instanceof ReviewError;
    // Anything else is a bug of ours, still reported in one line: a stack trace helps no reviewer.
    process.stderr.write(`trtc-review: ${known ? "" : "internal error: "}${(e as Error).message ?? String(e)}${usage}\n`);
    process.exitCode = 2;
  },
);

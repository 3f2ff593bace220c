import { z } from "zod";
import { ReviewError } from "./errors";

export { ReviewError };

// The parts of `pulumi preview --json` (the CLI's PreviewDigest, checked against 3.248) that the
// summary reads. Objects stay loose: the digest carries much more (outputs, stack traces).

const resourceState = z.looseObject({
  type: z.string(),
  /** Inputs as the engine holds them, secrets already replaced by "[secret]". */
  inputs: z.record(z.string(), z.unknown()).optional(),
  /**
   * On the old state of a replacement: set once the new resource exists and the old one waits
   * to be deleted, so the engine creates first.
   */
  delete: z.boolean().optional(),
  /** On the old state of a replacement: set once the old resource is deleted, so it deletes first. */
  pendingReplacement: z.boolean().optional(),
});

const step = z.looseObject({
  op: z.string(),
  urn: z.string(),
  oldState: resourceState.optional(),
  newState: resourceState.optional(),
  /** Top-level inputs whose change forces the replacement. */
  replaceReasons: z.array(z.string()).optional(),
  diffReasons: z.array(z.string()).optional(),
});

const diagnostic = z.looseObject({
  urn: z.string().optional(),
  message: z.string().optional(),
  severity: z.string(),
});

const previewDigest = z
  .looseObject({
    steps: z.array(step).optional(),
    diagnostics: z.array(diagnostic).optional(),
    changeSummary: z.record(z.string(), z.number()).optional(),
  })
  .refine((d) => d.steps || d.diagnostics || d.changeSummary, {
    error: "has no steps, diagnostics or changeSummary",
  });

export type PreviewDigest = z.output<typeof previewDigest>;
export type PreviewStep = z.output<typeof step>;

const WHAT = "give it the output of `pulumi preview --json`";

export function parsePreview(text: string): PreviewDigest {
  if (!text.trim()) throw new ReviewError(`the input is empty: ${WHAT}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ReviewError(`the input is not JSON (${(e as Error).message}): ${WHAT}`);
  }
  const parsed = previewDigest.safeParse(json);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  const where = issue.path.length ? formatPath(issue.path) : "the top level";
  throw new ReviewError(`the input is not a Pulumi preview: ${where}: ${issue.message}; ${WHAT}`);
}

/** `steps[2].newState.inputs` from a list of keys and indices. */
export function formatPath(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`)).join("");
}

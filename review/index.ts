import { renderMarkdown } from "./markdown";
import { parsePreview } from "./preview";
import { summarize } from "./summary";

export { ReviewError } from "./errors";
export { WOULD_PREFIX } from "../provider/previewLog";

/**
 * The Markdown summary of a `pulumi preview --json` for code review: what the change does to live
 * TRTC tasks. `failed` when the preview itself reported errors. Throws `ReviewError` on input that
 * is not such a preview.
 */
export function reviewPreview(json: string): { markdown: string; failed: boolean } {
  const summary = summarize(parsePreview(json));
  return { markdown: renderMarkdown(summary), failed: summary.errors.length > 0 };
}

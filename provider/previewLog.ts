// What a changing function logs in a preview instead of calling TRTC; `trtc-review` finds those
// lines in the preview's diagnostics by the same prefix.

/** The source every pulumi-trtc log line starts with. */
export const LOG_SOURCE = "pulumi-trtc: ";
/** How a preview's line for a room change it did not make begins (`pulumi-trtc: would call DismissRoom for room 1234 ...`). */
export const WOULD_PREFIX = `${LOG_SOURCE}would `;

// A relay's custom mix layout drawn as text: the canvas in dots, each window a box whose top edge
// names the anchor it shows, so a reviewer sees a layout change instead of reading its numbers. Plain
// characters only: the picture reads the same in a terminal, a PR comment and a CI log.

/** The picture's size at most, in characters; a character cell is about twice as high as wide. */
const MAX_COLUMNS = 40;
const MAX_ROWS = 16;

/** What StartPublishCdnStream's MixLayoutMode numbers mean (TRTC lays out the dynamic ones itself). */
const MODES: Record<number, string> = { 1: "floating", 2: "screen sharing", 3: "grid", 4: "custom" };

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
  zOrder: number;
  label: string;
}

/**
 * The lines of text for one side of a change: `videoParams` as the relay's inputs hold it. A
 * custom layout is drawn; any other is named. `clean` makes a label safe to print.
 */
export function drawLayout(videoParams: unknown, clean: (label: string) => string): string[] {
  const encode = member(videoParams, "videoEncode");
  const layout = member(videoParams, "layoutParams");
  const mode = member(layout, "mixLayoutMode") ?? 1;
  const windows = member(layout, "mixLayoutList");
  const canvas = { width: member(encode, "width"), height: member(encode, "height") };
  if (videoParams === undefined) return ["(no video)"];
  if (mode !== 4 || !Array.isArray(windows)) {
    return [typeof mode === "number" && MODES[mode] ? `${MODES[mode]} layout (mixLayoutMode ${mode}), drawn by TRTC` : "(layout not known)"];
  }
  if (!isCount(canvas.width) || !isCount(canvas.height) || canvas.width === 0 || canvas.height === 0) return ["(canvas size not known)"];
  const scale = Math.min(MAX_COLUMNS / canvas.width, (MAX_ROWS * 2) / canvas.height);
  const columns = Math.max(2, Math.round(canvas.width * scale));
  const rows = Math.max(2, Math.round((canvas.height * scale) / 2));
  const grid = Array.from({ length: rows }, () => Array<string>(columns).fill("."));

  const boxes = windows.map((w, i) => box(w, labelOf(windows, i), scale)).filter((b): b is Box => b !== undefined);
  // Higher zOrder on top; among equals, later windows on top.
  const stacked = boxes.map((b, i) => ({ b, i })).sort((p, q) => p.b.zOrder - q.b.zOrder || p.i - q.i);
  for (const { b } of stacked) paint(grid, b, clean(b.label));
  return [`${canvas.width} x ${canvas.height}`, ...grid.map((row) => row.join(""))];
}

/** Two sides next to each other, headed, each padded to its widest line. */
export function sideBySide(before: string[], after: string[]): string[] {
  const left = ["before", ...before];
  const right = ["after", ...after];
  const width = Math.max(...left.map((l) => [...l].length));
  return Array.from({ length: Math.max(left.length, right.length) }, (_, i) => {
    const l = left[i] ?? "";
    return `${l}${" ".repeat(width - [...l].length)}   ${right[i] ?? ""}`.trimEnd();
  });
}

/** Whether the relay's `videoParams` hold a custom layout, the kind worth drawing. */
export function isCustomLayout(videoParams: unknown): boolean {
  return member(member(videoParams, "layoutParams"), "mixLayoutMode") === 4;
}

/** The window in character cells, at least 2 x 2 so its corners show; undefined when it has no size. */
function box(window: unknown, label: string, scale: number): Box | undefined {
  const n = (key: string) => {
    const v = member(window, key);
    return isCount(v) ? v : 0;
  };
  if (n("imageWidth") === 0 || n("imageHeight") === 0) return undefined;
  const left = Math.round(n("locationX") * scale);
  const top = Math.round((n("locationY") * scale) / 2);
  const right = Math.max(left + 2, Math.round((n("locationX") + n("imageWidth")) * scale));
  const bottom = Math.max(top + 2, Math.round(((n("locationY") + n("imageHeight")) * scale) / 2));
  return { left, top, width: right - left, height: bottom - top, zOrder: n("zOrder"), label };
}

/** Draws the box over what lies beneath it, cut off at the canvas's edges, its label on its top edge. */
function paint(grid: string[][], b: Box, label: string): void {
  const right = b.left + b.width - 1;
  const bottom = b.top + b.height - 1;
  for (let y = b.top; y <= bottom; y++) {
    for (let x = b.left; x <= right; x++) {
      if (grid[y]?.[x] === undefined) continue;
      const edgeX = x === b.left || x === right;
      const edgeY = y === b.top || y === bottom;
      grid[y][x] = edgeX && edgeY ? "+" : edgeY ? "-" : edgeX ? "|" : " ";
    }
  }
  // On the top edge, like a title bar: it fits even a window two rows high.
  const row = grid[b.top];
  if (!row) return;
  [...label].slice(0, Math.max(0, b.width - 2)).forEach((ch, i) => {
    if (row[b.left + 1 + i] !== undefined) row[b.left + 1 + i] = ch;
  });
}

/** Who a window shows: its anchor (with another room, and screen sharing), or the n-th anchor to enter. */
function labelOf(windows: unknown[], index: number): string {
  const stream = member(windows[index], "userMediaStream");
  const user = member(stream, "userInfo");
  const userId = member(user, "userId");
  if (typeof userId !== "string") {
    const unnamed = windows.slice(0, index + 1).filter((w) => typeof member(member(member(w, "userMediaStream"), "userInfo"), "userId") !== "string");
    return `anchor ${unnamed.length}`;
  }
  const room = member(user, "roomId");
  return `${userId}${room !== undefined ? `@${String(room)}` : ""}${member(stream, "streamType") === 1 ? " (screen)" : ""}`;
}

function member(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

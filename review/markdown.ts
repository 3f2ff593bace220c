import { drawLayout, sideBySide } from "./layout";
import { ABSENT, type Change, type Effect, type Summary, type TaskRow } from "./summary";

// The summary as GitHub-flavoured Markdown, for a pull request or a CI job summary.

/** What Pulumi serialises in place of a value not known until `up` (its computedValuePlaceholder). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SECRET = "[secret]";

const EFFECTS: Record<Effect, string> = {
  start: "new",
  update: "updated in place, no interruption",
  restartStartFirst: "restarted, start first: the new task starts before the old one stops",
  restartStopFirst:
    "restarted, stop first: the old task stops before the new one starts (delete-before-replace, a longer gap)",
  stop: "stopped",
};

/** The same effects on a configuration object, which is created and deleted, not started and stopped. */
const OBJECT_EFFECTS: Record<Effect, string> = {
  start: "new",
  update: "changed in place",
  restartStartFirst: "replaced, new first: the new one is created before the old one is deleted",
  restartStopFirst: "replaced, delete first: the old one is deleted before the new one is created",
  stop: "deleted",
};

export function renderMarkdown(summary: Summary): string {
  const { tasks, objects, others, roomCalls, errors } = summary;
  const lines = ["## TRTC tasks in this preview", ""];
  if (errors.length) lines.push("**The preview failed**, so this summary may be incomplete:", "", ...fence(errors.join("\n")), "");

  const count = (rows: TaskRow[], ...effects: Effect[]) => rows.filter((t) => effects.includes(t.effect)).length;
  const stopFirst = count(tasks, "restartStopFirst");
  const restarted = `${count(tasks, "restartStartFirst", "restartStopFirst")} restarted${stopFirst ? ` (${stopFirst} stop first)` : ""}`;
  lines.push(`**${count(tasks, "start")} started · ${count(tasks, "update")} updated in place · ${restarted} · ${count(tasks, "stop")} stopped**`, "");

  if (tasks.length) {
    lines.push("| type | name | room | bot | live task | changes |", "|---|---|---|---|---|---|");
    lines.push(...tasks.map(row), "");
  }
  if (objects.length) {
    const replaced = count(objects, "restartStartFirst", "restartStopFirst");
    lines.push(
      `**Configuration objects: ${count(objects, "start")} created · ${count(objects, "update")} changed in place · ` +
        `${replaced} replaced · ${count(objects, "stop")} deleted**`,
      "",
    );
    lines.push("| type | name | object | changes |", "|---|---|---|---|");
    lines.push(...objects.map(objectRow), "");
  }
  for (const task of tasks.filter((t) => t.layout)) {
    const { before, after } = task.layout!;
    lines.push(`**Mix layout of ${task.kind} ${escape(task.name)}**:`, "");
    lines.push(...fence(sideBySide(drawLayout(before, oneLine), drawLayout(after, oneLine)).join("\n")), "");
  }
  if (roomCalls.length) {
    lines.push("**Room changes on `pulumi up`** (the program's calls; a preview only logs them):", "");
    lines.push(...roomCalls.map((call) => `- ${escape(call)}`), "");
  }
  if (others) lines.push(`Also ${others} change${others === 1 ? "" : "s"} to resources that are not TRTC tasks.`, "");
  return lines.join("\n");
}

/**
 * An update with no visible difference changed only secret values: dynamic providers report no
 * per-field diff, and the preview shows both sides as [secret], so which one is not known.
 */
const HIDDEN_CHANGE = "secret inputs only (values hidden)";

function row(task: TaskRow): string {
  return `| ${task.kind} | ${escape(task.name)} | ${place(task.room)} | ${place(task.bot)} | ${EFFECTS[task.effect]} | ${changesOf(task, "restarts")} |`;
}

function objectRow(object: TaskRow): string {
  return `| ${object.kind} | ${escape(object.name)} | ${OBJECT_EFFECTS[object.effect]} | ${changesOf(object, "replaces")} |`;
}

/** `replacing` is how a change the engine replaces for is marked: a task restarts, an object is replaced. */
function changesOf(row: TaskRow, replacing: string): string {
  return row.changes.map((c) => change(c, replacing)).join("<br>") || (row.effect === "update" ? HIDDEN_CHANGE : "—");
}

function change(c: Change, replacing: string): string {
  const what = `${code(c.path)}${c.restarts ? ` (${replacing})` : ""}`;
  if (c.drawn) return `${what}: drawn below`;
  if (!c.entries) return `${what}: ${value(c.old)} → ${value(c.new)}`;
  // A list that got longer or shorter: which entries come and go reads better than two whole lists.
  const { added, removed } = c.entries;
  const count = (list: unknown) => (list as unknown[]).length;
  const listed = (sign: string, entries: unknown[]) => entries.map((entry) => `<br>${sign} ${value(entry)}`).join("");
  return `${what}: ${count(c.old)} → ${count(c.new)} entries${listed("+", added)}${listed("−", removed)}`;
}

/** A room or bot: ids as they are, a change as old → new. */
function place(values: unknown[]): string {
  const shown = values.filter((v) => v !== ABSENT);
  return shown.map((v) => (typeof v === "string" && v !== UNKNOWN ? code(v) : value(v))).join(" → ") || "—";
}

/** An input value as the program wrote it (JSON), hidden and unknown values as markers. */
function value(v: unknown): string {
  if (v === ABSENT) return "(not set)";
  if (v === SECRET) return code(SECRET);
  if (v === UNKNOWN) return code("[known after up]");
  const text = JSON.stringify(v, (_key, inner) => (inner === UNKNOWN ? "[known after up]" : inner));
  // A long text (a description, a prompt) would stretch the row: its start and length say it changed.
  return text.length > LONGEST ? `${code(`${[...text].slice(0, SHOWN).join("")}…`)} (${text.length} characters)` : code(text);
}

/** The longest value shown whole, and how much of a longer one is shown. */
const LONGEST = 200;
const SHOWN = 60;

/**
 * A code span that survives backticks in the text, line breaks and, inside a table, pipes. A span
 * starting and ending with a space loses one of each, so such text is padded like one with
 * backticks at an end.
 */
function code(raw: string): string {
  const text = oneLine(raw);
  // GFM splits a table row before it finds code spans, pairing a backslash with the character after
  // it: one before a pipe would end the cell. Such text is written as HTML, every character that
  // Markdown could read as its own an entity.
  if (text.includes("\\|")) return `<code>${text.replace(/[^\w ]/gu, (c) => `&#${c.codePointAt(0)};`)}</code>`;
  const ticks = "`".repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  const spaced = text.startsWith(" ") && text.endsWith(" ") && text.trim() !== "";
  const pad = text.startsWith("`") || text.endsWith("`") || spaced ? " " : "";
  return `${ticks}${pad}${text}${pad}${ticks}`.replaceAll("|", "\\|");
}

/**
 * Text on one line: a line break would end a table row or a list item, and the text after it
 * would be read as Markdown of its own (a `---` line makes a heading). Control characters are
 * shown as their Unicode pictures (a line feed as ␊).
 */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, (c) => {
    const point = c.charCodeAt(0);
    return point < 0x20 ? String.fromCharCode(0x2400 + point) : point === 0x7f ? "\u2421" : "\u2424";
  });
}

function fence(text: string): string[] {
  const ticks = "`".repeat(Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  return [`${ticks}text`, text, ticks];
}

/**
 * Plain text taken from the preview (names, log lines) on one line, with Markdown's own characters
 * escaped: HTML tags and entities (`&lt;`) stay literal too.
 */
function escape(text: string): string {
  return oneLine(text).replace(/[\\`*_[\]<>|~#&]/g, "\\$&");
}

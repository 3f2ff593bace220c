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

export function renderMarkdown(summary: Summary): string {
  const { tasks, others, roomCalls, errors } = summary;
  const lines = ["## TRTC tasks in this preview", ""];
  if (errors.length) lines.push("**The preview failed**, so this summary may be incomplete:", "", ...fence(errors.join("\n")), "");

  const count = (...effects: Effect[]) => tasks.filter((t) => effects.includes(t.effect)).length;
  const stopFirst = count("restartStopFirst");
  const restarted = `${count("restartStartFirst", "restartStopFirst")} restarted${stopFirst ? ` (${stopFirst} stop first)` : ""}`;
  lines.push(`**${count("start")} started · ${count("update")} updated in place · ${restarted} · ${count("stop")} stopped**`, "");

  if (tasks.length) {
    lines.push("| type | name | room | bot | live task | changes |", "|---|---|---|---|---|---|");
    lines.push(...tasks.map(row), "");
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
  const changes = task.changes.map(change).join("<br>") || (task.effect === "update" ? HIDDEN_CHANGE : "—");
  return `| ${task.kind} | ${escape(task.name)} | ${place(task.room)} | ${place(task.bot)} | ${EFFECTS[task.effect]} | ${changes} |`;
}

function change(c: Change): string {
  const what = `${code(c.path)}${c.restarts ? " (restarts)" : ""}`;
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
  return code(JSON.stringify(v, (_key, inner) => (inner === UNKNOWN ? "[known after up]" : inner)));
}

/** A code span that survives backticks in the text and, inside a table, pipes. */
function code(text: string): string {
  const ticks = "`".repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${ticks}${pad}${text}${pad}${ticks}`.replaceAll("|", "\\|");
}

function fence(text: string): string[] {
  const ticks = "`".repeat(Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  return [`${ticks}text`, text, ticks];
}

/** Plain text taken from the preview (names, log lines), with Markdown's own characters escaped. */
function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>|~#]/g, "\\$&");
}

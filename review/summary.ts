import { isDeepStrictEqual } from "node:util";
import { kindOfType } from "../provider/contract";
import { LOG_SOURCE, WOULD_PREFIX } from "../provider/previewLog";
import { CONFIG_SPECS, taskSpecOf } from "../registry";
import { isCustomLayout } from "./layout";
import { formatPath, type PreviewDigest, type PreviewStep, ReviewError } from "./preview";

// What a preview does to live TRTC tasks, derived from the engine's own steps and inputs (not from
// our field tables), so it says what the engine will do with the version of pulumi-trtc in use.

/** Where a kind keeps its room and its bot's user id, as dotted paths into its inputs: its spec's own bot. */
function placesOf(kind: string): { room: string; bot: string } {
  return { room: "roomId", bot: taskSpecOf(kind)?.bots[0]?.userId ?? "userId" };
}

/** Where a kind keeps its mix layout and canvas (StartPublishCdnStream VideoParams), to draw a change of it. */
const LAYOUTS: Record<string, string> = { RelayTask: "videoParams" };

/** What happens to the live task. */
export type Effect = "start" | "update" | "restartStartFirst" | "restartStopFirst" | "stop";

/** Stands for a value one side of a change does not have. */
export const ABSENT = Symbol("absent");

export interface Change {
  path: string;
  old: unknown;
  new: unknown;
  /** The change is one the engine replaces the task for. */
  restarts: boolean;
  /** For a list that got longer or shorter: the entries only the new list has, and only the old one. */
  entries?: { added: unknown[]; removed: unknown[] };
  /** Windows of a mix layout, drawn after the table instead of listed. */
  drawn?: true;
}

export interface TaskRow {
  kind: string;
  name: string;
  /** The room before and after (one value when it stays). */
  room: unknown[];
  bot: unknown[];
  effect: Effect;
  changes: Change[];
  /** A changed custom mix layout: the kind's video settings before and after (see LAYOUTS). */
  layout?: { before: unknown; after: unknown };
}

export interface Summary {
  /** Most disruptive first. */
  tasks: TaskRow[];
  /** Configuration objects (a Picture, a Vocabulary): no room or bot, created and deleted rather than started and stopped. */
  objects: TaskRow[];
  /** Resources other than TRTC tasks (the stack and providers aside) that the preview changes. */
  others: number;
  /** What the program's functions would change in rooms on `up`. */
  roomCalls: string[];
  /** Errors the preview reported: it failed, so its steps may be incomplete. */
  errors: string[];
}

const NO_CHANGE = new Set(["same", "read", "refresh"]);
const KNOWN_OPS = new Set([...NO_CHANGE, "create", "update", "delete", "replace", "create-replacement", "delete-replaced"]);
const PLUMBING = /^pulumi:(pulumi:Stack|providers:)/;
const SINGLE: Record<string, Effect> = { create: "start", update: "update", delete: "stop" };
const RANK: Effect[] = ["restartStopFirst", "restartStartFirst", "stop", "update", "start"];

type Props = Record<string, unknown>;
interface Numbered {
  step: PreviewStep;
  index: number;
}

export function summarize(digest: PreviewDigest): Summary {
  const groups = new Map<string, Numbered[]>();
  const others = new Set<string>();
  (digest.steps ?? []).forEach((step, index) => {
    const { type } = parseUrn(step.urn, index);
    if (kindOfType(type) !== undefined) {
      if (!KNOWN_OPS.has(step.op)) {
        throw new ReviewError(
          `steps[${index}]: operation "${step.op}" on ${step.urn} is not one this summary knows (${[...KNOWN_OPS].join(", ")})`,
        );
      }
      groups.set(step.urn, [...(groups.get(step.urn) ?? []), { step, index }]);
    } else if (!PLUMBING.test(type) && !NO_CHANGE.has(step.op)) {
      others.add(step.urn);
    }
  });
  const rows = [...groups.values()]
    .map(taskRow)
    .filter((row): row is TaskRow => row !== undefined)
    .sort((a, b) => RANK.indexOf(a.effect) - RANK.indexOf(b.effect) || compare(a.kind, b.kind) || compare(a.name, b.name));
  const isConfiguration = (row: TaskRow) => CONFIG_SPECS.some((spec) => spec.kind === row.kind);

  const roomCalls: string[] = [];
  const errors: string[] = [];
  for (const { message = "", severity } of digest.diagnostics ?? []) {
    const text = message.trim();
    if (text.startsWith(WOULD_PREFIX)) roomCalls.push(text.slice(LOG_SOURCE.length));
    else if (severity === "error") errors.push(text);
  }
  return { tasks: rows.filter((row) => !isConfiguration(row)), objects: rows.filter(isConfiguration), others: others.size, roomCalls, errors };
}

/** `urn:pulumi:<stack>::<project>::<parent types$type>::<name>`. */
function parseUrn(urn: string, index: number): { type: string; name: string } {
  const [head, _project, qualifiedType, ...name] = urn.split("::");
  if (!head.startsWith("urn:pulumi:") || qualifiedType === undefined || name.length === 0) {
    throw new ReviewError(`steps[${index}].urn: ${JSON.stringify(urn)} is not a Pulumi URN`);
  }
  return { type: qualifiedType.split("$").pop()!, name: name.join("::") };
}

function taskRow(steps: Numbered[]): TaskRow | undefined {
  const find = (op: string) => steps.find((s) => s.step.op === op);
  const { step: first, index } = steps[0];
  const { type, name } = parseUrn(first.urn, index);
  const kind = kindOfType(type)!;

  const replace = find("replace");
  const single = replace ?? find("create") ?? find("update") ?? find("delete");
  if (!single) {
    const odd = steps.find((s) => !NO_CHANGE.has(s.step.op));
    if (!odd) return undefined;
    throw new ReviewError(`steps[${odd.index}]: "${odd.step.op}" of ${name} comes without its "replace" step`);
  }
  const effect = replace ? replaceOrder(steps, replace, name) : SINGLE[single.step.op];
  const old = effect === "start" ? undefined : inputs(single, "oldState");
  const next = effect === "stop" ? undefined : inputs(single, "newState");
  const places = placesOf(kind);
  const both = (path: string) => distinct([old, next].filter((p) => p !== undefined).map((p) => at(p, path)));
  return {
    kind,
    name,
    room: both(places.room),
    bot: both(places.bot),
    effect,
    ...(old && next ? withLayout(kind, changes(old, next, single.step), old, next) : { changes: [] }),
  };
}

/** The changes, with those of a drawn layout's windows made one that points to the picture. */
function withLayout(kind: string, found: Change[], old: Props, next: Props): Pick<TaskRow, "changes" | "layout"> {
  const layout = layoutChange(kind, old, next);
  if (!layout) return { changes: found };
  const windows = `${LAYOUTS[kind]}.layoutParams.mixLayoutList`;
  const inList = (c: Change) => c.path === windows || c.path.startsWith(`${windows}[`) || c.path.startsWith(`${windows}.`);
  const drawn = found.filter(inList);
  const rest = found.filter((c) => !inList(c));
  if (drawn.length === 0) return { changes: rest, ...layout };
  const at = found.indexOf(drawn[0]);
  const pointer: Change = { path: windows, old: undefined, new: undefined, restarts: drawn.some((c) => c.restarts), drawn: true };
  return { changes: [...rest.slice(0, at), pointer, ...rest.slice(at)], ...layout };
}

/** The video settings on both sides when a custom layout (on either side) or its canvas changed. */
function layoutChange(kind: string, old: Props, next: Props): Required<Pick<TaskRow, "layout">> | undefined {
  const path = LAYOUTS[kind];
  if (!path) return undefined;
  const [before, after] = [at(old, path), at(next, path)].map((v) => (v === ABSENT ? undefined : v));
  const drawn = (v: unknown) => ({ layout: at({ v }, "v.layoutParams"), canvas: at({ v }, "v.videoEncode") });
  if (isDeepStrictEqual(drawn(before), drawn(after)) || !(isCustomLayout(before) || isCustomLayout(after))) return undefined;
  return { layout: { before, after } };
}

/**
 * Which end of a replacement comes first. With `--show-replacement-steps` the steps say it by their
 * order; otherwise the old state says it: the engine marks it `delete` once its replacement was
 * created first, or `pendingReplacement` once it was deleted first.
 */
function replaceOrder(steps: Numbered[], replace: Numbered, name: string): Effect {
  const ops = steps.map((s) => s.step.op);
  const created = ops.indexOf("create-replacement");
  const deleted = ops.indexOf("delete-replaced");
  if (created >= 0 && deleted >= 0) return deleted < created ? "restartStopFirst" : "restartStartFirst";
  const old = replace.step.oldState;
  if (old?.pendingReplacement) return "restartStopFirst";
  if (old?.delete) return "restartStartFirst";
  throw new ReviewError(
    `steps[${replace.index}]: the replacement of ${name} does not say whether the old task stops first; ` +
      "run `pulumi preview --json --show-replacement-steps`",
  );
}

function inputs({ step, index }: Numbered, side: "oldState" | "newState"): Props {
  const found = step[side]?.inputs;
  if (!found) throw new ReviewError(`steps[${index}].${side}.inputs: missing from the "${step.op}" of ${step.urn}`);
  return found;
}

/** The value at a dotted path; a hidden or unknown parent ("[secret]") stands for its members. */
function at(props: Props, path: string): unknown {
  let value: unknown = props;
  for (const key of path.split(".")) {
    if (typeof value === "string") return value;
    if (!isObject(value) || !(key in value)) return ABSENT;
    value = value[key];
  }
  return value;
}

/**
 * The input values that differ, down to the leaves where both sides are structures. Inputs named
 * `__...` are the dynamic provider's own (`__provider`, `__kind`) and never shown. A reason the
 * engine gives with no visible difference (a secret on both sides) is listed as such.
 */
function changes(old: Props, next: Props, step: PreviewStep): Change[] {
  const restartKeys = new Set(step.replaceReasons ?? []);
  const found: Change[] = [];
  const walk = (path: PropertyKey[], a: unknown, b: unknown) => {
    if (isDeepStrictEqual(a, b)) return;
    if (isObject(a) && isObject(b)) {
      for (const key of union(Object.keys(a), Object.keys(b))) walk([...path, key], member(a, key), member(b, key));
    } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      a.forEach((item, i) => walk([...path, i], item, b[i]));
    } else {
      const entries = Array.isArray(a) && Array.isArray(b) ? { added: without(b, a), removed: without(a, b) } : undefined;
      found.push({ path: formatPath(path), old: a, new: b, restarts: restartKeys.has(String(path[0])), ...(entries && { entries }) });
    }
  };
  const shown = (key: string) => !key.startsWith("__");
  for (const key of union(Object.keys(old), Object.keys(next)).filter(shown)) walk([key], member(old, key), member(next, key));
  for (const key of union([...restartKeys], step.diffReasons ?? []).filter(shown)) {
    if (!found.some((c) => c.path === key || c.path.startsWith(`${key}.`) || c.path.startsWith(`${key}[`))) {
      found.push({ path: key, old: member(old, key), new: member(next, key), restarts: restartKeys.has(key) });
    }
  }
  return found;
}

/** The entries of `list` left when each entry of `other` takes out one equal to it. */
function without(list: unknown[], other: unknown[]): unknown[] {
  const unmatched = [...other];
  return list.filter((entry) => {
    const i = unmatched.findIndex((o) => isDeepStrictEqual(o, entry));
    if (i >= 0) unmatched.splice(i, 1);
    return i < 0;
  });
}

function member(props: Props, key: string): unknown {
  return key in props ? props[key] : ABSENT;
}

/** Sorted, as Pulumi writes keys, so the summary never depends on the order of the input. */
function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}

/** Code-point order: the same summary on every machine, whatever its locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function distinct(values: unknown[]): unknown[] {
  return values.filter((v, i) => !values.slice(0, i).some((w) => isDeepStrictEqual(v, w)));
}

function isObject(value: unknown): value is Props {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Change rules: which input paths differ between two records, and whether the running task can
// take each change in place or must be replaced.
import { isDeepStrictEqual } from "node:util";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { ADOPT_KEY, REGION_KEY } from "../contract";
import { ADOPTION, type AnyTaskSpec, type FieldRule } from "../spec";
import { argsOf, type Inputs, isObject, type Recorded, scan, settlementOf } from "./state";

/** How one property path changes (ChangeRules.detailedDiff). */
export interface PathChange {
  kind: "add" | "delete" | "update";
  replace: boolean;
}

export class ChangeRules {
  constructor(private readonly spec: AnyTaskSpec) {}

  /** In-place update when every changed path allows it, otherwise replacement of the task. */
  diff(recorded: Recorded, news: Inputs): dynamic.DiffResult {
    const replaces = this.replaces(recorded, news);
    const { identity } = this.spec;
    const users = (inputs: Inputs) => (identity ? [identity(argsOf(this.spec, inputs))].flat() : []);
    const collides =
      replaces.length > 0 &&
      identity !== undefined &&
      (scan(news).unknown || users(recorded).some((user) => users(news).includes(user)));
    // A create that did not finish is finished by the next update, whatever changed.
    const changes = this.changedPaths(recorded, news).length > 0 || settlementOf(recorded) !== undefined;
    return { changes, replaces, deleteBeforeReplace: collides };
  }

  /** Top-level fields whose change needs a new task. */
  replaces(olds: Inputs, news: Inputs): string[] {
    const replacing = this.changedPaths(olds, news).filter((p) => this.change(p, valueAt(news, p) === undefined) === "replace");
    return [...new Set(replacing.map((p) => p.split(".")[0]!))];
  }

  /** Whether any change between the two is one the update call applies (not only recorded). */
  changesInPlace(olds: Inputs, news: Inputs): boolean {
    return this.changedPaths(olds, news).some((p) => this.change(p, valueAt(news, p) === undefined) === "inPlace");
  }

  /** The inputs compared: the spec's fields, the region and adoptTaskId. */
  private compared(news: Inputs): string[] {
    // A caller key create generated (the program gives none) belongs to the task, not to the program.
    const generated = (f: string) => f === this.spec.start.recover?.key && news[f] === undefined;
    return [...Object.keys(this.spec.fields), REGION_KEY, ADOPT_KEY].filter((f) => !generated(f));
  }

  /** Dotted paths of input values that differ, down to the depth the field rules distinguish. */
  changedPaths(olds: Inputs, news: Inputs): string[] {
    const fields = this.compared(news);
    const nested = Object.keys(this.spec.nestedFields ?? {});
    const paths: string[] = [];
    const walk = (path: string, a: unknown, b: unknown) => {
      // Values check refused for nesting too deep never reach here; state written otherwise is compared as changed.
      if (!scan(a).tooDeep && !scan(b).tooDeep && isDeepStrictEqual(a, b)) return;
      const deeper = nested.some((n) => n.startsWith(`${path}.`));
      if (deeper && isObject(a) && isObject(b)) {
        for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(`${path}.${k}`, a[k], b[k]);
      } else {
        paths.push(path);
      }
    };
    for (const f of fields) walk(f, olds[f], news[f]);
    return paths;
  }

  /**
   * Every differing value by its Pulumi property path (`publishCdnParams[1]`, `recordParams.maxIdleTime`),
   * down to list elements and object members, each with whether it adds, deletes or updates a
   * value and whether the change replaces the task: what the plugin's previews show path by path
   * (the dynamic provider's protocol has no place for it).
   * A list element takes its list's rule, since a list changes as a whole.
   */
  detailedDiff(olds: Inputs, news: Inputs): Record<string, PathChange> {
    const detail: Record<string, PathChange> = {};
    const note = (path: string, kind: PathChange["kind"]) => {
      detail[path] = { kind, replace: this.change(path.replace(/\[\d+\].*$/, ""), kind === "delete") === "replace" };
    };
    const walk = (path: string, a: unknown, b: unknown) => {
      if (isDeepStrictEqual(a, b)) return;
      if (a === undefined || b === undefined) return note(path, a === undefined ? "add" : "delete");
      if (Array.isArray(a) && Array.isArray(b)) {
        for (let i = 0; i < Math.max(a.length, b.length); i++) walk(`${path}[${i}]`, a[i], b[i]);
      } else if (isObject(a) && isObject(b)) {
        for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(`${path}.${k}`, a[k], b[k]);
      } else {
        note(path, "update");
      }
    };
    for (const f of this.compared(news)) {
      // As in changedPaths: state nested too deep to walk is compared as changed, whole.
      if (scan(olds[f]).tooDeep || scan(news[f]).tooDeep) note(f, "update");
      else walk(f, olds[f], news[f]);
    }
    return detail;
  }

  /**
   * How a change of a dotted path applies; `removed` when the new inputs leave it out. A removal
   * replaces only where it takes out the whole value the rule is declared for, not a member of it.
   */
  private change(path: string, removed: boolean): FieldRule["change"] {
    const rule = this.rule(path);
    const declared = Object.hasOwn(this.spec.fields, path) || Object.hasOwn(this.spec.nestedFields ?? {}, path);
    return removed && declared && rule.removalReplaces ? "replace" : rule.change;
  }

  /** The rule of a dotted path: the longest nested rule that names it, else its field's. */
  rule(path: string): FieldRule {
    if (path === ADOPT_KEY) return ADOPTION;
    const { fields, nestedFields = {} } = this.spec;
    const parts = path.split(".");
    for (let n = parts.length; n > 1; n--) {
      const rule = nestedFields[parts.slice(0, n).join(".")];
      if (rule) return rule;
    }
    return (fields as Record<string, FieldRule>)[parts[0]!] ?? { change: "replace" };
  }
}

function valueAt(inputs: Inputs, path: string): unknown {
  return path.split(".").reduce<unknown>((v, key) => (isObject(v) ? v[key] : undefined), inputs);
}

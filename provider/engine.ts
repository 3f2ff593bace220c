import { isDeepStrictEqual } from "node:util";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import type { z } from "zod";
import type { CallKind, TrtcClient } from "./client";
import { TrtcError } from "./errors";
import type { AnyTaskSpec, FieldRule, TaskState } from "./spec";

/** Reserved input naming the resource kind, so one identical `__provider` stub serves every kind. */
export const KIND_KEY = "__kind";
const RESERVED = new Set([KIND_KEY, "__provider"]);
/** Outputs every task resource has besides its inputs. */
export const TASK_OUTPUTS = ["taskId", "status"] as const;
/**
 * The status recorded when Start succeeded but a later step of create failed. The next `up`
 * updates such a task even if nothing changed, since the failed step may have been applying an
 * in-place field.
 */
export const CREATE_INCOMPLETE = "CreateIncomplete";
/** Every task lives in one region: a resource's own, or the provider's default. */
export const REGION_KEY = "region";
/** Deeper than any TRTC input nests: `check` refuses values past it rather than walk them. */
const MAX_DEPTH = 32;

type Props = Record<string, unknown>;

/** Turns a TaskSpec into the dynamic provider methods, calling TRTC through `client`. */
export class TaskEngine {
  constructor(
    private readonly spec: AnyTaskSpec,
    private readonly client: () => TrtcClient,
    private readonly defaultRegion: () => string | undefined,
  ) {}

  /**
   * Validates inputs, every failure naming its field, before any API call. Returns them as given
   * (in schema order, defaults not filled in) so previews show exactly what the program says;
   * defaults are applied when requests are built. `null` is not a value: it is refused like any
   * other wrong value, and an input left out is what takes its default.
   */
  async check(_olds: Props, news: Props): Promise<dynamic.CheckResult> {
    const { spec } = this;
    const given = withoutReserved(news);
    const { [REGION_KEY]: ownRegion, ...fields } = given;
    const failures: dynamic.CheckFailure[] = [];

    // Inputs zod's issues are not reported for: values computed by other resources are unknown
    // during preview (the engine checks again once they are known), and values nested too deep
    // to walk safely get a failure of their own.
    const setAside = new Set<string>();
    for (const [key, value] of Object.entries(given)) {
      const { unknown, tooDeep } = scan(value);
      if (tooDeep) failures.push(this.failure([key], `nests more than ${MAX_DEPTH} levels deep, deeper than any TRTC input`));
      if (tooDeep || unknown) setAside.add(key);
    }

    const parsed = spec.inputs.strict().safeParse(fields);
    for (const issue of parsed.error?.issues ?? []) {
      const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
      for (const key of keys) {
        const path = key === undefined ? issue.path : [...issue.path, key];
        if (path.length > 0 && setAside.has(String(path[0]))) continue;
        const reason =
          key === undefined ? issue.message : issue.path.length > 0 ? `is not a member of ${propertyPath(issue.path)}` : `is not a ${spec.kind} input`;
        failures.push(this.failure(path, reason));
      }
    }
    if (!setAside.has(REGION_KEY)) failures.push(...this.checkRegion(ownRegion));
    if (failures.length) return { inputs: news, failures };
    const region = ownRegion ?? this.defaultRegion();
    return { inputs: { ...orderLike(spec.inputs, fields), [REGION_KEY]: region, [KIND_KEY]: spec.kind } };
  }

  /**
   * A failure worded to read once: Pulumi prints it as `property <property> value <value> has a
   * problem: <reason>`, so the reason holds only the path below the input. An input that is or
   * holds a secret, or that the spec does not know (maybe a misspelt secret), gets no property,
   * since the engine would print its value in plain text; its reason starts with the whole path.
   */
  private failure(path: readonly PropertyKey[], rule: string): dynamic.CheckFailure {
    if (path.length === 0) return { property: "", reason: rule };
    const input = String(path[0]);
    if (this.showsValue(input)) return { property: input, reason: path.length > 1 ? `${propertyPath(path.slice(1))}: ${rule}` : rule };
    return { property: "", reason: `${propertyPath(path)}: ${rule}` };
  }

  private showsValue(input: string): boolean {
    const { fields, nestedFields = {}, inputs } = this.spec;
    if (input === REGION_KEY) return true;
    if (!Object.hasOwn(inputs.shape, input)) return false;
    const secrets = Object.entries({ ...nestedFields, [input]: (fields as Record<string, FieldRule>)[input] });
    return !secrets.some(([path, rule]) => rule?.secret && (path === input || path.startsWith(`${input}.`)));
  }

  /** In-place update when every changed path allows it, otherwise replacement of the task. */
  async diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
    const changed = this.changedPaths(olds, news);
    const replaces = [...new Set(changed.filter((p) => this.rule(p).change === "replace").map((p) => p.split(".")[0]))];
    const identity = this.spec.identity;
    const collides =
      replaces.length > 0 &&
      identity !== undefined &&
      (scan(news).unknown || identity(inputsOf(this.spec, olds)) === identity(inputsOf(this.spec, news)));
    const changes = changed.length > 0 || olds.status === CREATE_INCOMPLETE;
    return { changes, replaces, deleteBeforeReplace: collides };
  }

  async create(inputs: Props): Promise<dynamic.CreateResult> {
    const { spec } = this;
    const args = inputsOf(spec, inputs);
    const started = await this.call(spec.start.action, spec.start.request(args), "start", inputs);
    const taskId = spec.start.taskId(started);
    const recorded = { ...inputs, taskId, status: CREATE_INCOMPLETE };
    try {
      const next = spec.afterStart?.(taskId, args);
      if (next) await this.call(next.action, next.params, "change", inputs);
      const state = await this.describe(taskId, inputs);
      if (!state) throw new Error(`${spec.kind} task ${taskId} ended right after it started`);
      return { id: taskId, outs: this.outputs(inputs, taskId, state) };
    } catch (e) {
      // The task runs: hand its id to the engine so state keeps it and a later destroy stops it.
      const message = `${spec.kind} task ${taskId} started, then: ${(e as Error).message}`;
      throw Object.assign(new Error(message), { id: taskId, properties: recorded, reasons: [message] });
    }
  }

  /** Refresh and import: a task that ended on its own is dropped from state. */
  async read(id: string, props: Props): Promise<dynamic.ReadResult> {
    const state = await this.describe(id, props);
    if (!state) return {};
    return { id, props: this.outputs(props, id, state) };
  }

  async update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> {
    const { spec } = this;
    if (spec.update && (this.changedPaths(olds, news).length > 0 || olds.status === CREATE_INCOMPLETE)) {
      try {
        await this.call(spec.update.action, spec.update.request(id, inputsOf(spec, news)), "change", news);
      } catch (e) {
        throw this.explainGone(e, id, spec.stop.goneCodes);
      }
    }
    const state = await this.describe(id, news);
    if (!state) throw this.explainGone(undefined, id, []);
    return { outs: this.outputs(news, id, state) };
  }

  /** Stops the task; one that already ended or never existed is already what delete wants. */
  async delete(id: string, props: Props): Promise<void> {
    const { spec } = this;
    try {
      await this.call(spec.stop.action, spec.stop.request(id, inputsOf(spec, props)), "change", props);
    } catch (e) {
      if (!(e instanceof TrtcError && spec.stop.goneCodes.includes(e.code))) throw e;
    }
  }

  private async describe(taskId: string, props: Props): Promise<TaskState | undefined> {
    const { describe } = this.spec;
    try {
      return describe.state(await this.call(describe.action, describe.request(taskId, inputsOf(this.spec, props)), "read", props));
    } catch (e) {
      if (e instanceof TrtcError && describe.goneCodes?.includes(e.code)) return undefined;
      throw e;
    }
  }

  private call(action: string, params: Record<string, unknown>, kind: CallKind, props: Props) {
    return this.client().call(action, params, kind, String(props[REGION_KEY]));
  }

  private outputs(inputs: Props, taskId: string, state: TaskState): Props {
    return { ...inputs, ...state.outputs, taskId, status: state.status };
  }

  private explainGone(e: unknown, id: string, goneCodes: readonly string[]): unknown {
    if (e !== undefined && !(e instanceof TrtcError && goneCodes.includes(e.code))) return e;
    return new Error(
      `${this.spec.kind} task ${id} has ended on its own, so it cannot be updated: run \`pulumi refresh\` ` +
        "to drop it from state, then `pulumi up` to start a new one",
    );
  }

  private checkRegion(own: unknown): dynamic.CheckFailure[] {
    const { kind, regions } = this.spec;
    const served = regions.join(", ");
    if (own === undefined) {
      const fallback = this.defaultRegion();
      if (fallback === undefined) return [this.failure([REGION_KEY], `not set: give the ${kind} a region, or set trtc:region or TENCENTCLOUD_REGION`)];
      if (regions.includes(fallback)) return [];
      return [this.failure([REGION_KEY], `not set, and the default region ${fallback} (trtc:region or TENCENTCLOUD_REGION) does not serve ${kind}: give one of ${served}`)];
    }
    if (own === unknownValue || (typeof own === "string" && regions.includes(own))) return [];
    return [this.failure([REGION_KEY], `must be one of the regions ${kind} is served in: ${served}`)];
  }

  /** Dotted paths of input values that differ, down to the depth the field rules distinguish. */
  private changedPaths(olds: Props, news: Props): string[] {
    const fields = [...Object.keys(this.spec.fields), REGION_KEY];
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

  private rule(path: string): FieldRule {
    const { fields, nestedFields = {} } = this.spec;
    const parts = path.split(".");
    for (let n = parts.length; n > 1; n--) {
      const rule = nestedFields[parts.slice(0, n).join(".")];
      if (rule) return rule;
    }
    return (fields as Record<string, FieldRule>)[parts[0]] ?? { change: "replace" };
  }
}

/** The spec's inputs from a props bag (dropping outputs and reserved keys), defaults filled in. */
function inputsOf(spec: AnyTaskSpec, props: Props): Props {
  const own = Object.keys(spec.fields).filter((k) => props[k] !== undefined && props[k] !== unknownValue);
  return spec.inputs.parse(Object.fromEntries(own.map((k) => [k, props[k]]))) as Props;
}

function withoutReserved(props: Props): Props {
  return Object.fromEntries(Object.entries(props).filter(([k]) => !RESERVED.has(k)));
}

/** Schema field order, so state and previews never differ by key order alone. */
function orderLike(schema: z.ZodObject, props: Props): Props {
  return Object.fromEntries(Object.keys(schema.shape).filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
}

/**
 * Walks a value without recursion: whether it holds a value not known until another resource
 * exists, and whether it nests deeper than MAX_DEPTH (so deep that recursive code, zod's, node's
 * or ours, could run out of stack on it).
 */
function scan(value: unknown): { unknown: boolean; tooDeep: boolean } {
  let unknown = false;
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [v, depth] = next;
    if (v === unknownValue) unknown = true;
    if (typeof v !== "object" || v === null) continue;
    if (depth === MAX_DEPTH) return { unknown, tooDeep: true };
    for (const child of Object.values(v)) pending.push([child, depth + 1]);
  }
  return { unknown, tooDeep: false };
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A path in Pulumi's property path syntax: `a.b[0]`, with other names quoted, as in `a[""]`. */
function propertyPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => {
      if (typeof key === "number") return `[${key}]`;
      const name = String(key);
      return IDENTIFIER.test(name) ? `${i ? "." : ""}${name}` : `[${JSON.stringify(name)}]`;
    })
    .join("");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

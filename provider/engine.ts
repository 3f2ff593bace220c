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
   * defaults are applied when requests are built.
   */
  async check(_olds: Props, news: Props): Promise<dynamic.CheckResult> {
    const { spec } = this;
    const { [REGION_KEY]: ownRegion, ...given } = withoutReserved(news);
    const region = ownRegion ?? this.defaultRegion();

    // Values computed by other resources are unknown during preview; the engine checks again
    // once they are known, so only their failures are set aside now.
    const unknown = new Set(Object.keys(given).filter((k) => containsUnknown(given[k])));
    const parsed = spec.inputs.strict().safeParse(given);
    const failures: dynamic.CheckFailure[] = [];
    for (const issue of parsed.error?.issues ?? []) {
      const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
      for (const key of keys) {
        const path = [...issue.path, ...(key ? [key] : [])].map(String);
        if (unknown.has(path[0])) continue;
        const parent = path.slice(0, -1).join(".");
        const reason = !key ? issue.message : parent ? `is not a member of ${parent}` : `is not a ${spec.kind} input`;
        failures.push({ property: path.join("."), reason: `${path.join(".") || spec.kind}: ${reason}` });
      }
    }
    failures.push(...this.checkRegion(region));
    if (failures.length) return { inputs: news, failures };
    return { inputs: { ...orderLike(spec.inputs, given), [REGION_KEY]: region, [KIND_KEY]: spec.kind } };
  }

  /** In-place update when every changed path allows it, otherwise replacement of the task. */
  async diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
    const changed = this.changedPaths(olds, news);
    const replaces = [...new Set(changed.filter((p) => this.rule(p).change === "replace").map((p) => p.split(".")[0]))];
    const identity = this.spec.identity;
    const collides =
      replaces.length > 0 &&
      identity !== undefined &&
      (containsUnknown(news) || identity(inputsOf(this.spec, olds)) === identity(inputsOf(this.spec, news)));
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
      const state = spec.start.started ?? (await this.describe(taskId, inputs));
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

  private checkRegion(region: unknown): dynamic.CheckFailure[] {
    const { kind, regions } = this.spec;
    if (region === undefined)
      return [{ property: REGION_KEY, reason: `region: not set: give the ${kind} a region, or set trtc:region or TENCENTCLOUD_REGION` }];
    if (typeof region === "string" && (region === unknownValue || regions.includes(region))) return [];
    return [{ property: REGION_KEY, reason: `region: ${kind} is served only in ${regions.join(", ")}; got ${JSON.stringify(region)}` }];
  }

  /** Dotted paths of input values that differ, down to the depth the field rules distinguish. */
  private changedPaths(olds: Props, news: Props): string[] {
    const fields = [...Object.keys(this.spec.fields), REGION_KEY];
    const nested = Object.keys(this.spec.nestedFields ?? {});
    const paths: string[] = [];
    const walk = (path: string, a: unknown, b: unknown) => {
      if (isDeepStrictEqual(a, b)) return;
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

function containsUnknown(value: unknown): boolean {
  if (value === unknownValue) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  return isObject(value) && Object.values(value).some(containsUnknown);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import type { z } from "zod";
import type { CallKind, TrtcClient } from "./client";
import { mayHaveRun, TrtcError } from "./errors";
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
/** Starts one create sends at most when their answers are lost (specs with `start.recover`). */
const START_ATTEMPTS = 3;

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
    const identities = (props: Props) => [identity!(inputsOf(this.spec, props))].flat();
    const collides =
      replaces.length > 0 &&
      identity !== undefined &&
      (containsUnknown(news) || identities(olds).some((id) => identities(news).includes(id)));
    const changes = changed.length > 0 || olds.status === CREATE_INCOMPLETE;
    return { changes, replaces, deleteBeforeReplace: collides };
  }

  async create(given: Props): Promise<dynamic.CreateResult> {
    const { spec } = this;
    // One caller key for every Start this create sends; recorded, so it is an output too.
    const inputs = this.withKey(given, () => randomUUID());
    const args = inputsOf(spec, inputs);
    const taskId = await this.start(args, inputs);
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

  /**
   * Sends Start and returns the task id. With `start.recover`, a failure that may hide a started
   * task (mayHaveRun) is followed by Describe by the caller key: a task found is this create's;
   * none found means Start did not run, and it is sent again with the same key. Once an answer
   * was lost, any later failure (a duplicate refused, say) is checked the same way before it is
   * reported, so the task is neither started twice nor left running unrecorded.
   */
  private async start(args: Props, props: Props): Promise<string> {
    const { start } = this.spec;
    const send = async () => start.taskId(await this.call(start.action, start.request(args), "start", props));
    const recover = start.recover;
    if (!recover) return send();
    const key = String(args[recover.key]);
    let lost = false;
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (e) {
        const ambiguous = e instanceof TrtcError && mayHaveRun(e);
        lost ||= ambiguous;
        if (!lost) throw e;
        const task = `${this.spec.kind} task with ${recover.key} ${key}`;
        const found = await this.findStarted(key, args, props).catch((lookup: Error) => {
          throw new Error(`${(e as Error).message}; looking up the ${task} failed too, so it may be running: ${lookup.message}`, { cause: lookup });
        });
        if (found !== undefined) return found;
        if (!ambiguous || attempt === START_ATTEMPTS) throw new Error(`${(e as Error).message}; no ${task} was found running`, { cause: e });
      }
    }
  }

  /** The id of the running task started with the caller key, if there is one. */
  private async findStarted(key: string, args: Props, props: Props): Promise<string | undefined> {
    const { describe, start } = this.spec;
    try {
      const response = await this.call(describe.action, start.recover!.request(key, args), "read", props);
      return describe.state(response) ? start.taskId(response) : undefined;
    } catch (e) {
      if (e instanceof TrtcError && describe.goneCodes?.includes(e.code)) return undefined;
      throw e;
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
    return { outs: this.outputs(this.withKey(news, (key) => olds[key]), id, state) };
  }

  /** The props with the Start caller key filled in when the program gives none (specs with `start.recover`). */
  private withKey(props: Props, generated: (key: string) => unknown): Props {
    const key = this.spec.start.recover?.key;
    return key !== undefined && props[key] === undefined ? { ...props, [key]: generated(key) } : props;
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
    // A caller key create generated (the program gives none) belongs to the task, not to the program.
    const generated = (f: string) => f === this.spec.start.recover?.key && news[f] === undefined;
    const fields = [...Object.keys(this.spec.fields), REGION_KEY].filter((f) => !generated(f));
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

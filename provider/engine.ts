import { isDeepStrictEqual } from "node:util";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import type { z } from "zod";
import type { CallKind, TrtcClient } from "./client";
import { TrtcError } from "./errors";
import { sdkAppId } from "./fields";
import type { Settings } from "./settings";
import { ADOPTION, type AnyTaskSpec, type FieldRule, type TaskKey, type TaskState } from "./spec";
import { appSecretKey, makeUserSig } from "./usersig";

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
/**
 * The bot's UserSig input (fields.roomBot). When a program leaves it out, the provider signs one
 * for the bot's userId when it starts the task (the one call that carries it), so the generated
 * sig never enters inputs, state or previews.
 */
const BOT_SIG_KEY = "userSig";
/**
 * Every task resource with a Describe API may take over a running task instead of starting one:
 * create describes the task with this id, then updates it to the program's values. Pulumi cannot
 * import into a dynamic provider (the engine sends no `__provider` on import), so this is how a
 * task started elsewhere comes under a stack.
 */
const ADOPT_KEY = "adoptTaskId";

type Props = Record<string, unknown>;

/** Turns a TaskSpec into the dynamic provider methods, calling TRTC through `client`. */
export class TaskEngine {
  constructor(
    private readonly spec: AnyTaskSpec,
    private readonly client: () => TrtcClient,
    private readonly settings: () => Settings,
  ) {}

  /**
   * Validates inputs, every failure naming its field, before any API call. Returns them as given
   * (in schema order, defaults not filled in) so previews show exactly what the program says;
   * defaults are applied when requests are built.
   */
  async check(olds: Props, news: Props): Promise<dynamic.CheckResult> {
    const { spec } = this;
    const { [REGION_KEY]: ownRegion, [ADOPT_KEY]: adopt, ...given } = withoutReserved(news);
    const region = ownRegion ?? this.settings().region;

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
    failures.push(...this.checkRegion(region), ...this.checkBotSig(given), ...this.checkAdopt(adopt));
    if (failures.length) return { inputs: news, failures };
    const inputs = { ...orderLike(spec.inputs, given), [REGION_KEY]: region, ...(adopt !== undefined && { [ADOPT_KEY]: adopt }), [KIND_KEY]: spec.kind };
    const readopt = this.checkReadopt(olds, inputs);
    return readopt.length ? { inputs: news, failures: readopt } : { inputs };
  }

  /** In-place update when every changed path allows it, otherwise replacement of the task. */
  async diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
    const changed = this.changedPaths(olds, news);
    const replaces = this.replaces(olds, news);
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
    const adopt = inputs[ADOPT_KEY];
    const taskId = typeof adopt === "string" ? await this.adopt(adopt, inputs) : await this.start(args, inputs);
    const recorded = { ...inputs, taskId, status: CREATE_INCOMPLETE };
    try {
      // An adopted task is brought to the program's values by an update, as an in-place change would be.
      const next = typeof adopt === "string" ? this.updateCall(taskId, args) : spec.afterStart?.(taskId, args);
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
   * Refresh, and reads of a task by `get` (whose props are only its application and region): a
   * task that ended on its own is dropped from state, and one that `get` names must be running.
   */
  async read(id: string, props: Props): Promise<dynamic.ReadResult> {
    const located = { ...props, [REGION_KEY]: this.region(props) };
    const state = await this.describe(id, located);
    if (!state) return {};
    return { id, props: this.outputs(located, id, state) };
  }

  async update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> {
    const { spec } = this;
    const incomplete = olds.status === CREATE_INCOMPLETE;
    // Only recorded fields (credentials) changed: the running task has no use for them, so TRTC is not called.
    if (!incomplete && !this.changedPaths(olds, news).some((p) => this.rule(p).change === "inPlace")) {
      return { outs: this.recorded(olds, news) };
    }
    const call = this.updateCall(id, inputsOf(spec, news));
    if (call) {
      try {
        await this.call(call.action, call.params, "change", news);
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

  private async start(args: Props, inputs: Props): Promise<string> {
    const { start } = this.spec;
    return start.taskId(await this.call(start.action, start.request(this.withBotSig(args)), "start", inputs));
  }

  /** The task `adoptTaskId` names, if it runs: Describe is all that can be checked of it. */
  private async adopt(taskId: string, inputs: Props): Promise<string> {
    if (await this.describe(taskId, inputs)) return taskId;
    throw new Error(
      `${this.spec.kind}: adoptTaskId ${taskId} is not a running task of application ${inputs.sdkAppId} in ` +
        `${inputs[REGION_KEY]}: check the id, or remove adoptTaskId to start a new task`,
    );
  }

  /** The call that sets everything the running task can change to `args`, if the API has one. */
  private updateCall(taskId: string, args: Props): { action: string; params: Record<string, unknown> } | undefined {
    const { update } = this.spec;
    return update && { action: update.action, params: update.request(taskId, args) };
  }

  private async describe(taskId: string, props: Props): Promise<TaskState | undefined> {
    const { describe } = this.spec;
    try {
      return describe.state(await this.call(describe.action, describe.request(taskId, taskKey(props)), "read", props));
    } catch (e) {
      if (e instanceof TrtcError && describe.goneCodes?.includes(e.code)) return undefined;
      throw e;
    }
  }

  private call(action: string, params: Record<string, unknown>, kind: CallKind, props: Props) {
    return this.client().call(action, params, kind, String(props[REGION_KEY]));
  }

  /** The task's region: its own, or for a `get` that names none, the provider's default. */
  private region(props: Props): string {
    const region = props[REGION_KEY] ?? this.settings().region;
    if (typeof region === "string") return region;
    throw new Error(`${this.spec.kind}: region: not set: give the region, or set trtc:region or TENCENTCLOUD_REGION`);
  }

  private outputs(inputs: Props, taskId: string, state: TaskState): Props {
    return { ...inputs, ...state.outputs, taskId, status: state.status };
  }

  /** The new inputs with the outputs TRTC last reported. */
  private recorded(olds: Props, news: Props): Props {
    const outputs = [...TASK_OUTPUTS, ...(this.spec.outputs ?? [])].filter((k) => k in olds);
    return { ...news, ...Object.fromEntries(outputs.map((k) => [k, olds[k]])) };
  }

  /** Start's inputs: a bot given no userSig gets one signed now (check made sure a key is there). */
  private withBotSig(args: Props): Props {
    if (!(BOT_SIG_KEY in this.spec.fields) || args[BOT_SIG_KEY] !== undefined) return args;
    return { ...args, [BOT_SIG_KEY]: makeUserSig(this.settings(), Number(args.sdkAppId), String(args.userId)) };
  }

  private checkAdopt(adopt: unknown): dynamic.CheckFailure[] {
    if (adopt === undefined || adopt === unknownValue || (typeof adopt === "string" && adopt !== "")) return [];
    return [{ property: ADOPT_KEY, reason: `${ADOPT_KEY}: must be the id of a running ${this.spec.kind} task` }];
  }

  /**
   * A replacement creates a new resource from the same inputs: with adoptTaskId still naming the
   * task adopted at creation, it would take over the very task it replaces. The program must drop
   * adoptTaskId first (it is only read at creation), or name another task.
   */
  private checkReadopt(olds: Props, news: Props): dynamic.CheckFailure[] {
    const adopted = news[ADOPT_KEY];
    if (adopted === undefined || olds[ADOPT_KEY] !== adopted || containsUnknown(news)) return [];
    const replaces = this.replaces(olds, news);
    if (replaces.length === 0) return [];
    return [
      {
        property: ADOPT_KEY,
        reason:
          `${ADOPT_KEY}: changing ${replaces.join(", ")} replaces the task, and the replacement would adopt task ` +
          `${String(adopted)} again, the one being replaced: remove adoptTaskId (it is only read when the resource ` +
          "is created), run `pulumi up`, then make the change",
      },
    ];
  }

  /** A bot needs a userSig, or the application's secret key for the provider to sign one. */
  private checkBotSig(given: Props): dynamic.CheckFailure[] {
    const app = given.sdkAppId;
    if (!(BOT_SIG_KEY in this.spec.fields) || given[BOT_SIG_KEY] !== undefined || typeof app !== "number") return [];
    if (appSecretKey(this.settings(), app) !== undefined) return [];
    return [
      {
        property: BOT_SIG_KEY,
        reason:
          `userSig: not given, and no secret key for application ${app} to sign one with: give the bot's userSig, ` +
          "or set the application's secret key (`pulumi config set --secret trtc:sdkSecretKey ...`, or the " +
          "environment variable TRTC_SDK_SECRET_KEY; trtc:sdkSecretKeys / TRTC_SDK_SECRET_KEYS for several applications)",
      },
    ];
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

  /** Top-level fields whose change needs a new task. */
  private replaces(olds: Props, news: Props): string[] {
    const replacing = this.changedPaths(olds, news).filter((p) => this.rule(p).change === "replace");
    return [...new Set(replacing.map((p) => p.split(".")[0]))];
  }

  /** Dotted paths of input values that differ, down to the depth the field rules distinguish. */
  private changedPaths(olds: Props, news: Props): string[] {
    const fields = [...Object.keys(this.spec.fields), REGION_KEY, ADOPT_KEY];
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
    if (path === ADOPT_KEY) return ADOPTION;
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

/** What Describe needs from a resource's props, which for a `get` hold little else. */
function taskKey(props: Props): TaskKey {
  const parsed = sdkAppId.safeParse(props.sdkAppId);
  if (!parsed.success) throw new Error(`sdkAppId: ${parsed.error.issues[0]?.message}: the application the task runs in`);
  return { sdkAppId: parsed.data };
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

// Pulumi's modules one by one, not its index: the provider process loads this file with the specs,
// and the index would load the Automation API too (half a second on every preview and up).
import * as dynamic from "@pulumi/pulumi/dynamic";
import { type Input, type Output, secret } from "@pulumi/pulumi/output";
import type { CustomResourceOptions } from "@pulumi/pulumi/resource";
import { KIND_KEY, REGION_KEY, TASK_OUTPUTS } from "./engine";
import stub = require("./stub");

type Primitive = string | number | boolean | bigint | symbol | null | undefined;

/**
 * Any value, or any part of an object or list, may come from another resource. A union stays one
 * Input (`roomId: number | string` takes an `Output<number | string>`), as the generated types write it.
 */
export type DeepInput<T> = Input<DeepValue<T>>;

type DeepValue<T> = T extends Primitive | Date
  ? T
  : T extends readonly (infer U)[]
    ? DeepInput<U>[]
    : T extends object
      ? { [K in keyof T]: DeepInput<T[K]> }
      : T;

/**
 * What a resource class needs of its spec in the program's process: its kind, which inputs are
 * secret and which outputs it has. Declared here, not as the spec's type, so the public
 * declarations of the classes name nothing of zod.
 */
export interface ResourceSpec {
  kind: string;
  fields: Readonly<Record<string, { secret?: true }>>;
  nestedFields?: Readonly<Record<string, { secret?: true }>>;
  start: { recover?: { key: string } };
  outputs?: readonly string[];
}

/** What finds a task for `get`: its application, and its region if not the default. */
export interface TaskLookup {
  sdkAppId: Input<number>;
  region?: Input<string>;
}

/** Base of every TRTC task resource: wires a spec to the shared stub, with its secrets marked. */
export abstract class TaskResource extends dynamic.Resource {
  /** The id of the task TRTC runs for this resource; its Pulumi id too, unless the task had to be started again (see README). */
  declare readonly taskId: Output<string>;
  /** The task's status as last described by TRTC. */
  declare readonly status: Output<string>;
  declare readonly region: Output<string>;
  /** Every TRTC task runs in one room of one application. */
  declare readonly sdkAppId: Output<number>;
  declare readonly roomId: Output<number | string>;

  /**
   * A read-only reference to a running task: Pulumi reads it (Describe) on every `up` and
   * `refresh`, and never changes or stops it. Outputs are what Describe reports: `taskId`,
   * `status`, `sdkAppId`, `region` and the family's own outputs; other inputs stay unknown.
   */
  static get<T extends TaskResource>(
    this: new (name: string, args: never, opts?: CustomResourceOptions) => T,
    name: string,
    id: Input<string>,
    state: TaskLookup,
    opts: CustomResourceOptions = {},
  ): T {
    // A resource given an id is read, not created: the engine passes these props (and __provider) to read.
    return new this(name, state as never, { ...opts, id });
  }

  protected constructor(
    spec: ResourceSpec,
    name: string,
    args: object,
    opts: CustomResourceOptions = {},
  ) {
    const secrets = secretPaths(spec);
    const props: Record<string, unknown> = { ...secrets.reduce(secretAt, args as Record<string, unknown>) };
    props[REGION_KEY] ??= undefined;
    // A Start caller key is an output even when the program gives none: create generates it then.
    if (spec.start.recover) props[spec.start.recover.key] ??= undefined;
    for (const output of [...TASK_OUTPUTS, ...(spec.outputs ?? [])]) props[output] = undefined;
    props[KIND_KEY] = spec.kind;
    const topLevel = secrets.filter((p) => p.length === 1).map((p) => p[0]);
    super(
      stub,
      name,
      props,
      { ...opts, additionalSecretOutputs: [...(opts.additionalSecretOutputs ?? []), ...topLevel] },
      "trtc",
      spec.kind,
    );
  }
}

function secretPaths(spec: ResourceSpec): string[][] {
  const rules = { ...spec.fields, ...spec.nestedFields };
  return Object.entries(rules)
    .filter(([, rule]) => rule.secret)
    .map(([path]) => path.split("."));
}

/**
 * Wraps the value at `path` in pulumi.secret. A segment ending in `[]` (`publishCdnParams[]`) is a
 * list whose every element the rest of the path applies to. A part not yet known, or not shaped as
 * the path expects, is made secret whole.
 */
function secretAt(value: Record<string, unknown>, path: string[]): Record<string, unknown> {
  const [segment, ...rest] = path;
  const eachElement = segment.endsWith("[]");
  const head = eachElement ? segment.slice(0, -2) : segment;
  const child = value[head];
  if (child === undefined || child === null) return value;
  if (!eachElement) return { ...value, [head]: secretWithin(child, rest) };
  return { ...value, [head]: Array.isArray(child) ? child.map((element: unknown) => secretWithin(element, rest)) : secret(child) };
}

/** `value` with the member at `rest` made secret; all of it when `rest` is empty or cannot be followed. */
function secretWithin(value: unknown, rest: string[]): unknown {
  return rest.length > 0 && isPlainObject(value) ? secretAt(value, rest) : secret(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

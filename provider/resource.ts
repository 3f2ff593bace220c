import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { KIND_KEY, REGION_KEY, TASK_OUTPUTS } from "./engine";
import type { AnyTaskSpec, FieldRule } from "./spec";
import stub = require("./stub");

/** Any value, or any part of an object or list, may come from another resource. */
export type DeepInput<T> = T extends readonly (infer U)[]
  ? pulumi.Input<DeepInput<U>[]>
  : T extends object
    ? pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>
    : pulumi.Input<T>;

/** A task resource's arguments: the spec's inputs, plus the region it runs in and a task to adopt. */
export type TaskArgs<Schema extends z.ZodObject> = { [K in keyof z.input<Schema>]: DeepInput<z.input<Schema>[K]> } & {
  /** Region the task runs in; defaults to trtc:region / TENCENTCLOUD_REGION. Changing it replaces the task. */
  region?: pulumi.Input<string>;
  /**
   * The id of a running task to take over instead of starting a new one: creating the resource
   * describes that task and updates what can change in place to these arguments. Read only at
   * creation: removing it later changes nothing.
   */
  adoptTaskId?: pulumi.Input<string>;
};

/** What finds a task for `get`: its application, and its region if not the default. */
export interface TaskLookup {
  sdkAppId: pulumi.Input<number>;
  region?: pulumi.Input<string>;
}

/** Base of every TRTC task resource: wires a spec to the shared stub, with its secrets marked. */
export abstract class TaskResource extends pulumi.dynamic.Resource {
  /** The id TRTC gave the task; also the resource's id. */
  declare readonly taskId: pulumi.Output<string>;
  /** The task's status as last described by TRTC. */
  declare readonly status: pulumi.Output<string>;
  declare readonly region: pulumi.Output<string>;
  /** Every TRTC task runs in one room of one application. */
  declare readonly sdkAppId: pulumi.Output<number>;
  declare readonly roomId: pulumi.Output<number | string>;

  /**
   * A read-only reference to a running task: Pulumi reads it (Describe) on every `up` and
   * `refresh`, and never changes or stops it. Outputs are what Describe reports: `taskId`,
   * `status`, `sdkAppId`, `region` and the family's own outputs; other inputs stay unknown.
   */
  static get<T extends TaskResource>(
    this: new (name: string, args: never, opts?: pulumi.CustomResourceOptions) => T,
    name: string,
    id: pulumi.Input<string>,
    state: TaskLookup,
    opts: pulumi.CustomResourceOptions = {},
  ): T {
    // A resource given an id is read, not created: the engine passes these props (and __provider) to read.
    return new this(name, state as never, { ...opts, id });
  }

  protected constructor(
    spec: AnyTaskSpec,
    name: string,
    args: object,
    opts: pulumi.CustomResourceOptions = {},
  ) {
    const secrets = secretPaths(spec);
    const props: Record<string, unknown> = { ...secrets.reduce(secretAt, args as Record<string, unknown>) };
    props[REGION_KEY] ??= undefined;
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

function secretPaths(spec: AnyTaskSpec): string[][] {
  const rules: Record<string, FieldRule> = { ...spec.fields, ...spec.nestedFields };
  return Object.entries(rules)
    .filter(([, rule]) => rule.secret)
    .map(([path]) => path.split("."));
}

/** Wraps the value at `path` in pulumi.secret; a part not yet known is made secret whole. */
function secretAt(value: Record<string, unknown>, path: string[]): Record<string, unknown> {
  const [head, ...rest] = path;
  const child = value[head];
  if (child === undefined || child === null) return value;
  const marked = rest.length > 0 && isPlainObject(child) ? secretAt(child, rest) : pulumi.secret(child);
  return { ...value, [head]: marked };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

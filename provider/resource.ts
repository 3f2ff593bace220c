// Pulumi's modules one by one, not its index: the provider process loads this file with the specs,
// and the index would load the Automation API too (half a second on every preview and up).
import * as dynamic from "@pulumi/pulumi/dynamic";
import { all, type Input, type Output, output, secret, unsecret } from "@pulumi/pulumi/output";
import type { CustomResourceOptions } from "@pulumi/pulumi/resource";
import { KIND_KEY, REGION_KEY, TASK_OUTPUTS, TYPE_MODULE } from "./contract";
import { CREDENTIALS_KEY, type ListSecret, listSecrets, objectSecretPaths, type SecretRule, separate } from "./credentials";
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
  fields: Readonly<Record<string, SecretRule>>;
  nestedFields?: Readonly<Record<string, SecretRule>>;
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
  /** The id of the task TRTC runs for this resource; its Pulumi id too, unless the task had to be started again (see docs/tasks.md). */
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
    const props = secretInputs(spec, args as Record<string, unknown>);
    props[REGION_KEY] ??= undefined;
    // A Start caller key is an output even when the program gives none: create generates it then.
    if (spec.start.recover) props[spec.start.recover.key] ??= undefined;
    for (const output of [...TASK_OUTPUTS, ...(spec.outputs ?? [])]) props[output] = undefined;
    props[KIND_KEY] = spec.kind;
    const topLevel = [...objectSecretPaths(spec).filter((p) => p.length === 1).map((p) => p[0]!), ...(CREDENTIALS_KEY in props ? [CREDENTIALS_KEY] : [])];
    super(
      stub,
      name,
      props,
      { ...opts, additionalSecretOutputs: [...(opts.additionalSecretOutputs ?? []), ...topLevel] },
      TYPE_MODULE,
      spec.kind,
    );
  }
}

/**
 * A program's arguments as the engine gets them: the value at every secret path of the spec
 * wrapped in pulumi.secret, except in lists, whose credentials go apart into one secret input.
 */
export function secretInputs(spec: ResourceSpec, args: Record<string, unknown>): Record<string, unknown> {
  return { ...objectSecretPaths(spec).reduce(secretAt, args), ...credentialsApart(listSecrets(spec), args) };
}

/**
 * The lists that hold credentials, masked, and the credentials as one secret input (see
 * credentials.ts). The masked lists hold no credential, so they are no secret even when they come
 * from one (a push URL made from a secret key): previews show their entries.
 */
function credentialsApart(secrets: ListSecret[], args: object): Record<string, unknown> {
  const given = args as Record<string, Input<unknown>>;
  const lists = [...new Set(secrets.map((s) => s.list))].filter((list) => given[list] !== undefined);
  if (lists.length === 0) return {};
  const separated = lists.map((list) => (output(given[list]) as Output<unknown>).apply((value) => separate(secrets, list, value)));
  return {
    ...Object.fromEntries(lists.map((list, i) => [list, unsecret(separated[i].apply((s) => s.shown))])),
    [CREDENTIALS_KEY]: secret(all(separated).apply((parts) => Object.assign({}, ...parts.map((p) => p.hidden)))),
  };
}

/**
 * Wraps the value at `path` in pulumi.secret. A part not yet known, or not shaped as the path
 * expects, is made secret whole.
 */
function secretAt(value: Record<string, unknown>, path: string[]): Record<string, unknown> {
  const [head, ...rest] = path;
  const child = value[head!];
  if (child === undefined || child === null) return value;
  return { ...value, [head!]: secretWithin(child, rest) };
}

/** `value` with the member at `rest` made secret; all of it when `rest` is empty or cannot be followed. */
function secretWithin(value: unknown, rest: string[]): unknown {
  return rest.length > 0 && isPlainObject(value) ? secretAt(value, rest) : secret(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

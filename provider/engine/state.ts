// The values the engine passes around, named: what a program gives, what a spec's calls take, and
// what state records, plus the helpers that read them.
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import type { z } from "zod";
import { ADOPT_KEY, KIND_KEY, LEGACY_SETTLEMENT_STATUS, LISTED_BEFORE_KEY, REGION_KEY, RESERVED_KEYS, SETTLEMENT_KEY, type Settlement } from "../contract";
import { TrtcError } from "../errors";
import { sdkAppId } from "../fields";
import type { AnyTaskSpec, TaskKey, TaskState } from "../spec";

/**
 * A resource's checked inputs as Pulumi hands them to create and update: the spec's fields as the
 * program gives them, the region, `adoptTaskId` and the kind (see contract.ts).
 */
export type Inputs = Record<string, unknown>;

/** A spec's own fields, parsed, defaults filled in: what its request builders take. */
export type Args = Record<string, unknown>;

/** What state records of a task resource: its inputs and its outputs. */
export type Recorded = Inputs & {
  /** The task TRTC runs for the resource (its id too, unless it was started again). */
  taskId?: string;
  /** The task's status as TRTC last reported it. */
  status?: string;
  [SETTLEMENT_KEY]?: Settlement;
};

/** Deeper than any TRTC input nests: `check` refuses values past it rather than walk them. */
export const MAX_DEPTH = 32;

/** How far create got, if it did not finish; read from state of 0.1.0 too, which kept it in `status`. */
export function settlementOf(recorded: Recorded): Settlement | undefined {
  return recorded[SETTLEMENT_KEY] ?? (typeof recorded.status === "string" ? LEGACY_SETTLEMENT_STATUS[recorded.status] : undefined);
}

/**
 * A record of the task `taskId` in `state`, with no settlement left pending: the current values of
 * inputs the service reported (a configuration object's) over the given ones.
 */
export function settledRecord(inputs: Inputs, taskId: string, state: TaskState): Recorded {
  const { [SETTLEMENT_KEY]: _settled, [LISTED_BEFORE_KEY]: _listed, ...rest } = inputs;
  return { ...rest, ...state.inputs, ...state.outputs, taskId, ...(state.status !== undefined && { status: state.status }) };
}

/** The inputs of a record (the spec's fields, the fingerprints check adds and the engine's reserved inputs), its outputs left out. */
export function inputsOf(spec: AnyTaskSpec, recorded: Recorded): Inputs {
  const keys = new Set([...Object.keys(spec.fields), ...Object.keys(spec.fingerprints ?? {}), REGION_KEY, ADOPT_KEY, KIND_KEY]);
  return Object.fromEntries(Object.entries(recorded).filter(([k]) => keys.has(k)));
}

/** The task a resource manages now: its `taskId` output, which differs from its id after a restart. */
export function taskIdOf(id: string, recorded: Recorded): string {
  return typeof recorded.taskId === "string" ? recorded.taskId : id;
}

/** A failure Pulumi records anyway: the dynamic provider host keeps `id` and `properties` in state. */
export function recordedFailure(error: Error, id: string, properties: Recorded): Error {
  return Object.assign(error, { id, properties, reasons: [error.message] });
}

export function isGone(e: unknown, goneCodes: readonly string[]): boolean {
  return e instanceof TrtcError && goneCodes.includes(e.code);
}

/** The spec's inputs from a record (dropping outputs and reserved keys), defaults filled in. */
export function argsOf(spec: AnyTaskSpec, recorded: Inputs): Args {
  return spec.inputs.parse(ownFields(spec, recorded)) as Args;
}

/** argsOf for a record that may hold no inputs at all (a `get`'s). */
export function argsIfAny(spec: AnyTaskSpec, recorded: Inputs): Args | undefined {
  const parsed = spec.inputs.safeParse(ownFields(spec, recorded));
  return parsed.success ? (parsed.data as Args) : undefined;
}

function ownFields(spec: AnyTaskSpec, recorded: Inputs): Inputs {
  const own = Object.keys(spec.fields).filter((k) => recorded[k] !== undefined && recorded[k] !== unknownValue);
  return Object.fromEntries(own.map((k) => [k, recorded[k]]));
}

/** What Describe needs from a record, which for a `get` holds little else. */
export function taskKey(recorded: Recorded): TaskKey {
  const parsed = sdkAppId.safeParse(recorded.sdkAppId);
  if (!parsed.success) throw new Error(`sdkAppId: ${parsed.error.issues[0]?.message}: the application the task runs in`);
  return { sdkAppId: parsed.data };
}

export function withoutReserved(given: Inputs): Inputs {
  return Object.fromEntries(Object.entries(given).filter(([k]) => !RESERVED_KEYS.has(k)));
}

/** Schema field order, so state and previews never differ by key order alone. */
export function orderLike(schema: z.ZodObject, given: Inputs): Inputs {
  return Object.fromEntries(Object.keys(schema.shape).filter((k) => given[k] !== undefined).map((k) => [k, given[k]]));
}

/**
 * Walks a value without recursion: whether it holds a value not known until another resource
 * exists, and whether it nests deeper than MAX_DEPTH (so deep that recursive code, zod's, node's
 * or ours, could run out of stack on it).
 */
export function scan(value: unknown): { unknown: boolean; tooDeep: boolean } {
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

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

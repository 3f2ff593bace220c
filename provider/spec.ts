import { z } from "zod";
import type { ApiParams, ApiResponse } from "./client";

/** How a change to a field reaches the running task. */
export interface FieldRule {
  change: "inPlace" | "replace";
  /** Kept encrypted in state and shown as [secret] in previews. */
  secret?: true;
}

export const IN_PLACE: FieldRule = { change: "inPlace" };
export const REPLACE: FieldRule = { change: "replace" };
export const SECRET: FieldRule = { change: "replace", secret: true };

/** What Describe says about a task that still exists. */
export interface TaskState {
  status: string;
  /** Extra outputs the service reports (e.g. files written so far). */
  outputs?: Record<string, unknown>;
}

/**
 * A TRTC task as a Pulumi resource: its inputs and the API calls that start, describe, update
 * and stop it. The engine in `engine.ts` turns this into check/diff/create/read/update/delete.
 */
export interface TaskSpec<Schema extends z.ZodObject = z.ZodObject> {
  /** Shown by Pulumi as `pulumi-nodejs:dynamic/trtc:<kind>`. */
  kind: string;
  inputs: Schema;
  /** Every input field, with how a change applies. */
  fields: { [K in keyof z.output<Schema>]-?: FieldRule };
  /**
   * Rules for paths inside object fields (`"recordParams.subscribeStreamUserIds"`), for APIs that
   * can change part of a structure in place. The longest matching path wins.
   */
  nestedFields?: Record<string, FieldRule>;
  /** Regions where every call of the lifecycle is served (a task must be stoppable where it starts). */
  regions: readonly string[];
  /**
   * Tasks with equal identities are one user to TRTC (same room and bot user), so a replacement
   * that keeps the identity must stop the old task before starting the new one.
   */
  identity?: (inputs: z.output<Schema>) => string;
  /** Names of the extra outputs `describe` reports, declared so they exist on the resource. */
  outputs?: readonly string[];
  start: {
    action: string;
    request: (inputs: z.output<Schema>) => ApiParams;
    taskId: (response: ApiResponse) => string;
    /**
     * What Describe would say of a task Start has just started, where the API leaves no doubt
     * (e.g. a status with no other outputs). Given, create skips that Describe: one call and one
     * round trip less per resource on `up`.
     */
    started?: TaskState;
  };
  /** A call to make right after Start when the inputs ask for more than Start can express. */
  afterStart?: (taskId: string, inputs: z.output<Schema>) => { action: string; params: ApiParams } | undefined;
  describe: {
    action: string;
    request: (taskId: string, inputs: z.output<Schema>) => ApiParams;
    /** Undefined when the task no longer exists. */
    state: (response: ApiResponse) => TaskState | undefined;
    /** Error codes by which Describe says the task is gone. */
    goneCodes?: readonly string[];
  };
  update?: {
    action: string;
    request: (taskId: string, inputs: z.output<Schema>) => ApiParams;
  };
  stop: {
    action: string;
    request: (taskId: string, inputs: z.output<Schema>) => ApiParams;
    /** Error codes meaning the task already ended or never existed: the stop has nothing to do. */
    goneCodes: readonly string[];
  };
}

// Specs are stored by the registry without their schema type; the engine only needs the shape.
export type AnyTaskSpec = TaskSpec<any>;

/** Declares a spec with its schema type checked against the field table and API mapping. */
export function taskSpec<Schema extends z.ZodObject>(spec: TaskSpec<Schema>): TaskSpec<Schema> {
  return spec;
}

export function isTaskSpec(value: unknown): value is AnyTaskSpec {
  return typeof value === "object" && value !== null && "kind" in value && "inputs" in value && "stop" in value;
}

/** camelCase user fields to the API's PascalCase, recursively: the one place request names are made. */
export function toApi(value: unknown): unknown {
  return renameKeys(value, (key) => key.charAt(0).toUpperCase() + key.slice(1));
}

/**
 * The API's PascalCase response fields to camelCase outputs, recursively: the mirror of `toApi`.
 * Members the API reports as null ("no valid value can be obtained") are left out.
 */
export function fromApi(value: unknown): unknown {
  return renameKeys(value, (key) => key.charAt(0).toLowerCase() + key.slice(1));
}

function renameKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => renameKeys(v, rename));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v !== undefined && v !== null) out[rename(key)] = renameKeys(v, rename);
  }
  return out;
}

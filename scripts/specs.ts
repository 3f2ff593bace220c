import * as functions from "../functions";
import type { AnyFunctionSpec } from "../provider/function";
import { type AnyTaskSpec, isTaskSpec } from "../provider/spec";
import * as resources from "../resources";

// The one place the generator enumerates specs: found among the family modules' exports, as the
// provider runtime finds task specs.

/** Every task spec with the name of its export (`streamIngest`), which the generated classes import. */
export function allTaskSpecs(): { exportName: string; spec: AnyTaskSpec }[] {
  return Object.entries(resources as Record<string, unknown>)
    .filter((entry): entry is [string, AnyTaskSpec] => isTaskSpec(entry[1]))
    .map(([exportName, spec]) => ({ exportName, spec }));
}

/** Every function spec with the name of its export (`dismissRoomSpec`), which the generated wrappers import. */
export function allFunctionSpecs(): { exportName: string; spec: AnyFunctionSpec }[] {
  return Object.entries(functions as Record<string, unknown>)
    .filter((entry): entry is [string, AnyFunctionSpec] => isFunctionSpec(entry[1]))
    .map(([exportName, spec]) => ({ exportName, spec }));
}

function isFunctionSpec(value: unknown): value is AnyFunctionSpec {
  return typeof value === "object" && value !== null && "api" in value && "args" in value && "result" in value;
}

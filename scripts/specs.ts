import * as functions from "../functions";
import type { AnyFunctionSpec } from "../provider/function";
import type { AnyTaskSpec } from "../provider/spec";
import type { AnyStreamSpec } from "../provider/stream";
import { FUNCTION_SPECS, RESOURCE_SPECS, STREAM_SPECS } from "../registry";
import * as resources from "../resources";

// The specs the generator writes the public surface for: the registry's, each with the name the
// family modules export it by, which the generated classes and wrappers import.

/** Every task spec with the name of its export (`streamIngest`). */
export function allTaskSpecs(): { exportName: string; spec: AnyTaskSpec }[] {
  return RESOURCE_SPECS.map((spec) => ({ exportName: exportNameOf(resources, spec, spec.kind), spec }));
}

/** Every function spec with the name of its export (`dismissRoomSpec`). */
export function allFunctionSpecs(): { exportName: string; spec: AnyFunctionSpec }[] {
  return FUNCTION_SPECS.map((spec) => ({ exportName: exportNameOf(functions, spec, spec.name), spec }));
}

/** Every streamed function's spec with the name of its export (`textToSpeechStreamSpec`). */
export function allStreamSpecs(): { exportName: string; spec: AnyStreamSpec }[] {
  return STREAM_SPECS.map((spec) => ({ exportName: exportNameOf(functions, spec, spec.name), spec }));
}

function exportNameOf(module: object, spec: object, name: string): string {
  const found = Object.entries(module).find(([, value]) => value === spec)?.[0];
  if (!found) throw new Error(`${name} is in registry.ts but not exported by its family module`);
  return found;
}

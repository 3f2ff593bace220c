// What the generator and the reference pages share: the entries of the public surface and the
// doc lines both write. Apart from both, so neither imports the other.
import { IMPORT_ID_FORM } from "../plugin/imports";
import type { AnyFunctionSpec } from "../provider/function";
import type { AnyTaskSpec } from "../provider/spec";
import type { TypeReader } from "./resultTypes";
import type { Constants, Declared, Owner } from "./schemaTypes";

export const REGION_DOC = "Region the task runs in; defaults to trtc:region / TENCENTCLOUD_REGION. Changing it replaces the task.";
export const ADOPT_DOC =
  "The id of a running task to take over instead of starting a new one: creating the resource describes that task and updates what can change in place to these arguments. Read only at creation: removing it later changes nothing.";
export const FUNCTION_REGION_DOC = "Region the call goes to; defaults to trtc:region / TENCENTCLOUD_REGION.";
/** What a plugin SDK class's `get` does, in both SDKs. */
export const GET_DOC =
  `A read-only reference by id, the one \`pulumi import\` takes: \`${IMPORT_ID_FORM}\`, a configuration object's own id as the last part. The plugin describes it on every \`up\` and \`refresh\` and never changes, stops or deletes it; it fails when what the id names has ended or does not exist, or cannot be imported (docs/plugin.md). Its outputs are what Describe reports.`;

export interface TaskEntry {
  exportName: string;
  spec: AnyTaskSpec;
  /** The class name, the spec's kind: `StreamIngest`. */
  name: string;
  description: string;
  owner: Owner;
  /** Extra outputs the resource reports, from the `<Kind>Outputs` interface of its module. */
  extras: { name: string; type: string; optional: boolean; doc: string }[];
}

export interface FunctionEntry {
  exportName: string;
  spec: AnyFunctionSpec;
  owner: Owner;
  /** The result type as written in sdk/types/output.ts. */
  result: string;
  /** The module under functions/ that declares it, whose reference page documents it. */
  family: string;
}

export interface Surface {
  tasks: TaskEntry[];
  functions: FunctionEntry[];
  /** The streamed functions (provider/stream.ts): for scripts, no invoke. */
  streams: FunctionEntry[];
  files: Map<string, string>;
  outputs: TypeReader;
  /** Every interface of sdk/types/input.ts and output.ts by name, for the reference pages. */
  inputTypes: Map<string, Declared>;
  outputTypes: Map<string, Declared>;
  constants: Map<string, Constants>;
}

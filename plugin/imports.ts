// `pulumi import` of a running task by an id a user reads off TRTC: `<sdkAppId>/<region>/<taskId>`,
// which a program's `get` names a task by too. Describe reports a task's status (and a recording's
// files), never the inputs it was started with, so an import records what Describe says and names
// the inputs the user must add; until the stack first updates the task those are taken as the
// program states them, as adoption does (docs/tasks.md, "Taking over a running task").
import type { z } from "zod";
import { IMPORTED_KEY, REGION_KEY } from "../provider/contract";
import { LOG_SOURCE } from "../provider/previewLog";
import type { AnyTaskSpec } from "../provider/spec";

type Props = Record<string, unknown>;

export interface ImportKey {
  sdkAppId: number;
  region: string;
  taskId: string;
}

export const IMPORT_ID_FORM = "<sdkAppId>/<region>/<taskId>";
// A task id may hold a slash: everything after the region is the task's.
const ID_FORM = /^([1-9]\d*)\/([a-z]+(?:-[a-z]+)+)\/(.+)$/;

/** What names a task by id: `pulumi import`, or a program's `get`. */
export type Reference = "import" | "get";
const TAKEN: Record<Reference, string> = { import: "imported", get: "read by `get`" };

/**
 * Whether `id` is in the form import and `get` name a task by. No id that state records is: a
 * resource's id is its task's own (or its configuration object's), never `<digits>/<region>/...`.
 */
export function isReferenceId(id: string): boolean {
  return ID_FORM.test(id);
}

/** The key an import or `get` id gives; a family that has no Describe cannot be read by one, and says why. */
export function parseImportId(spec: AnyTaskSpec, id: string, by: Reference): ImportKey {
  if (!spec.describe) {
    throw new Error(
      `${spec.kind} cannot be ${TAKEN[by]}: TRTC has no API that describes a ${spec.kind} task, and the call that tells whether ` +
        "one runs (an update that changes nothing) needs every input the task was started with. Declare the resource in " +
        "the program instead: Pulumi then starts and owns a task of its own.",
    );
  }
  const match = ID_FORM.exec(id);
  if (!match) throw new Error(`${by} id "${id}" is not ${IMPORT_ID_FORM}, e.g. 1400000001/ap-singapore/<the task's id>`);
  return { sdkAppId: Number(match[1]), region: match[2]!, taskId: match[3]! };
}

/** Why an import or `get` id names nothing to read: only what exists can be. */
export function notFound(spec: AnyTaskSpec, key: ImportKey, by: Reference): string {
  const { kind, configuration } = spec;
  const where = `in application ${key.sdkAppId} in ${key.region}`;
  return configuration
    ? `${kind} ${key.taskId} does not exist ${where}: it was deleted or never existed, and only an existing ${configuration.noun} can be ${TAKEN[by]}`
    : `${kind} task ${key.taskId} is not running ${where}: it has ended or never existed, and only a running task can be ${TAKEN[by]}`;
}

/** The inputs a program must give: those without a default. */
function requiredInputs(spec: AnyTaskSpec): string[] {
  const shape = spec.inputs.shape as Record<string, z.ZodType>;
  return Object.keys(shape).filter((k) => !shape[k]!.safeParse(undefined).success);
}

export interface ImportedTask {
  id: string;
  outputs: Props;
  inputs: Props;
  /** What the user must add to the code the CLI prints. */
  notice: string;
}

/**
 * What state records of an imported task, from what refresh read of it. A configuration object's
 * Describe reports some of its inputs (a picture's size and place, a vocabulary's words): those are
 * imported as they are, and the notice names only the rest.
 */
export function importedRecord(spec: AnyTaskSpec, key: ImportKey, id: string, read: Props): ImportedTask {
  // The application is the id's.
  const reported = spec.configuration
    ? Object.fromEntries(Object.keys(spec.fields).filter((k) => k !== "sdkAppId" && read[k] !== undefined).map((k) => [k, read[k]]))
    : {};
  const inputs = { ...reported, sdkAppId: key.sdkAppId, [REGION_KEY]: key.region };
  const missing = requiredInputs(spec).filter((k) => !(k in inputs));
  const what = spec.configuration
    ? `imported ${spec.kind} ${id}: TRTC's Describe reports ${Object.keys(reported).join(", ") || "none of its inputs"}, not the rest it was created with.`
    : `imported ${spec.kind} task ${id}: TRTC's Describe reports its status, not the inputs it was started with.`;
  const add = missing.length
    ? ` Add ${missing.join(", ")} (and any other input it was ${spec.configuration ? "created" : "started"} with) to the code below, with its own values: ` +
      "the first `pulumi up` records them as given, and changes made after that apply as usual (docs/plugin.md)."
    : "";
  return { id, outputs: { ...read, [IMPORTED_KEY]: true }, inputs, notice: `${LOG_SOURCE}${what}${add}` };
}

/**
 * The record of an imported task with the inputs Describe could not report filled in: from the
 * inputs state holds (the program's, after the first `up`), else from the program's new inputs.
 * Any other record passes unchanged.
 */
export function withImportedInputs(spec: AnyTaskSpec, recorded: Props, inputs: Props, news: Props = {}): Props {
  if (recorded[IMPORTED_KEY] !== true) return recorded;
  const filled: Props = { ...recorded };
  for (const field of Object.keys(spec.fields)) {
    if (filled[field] === undefined) filled[field] = inputs[field] ?? news[field];
  }
  return filled;
}

// The provider's contract with Pulumi and with the state it writes: reserved keys, outputs every
// task has, settlement markers and the type token. A leaf: resources, engine and review import it,
// and it imports nothing of ours.

/** Pulumi's own reserved input: the serialised provider stub. */
export const PROVIDER_KEY = "__provider";
/** Reserved input naming the resource kind, so one identical `__provider` stub serves every kind. */
export const KIND_KEY = "__kind";
/** Inputs the engine sets aside before checking a program's own. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([KIND_KEY, PROVIDER_KEY]);

/** Every task lives in one region: a resource's own, or the provider's default. */
export const REGION_KEY = "region";
/**
 * The id of a running task to take over instead of starting one. Pulumi cannot import into a
 * dynamic provider (the engine sends no `__provider` on import), so this is how a task started
 * elsewhere comes under a stack.
 */
export const ADOPT_KEY = "adoptTaskId";
/**
 * State output of a task `pulumi import` brought in through the plugin: Describe reports no
 * inputs, so until the stack first updates the task the inputs it was not told are the program's
 * (as adoption records them), not changes.
 */
export const IMPORTED_KEY = "__imported";
/** Outputs every task resource has besides its inputs. */
export const TASK_OUTPUTS = ["taskId", "status"] as const;
/** The status of a task whose family has no Describe, after a call to it succeeded. */
export const RUNNING = "InProgress";

/**
 * State output recording that a create did not finish, so TRTC's `status` output never has to
 * carry it:
 * - `createIncomplete`: Start succeeded but a later step failed. The next `up` updates the task
 *   even if nothing changed, since the failed step may have been applying an in-place field.
 * - `startUnsettled`: a Start answer was lost and could not be settled (the lookup by caller key,
 *   or the removal of the bot, failed too). The task may run and only its key or bot is known; the
 *   next up or destroy settles it instead of leaving it running unrecorded.
 */
export const SETTLEMENT_KEY = "__settlement";
/** With `startUnsettled` for objects found by listing (CreatedLookup): the ids listed before Create was sent. */
export const LISTED_BEFORE_KEY = "__listedBefore";
export type Settlement = "createIncomplete" | "startUnsettled";
/** How state written by 0.1.0 recorded a settlement: in the `status` output. */
export const LEGACY_SETTLEMENT_STATUS: Readonly<Record<string, Settlement>> = {
  CreateIncomplete: "createIncomplete",
  StartUnsettled: "startUnsettled",
};

/** The dynamic resource module: Pulumi shows a kind as `pulumi-nodejs:dynamic/trtc:<kind>`. */
export const TYPE_MODULE = "trtc";
const TYPE_TOKEN = /^pulumi-nodejs:dynamic\/trtc:(\w+)$/;

/** The kind a Pulumi type token names, if it is one of ours. */
export function kindOfType(type: string): string | undefined {
  return TYPE_TOKEN.exec(type)?.[1];
}

import type { z } from "zod";
import { type Action, servedByAll } from "./api";
import type { ApiParams, ApiResponse } from "./client";

/** How a change to a field reaches the running task. */
export interface FieldRule {
  /**
   * `inPlace`: the update call applies it. `replace`: a new task replaces the running one.
   * `record`: state takes the new value and TRTC is not called, because the running task has no
   * more use for it (a credential its bot already joined the room with).
   */
  change: "inPlace" | "replace" | "record";
  /** Kept encrypted in state and shown as [secret] in previews. */
  secret?: true;
  /**
   * For a secret string member of list elements: the start of the value that is no credential and
   * may show in previews and state (a push URL up to its auth query). By default none of it.
   */
  shown?: (value: string) => string;
  /**
   * For an `inPlace` field the update call cannot take away (it reads a member left out as
   * unchanged): leaving the field out needs a new task.
   */
  removalReplaces?: true;
}

export const IN_PLACE: FieldRule = { change: "inPlace" };
export const REPLACE: FieldRule = { change: "replace" };
/** Changed or given in place; taken out by a new task. */
export const IN_PLACE_UNTIL_REMOVED: FieldRule = { change: "inPlace", removalReplaces: true };
export const SECRET: FieldRule = { change: "replace", secret: true };
/** A secret the update call takes (an LLM key, a push URL's auth query, a voiceprint's recording). */
export const SECRET_IN_PLACE: FieldRule = { change: "inPlace", secret: true };
/** The bot's room credentials (UserSig, PrivateMapKey): a new one is no new task, and needs no call. */
export const CREDENTIAL: FieldRule = { change: "record", secret: true };
/** Which running task to take over: read only when the resource is created, so later changes are only recorded. */
export const ADOPTION: FieldRule = { change: "record" };

/** How Describe finds a task: by its id within its application, all a read-only reference (`get`) knows. */
export interface TaskKey {
  sdkAppId: number;
}

/**
 * How create finds a task whose Start answer was lost (a network failure, a timeout, a 5xx or an
 * internal error after the call may have run) instead of starting a second one or leaving it
 * orphaned. Every Start of one create carries the same key: the program's, or one generated for
 * that create (then kept as an output of that name). After an answer that may hide a started task,
 * Describe by the key says whether the task runs; only if none does is Start sent again.
 */
export interface StartRecovery<Schema extends z.ZodObject = z.ZodObject> {
  /** The input holding the key (e.g. `sessionId`); optional in the schema. */
  key: string & keyof z.output<Schema>;
  /** The Describe request for the task started with `key`; its answer is read by describe.state and start.taskId. */
  request: (key: string, inputs: z.output<Schema>) => ApiParams;
  /** A new key for a create the program gives none, where the API limits its length (a UUID otherwise). */
  generate?: () => string;
}

/**
 * How create settles a lost Start answer for APIs with no caller key but one task per bot: the
 * bot's user id is the resource's own (unique in its room, see `identity`), so removing the bot
 * from its room (RemoveUser, which ends the task) ends whatever the lost Start ran, and Start is
 * sent again. Never done unless an answer of this create was lost.
 */
export interface BotEviction<Schema extends z.ZodObject = z.ZodObject> {
  /** Start's codes for "this bot already runs a task", where a lost Start reached TRTC after the removal. */
  existCodes: readonly string[];
  /** The bot a Start puts in the room. */
  bot: (inputs: z.output<Schema>) => { sdkAppId: number; roomId: number | string; userId: string };
}

/** One object as a listing reports it: its id, and the values of inputs the listing shows. */
export interface Listed {
  id: string;
  inputs: Record<string, unknown>;
}

/**
 * How create finds an object whose Create answer was lost when Create takes no caller key (so
 * nothing names the object before it exists) and no bot: the application's objects are listed
 * before Create is first sent, and after a lost answer again. An object that is new since, with the
 * inputs' values, is this create's; none means Create did not run, and it is sent again. Two or
 * more (someone else created a twin meanwhile) cannot be told apart: the create fails naming them,
 * rather than adopt another's object. A listing that fails after a lost answer leaves the record
 * unsettled with the ids listed before, so the next up, refresh or destroy lists again.
 */
export interface CreatedLookup<Schema extends z.ZodObject = z.ZodObject> {
  action: Action;
  /** The request for page `page` (from 1) of the application's objects. */
  request: (page: number, inputs: z.output<Schema>) => ApiParams;
  /** The objects of a page; a page shorter than `pageSize` is the last. */
  items: (response: ApiResponse) => Listed[];
  pageSize: number;
}

/**
 * Where a bot's user id and UserSig sit in the inputs, as dotted paths, `list[].member` for each
 * element of a list; the request carries them under the same names in PascalCase.
 */
export interface BotPlace {
  userId: string;
  userSig: string;
  /** TRTC takes the bot without a UserSig: one is signed when a key is set, and none is required. */
  sigOptional?: true;
}

/** The task's own bot and nothing else, at the top level (fields.roomBot). */
export const ROOM_BOT: readonly BotPlace[] = [{ userId: "userId", userSig: "userSig" }];

/** What Describe says about a task (or configuration object) that still exists. */
export interface TaskState {
  /** The task's status; configuration objects have none. */
  status?: string;
  /** Extra outputs the service reports (e.g. files written so far). */
  outputs?: Record<string, unknown>;
  /**
   * The current values of inputs, as the service reports them (a configuration object's, which
   * may be changed elsewhere): state takes them over the recorded ones, and refresh returns them as
   * the inputs too, so `pulumi refresh` and `preview --refresh` show the change as drift.
   */
  inputs?: Record<string, unknown>;
}

/**
 * A Describe call: what `read` asks, and what create and update ask after their changes. It names
 * the task by id and application only, all a read-only reference (`get`) knows.
 */
export interface Describe {
  action: Action;
  request: (taskId: string, key: TaskKey) => ApiParams;
  /** Undefined when the task no longer exists. */
  state: (response: ApiResponse) => TaskState | undefined;
  /** Error codes by which Describe says the task is gone. */
  goneCodes?: readonly string[];
}

/**
 * For task APIs without Describe: a call that changes nothing, which `read` sends to learn whether
 * the task still runs. Success means it runs; a gone code proves it ended. Create and update trust
 * their own successful calls instead.
 */
export interface Probe<Inputs> {
  action: Action;
  request: (taskId: string, inputs: Inputs) => ApiParams;
  goneCodes: readonly string[];
  /**
   * Starts of error codes by which the service may refuse the probe itself (no page says a call
   * that changes nothing succeeds): such an answer says nothing of the task, so refresh keeps it
   * as recorded and warns instead of failing.
   */
  refusedBy?: readonly string[];
}

/** How `read` (pulumi refresh) learns whether the task still runs: every spec gives exactly one. */
export type Observation<Inputs> = { describe: Describe; probe?: undefined } | { probe: Probe<Inputs>; describe?: undefined };

/**
 * A TRTC task as a Pulumi resource: its inputs and the API calls that start, describe, update
 * and stop it. The engine in `engine.ts` turns this into check/diff/create/read/update/delete.
 */
export type TaskSpec<Schema extends z.ZodObject = z.ZodObject> = TaskSpecBase<Schema> & Observation<z.output<Schema>>;

export interface TaskSpecBase<Schema extends z.ZodObject> {
  /** Shown by Pulumi as `pulumi-nodejs:dynamic/trtc:<kind>`. */
  kind: string;
  inputs: Schema;
  /** Every input field, with how a change applies. */
  fields: { [K in keyof z.output<Schema>]-?: FieldRule };
  /**
   * Rules for paths inside object fields (`"recordParams.subscribeStreamUserIds"`), for APIs that
   * can change part of a structure in place. The longest matching path wins. A `[]` segment
   * (`"publishCdnParams[].publishCdnUrl"`) names a member of every element of a list: such paths
   * only mark secrets, since a change anywhere in a list is a change of the whole list.
   */
  nestedFields?: Record<string, FieldRule>;
  /**
   * The bots the task puts in rooms, its own bot first. A bot given no UserSig gets one signed
   * from the application's secret key in every request that carries it, never stored; review
   * names the task's bot by the first.
   */
  bots: readonly BotPlace[];
  /** How a task of this kind ends by itself, for the line refresh prints when it drops one. */
  endsBy?: (inputs: z.output<Schema>) => string;
  /**
   * Tasks that share an identity collide at TRTC (one bot user in one room; one caller key), so a
   * replacement that keeps one must stop the old task before starting the new one.
   */
  identity?: (inputs: z.output<Schema>) => string | readonly string[];
  /** Names of the extra outputs (what `describe` reports, the `sequence` output, the fingerprints), declared so they exist on the resource. */
  outputs?: readonly string[];
  /**
   * Outputs that fingerprint a secret field holding a file in Base64 that is no credential (a
   * picture's image), by output name: check adds the SHA-256 of the file, as `sha256sum` prints
   * it. A dynamic provider's `preview --diff` shows a changed secret as `[secret]`, unchanged; its
   * fingerprint shows the change.
   */
  fingerprints?: Readonly<Record<string, string & keyof z.output<Schema>>>;
  /**
   * An ordering number every update and probe call must carry, larger than any the task was sent
   * before (UpdatePublishCdnStream's SequenceNumber). The engine draws a fresh one for every
   * attempt and keeps the last one sent as the output named `output`, so it outlives the process.
   */
  sequence?: { param: string; output: string };
  start: {
    action: Action;
    request: (inputs: z.output<Schema>) => ApiParams;
    taskId: (response: ApiResponse) => string;
    /** For APIs whose Start takes a caller key that Describe can find the task by: see StartRecovery. */
    recover?: StartRecovery<Schema>;
    /** For APIs whose Start takes no caller key but whose bot runs one task at a time: see BotEviction. */
    evictBot?: BotEviction<Schema>;
    /** For objects with neither a caller key nor a bot, which a listing shows with their values: see CreatedLookup. */
    findCreated?: CreatedLookup<Schema>;
    /**
     * What Describe would say of a task Start has just started, where the API leaves no doubt
     * (e.g. a status with no other outputs). Given, create skips that Describe: one call and one
     * round trip less per resource on `up`.
     */
    started?: TaskState;
  };
  /** A call to make right after Start when the inputs ask for more than Start can express. */
  afterStart?: (taskId: string, inputs: z.output<Schema>) => { action: Action; params: ApiParams } | undefined;
  update?: {
    action: Action;
    /** `olds` are the inputs the task runs with now, for APIs that take only what changes. */
    request: (taskId: string, inputs: z.output<Schema>, olds: z.output<Schema>) => ApiParams;
    /**
     * When the update finds the task ended on its own, start a new task with the new inputs instead
     * of failing. The resource keeps its id (Pulumi cannot change it in an update); the `taskId`
     * output names the running task, and every later call uses it.
     */
    restartIfGone?: true;
    /**
     * A second call an update makes after the first, for what the first cannot set (a
     * vocabulary's default state, SetVocabStateV3); undefined when the change needs none.
     */
    then?: (taskId: string, inputs: z.output<Schema>, olds: z.output<Schema>) => { action: Action; params: ApiParams } | undefined;
  };
  stop: {
    action: Action;
    request: (taskId: string, inputs: z.output<Schema>) => ApiParams;
    /** Error codes meaning the task already ended or never existed: the stop has nothing to do. */
    goneCodes: readonly string[];
  };
  /** Set for configuration objects (configSpec): what one is called in messages (`picture`). */
  configuration?: { noun: string };
}

// Specs are stored by the registry without their schema type; the engine only needs the shape.
export type AnyTaskSpec = TaskSpec<any>;

/** Declares a spec with its schema type checked against the field table and API mapping. */
export function taskSpec<Schema extends z.ZodObject, O extends Observation<z.output<Schema>>>(
  spec: TaskSpecBase<Schema> & O,
): TaskSpecBase<Schema> & O {
  return spec;
}

/**
 * A configuration object of TRTC (a watermark picture), declared in its API's words: Create,
 * Describe, Modify, Delete. Unlike a task it persists until deleted and never ends by itself, but
 * may be changed or deleted elsewhere (the console); Describe reports its current values, which
 * refresh shows as drift. The one engine runs it as a TaskSpec: Create as the start (settled by
 * `create.findCreated` when its answer is lost), Modify as the in-place update, Delete as the stop.
 */
export interface ConfigSpec<Schema extends z.ZodObject> {
  kind: string;
  /** What one object is called in messages: `picture`. */
  noun: string;
  inputs: Schema;
  /** Every input: IN_PLACE where Modify takes it, REPLACE otherwise. */
  fields: { [K in keyof z.output<Schema>]-?: FieldRule };
  /** See TaskSpec.fingerprints; they are the object's only outputs. */
  fingerprints?: TaskSpecBase<Schema>["fingerprints"];
  create: {
    action: Action;
    request: (inputs: z.output<Schema>) => ApiParams;
    id: (response: ApiResponse) => string;
    findCreated?: CreatedLookup<Schema>;
  };
  describe: {
    action: Action;
    request: (id: string, key: TaskKey) => ApiParams;
    /** The current values of inputs Describe reports, or undefined when the object is gone. */
    current: (response: ApiResponse) => Record<string, unknown> | undefined;
    /** Error codes by which Describe says the object is gone. */
    goneCodes?: readonly string[];
  };
  /** A call to make right after Create for what Create cannot set (see TaskSpec.afterStart). */
  afterCreate?: TaskSpecBase<Schema>["afterStart"];
  /** Without one, every change replaces the object; `then` is a second call for what Modify cannot set. */
  modify?: Pick<NonNullable<TaskSpecBase<Schema>["update"]>, "action" | "request" | "then">;
  delete: { action: Action; request: (id: string, inputs: z.output<Schema>) => ApiParams; goneCodes: readonly string[] };
}

/** A configuration object as the TaskSpec the engine runs (see ConfigSpec). */
export function configSpec<Schema extends z.ZodObject>(spec: ConfigSpec<Schema>) {
  const { kind, noun, inputs, fields, fingerprints, create, describe, modify, afterCreate } = spec;
  return taskSpec({
    kind,
    inputs,
    fields,
    fingerprints,
    outputs: Object.keys(fingerprints ?? {}),
    bots: [],
    configuration: { noun },
    start: { action: create.action, request: create.request, taskId: create.id, findCreated: create.findCreated },
    afterStart: afterCreate,
    describe: {
      action: describe.action,
      request: describe.request,
      state: (response) => {
        const current = describe.current(response);
        return current && { inputs: current };
      },
      goneCodes: describe.goneCodes,
    },
    update: modify,
    stop: spec.delete,
  });
}

/** Every action a task's lifecycle calls. */
export function lifecycleActions(spec: AnyTaskSpec): Action[] {
  const { start, describe, probe, update, stop } = spec;
  return [start.action, start.findCreated?.action, describe?.action, probe?.action, update?.action, stop.action].filter((a): a is Action => a !== undefined);
}

/** Regions where every call of the lifecycle is served (a task must be stoppable where it starts). */
export function regionsOf(spec: AnyTaskSpec): string[] {
  return servedByAll(lifecycleActions(spec));
}

/**
 * What an update sends of a member the program may leave out: its value, or `byDefault` to undo
 * one the task was given before; nothing when it never had one (no call then says what the
 * default is).
 */
export function setOrUndone<T>(value: T | undefined, before: T | undefined, byDefault: T): T | undefined {
  return value ?? (before !== undefined ? byDefault : undefined);
}

/** camelCase user fields to the API's PascalCase, recursively: the one place request names are made. */
export function toApi(value: unknown): unknown {
  return renameKeys(value, apiName);
}

/** One field's API name: `roomId` is `RoomId`. */
export function apiName(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
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

import { z } from "zod";
import { ACTIONS, type Action } from "./api";
import { type ApiParams, type ApiResponse, TrtcClient } from "./client";
import { ValidationError } from "./errors";
import { type CallPlan, type CallWatch, runCalls, windowFailures } from "./lookup";
import { LiveClient, type LiveRequest } from "./liveClient";
import type { Settings } from "./settings";
import { type DefaultSetting, issueFailures, regionFailures, withSettingDefaults } from "./validation";

// Functions: one API call each, declared as a spec (its arguments, the request they make, the
// result they return) and run by this core with the clients it is given. The core knows nothing
// of Pulumi: programs and scripts reach it through `invoke.ts`, the provider process directly.

interface SpecBase<Schema extends z.ZodObject, Result, Changes extends boolean> {
  /** What users call: `dismissRoom` (and `dismissRoomOutput`). */
  name: string;
  /** What the function does, as its reference page and doc comment say it. */
  description: string;
  /** The arguments, in the user's words; failures name the argument and the rule. */
  args: Schema;
  /**
   * Whether the call changes something. A changing call never runs during `pulumi preview` and
   * is sent again only when the error proves it did not run; a lookup runs in previews too.
   */
  changes: Changes;
  /**
   * For a changing call: what it would do, as a preview logs it after the API's name, e.g. `for
   * room 1234 of application 1400000001` in `pulumi-trtc: would call DismissRoom for room 1234 ...`.
   */
  describe?: (args: z.output<Schema>) => string;
  /** The API's answer (its RequestId included) as the function's typed camelCase result. */
  result: (response: ApiResponse, args: z.output<Schema>) => Result;
}

/**
 * A function on the TRTC API 3.0: one action, or one of twins chosen by the arguments, in a region.
 * A lookup whose result is a list may take several calls of its action (every page, consecutive
 * time windows): `calls` declares them, and `result` then reads one answer's rows.
 */
export interface TrtcFunctionSpec<Schema extends z.ZodObject, Result, Changes extends boolean, A extends Action>
  extends SpecBase<Schema, Result, Changes> {
  api: "trtc";
  /** Every action the function may call; the regions serving each are in api/. */
  actions: readonly A[];
  request: (args: z.output<Schema>) => { action: A; params: ApiParams };
  calls?: CallPlan<z.output<Schema>, NoInfer<Result> extends readonly (infer Row)[] ? Row : never>;
}

/** A function on the Live engine REST API (battles): no region, a host per country instead. */
export interface LiveFunctionSpec<Schema extends z.ZodObject, Result, Changes extends boolean>
  extends SpecBase<Schema, Result, Changes> {
  api: "live";
  request: (args: z.output<Schema>) => LiveRequest;
}

// Specs are handled without their schema types; the declaration helper checked them.
export type AnyFunctionSpec = TrtcFunctionSpec<any, any, boolean, Action> | LiveFunctionSpec<any, any, boolean>;

/** Arguments with those a setting gives (SETTING_DEFAULTS) optional: a marked schema member is required, so in `T` too. */
type SettingDefaulted<T> = Omit<T, DefaultSetting> & Partial<Pick<T, DefaultSetting & keyof T>>;

/** What a caller passes: the spec's arguments, plus the region for a TRTC API 3.0 function. */
export type FunctionArgs<Spec> =
  Spec extends TrtcFunctionSpec<infer S, any, any, any>
    ? SettingDefaulted<z.input<S>> & {
        /** Region the call goes to; defaults to trtc:region / TENCENTCLOUD_REGION. */
        region?: string;
      }
    : Spec extends LiveFunctionSpec<infer S, any, any>
      ? SettingDefaulted<z.input<S>>
      : never;

export type FunctionResult<Spec> = Spec extends SpecBase<any, infer R, any> ? R : never;

/** Declares a TRTC API 3.0 or Live REST function, checking its request against its arguments and regions. */
export function functionSpec<S extends z.ZodObject, R, C extends boolean, A extends Action>(
  spec: TrtcFunctionSpec<S, R, C, A>,
): TrtcFunctionSpec<S, R, C, A>;
export function functionSpec<S extends z.ZodObject, R, C extends boolean>(spec: LiveFunctionSpec<S, R, C>): LiveFunctionSpec<S, R, C>;
export function functionSpec(spec: AnyFunctionSpec): AnyFunctionSpec {
  return spec;
}


/** The clients a function call goes through: the same limiters, retries and errors as resources. */
export interface FunctionClients {
  trtc: TrtcClient;
  live: LiveClient;
}

export function clientsFor(settings: Settings): FunctionClients {
  return { trtc: new TrtcClient(settings), live: new LiveClient(settings) };
}

type Call =
  | { api: "trtc"; action: string; params: ApiParams; region: string }
  | { api: "live"; request: LiveRequest };

/** The API a prepared call goes to: the TRTC action, or the Live REST command's path. */
export function apiName(call: Call): string {
  return call.api === "trtc" ? call.action : `live_engine_http_pk/${call.request.command}`;
}

/** What a call takes from its settings when its arguments leave it out. */
export type CallDefaults = Pick<Settings, "region" | "sdkAppId" | "dashboardEdition">;

/** A validated call, ready to send. */
export interface PreparedCall {
  /** The arguments as parsed, defaults filled in. */
  args: Record<string, unknown>;
  call: Call;
}

/**
 * Validates `given` against the spec and builds its request; throws a ValidationError naming
 * every argument that breaks a rule (and the region, for a TRTC API 3.0 function), before any call.
 */
export function prepareCall(spec: AnyFunctionSpec, given: unknown, defaults: CallDefaults): PreparedCall {
  if (typeof given !== "object" || given === null || Array.isArray(given)) {
    throw new ValidationError(spec.name, ["arguments: must be an object"]);
  }
  const { region, ...rest } = given as Record<string, unknown>;
  const defaulted = withSettingDefaults(spec.args, spec.api === "trtc" ? rest : (given as Record<string, unknown>), defaults, spec.name);
  const parsed = (spec.args as z.ZodObject).strict().safeParse(defaulted.values);
  const missing = new Set(defaulted.failures.map((f) => f.property));
  if (!parsed.success || missing.size) {
    const issues = parsed.error?.issues.filter((issue) => !missing.has(String(issue.path[0]))) ?? [];
    const failures = [...defaulted.failures, ...issueFailures(issues, "arguments", `an argument of ${spec.name}`, spec.args)];
    throw new ValidationError(spec.name, failures.map((f) => f.reason));
  }
  const args = parsed.data as Record<string, unknown>;
  if (spec.api === "live") return { args, call: { api: "live", request: spec.request(args) } };

  const { action, params } = spec.request(args);
  const window = spec.calls?.window;
  // trtc:dashboardEdition standard: the look-back its page documents.
  const rule = window?.standardMaxAge !== undefined && defaults.dashboardEdition === "standard" ? { ...window, maxAge: window.standardMaxAge } : window;
  const windowed = rule ? windowFailures(action, rule, args, Math.floor(Date.now() / 1000)) : [];
  if (windowed.length) throw new ValidationError(spec.name, windowed.map((f) => `${f.path}: ${f.message}`));
  const chosen = region ?? defaults.region;
  const { regions } = ACTIONS[action];
  // An API that needs no region is called without one unless a region is given.
  if (regions === "any") return { args, call: { api: "trtc", action, params, region: typeof chosen === "string" ? chosen : "" } };
  const failures = regionFailures(chosen, regions, spec.name, action);
  if (failures.length) throw new ValidationError(spec.name, failures.map((f) => f.reason));
  return { args, call: { api: "trtc", action, params, region: chosen as string } };
}

/**
 * Sends a prepared call and turns the answer into the spec's result; a lookup's calls (its windows
 * and pages) go out one after another, each watched by `watch`.
 */
export async function sendCall<Spec extends AnyFunctionSpec>(
  spec: Spec,
  prepared: PreparedCall,
  clients: FunctionClients,
  watch: CallWatch = {},
): Promise<FunctionResult<Spec>> {
  const { call, args } = prepared;
  const kind = callKind(spec);
  if (call.api === "live") {
    watch.signal?.throwIfAborted();
    return spec.result(await clients.live.call(call.request, kind), args) as FunctionResult<Spec>;
  }
  const send = (more: ApiParams) => clients.trtc.call(call.action, { ...call.params, ...more }, kind, call.region, watch.signal);
  if (spec.api === "trtc" && spec.calls) {
    return (await runCalls(spec.calls, args, send, (response) => spec.result(response, args), watch)) as FunctionResult<Spec>;
  }
  return spec.result(await send({}), args) as FunctionResult<Spec>;
}

function callKind(spec: AnyFunctionSpec) {
  return spec.changes ? ("start" as const) : ("read" as const);
}

/** Runs a function with the given clients: validation, then the call. For callers that are not Pulumi programs. */
export async function runFunction<Spec extends AnyFunctionSpec>(
  spec: Spec,
  args: FunctionArgs<Spec>,
  clients: FunctionClients,
): Promise<FunctionResult<Spec>> {
  return sendCall(spec, prepareCall(spec, args, clients.trtc.defaults), clients);
}

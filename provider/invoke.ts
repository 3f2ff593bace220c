// Pulumi's modules one by one, not its index (see resource.ts).
import { Config } from "@pulumi/pulumi/config";
import * as log from "@pulumi/pulumi/log";
import { all, type Output, output as toOutput, unknown } from "@pulumi/pulumi/output";
import { CustomResource, type Resource } from "@pulumi/pulumi/resource";
import { hasEngine, isDryRun } from "@pulumi/pulumi/runtime/settings";
import { ConfigError } from "./errors";
import type { CallWatch } from "./lookup";
import { LOG_SOURCE, WOULD_PREFIX } from "./previewLog";
import {
  type AnyFunctionSpec,
  apiName,
  clientsFor,
  type FunctionArgs,
  type FunctionResult,
  prepareCall,
  sendCall,
} from "./function";
import type { DeepInput } from "./resource";
import type { FunctionOptions, FunctionOutputOptions, FunctionSettings } from "./options";
import { resolveSettings, type Settings } from "./settings";
import { type AnyStreamSpec, openStream } from "./stream";
import { didYouMean } from "./validation";

// Functions as a Pulumi program or a plain script calls them: twice each, as Pulumi packages
// offer functions, a Promise variant and an Output variant. Both run in the caller's own process
// (a dynamic provider cannot serve invokes), with the same clients as the provider.

const SETTING_NAMES: readonly (keyof FunctionSettings)[] = [
  "secretId", "secretKey", "securityToken", "profile", "sharedCredentialsDir", "camRoleName", "sdkAppId",
  "region", "endpoint", "sdkSecretKey", "sdkSecretKeys", "liveEndpoint", "adminUserId", "dashboardEdition",
];

/**
 * What a changing function's Promise variant resolves to: its result, or `undefined` during
 * `pulumi preview`, where it does not run.
 */
export type Outcome<Spec> = Spec extends { changes: false } ? FunctionResult<Spec> : FunctionResult<Spec> | undefined;

export interface ProgramFunctions<Spec extends AnyFunctionSpec> {
  /** Validates, then calls TRTC; a changing function resolves to undefined in a preview, after logging what it would do. */
  call(args: FunctionArgs<Spec>, opts?: FunctionOptions): Promise<Outcome<Spec>>;
  /**
   * The same for arguments that may be Pulumi Inputs, once they and `dependsOn` are known; a
   * changing function's Output is unknown in a preview.
   */
  output(args: DeepInput<FunctionArgs<Spec>>, opts?: FunctionOutputOptions): Output<FunctionResult<Spec>>;
}

/** The Promise and Output variants of a function spec. */
export function programFunctions<Spec extends AnyFunctionSpec>(spec: Spec): ProgramFunctions<Spec> {
  const previewing = () => spec.changes && isDryRun();

  async function call(args: FunctionArgs<Spec>, opts: FunctionOptions = {}): Promise<Outcome<Spec>> {
    const settings = settingsFor(opts);
    const prepared = prepareCall(spec, args, settings);
    if (previewing()) {
      const what = spec.describe ? ` ${spec.describe(prepared.args)}` : "";
      await log.info(`${WOULD_PREFIX}call ${apiName(prepared.call)}${what}`, opts.parent);
      return undefined as Outcome<Spec>;
    }
    return (await sendCall(spec, prepared, clientsFor(settings), watchOf(spec.name, opts))) as Outcome<Spec>;
  }

  function output(args: DeepInput<FunctionArgs<Spec>>, opts: FunctionOutputOptions = {}): Output<FunctionResult<Spec>> {
    const { dependsOn, ...own } = opts;
    // Until its arguments and dependencies are known the callback does not run, and the result is unknown anyway.
    return all([toOutput(withDatesAsText(args)), dependencies(dependsOn)]).apply(async ([known]) => {
      const result = await call(known as FunctionArgs<Spec>, own);
      return previewing() ? toOutput(unknown) : result;
    }) as Output<FunctionResult<Spec>>;
  }

  return { call, output };
}

/**
 * A streamed function as a script calls it: its chunks as an async iterator, with the same
 * settings as the other functions. Invalid arguments throw at once, before any call.
 */
export function programStream<Spec extends AnyStreamSpec>(spec: Spec) {
  return (args: FunctionArgs<Spec>, opts: FunctionOptions = {}): AsyncIterable<FunctionResult<Spec>> => openStream(spec, args, settingsFor(opts), opts.signal);
}

/** Past this many calls a lookup shows a program's user how far it has got. */
const FEW_CALLS = 3;

/**
 * The call's signal, and its progress to the script's callback; in a program, a lookup of more
 * than a few calls also shows it as the status line of its parent (or the stack), which the
 * engine shows while it runs and does not keep.
 */
function watchOf(functionName: string, opts: FunctionOptions): CallWatch {
  const { onProgress, parent, signal } = opts;
  return {
    signal,
    progress: (at) => {
      onProgress?.({ functionName, ...at });
      if (!hasEngine() || at.calls <= FEW_CALLS) return;
      const where = at.windows > 1 ? `, window ${at.window} of ${at.windows}` : "";
      // A status line that fails to show must not fail the lookup.
      log.info(`${LOG_SOURCE}${functionName}: ${at.calls} calls${where}, ${at.rows} rows so far`, parent, undefined, true).catch(() => undefined);
    },
  };
}

/** Known once every resource of `dependsOn` is: a custom resource's id, a component's URN, as Pulumi's invokes wait for them. */
function dependencies(dependsOn: FunctionOutputOptions["dependsOn"]): Output<unknown[]> {
  if (dependsOn === undefined) return toOutput([]);
  return toOutput(dependsOn as Resource | Resource[]).apply((given) =>
    all((Array.isArray(given) ? given : [given]).map((r: Resource) => (CustomResource.isInstance(r) ? r.id : r.urn))),
  );
}

/**
 * output() rebuilds objects from their own properties, of which a Date has none, so a Date
 * argument would arrive as {}: it goes in as its ISO-8601 text, the same instant.
 */
function withDatesAsText<T>(value: T): T {
  return datesAsText(value) as T;
}

function datesAsText(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? value : value.toISOString();
  if (Array.isArray(value)) return value.map(datesAsText);
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, datesAsText(v)]));
  }
  return value;
}

/** Given settings, then the program's stack config (`trtc:*`), then the environment, key by key. */
function settingsFor(opts: FunctionOptions | undefined): Settings {
  const given: FunctionSettings = opts?.settings ?? {};
  for (const name of Object.keys(given)) {
    if (!SETTING_NAMES.includes(name as keyof FunctionSettings)) {
      const guess = didYouMean(name, SETTING_NAMES);
      throw new ConfigError(`settings.${name} is not a setting${guess || `; the settings are ${SETTING_NAMES.join(", ")}`}`);
    }
  }
  return resolveSettings((key) => {
    const value = given[key.slice("trtc:".length) as keyof FunctionSettings];
    if (value !== undefined) return typeof value === "string" ? value : JSON.stringify(value);
    return stackConfig(key);
  });
}

/** A config value of the running Pulumi program; outside one nothing is set, and this reads undefined. */
function stackConfig(key: string): string | undefined {
  const [namespace, name] = key.split(":");
  return new Config(namespace).get(name);
}

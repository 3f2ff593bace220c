// Pulumi's modules one by one, not its index (see resource.ts).
import { Config } from "@pulumi/pulumi/config";
import * as log from "@pulumi/pulumi/log";
import { type Output, output as toOutput, unknown } from "@pulumi/pulumi/output";
import { isDryRun } from "@pulumi/pulumi/runtime/settings";
import { ConfigError } from "./errors";
import { WOULD_PREFIX } from "./previewLog";
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
import type { FunctionOptions, FunctionSettings } from "./options";
import { resolveSettings, type Settings } from "./settings";

// Functions as a Pulumi program or a plain script calls them: twice each, as Pulumi packages
// offer functions, a Promise variant and an Output variant. Both run in the caller's own process
// (a dynamic provider cannot serve invokes), with the same clients as the provider.

const SETTING_NAMES: readonly (keyof FunctionSettings)[] = [
  "secretId", "secretKey", "region", "endpoint", "sdkSecretKey", "sdkSecretKeys", "liveEndpoint", "adminUserId", "dashboardEdition",
];

/**
 * What a changing function's Promise variant resolves to: its result, or `undefined` during
 * `pulumi preview`, where it does not run.
 */
export type Outcome<Spec> = Spec extends { changes: false } ? FunctionResult<Spec> : FunctionResult<Spec> | undefined;

export interface ProgramFunctions<Spec extends AnyFunctionSpec> {
  /** Validates, then calls TRTC; a changing function resolves to undefined in a preview, after logging what it would do. */
  call(args: FunctionArgs<Spec>, opts?: FunctionOptions): Promise<Outcome<Spec>>;
  /** The same for arguments that may be Pulumi Inputs; a changing function's Output is unknown in a preview. */
  output(args: DeepInput<FunctionArgs<Spec>>, opts?: FunctionOptions): Output<FunctionResult<Spec>>;
}

/** The Promise and Output variants of a function spec. */
export function programFunctions<Spec extends AnyFunctionSpec>(spec: Spec): ProgramFunctions<Spec> {
  const previewing = () => spec.changes && isDryRun();

  async function call(args: FunctionArgs<Spec>, opts?: FunctionOptions): Promise<Outcome<Spec>> {
    const settings = settingsFor(opts);
    const prepared = prepareCall(spec, args, settings);
    if (previewing()) {
      const what = spec.describe ? ` ${spec.describe(prepared.args)}` : "";
      await log.info(`${WOULD_PREFIX}call ${apiName(prepared.call)}${what}`);
      return undefined as Outcome<Spec>;
    }
    return (await sendCall(spec, prepared, clientsFor(settings))) as Outcome<Spec>;
  }

  function output(args: DeepInput<FunctionArgs<Spec>>, opts?: FunctionOptions): Output<FunctionResult<Spec>> {
    // Until its arguments are known the callback does not run, and the result is unknown anyway.
    return toOutput(withDatesAsText(args)).apply(async (known) => {
      const result = await call(known as FunctionArgs<Spec>, opts);
      return previewing() ? toOutput(unknown) : result;
    }) as Output<FunctionResult<Spec>>;
  }

  return { call, output };
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
      throw new ConfigError(`settings.${name} is not a setting; the settings are ${SETTING_NAMES.join(", ")}`);
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

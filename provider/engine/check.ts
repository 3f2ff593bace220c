// Input checking: every failure names its field and the rule, before any API call.
import { createHash } from "node:crypto";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import type { z } from "zod";
import { ADOPT_KEY, KIND_KEY, REGION_KEY } from "../contract";
import { type AnyTaskSpec, type FieldRule, regionsOf } from "../spec";
import type { Settings } from "../settings";
import { appSecretKey } from "../usersig";
import { didYouMean, keysAt, withSettingDefaults } from "../validation";
import { botsIn } from "./bots";
import type { ChangeRules } from "./changes";
import { type Inputs, MAX_DEPTH, orderLike, scan, withoutReserved } from "./state";

export class InputChecker {
  /** Made once: a new strict copy per check cost more than the check itself. */
  private readonly strictInputs: z.ZodObject;
  private readonly regions: readonly string[];

  constructor(
    private readonly spec: AnyTaskSpec,
    private readonly settings: () => Settings,
    private readonly changes: ChangeRules,
  ) {
    this.strictInputs = spec.inputs.strict();
    this.regions = regionsOf(spec);
  }

  /**
   * Validates inputs, every failure naming its field. Returns them as given (in schema order,
   * defaults not filled in) so previews show exactly what the program says; defaults are applied
   * when requests are built. `null` is not a value: it is refused like any other wrong value, and
   * an input left out is what takes its default.
   */
  check(olds: Inputs, news: Inputs): dynamic.CheckResult {
    const { spec } = this;
    const given = withoutReserved(news);
    const { [REGION_KEY]: ownRegion, [ADOPT_KEY]: adopt, ...own } = given;
    // Filled in here, so previews show the application and state keeps it explicit.
    const defaulted = withSettingDefaults(spec.inputs, own, this.settings(), `the ${spec.kind}`);
    const fields = defaulted.values;
    const failures: dynamic.CheckFailure[] = defaulted.failures.map((f) => this.failure([f.property], f.reason.slice(f.property.length + 2)));

    // Inputs zod's issues are not reported for: values computed by other resources are unknown
    // during preview (the engine checks again once they are known), and values nested too deep
    // to walk safely get a failure of their own.
    const setAside = new Set<string>();
    for (const [key, value] of Object.entries(given)) {
      const { unknown, tooDeep } = scan(value);
      if (tooDeep) failures.push(this.failure([key], `nests more than ${MAX_DEPTH} levels deep, deeper than any TRTC input`));
      if (tooDeep || unknown) setAside.add(key);
    }

    const parsed = this.strictInputs.safeParse(fields);
    for (const issue of parsed.error?.issues ?? []) {
      const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
      for (const key of keys) {
        const path = key === undefined ? issue.path : [...issue.path, key];
        if (path.length > 0 && (setAside.has(String(path[0])) || defaulted.failures.some((f) => f.property === path[0]))) continue;
        const unknown = issue.path.length > 0 ? `is not a member of ${propertyPath(issue.path)}` : `is not a ${spec.kind} input`;
        const reason = key === undefined ? issue.message : `${unknown}${didYouMean(key, this.namesAt(issue.path))}`;
        failures.push(this.failure(path, reason));
      }
    }
    if (!setAside.has(REGION_KEY)) failures.push(...this.checkRegion(ownRegion));
    failures.push(...this.checkBotSigs(fields), ...this.checkAdopt(adopt));
    if (failures.length) return { inputs: news, failures };
    const region = ownRegion ?? this.settings().region;
    const inputs = { ...orderLike(spec.inputs, fields), ...this.fingerprints(fields), [REGION_KEY]: region, ...(adopt !== undefined && { [ADOPT_KEY]: adopt }), [KIND_KEY]: spec.kind };
    const readopt = this.checkReadopt(olds, inputs);
    return readopt.length ? { inputs: news, failures: readopt } : { inputs };
  }

  /** The spec's fingerprints of checked fields (TaskSpec.fingerprints), not known while their field is not. */
  private fingerprints(fields: Inputs): Inputs {
    const sha256 = (base64: string) => createHash("sha256").update(Buffer.from(base64, "base64")).digest("hex");
    return Object.fromEntries(
      Object.entries(this.spec.fingerprints ?? {})
        .filter(([, field]) => fields[field] !== undefined)
        .map(([output, field]) => [output, scan(fields[field]).unknown ? unknownValue : sha256(String(fields[field]))]),
    );
  }

  /**
   * A failure worded to read once: Pulumi prints it as `property <property> value <value> has a
   * problem: <reason>`, so the reason holds only the path below the input. An input that is or
   * holds a secret, or that the spec does not know (maybe a misspelt secret), gets no property,
   * since the engine would print its value in plain text; its reason starts with the whole path.
   */
  private failure(path: readonly PropertyKey[], rule: string): dynamic.CheckFailure {
    if (path.length === 0) return { property: "", reason: rule };
    const input = String(path[0]);
    if (this.showsValue(input)) return { property: input, reason: path.length > 1 ? `${propertyPath(path.slice(1))}: ${rule}` : rule };
    return { property: "", reason: `${propertyPath(path)}: ${rule}` };
  }

  /** The inputs a program may give at `path`: at the top, the spec's and the engine's own. */
  private namesAt(path: readonly PropertyKey[]): string[] {
    return path.length > 0 ? keysAt(this.spec.inputs, path) : [...Object.keys(this.spec.inputs.shape), REGION_KEY, ADOPT_KEY];
  }

  private showsValue(input: string): boolean {
    const { fields, nestedFields = {}, inputs } = this.spec;
    // The engine's own inputs: neither is secret, both are printed as given.
    if (input === REGION_KEY || input === ADOPT_KEY) return true;
    if (!Object.hasOwn(inputs.shape, input)) return false;
    const secrets = Object.entries({ ...nestedFields, [input]: (fields as Record<string, FieldRule>)[input] });
    // A nested rule's path goes on with `.member` or, for a list's elements, `[].member`.
    return !secrets.some(([path, rule]) => rule?.secret && (path === input || path.startsWith(`${input}.`) || path.startsWith(`${input}[`)));
  }

  private checkAdopt(adopt: unknown): dynamic.CheckFailure[] {
    if (adopt === undefined || adopt === unknownValue) return [];
    if (!this.spec.describe) {
      return [this.failure([ADOPT_KEY], `${this.spec.kind} has no Describe API, so a running task cannot be looked up to adopt`)];
    }
    if (typeof adopt === "string" && adopt !== "") return [];
    return [this.failure([ADOPT_KEY], `must be the id of a running ${this.spec.kind} task`)];
  }

  /**
   * A replacement creates a new resource from the same inputs: with adoptTaskId still naming the
   * task adopted at creation, it would take over the very task it replaces. The program must drop
   * adoptTaskId first (it is only read at creation), or name another task.
   */
  private checkReadopt(olds: Inputs, news: Inputs): dynamic.CheckFailure[] {
    const adopted = news[ADOPT_KEY];
    if (adopted === undefined || olds[ADOPT_KEY] !== adopted || scan(news).unknown) return [];
    const replaces = this.changes.replaces(olds, news);
    if (replaces.length === 0) return [];
    return [
      this.failure(
        [ADOPT_KEY],
        `changing ${replaces.join(", ")} replaces the task, and the replacement would adopt task ` +
          `${String(adopted)} again, the one being replaced: remove adoptTaskId (it is only read when the resource ` +
          "is created), run `pulumi up`, then make the change",
      ),
    ];
  }

  /** Every bot needs a userSig, or the application's secret key for the provider to sign one. */
  private checkBotSigs(given: Inputs): dynamic.CheckFailure[] {
    const app = given.sdkAppId;
    if (typeof app !== "number" || appSecretKey(this.settings(), app) !== undefined) return [];
    return botsIn(given, this.spec.bots)
      .filter((bot) => !bot.signed && !bot.sigOptional)
      .map((bot) =>
        this.failure(
          bot.sigPath,
          `not given, and no secret key for application ${app} to sign one for bot ${bot.userId} with: give the bot's userSig, ` +
            "or set the application's secret key (`pulumi config set --secret trtc:sdkSecretKey ...`, or the " +
            "environment variable TRTC_SDK_SECRET_KEY; trtc:sdkSecretKeys / TRTC_SDK_SECRET_KEYS for several applications)",
        ),
      );
  }

  private checkRegion(own: unknown): dynamic.CheckFailure[] {
    const { kind } = this.spec;
    const { regions } = this;
    const served = regions.join(", ");
    if (own === undefined) {
      const fallback = this.settings().region;
      if (fallback === undefined) return [this.failure([REGION_KEY], `not set: give the ${kind} a region, or set trtc:region or TENCENTCLOUD_REGION`)];
      if (regions.includes(fallback)) return [];
      return [this.failure([REGION_KEY], `not set, and the default region ${fallback} (trtc:region or TENCENTCLOUD_REGION) does not serve ${kind}: give one of ${served}`)];
    }
    if (own === unknownValue || (typeof own === "string" && regions.includes(own))) return [];
    return [this.failure([REGION_KEY], `must be one of the regions ${kind} is served in: ${served}`)];
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A path in Pulumi's property path syntax: `a.b[0]`, with other names quoted, as in `a[""]`. */
function propertyPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => {
      if (typeof key === "number") return `[${key}]`;
      const name = String(key);
      return IDENTIFIER.test(name) ? `${i ? "." : ""}${name}` : `[${JSON.stringify(name)}]`;
    })
    .join("");
}

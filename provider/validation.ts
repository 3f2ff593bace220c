import { z } from "zod";

// How schema failures read, the same for resource inputs and function arguments: each names the
// dotted path of the value and the rule it breaks (`recordParams.maxIdleTime: must be from 5 to 86400`).

export interface Failure {
  /** Dotted path of the value: `storageParams.cloudStorage.bucket`. */
  property: string;
  /** The message, starting with the path: `storageParams.cloudStorage.bucket: is required`. */
  reason: string;
}

/**
 * One failure per issue (and per unknown key). `owner` names what the values belong to, for
 * issues about the whole (`StreamIngest`, `dismissRoom`); `member` says what a top-level key is
 * not (`a StreamIngest input`, `an argument of dismissRoom`).
 */
export function issueFailures(issues: readonly z.core.$ZodIssue[], owner: string, member: string, schema: z.ZodType): Failure[] {
  const failures: Failure[] = [];
  for (const issue of issues) {
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
    for (const key of keys) {
      const path = [...issue.path, ...(key ? [key] : [])].map(String);
      const parent = path.slice(0, -1).join(".");
      const unknown = parent ? `is not a member of ${parent}` : `is not ${member}`;
      const reason = !key ? issue.message : `${unknown}${didYouMean(key, keysAt(schema, issue.path))}`;
      failures.push({ property: path.join("."), reason: `${path.join(".") || owner}: ${reason}` });
    }
  }
  return failures;
}

/**
 * A call goes to one region, which must be one the API serves. `subject` is who needs it (`the
 * StreamIngest`, `dismissRoom`), `api` what serves it (`StreamIngest`, `DismissRoom`).
 */
export function regionFailures(region: unknown, regions: readonly string[], subject: string, api: string): Failure[] {
  if (region === undefined) {
    return [{ property: "region", reason: `region: not set: give ${subject} a region, or set trtc:region or TENCENTCLOUD_REGION` }];
  }
  if (typeof region === "string" && regions.includes(region)) return [];
  return [{ property: "region", reason: `region: ${api} is served only in ${regions.join(", ")}; got ${JSON.stringify(region)}` }];
}

/**
 * `; did you mean streamUrl?` when one of `names` is a likely intended spelling of `given` (the same
 * but for case, or a letter or two apart), else "".
 */
export function didYouMean(given: string, names: readonly string[]): string {
  const lower = given.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(lower, name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  const allowed = Math.min(2, Math.floor(given.length / 3));
  return best && best.distance <= allowed ? `; did you mean ${best.name}?` : "";
}

/** Levenshtein distance: insertions, deletions and substitutions of one character each. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}

/** The member names of the object `schema` holds at `path` (list elements by index); none where it cannot be followed. */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let at: z.ZodType | undefined = schema;
  for (const key of [...path, undefined]) {
    // Optional, defaulted and refined values hold their schema inside.
    while (at instanceof z.ZodOptional || at instanceof z.ZodDefault || at instanceof z.ZodNullable || at instanceof z.ZodPipe) {
      at = at instanceof z.ZodPipe ? (at.in as z.ZodType) : (at.unwrap() as z.ZodType);
    }
    if (key === undefined) break;
    if (at instanceof z.ZodObject) at = at.shape[String(key)] as z.ZodType | undefined;
    else if (at instanceof z.ZodArray && typeof key === "number") at = at.element as z.ZodType;
    else return [];
  }
  return at instanceof z.ZodObject ? Object.keys(at.shape) : [];
}

/** Settings that give a top-level value a program leaves out, by the Settings key; with the names that set them. */
export const SETTING_DEFAULTS = {
  sdkAppId: "trtc:sdkAppId or TRTC_SDK_APP_ID",
} as const;

export type DefaultSetting = keyof typeof SETTING_DEFAULTS;

/** Marks a field whose value, when left out at the top level, comes from a setting: `schema.meta(fromSetting("sdkAppId"))`. */
export function fromSetting(setting: DefaultSetting) {
  return { settingDefault: setting };
}

/**
 * The setting that gives `schema` its value when left out, if it is marked so. Only a required
 * value is: an optional one made from the marked field means something when left out (getTrtcUsage
 * reads every application then), and its wrapper does not carry the mark.
 */
export function settingOf(schema: z.ZodType): DefaultSetting | undefined {
  const setting = z.globalRegistry.get(schema)?.settingDefault;
  return typeof setting === "string" && Object.hasOwn(SETTING_DEFAULTS, setting) ? (setting as DefaultSetting) : undefined;
}

/**
 * Flag settings under which a top-level value the SDK's models require may be left out, as a
 * page of the documents reads (docs/parity.md), by the Settings key; with the names that set them.
 */
export const SETTING_WAIVERS = {
  aiConfigsOptional: "trtc:aiConfigsOptional true or TRTC_AI_CONFIGS_OPTIONAL=true",
} as const;

export type WaiverSetting = keyof typeof SETTING_WAIVERS;

/**
 * Marks an optional field that is required unless the setting is true:
 * `schema.optional().meta(requiredUnless("aiConfigsOptional"))`. Its type stays optional, so a
 * program can leave it out once the setting says the service allows it.
 */
export function requiredUnless(setting: WaiverSetting) {
  return { requiredUnless: setting };
}

/** The setting that lets `schema` be left out, if it is marked so. */
export function waiverOf(schema: z.ZodType): WaiverSetting | undefined {
  const setting = z.globalRegistry.get(schema)?.requiredUnless;
  return typeof setting === "string" && Object.hasOwn(SETTING_WAIVERS, setting) ? (setting as WaiverSetting) : undefined;
}

/**
 * `given` with the members it leaves out filled from `defaults` where the schema marks them (so
 * the schema, previews and state all see the value), and the failures of those still missing:
 * `sdkAppId: not set: give <subject> an sdkAppId, or set trtc:sdkAppId or TRTC_SDK_APP_ID`, or
 * left out though no waiver setting allows it.
 */
export function withSettingDefaults(
  schema: z.ZodObject,
  given: Readonly<Record<string, unknown>>,
  defaults: Partial<Record<DefaultSetting | WaiverSetting, unknown>>,
  subject: string,
): { values: Record<string, unknown>; failures: Failure[] } {
  const values = { ...given };
  const failures: Failure[] = [];
  for (const [key, member] of Object.entries(schema.shape)) {
    if (values[key] !== undefined) continue;
    const setting = settingOf(member as z.ZodType);
    const waiver = waiverOf(member as z.ZodType);
    if (setting !== undefined && defaults[setting] !== undefined) values[key] = defaults[setting];
    else if (setting !== undefined) failures.push({ property: key, reason: `${key}: not set: give ${subject} an ${key}, or set ${SETTING_DEFAULTS[setting]}` });
    else if (waiver !== undefined && defaults[waiver] !== true) {
      failures.push({ property: key, reason: `${key}: is required by Tencent's SDK models; if your service takes ${subject} without it, set ${SETTING_WAIVERS[waiver]}` });
    }
  }
  return { values, failures };
}

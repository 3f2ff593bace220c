// Declarative request-parameter checking shared by every API family: a handler declares its
// documented parameters as a table of fields and gets back a typed object or the documented error.
// Fields nest: a field can be an object with its own table, or an array of such fields, and errors
// name the parameter by its path (StorageParams.CloudStorage.Bucket, MixLayoutList.0.Top).
import { invalidParameter, missingParameter, outOfRange, unknownParameter } from "./errors";
import { isRecord } from "./json";

/** "number" takes fractions (a TTS speed of 1.25); "integer" only whole numbers. */
export type ScalarType = "string" | "integer" | "number" | "boolean";
type ScalarOf<T extends ScalarType> = T extends "string" ? string : T extends "integer" | "number" ? number : boolean;

/** Throws an ApiError when a well-typed value is still unacceptable. */
export type Check<V> = (value: V, name: string) => void;

/** One documented parameter: whether it must be given, and how to read a given value. */
export interface Field<V = unknown, R extends boolean = boolean> {
  readonly required: R;
  /** Checks a present value's JSON type, contents and constraints and returns it typed; throws ApiError naming `name`. */
  read(value: unknown, name: string): V;
}

export type Spec = Readonly<Record<string, Field>>;

type ValueOf<F> = F extends Field<infer V> ? V : never;

export type Params<S extends Spec> = {
  -readonly [K in keyof S as S[K]["required"] extends true ? K : never]: ValueOf<S[K]>;
} & {
  -readonly [K in keyof S as S[K]["required"] extends true ? never : K]?: ValueOf<S[K]>;
};

function article(type: ScalarType): string {
  return type === "integer" ? "an integer" : `a ${type}`;
}

function hasType(value: unknown, type: ScalarType): boolean {
  // Past 2^53 a JSON number no longer names one integer.
  if (type === "integer") return Number.isSafeInteger(value);
  if (type === "number") return Number.isFinite(value);
  return typeof value === type;
}

export function field<T extends ScalarType, R extends boolean>(type: T, required: R, check?: Check<ScalarOf<T>>): Field<ScalarOf<T>, R> {
  return {
    required,
    read(value, name) {
      if (!hasType(value, type)) throw invalidParameter(name, `expected ${article(type)}`);
      const typed = value as ScalarOf<T>;
      check?.(typed, name);
      return typed;
    },
  };
}

/** A structure with its own parameter table; `check` sees it whole, for rules across its members. */
export function object<S extends Spec, R extends boolean>(spec: S, required: R, check?: Check<Params<S>>): Field<Params<S>, R> {
  return {
    required,
    read(value, name) {
      if (!isRecord(value)) throw invalidParameter(name, "expected an object");
      const typed = readParams(value, spec, name);
      check?.(typed, name);
      return typed;
    },
  };
}

/** An array whose elements `item` reads (its `required` does not apply: elements are there or the array is shorter). */
export function arrayOf<V, R extends boolean>(item: Field<V>, required: R, check?: Check<V[]>): Field<V[], R> {
  return {
    required,
    read(value, name) {
      if (!Array.isArray(value)) throw invalidParameter(name, "expected an array");
      const typed = value.map((element: unknown, i) => item.read(element, `${name}.${i}`));
      check?.(typed, name);
      return typed;
    },
  };
}

/**
 * Validates a request body (or a nested structure at `path`) against a parameter table: unknown
 * names, then for each field in table order presence, JSON type and its own check. `null` counts
 * as absent (Tencent's SDKs strip nulls before sending, so the service never sees them from SDK
 * callers).
 */
export function readParams<S extends Spec>(params: Readonly<Record<string, unknown>>, spec: S, path?: string): Params<S> {
  const nameOf = (key: string): string => (path === undefined ? key : `${path}.${key}`);
  for (const key of Object.keys(params)) {
    if (!Object.hasOwn(spec, key)) throw unknownParameter(nameOf(key));
  }
  const out: Record<string, unknown> = {};
  for (const [key, f] of Object.entries(spec)) {
    const value = params[key];
    if (value === undefined || value === null) {
      if (f.required) throw missingParameter(nameOf(key));
      continue;
    }
    out[key] = f.read(value, nameOf(key));
  }
  return out as Params<S>;
}

// Reusable checks.

export function atLeast(min: number): Check<number> {
  return (value, name) => {
    if (value < min) throw outOfRange(name, `must be at least ${min}`);
  };
}

export function range(min: number, max: number): Check<number> {
  return (value, name) => {
    if (value < min || value > max) throw outOfRange(name, `must be within [${min}, ${max}]`);
  };
}

/** An enumeration of documented values: integers, or strings. */
export function oneOf(...values: number[]): Check<number>;
export function oneOf(...values: string[]): Check<string>;
export function oneOf(...values: (number | string)[]): Check<number | string> {
  return (value, name) => {
    if (!values.includes(value)) throw outOfRange(name, `must be one of ${values.join(", ")}`);
  };
}

export function maxItems(max: number): Check<readonly unknown[]> {
  return (value, name) => {
    if (value.length > max) throw outOfRange(name, `must have at most ${max} elements`);
  };
}

export function matching(pattern: RegExp, description: string): Check<string> {
  return (value, name) => {
    if (!pattern.test(value)) throw invalidParameter(name, `must be ${description}`);
  };
}

export const nonEmpty: Check<string> = (value, name) => {
  if (value.length === 0) throw invalidParameter(name, "must not be empty");
};

export const positive: Check<number> = (value, name) => {
  if (value <= 0) throw invalidParameter(name, "must be a positive integer");
};

/**
 * An absolute URL of one of `schemes` whose host is in the text itself: `rtmp:///app` has none,
 * although `new URL` accepts it, and `https:///path` has none, although `new URL` reads "path" as
 * its host. Spaces and control characters, which `new URL` would drop or encode, are refused.
 */
function absoluteUrl(...schemes: string[]): Check<string> {
  const allowed = schemes.length > 1 ? `${schemes.slice(0, -1).join(", ")} or ${schemes.at(-1)}` : schemes[0];
  return (value, name) => {
    if (/[\s\p{Cc}]/u.test(value)) throw invalidParameter(name, "must not contain spaces or control characters");
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/[^/?#]/.exec(value)?.[1]?.toLowerCase();
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw invalidParameter(name, "not an absolute URL");
    }
    if (scheme === undefined || !schemes.includes(scheme) || url.hostname === "") {
      throw invalidParameter(name, `must be an ${allowed} URL with a host`);
    }
  };
}

export const mediaUrl = absoluteUrl("http", "https", "rtmp", "rtmps");
export const webUrl = absoluteUrl("http", "https");
export const imageUrl = webUrl;
/** Where a relay pushes a stream: "only rtmp links are supported". */
export const pushUrl = absoluteUrl("rtmp");

// Fields that recur across families.

export const SDK_APP_ID = field("integer", true, positive);

/** "Up to 32 bytes of letters (a-z and A-Z), digits (0-9), underscores and hyphens" (TRTCParams.userId; Tencent's UserSig generator says the same). */
const USER_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const USER_ID_RULE = "1 to 32 letters, digits, _ and -";
const userId = matching(USER_ID_PATTERN, USER_ID_RULE);
/** A task's bot. */
export const USER_ID = field("string", true, userId);
/** An anchor a layout names. */
export const ANCHOR_ID = field("string", false, userId);
/** Subscription lists take user ids, or a user id prefix followed by `.*$`. */
export const USER_ID_OR_PREFIX = field("string", true, matching(/^[A-Za-z0-9_-]{1,32}(\.\*\$)?$/, `${USER_ID_RULE}, or such a prefix followed by .*$`));
/** UserSigs and PrivateMapKeys are base64 written with `*`, `-` and `_` for `+`, `/` and `=`. */
const signed = matching(/^[A-Za-z0-9*_-]+$/, "letters, digits, *, - and _ as Tencent's generator writes it");
export const USER_SIG = field("string", true, signed);
/** A UserSig an API documents as optional (the relay's AgentParams). */
export const OPTIONAL_USER_SIG = field("string", false, signed);
export const PRIVATE_MAP_KEY = field("string", false, signed);
export const TASK_ID = field("string", true, nonEmpty);
export const ROOM_ID_TYPE = field("integer", true, range(0, 1));

/** Recording storage (CloudStorage), shared by CreateCloudRecording and the relay's McuStorageParams. */
export const CLOUD_STORAGE = {
  Vendor: field("integer", true, oneOf(0, 1)),
  Region: field("string", true, nonEmpty),
  Bucket: field("string", true, nonEmpty),
  AccessKey: field("string", true, nonEmpty),
  SecretKey: field("string", true, nonEmpty),
  FileNamePrefix: arrayOf(field("string", true, matching(/^[A-Za-z0-9_-]+$/, "letters, digits, _ and -")), false),
};

/** TencentVod; the relay's McuTencentVod is these without MediaType and UserDefineRecordId. */
export const TENCENT_VOD = {
  Procedure: field("string", false),
  ExpireTime: field("integer", false, atLeast(0)),
  StorageRegion: field("string", false),
  ClassId: field("integer", false, atLeast(0)),
  SubAppId: field("integer", false, atLeast(1)),
  SessionContext: field("string", false),
  SourceContext: field("string", false),
  MediaType: field("integer", false, oneOf(0, 1, 2, 3, 4)),
  UserDefineRecordId: field("string", false, matching(/^[A-Za-z0-9_-]{0,64}$/, "at most 64 letters, digits, _ and -")),
};

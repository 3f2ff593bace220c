// Declarative request-parameter checking shared by every API family: a handler declares its
// documented parameters as a table of fields and gets back a typed object or the documented error.
import { invalidParameter, missingParameter, outOfRange, unknownParameter } from "./errors";

export type FieldType = "string" | "integer" | "boolean";
type TypeOf<T extends FieldType> = T extends "string" ? string : T extends "integer" ? number : boolean;

/** Throws an ApiError when a well-typed value is still unacceptable. */
export type Check<V> = (value: V, name: string) => void;

export interface Field<T extends FieldType = FieldType, R extends boolean = boolean> {
  readonly type: T;
  readonly required: R;
  // Method syntax on purpose: it lets a Field<"integer"> stand in a table of Field<FieldType>.
  check?(value: TypeOf<T>, name: string): void;
}

export type Spec = Readonly<Record<string, Field>>;

export type Params<S extends Spec> = {
  -readonly [K in keyof S as S[K]["required"] extends true ? K : never]: TypeOf<S[K]["type"]>;
} & {
  -readonly [K in keyof S as S[K]["required"] extends true ? never : K]?: TypeOf<S[K]["type"]>;
};

export function field<T extends FieldType, R extends boolean>(type: T, required: R, check?: Check<TypeOf<T>>): Field<T, R> {
  return { type, required, ...(check && { check }) };
}

function hasType(value: unknown, type: FieldType): boolean {
  return type === "integer" ? Number.isInteger(value) : typeof value === type;
}

/**
 * Validates a request body against a parameter table: unknown names, then for each field in
 * table order presence, JSON type and its own check. `null` counts as absent (Tencent's SDKs
 * strip nulls before sending, so the service never sees them from SDK callers).
 */
export function readParams<S extends Spec>(params: Readonly<Record<string, unknown>>, spec: S): Params<S> {
  for (const name of Object.keys(params)) {
    if (!Object.hasOwn(spec, name)) throw unknownParameter(name);
  }
  const out: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(spec)) {
    const value = params[name];
    if (value === undefined || value === null) {
      if (f.required) throw missingParameter(name);
      continue;
    }
    if (!hasType(value, f.type)) throw invalidParameter(name, `expected ${f.type === "integer" ? "an integer" : `a ${f.type}`}`);
    f.check?.(value as TypeOf<FieldType>, name);
    out[name] = value;
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

export const nonEmpty: Check<string> = (value, name) => {
  if (value.length === 0) throw invalidParameter(name, "must not be empty");
};

export const positive: Check<number> = (value, name) => {
  if (value <= 0) throw invalidParameter(name, "must be a positive integer");
};

const STREAM_URL_SCHEMES = new Set(["http:", "https:", "rtmp:", "rtmps:"]);

export const mediaUrl: Check<string> = (value, name) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidParameter(name, "not an absolute URL");
  }
  if (!STREAM_URL_SCHEMES.has(url.protocol) || url.host === "") {
    throw invalidParameter(name, "must be an http, https, rtmp or rtmps URL with a host");
  }
};

// Fields that recur across families.

export const SDK_APP_ID = field("integer", true, positive);
export const TASK_ID = field("string", true, nonEmpty);
export const ROOM_ID_TYPE = field("integer", true, range(0, 1));

/** Largest integer room id TRTC accepts (2^32 - 2). */
const MAX_INT_ROOM_ID = 4294967294;

/** RoomId is always sent as a string; RoomIdType says how to read it (0 string, 1 integer). */
export function checkRoom(roomId: string, roomIdType: number): void {
  if (roomIdType === 1) {
    if (!/^[1-9]\d*$/.test(roomId) || Number(roomId) > MAX_INT_ROOM_ID) {
      throw invalidParameter("RoomId", `with RoomIdType 1 it must be an integer in [1, ${MAX_INT_ROOM_ID}]`);
    }
  } else if (roomId.length === 0 || roomId.length > 64) {
    throw invalidParameter("StrRoomId", "with RoomIdType 0 it must be a string of 1 to 64 characters");
  }
}

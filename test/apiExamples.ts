import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { DEFAULT_SDK_APP_ID } from "../emulator";
import { botSig } from "./helpers";

// The documents' own examples (scripts/extract-examples.ts wrote their text into
// test/fixtures/api-examples/), with what a maintainer added by hand to run them here.

export const EXAMPLES_DIR = path.join(__dirname, "fixtures/api-examples");

/** What the emulator needs to run a documented request: what is substituted, and what must exist first. */
export interface EmulatorRun {
  /**
   * Dotted paths of the request (`AgentParams.UserSig`) and the values sent instead: the emulator's
   * own application for an SdkAppId the documents invent, `$SIG:<userId>` for a real UserSig of
   * that user, `$TASK` for the id of the task `start` started.
   */
  substitute?: Record<string, unknown>;
  /** The example (fixture name) whose documented Start runs first, for requests naming a task. */
  start?: string;
  /** Users in rooms before the request, as [roomId, userId] (the application is the emulator's). */
  join?: [number | string, string][];
  /** The instant the emulator and the provider take for now (ISO-8601), for requests with times. */
  now?: string;
  /** The region to call, where the action is not served in the tests' own (ap-singapore). */
  region?: string;
  /** Why a substitution goes beyond the application, bots and tasks: the document's own mistake. */
  because?: string;
}

/**
 * A program input from which a spec's builder should make the documented request: a resource's
 * inputs and the step of its lifecycle that sends the request (an update from `from` to `inputs`;
 * the others create the task first), or a function's arguments.
 */
export type ProgramRun = (
  | { resource: string; step: "create" | "read" | "delete"; inputs: Record<string, unknown> }
  | { resource: string; step: "update"; inputs: Record<string, unknown>; from: Record<string, unknown> }
  | { function: string; args: Record<string, unknown> }
) & {
  /** Request members left out of the comparison, each with its reason: a divergence of a member. */
  unchecked?: Record<string, string>;
  /** Members that are JSON texts, compared as the JSON they hold (the provider writes them compact, the documents spaced). */
  jsonText?: string[];
};

export interface Example {
  name: string;
  source: { document: string; page: string; section: string };
  api: "trtc" | "live";
  action: string;
  request: Record<string, unknown>;
  response: Record<string, unknown>;
  emulator?: EmulatorRun;
  program?: ProgramRun;
  /**
   * Why the emulator's answer (`response`: another shape, or a refusal) or the built request
   * (`request`) differs from the document. The tests hold a divergence to be one.
   */
  divergence?: { response?: string; request?: string };
}

export function examples(): Example[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({ name: f.replace(/\.json$/, ""), ...(JSON.parse(readFileSync(path.join(EXAMPLES_DIR, f), "utf8")) as Omit<Example, "name">) }));
}

/** The UserSigs of one test, by user: a sig holds the time it was made, and both sides of a comparison must hold the same. */
const sigs = new Map<string, string>();

export function forgetSigs(): void {
  sigs.clear();
}

/** A placeholder's value: `$APP`, `$SIG:<userId>`, `$TASK`; anything else is itself. */
export function resolve(value: unknown, taskId: string | undefined): unknown {
  if (value === "$APP") return DEFAULT_SDK_APP_ID;
  if (value === "$TASK") return taskId;
  if (typeof value === "string" && value.startsWith("$SIG:")) {
    const userId = value.slice("$SIG:".length);
    if (!sigs.has(userId)) sigs.set(userId, botSig(userId));
    return sigs.get(userId);
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, taskId));
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, taskId)]));
  return value;
}

/** The documented request with the example's substitutions made. */
export function substituted(example: Example, taskId?: string): Record<string, unknown> {
  const request = structuredClone(example.request);
  for (const [dotted, value] of Object.entries(example.emulator?.substitute ?? {})) {
    const [at, key] = parentOf(request, dotted);
    at[key] = resolve(value, taskId);
  }
  return request;
}

/** The object holding a dotted path's last member, and that member's name. */
export function parentOf(value: Record<string, unknown>, dotted: string): [Record<string, unknown>, string] {
  const keys = dotted.split(".");
  let at = value;
  for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
  return [at, keys.at(-1)!];
}

/**
 * Where `actual` leaves the documented shape: a missing or extra key, another type. A documented
 * null accepts any type, an empty list (of either side) any elements.
 */
export function shapeDifferences(documented: unknown, actual: unknown, at = "Response"): string[] {
  if (documented === null || actual === null) return [];
  if (Array.isArray(documented) && Array.isArray(actual)) {
    if (documented.length === 0 || actual.length === 0) return [];
    return shapeDifferences(documented[0], actual[0], `${at}[0]`);
  }
  const typeOf = (v: unknown) => (Array.isArray(v) ? "array" : typeof v);
  if (typeOf(documented) !== typeOf(actual)) return [`${at}: documented ${typeOf(documented)}, answered ${typeOf(actual)}`];
  if (typeOf(documented) !== "object") return [];
  const d = documented as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  return [
    ...Object.keys(d).filter((k) => !(k in a)).map((k) => `${at}.${k}: documented, not answered`),
    ...Object.keys(a).filter((k) => !(k in d)).map((k) => `${at}.${k}: answered, not documented`),
    ...Object.keys(d).filter((k) => k in a).flatMap((k) => shapeDifferences(d[k], a[k], `${at}.${k}`)),
  ];
}

import { isSecret, Output } from "@pulumi/pulumi/output";
import type { z } from "zod";
import { PAGING, WINDOWS } from "../emulator/paging";
import { type ActionFacts, ACTIONS, actionFacts, DEFAULT_RATE, rateOf } from "../provider/api";
import { ACTION_FACTS, actionFacts as emulatedFacts, TRTC_RATE } from "../emulator/actions";
import { ROOM_ID_TYPES } from "../provider/api/room";
import { CREDENTIALS_KEY } from "../provider/credentials";
import { secretInputs } from "../provider/resource";
import { type AnyTaskSpec, lifecycleActions, regionsOf } from "../provider/spec";
import { FUNCTION_SPECS, RESOURCE_SPECS, TASK_SPECS } from "../registry";
import { TASK_FAMILIES } from "./taskPrograms";

// Generic checks over every spec of the registry: the facts a spec states hold in its schema, and
// the TRTC facts the provider declares (provider/api) equal the ones the emulator was written
// with, so neither can drift without a failing test.

type Schema = z.ZodType & { _zod: { def: Record<string, any> } };

/** The object and list schemas a schema stands for, through optional, default, union and transform wrappers. */
function shapesOf(schema: Schema): Schema[] {
  const def = schema._zod.def;
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "catch":
    case "nonoptional":
      return shapesOf(def.innerType);
    case "pipe":
      return shapesOf(def.in);
    case "union":
      return def.options.flatMap(shapesOf);
    default:
      return [schema];
  }
}

/** Whether a spec path (`a.b`, `list[].member`) names a member the schema has. */
function resolves(schema: Schema, segments: readonly string[]): boolean {
  if (segments.length === 0) return true;
  const [segment, ...rest] = segments;
  const list = segment!.endsWith("[]");
  const name = list ? segment!.slice(0, -2) : segment!;
  return shapesOf(schema).some((s) => {
    const member: Schema | undefined = s._zod.def.type === "object" ? s._zod.def.shape[name] : undefined;
    if (!member) return false;
    if (!list) return resolves(member, rest);
    return shapesOf(member).some((l) => l._zod.def.type === "array" && resolves(l._zod.def.element, rest));
  });
}

const EMULATED = new Map(Object.entries(ACTION_FACTS));
const kinds = RESOURCE_SPECS.map((spec) => [spec.kind, spec] as const);

describe.each(kinds)("%s", (_kind, spec: AnyTaskSpec) => {
  test("every nested rule and bot path names a member of its inputs", () => {
    const paths = [...Object.keys(spec.nestedFields ?? {}), ...spec.bots.flatMap((bot) => [bot.userId, bot.userSig])];
    expect(paths.filter((path) => !resolves(spec.inputs as unknown as Schema, path.split(".")))).toEqual([]);
  });

  test("its lifecycle is served somewhere, and where it is, the emulator serves every call of it", () => {
    const regions = regionsOf(spec);
    expect(regions.length).toBeGreaterThan(0);
    for (const action of lifecycleActions(spec)) {
      const served = EMULATED.get(action)?.regions;
      expect([action, served === "any" || regions.every((r) => served?.includes(r))]).toEqual([action, true]);
    }
  });
});

// Tasks carry credentials (a bot's UserSig, storage keys); configuration objects may carry none.
describe.each(TASK_SPECS.map((spec) => [spec.kind, spec] as const))("%s", (_kind, spec: AnyTaskSpec) => {

  test("every secret path is wrapped as a secret before it reaches the engine, or kept apart from its list", async () => {
    const program = TASK_FAMILIES.find((f) => f.spec === spec)!.program(0);
    const secretPaths = Object.entries({ ...spec.fields, ...spec.nestedFields })
      .filter(([, rule]) => rule.secret)
      .map(([path]) => path);
    expect(secretPaths.length).toBeGreaterThan(0);
    for (const path of secretPaths) {
      const given = withValueAt(program, path.split("."), "plaintext-secret");
      const sent = secretInputs(spec, given);
      const [value] = valuesAt(sent, path.split("."));
      if (!path.includes("[]")) {
        expect([path, Output.isInstance(value) && (await isSecret(value))]).toEqual([path, true]);
        continue;
      }
      // A list's credential goes into the one secret input, and its place in the list shows none of it.
      const list = sent[path.split("[]")[0]!] as Output<unknown>;
      const credentials = sent[CREDENTIALS_KEY] as Output<unknown>;
      expect([path, await isSecret(list), await isSecret(credentials)]).toEqual([path, false, true]);
      expect(JSON.stringify(await settled(list))).not.toContain("plaintext-secret");
      expect([path, JSON.stringify(await settled(credentials))]).toEqual([path, expect.stringContaining("plaintext-secret")]);
    }
  });
});

test("the fault soak and the property test have a program for every task spec of the registry", () => {
  expect(TASK_FAMILIES.map((f) => f.spec.kind).sort()).toEqual(TASK_SPECS.map((s) => s.kind).sort());
});

test("every action the provider declares is one the emulator answers, in the same regions, at the same rate, numbering rooms alike", () => {
  const declared = Object.entries(ACTIONS).map(([action, facts]: [string, ActionFacts]) => [
    action,
    facts.regions,
    rateOf(action),
    facts.roomIdTypes && ROOM_ID_TYPES[facts.roomIdTypes],
  ]);
  const emulated = Object.keys(ACTIONS).map((action) => {
    const facts = emulatedFacts(action);
    return [action, facts?.regions, facts?.rate ?? TRTC_RATE, facts?.roomIdTypes];
  });
  expect(emulated).toEqual(declared);
  expect(DEFAULT_RATE).toEqual(TRTC_RATE);
});

test("every TRTC API 3.0 action the emulator answers is declared, and every function calls declared actions", () => {
  expect([...EMULATED.keys()].filter((action) => actionFacts(action) === undefined)).toEqual([]);
  const called = FUNCTION_SPECS.flatMap((spec) => (spec.api === "trtc" ? spec.actions : []));
  expect(called.filter((action) => actionFacts(action) === undefined)).toEqual([]);
});

/**
 * Formats and look-back limits must be equal. A window or page may be smaller than the API allows
 * (more calls, the same rows): getCallDetailInfo reads an hour a call, though without metrics the
 * API takes four.
 */
test("the lookups page and split windows as the emulator answers them", () => {
  const rows: [string | undefined, string, unknown, unknown][] = [];
  for (const spec of FUNCTION_SPECS) {
    if (spec.api !== "trtc" || !spec.calls) continue;
    const [action] = spec.actions;
    const { window, paging } = spec.calls;
    const emulatedWindow = WINDOWS[action!];
    if (window) {
      const span = (args: Record<string, unknown>, params: Record<string, unknown>): [unknown, unknown] => [
        typeof window.maxSpan === "function" ? window.maxSpan(args as never) : window.maxSpan,
        typeof emulatedWindow?.maxSpan?.seconds === "function" ? emulatedWindow.maxSpan.seconds(params) : emulatedWindow?.maxSpan?.seconds,
      ];
      rows.push([action, "format", window.format, emulatedWindow?.format]);
      rows.push([action, "maxAge", window.maxAge, emulatedWindow?.maxAge?.seconds]);
      // Where the longest window depends on the request, both forms of it.
      rows.push([action, "maxSpan", ...span({}, {})]);
      rows.push([action, "maxSpan with metrics", ...span({ metrics: ["bigBitrate"] }, { DataType: ["bigBitrate"] })]);
    }
    if (paging) {
      const size = (args: Record<string, unknown>) => (typeof paging.maxPageSize === "function" ? paging.maxPageSize(args as never) : paging.maxPageSize);
      const rule = PAGING[action!];
      rows.push([action, "page", size({}), rule?.maxSize]);
      rows.push([action, "page with metrics", size({ metrics: ["bigBitrate"] }), rule?.narrow?.maxSize ?? rule?.maxSize]);
    }
  }
  expect(rows.length).toBeGreaterThan(10);
  const holds = ([, fact, ours, theirs]: (typeof rows)[number]) =>
    ours === theirs || (/^(maxSpan|page)/.test(fact) && typeof ours === "number" && typeof theirs === "number" && ours <= theirs);
  expect(rows.filter((row) => !holds(row))).toEqual([]);
});

/** The program with `value` at `path`, making the objects and one-element lists on the way. */
function withValueAt(given: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  const [segment, ...rest] = path;
  const list = segment!.endsWith("[]");
  const name = list ? segment!.slice(0, -2) : segment!;
  const place = (child: unknown) => (rest.length === 0 ? value : withValueAt(isRecord(child) ? child : {}, rest, value));
  if (!list) return { ...given, [name]: place(given[name]) };
  const [first] = Array.isArray(given[name]) ? (given[name] as unknown[]) : [];
  return { ...given, [name]: [place(first)] };
}

function valuesAt(value: unknown, path: readonly string[]): unknown[] {
  if (path.length === 0) return [value];
  const [segment, ...rest] = path;
  const list = segment!.endsWith("[]");
  const name = list ? segment!.slice(0, -2) : segment!;
  if (!isRecord(value)) return [];
  const child = value[name];
  return list ? (Array.isArray(child) ? child.flatMap((element) => valuesAt(element, rest)) : []) : valuesAt(child, rest);
}

/** An Output's value, outside any Pulumi program. */
function settled(value: Output<unknown>): Promise<unknown> {
  return new Promise((resolve) => value.apply(resolve));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

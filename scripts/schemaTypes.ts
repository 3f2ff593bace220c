import { z } from "zod";
import type { FieldRule } from "../provider/spec";
import { SETTING_DEFAULTS, settingOf } from "../provider/validation";

// TypeScript text for zod schemas: the public types of the arguments, with each member's doc
// comment made of its description, its range, its default and how a change applies.

/** How a type is written: `input` wraps every member in pulumi.Input, `plain` does not, `output` fills defaults. */
export type Mode = "input" | "plain" | "output";

/** A mode's named values (`MixLayoutMode.Grid`), as `field.named` attaches them to a schema. */
export interface Constants {
  name: string;
  members: Record<string, string | number>;
}

/** A named interface of the generated types, and the schema it was written from. */
export interface Declared {
  name: string;
  body: string;
  owner: string;
}

/** One member of an object schema, read for documentation. */
export interface Member {
  name: string;
  optional: boolean;
  description: string | undefined;
  /** The member's doc comment lines: description, range, default, change and secrecy. */
  notes: string[];
  rule: FieldRule | undefined;
}

type Def = { type: string; [key: string]: unknown };

const def = (schema: z.ZodType): Def => schema._zod.def as unknown as Def;

/** The description of a schema or of the schema it wraps (`.describe()` may sit inside `.optional()` or outside). */
export function describedAs(schema: z.ZodType): string | undefined {
  for (let s: z.ZodType | undefined = schema; s; s = inner(s)) {
    const description = z.globalRegistry.get(s)?.description;
    if (description) return description;
  }
  return undefined;
}

export function constantsOf(schema: z.ZodType): Constants | undefined {
  for (let s: z.ZodType | undefined = schema; s; s = inner(s)) {
    const constants = z.globalRegistry.get(s)?.constants as Constants | undefined;
    if (constants) return constants;
  }
  return undefined;
}

export function typeNameOf(schema: z.ZodType): string | undefined {
  for (let s: z.ZodType | undefined = schema; s; s = inner(s)) {
    const name = z.globalRegistry.get(s)?.typeName;
    if (typeof name === "string") return name;
  }
  return undefined;
}

/** The schema an optional, default, nullable or refinement pipe wraps. */
function inner(schema: z.ZodType): z.ZodType | undefined {
  const d = def(schema);
  if (d.type === "optional" || d.type === "default" || d.type === "nullable" || d.type === "prefault" || d.type === "readonly") {
    return d.innerType as z.ZodType;
  }
  if (d.type === "pipe") return d.in as z.ZodType;
  return undefined;
}

/** The schema with its optional and default wrappers taken off, and what they said. */
export function unwrap(schema: z.ZodType): { core: z.ZodType; optional: boolean; defaultValue?: unknown } {
  let optional = false;
  let defaultValue: unknown;
  let s = schema;
  for (;;) {
    const d = def(s);
    if (d.type === "optional") optional = true;
    else if (d.type === "default" || d.type === "prefault") {
      optional = true;
      defaultValue = typeof d.defaultValue === "function" ? (d.defaultValue as () => unknown)() : d.defaultValue;
    } else if (d.type !== "nullable" && d.type !== "readonly") return { core: s, optional, defaultValue };
    s = d.innerType as z.ZodType;
  }
}

export function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** A list's element is named for its list: `mixLayoutList` holds `MixLayout`s, `publishCdnParams` `PublishCdnParam`s. */
export function elementName(name: string): string {
  if (name.endsWith("List")) return name.slice(0, -4);
  if (name.endsWith("s")) return name.slice(0, -1);
  return `${name}Item`;
}

function checksOf(schema: z.ZodType): { check: string; value?: unknown; inclusive?: boolean; minimum?: number; maximum?: number; format?: string }[] {
  const seen: z.ZodType[] = [];
  for (let s: z.ZodType | undefined = schema; s; s = def(s).type === "pipe" ? (def(s).in as z.ZodType) : undefined) seen.push(s);
  return seen.flatMap((s) => ((def(s).checks as { _zod: { def: never } }[] | undefined) ?? []).map((c) => c._zod.def));
}

/** The range a number or list keeps to, in words. */
export function rangeOf(schema: z.ZodType): string | undefined {
  const { core } = unwrap(schema);
  const type = def(core).type;
  const checks = checksOf(core);
  if (type === "number") {
    const whole = checks.some((c) => c.check === "number_format" && c.format === "safeint");
    const min = checks.find((c) => c.check === "greater_than");
    const max = checks.find((c) => c.check === "less_than");
    const kind = whole ? "A whole number" : "A number";
    const lo = min && (min.inclusive ? `${min.value}` : `more than ${min.value}`);
    const hi = max && (max.inclusive ? `${max.value}` : `less than ${max.value}`);
    if (lo && hi && min.inclusive && max.inclusive) return `${kind} from ${lo} to ${hi}.`;
    if (lo && hi) return `${kind}, ${lo} and ${hi}.`;
    if (lo) return `${kind}, ${min.inclusive ? `${lo} or more` : lo}.`;
    if (hi) return `${kind}, ${max.inclusive ? `${hi} or less` : hi}.`;
    return whole ? `${kind}.` : undefined;
  }
  if (type === "array") {
    const min = checks.find((c) => c.check === "min_length")?.minimum;
    const max = checks.find((c) => c.check === "max_length")?.maximum;
    if (min !== undefined && max !== undefined) return `${min} to ${max} items.`;
    if (max !== undefined) return `At most ${max} items.`;
    if (min !== undefined) return `At least ${min} item${min === 1 ? "" : "s"}.`;
  }
  return undefined;
}

export const CHANGE_TEXT: Record<FieldRule["change"], string> = {
  inPlace: "Changing it updates the running task in place.",
  replace: "Changing it replaces the task (stops it and starts a new one).",
  record: "Changing it is only recorded in state: the running task is not called.",
};

const SECRET_TEXT = "Secret: kept encrypted in state and shown as [secret] in previews.";

/** Where a member sits in a spec, for its change rule: `recordParams.subscribeStreamUserIds`, `publishCdnParams[].publishCdnUrl`. */
export interface Owner {
  /** The resource or function the types are written for, which names them when names collide. */
  name: string;
  rule?: (path: string) => FieldRule | undefined;
}

/**
 * Writes schemas as TypeScript types, declaring a named interface for every object. A name two
 * different objects would take is settled by `rename` (the generator's second pass).
 */
export class TypeWriter {
  readonly declared = new Map<string, Declared>();
  readonly constants = new Map<string, Constants>();
  /** Object names that more than one body wanted. */
  readonly clashes = new Set<string>();

  constructor(
    private readonly mode: Mode,
    private readonly rename: ReadonlySet<string> = new Set(),
  ) {}

  /** The interface name for an object: `pulumi.Input`-wrapped interfaces end in Args, as Pulumi packages name them. */
  private interfaceName(base: string, owner: Owner): string {
    const name = this.rename.has(base) ? `${pascal(owner.name)}${base}` : base;
    return this.mode === "input" ? `${name}Args` : name;
  }

  /** An object schema declared as an interface named `base` (or its typeName); returns the name used. */
  declare(schema: z.ZodType, base: string, owner: Owner, path: string): string {
    const { core } = unwrap(schema);
    const baseName = typeNameOf(schema) ?? base;
    const members = this.members(core, owner, path);
    const body = members.join("\n");
    const name = this.interfaceName(baseName, owner);
    const existing = this.declared.get(name);
    if (existing && existing.body !== body) this.clashes.add(baseName);
    if (!existing) this.declared.set(name, { name, body, owner: owner.name });
    return ref(name);
  }

  private members(object: z.ZodType, owner: Owner, path: string): string[] {
    return this.memberTypes(object, owner, path).map((m) => `${docComment(m.notes, "    ")}\n    ${m.name}${m.optional ? "?" : ""}: ${m.type};`);
  }

  /** Each member of an object schema: its doc comment lines and its type as this mode writes it. */
  memberTypes(object: z.ZodType, owner: Owner, path = ""): { name: string; notes: string[]; optional: boolean; type: string }[] {
    const shape = (def(unwrap(object).core).shape ?? {}) as Record<string, z.ZodType>;
    return Object.entries(shape).map(([key, member]) => {
      const at = path ? `${path}.${key}` : key;
      const type = this.type(member, key, owner, at);
      const { optional, defaultValue } = unwrap(member);
      return {
        name: key,
        notes: memberInfo(key, member, owner, at, this.mode).notes,
        // A value a setting gives when left out is optional to give, and always there as an output.
        optional: this.mode === "output" ? optional && defaultValue === undefined : optional || (!path && settingOf(member) !== undefined),
        type: this.mode === "input" ? `pulumi.Input<${type}>` : type,
      };
    });
  }

  /** The type of a member's value (not wrapped in Input at its own level). */
  type(schema: z.ZodType, key: string, owner: Owner, path: string): string {
    const constants = constantsOf(schema);
    if (constants) {
      const known = this.constants.get(constants.name);
      if (known && JSON.stringify(known.members) !== JSON.stringify(constants.members)) {
        throw new Error(`${owner.name}: ${path}: ${constants.name} is named with other values elsewhere`);
      }
      this.constants.set(constants.name, constants);
      return `enums.${constants.name}`;
    }
    const { core } = unwrap(schema);
    const d = def(core);
    switch (d.type) {
      case "string":
        return "string";
      case "number":
        return "number";
      case "boolean":
        return "boolean";
      case "date":
        return "Date";
      case "unknown":
      case "any":
        return "any";
      case "literal":
        return (d.values as unknown[]).map((v) => JSON.stringify(v)).join(" | ");
      case "enum":
        return Object.values(d.entries as Record<string, string>).map((v) => JSON.stringify(v)).join(" | ");
      case "pipe":
        return this.type(d.in as z.ZodType, key, owner, path);
      case "record":
        return `{ [key: string]: ${this.element(d.valueType as z.ZodType, key, owner, path)} }`;
      case "array":
        return `${this.element(d.element as z.ZodType, elementName(key), owner, `${path}[]`)}[]`;
      case "object":
        return this.declare(core, pascal(key), owner, path);
      case "union":
        return (d.options as z.ZodType[])
          .map((option) => {
            const literal = discriminant(option);
            const name = literal === undefined ? key : `${literal}${pascal(key)}`;
            return this.type(option, name, owner, path);
          })
          .join(" | ");
      default:
        throw new Error(`${owner.name}: ${path}: no TypeScript type for a zod ${d.type}`);
    }
  }

  /** A list element or record value: itself an Input in the input mode. */
  private element(schema: z.ZodType, key: string, owner: Owner, path: string): string {
    const type = this.type(schema, key, owner, path);
    return this.mode === "input" ? `pulumi.Input<${type}>` : parenthesise(type);
  }

  /** The members of a top-level schema, as an interface body. */
  body(schema: z.ZodType, owner: Owner): string {
    return this.members(unwrap(schema).core, owner, "").join("\n");
  }
}

/** A reference to a declared interface, qualified or not by the file it is written into (see `qualify`). */
function ref(name: string): string {
  return `{{${name}}}`;
}

/** Type text with its references to declared interfaces written as `${namespace}.Name`, or bare. */
export function qualify(text: string, namespace?: string): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => (namespace ? `${namespace}.${name}` : name));
}

function parenthesise(type: string): string {
  return type.includes(" | ") ? `(${type})` : type;
}

/** An object told apart by one string literal member (`llmType: "openai"`) is named for it: `OpenaiLlmConfig`. */
export function discriminant(option: z.ZodType): string | undefined {
  const { core } = unwrap(option);
  if (def(core).type !== "object") return undefined;
  for (const member of Object.values(def(core).shape as Record<string, z.ZodType>)) {
    const d = def(member);
    const values = d.values as unknown[] | undefined;
    if (d.type === "literal" && values?.length === 1 && typeof values[0] === "string") return pascal(values[0]);
  }
  return undefined;
}

/** A member's documentation, in the order a reader wants it. */
export function memberInfo(name: string, schema: z.ZodType, owner: Owner, path: string, mode: Mode = "input"): Member {
  const { optional, defaultValue } = unwrap(schema);
  const description = describedAs(schema);
  const rule = owner.rule?.(path);
  const notes = [description ?? ""].filter(Boolean);
  const range = rangeOf(schema);
  if (range) notes.push(range);
  const constants = constantsOf(schema);
  if (constants) {
    notes.push(`One of ${Object.entries(constants.members).map(([key, value]) => `\`${constants.name}.${key}\` (${JSON.stringify(value)})`).join(", ")}.`);
  }
  if (defaultValue !== undefined) notes.push(`Default: \`${JSON.stringify(defaultValue)}\`.`);
  const setting = path === name ? settingOf(schema) : undefined;
  if (setting && mode !== "output") notes.push(`When left out: ${SETTING_DEFAULTS[setting]}.`);
  if (rule && mode !== "output") notes.push(CHANGE_TEXT[rule.change]);
  if (rule?.secret) notes.push(SECRET_TEXT);
  return { name, optional, description, notes, rule };
}

export function docComment(lines: string[], indent: string): string {
  if (lines.length === 0) return "";
  if (lines.length === 1 && !lines[0].includes("\n")) return `${indent}/** ${escapeDoc(lines[0])} */`;
  return [`${indent}/**`, ...lines.flatMap((line, i) => [...(i > 0 ? [`${indent} *`] : []), `${indent} * ${escapeDoc(line)}`]), `${indent} */`].join("\n");
}

function escapeDoc(text: string): string {
  return text.replace(/\*\//g, "*\\/");
}

import { z } from "zod";
import { CREDENTIALS_KEY } from "../provider/credentials";
import { TASK_OUTPUTS } from "../provider/contract";
import { settingOf } from "../provider/validation";
import { PACKAGE, functionToken, resourceToken } from "../plugin/tokens";
import { ADOPT_DOC, FUNCTION_REGION_DOC, type FunctionEntry, REGION_DOC, type TaskEntry } from "./surface";
import type { TypeMember, TypeReader } from "./resultTypes";
import { constantsOf, discriminant, elementName, memberInfo, type Owner, pascal, typeNameOf, unwrap } from "./schemaTypes";

// The Pulumi package schema of the plugin (plugin/schema.json), written from the same specs as the
// TypeScript surface: each input's type and description as the reference pages give them, the
// secrets, the modes as enums, every function as an invoke. The engine and Pulumi YAML read it;
// an SDK generator for another language (Python's `pulumi_trtc`) can be written from it.

/** A property or type of the schema (Pulumi's package schema: "Type" and "Property"). */
export type SchemaType = {
  type?: "string" | "number" | "integer" | "boolean" | "array" | "object";
  $ref?: string;
  items?: SchemaType;
  additionalProperties?: SchemaType;
  oneOf?: SchemaType[];
  discriminator?: { propertyName: string; mapping: Record<string, string> };
  description?: string;
  secret?: true;
  default?: unknown;
};
export type ObjectType = { type: "object"; description?: string; properties: Record<string, SchemaType>; required?: string[] };
export type EnumType = { type: "string" | "integer" | "number"; description?: string; enum: { name: string; value: string | number }[] };

const ANY: SchemaType = { $ref: "pulumi.json#/Any" };
const ref = (name: string): SchemaType => ({ $ref: `#/types/${PACKAGE}:index:${name}` });

/** Settings whose values are credentials: secret in the schema, as `pulumi config set --secret` keeps them. */
export const SECRET_SETTINGS = new Set(["secretKey", "securityToken", "sdkSecretKey", "sdkSecretKeys"]);

export const TASK_OUTPUT_DOCS: Record<(typeof TASK_OUTPUTS)[number], string> = {
  taskId: "The id of the task TRTC runs for this resource; its Pulumi id too, unless the task had to be started again (docs/tasks.md).",
  status: "The task's status as last described by TRTC.",
};

class SchemaWriter {
  readonly types = new Map<string, ObjectType | EnumType>();

  /** A named object or enum type, once; a second, different type wanting the name takes its owner's name first. */
  private declare(base: string, owner: Owner, build: () => ObjectType | EnumType): SchemaType {
    const made = build();
    for (const name of [base, `${pascal(owner.name)}${base}`]) {
      const existing = this.types.get(name);
      if (!existing) this.types.set(name, made);
      if (!existing || JSON.stringify(existing) === JSON.stringify(made)) return ref(name);
    }
    throw new Error(`${owner.name}: two different types would be named ${base}: give one a typeName with .meta()`);
  }

  /** The properties of an object schema, each described as its reference page describes it. */
  object(schema: z.ZodType, owner: Owner, path: string): ObjectType {
    const shape = ((unwrap(schema).core._zod.def as { shape?: Record<string, z.ZodType> }).shape ?? {});
    const properties: Record<string, SchemaType> = {};
    const required: string[] = [];
    for (const [key, member] of Object.entries(shape)) {
      const at = path ? `${path}.${key}` : key;
      const info = memberInfo(key, member, owner, at);
      const { defaultValue } = unwrap(member);
      properties[key] = {
        ...this.type(member, key, owner, at),
        ...(info.notes.length && { description: info.notes.join("\n\n") }),
        ...(info.rule?.secret && { secret: true as const }),
        ...(defaultValue !== undefined && typeof defaultValue !== "object" && { default: defaultValue }),
      };
      if (!info.optional && !(path === "" && settingOf(member) !== undefined)) required.push(key);
    }
    return { type: "object", properties, ...(required.length && { required }) };
  }

  type(schema: z.ZodType, key: string, owner: Owner, path: string): SchemaType {
    const constants = constantsOf(schema);
    if (constants) {
      const values = Object.values(constants.members);
      // Numbered modes are `number` enums: Pulumi YAML reads every number of a program as a float
      // and assigns none to an `integer` enum ("schema enum value ... but a float64 was expected").
      const kind = values.every((v) => typeof v === "string") ? "string" : "number";
      return this.declare(constants.name, owner, () => ({ type: kind, enum: Object.entries(constants.members).map(([name, value]) => ({ name, value })) }));
    }
    const { core } = unwrap(schema);
    const d = core._zod.def as unknown as { type: string; [key: string]: unknown };
    switch (d.type) {
      case "string":
      case "date":
        return { type: "string" };
      case "number":
        return { type: (d.checks as { _zod: { def: { format?: string } } }[] | undefined)?.some((c) => c._zod.def.format === "safeint") ? "integer" : "number" };
      case "boolean":
        return { type: "boolean" };
      case "unknown":
      case "any":
        return ANY;
      case "literal":
      case "enum": {
        const values = d.type === "literal" ? (d.values as unknown[]) : Object.values(d.entries as Record<string, unknown>);
        return { type: values.every((v) => typeof v === "string") ? "string" : values.every((v) => typeof v === "boolean") ? "boolean" : "number" };
      }
      case "pipe":
        return this.type(d.in as z.ZodType, key, owner, path);
      case "record":
        return { type: "object", additionalProperties: this.type(d.valueType as z.ZodType, key, owner, path) };
      case "array":
        return { type: "array", items: this.type(d.element as z.ZodType, elementName(key), owner, `${path}[]`) };
      case "object":
        return this.declare(typeNameOf(core) ?? pascal(key), owner, () => this.object(core, owner, path));
      case "union": {
        const options = d.options as z.ZodType[];
        const types = options.map((option) => {
          const literal = discriminant(option);
          return this.type(option, literal === undefined ? key : `${literal}${pascal(key)}`, owner, path);
        });
        const refs = types.filter((t) => t.$ref);
        const discriminated = discriminator(options);
        if (refs.length === types.length && discriminated) {
          const mapping = Object.fromEntries(discriminated.values.map((value, i) => [value, types[i]!.$ref!]));
          return { oneOf: types, discriminator: { propertyName: discriminated.property, mapping } };
        }
        return oneOf(types);
      }
      default:
        throw new Error(`${owner.name}: ${path}: no Pulumi schema type for a zod ${d.type}`);
    }
  }

  /** A type as the TypeScript compiler wrote it (function results, extra outputs, settings). */
  fromText(text: string, reader: TypeReader): SchemaType {
    const type = text.trim();
    if (type.endsWith("[]")) return { type: "array", items: this.fromText(type.slice(0, -2).replace(/^\((.*)\)$/, "$1"), reader) };
    const index = /^\{ \[key: string\]: (.*) \}$/.exec(type);
    if (index) return { type: "object", additionalProperties: this.fromText(index[1]!, reader) };
    const options = type.split(" | ").filter((o) => o !== "undefined" && o !== "null");
    if (options.length > 1) return oneOf(options.map((o) => this.fromText(o, reader)));
    const only = options[0]!;
    if (only === "string" || /^".*"$/.test(only)) return { type: "string" };
    if (only === "number" || /^-?\d/.test(only)) return { type: "number" };
    if (only === "boolean" || only === "true" || only === "false") return { type: "boolean" };
    if (only === "any" || only === "unknown") return ANY;
    const members = reader.members.get(only);
    if (!members) throw new Error(`no Pulumi schema type for the TypeScript type ${only}`);
    return this.declare(only, { name: only }, () => this.fromMembers(members, reader));
  }

  fromMembers(members: readonly TypeMember[], reader: TypeReader): ObjectType {
    const properties = Object.fromEntries(members.map((m) => [m.name, { ...this.fromText(m.type, reader), ...(m.doc && { description: prose(m.doc) }) }]));
    const required = members.filter((m) => !m.optional).map((m) => m.name);
    return { type: "object", properties, ...(required.length && { required }) };
  }
}

/** Any of `types` (`roomId: number | string`), each written once: a date and a string are both strings. */
function oneOf(types: SchemaType[]): SchemaType {
  const distinct = [...new Map(types.map((t) => [JSON.stringify(t), t])).values()];
  return distinct.length === 1 ? distinct[0]! : { oneOf: distinct };
}

/** A doc comment's text as one paragraph per blank-line-separated block. */
function prose(doc: string): string {
  return doc.replace(/(?<!\n)\n(?!\n)/g, " ");
}

/** The member every option of a union tells itself apart by (`llmType`), and each option's value. */
function discriminator(options: z.ZodType[]): { property: string; values: string[] } | undefined {
  const literals = options.map((option) => {
    const shape = (unwrap(option).core._zod.def as { shape?: Record<string, z.ZodType> }).shape ?? {};
    return Object.entries(shape).flatMap(([name, member]) => {
      const d = member._zod.def as { type: string; values?: unknown[] };
      return d.type === "literal" && d.values?.length === 1 && typeof d.values[0] === "string" ? [[name, d.values[0]] as const] : [];
    });
  });
  const property = literals[0]?.[0]?.[0];
  if (property === undefined || !literals.every((l) => l.some(([name]) => name === property))) return undefined;
  return { property, values: literals.map((l) => l.find(([name]) => name === property)![1]) };
}

export interface SchemaSources {
  version: string;
  description: string;
  homepage: string;
  repository: string;
  license: string;
  tasks: TaskEntry[];
  functions: FunctionEntry[];
  reader: TypeReader;
  /** The provider's settings as the compiler reads provider/settings.ts's Settings. */
  settings: readonly TypeMember[];
}

/** plugin/schema.json's text. */
export function pulumiSchema(sources: SchemaSources): string {
  const { tasks, functions, reader } = sources;
  const writer = new SchemaWriter();
  const region = (doc: string): SchemaType => ({ type: "string", description: doc });

  const variables = Object.fromEntries(
    sources.settings.map((m) => [m.name, { ...writer.fromText(m.type, reader), description: `${prose(m.doc)} Also \`trtc:${m.name}\` in stack config.`, ...(SECRET_SETTINGS.has(m.name) && { secret: true as const }) }]),
  );

  const resources = Object.fromEntries(
    tasks.map((task) => {
      const args = writer.object(task.spec.inputs, task.owner, "");
      const inputProperties = { ...args.properties, region: region(REGION_DOC), adoptTaskId: { type: "string" as const, description: ADOPT_DOC } };
      const extras = writer.fromMembers(task.extras, reader);
      const properties = {
        ...inputProperties,
        ...Object.fromEntries(TASK_OUTPUTS.map((o) => [o, { type: "string" as const, description: TASK_OUTPUT_DOCS[o] }])),
        ...extras.properties,
        [CREDENTIALS_KEY]: {
          type: "object" as const,
          additionalProperties: { type: "string" as const },
          secret: true as const,
          description: "The credentials the provider keeps apart from their lists (a push URL's auth query, by its path), so previews show list entries with `[secret]` in their place.",
        },
      };
      return [
        resourceToken(task.spec),
        {
          description: `${task.description}\n\nImport a running task with \`pulumi import ${resourceToken(task.spec)} <name> <sdkAppId>/<region>/<taskId>\` (docs/plugin.md).`,
          inputProperties,
          ...(args.required && { requiredInputs: args.required }),
          properties,
          required: ["region", ...TASK_OUTPUTS, ...(args.required ?? []), ...(extras.required ?? [])],
        },
      ];
    }),
  );

  const invokes = Object.fromEntries(
    functions.map((fn) => {
      const args = writer.object(fn.spec.args, fn.owner, "");
      const inputs = { ...args, properties: { ...args.properties, ...(fn.spec.api === "trtc" && { region: region(FUNCTION_REGION_DOC) }) } };
      const result = writer.fromText(fn.result, reader);
      const rows = result.type === "array";
      const outputs = rows
        ? { type: "object", properties: { rows: { ...result, description: "The rows the lookup found." } }, required: ["rows"] }
        : writer.types.get(result.$ref!.split(":").pop()!)!;
      const preview = fn.spec.changes
        ? "During `pulumi preview` it does not run: it logs what it would do and returns nothing."
        : "It runs in previews too: it changes nothing.";
      return [functionToken(fn.spec), { description: `${fn.spec.description} ${preview}`, inputs, outputs }];
    }),
  );

  const schema = {
    name: PACKAGE,
    displayName: "Tencent TRTC",
    version: sources.version,
    description: sources.description,
    keywords: ["pulumi", "tencent-cloud", "trtc", "category/cloud", "kind/native"],
    homepage: sources.homepage,
    repository: sources.repository,
    license: sources.license,
    config: { variables },
    provider: { description: "The TRTC provider: its settings are the `trtc:*` stack config keys, so explicit providers can address other accounts, applications or regions.", inputProperties: variables },
    types: Object.fromEntries([...writer.types].sort(([a], [b]) => a.localeCompare(b)).map(([name, type]) => [`${PACKAGE}:index:${name}`, type])),
    resources,
    functions: invokes,
    language: { python: { packageName: "pulumi_trtc" } },
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

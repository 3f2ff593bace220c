import * as path from "node:path";
import * as ts from "typescript";
import { type Declared, docComment, pascal } from "./schemaTypes";

// The functions' results are TypeScript types (read from the API's answers by code, some of them
// through zod), so their public declarations are written from what the compiler knows of them:
// each object a named interface, each member with the doc comment its source gives it.

const REPO = path.resolve(__dirname, "..");

/** Zod's helper aliases say nothing a reader wants as a name. */
const ANONYMOUS_ALIASES = new Set(["output", "input", "infer", "Omit", "Pick", "Record", "Partial"]);

/** A member of a declared interface, for the reference pages. */
export interface TypeMember {
  name: string;
  type: string;
  optional: boolean;
  doc: string;
}

/**
 * Reads exported types of the family modules (resources/index.ts, functions/index.ts) and writes
 * them as named interfaces, each object once.
 */
export class TypeReader {
  /** Interfaces by name. */
  readonly declared = new Map<string, Declared>();
  readonly members = new Map<string, TypeMember[]>();
  private readonly checker: ts.TypeChecker;
  private readonly exports = new Map<string, Map<string, ts.Symbol>>();
  // Rows read through zod lose their alias on the way; the modules' exported names find them again.
  private readonly exportedNames = new Map<ts.Type, string>();

  constructor(modules: readonly string[]) {
    const files = modules.map((m) => path.join(REPO, m));
    const program = ts.createProgram(files, {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      skipLibCheck: true,
      noEmit: true,
    });
    this.checker = program.getTypeChecker();
    modules.forEach((module, i) => {
      const moduleSymbol = this.checker.getSymbolAtLocation(program.getSourceFile(files[i])!)!;
      const symbols = new Map(this.checker.getExportsOfModule(moduleSymbol).map((s) => [s.name, s]));
      this.exports.set(module, symbols);
      for (const symbol of symbols.values()) {
        const target = symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
        if (target.flags & (ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Interface)) {
          this.exportedNames.set(this.checker.getDeclaredTypeOfSymbol(target), symbol.name);
        }
      }
    });
  }

  private symbol(module: string, exportName: string): ts.Symbol | undefined {
    return this.exports.get(module)?.get(exportName);
  }

  /** The family module an export is declared in: `moderation` for functions/moderation.ts. */
  familyOf(module: string, exportName: string): string {
    const symbol = this.symbol(module, exportName)!;
    const target = symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
    return path.basename(target.declarations![0].getSourceFile().fileName, ".ts");
  }

  /** The return type of an exported function spec's `result`. */
  resultOf(module: string, exportName: string, hint: string): string {
    const symbol = this.symbol(module, exportName);
    if (!symbol) throw new Error(`${module} exports no ${exportName}`);
    const result = this.checker.getPropertyOfType(this.checker.getTypeOfSymbol(symbol), "result")!;
    const signature = this.checker.getTypeOfSymbol(result).getCallSignatures()[0];
    return this.render(signature.getReturnType(), hint, exportName);
  }

  /** The members of an exported interface, written as types; undefined when the module exports none of that name. */
  interfaceMembers(module: string, exportName: string): TypeMember[] | undefined {
    const symbol = this.symbol(module, exportName);
    if (!symbol) return undefined;
    const name = this.render(this.checker.getDeclaredTypeOfSymbol(symbol), exportName, exportName);
    return this.members.get(name);
  }

  private render(type: ts.Type, hint: string, owner: string): string {
    const checker = this.checker;
    if (type.flags & ts.TypeFlags.Boolean) return "boolean";
    if (type.isUnion()) return [...new Set(type.types.map((t) => this.render(t, hint, owner)))].join(" | ");
    if (type.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Any | ts.TypeFlags.Unknown)) {
      return checker.typeToString(type);
    }
    if (checker.isArrayType(type)) {
      const element = this.render(checker.getTypeArguments(type as ts.TypeReference)[0], hint, owner);
      return element.includes(" | ") ? `(${element})[]` : `${element}[]`;
    }
    const properties = checker.getPropertiesOfType(type);
    const index = type.getStringIndexType();
    if (properties.length === 0 && index) return `{ [key: string]: ${this.render(index, hint, owner)} }`;
    const alias = type.aliasSymbol?.name ?? (type.symbol?.name !== "__type" && type.symbol?.name !== "__object" ? type.symbol?.name : undefined);
    const name = this.exportedNames.get(type) ?? (alias && !ANONYMOUS_ALIASES.has(alias) ? alias : hint);
    if (this.members.has(name)) return name;
    const members = properties.map((property) => {
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
      const memberType = checker.getTypeOfSymbol(property);
      const shown = optional ? checker.getNonNullableType(memberType) : memberType;
      return {
        name: property.name,
        type: this.render(shown, `${name}${pascal(property.name)}`, owner),
        optional,
        doc: ts.displayPartsToString(property.getDocumentationComment(checker)),
      };
    });
    const body = members.map((m) => [docComment(m.doc ? [m.doc] : [], "    "), `    ${m.name}${m.optional ? "?" : ""}: ${m.type};`].filter(Boolean).join("\n")).join("\n");
    this.declared.set(name, { name, body, owner });
    this.members.set(name, members);
    return name;
  }
}

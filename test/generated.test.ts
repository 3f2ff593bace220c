import type { z } from "zod";
import { generate, staleFiles } from "../scripts/generate";
import { describedAs } from "../scripts/schemaTypes";

// The public types, classes, wrappers and reference pages are written from the specs by
// scripts/generate.ts and committed: a spec changed without `npm run generate` fails here.

/** `Owner.member` for every member of `schema` that has no description. */
function undescribed(owner: string, schema: z.ZodObject): string[] {
  return Object.entries(schema.shape as Record<string, z.ZodType>)
    .filter(([, member]) => describedAs(member) === undefined)
    .map(([name]) => `${owner}.${name}`);
}

describe("the generated public surface", () => {
  const surface = generate();

  test("is what is committed", () => {
    expect(staleFiles(surface)).toEqual([]);
  });

  test("describes every input of every resource and every argument of every function", () => {
    expect([
      ...surface.tasks.flatMap((t) => undescribed(t.name, t.spec.inputs)),
      ...surface.functions.flatMap((f) => undescribed(f.spec.name, f.spec.args)),
    ]).toEqual([]);
  });
});

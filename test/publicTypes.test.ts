import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { TEMPLATE_TSCONFIG } from "../cli/init";
import { generate } from "../scripts/generate";
import { pascal } from "../scripts/schemaTypes";
import { installedPackage } from "./installed";

// The public declarations as a user's editor and compiler meet them: the packed tarball, installed
// into a fresh project, compiled with Pulumi's own TypeScript template tsconfig (no skipLibCheck,
// no esModuleInterop), and read for the doc comments hover shows.

const { tasks, functions, streams } = generate();

/**
 * A program that names every resource and function (with arguments of their declared types) and
 * writes two resources out in full, with nested types, named constants and Outputs as inputs.
 */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as trtc from "pulumi-trtc";
import * as plugin from "pulumi-trtc/plugin";
import { startEmulator } from "pulumi-trtc/emulator";
import { reviewPreview } from "pulumi-trtc/review";

const roomId = pulumi.output(1234);
new trtc.StreamIngest("music", { sdkAppId: 1400000001, roomId, userId: "bot_music", streamUrl: "https://example.com/a.mp4", volume: 60 });

const layout: trtc.types.input.MixLayoutParamsArgs = { mixLayoutMode: trtc.MixLayoutMode.Grid, backGroundColor: pulumi.output("#000000") };
const recording = new trtc.CloudRecording("recording", {
    sdkAppId: 1400000001,
    roomId,
    userId: "bot_recorder",
    recordParams: { recordMode: trtc.RecordMode.MixedStream, maxIdleTime: 30 },
    storageParams: { cloudStorage: { vendor: 0, region: "ap-singapore", bucket: "b", accessKey: "a", secretKey: pulumi.secret("s") } },
    mixLayoutParams: layout,
});
export const files: pulumi.Output<trtc.types.output.StorageFile[]> = recording.storageFiles;
export const rooms = trtc.getRoomInfoOutput({ sdkAppId: 1400000001, startTime: new Date(), endTime: pulumi.output("2025-01-01") });
export const adopted = trtc.StreamIngest.get("adopted", "task-id", { sdkAppId: 1400000001 }).status;
// The plugin's SDK: the same argument types, an explicit provider for resources and invokes.
const partner = new plugin.Provider("partner", { secretId: "AKIDpartner", secretKey: pulumi.secret("key"), sdkAppId: 1400000002, region: "ap-jakarta" });
export const partnerRooms: Promise<trtc.types.output.RoomInfo[]> = plugin.getRoomInfo({ sdkAppId: 1400000002, startTime: "2025-01-01", endTime: "2025-01-02" }, { provider: partner });
const pluginMusic = new plugin.StreamIngest("plugin-music", { roomId, userId: "bot", streamUrl: "https://example.com/a.mp4", volume: 60 }, { provider: partner });
export const pluginMusicTask: pulumi.Output<string> = pluginMusic.taskId;
export const pluginMusicVolume: pulumi.Output<number> = pluginMusic.volume;
void startEmulator;
void reviewPreview;

${tasks.map((t) => `declare const ${t.exportName}Args: trtc.${t.name}Args;\nnew trtc.${t.name}("${t.exportName}", ${t.exportName}Args);`).join("\n")}
${functions
  .map((f) => {
    const name = pascal(f.spec.name);
    return `declare const ${f.spec.name}Args: trtc.${name}Args;\ndeclare const ${f.spec.name}OutputArgs: trtc.${name}OutputArgs;\nexport const ${f.spec.name}Result = trtc.${f.spec.name}(${f.spec.name}Args);\nexport const ${f.spec.name}Output = trtc.${f.spec.name}Output(${f.spec.name}OutputArgs);`;
  })
  .join("\n")}
${tasks.map((t) => `new plugin.${t.name}("plugin-${t.exportName}", ${t.exportName}Args, { provider: partner });\nexport const plugin${t.name}Id: pulumi.Output<string> = plugin.${t.name}.get("plugin-${t.exportName}-get", "1400000002/ap-jakarta/some-id", { sdkAppId: 1400000002 }, { provider: partner }).taskId;`).join("\n")}
${functions.map((f) => `export const plugin${pascal(f.spec.name)} = [plugin.${f.spec.name}(${f.spec.name}Args, { provider: partner }), plugin.${f.spec.name}Output(${f.spec.name}OutputArgs)];`).join("\n")}
`;

/** Every .d.ts a compiler reads for `entry`, following relative imports. */
function declarationClosure(entry: string): string[] {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [, spec] of readFileSync(file, "utf8").matchAll(/(?:from|import\()\s*"(\.[^"]+)"/g)) {
      const base = path.resolve(path.dirname(file), spec);
      stack.push(readdirSync(path.dirname(base)).includes(`${path.basename(base)}.d.ts`) ? `${base}.d.ts` : path.join(base, "index.d.ts"));
    }
  }
  return [...seen];
}

/** The interfaces a .d.ts declares, and their members that have no doc comment. */
function membersOf(file: string): { undocumented: string[]; interfaces: string[] } {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const undocumented: string[] = [];
  const interfaces: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isInterfaceDeclaration(statement)) continue;
    interfaces.push(statement.name.text);
    for (const member of statement.members) {
      const docs = ts.getJSDocCommentsAndTags(member).map((d) => ts.getTextOfJSDocComment(d.comment) ?? "");
      if (!docs.some((doc) => doc.trim() !== "")) undocumented.push(`${statement.name.text}.${member.name?.getText(source)}`);
    }
  }
  return { undocumented, interfaces };
}

describe("the packed package's declarations", () => {
  const installed = installedPackage();
  const dist = path.join(installed.dir, "node_modules", "pulumi-trtc", "dist");

  test("compile a program using every resource and function under Pulumi's template tsconfig", () => {
    const dir = mkdtempSync(path.join(installed.dir, "typecheck-"));
    try {
      writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(TEMPLATE_TSCONFIG, null, 4));
      writeFileSync(path.join(dir, "index.ts"), PROGRAM);
      const tsc = path.join(installed.dir, "node_modules", "typescript", "bin", "tsc");
      const run = spawnSync(process.execPath, [tsc, "-p", dir, "--noEmit", "--extendedDiagnostics", "--pretty", "false"], { encoding: "utf8" });
      const errors = run.stdout.split("\n").filter((line) => line.includes("error TS"));
      expect(errors).toEqual([]);
      expect(run.status).toBe(0);
      // The cost of type-checking against the package, as the issue measured it.
      console.log(run.stdout.split("\n").find((line) => line.startsWith("Types:")));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("name nothing of zod", () => {
    for (const entry of ["index.d.ts", "sdk/plugin/index.d.ts", "emulator/index.d.ts", "review/index.d.ts"]) {
      const withZod = declarationClosure(path.join(dist, entry)).filter((file) => /from "zod|import\("zod/.test(readFileSync(file, "utf8")));
      expect({ entry, withZod }).toEqual({ entry, withZod: [] });
    }
  });

  test("document every input of every resource and every argument of every function", () => {
    const { undocumented, interfaces } = membersOf(path.join(dist, "sdk", "args.d.ts"));
    expect(undocumented).toEqual([]);
    // A streamed function is for scripts: it has no Output variant.
    const expected = [
      ...tasks.map((t) => `${t.name}Args`),
      ...functions.flatMap((f) => [`${pascal(f.spec.name)}Args`, `${pascal(f.spec.name)}OutputArgs`]),
      ...streams.map((f) => `${pascal(f.spec.name)}Args`),
    ];
    expect(interfaces.sort()).toEqual(expected.sort());
  });

  test("give the plugin's SDK those documented arguments, and document every setting of its Provider", () => {
    const closure = declarationClosure(path.join(dist, "sdk", "plugin", "index.d.ts")).map((file) => path.relative(dist, file));
    expect(closure).toEqual(expect.arrayContaining(["sdk/args.d.ts", "sdk/plugin/resources.d.ts", "sdk/plugin/functions.d.ts", "sdk/plugin/provider.d.ts"]));
    const provider = membersOf(path.join(dist, "sdk", "plugin", "provider.d.ts"));
    expect(provider).toEqual({ undocumented: [], interfaces: ["ProviderArgs"] });
  });
});

import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { installedPackage } from "./installed";

// The package as npm publishes it and a user installs it: the real tarball, installed into a fresh
// project by npm.

const INSTALL_SCRIPTS = ["preinstall", "install", "postinstall", "prepare"];

/** Every copy of a package anywhere in a node_modules tree. */
function copiesOf(name: string, modules: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === ".bin") continue;
      const scoped = entry.name.startsWith("@");
      for (const pkg of scoped ? readdirSync(path.join(dir, entry.name)).map((n) => `${entry.name}/${n}`) : [entry.name]) {
        if (pkg === name) found.push(path.join(dir, pkg));
        const nested = path.join(dir, pkg, "node_modules");
        if (readdirSync(path.join(dir, pkg)).includes("node_modules")) walk(nested);
      }
    }
  };
  walk(modules);
  return found;
}

describe("the packed tarball", () => {
  const installed = installedPackage();
  const modules = path.join(installed.dir, "node_modules");
  const manifest = JSON.parse(readFileSync(path.join(modules, "pulumi-trtc", "package.json"), "utf8"));

  test("ships the built package and no script that would run on install", () => {
    const files = execFileSync("tar", ["-tzf", path.join(installed.dir, installed.tarball)], { encoding: "utf8" }).trim().split("\n");
    expect(files.filter((f) => !f.startsWith("package/dist/")).sort()).toEqual(["package/LICENSE", "package/README.md", "package/package.json"]);
    expect(files).toContain("package/dist/provider/runtime.js");
    expect(files).toContain("package/dist/emulator/cli.js");
    // The plugin serves its schema from beside its code.
    expect(files).toContain("package/dist/plugin/schema.json");
    // `pulumi-trtc/plugin`: the plugin's SDK, and its declarations.
    expect(manifest.exports["./plugin"]).toEqual({ types: "./dist/sdk/plugin/index.d.ts", default: "./dist/sdk/plugin/index.js" });
    expect(files).toEqual(expect.arrayContaining(["package/dist/sdk/plugin/index.js", "package/dist/sdk/plugin/index.d.ts"]));
    for (const script of INSTALL_SCRIPTS) expect(manifest.scripts?.[script]).toBeUndefined();
  });

  test("installs with no warning about this package, and one @pulumi/pulumi: the project's", () => {
    const warnings = installed.log.split("\n").filter((line) => /warn|ERR/i.test(line));
    expect(warnings.filter((line) => line.includes("pulumi-trtc"))).toEqual([]);
    expect(copiesOf("@pulumi/pulumi", modules)).toEqual([path.join(modules, "@pulumi", "pulumi")]);
    expect(manifest.peerDependencies).toEqual({ "@pulumi/pulumi": expect.stringMatching(/^\^3\./) });
    expect(manifest.dependencies["@pulumi/pulumi"]).toBeUndefined();
  });

  test("loads, and its provider and types resolve the project's @pulumi/pulumi", () => {
    const script = `
      const trtc = require("pulumi-trtc");
      const ours = require.resolve("@pulumi/pulumi", { paths: [require.resolve("pulumi-trtc")] });
      console.log(JSON.stringify({ kinds: Object.keys(trtc).filter((k) => /^[A-Z]/.test(k)), ours, project: require.resolve("@pulumi/pulumi") }));`;
    const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: installed.dir, encoding: "utf8" }));
    expect(out.kinds).toEqual(expect.arrayContaining(["StreamIngest", "CloudRecording", "TrtcError"]));
    expect(out.ours).toBe(out.project);
    expect(readdirSync(path.join(modules, ".bin"))).toEqual(expect.arrayContaining(["pulumi-trtc", "pulumi-resource-trtc", "trtc-local", "trtc-review"]));
  });
});

#!/usr/bin/env node
// `npm run plugin:pack [-- <directory>]`: the resource plugin as a tarball for
// `pulumi plugin install resource trtc <version> --file <tarball>` (docs/plugin.md). It holds a
// `pulumi-resource-trtc` launcher, the built JS (dist/, run the build first) and the production
// dependencies it loads, @pulumi/pulumi included, copied from this checkout's node_modules: the
// installed plugin needs Node.js on PATH and nothing else, and no Pulumi program has to install the
// npm package. The JS is the same on every OS; the name says where it was packed, as Pulumi names
// plugin tarballs (pulumi-resource-<name>-v<version>-<os>-<arch>.tar.gz). The launcher is a
// POSIX shell script: Linux and macOS.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const REPO = path.resolve(__dirname, "..");
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
const ARCH = { x64: "amd64", arm64: "arm64" };

/** The directories of every package `names` load, found as Node resolves them from `root`. */
function dependencyClosure(root, names) {
  const found = new Set();
  const visit = (name, from, optional) => {
    for (let dir = from; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, "node_modules", name);
      if (fs.existsSync(path.join(candidate, "package.json"))) {
        if (found.has(candidate)) return;
        found.add(candidate);
        const manifest = JSON.parse(fs.readFileSync(path.join(candidate, "package.json"), "utf8"));
        for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, candidate, false);
        for (const dep of [...Object.keys(manifest.optionalDependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]) visit(dep, candidate, true);
        return;
      }
      if (dir === root) break;
    }
    if (!optional) throw new Error(`${name} (needed from ${path.relative(root, from) || "the package"}) is not installed: run npm ci first`);
  };
  for (const name of names) visit(name, root, false);
  return [...found];
}

/** pulumi-resource-trtc-v<version>-<os>-<arch>.tar.gz, for this machine. */
function tarballName() {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  return `pulumi-resource-trtc-v${pkg.version}-${platform}-${ARCH[process.arch] ?? process.arch}.tar.gz`;
}

function pack(outDir) {
  const main = path.join(REPO, "dist", "plugin", "main.js");
  if (!fs.existsSync(main)) throw new Error("dist/plugin/main.js is missing: run `npm run build` first");
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-resource-trtc-"));
  try {
    // Declarations and source maps are for programs compiled against the package, not for the plugin.
    fs.cpSync(path.join(REPO, "dist"), path.join(stage, "dist"), { recursive: true, filter: (src) => !/\.(d\.ts|map)$/.test(src) });
    for (const file of ["package.json", "LICENSE"]) fs.copyFileSync(path.join(REPO, file), path.join(stage, file));
    // @pulumi/pulumi is a peer of the npm package; the plugin loads Pulumi's protocol stubs from it.
    for (const dir of dependencyClosure(REPO, [...Object.keys(pkg.dependencies), "@pulumi/pulumi"])) {
      const nested = path.join(dir, "node_modules");
      fs.cpSync(dir, path.join(stage, path.relative(REPO, dir)), { recursive: true, dereference: true, filter: (src) => !src.startsWith(nested) });
    }
    const launcher = path.join(stage, "pulumi-resource-trtc");
    fs.writeFileSync(launcher, '#!/bin/sh\n# Started by the Pulumi engine from the directory the plugin was installed to.\nexec node "$(dirname "$0")/dist/plugin/main.js" "$@"\n', { mode: 0o755 });
    const tarball = path.join(outDir, tarballName());
    fs.mkdirSync(outDir, { recursive: true });
    execFileSync("tar", ["-czf", tarball, "-C", stage, "."]);
    return tarball;
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

module.exports = { pack, tarballName };

if (require.main === module) {
  const tarball = pack(path.resolve(process.argv[2] ?? REPO));
  console.log(`${tarball}\ninstall it with: pulumi plugin install resource trtc ${pkg.version} --file ${tarball}`);
}

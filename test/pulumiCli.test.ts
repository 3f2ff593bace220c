import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as pulumiCli from "../scripts/pulumi-cli";

// How the demo and the engine tests judge a Pulumi CLI they find.

test("a CLI is supported from the pinned @pulumi/pulumi version up to the next major", () => {
  const range = { min: "3.248.0", below: "4.0.0" };
  expect(pulumiCli.isSupported("v3.248.0", range)).toBe(true);
  expect(pulumiCli.isSupported("3.260.1", range)).toBe(true);
  expect(pulumiCli.isSupported("v3.249.0-alpha.1", range)).toBe(true);
  expect(pulumiCli.isSupported("v3.247.9", range)).toBe(false);
  expect(pulumiCli.isSupported("v4.0.0", range)).toBe(false);
  expect(pulumiCli.isSupported("not a version", range)).toBe(false);
  expect(pulumiCli.supportedRange().min).toBe(pulumiCli.pinnedVersion());
});

test("the CLI found is the first executable pulumi on PATH, and its version is what it prints", () => {
  const dirs = [0, 1, 2].map(() => mkdtempSync(path.join(tmpdir(), "trtc-cli-path-")));
  try {
    writeFileSync(path.join(dirs[0], "pulumi"), "not executable");
    for (const [dir, version] of [[dirs[1], "v3.250.0"], [dirs[2], "v3.1.0"]]) {
      writeFileSync(path.join(dir, "pulumi"), `#!/bin/sh\necho ${version}\n`);
      chmodSync(path.join(dir, "pulumi"), 0o755);
    }
    const found = pulumiCli.which("pulumi", dirs.join(path.delimiter));
    expect(found).toBe(path.join(dirs[1], "pulumi"));
    expect(pulumiCli.versionOf(found!)).toBe("3.250.0");
    expect(pulumiCli.versionOf(path.join(dirs[0], "pulumi"))).toBeUndefined();
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
});

import { execFileSync } from "node:child_process";
import { copyFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { installedCopy } from "./installed";

// What Pulumi stores as `__provider` in every resource's state, captured the way the engine does
// (plain Node, the package loaded by name from node_modules, as a user's program loads it).

test("the serialised provider is small, secret-free and the same for every resource of every kind", () => {
  const dir = installedCopy("trtc-stub");
  try {
    copyFileSync(path.join(__dirname, "fixtures", "serialize-provider.js"), path.join(dir, "serialize.js"));
    const env = { ...process.env, BOT_SIG: "bot-sig-value", TENCENTCLOUD_SECRET_KEY: "secret-key-value" };
    const providers = JSON.parse(execFileSync("node", ["serialize.js"], { cwd: dir, env, encoding: "utf8" }));

    expect(Object.keys(providers)).toEqual(["first", "second", "recording"]);
    expect(providers.second).toBe(providers.first);
    expect(providers.recording).toBe(providers.first);
    const text: string = providers.first;
    expect(text.length).toBeLessThan(1024);
    expect(text).toContain('require("pulumi-trtc/dist/provider/stub.js")');
    for (const secret of ["bot-sig-value", "secret-key-value"]) expect(text).not.toContain(secret);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

import { execFileSync } from "node:child_process";
import { REPO } from "./installed";

// Every preview and no-op up starts a provider process that loads our runtime: what it loads is
// paid on every command, so Tencent's SDK waits for the first API call.

test("loading the runtime and checking inputs, as a preview does, leaves Tencent's SDK unloaded", () => {
  const script = `
    const runtime = require("./dist/provider/runtime");
    runtime.check({}, { __kind: "StreamIngest", sdkAppId: 1400000001, roomId: 1, userId: "bot", userSig: "sig",
      streamUrl: "https://media.example.com/a.mp4", region: "ap-singapore" }).then((result) => {
      const loaded = Object.keys(require.cache).filter((file) => file.includes("tencentcloud-sdk-nodejs-common"));
      console.log(JSON.stringify({ failures: result.failures ?? [], loaded }));
    });`;
  const result = JSON.parse(execFileSync("node", ["-e", script], { cwd: REPO, encoding: "utf8" }));
  expect(result).toEqual({ failures: [], loaded: [] });
});

// Pulumi's index loads its Automation API too (half a second on a busy machine): a plain Node
// script that calls a function, and the runtime, take Pulumi's modules one by one.
test.each([
  ["a plain script's require of the package", "./dist/index"],
  ["the provider runtime", "./dist/provider/runtime"],
])("%s leaves Pulumi's Automation API unloaded", (_name, entry) => {
  const script = `
    require(${JSON.stringify(entry)});
    console.log(JSON.stringify(Object.keys(require.cache).filter((file) => file.includes("@pulumi/pulumi/automation"))));`;
  expect(JSON.parse(execFileSync("node", ["-e", script], { cwd: REPO, encoding: "utf8" }))).toEqual([]);
});

// Every `pulumi up` and preview runs the program, which constructs resources and never parses
// their inputs (the provider's check does): the package's schemas load on a function's first call.
test("a program's require of the package loads no schema until it calls a function, and a call loads them", () => {
  const script = `
    const pkg = require("./dist/index");
    const loaded = () => Object.keys(require.cache).some((file) => file.includes("/node_modules/zod/"));
    const before = loaded();
    pkg.getRoomInfo({ sdkAppId: 0 }).catch(() => {}).finally(() => console.log(JSON.stringify({ classes: typeof pkg.RelayTask, before, after: loaded() })));`;
  expect(JSON.parse(execFileSync("node", ["-e", script], { cwd: REPO, encoding: "utf8" }))).toEqual({ classes: "function", before: false, after: true });
});

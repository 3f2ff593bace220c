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

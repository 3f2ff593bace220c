import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { CommandError } from "../cli/command";
import { localStackConfig, TEMPLATE_TSCONFIG, writeProject } from "../cli/init";
import { DEFAULT_APP_KEY, DEFAULT_SDK_APP_ID, DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } from "../emulator";
import { REPO } from "./installed";

// `pulumi-trtc init`: the files it writes and the ones it refuses to overwrite. The command itself
// runs from dist/, as shipped; test/e2e/init.test.ts runs what it writes under the real engine.

const OWN = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as {
  version: string;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const FILES = [".gitignore", "Pulumi.local.yaml", "Pulumi.yaml", "index.ts", "package.json", "tsconfig.json"];

let base: string;
beforeEach(() => {
  base = mkdtempSync(path.join(tmpdir(), "trtc-init-"));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

function cli(cwd: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [path.join(REPO, "dist", "cli", "main.js"), ...args], { cwd, encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const read = (dir: string, name: string) => readFileSync(path.join(dir, name), "utf8");
const options = (dir: string, force = false) => ({ dir, stack: "local", name: "my-room", port: 7722, force });

test("writes a TypeScript Pulumi project depending on this version and the supported @pulumi/pulumi", () => {
  const dir = path.join(base, "new", "project");
  expect(writeProject(options(dir)).sort()).toEqual(FILES);
  expect(readdirSync(dir).sort()).toEqual(FILES);
  expect(read(dir, "Pulumi.yaml")).toBe(
    'name: "my-room"\ndescription: A TRTC room with a stream-ingest bot and a cloud recording\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n',
  );
  expect(JSON.parse(read(dir, "package.json"))).toEqual({
    name: "my-room",
    main: "index.ts",
    devDependencies: { "@types/node": OWN.devDependencies["@types/node"], typescript: OWN.devDependencies.typescript },
    dependencies: { "@pulumi/pulumi": OWN.peerDependencies["@pulumi/pulumi"], "pulumi-trtc": `^${OWN.version}` },
  });
  expect(JSON.parse(read(dir, "tsconfig.json"))).toEqual(TEMPLATE_TSCONFIG);
  expect(read(dir, "index.ts")).toMatch(/new trtc\.StreamIngest\([\s\S]*new trtc\.CloudRecording\(/);
  expect(read(dir, ".gitignore").split("\n")).toEqual(["/bin/", "/node_modules/", ""]);
});

test("the stack's config is trtc-local's address, account and application, its public keys said to be such", () => {
  const dir = path.join(base, "app");
  writeProject({ ...options(dir), stack: "dev", port: 9999 });
  const text = read(dir, "Pulumi.dev.yaml");
  const config = text.split("\n").filter((line) => line.startsWith("  "));
  expect(config).toEqual([
    '  trtc:endpoint: "http://127.0.0.1:9999"',
    '  trtc:region: "ap-singapore"',
    `  trtc:secretId: "${DEFAULT_SECRET_ID}"`,
    `  trtc:secretKey: "${DEFAULT_SECRET_KEY}" # on Tencent Cloud: pulumi config set --secret`,
    `  trtc:sdkSecretKey: "${DEFAULT_APP_KEY}" # on Tencent Cloud: pulumi config set --secret`,
    `  trtc:sdkAppId: "${DEFAULT_SDK_APP_ID}"`,
  ]);
  expect(localStackConfig(9999).map((c) => c.key)).toEqual(config.map((line) => line.trim().split(":").slice(0, 2).join(":")));
  expect(text).toMatch(/^# Stack "dev": .*npx trtc-local --port 9999/);
  expect(text).toContain("public development keys");
});

test("refuses, naming them, files that exist, and writes nothing; --force overwrites them", () => {
  writeFileSync(path.join(base, "package.json"), '{"name":"mine"}');
  writeFileSync(path.join(base, "index.ts"), "// mine");
  writeFileSync(path.join(base, "README.md"), "mine");
  expect(() => writeProject(options(base))).toThrow(new CommandError(`package.json, index.ts already exist in ${base}: nothing written (--force overwrites)`));
  expect(readdirSync(base).sort()).toEqual(["README.md", "index.ts", "package.json"]);
  expect(read(base, "package.json")).toBe('{"name":"mine"}');

  writeProject(options(base, true));
  expect(readdirSync(base).sort()).toEqual(["README.md", ...FILES].sort());
  expect(JSON.parse(read(base, "package.json")).name).toBe("my-room");
  expect(read(base, "README.md")).toBe("mine");
});

test("refuses a directory that is a file", () => {
  const file = path.join(base, "taken");
  writeFileSync(file, "");
  expect(() => writeProject(options(file))).toThrow(new CommandError(`${file} is not a directory`));
});

describe("the pulumi-trtc command", () => {
  test("init writes into the current directory by default, named after it, and prints the next steps", () => {
    const dir = path.join(base, "Town Hall");
    mkdirSync(dir);
    const run = cli(dir, "init");
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(readdirSync(dir).sort()).toEqual(FILES);
    expect(JSON.parse(read(dir, "package.json")).name).toBe("Town-Hall");
    expect(run.stdout.split("Next:\n")[1]!.split("\n\n")[0]!.split("\n").map((line) => line.replace(/\s+#.*/, "").trim())).toEqual([
      "npm install",
      "npx trtc-local &",
      "pulumi stack select --create local",
      "pulumi up",
    ]);
    expect(run.stdout).toContain("PULUMI_CONFIG_PASSPHRASE");
    expect(run.stdout).toContain("pulumi login --local");
  });

  test("init into another directory starts the next steps with cd, and names its stack and project as told", () => {
    const run = cli(base, "init", "rooms", "--stack", "emulated", "--name", "rooms-demo");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Next:\n {2}cd rooms\n {2}npm install\n/);
    expect(run.stdout).toContain("pulumi stack select --create emulated");
    expect(readdirSync(path.join(base, "rooms"))).toContain("Pulumi.emulated.yaml");
    expect(read(path.join(base, "rooms"), "Pulumi.yaml")).toMatch(/^name: "rooms-demo"\n/);
    expect(cli(base, "init", "Bob's room").stdout).toMatch(/Next:\n {2}cd 'Bob'\\''s room'\n/);
    expect(JSON.parse(read(path.join(base, "Bob's room"), "package.json")).name).toBe("Bob-s-room");
  });

  test("a refusal is one line naming the file, with status 1; usage it cannot work with has status 2", () => {
    writeFileSync(path.join(base, "Pulumi.yaml"), "name: mine\n");
    expect(cli(base, "init")).toEqual({
      code: 1,
      stdout: "",
      stderr: `pulumi-trtc init: Pulumi.yaml already exists in .: nothing written (--force overwrites)\n`,
    });
    expect(read(base, "Pulumi.yaml")).toBe("name: mine\n");
    expect(cli(base, "init", "x", "--port", "http")).toMatchObject({ code: 2, stderr: "pulumi-trtc init: --port http: must be a port from 1 to 65535 (see pulumi-trtc init --help)\n" });
    expect(cli(base, "init", "--stack", "a/b")).toMatchObject({ code: 2, stderr: expect.stringContaining("--stack a/b: a stack name has only") });
    expect(cli(base, "init", "--bogus")).toMatchObject({ code: 2, stderr: expect.stringMatching(/^pulumi-trtc init: Unknown option '--bogus'/) });
    expect(readdirSync(base)).toEqual(["Pulumi.yaml"]);
  });

  test("--help lists the commands, --version is the package's, and an unknown command is refused", () => {
    const help = cli(base, "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: pulumi-trtc <command>[\s\S]*\n {2}init +write a Pulumi project/);
    expect(cli(base, "init", "--help").stdout).toMatch(/^usage: pulumi-trtc init \[DIR\] \[--stack NAME\] \[--name PROJECT\] \[--port N\] \[--force\]/);
    expect(cli(base, "--version")).toEqual({ code: 0, stdout: `${OWN.version}\n`, stderr: "" });
    expect(cli(base, "deploy")).toMatchObject({ code: 2, stdout: "", stderr: expect.stringMatching(/^pulumi-trtc: unknown command "deploy"\nusage:/) });
    expect(cli(base)).toMatchObject({ code: 2, stderr: expect.stringMatching(/^pulumi-trtc: give a command\n/) });
    expect(readdirSync(base)).toEqual([]);
  });
});

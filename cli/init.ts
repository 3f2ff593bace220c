// `pulumi-trtc init`: a Pulumi TypeScript project using this package, with a stack whose config
// points at trtc-local, so that the emulator, `pulumi stack select` and `pulumi up` are all a new
// user needs. It writes files only: installing is `npm install`, as after `pulumi new --generate-only`.
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { type ConfigValue, localConfig, shellQuote } from "../emulator/localConfig";
import { DEFAULT_APP_KEY, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_SDK_APP_ID, DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY, emulatorUrl } from "../emulator/server";
import { CommandError, UsageError } from "./command";
import { MANIFEST } from "../emulator/package";

const DEFAULT_STACK = "local";

const USAGE = `usage: pulumi-trtc init [DIR] [--stack NAME] [--name PROJECT] [--port N] [--force]
  Writes a Pulumi TypeScript project into DIR (default: the current directory, created if missing):
  Pulumi.yaml, package.json, tsconfig.json, index.ts (a bot playing a video into a room, and the
  room's cloud recording), .gitignore, and Pulumi.NAME.yaml, the config of a stack against trtc-local.
  --stack NAME    the local stack's name (default ${DEFAULT_STACK})
  --name PROJECT  the project's name (default: DIR's name)
  --port N        the port trtc-local will listen on (default ${DEFAULT_PORT})
  --force         overwrite those files where they exist (otherwise init refuses and names them)`;

/** One stack config value, as `pulumi config set [--secret] key value` would set it. */
/** The stack config of a program against trtc-local at `port` with its default account and application: what trtc-local prints. */
export function localStackConfig(port: number): ConfigValue[] {
  const appKeys = { [DEFAULT_SDK_APP_ID]: DEFAULT_APP_KEY };
  return localConfig({ url: emulatorUrl(DEFAULT_HOST, port), secretId: DEFAULT_SECRET_ID, secretKey: DEFAULT_SECRET_KEY, appKeys, sdkAppId: DEFAULT_SDK_APP_ID }).stack;
}

/** `pulumi new typescript`'s tsconfig.json, as pulumi/templates (typescript/tsconfig.json) has it. */
export const TEMPLATE_TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "nodenext",
    moduleResolution: "nodenext",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as trtc from "pulumi-trtc";

// One TRTC room: a bot plays a video into it for as long as this stack exists, and the room is
// recorded, mixed into one video, to Tencent Cloud VOD. The application (trtc:sdkAppId), keys,
// region and endpoint come from the stack's config; the provider signs each bot's UserSig with the
// application's secret key (trtc:sdkSecretKey).
const config = new pulumi.Config();
const roomId = config.getNumber("roomId") ?? 1234;

const video = new trtc.StreamIngest("welcome-video", {
    roomId,
    userId: "welcome-bot",
    streamUrl: config.get("videoUrl") ?? "https://media.example.com/welcome.mp4",
    repeatNum: -1, // loop until the stack is destroyed
});

const recording = new trtc.CloudRecording(
    "room-recording",
    {
        roomId,
        userId: \`recorder-\${roomId}\`,
        recordParams: { recordMode: trtc.RecordMode.MixedStream, maxIdleTime: 60 },
        storageParams: { cloudVod: { tencentVod: {} } },
    },
    // Record once the video plays, so the recording does not start in an empty room.
    { dependsOn: [video] },
);

export const videoTaskId = video.taskId;
export const recordingTaskId = recording.taskId;
export const recordingStatus = recording.status;
`;

export interface InitOptions {
  dir: string;
  /** The local stack's name. */
  stack: string;
  /** The Pulumi project's name. */
  name: string;
  /** The port trtc-local listens on. */
  port: number;
  /** Overwrite files that exist. */
  force: boolean;
}

/** Pulumi's rule for project and stack names. */
const PULUMI_NAME = /^[A-Za-z0-9_.-]+$/;

/** The files of the project, by name, in the order they are written and reported. */
export function projectFiles(options: Omit<InitOptions, "dir" | "force">): [name: string, text: string][] {
  const own = MANIFEST;
  const yaml = (value: string) => JSON.stringify(value); // a JSON string is a YAML double-quoted scalar
  const packageJson = {
    name: options.name,
    main: "index.ts",
    devDependencies: { "@types/node": own.devDependencies["@types/node"], typescript: own.devDependencies.typescript },
    dependencies: { "@pulumi/pulumi": own.peerDependencies["@pulumi/pulumi"], [own.name]: `^${own.version}` },
  };
  const stackConfig = localStackConfig(options.port);
  return [
    ["Pulumi.yaml", `name: ${yaml(options.name)}\ndescription: A TRTC room with a stream-ingest bot and a cloud recording\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n`],
    ["package.json", `${JSON.stringify(packageJson, null, 4)}\n`],
    ["tsconfig.json", `${JSON.stringify(TEMPLATE_TSCONFIG, null, 4)}\n`],
    ["index.ts", PROGRAM],
    [".gitignore", "/bin/\n/node_modules/\n"],
    [
      `Pulumi.${options.stack}.yaml`,
      [
        `# Stack "${options.stack}": this program against trtc-local, the TRTC emulator (${trtcLocal(options.port)}).`,
        "# The keys here are trtc-local's public development keys, the same on every machine and printed",
        "# by trtc-local itself (as Azurite's are): they open nothing, so they are plain config rather than",
        "# secrets, which would need this stack's passphrase before it exists. For Tencent Cloud use another",
        "# stack and set real keys with `pulumi config set --secret` (docs/quick-start.md in pulumi-trtc).",
        "config:",
        ...stackConfig.map(({ key, value, secret }) => `  ${key}: ${yaml(value)}${secret ? " # on Tencent Cloud: pulumi config set --secret" : ""}`),
        "",
      ].join("\n"),
    ],
  ];
}

/** Writes the project; refuses, naming them, files that exist unless `force`. Returns the names written. */
export function writeProject(options: InitOptions): string[] {
  if (existsSync(options.dir) && !statSync(options.dir).isDirectory()) throw new CommandError(`${options.dir} is not a directory`);
  const files = projectFiles(options);
  const existing = files.map(([name]) => name).filter((name) => existsSync(path.join(options.dir, name)));
  if (existing.length > 0 && !options.force) {
    const names = existing.join(", ");
    throw new CommandError(`${names} already ${existing.length > 1 ? "exist" : "exists"} in ${options.dir}: nothing written (--force overwrites)`);
  }
  mkdirSync(options.dir, { recursive: true });
  for (const [name, text] of files) writeFileSync(path.join(options.dir, name), text);
  return files.map(([name]) => name);
}

/** The command that starts trtc-local where this stack looks for it. */
function trtcLocal(port: number): string {
  return port === DEFAULT_PORT ? "npx trtc-local" : `npx trtc-local --port ${port}`;
}

/** What to run after init, one command a line. */
export function nextSteps(options: InitOptions): string {
  const dir = shellQuote(options.dir);
  const cd = path.resolve(options.dir) === process.cwd() ? [] : [`cd ${dir}`];
  const steps = [
    ...cd,
    "npm install",
    `${trtcLocal(options.port)} &        # the TRTC emulator, in the background`,
    `pulumi stack select --create ${options.stack}   # the stack whose config init wrote`,
    "pulumi up",
  ];
  return [
    "Next:",
    ...steps.map((s) => `  ${s}`),
    "",
    "`pulumi stack select --create` needs a backend: with none yet, `pulumi login --local` keeps state in",
    "~/.pulumi, and such a stack is encrypted with a passphrase: export PULUMI_CONFIG_PASSPHRASE first",
    "(this stack holds no real secret, so an empty one will do).",
  ].join("\n");
}

function readOptions(args: string[]): InitOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        stack: { type: "string", default: DEFAULT_STACK },
        name: { type: "string" },
        port: { type: "string", default: String(DEFAULT_PORT) },
        force: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  if (positionals.length > 1) throw new UsageError(`give one directory, not ${positionals.length}`);
  const dir = positionals[0] ?? ".";
  const name = values.name ?? path.basename(path.resolve(dir)).replace(/[^A-Za-z0-9_.-]+/g, "-");
  if (!PULUMI_NAME.test(name)) throw new UsageError(`--name ${name}: a project name has only letters, digits, "-", "_" and "."`);
  if (!PULUMI_NAME.test(values.stack)) throw new UsageError(`--stack ${values.stack}: a stack name has only letters, digits, "-", "_" and "."`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port ${values.port}: must be a port from 1 to 65535`);
  return { dir, stack: values.stack, name, port, force: values.force };
}

export async function init(args: string[]): Promise<number> {
  const options = readOptions(args);
  if (options === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const written = writeProject(options);
  process.stdout.write(`Wrote ${written.join(", ")} in ${options.dir}.\n\n${nextSteps(options)}\n`);
  return 0;
}

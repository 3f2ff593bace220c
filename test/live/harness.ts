import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { AbstractClient } from "tencentcloud-sdk-nodejs-common/tencentcloud/common/abstract_client";
import { DEFAULT_APP_KEY, DEFAULT_SDK_APP_ID, type RunningEmulator, startEmulator } from "../../emulator";
import { clientsFor, type FunctionClients, runFunction } from "../../provider/function";
import * as runtime from "../../provider/runtime";
import { resolveSettings } from "../../provider/settings";
import { makeUserSig } from "../../provider/usersig";
import { FUNCTION_SPECS } from "../../registry";
import { shapeDifferences } from "../apiExamples";
import { configureRuntime, REGION, SECRET_ID, SECRET_KEY } from "../helpers";

// The live acceptance scenarios (issue 24): one per task family (start, update in place, refresh,
// stop), every lookup once, and one for each assumption no page settles (docs/parity.md). They
// run against the real TRTC (`TRTC_LIVE=1 npm run test:live`) or the emulator, through the
// provider runtime and the function core as a program would, and record every TRTC API 3.0
// request and answer, sanitised, as a snapshot: the real service's snapshots are committed under
// snapshots/, and test/live/replay.test.ts holds the emulator to them.

export const SNAPSHOTS = path.join(__dirname, "snapshots");

type Props = Record<string, unknown>;

/** Where the scenarios run: the real TRTC with the maintainer's credentials, or a local emulator. */
export interface Target {
  live: boolean;
  sdkAppId: number;
  region: string;
  /** Per scenario: the settings it needs that are missing (live only: the emulator has them all). */
  env: (name: string) => string | undefined;
  clients: FunctionClients;
  /** Users in a room, for the emulator (the real rooms have whoever is there). */
  join: (roomId: string, userId: string) => void;
  close: () => Promise<void>;
}

/** The environment the live mode needs, each named in its refusal. */
export const LIVE_REQUIRED = ["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TRTC_SDK_APP_ID", "TENCENTCLOUD_REGION", "TRTC_SDK_SECRET_KEY"] as const;

/** The real TRTC: refuses to start without every credential, and never without an explicit SDKAppID. */
export async function liveTarget(env: NodeJS.ProcessEnv = process.env): Promise<Target> {
  const missing = LIVE_REQUIRED.filter((name) => !env[name]);
  if (missing.length) throw new Error(`TRTC_LIVE=1 needs ${missing.join(", ")}: the scenarios start real, billed tasks in that application`);
  const sdkAppId = Number(env.TRTC_SDK_APP_ID);
  if (!Number.isInteger(sdkAppId) || sdkAppId <= 0) throw new Error(`TRTC_SDK_APP_ID must be your application's SDKAppID, not "${env.TRTC_SDK_APP_ID}"`);
  const region = env.TENCENTCLOUD_REGION!;
  const config = {
    "trtc:secretId": env.TENCENTCLOUD_SECRET_ID!,
    "trtc:secretKey": env.TENCENTCLOUD_SECRET_KEY!,
    "trtc:region": region,
    "trtc:sdkSecretKey": env.TRTC_SDK_SECRET_KEY!,
    ...(env.TRTC_ENDPOINT && { "trtc:endpoint": env.TRTC_ENDPOINT }),
  };
  await configureRuntime(config);
  return {
    live: true,
    sdkAppId,
    region,
    env: (name) => env[name],
    clients: clientsFor(resolveSettings((key) => config[key as keyof typeof config])),
    join: () => undefined,
    close: async () => undefined,
  };
}

/** Stand-ins for the live settings, for the emulator: it pushes, records and talks to nothing. */
const EMULATED: Record<string, string> = {
  TRTC_LIVE_MEDIA_URL: "https://media.example.com/intro.mp4",
  TRTC_LIVE_PUSH_URL: "rtmp://push.example.com/live/acceptance?txSecret=0123456789abcdef&txTime=6A000000",
  TRTC_LIVE_COS_BUCKET: "recordings-1250000000",
  TRTC_LIVE_COS_REGION: "ap-singapore",
  TRTC_LIVE_COS_SECRET_ID: "cos-secret-id",
  TRTC_LIVE_COS_SECRET_KEY: "cos-secret-key",
  TRTC_LIVE_LLM_URL: "https://api.openai.com/v1/chat/completions",
  TRTC_LIVE_LLM_KEY: "sk-acceptance",
  TRTC_LIVE_LLM_MODEL: "gpt-4o-mini",
};

/** A local emulator with its clock held still, the provider runtime pointed at it. */
export async function emulatorTarget(): Promise<Target & { emulator: RunningEmulator }> {
  const emulator = await startEmulator({ port: 0 });
  emulator.state.clock.freeze();
  const config = { "trtc:secretId": SECRET_ID, "trtc:secretKey": SECRET_KEY, "trtc:region": REGION, "trtc:endpoint": emulator.url, "trtc:sdkSecretKey": DEFAULT_APP_KEY };
  await configureRuntime(config);
  return {
    live: false,
    emulator,
    sdkAppId: DEFAULT_SDK_APP_ID,
    region: REGION,
    env: (name) => EMULATED[name],
    clients: clientsFor(resolveSettings((key) => config[key as keyof typeof config])),
    join: (roomId, userId) => void emulator.state.world.rooms.join(DEFAULT_SDK_APP_ID, roomId, userId),
    close: () => emulator.close(),
  };
}

// Recording.

/** One TRTC API 3.0 call as sent through Tencent's SDK, and what came back. */
export interface Recorded {
  action: string;
  request: unknown;
  /** "ok", or the error code answered. */
  outcome: string;
  response: unknown;
}

type Request = (this: AbstractClient, action: string, req: unknown, ...rest: unknown[]) => Promise<unknown>;

/** Records every call through Tencent's SDK client (the provider's one transport) until `stop`. */
export function record(): { calls: Recorded[]; stop: () => void } {
  const calls: Recorded[] = [];
  const prototype = AbstractClient.prototype as unknown as { request: Request };
  const original = prototype.request;
  prototype.request = async function (this: AbstractClient, action, req, ...rest) {
    const request = structuredClone(req);
    try {
      const response = await original.call(this, action, req, ...rest);
      calls.push({ action, request, outcome: "ok", response });
      return response;
    } catch (e) {
      const error = e as { code?: string; message?: string };
      calls.push({ action, request, outcome: error.code ?? "NetworkError", response: { message: error.message } });
      throw e;
    }
  };
  return { calls, stop: () => void (prototype.request = original) };
}

// Sanitising, as LocalStack's snapshot transformers do: what differs between runs and accounts
// becomes a stable placeholder, numbered by first appearance where several may occur.

const NUMBERED = new Set(["TaskId", "RequestId", "SessionId", "BattleId", "CommId", "RoomId", "RoomString", "StrRoomId", "UserId", "PeerId", "UserIds"]);
/** The scenarios' own bots and users, named alike on every run. */
const OWN_USERS = /^(acceptance-|anchor$)/;
const SECRETS = new Set(["UserSig", "PrivateMapKey", "APIKey", "SecretId", "SecretKey", "AccessKey", "SubscriptionKey"]);
/** Instants (not durations such as MaxIdleTime): the documents' StartTime, CreateTime, StartTs, TimeKey, ... */
const TIMES = /^(Start|End|Create|Destroy|Event|Join|Leave|Update)?(Time|Ts)$|^Time(Key|StampKey)?$|Date$/;
const JSON_TEXTS = new Set(["LLMConfig", "TTSConfig"]);
const URLS = new Set(["PublishCdnUrl", "StreamUrl", "SourceUrl", "APIUrl"]);
/** Rows enough to show their shape: lookups answer many more. */
const MAX_ROWS = 3;

export function sanitise(calls: readonly Recorded[], known: { sdkAppId: number; rooms: readonly string[] }): Recorded[] {
  const numbers = new Map<string, string>();
  const numbered = (key: string, value: unknown) => {
    const text = `${key}:${String(value)}`;
    if (!numbers.has(text)) numbers.set(text, `<${key}:${[...numbers.keys()].filter((k) => k.startsWith(`${key}:`)).length + 1}>`);
    return numbers.get(text)!;
  };
  const value = (key: string, v: unknown): unknown => {
    if (v === known.sdkAppId || v === String(known.sdkAppId)) return "<SdkAppId>";
    const room = known.rooms.indexOf(String(v));
    if (room >= 0) return `<room:${room + 1}>`;
    if (typeof v === "string" && OWN_USERS.test(v)) return v;
    // The account's other rooms and users, which lookups list, are named by number only.
    if (NUMBERED.has(key)) return Array.isArray(v) ? v.map((each) => value(key, each)) : numbered(key, v);
    if (SECRETS.has(key)) return "<secret>";
    if (key === "SequenceNumber") return "<sequence>";
    if (URLS.has(key)) return `<${key}>`;
    if (TIMES.test(key) && (typeof v === "number" || typeof v === "string")) return "<time>";
    if (JSON_TEXTS.has(key) && typeof v === "string") return JSON.stringify(walk(JSON.parse(v)));
    return walk(v);
  };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.slice(0, MAX_ROWS).map(walk);
    if (typeof v !== "object" || v === null) return v;
    return Object.fromEntries(Object.entries(v).map(([k, member]) => [k, value(k, member)]));
  };
  return calls.map((c) => ({ ...c, request: walk(c.request), response: walk(c.response) }));
}

// Scenarios.

export interface ScenarioContext {
  target: Target;
  /** A room id unique to this run: `pulumi-trtc-<run>-<name>`. */
  room: (name: string) => string;
  /** Starts a task through the provider runtime; it is stopped when the scenario ends, whatever happens. */
  task: (kind: string, inputs: Props) => Promise<{ id: string; outs: Props }>;
  update: (task: { id: string; outs: Props }, inputs: Props) => Promise<{ id: string; outs: Props }>;
  refresh: (task: { id: string; outs: Props }) => Promise<{ id?: string; props?: Props }>;
  stop: (task: { id: string; outs: Props }) => Promise<void>;
  call: (name: string, args: Props) => Promise<unknown>;
  /** A call of the API itself, for what no builder sends (an assumption's probe): its outcome. */
  send: (action: string, params: Props) => Promise<string>;
  /** A UserSig for a bot of the target's application, for requests `send` makes. */
  sign: (userId: string) => string;
}

export interface Scenario {
  name: string;
  /** What it settles or shows. */
  about: string;
  /** The live settings it needs beyond the credentials (media to play, a bucket, an LLM). */
  needs?: readonly string[];
  run: (ctx: ScenarioContext) => Promise<void>;
}

const HOUR = 3600;
const DAY = 86400;
const utcDay = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000).toISOString().slice(0, 10);
const now = () => Math.floor(Date.now() / 1000);
/** The start of the hour `secondsAgo` back, in UTC: `2026-12-04T16:00:00Z`. */
const wholeHour = (secondsAgo: number) => new Date((now() - secondsAgo) * 1000).toISOString().slice(0, 13) + ":00:00Z";

/** Lookups, each once, over spans every edition and API keeps. */
const LOOKUPS: [string, (app: number) => Props][] = [
  ["getRoomInfo", (app) => ({ sdkAppId: app, startTime: now() - HOUR, limit: 10 })],
  ["getScaleInfo", (app) => ({ sdkAppId: app, startTime: now() - 2 * DAY })],
  ["getUnusualEvents", (app) => ({ sdkAppId: app, startTime: now() - HOUR })],
  ["getRealTimeScaleData", (app) => ({ sdkAppId: app, startTime: now() - 600 })],
  ["getRealTimeQualityData", (app) => ({ sdkAppId: app, startTime: now() - 600 })],
  ["getMarketScaleData", (app) => ({ sdkAppId: app, period: "day", startTime: utcDay(3 * DAY), endTime: utcDay(DAY) })],
  ["getMarketQualityData", (app) => ({ sdkAppId: app, period: "day", startTime: utcDay(3 * DAY), endTime: utcDay(DAY) })],
  ["getTrtcUsage", (app) => ({ sdkAppId: app, startTime: utcDay(3 * DAY), endTime: utcDay(DAY) })],
  ["getMixTranscodingUsage", (app) => ({ sdkAppId: app, startTime: utcDay(3 * DAY), endTime: utcDay(DAY) })],
  ["getRelayUsage", (app) => ({ sdkAppId: app, startTime: utcDay(3 * DAY), endTime: utcDay(DAY) })],
  ["getRecordingUsage", (app) => ({ sdkAppId: app, mixType: "multi", startTime: utcDay(3 * DAY), endTime: utcDay(DAY) })],
  // One whole hour, which never spans Beijing midnight: a span across it is a call per day, 15 s
  // apart, which the replay's held clock never lets pass (the two hours it had hung it from 19:00 to 20:00 UTC).
  ["getTrtcRoomUsage", (app) => ({ sdkAppId: app, startTime: wholeHour(3 * HOUR), endTime: wholeHour(2 * HOUR) })],
];

const flowTts = { ttsType: "flow", voiceId: "v-female-R2s4N9qJ", model: "flow_01_turbo" };
const llm = (ctx: ScenarioContext) => ({ llmType: "openai", model: ctx.target.env("TRTC_LIVE_LLM_MODEL"), apiKey: ctx.target.env("TRTC_LIVE_LLM_KEY"), apiUrl: ctx.target.env("TRTC_LIVE_LLM_URL") });

export const SCENARIOS: readonly Scenario[] = [
  {
    name: "stream-ingest",
    about: "StreamIngest: start, volume in place, refresh, stop",
    needs: ["TRTC_LIVE_MEDIA_URL"],
    async run(ctx) {
      const inputs = { sdkAppId: ctx.target.sdkAppId, roomId: ctx.room("ingest"), userId: "acceptance-ingest", streamUrl: ctx.target.env("TRTC_LIVE_MEDIA_URL"), volume: 60 };
      const task = await ctx.task("StreamIngest", inputs);
      const updated = await ctx.update(task, { ...inputs, volume: 40 });
      await ctx.refresh(updated);
      await ctx.stop(updated);
    },
  },
  {
    name: "cloud-recording",
    about: "CloudRecording: start with a 5 s idle time-out, the audio list in place, refresh, stop",
    needs: ["TRTC_LIVE_COS_BUCKET", "TRTC_LIVE_COS_REGION", "TRTC_LIVE_COS_SECRET_ID", "TRTC_LIVE_COS_SECRET_KEY"],
    async run(ctx) {
      const roomId = ctx.room("recording");
      ctx.target.join(roomId, "anchor");
      const storage = { vendor: 0, region: ctx.target.env("TRTC_LIVE_COS_REGION"), bucket: ctx.target.env("TRTC_LIVE_COS_BUCKET"), accessKey: ctx.target.env("TRTC_LIVE_COS_SECRET_ID"), secretKey: ctx.target.env("TRTC_LIVE_COS_SECRET_KEY") };
      const inputs = { sdkAppId: ctx.target.sdkAppId, roomId, userId: "acceptance-recorder", recordParams: { recordMode: 2, maxIdleTime: 5 }, storageParams: { cloudStorage: storage } };
      const task = await ctx.task("CloudRecording", inputs);
      const updated = await ctx.update(task, { ...inputs, recordParams: { ...inputs.recordParams, subscribeStreamUserIds: { subscribeAudioUserIds: ["anchor"] } } });
      await ctx.refresh(updated);
      await ctx.stop(updated);
    },
  },
  {
    name: "relay-task",
    about: "RelayTask: start with a 5 s idle time-out; an update that leaves the layout out (left out means unchanged?); refresh by the no-op UpdatePublishCdnStream probe (is it taken?); stop",
    needs: ["TRTC_LIVE_PUSH_URL"],
    async run(ctx) {
      const roomId = ctx.room("relay");
      ctx.target.join(roomId, "anchor");
      const push = ctx.target.env("TRTC_LIVE_PUSH_URL")!;
      const inputs = {
        sdkAppId: ctx.target.sdkAppId, roomId, agentParams: { userId: "acceptance-relay", maxIdleTime: 5 }, withTranscoding: 1,
        audioParams: { audioEncode: { sampleRate: 48000, channel: 2, bitRate: 64 } },
        videoParams: { videoEncode: { width: 1280, height: 720, fps: 15, bitRate: 1500, gop: 2 }, layoutParams: { mixLayoutMode: 3 } },
        publishCdnParams: [{ publishCdnUrl: push, isTencentCdn: 1 }],
      };
      const task = await ctx.task("RelayTask", inputs);
      const updated = await ctx.update(task, { ...inputs, publishCdnParams: [{ publishCdnUrl: push, isTencentCdn: 0 }] });
      await ctx.refresh(updated);
      await ctx.stop(updated);
    },
  },
  {
    name: "ai-conversation",
    about: "AIConversation: start with a welcome message, an update removing it (WelcomeMessage \"\"), refresh, stop",
    needs: ["TRTC_LIVE_LLM_URL", "TRTC_LIVE_LLM_KEY", "TRTC_LIVE_LLM_MODEL"],
    async run(ctx) {
      const roomId = ctx.room("assistant");
      ctx.target.join(roomId, "acceptance-user");
      const agent = { userId: "acceptance-assistant", targetUserId: "acceptance-user", maxIdleTime: 5 };
      const inputs = { sdkAppId: ctx.target.sdkAppId, roomId, agentConfig: { ...agent, welcomeMessage: "Hello from the acceptance test" }, llmConfig: llm(ctx), ttsConfig: flowTts };
      const task = await ctx.task("AIConversation", inputs);
      const updated = await ctx.update(task, { ...inputs, agentConfig: agent });
      await ctx.refresh(updated);
      await ctx.stop(updated);
    },
  },
  {
    name: "ai-configs-optional",
    about: "StartAIConversation without LLMConfig and TTSConfig, which its page marks optional and the provider requires: does the service take it?",
    async run(ctx) {
      const roomId = ctx.room("bare-assistant");
      ctx.target.join(roomId, "acceptance-user");
      const started = await ctx.send("StartAIConversation", {
        SdkAppId: ctx.target.sdkAppId, RoomId: roomId, RoomIdType: 1,
        AgentConfig: { UserId: "acceptance-bare-assistant", UserSig: ctx.sign("acceptance-bare-assistant"), TargetUserId: "acceptance-user", MaxIdleTime: 5 },
      });
      if (started.startsWith("task ")) await ctx.send("StopAIConversation", { TaskId: started.slice("task ".length) });
    },
  },
  {
    name: "ai-transcription",
    about: "AITranscription: start with a 5 s idle time-out, refresh, stop (no update API)",
    async run(ctx) {
      const roomId = ctx.room("transcription");
      ctx.target.join(roomId, "anchor");
      const task = await ctx.task("AITranscription", { sdkAppId: ctx.target.sdkAppId, roomId, transcriptionParams: { userId: "acceptance-scribe", maxIdleTime: 5 } });
      await ctx.refresh(task);
      await ctx.stop(task);
    },
  },
  {
    name: "lookups",
    about: "every lookup once, over short recent spans",
    async run(ctx) {
      for (const [name, args] of LOOKUPS) await ctx.call(name, args(ctx.target.sdkAppId));
    },
  },
  {
    name: "dashboard-edition",
    about: "DescribeTRTCRealTimeScaleData six hours back: the Premium edition's window (12 hours) takes it, the page's (1 hour) refuses it",
    async run(ctx) {
      await ctx.send("DescribeTRTCRealTimeScaleData", { SdkAppId: String(ctx.target.sdkAppId), StartTime: now() - 6 * HOUR, EndTime: now() - 6 * HOUR + 600 });
    },
  },
];

/** What a scenario's run came to: its calls, sanitised, and whether every task it started was stopped. */
export interface Outcome {
  calls: Recorded[];
  /** Tasks started and not stopped at the end: none, or the cleanup failed. */
  leftRunning: string[];
  error?: string;
}

/** Runs one scenario, every task it starts stopped in `finally`, recording its calls. */
export async function runScenario(scenario: Scenario, target: Target, run: string): Promise<Outcome> {
  const rooms: string[] = [];
  const running = new Map<string, Props>();
  const recorder = record();
  const ctx: ScenarioContext = {
    target,
    room: (name) => {
      const room = `pulumi-trtc-${run}-${name}`;
      rooms.push(room);
      return room;
    },
    async task(kind, inputs) {
      const checked = await runtime.check({}, { ...inputs, __kind: kind });
      if (checked.failures?.length) throw new Error(`${kind}: ${JSON.stringify(checked.failures)}`);
      const created = await runtime.create(checked.inputs);
      running.set(created.id, created.outs!);
      return { id: created.id, outs: created.outs! };
    },
    async update(task, inputs) {
      const checked = await runtime.check(task.outs, { ...inputs, __kind: task.outs.__kind });
      if (checked.failures?.length) throw new Error(`${String(task.outs.__kind)}: ${JSON.stringify(checked.failures)}`);
      const { outs } = await runtime.update(task.id, task.outs, checked.inputs);
      running.set(task.id, outs!);
      return { id: task.id, outs: outs! };
    },
    refresh: (task) => runtime.read(task.id, task.outs),
    async stop(task) {
      await runtime.remove(task.id, running.get(task.id) ?? task.outs);
      running.delete(task.id);
    },
    call: (name, args) => runFunction(FUNCTION_SPECS.find((s) => s.name === name)!, args as never, target.clients),
    sign: (userId) => makeUserSig(target.clients.trtc.settings, target.sdkAppId, userId),
    async send(action, params) {
      try {
        const response = await target.clients.trtc.call(action, params, "start", target.region);
        return typeof response.TaskId === "string" ? `task ${response.TaskId}` : "ok";
      } catch (e) {
        return (e as { code?: string }).code ?? String(e);
      }
    },
  };
  let error: string | undefined;
  try {
    await scenario.run(ctx);
  } catch (e) {
    error = (e as Error).message;
  } finally {
    for (const [id, outs] of running) {
      await runtime.remove(id, outs).then(() => running.delete(id), () => undefined);
    }
    recorder.stop();
  }
  return { calls: sanitise(recorder.calls, { sdkAppId: target.sdkAppId, rooms }), leftRunning: [...running.keys()], error };
}

// Snapshots.

export interface Snapshot {
  scenario: string;
  about: string;
  /** When and where the real service answered: the region, not the account. */
  recorded: { at: string; region: string };
  calls: Recorded[];
}

export function snapshotPath(scenario: Scenario): string {
  return path.join(SNAPSHOTS, `${scenario.name}.json`);
}

export function readSnapshot(scenario: Scenario): Snapshot | undefined {
  const file = snapshotPath(scenario);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Snapshot) : undefined;
}

/** Only the live mode writes snapshots: what the real service said. */
export function writeSnapshot(scenario: Scenario, target: Target, calls: Recorded[]): void {
  if (!target.live) throw new Error("snapshots are the real TRTC's answers: only TRTC_LIVE=1 writes them");
  mkdirSync(SNAPSHOTS, { recursive: true });
  const snapshot: Snapshot = { scenario: scenario.name, about: scenario.about, recorded: { at: new Date().toISOString(), region: target.region }, calls };
  writeFileSync(snapshotPath(scenario), `${JSON.stringify(snapshot, null, 2)}\n`);
}

/**
 * Where the emulator's run leaves the real service's: another sequence of calls or outcomes, a
 * request built otherwise, an answer of another shape (keys and value types).
 */
export function snapshotDifferences(real: readonly Recorded[], emulated: readonly Recorded[]): string[] {
  const differences: string[] = [];
  const steps = (calls: readonly Recorded[]) => calls.map((c) => `${c.action} ${c.outcome}`);
  if (JSON.stringify(steps(real)) !== JSON.stringify(steps(emulated))) {
    return [`calls: the real TRTC ${JSON.stringify(steps(real))}, the emulator ${JSON.stringify(steps(emulated))}`];
  }
  real.forEach((call, i) => {
    const other = emulated[i]!;
    if (JSON.stringify(call.request) !== JSON.stringify(other.request)) differences.push(`call ${i + 1} (${call.action}): requests differ`);
    if (call.outcome === "ok") differences.push(...shapeDifferences(call.response, other.response, `call ${i + 1} (${call.action})`));
  });
  return differences;
}

import { createHash } from "node:crypto";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { type RunningEmulator, startEmulator } from "../emulator";
import { grpc, type grpcTypes, Struct } from "../plugin/proto";
import { pluginService } from "../plugin/server";
import { FUNCTION_SPECS, RESOURCE_SPECS } from "../registry";
import { botSig, REGION, SECRET_ID, SECRET_KEY, wav } from "./helpers";

// pulumi-resource-trtc's protocol as the engine speaks it, over gRPC to the service in this
// process, against the emulator: configure, check, the detailed diff, create, import, get, refresh, invokes.
// test/e2e/plugin.test.ts runs the same plugin under the real engine.


type Props = Record<string, unknown>;
const APP = 1400000001;
const PUSH = "rtmp://push.example.com/live/hall?txSecret=push-token-plaintext&txTime=6A000000";
const BACKUP = "rtmp://backup.example.net/live/hall?auth=backup-token";
const urn = (kind: string) => `urn:pulumi:test::proj::trtc:index:${kind}::${kind.toLowerCase()}`;
const struct = (props: Props) => Struct.fromJavaScript(props as never);
const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });

/** What the plugin told the user, as the engine's log would show it. */
const logged: string[] = [];
let emulator: RunningEmulator;
let server: grpcTypes.Server;
let client: provrpc.ResourceProviderClient;

/** One unary call of the protocol. */
function rpc<Req, Res>(method: string, req: Req): Promise<Res> {
  return new Promise((resolve, reject) =>
    (client as unknown as Record<string, (r: Req, cb: (e: Error | null, res: Res) => void) => void>)[method]!(req, (e, res) => (e ? reject(e) : resolve(res))),
  );
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  server = new grpc.Server();
  server.addService(provrpc.ResourceProviderService as never, pluginService({ version: "0.0.0-test", schema: "{}", specs: RESOURCE_SPECS, functions: FUNCTION_SPECS, log: async (severity, message) => void logged.push(`${severity}: ${message}`) }));
  const port = await new Promise<number>((resolve, reject) => server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure() as never);
  const req = new provproto.ConfigureRequest();
  for (const [k, v] of Object.entries({ "trtc:secretId": SECRET_ID, "trtc:secretKey": SECRET_KEY, "trtc:region": REGION, "trtc:endpoint": emulator.url })) req.getVariablesMap().set(k, v);
  const configured = await rpc<provproto.ConfigureRequest, provproto.ConfigureResponse>("configure", req);
  expect(configured.getAcceptsecrets()).toBe(true);
});
afterAll(async () => {
  client.close();
  server.forceShutdown();
  await emulator.close();
});
beforeEach(() => {
  emulator.state.requests.clear();
  logged.length = 0;
});

const check = async (kind: string, news: Props, olds: Props = {}) => {
  const res = await rpc<provproto.CheckRequest, provproto.CheckResponse>("check", new provproto.CheckRequest().setUrn(urn(kind)).setOlds(struct(olds)).setNews(struct(news)));
  expect(res.getFailuresList().map((f) => `${f.getProperty()}: ${f.getReason()}`)).toEqual([]);
  return res.getInputs()!.toJavaScript() as Props;
};
const create = async (kind: string, inputs: Props) => {
  const res = await rpc<provproto.CreateRequest, provproto.CreateResponse>("create", new provproto.CreateRequest().setUrn(urn(kind)).setProperties(struct(inputs)));
  return { id: res.getId(), outs: res.getProperties()!.toJavaScript() as Props };
};
const diff = async (kind: string, olds: Props, news: Props) => {
  const res = await rpc<provproto.DiffRequest, provproto.DiffResponse>("diff", new provproto.DiffRequest().setUrn(urn(kind)).setId("x").setOlds(struct(olds)).setNews(struct(news)).setOldInputs(struct(olds)));
  const kinds = Object.fromEntries(Object.entries(provproto.PropertyDiff.Kind).map(([name, value]) => [value, name]));
  const detail: Record<string, string> = {};
  res.getDetaileddiffMap().forEach((d, path) => (detail[path] = kinds[d.getKind()]!));
  return { changes: res.getChanges() === provproto.DiffResponse.DiffChanges.DIFF_SOME, replaces: res.getReplacesList(), detail };
};
const actions = () => emulator.state.requests.list().map((r) => r.action);

// Made once: a UserSig holds the second it was made, so two made across a second's turn differ.
const RELAY_SIG = botSig("relay-1234");
const relay = (publishCdnParams: Props[]) => ({
  sdkAppId: APP,
  roomId: 1234,
  agentParams: { userId: "relay-1234", userSig: RELAY_SIG, maxIdleTime: 30 },
  withTranscoding: 1,
  audioParams: { audioEncode: { sampleRate: 48000, channel: 2, bitRate: 64 } },
  videoParams: { videoEncode: { width: 1280, height: 720, fps: 15, bitRate: 1500, gop: 2 }, layoutParams: { mixLayoutMode: 3 } },
  publishCdnParams,
});

test("check keeps a push URL's credential apart as a secret, and marks the spec's secrets", async () => {
  const inputs = await check("RelayTask", relay([{ publishCdnUrl: secret(PUSH), isTencentCdn: 1 }]));
  expect(inputs.publishCdnParams).toEqual([{ publishCdnUrl: "rtmp://push.example.com/live/hall?[secret]", isTencentCdn: 1 }]);
  expect(inputs.credentials).toEqual(secret({ "publishCdnParams[0].publishCdnUrl": "txSecret=push-token-plaintext&txTime=6A000000" }));
  expect((inputs.agentParams as Props).userSig).toEqual(secret(RELAY_SIG));
  expect(inputs).not.toHaveProperty("__kind");
});

test("a CDN entry added is an added element of the list, updated in place, its credential shown masked", async () => {
  const olds = await check("RelayTask", relay([{ publishCdnUrl: PUSH, isTencentCdn: 1 }]));
  const news = await check("RelayTask", relay([{ publishCdnUrl: PUSH, isTencentCdn: 1 }, { publishCdnUrl: BACKUP, isTencentCdn: 0 }]));
  expect(news.publishCdnParams).toEqual([
    { publishCdnUrl: "rtmp://push.example.com/live/hall?[secret]", isTencentCdn: 1 },
    { publishCdnUrl: "rtmp://backup.example.net/live/hall?[secret]", isTencentCdn: 0 },
  ]);
  const unwrap = (p: Props) => ({ ...p, credentials: (p.credentials as { value: unknown }).value, agentParams: { ...(p.agentParams as Props), userSig: RELAY_SIG } });
  expect(await diff("RelayTask", unwrap(olds), unwrap(news))).toEqual({
    changes: true,
    replaces: [],
    detail: { "publishCdnParams[1]": "ADD", credentials: "UPDATE" },
  });
  expect(actions()).toEqual([]);
});

test("a picture's content is sealed as a secret and its fingerprint left plain; a new image replaces it by a change of the content", async () => {
  const image = (text: string) => Buffer.from(`\x89PNG\r\n\x1a\n ${text}`);
  const picture = (bytes: Buffer) => ({ sdkAppId: APP, region: "ap-guangzhou", content: bytes.toString("base64"), suffix: "png", height: 64, width: 128, xPosition: 10, yPosition: 20 });
  const olds = await check("Picture", picture(image("logo")));
  expect(olds.content).toEqual(secret(image("logo").toString("base64")));
  expect(olds.contentSha256).toBe(createHash("sha256").update(image("logo")).digest("hex"));
  const news = await check("Picture", picture(image("new logo")));
  const unwrap = (p: Props) => ({ ...p, content: (p.content as { value: unknown }).value });
  // The engine's preview names the detailed diff's paths: the content, [secret] on both sides, replacing the picture.
  expect(await diff("Picture", unwrap(olds), unwrap(news))).toEqual({ changes: true, replaces: ["content"], detail: { content: "UPDATE_REPLACE" } });
  expect(actions()).toEqual([]);
});

test("create starts the task; a room change is a replacing update of that path", async () => {
  const inputs = await check("StreamIngest", { sdkAppId: APP, roomId: 1234, userId: "intro-bot", userSig: botSig("intro-bot"), streamUrl: "https://media.example.com/a.mp4" });
  const { id, outs } = await create("StreamIngest", inputs);
  expect(actions()).toEqual(["StartStreamIngest"]);
  expect(outs).toMatchObject({ taskId: id, status: "InProgress", region: REGION });
  const plain = { ...outs, userSig: botSig("intro-bot") };
  expect(await diff("StreamIngest", plain, { ...plain, roomId: 99, streamUrl: "https://media.example.com/b.mp4" })).toEqual({
    changes: true,
    replaces: ["roomId"],
    detail: { roomId: "UPDATE_REPLACE", streamUrl: "UPDATE" },
  });
});

test("refresh of a configuration object returns the values changed elsewhere as its inputs, so the engine shows drift", async () => {
  const inputs = await check("Vocabulary", { sdkAppId: APP, name: "finals", wordWeights: [{ word: "TRTC", weight: 10 }] });
  const { id, outs } = await create("Vocabulary", inputs);
  emulator.state.world.vocabularies.modify(emulator.state.world.vocabularies.get(APP, id)!, { state: 1 });
  const read = await rpc<provproto.ReadRequest, provproto.ReadResponse>("read", new provproto.ReadRequest().setUrn(urn("Vocabulary")).setId(id).setProperties(struct(outs)).setInputs(struct(inputs)));
  expect(read.getInputs()!.toJavaScript()).toMatchObject({ name: "finals", state: 1 });
  expect(read.getProperties()!.toJavaScript()).toMatchObject({ taskId: id, state: 1 });
});

test("import reads a running task by <sdkAppId>/<region>/<taskId>, and refuses an ended one and a family with no Describe", async () => {
  const inputs = await check("StreamIngest", { sdkAppId: APP, roomId: 1234, userId: "lobby-bot", userSig: botSig("lobby-bot"), streamUrl: "https://media.example.com/a.mp4" });
  const { id } = await create("StreamIngest", inputs);
  const read = (kind: string, importId: string) => rpc<provproto.ReadRequest, provproto.ReadResponse>("read", new provproto.ReadRequest().setUrn(urn(kind)).setId(importId));
  const imported = await read("StreamIngest", `${APP}/${REGION}/${id}`);
  expect(imported.getId()).toBe(id);
  expect(imported.getInputs()!.toJavaScript()).toEqual({ sdkAppId: APP, region: REGION });
  expect(imported.getProperties()!.toJavaScript()).toMatchObject({ taskId: id, status: "InProgress", __imported: true });
  expect(logged).toEqual([expect.stringMatching(/^warning: pulumi-trtc: imported StreamIngest task .*: TRTC's Describe reports its status, not the inputs it was started with\. Add roomId, userId, streamUrl /)]);

  // Until the first up, the inputs Describe cannot report are the program's; an input it reports is compared.
  const program = { ...inputs, userSig: botSig("lobby-bot") };
  const outs = imported.getProperties()!.toJavaScript() as Props;
  expect(await diff("StreamIngest", outs, program)).toEqual({ changes: false, replaces: [], detail: {} });
  expect(await diff("StreamIngest", outs, { ...program, region: "ap-guangzhou" })).toMatchObject({ replaces: ["region"] });

  // The refusal alone: the import's notice is all that was logged, not also the line refresh logs when it drops a task.
  await expect(read("StreamIngest", `${APP}/${REGION}/no-such-task`)).rejects.toThrow(/is not running in application 1400000001 in ap-singapore: it has ended or never existed/);
  expect(logged).toHaveLength(1);
  await expect(read("StreamIngest", "no-slashes")).rejects.toThrow(/is not <sdkAppId>\/<region>\/<taskId>/);
  await expect(read("RelayTask", `${APP}/${REGION}/some-relay`)).rejects.toThrow(/RelayTask cannot be imported: TRTC has no API that describes/);
});

test("import of a configuration object takes the inputs Describe reports as they are, and names the rest", async () => {
  const inputs = await check("VoicePrint", { sdkAppId: APP, name: "host", audio: wav(100), metaInfo: "the host" });
  const { id } = await create("VoicePrint", inputs);
  const imported = await rpc<provproto.ReadRequest, provproto.ReadResponse>("read", new provproto.ReadRequest().setUrn(urn("VoicePrint")).setId(`${APP}/${REGION}/${id}`));
  expect(imported.getId()).toBe(id);
  expect(imported.getInputs()!.toJavaScript()).toEqual({ sdkAppId: APP, region: REGION, name: "host", metaInfo: "the host" });
  expect(logged).toEqual([
    `warning: pulumi-trtc: imported VoicePrint ${id}: TRTC's Describe reports name, metaInfo, not the rest it was created with. ` +
      "Add audio (and any other input it was created with) to the code below, with its own values: the first `pulumi up` records them as given, and changes made after that apply as usual (docs/plugin.md).",
  ]);
  // With the program's recording added, the next up changes nothing.
  const outs = imported.getProperties()!.toJavaScript() as Props;
  expect(await diff("VoicePrint", outs, { ...inputs, audio: wav(100) })).toEqual({ changes: false, replaces: [], detail: {} });
});

test("a get reads a running task by <sdkAppId>/<region>/<taskId>, keeps the state it gives, and refuses an ended one", async () => {
  const inputs = await check("StreamIngest", { sdkAppId: APP, roomId: 1234, userId: "watched-bot", userSig: botSig("watched-bot"), streamUrl: "https://media.example.com/a.mp4" });
  const { id } = await create("StreamIngest", inputs);
  emulator.state.requests.clear();
  // The engine sends a get's state as its properties and its inputs (ReadStep).
  const get = (kind: string, getId: string, state: Props = {}) =>
    rpc<provproto.ReadRequest, provproto.ReadResponse>("read", new provproto.ReadRequest().setUrn(urn(kind)).setId(getId).setProperties(struct(state)).setInputs(struct(state)));
  const read = await get("StreamIngest", `${APP}/${REGION}/${id}`, { roomId: 1234 });
  expect(read.getId()).toBe(id);
  expect(read.getProperties()!.toJavaScript()).toEqual({ sdkAppId: APP, region: REGION, roomId: 1234, taskId: id, status: "InProgress" });
  // Nothing to add to the program, so no notice; and nothing sent but Describe.
  expect(logged).toEqual([]);
  expect(actions()).toEqual(["DescribeStreamIngest"]);

  // A configuration object by its own id.
  const vocabulary = await create("Vocabulary", await check("Vocabulary", { sdkAppId: APP, name: "watched", wordWeights: [{ word: "TRTC", weight: 10 }] }));
  expect((await get("Vocabulary", `${APP}/${REGION}/${vocabulary.id}`)).getProperties()!.toJavaScript()).toMatchObject({ taskId: vocabulary.id, name: "watched" });
  emulator.state.world.vocabularies.delete(emulator.state.world.vocabularies.get(APP, vocabulary.id)!);
  await expect(get("Vocabulary", `${APP}/${REGION}/${vocabulary.id}`)).rejects.toThrow(
    `Vocabulary ${vocabulary.id} does not exist in application ${APP} in ${REGION}: it was deleted or never existed, and only an existing vocabulary can be read by \`get\``,
  );

  emulator.state.tasks.end(emulator.state.tasks.get(id)!, "finished");
  await expect(get("StreamIngest", `${APP}/${REGION}/${id}`)).rejects.toThrow(
    `StreamIngest task ${id} is not running in application ${APP} in ${REGION}: it has ended or never existed, and only a running task can be read by \`get\``,
  );
  await expect(get("RelayTask", `${APP}/${REGION}/some-relay`)).rejects.toThrow(/RelayTask cannot be read by `get`: TRTC has no API that describes/);
  expect(logged).toEqual([]);
});

test("refresh drops a task that has ended, saying why through the engine's log", async () => {
  const inputs = await check("StreamIngest", { sdkAppId: APP, roomId: 1234, userId: "ended-bot", userSig: botSig("ended-bot"), streamUrl: "https://media.example.com/a.mp4" });
  const { id, outs } = await create("StreamIngest", inputs);
  emulator.state.tasks.end(emulator.state.tasks.get(id)!, "finished");
  const refreshed = await rpc<provproto.ReadRequest, provproto.ReadResponse>("read", new provproto.ReadRequest().setUrn(urn("StreamIngest")).setId(id).setProperties(struct(outs)).setInputs(struct(inputs)));
  expect(refreshed.hasProperties()).toBe(false);
  expect(logged).toEqual([expect.stringContaining(`warning: pulumi-trtc: refresh drops StreamIngest task ${id} (room 1234, bot ended-bot): DescribeStreamIngest answered `)]);
});

test("a lookup invoke returns its rows; a changing one does not run in a preview", async () => {
  const invoke = (tok: string, args: Props, preview = false) =>
    rpc<provproto.InvokeRequest, provproto.InvokeResponse>("invoke", new provproto.InvokeRequest().setTok(tok).setArgs(struct(args)).setPreview(preview));
  const since = new Date(Date.now() - 3600_000).toISOString();
  const rooms = await invoke("trtc:index:getRoomInfo", { sdkAppId: APP, startTime: since, limit: 3 });
  const rows = (rooms.getReturn()!.toJavaScript() as { rows: Props[] }).rows;
  expect(actions()).toContain("DescribeRoomInfo");
  expect(rows.length).toBeGreaterThan(0);
  expect(rows[0]).toHaveProperty("commId");

  emulator.state.requests.clear();
  const dismissed = await invoke("trtc:index:dismissRoom", { sdkAppId: APP, roomId: 1234, region: "ap-guangzhou" }, true);
  expect(dismissed.hasReturn()).toBe(false);
  expect(logged).toEqual(["info: pulumi-trtc: would call DismissRoom for room 1234 of application 1400000001"]);
  expect(actions()).toEqual([]);
  await invoke("trtc:index:dismissRoom", { sdkAppId: APP, roomId: 1234, region: "ap-guangzhou" });
  expect(actions()).toEqual(["DismissRoom"]);
});

// The package served as a Pulumi resource plugin (`pulumi-resource-trtc`): the registry's specs
// through the same host and engine as the dynamic provider, over Pulumi's provider protocol.
//
// Why our own service over the generated stubs in @pulumi/pulumi/proto rather than
// `@pulumi/pulumi/provider`'s main(): that server (3.248) sends no detailed diff (DiffResult has no
// place for one), never passes the config of `configure` to the provider (so no explicit provider
// could have its own account or region), gives invokes no preview flag (a changing function would
// run in every preview), and crashes on an import's ReadRequest, which has no properties. Each is
// a few lines here, where a wrapper would have to patch the server's prototypes.
import { isDeepStrictEqual } from "node:util";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { isRpcSecret, specialSecretSig, specialSigKey, unwrapRpcSecret } from "@pulumi/pulumi/runtime/rpc";
import { KIND_KEY, REGION_KEY } from "../provider/contract";
import { CREDENTIALS_KEY, listSecrets, objectSecretPaths } from "../provider/credentials";
import { type AnyFunctionSpec, apiName, clientsFor, type FunctionClients, prepareCall, sendCall } from "../provider/function";
import { providerHost } from "../provider/host";
import { WOULD_PREFIX } from "../provider/previewLog";
import type { AnyTaskSpec } from "../provider/spec";
import { type EngineLog, engineLog } from "./engineLog";
import { importedRecord, isReferenceId, notFound, parseImportId, type Reference, withImportedInputs } from "./imports";
import { Any, Empty, grpc, type grpcTypes, Struct, type structTypes } from "./proto";
import { functionToken, kindOfToken } from "./tokens";


type Props = Record<string, unknown>;
type Callback<T> = grpcTypes.sendUnaryData<T>;
type Call<T> = grpcTypes.ServerUnaryCall<T, unknown>;

const Kind = provproto.PropertyDiff.Kind;
const KINDS = {
  add: [Kind.ADD, Kind.ADD_REPLACE],
  delete: [Kind.DELETE, Kind.DELETE_REPLACE],
  update: [Kind.UPDATE, Kind.UPDATE_REPLACE],
} as const;

/** A Struct's values with the engine's secret markers taken off, and the top-level keys that held one. */
function reveal(struct: structTypes.Struct | undefined): { props: Props; secret: Set<string> } {
  const secret = new Set<string>();
  const props = (struct?.toJavaScript() ?? {}) as Props;
  const open = (value: unknown): { value: unknown; secret: boolean } => {
    if (isRpcSecret(value)) return { value: open(unwrapRpcSecret(value)).value, secret: true };
    if (Array.isArray(value)) {
      const parts = value.map(open);
      return { value: parts.map((p) => p.value), secret: parts.some((p) => p.secret) };
    }
    if (typeof value === "object" && value !== null) {
      const parts = Object.entries(value).map(([k, v]) => [k, open(v)] as const);
      return { value: Object.fromEntries(parts.map(([k, p]) => [k, p.value])), secret: parts.some(([, p]) => p.secret) };
    }
    return { value, secret: false };
  };
  for (const [key, value] of Object.entries(props)) {
    const opened = open(value);
    props[key] = opened.value;
    if (opened.secret) secret.add(key);
  }
  return { props, secret };
}

const sealed = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });

/** `value` with the member at `path` wrapped as a secret, if it is there. */
function sealAt(value: unknown, path: readonly string[]): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return path.length ? value : sealed(value);
  if (path.length === 0) return sealed(value);
  const [head, ...rest] = path;
  const record = value as Props;
  return head! in record ? { ...record, [head!]: sealAt(record[head!], rest) } : record;
}

/**
 * What goes back to the engine for a task: no kind (the type token says it), no undefined members
 * (a Struct has none), and as secrets every secret path of the spec, the credentials taken out of
 * lists, and what the program gave as a secret, but the lists those credentials left.
 */
function sealedStruct(spec: AnyTaskSpec, props: Props, givenSecret: ReadonlySet<string> = new Set()): structTypes.Struct {
  const { [KIND_KEY]: _kind, ...plain } = JSON.parse(JSON.stringify(props)) as Props;
  const lists = new Set(listSecrets(spec).map((s) => s.list));
  const paths = [...objectSecretPaths(spec), [CREDENTIALS_KEY], ...[...givenSecret].filter((k) => !lists.has(k)).map((k) => [k])];
  return Struct.fromJavaScript(paths.reduce<unknown>(sealAt, plain) as never);
}

/** An error the engine records with the task's id and state, as the dynamic provider host sends it (recordedFailure). */
function recordedError(spec: AnyTaskSpec, e: unknown): Partial<grpcTypes.StatusObject> {
  const error = e as Error & { id?: string; properties?: Props; reasons?: string[] };
  const metadata = new grpc.Metadata();
  if (error.id) {
    const detail = new provproto.ErrorResourceInitFailed();
    detail.setId(error.id);
    detail.setProperties(sealedStruct(spec, error.properties ?? {}));
    detail.setReasonsList(error.reasons ?? []);
    const details = new Any();
    details.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusproto.Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(error.message);
    status.addDetails(details);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, details: error.message ?? String(e), metadata };
}

/** Pulumi's provider protocol over the host of `specs` and the functions of `functions`. */
export interface PluginOptions {
  version: string;
  schema: string;
  specs: readonly AnyTaskSpec[];
  functions: readonly AnyFunctionSpec[];
  /** Where messages for the user go. */
  log: EngineLog;
}

export function pluginService(options: PluginOptions) {
  const { version, schema, specs, functions, log } = options;
  const host = providerHost(specs);
  const specByKind = new Map(specs.map((spec) => [spec.kind, spec]));
  const functionByToken = new Map(functions.map((spec) => [functionToken(spec), spec]));
  let clients: FunctionClients | undefined;

  const specOf = (urnOrType: string): AnyTaskSpec => {
    const type = urnOrType.startsWith("urn:") ? urnOrType.split("::")[2]!.split("$").pop()! : urnOrType;
    const spec = specByKind.get(kindOfToken(type) ?? "");
    if (!spec) throw new Error(`pulumi-resource-trtc serves no resource type ${type}: is the plugin up to date?`);
    return spec;
  };
  const kinded = (spec: AnyTaskSpec, props: Props): Props => ({ ...props, [KIND_KEY]: spec.kind });

  /** One unary method: its answer, or its failure as the engine shows it. */
  const unary =
    <Req, Res>(run: (req: Req) => Promise<Res>, failure: (req: Req, e: unknown) => Partial<grpcTypes.StatusObject> = (_, e) => ({ code: grpc.status.UNKNOWN, details: (e as Error).message ?? String(e) })) =>
    (call: Call<Req>, callback: Callback<Res>) => {
      run(call.request).then(
        (res) => callback(null, res),
        (e) => callback(failure(call.request, e), null),
      );
    };
  const unimplemented = (name: string) => (_: unknown, callback: Callback<never>) =>
    callback({ code: grpc.status.UNIMPLEMENTED, details: `${name} is not implemented by pulumi-resource-trtc` }, null);

  const service: grpcTypes.UntypedServiceImplementation = {
    getPluginInfo: unary(async () => new plugproto.PluginInfo().setVersion(version)),
    getSchema: unary(async () => new provproto.GetSchemaResponse().setSchema(schema)),
    // A default provider's config arrives as `trtc:*` variables; an explicit provider's as its args
    // too, which the engine also passes as variables: resolveSettings reads the same keys as the
    // dynamic provider. One process serves one provider, so each has its own settings and clients.
    configure: unary(async (req: provproto.ConfigureRequest) => {
      const args = reveal(req.getArgs()).props;
      const variables = req.getVariablesMap();
      const asText = (value: unknown) => (value === undefined || typeof value === "string" ? value : JSON.stringify(value));
      const get = (key: string) => variables.get(key) ?? (asText(args[key.slice("trtc:".length)]) as string | undefined);
      await host.configure({ config: { get } } as never);
      clients = undefined;
      return new provproto.ConfigureResponse().setAcceptsecrets(true).setSupportspreview(true);
    }),
    checkConfig: unimplemented("CheckConfig"),
    diffConfig: unimplemented("DiffConfig"),
    check: unary(async (req: provproto.CheckRequest) => {
      const spec = specOf(req.getUrn());
      const news = reveal(req.getNews());
      const result = await host.check(kinded(spec, reveal(req.getOlds()).props), kinded(spec, news.props));
      const resp = new provproto.CheckResponse().setInputs(sealedStruct(spec, result.inputs ?? news.props, news.secret));
      resp.setFailuresList((result.failures ?? []).map((f) => new provproto.CheckFailure().setProperty(f.property).setReason(f.reason)));
      return resp;
    }),
    diff: unary(async (req: provproto.DiffRequest) => {
      const spec = specOf(req.getUrn());
      const olds = kinded(spec, withImportedInputs(spec, reveal(req.getOlds()).props, reveal(req.getOldInputs()).props, reveal(req.getNews()).props));
      const news = kinded(spec, reveal(req.getNews()).props);
      const result = await host.diff(req.getId(), olds, news);
      const resp = new provproto.DiffResponse()
        .setChanges(result.changes ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE)
        .setReplacesList(result.replaces ?? [])
        .setDeletebeforereplace(result.deleteBeforeReplace ?? false)
        .setHasdetaileddiff(true);
      const detail = host.detailedDiff(olds, news);
      // The credentials changed alone, or with their list: replacing when a list they belong to is replaced.
      if (!isDeepStrictEqual(olds[CREDENTIALS_KEY], news[CREDENTIALS_KEY])) {
        const replace = listSecrets(spec).some((s) => result.replaces?.includes(s.list));
        detail[CREDENTIALS_KEY] = { kind: olds[CREDENTIALS_KEY] === undefined ? "add" : news[CREDENTIALS_KEY] === undefined ? "delete" : "update", replace };
      }
      const map = resp.getDetaileddiffMap();
      for (const [path, change] of Object.entries(detail)) {
        map.set(path, new provproto.PropertyDiff().setKind(KINDS[change.kind][change.replace ? 1 : 0]).setInputdiff(true));
      }
      resp.setDiffsList([...new Set(Object.keys(detail).map((p) => p.split(/[.[]/)[0]!))]);
      return resp;
    }),
    create: unary(
      async (req: provproto.CreateRequest) => {
        const spec = specOf(req.getUrn());
        const given = reveal(req.getProperties());
        // A preview asks what create would record: the inputs, with outputs not known yet.
        if (req.getPreview()) return new provproto.CreateResponse().setProperties(sealedStruct(spec, given.props, given.secret));
        const result = await host.create(kinded(spec, given.props));
        return new provproto.CreateResponse().setId(result.id).setProperties(sealedStruct(spec, result.outs ?? {}, given.secret));
      },
      (req, e) => recordedError(specOf(req.getUrn()), e),
    ),
    read: unary(async (req: provproto.ReadRequest) => {
      const spec = specOf(req.getUrn());
      // An import's request names only the id: nothing is recorded of the task yet.
      if (!req.hasProperties()) {
        const task = await referencedTask(spec, req.getId(), "import");
        const imported = importedRecord(spec, task.key, task.id, task.props);
        await log("warning", imported.notice, req.getUrn());
        return new provproto.ReadResponse().setId(imported.id).setProperties(sealedStruct(spec, imported.outputs)).setInputs(sealedStruct(spec, imported.inputs));
      }
      const recorded = reveal(req.getProperties());
      // A program's `get` names the task as an import does; its properties are the state it gives,
      // kept beside what Describe reports. The id recorded is the task's, which later refreshes read by.
      if (isReferenceId(req.getId())) {
        const task = await referencedTask(spec, req.getId(), "get", recorded.props);
        return new provproto.ReadResponse().setId(task.id).setProperties(sealedStruct(spec, task.props, recorded.secret));
      }
      const props = withImportedInputs(spec, recorded.props, reveal(req.getInputs()).props);
      // Why a task is dropped goes to the engine's log, under the resource: the plugin's stderr is not shown in every operation.
      const result = await host.read(req.getId(), kinded(spec, props), (line) => log("warning", line, req.getUrn()));
      const resp = new provproto.ReadResponse();
      // No properties: the task has ended, and the engine drops the resource.
      if (result.props) resp.setId(result.id ?? req.getId()).setProperties(sealedStruct(spec, result.props, recorded.secret));
      // A configuration object's values changed elsewhere are its inputs too: the engine shows them as drift.
      if (result.props && result.inputs) resp.setInputs(sealedStruct(spec, result.inputs, recorded.secret));
      return resp;
    }),
    update: unary(
      async (req: provproto.UpdateRequest) => {
        const spec = specOf(req.getUrn());
        const news = reveal(req.getNews());
        if (req.getPreview()) return new provproto.UpdateResponse().setProperties(sealedStruct(spec, news.props, news.secret));
        const olds = withImportedInputs(spec, reveal(req.getOlds()).props, reveal(req.getOldInputs()).props, news.props);
        const result = await host.update(req.getId(), kinded(spec, olds), kinded(spec, news.props));
        return new provproto.UpdateResponse().setProperties(sealedStruct(spec, result.outs ?? {}, news.secret));
      },
      (req, e) => recordedError(specOf(req.getUrn()), e),
    ),
    delete: unary(async (req: provproto.DeleteRequest) => {
      const spec = specOf(req.getUrn());
      const props = withImportedInputs(spec, reveal(req.getProperties()).props, reveal(req.getOldInputs()).props);
      await host.remove(req.getId(), kinded(spec, props));
      return new Empty();
    }),
    // Functions: a lookup runs in previews too; a changing function never does (the request's
    // preview flag), and logs what it would do as the program-side wrappers do (invoke.ts).
    invoke: unary(async (req: provproto.InvokeRequest) => {
      const spec = functionByToken.get(req.getTok());
      if (!spec) throw new Error(`pulumi-resource-trtc serves no function ${req.getTok()}: is the plugin up to date?`);
      const settings = host.settings();
      const prepared = prepareCall(spec, reveal(req.getArgs()).props, settings);
      const resp = new provproto.InvokeResponse();
      if (spec.changes && req.getPreview()) {
        await log("info", `${WOULD_PREFIX}call ${apiName(prepared.call)}${spec.describe ? ` ${spec.describe(prepared.args)}` : ""}`);
        return resp;
      }
      const result = await sendCall(spec, prepared, (clients ??= clientsFor(settings)));
      // An invoke returns an object: a lookup's rows go in `rows` (the schema says so too).
      return resp.setReturn(Struct.fromJavaScript(JSON.parse(JSON.stringify(Array.isArray(result) ? { rows: result } : result))));
    }),
    cancel: unary(async () => new Empty()),
    attach: unary(async () => new Empty()),
    handshake: unimplemented("Handshake"),
    parameterize: unimplemented("Parameterize"),
    construct: unimplemented("Construct"),
    call: unimplemented("Call"),
    getMapping: unimplemented("GetMapping"),
    getMappings: unimplemented("GetMappings"),
    list: (call: grpcTypes.ServerWritableStream<unknown, unknown>) =>
      call.emit("error", { code: grpc.status.UNIMPLEMENTED, details: "List is not implemented by pulumi-resource-trtc" }),
  };

  /** The running task an import or `get` id names, read as refresh reads it with `given` beside; an ended one is refused. */
  async function referencedTask(spec: AnyTaskSpec, id: string, by: Reference, given: Props = {}) {
    const key = parseImportId(spec, id, by);
    // Quiet about an ended task: the refusal below says it, where refresh would say it drops one.
    const result = await host.read(key.taskId, kinded(spec, { ...given, sdkAppId: key.sdkAppId, [REGION_KEY]: key.region }), () => {});
    if (!result.props) throw new Error(notFound(spec, key, by));
    return { key, id: result.id ?? key.taskId, props: result.props };
  }

  return service;
}

/**
 * Serves the protocol on a free local port and prints the port, which is how the engine finds a
 * plugin; messages go to the engine at `engineAddress`, the plugin's first argument.
 */
export async function serve(options: Omit<PluginOptions, "log">, engineAddress: string | undefined): Promise<void> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": 1 << 30 });
  server.addService(provrpc.ResourceProviderService as never, pluginService({ ...options, log: engineLog(engineAddress) }));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
  );
  console.log(String(port));
}

import type * as dynamic from "@pulumi/pulumi/dynamic";
import * as resources from "../resources";
import { TrtcClient } from "./client";
import { type ListSecret, listSecrets, withCredentialsApart, withCredentialsIn } from "./credentials";
import { KIND_KEY, TaskEngine } from "./engine";
import { isTaskSpec } from "./spec";
import { resolveSettings, Settings } from "./settings";

// The provider runtime: what the serialised stub loads by package name inside Pulumi's dynamic
// provider process. It is loaded once per process, so settings, clients and the rate limiter are
// shared by every resource of a `pulumi up`.

let settings: Settings = resolveSettings(() => undefined);
let client: TrtcClient | undefined;

type Props = Record<string, unknown>;

const specs = new Map(Object.values(resources as Record<string, unknown>).filter(isTaskSpec).map((spec) => [spec.kind, spec]));
const engines = new Map([...specs].map(([kind, spec]) => [kind, new TaskEngine(spec, currentClient, () => settings)]));

function currentClient(): TrtcClient {
  client ??= new TrtcClient(settings);
  return client;
}

function engine(props: Record<string, unknown>): TaskEngine {
  const kind = props[KIND_KEY];
  const found = typeof kind === "string" ? engines.get(kind) : undefined;
  if (!found) throw new Error(`pulumi-trtc: unknown resource kind ${JSON.stringify(kind)}: is pulumi-trtc up to date?`);
  return found;
}

export async function configure(req: dynamic.ConfigureRequest): Promise<void> {
  settings = resolveSettings((key) => req.config.get(key));
  client = undefined;
}

// The engine works on whole values: credentials the program kept apart from their lists are put
// back on the way in, and taken out again from everything that goes back to Pulumi (credentials.ts).
const inward = (props: Props) => withCredentialsIn(secretsOf(props), props);
const outward = (props: Props, like: Props): Props => withCredentialsApart(secretsOf(like), props);

function secretsOf(props: Props): ListSecret[] {
  const kind = props[KIND_KEY];
  return typeof kind === "string" ? (listSecretsByKind.get(kind) ?? []) : [];
}

const listSecretsByKind = new Map([...engines.keys()].map((kind) => [kind, listSecrets(specs.get(kind)!)]));

/** A failure whose properties Pulumi records (see recordedFailure in engine.ts) records them with credentials apart. */
async function recording<T>(like: Props, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const failure = e as { properties?: Props };
    if (failure && typeof failure === "object" && failure.properties) failure.properties = outward(failure.properties, like);
    throw e;
  }
}

export async function check(olds: Props, news: Props): Promise<dynamic.CheckResult> {
  const result = await engine(news).check(inward(olds), inward(news));
  return { ...result, inputs: result.inputs && outward(result.inputs, news) };
}
export const diff = (id: string, olds: Props, news: Props) => engine(olds).diff(id, inward(olds), inward(news));
export async function create(inputs: Props): Promise<dynamic.CreateResult> {
  const result = await recording(inputs, () => engine(inputs).create(inward(inputs)));
  return { ...result, outs: result.outs && outward(result.outs, inputs) };
}
export async function read(id: string, props: Props): Promise<dynamic.ReadResult> {
  const result = await engine(props).read(id, inward(props));
  return {
    ...result,
    ...(result.props && { props: outward(result.props, props) }),
    ...(result.inputs && { inputs: outward(result.inputs, props) }),
  };
}
export async function update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> {
  const result = await recording(news, () => engine(news).update(id, inward(olds), inward(news)));
  return { ...result, outs: result.outs && outward(result.outs, news) };
}
export const remove = (id: string, props: Props) => engine(props).delete(id, inward(props));

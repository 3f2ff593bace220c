import type * as dynamic from "@pulumi/pulumi/dynamic";
import * as resources from "../resources";
import { TrtcClient } from "./client";
import { KIND_KEY, TaskEngine } from "./engine";
import { isTaskSpec } from "./spec";
import { resolveSettings, Settings } from "./settings";

// The provider runtime: what the serialised stub loads by package name inside Pulumi's dynamic
// provider process. It is loaded once per process, so settings, clients and the rate limiter are
// shared by every resource of a `pulumi up`.

let settings: Settings = resolveSettings(() => undefined);
let client: TrtcClient | undefined;

const engines = new Map(
  Object.values(resources as Record<string, unknown>)
    .filter(isTaskSpec)
    .map((spec) => [spec.kind, new TaskEngine(spec, currentClient, () => settings)]),
);

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

export const check = (olds: Record<string, unknown>, news: Record<string, unknown>) => engine(news).check(olds, news);
export const diff = (id: string, olds: Record<string, unknown>, news: Record<string, unknown>) =>
  engine(olds).diff(id, olds, news);
export const create = (inputs: Record<string, unknown>) => engine(inputs).create(inputs);
export const read = (id: string, props: Record<string, unknown>) => engine(props).read(id, props);
export const update = (id: string, olds: Record<string, unknown>, news: Record<string, unknown>) =>
  engine(news).update(id, olds, news);
export const remove = (id: string, props: Record<string, unknown>) => engine(props).delete(id, props);

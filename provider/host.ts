import type * as dynamic from "@pulumi/pulumi/dynamic";
import { TrtcClient } from "./client";
import { KIND_KEY } from "./contract";
import { TaskEngine } from "./engine";
import { resolveSettings, type Settings } from "./settings";
import type { AnyTaskSpec } from "./spec";

type Props = Record<string, unknown>;

/**
 * The dynamic provider methods for a registry of task specs, as Pulumi's dynamic provider process
 * calls them. That process loads them once, so settings, clients and the rate limiter are shared
 * by every resource of a `pulumi up`.
 */
export function providerHost(specs: readonly AnyTaskSpec[]) {
  let settings: Settings = resolveSettings(() => undefined);
  let client: TrtcClient | undefined;
  const currentClient = () => (client ??= new TrtcClient(settings));
  const engines = new Map(specs.map((spec) => [spec.kind, new TaskEngine(spec, currentClient, () => settings)]));

  const engine = (props: Props): TaskEngine => {
    const kind = props[KIND_KEY];
    const found = typeof kind === "string" ? engines.get(kind) : undefined;
    if (!found) throw new Error(`pulumi-trtc: unknown resource kind ${JSON.stringify(kind)}: is pulumi-trtc up to date?`);
    return found;
  };

  return {
    async configure(req: dynamic.ConfigureRequest): Promise<void> {
      settings = resolveSettings((key) => req.config.get(key));
      client = undefined;
    },
    check: (olds: Props, news: Props) => engine(news).check(olds, news),
    diff: (id: string, olds: Props, news: Props) => engine(olds).diff(id, olds, news),
    create: (inputs: Props) => engine(inputs).create(inputs),
    read: (id: string, props: Props) => engine(props).read(id, props),
    update: (id: string, olds: Props, news: Props) => engine(news).update(id, olds, news),
    remove: (id: string, props: Props) => engine(props).delete(id, props),
  };
}

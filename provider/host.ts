import type * as dynamic from "@pulumi/pulumi/dynamic";
import { TrtcClient } from "./client";
import { KIND_KEY } from "./contract";
import { type ListSecret, listSecrets, withCredentialsApart, withCredentialsIn } from "./credentials";
import { type EndedSink, TaskEngine } from "./engine";
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
  const listSecretsByKind = new Map(specs.map((spec) => [spec.kind, listSecrets(spec)]));

  const engine = (props: Props): TaskEngine => {
    const kind = props[KIND_KEY];
    const found = typeof kind === "string" ? engines.get(kind) : undefined;
    if (!found) throw new Error(`pulumi-trtc: unknown resource kind ${JSON.stringify(kind)}: is pulumi-trtc up to date?`);
    return found;
  };

  // The engine works on whole values: credentials the program kept apart from their lists are put
  // back on the way in, and taken out again from everything that goes back to Pulumi (credentials.ts).
  const secretsOf = (props: Props): ListSecret[] => listSecretsByKind.get(String(props[KIND_KEY])) ?? [];
  const inward = (props: Props) => withCredentialsIn(secretsOf(props), props);
  const outward = (props: Props, like: Props): Props => withCredentialsApart(secretsOf(like), props);
  /** A failure whose properties Pulumi records (recordedFailure) records them with credentials apart. */
  const recording = async <T>(like: Props, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      const failure = e as { properties?: Props } | null;
      if (failure && typeof failure === "object" && failure.properties) failure.properties = outward(failure.properties, like);
      throw e;
    }
  };

  return {
    async configure(req: dynamic.ConfigureRequest): Promise<void> {
      settings = resolveSettings((key) => req.config.get(key));
      client = undefined;
    },
    async check(olds: Props, news: Props): Promise<dynamic.CheckResult> {
      const result = await engine(news).check(inward(olds), inward(news));
      return { ...result, inputs: result.inputs && outward(result.inputs, news) };
    },
    diff: (id: string, olds: Props, news: Props) => engine(olds).diff(id, inward(olds), inward(news)),
    /**
     * The change path by path, on the values as state and previews hold them (credentials apart,
     * so a list shows which element changed and a credential changes under CREDENTIALS_KEY alone).
     */
    detailedDiff: (olds: Props, news: Props) => engine(olds).detailedDiff(olds, news),
    /** The settings the last configure resolved, for the calls a plugin makes beside the resources (invokes). */
    settings: (): Settings => settings,
    async create(inputs: Props): Promise<dynamic.CreateResult> {
      const result = await recording(inputs, () => engine(inputs).create(inward(inputs)));
      return { ...result, outs: result.outs && outward(result.outs, inputs) };
    },
    /** `onEnded`: see TaskEngine.read. */
    async read(id: string, props: Props, onEnded?: EndedSink): Promise<dynamic.ReadResult> {
      const result = await recording(props, () => engine(props).read(id, inward(props), onEnded));
      return {
        ...result,
        ...(result.props && { props: outward(result.props, props) }),
        ...(result.inputs && { inputs: outward(result.inputs, props) }),
      };
    },
    async update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult> {
      const result = await recording(news, () => engine(news).update(id, inward(olds), inward(news)));
      return { ...result, outs: result.outs && outward(result.outs, news) };
    },
    remove: (id: string, props: Props) => engine(props).delete(id, inward(props)),
  };
}

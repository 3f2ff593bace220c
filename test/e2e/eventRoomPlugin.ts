import { DEFAULT_APP_KEY, DEFAULT_CREDENTIALS, DEFAULT_SDK_APP_ID, type RunningEmulator } from "../../emulator";
import { TrtcClient } from "../../provider/client";
import { resolveSettings } from "../../provider/settings";
import { streamIngest } from "../../resources/streamIngest";
import { botSig, REGION, SECRET_ID, SECRET_KEY } from "../helpers";
import { describeWithEngine, type ExampleSuite, locateBuild, type ProgramOptions, useExampleStack } from "./engine";

// What the plugin event-room programs (examples/yaml-event-room, examples/python-event-room,
// examples/plugin-sdk) share under the real engine: their config, a second emulator account for the partner's explicit
// provider, the checks both make, and a script that runs tasks outside Pulumi for import and `get`.

export const PARTNER_ID = "AKIDpartnerEmulatorKey";
export const PARTNER_KEY = "partner-secret-key";
export const PARTNER_APP = 1400000002;
export const PARTNER_APP_KEY = "partner-app-secret-key";
export const PUSH_URL = "rtmp://push.example.com/live/launch?txSecret=push-token-plaintext&txTime=7258118400";
export const LLM_KEY = "sk-llm-key-plaintext";
const PLAINTEXTS = ["push-token-plaintext", LLM_KEY, SECRET_KEY, PARTNER_KEY, PARTNER_APP_KEY, DEFAULT_APP_KEY];

export interface EventRoomSuite extends ExampleSuite {
  requests(): ReturnType<ExampleSuite["emulator"]["state"]["requests"]["list"]>;
  /** The actions of the requests since the current test began that name the task `taskId`. */
  actionsOn(taskId: string): string[];
  /** TRTC's own calls against the suite's emulator, as a script outside Pulumi makes them. */
  script(): TrtcScript;
  /** Fails when `text` holds a credential the program was given (or one of `more`). */
  expectNoPlaintext(text: string, more?: readonly string[]): void;
}

/**
 * `describeWithEngine` for a plugin program that needs a language host the CLI build lacks: fails
 * (CI included) when `script --locate` finds none; otherwise `suite` gets the host's directory.
 */
export function describeWithHost(name: string, script: string, missing: string, suite: (bin: string, host: string) => void): void {
  describeWithEngine(name, (bin) => {
    const host = locateBuild(script, missing);
    // Never a silent pass: without the host the suite fails, as without the CLI.
    if ("missing" in host) {
      test(`${script} has built the language host`, () => {
        throw new Error(host.missing);
      });
      return;
    }
    suite(bin, host.bin);
  });
}

/**
 * A stack of an event-room example through pulumi-resource-trtc, the partner at the emulator's
 * address: the plugin installed from `options.plugins`, or else the package's bin on PATH (which
 * would win over an installed one).
 */
export function useEventRoomStack(bin: string, example: string, options: Pick<ProgramOptions, "path" | "env" | "plugins">): EventRoomSuite {
  const secret = (value: string) => ({ value, secret: true });
  const suite = useExampleStack(
    bin,
    example,
    {
      "trtc:sdkSecretKey": secret(DEFAULT_APP_KEY),
      cdnPushUrl: secret(PUSH_URL),
      llmApiKey: secret(LLM_KEY),
      roomsSince: { value: new Date(Date.now() - 3600_000).toISOString() },
      partnerSdkAppId: { value: String(PARTNER_APP) },
      partnerSecretId: { value: PARTNER_ID },
      partnerSecretKey: secret(PARTNER_KEY),
      partnerSdkSecretKey: secret(PARTNER_APP_KEY),
      partnerRegion: { value: "ap-jakarta" },
    },
    {
      ...options,
      ...(!options.plugins && { packageBins: true as const }),
      emulator: {
        credentials: { ...DEFAULT_CREDENTIALS, [PARTNER_ID]: PARTNER_KEY },
        appKeys: { [DEFAULT_SDK_APP_ID]: DEFAULT_APP_KEY, [PARTNER_APP]: PARTNER_APP_KEY },
      },
    },
  );
  // The partner's account is another emulator account, at the emulator's address.
  beforeAll(() => suite.env.stack.setConfig("partnerEndpoint", { value: suite.emulator.url }));
  let script: TrtcScript | undefined;
  return Object.assign(suite, {
    requests: () => suite.emulator.state.requests.list(),
    actionsOn: (taskId: string) =>
      suite.emulator.state.requests
        .list()
        .filter((r) => (r.params as { TaskId?: unknown }).TaskId === taskId)
        .map((r) => r.action),
    script: () => (script ??= trtcScript(suite.emulator)),
    expectNoPlaintext: (text: string, more: readonly string[] = []) => {
      for (const plaintext of [...PLAINTEXTS, ...more]) expect(text).not.toContain(plaintext);
    },
  });
}

/**
 * Has a script start a task and the program read it by `StreamIngest.get` (config watchedIntro):
 * the up changes nothing, the task's status is a stack output, and Describe is all it is sent.
 * Returns the task's id.
 */
export async function expectReadByGet(suite: EventRoomSuite): Promise<string> {
  const watched = await suite.script().start("watch-party", "watched-bot", "https://media.example.com/watch.mp4");
  await suite.env.stack.setConfig("watchedIntro", { value: suite.script().idOf(watched) });
  suite.emulator.state.requests.clear();
  const up = await suite.env.stack.up();
  // A read is no change: the summary counts none.
  expect(changesOf(up.summary.resourceChanges)).toEqual({});
  expect(up.outputs.watchedIntroStatus!.value).toBe("InProgress");
  expect(suite.actionsOn(watched)).toEqual(["DescribeStreamIngest"]);
  return watched;
}

/** The changes of an update summary, without the resources left as they were. */
export function changesOf(summary: Record<string, number> | undefined): Record<string, number> {
  return Object.fromEntries(Object.entries(summary ?? {}).filter(([op]) => op !== "same"));
}

export type TrtcScript = ReturnType<typeof trtcScript>;

/**
 * TRTC's own StreamIngest calls against `emulator`, as a script outside Pulumi makes them: the
 * tasks a stack imports or reads by `get`, in the default application and region.
 */
function trtcScript(emulator: RunningEmulator) {
  const client = new TrtcClient(resolveSettings(() => undefined, { TENCENTCLOUD_SECRET_ID: SECRET_ID, TENCENTCLOUD_SECRET_KEY: SECRET_KEY, TRTC_ENDPOINT: emulator.url }));
  return {
    /** Starts a looping task of `userId`'s bot in `roomId`; its task id. */
    async start(roomId: string, userId: string, streamUrl: string): Promise<string> {
      const inputs = streamIngest.inputs.parse({ sdkAppId: DEFAULT_SDK_APP_ID, roomId, userId, userSig: botSig(userId), streamUrl, repeatNum: -1 });
      return String((await client.call("StartStreamIngest", streamIngest.start.request(inputs), "start", REGION)).TaskId);
    },
    stop: (taskId: string) => client.call("StopStreamIngest", { SdkAppId: DEFAULT_SDK_APP_ID, TaskId: taskId }, "change", REGION),
    /** The id `pulumi import` and `get` name the task by. */
    idOf: (taskId: string) => `${DEFAULT_SDK_APP_ID}/${REGION}/${taskId}`,
  };
}

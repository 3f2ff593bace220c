// trtc:sdkAppId (TRTC_SDK_APP_ID) as the application of every resource and function that names
// none: check fills it in, so previews show it and state keeps it explicit; functions likewise.
import * as trtc from "../index";
import * as runtime from "../provider/runtime";
import { DEFAULT_APP_KEY } from "../emulator";
import { resolveSettings } from "../provider/settings";
import { botSig, configureRuntime, REGION, SECRET_ID, SECRET_KEY, useProviderEmulator } from "./helpers";

const APP = 1400000001;
const suite = useProviderEmulator();

const stack = (more: Record<string, string> = {}) =>
  configureRuntime({ "trtc:secretId": SECRET_ID, "trtc:secretKey": SECRET_KEY, "trtc:region": REGION, "trtc:endpoint": suite.emulator.url, ...more });

const ingest = {
  __kind: "StreamIngest",
  roomId: 1234,
  userId: "ingest-bot",
  userSig: botSig("ingest-bot"),
  streamUrl: "https://media.example.com/intro.mp4",
};

describe("resources", () => {
  afterAll(() => stack());

  test("check fills in the stack's application where a resource names none, in the schema's place", async () => {
    await stack({ "trtc:sdkAppId": String(APP) });
    const result = await runtime.check({}, ingest);
    expect(result.failures ?? []).toEqual([]);
    expect(result.inputs).toMatchObject({ sdkAppId: APP });
    expect(Object.keys(result.inputs!)[0]).toBe("sdkAppId");
    const { id, outs } = await runtime.create(result.inputs!);
    expect(suite.emulator.state.requests.list().find((r) => r.action === "StartStreamIngest")?.params).toMatchObject({ SdkAppId: APP });
    expect(outs).toMatchObject({ sdkAppId: APP });
    await runtime.remove(id, outs);
  });

  test("a resource's own application wins", async () => {
    await stack({ "trtc:sdkAppId": "1400000999" });
    const result = await runtime.check({}, { ...ingest, sdkAppId: APP });
    expect(result.inputs).toMatchObject({ sdkAppId: APP });
  });

  test("with neither, check names both ways to give one", async () => {
    await stack();
    const result = await runtime.check({}, ingest);
    expect(result.failures).toEqual([
      { property: "sdkAppId", reason: "not set: give the StreamIngest an sdkAppId, or set trtc:sdkAppId or TRTC_SDK_APP_ID" },
    ]);
  });
});

describe("functions", () => {
  const settings = (more: trtc.FunctionSettings = {}): trtc.FunctionOptions => ({
    settings: { secretId: SECRET_ID, secretKey: SECRET_KEY, region: "ap-guangzhou", endpoint: suite.emulator.url, sdkSecretKey: DEFAULT_APP_KEY, ...more },
  });
  const sent = (action: string) => suite.emulator.state.requests.list().filter((r) => r.action === action).map((r) => r.params);

  test("a function call that names no application takes the settings'", async () => {
    suite.emulator.state.rooms.join(APP, "lobby", "alice");
    await trtc.dismissRoom({ roomId: "lobby" }, settings({ sdkAppId: APP }));
    expect(sent("DismissRoomByStrRoomId")).toEqual([{ SdkAppId: APP, RoomId: "lobby" }]);
  });

  test("an optional application keeps its meaning when left out: getTrtcUsage reads the whole account", async () => {
    const today = new Date().toISOString().slice(0, 10);
    await trtc.getTrtcUsage({ startTime: today, endTime: today }, settings({ sdkAppId: APP }));
    expect(sent("DescribeTrtcUsage").map((p) => (p as Record<string, unknown>).SdkAppId)).toEqual([undefined]);
  });

  test("with neither, the ValidationError names both ways to give one", async () => {
    const error = await trtc.dismissRoom({ roomId: "lobby" }, settings()).catch((e) => e);
    expect(error).toBeInstanceOf(trtc.ValidationError);
    expect(error.failures).toEqual(["sdkAppId: not set: give dismissRoom an sdkAppId, or set trtc:sdkAppId or TRTC_SDK_APP_ID"]);
    expect(suite.emulator.state.requests.list()).toEqual([]);
  });
});

test("TRTC_SDK_APP_ID sets it too; a value that is no SDKAppID is a ConfigError", () => {
  expect(resolveSettings(() => undefined, { TRTC_SDK_APP_ID: "1400000002" }).sdkAppId).toBe(1400000002);
  expect(() => resolveSettings((k) => (k === "trtc:sdkAppId" ? "my-app" : undefined))).toThrow(
    new trtc.ConfigError('trtc:sdkAppId "my-app" is not an SDKAppID: use the application\'s number, e.g. 1400000001'),
  );
});

// The function machinery, against the emulator over real HTTP: arguments validated before any
// call (each failure naming the argument and the rule), the room id's type choosing the API twin,
// retries by what a call does, where settings come from, and the preview guard.
import * as pulumi from "@pulumi/pulumi";
import * as trtc from "../index";
import { getBattleInfoSpec } from "../functions/battle";
import { removeUserSpec } from "../functions/moderation";
import { DEFAULT_APP_KEY, type RunningEmulator, startEmulator } from "../emulator";
import { TrtcClient } from "../provider/client";
import { clientsFor, runFunction } from "../provider/function";
import { LiveClient } from "../provider/liveClient";
import { resolveSettings, type Settings } from "../provider/settings";
import { reviewPreview } from "../review";
import { SECRET_ID, SECRET_KEY } from "./helpers";

const APP = 1400000001;
const FAST = { retries: 3, minTimeoutMs: 1, maxTimeoutMs: 5 };

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.state.reset());

/** What a script passes: everything it needs, nothing from stack config or the environment. */
const settings = (more: trtc.FunctionSettings = {}): trtc.FunctionSettings => ({
  secretId: SECRET_ID,
  secretKey: SECRET_KEY,
  region: "ap-guangzhou",
  endpoint: emulator.url,
  sdkSecretKey: DEFAULT_APP_KEY,
  ...more,
});
const opts = (more: trtc.FunctionSettings = {}) => ({ settings: settings(more) });
const received = () => emulator.state.requests.list().map((r) => ({ action: r.action, params: r.params }));
const join = (roomId: number | string, ...userIds: string[]) => userIds.forEach((u) => emulator.state.rooms.join(APP, roomId, u));

describe("arguments", () => {
  const elevenUsers = Array.from({ length: 11 }, (_, i) => `user-${i}`);
  it.each([
    ["removeUser", "userIds: must list at most 10 users", () => trtc.removeUser({ sdkAppId: APP, roomId: 1, userIds: elevenUsers }, opts())],
    ["removeUser", "userIds: must list at least one user", () => trtc.removeUser({ sdkAppId: APP, roomId: 1, userIds: [] }, opts())],
    ["removeUser", "userIds.1: must be the id of a user in the room: 1 to 32 letters, digits, _ or -", () => trtc.removeUser({ sdkAppId: APP, roomId: 1, userIds: ["alice", ""] }, opts())],
    ["dismissRoom", "roomId: must be an integer room number from 1 to 4294967294", () => trtc.dismissRoom({ sdkAppId: APP, roomId: 0 }, opts())],
    ["dismissRoom", "sdkAppId: not set: give dismissRoom an sdkAppId, or set trtc:sdkAppId or TRTC_SDK_APP_ID", () => trtc.dismissRoom({ roomId: 1 } as never, opts())],
    ["dismissRoom", "sdkAppId: must be a whole number", () => trtc.dismissRoom({ sdkAppId: 1.5, roomId: 1 }, opts())],
    ["dismissRoom", "roomId: is required; roomID: is not an argument of dismissRoom; did you mean roomId?", () => trtc.dismissRoom({ sdkAppId: APP, roomID: 1 } as never, opts())],
    ["dismissRoom", "arguments: must be an object", () => trtc.dismissRoom(null as never, opts())],
    ["setUserBlocked", 'blocked: must be true (audio and video), "audio", "video" or false (unblock)', () => trtc.setUserBlocked({ sdkAppId: APP, roomId: 1, userId: "alice", blocked: "mute" as never }, opts())],
    ["createBattle", 'toRoomIds.1: must not be fromRoomId; toRoomIds.2: repeats "pk-2"', () => trtc.createBattle({ sdkAppId: APP, fromRoomId: "pk-1", toRoomIds: ["pk-2", "pk-1", "pk-2"], duration: 1000 }, opts())],
    ["createBattle", "duration: must be 1 or more", () => trtc.createBattle({ sdkAppId: APP, fromRoomId: "pk-1", toRoomIds: ["pk-2"], duration: 0 }, opts())],
    ["createBattle", "region: is not an argument of createBattle", () => trtc.createBattle({ sdkAppId: APP, fromRoomId: "pk-1", toRoomIds: ["pk-2"], duration: 1, region: "ap-guangzhou" } as never, opts())],
    ["getBattleInfo", "battleId: is required unless roomId is given (to read that room's battle)", () => trtc.getBattleInfo({ sdkAppId: APP }, opts())],
  ])("%s: %s", async (name, failures, call) => {
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(trtc.ValidationError);
    expect(error).toMatchObject({ message: `${name}: ${failures}`, functionName: name, failures: failures.split(/; (?!did you mean)/) });
    expect(received()).toEqual([]);
  });

  it("the region must serve the API the room id chose; a call's own region wins over the settings'", async () => {
    join("lobby", "alice");
    const inSingapore = opts({ region: "ap-singapore" });
    await expect(trtc.dismissRoom({ sdkAppId: APP, roomId: 1234 }, inSingapore)).rejects.toThrow(
      'dismissRoom: region: DismissRoom is served only in ap-beijing, ap-guangzhou, ap-mumbai; got "ap-singapore"',
    );
    expect(received()).toEqual([]);
    await trtc.dismissRoom({ sdkAppId: APP, roomId: "lobby" }, inSingapore);
    join(1234, "bob");
    await trtc.dismissRoom({ sdkAppId: APP, roomId: 1234, region: "ap-mumbai" }, inSingapore);
    expect(emulator.state.requests.list().map((r) => [r.action, r.region])).toEqual([
      ["DismissRoomByStrRoomId", "ap-singapore"],
      ["DismissRoom", "ap-mumbai"],
    ]);
  });

  it("a missing region names every way to give one", async () => {
    const env = { ...process.env };
    delete process.env.TENCENTCLOUD_REGION;
    try {
      const { region: _none, ...noRegion } = settings();
      await expect(trtc.dismissRoom({ sdkAppId: APP, roomId: 1 }, { settings: noRegion })).rejects.toThrow(
        "dismissRoom: region: not set: give dismissRoom a region, or set trtc:region or TENCENTCLOUD_REGION",
      );
    } finally {
      process.env = env;
    }
  });
});

describe("the room id's type picks the API", () => {
  it.each([
    ["dismissRoom", { sdkAppId: APP }, "DismissRoom", {}],
    ["removeUser", { sdkAppId: APP, userIds: ["alice"] }, "RemoveUser", { UserIds: ["alice"] }],
    ["setUserBlocked", { sdkAppId: APP, userId: "alice", blocked: "video" }, "SetUserBlocked", { UserId: "alice", IsMute: 3 }],
  ] as const)("%s: a number is an integer room, a string (even of digits) a string room", async (name, args, action, params) => {
    join(1234, "alice");
    join("1234", "alice");
    const fn = trtc[name] as (args: object, opts: object) => Promise<unknown>;
    await fn({ ...args, roomId: 1234 }, opts());
    await fn({ ...args, roomId: "1234" }, opts());
    const stringRoom = action === "SetUserBlocked" ? { StrRoomId: "1234" } : { RoomId: "1234" };
    expect(received()).toEqual([
      { action, params: { SdkAppId: APP, RoomId: 1234, ...params } },
      { action: `${action}ByStrRoomId`, params: { SdkAppId: APP, ...stringRoom, ...params } },
    ]);
  });

  it("setUserBlocked maps blocked to IsMute: false 0, true 1, audio 2, video 3", async () => {
    join("lobby", "alice");
    for (const blocked of [false, true, "audio", "video"] as const) {
      await trtc.setUserBlocked({ sdkAppId: APP, roomId: "lobby", userId: "alice", blocked }, opts());
    }
    expect(received().map((r) => (r.params as { IsMute: number }).IsMute)).toEqual([0, 1, 2, 3]);
  });
});

describe("retries", () => {
  const clients = (s: Settings) => ({ trtc: new TrtcClient(s, FAST), live: new LiveClient(s, FAST) });
  const resolved = () => resolveSettings((key) => (settings() as Record<string, string>)[key.slice("trtc:".length)], {});
  const outcomes = () => emulator.state.requests.list().map((r) => r.outcome);

  it("a changing call is sent again only when the error proves it did not run", async () => {
    join("lobby", "alice");
    emulator.state.faults.add({ action: "RemoveUserByStrRoomId", code: "RequestLimitExceeded", count: 1 });
    await runFunction(removeUserSpec, { sdkAppId: APP, roomId: "lobby", userIds: ["alice"] }, clients(resolved()));
    expect(outcomes()).toEqual(["RequestLimitExceeded", "ok"]);

    // An internal error may have removed the user already: reported, never repeated.
    emulator.state.requests.clear();
    emulator.state.faults.add({ action: "RemoveUserByStrRoomId", code: "InternalError", count: 1 });
    const error = await runFunction(removeUserSpec, { sdkAppId: APP, roomId: "lobby", userIds: ["alice"] }, clients(resolved())).catch((e) => e);
    expect(error).toMatchObject({ name: "TrtcError", action: "RemoveUserByStrRoomId", code: "InternalError" });
    expect(outcomes()).toEqual(["InternalError"]);
  });

  it("a lookup is retried on transient failures too", async () => {
    const battle = await trtc.createBattle({ sdkAppId: APP, fromRoomId: "pk-1", toRoomIds: ["pk-2"], duration: 60_000 }, opts());
    emulator.state.requests.clear();
    emulator.state.faults.add({ action: "live_engine_http_pk/get_battle_info", code: "100001", count: 1 });
    emulator.state.faults.add({ action: "live_engine_http_pk/get_battle_info", httpStatus: 502, count: 1 });
    const info = await runFunction(getBattleInfoSpec, { sdkAppId: APP, battleId: battle!.battleId }, clients(resolved()));
    expect(info.battleId).toBe(battle!.battleId);
    expect(outcomes()).toEqual(["100001", "HTTP 502", "ok"]);
  });

  it("the core runs with the clients it is given, as the provider process will", async () => {
    join(77, "stray-bot");
    await runFunction(removeUserSpec, { sdkAppId: APP, roomId: 77, userIds: ["stray-bot"] }, clientsFor(resolved()));
    expect(emulator.state.rooms.present({ sdkAppId: APP, roomId: "77", roomIdType: 1 })).toEqual([]);
  });
});

describe("settings", () => {
  const dead = "http://127.0.0.1:1";
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    env = { ...process.env };
    Object.assign(process.env, {
      TENCENTCLOUD_SECRET_ID: SECRET_ID,
      TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
      TENCENTCLOUD_REGION: "ap-guangzhou",
      TRTC_ENDPOINT: dead,
    });
    join("lobby", "alice");
  });
  afterEach(() => {
    process.env = env;
    pulumi.runtime.setAllConfig({});
  });
  const block = (o?: trtc.FunctionOptions) => trtc.setUserBlocked({ sdkAppId: APP, roomId: "lobby", userId: "alice", blocked: true }, o);

  it("stack config wins over the environment, key by key", async () => {
    pulumi.runtime.setConfig("trtc:endpoint", emulator.url);
    await block();
    expect(received()).toHaveLength(1);
  });

  it("the environment serves a plain script", async () => {
    process.env.TRTC_ENDPOINT = emulator.url;
    await block();
    expect(received()).toHaveLength(1);
  });

  it("settings given to the call win over stack config and the environment", async () => {
    pulumi.runtime.setConfig("trtc:endpoint", dead);
    await block({ settings: { endpoint: emulator.url } });
    expect(received()).toHaveLength(1);
  });

  it("an unknown setting is refused, naming the closest setting, or else all of them", async () => {
    await expect(block({ settings: { secretID: "x" } as never })).rejects.toThrow(new trtc.ConfigError("settings.secretID is not a setting; did you mean secretId?"));
    await expect(block({ settings: { colour: "x" } as never })).rejects.toThrow(
      new trtc.ConfigError(
        "settings.colour is not a setting; the settings are secretId, secretKey, securityToken, profile, sharedCredentialsDir, camRoleName, sdkAppId, region, endpoint, sdkSecretKey, sdkSecretKeys, liveEndpoint, adminUserId, dashboardEdition",
      ),
    );
  });

  it("missing credentials fail before any call", async () => {
    delete process.env.TENCENTCLOUD_SECRET_KEY;
    await expect(block({ settings: { endpoint: emulator.url } })).rejects.toBeInstanceOf(trtc.ConfigError);
    expect(received()).toEqual([]);
  });

  it("user errors are Pulumi RunErrors (a program prints their message alone); an API's answer is not", async () => {
    const config = await block({ settings: { endpoint: "http://" } }).catch((e) => e);
    const validation = await trtc.dismissRoom({ sdkAppId: APP, roomId: 0 }, opts()).catch((e) => e);
    const api = await trtc.dismissRoom({ sdkAppId: APP, roomId: 1 }, opts()).catch((e) => e);
    expect([config, validation, api].map((e) => [e.name, pulumi.RunError.isInstance(e)])).toEqual([
      ["ConfigError", true],
      ["ValidationError", true],
      ["TrtcError", false],
    ]);
  });

  it("the Live REST host: named, or the emulator's when trtc:endpoint is a plain-http URL, else it must be set", () => {
    const live = (config: Record<string, string>) => resolveSettings((k) => config[k], {}).liveEndpoint;
    expect(live({ "trtc:liveEndpoint": "singapore" })).toBe("https://adminapisgp.im.qcloud.com");
    expect(live({ "trtc:liveEndpoint": "usa" })).toBe("https://adminapiusa.im.qcloud.com");
    expect(live({ "trtc:liveEndpoint": "console.tim.qq.com" })).toBe("https://console.tim.qq.com");
    expect(live({ "trtc:endpoint": "http://127.0.0.1:8080" })).toBe("http://127.0.0.1:8080");
    expect(live({ "trtc:endpoint": "http://127.0.0.1:8080", "trtc:liveEndpoint": "china" })).toBe("https://console.tim.qq.com");
    expect(live({ "trtc:endpoint": "international" })).toBeUndefined();
    expect(() => live({ "trtc:liveEndpoint": "http://" })).toThrow(/trtc:liveEndpoint "http:\/\/" is not valid: use china, singapore, usa/);
  });

  it("a battle without a Live REST host fails before any call, saying how to set it", async () => {
    const error = await trtc
      .createBattle({ sdkAppId: APP, fromRoomId: "pk-1", toRoomIds: ["pk-2"], duration: 1000 }, opts({ endpoint: "international" }))
      .catch((e) => e);
    expect(error).toBeInstanceOf(trtc.ConfigError);
    expect(error.message).toMatch(/trtc:liveEndpoint.*china, singapore, usa.*TRTC_LIVE_ENDPOINT/s);
  });
});

describe("in a Pulumi program", () => {
  const mocks: pulumi.runtime.Mocks = {
    newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
    call: (args) => args.inputs,
  };
  const program = (preview: boolean) => pulumi.runtime.setMocks(mocks, "moderation", "dev", preview);
  afterEach(() => program(false));

  /** An Output's value, or "unknown" for one that stays unknown (read through Pulumi's own internals). */
  async function settled<T>(output: pulumi.Output<T>): Promise<T | "unknown"> {
    const inside = output as unknown as { isKnown: Promise<boolean>; isSecret: Promise<boolean>; allResources?: Promise<unknown>; promise(): Promise<T> };
    // Every promise of a failed Output rejects; all are awaited so none is left unhandled.
    const [known, value] = await Promise.all([inside.isKnown, inside.promise(), inside.isSecret, inside.allResources]);
    return known ? value : "unknown";
  }

  let logged: string[];
  beforeEach(() => {
    logged = [];
    jest.spyOn(console, "log").mockImplementation((line: string) => void logged.push(line));
    join("lobby", "alice", "bob");
  });
  afterEach(() => jest.restoreAllMocks());

  it("a preview never sends a changing call: the Promise resolves to undefined, the Output is unknown, both log what they would do", async () => {
    await program(true);
    expect(await trtc.dismissRoom({ sdkAppId: APP, roomId: "lobby" }, opts())).toBeUndefined();
    const output = trtc.removeUserOutput({ sdkAppId: APP, roomId: pulumi.output("lobby"), userIds: ["bob"] }, opts());
    expect(await settled(output)).toBe("unknown");

    expect(received()).toEqual([]);
    expect(emulator.state.rooms.present({ sdkAppId: APP, roomId: "lobby", roomIdType: 0 })).toEqual(["alice", "bob"]);
    expect(logged).toEqual([
      'info: [runtime] pulumi-trtc: would call DismissRoomByStrRoomId for string room "lobby" of application 1400000001',
      'info: [runtime] pulumi-trtc: would call RemoveUserByStrRoomId for users bob of string room "lobby" of application 1400000001',
    ]);
    // trtc-review lists such lines as the room changes `pulumi up` would make.
    const diagnostics = logged.map((line) => ({ message: `${line.replace("info: [runtime] ", "")}\n`, severity: "info" }));
    expect(reviewPreview(JSON.stringify({ diagnostics })).markdown).toContain(
      '- would call DismissRoomByStrRoomId for string room "lobby" of application 1400000001\n' +
        '- would call RemoveUserByStrRoomId for users bob of string room "lobby" of application 1400000001\n',
    );
  });

  it("a preview still refuses bad arguments", async () => {
    await program(true);
    await expect(trtc.removeUser({ sdkAppId: APP, roomId: "lobby", userIds: [] }, opts())).rejects.toBeInstanceOf(trtc.ValidationError);
    const output = trtc.dismissRoomOutput({ sdkAppId: APP, roomId: 0 }, opts());
    await expect(settled(output)).rejects.toThrow("dismissRoom: roomId: must be");
  });

  it("arguments unknown until deployment: nothing to log, nothing sent, an unknown result", async () => {
    await program(true);
    const unknownRoom = pulumi.output(pulumi.unknown) as unknown as pulumi.Output<string>;
    expect(await settled(trtc.dismissRoomOutput({ sdkAppId: APP, roomId: unknownRoom }, opts()))).toBe("unknown");
    expect(received()).toEqual([]);
    expect(logged).toEqual([]);
  });

  it("lookups run in a preview", async () => {
    await program(false);
    const battle = await trtc.createBattle({ sdkAppId: APP, fromRoomId: "pk-1", toRoomIds: ["pk-2"], duration: 60_000 }, opts());
    await program(true);
    const info = await settled(trtc.getBattleInfoOutput({ sdkAppId: APP, battleId: pulumi.output(battle!.battleId) }, opts()));
    expect(info).toMatchObject({ battleId: battle!.battleId, fromRoom: { roomId: "pk-1" } });
    expect(await trtc.getBattleInfo({ sdkAppId: APP, roomId: "pk-2" }, opts())).toMatchObject({ battleId: battle!.battleId });
  });

  it("an update sends the call once, and the Output carries its result", async () => {
    await program(false);
    const output = trtc.dismissRoomOutput({ sdkAppId: pulumi.output(APP), roomId: Promise.resolve("lobby") }, opts());
    const result = await settled(output);
    const [request] = emulator.state.requests.list();
    expect(emulator.state.requests.list()).toHaveLength(1);
    expect(result).toEqual({ requestId: request.requestId });
    expect(emulator.state.rooms.present({ sdkAppId: APP, roomId: "lobby", roomIdType: 0 })).toEqual([]);
    expect(logged).toEqual([]);
  });
});

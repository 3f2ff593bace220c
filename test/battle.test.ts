// The battle functions against the emulator's Live engine REST API over real HTTP: typed results
// with every room's ResultCode, the admin UserSig made from the application's secret key (forged
// or expired ones refused), the admin account, retries, and battles ending on the virtual clock.
import * as trtc from "../index";
import { createBattleSpec } from "../functions/battle";
import { DEFAULT_APP_KEY, type RunningEmulator, startEmulator } from "../emulator";
import { TrtcClient } from "../provider/client";
import { runFunction } from "../provider/function";
import { LiveClient } from "../provider/liveClient";
import { resolveSettings } from "../provider/settings";
import { SECRET_ID, SECRET_KEY } from "./helpers";

const APP = 1400000001;
const FAST = { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 5 };

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, adminUserIds: ["administrator", "ops-admin"] });
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.state.reset();
  emulator.state.clock.freeze();
});

const settings = (more: trtc.FunctionSettings = {}): trtc.FunctionSettings => ({
  secretId: SECRET_ID,
  secretKey: SECRET_KEY,
  endpoint: emulator.url,
  sdkSecretKey: DEFAULT_APP_KEY,
  ...more,
});
const opts = (more: trtc.FunctionSettings = {}) => ({ settings: settings(more) });
const outcomes = () => emulator.state.requests.list().map((r) => r.outcome);
const BATTLE = { sdkAppId: APP, fromRoomId: "pk-1", toRoomIds: ["pk-2", "pk-3"], duration: 120_000 };

describe("createBattle", () => {
  it("starts a battle and returns its id and every called room's result", async () => {
    const battle = await trtc.createBattle({ ...BATTLE, extensionInfo: "final" }, opts());
    expect(battle).toEqual({
      battleId: expect.any(String),
      results: [
        { roomId: "pk-2", resultCode: trtc.BATTLE_RESULT.ok, resultMessage: "" },
        { roomId: "pk-3", resultCode: trtc.BATTLE_RESULT.ok, resultMessage: "" },
      ],
      requestId: emulator.state.requests.list()[0].requestId,
    });
    expect(emulator.state.requests.list()[0].params).toEqual({ FromRoomId: "pk-1", ToRoomIdList: ["pk-2", "pk-3"], Duration: 120_000, ExtensionInfo: "final" });
    expect(emulator.state.battles.list()).toEqual([expect.objectContaining({ battleId: battle!.battleId, toRoomIds: ["pk-2", "pk-3"] })]);
  });

  it("a room already in a battle comes back with ResultCode 3, not as an error", async () => {
    await trtc.createBattle(BATTLE, opts());
    const second = await trtc.createBattle({ ...BATTLE, fromRoomId: "pk-4", toRoomIds: ["pk-3", "pk-5"] }, opts());
    expect(second?.results.map((r) => [r.roomId, r.resultCode])).toEqual([
      ["pk-3", trtc.BATTLE_RESULT.inAnotherBattle],
      ["pk-5", trtc.BATTLE_RESULT.ok],
    ]);
  });

  it("every called room busy, or the caller busy, is a TrtcError with the API's code", async () => {
    await trtc.createBattle(BATTLE, opts());
    const allBusy = await trtc.createBattle({ ...BATTLE, fromRoomId: "pk-9" }, opts()).catch((e) => e);
    expect(allBusy).toMatchObject({ name: "TrtcError", action: "live_engine_http_pk/create_battle", code: "100412" });
    const callerBusy = await trtc.createBattle({ ...BATTLE, fromRoomId: "pk-2", toRoomIds: ["pk-8"] }, opts()).catch((e) => e);
    expect(callerBusy).toMatchObject({ code: "100415" });
  });

  it("a battle ends after its duration; its rooms can battle again", async () => {
    const { battleId } = (await trtc.createBattle(BATTLE, opts()))!;
    const status = async () => (await trtc.getBattleInfo({ sdkAppId: APP, battleId }, opts())).status;
    expect(await status()).toBe(2);
    emulator.state.clock.advance(120_000);
    expect(await status()).toBe(3);
    expect((await trtc.createBattle(BATTLE, opts()))?.results.every((r) => r.resultCode === 0)).toBe(true);
  });
});

describe("getBattleInfo", () => {
  it("reads a battle by id, or by one of its rooms, as typed camelCase", async () => {
    emulator.state.rooms.join(APP, "pk-1", "anchor-1");
    const { battleId } = (await trtc.createBattle(BATTLE, opts()))!;
    const start = Math.floor(emulator.state.clock.now() / 1000);
    const expected = {
      battleId,
      duration: 120_000,
      startTime: start,
      endTime: start + 120,
      status: 2,
      fromRoom: { roomId: "pk-1", score: 0, ownerId: "anchor-1" },
      toRooms: [
        { roomId: "pk-2", score: 0 },
        { roomId: "pk-3", score: 0 },
      ],
      requestId: expect.any(String),
    };
    expect(await trtc.getBattleInfo({ sdkAppId: APP, battleId }, opts())).toEqual(expected);
    expect(await trtc.getBattleInfo({ sdkAppId: APP, roomId: "pk-3" }, opts())).toEqual(expected);
  });

  it("an unknown battle is a TrtcError", async () => {
    await expect(trtc.getBattleInfo({ sdkAppId: APP, battleId: "nope" }, opts())).rejects.toMatchObject({ code: "100002" });
  });
});

describe("the admin UserSig and account", () => {
  it("is signed from the application's secret key: a wrong key is refused (forged), and never retried", async () => {
    const error = await trtc.createBattle(BATTLE, opts({ sdkSecretKey: "not-the-app-key" })).catch((e) => e);
    expect(error).toMatchObject({ name: "TrtcError", code: "70009" });
    expect(outcomes()).toEqual(["70009"]);
    expect(emulator.state.battles.list()).toEqual([]);
  });

  it("a per-application key wins over the shared one", async () => {
    const keys = { sdkSecretKey: "shared-but-wrong", sdkSecretKeys: { [APP]: DEFAULT_APP_KEY } };
    expect(await trtc.createBattle(BATTLE, opts(keys))).toMatchObject({ battleId: expect.any(String) });
  });

  it("no secret key fails before any call, naming how to set one", async () => {
    const error = await trtc.createBattle(BATTLE, opts({ sdkSecretKey: undefined })).catch((e) => e);
    expect(error).toBeInstanceOf(trtc.ConfigError);
    expect(error.message).toMatch(/trtc:sdkSecretKey.*TRTC_SDK_SECRET_KEY/s);
    expect(outcomes()).toEqual([]);
  });

  it("the admin is the argument, else trtc:adminUserId, else administrator; other accounts are refused", async () => {
    await trtc.createBattle(BATTLE, opts());
    await trtc.getBattleInfo({ sdkAppId: APP, roomId: "pk-1", adminUserId: "ops-admin" }, opts());
    await trtc.getBattleInfo({ sdkAppId: APP, roomId: "pk-1" }, opts({ adminUserId: "ops-admin" }));
    const error = await trtc.getBattleInfo({ sdkAppId: APP, roomId: "pk-1", adminUserId: "alice" }, opts()).catch((e) => e);
    expect(error).toMatchObject({ code: "60010" });
    expect(outcomes()).toEqual(["ok", "ok", "ok", "60010"]);
  });

  it("an expired UserSig is refused (70001); it proves the call did not run, so even a battle is tried again with a new sig", async () => {
    // The emulator's system clock an hour ahead: every sig made now (valid for 5 minutes) arrives expired.
    const late = await startEmulator({ port: 0, clockOffsetMs: 3_600_000 });
    try {
      const s = resolveSettings(() => undefined, { TRTC_ENDPOINT: late.url, TRTC_SDK_SECRET_KEY: DEFAULT_APP_KEY });
      const clients = { trtc: new TrtcClient(s, FAST), live: new LiveClient(s, FAST) };
      const error = await runFunction(createBattleSpec, BATTLE, clients).catch((e) => e);
      expect(error).toMatchObject({ code: "70001" });
      const attempts = late.state.requests.list();
      expect(attempts.map((r) => r.outcome)).toEqual(["70001", "70001", "70001"]);
      expect(late.state.battles.list()).toEqual([]);
    } finally {
      await late.close();
    }
  });
});

describe("retries", () => {
  const clients = () => {
    const s = resolveSettings(() => undefined, { TRTC_ENDPOINT: emulator.url, TRTC_SDK_SECRET_KEY: DEFAULT_APP_KEY });
    return { trtc: new TrtcClient(s, FAST), live: new LiveClient(s, FAST) };
  };

  it("createBattle is sent again after a rate limit, never after an internal error (it may have created the battle)", async () => {
    emulator.state.faults.add({ action: "live_engine_http_pk/create_battle", code: "60007", count: 1 });
    await runFunction(createBattleSpec, BATTLE, clients());
    expect(outcomes()).toEqual(["60007", "ok"]);

    emulator.state.requests.clear();
    emulator.state.faults.add({ action: "live_engine_http_pk/create_battle", code: "100001", count: 1 });
    const error = await runFunction(createBattleSpec, { ...BATTLE, fromRoomId: "pk-7", toRoomIds: ["pk-8"] }, clients()).catch((e) => e);
    expect(error).toMatchObject({ code: "100001" });
    expect(outcomes()).toEqual(["100001"]);
  });
});

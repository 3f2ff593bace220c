// The emulator's Live engine REST API over real HTTP: the URL's parameters, the app admin's
// UserSig (signed by Tencent's generator, the oracle), the ErrorCode/ActionStatus envelope, the
// 200 calls/s limit, and battles on the virtual clock.
import { DEFAULT_APP_KEY, DEFAULT_SDK_APP_ID } from "../emulator";
import { botSig } from "./helpers";
import { useFrozenEmulator } from "./sdk";

const APP = DEFAULT_SDK_APP_ID;
const ADMIN = "administrator";

const suite = useFrozenEmulator({ adminUserIds: [ADMIN, "ops-admin"], liveRequestsPerSecond: 5 });

interface Envelope {
  ActionStatus: string;
  ErrorCode: number;
  ErrorInfo: string;
  RequestId: string;
  Response?: Record<string, unknown>;
}

/** The query every call carries, signed for the admin; `overrides` replace (or, as undefined, drop) parameters. */
function query(overrides: Record<string, string | undefined> = {}): string {
  const params: Record<string, string | undefined> = {
    sdkappid: String(APP),
    identifier: ADMIN,
    usersig: botSig(ADMIN),
    random: "3735928559",
    contenttype: "json",
    ...overrides,
  };
  return new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined)).toString();
}

async function live(command: string, body: unknown, params: Record<string, string | undefined> = {}, method = "POST"): Promise<Envelope> {
  const res = await fetch(`${suite.emulator.url}/v4/live_engine_http_pk/${command}?${query(params)}`, {
    method,
    ...(method === "POST" && { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Envelope;
}

const BATTLE = { FromRoomId: "pk-1", ToRoomIdList: ["pk-2", "pk-3"], Duration: 60_000 };
const create = (body: Record<string, unknown> = {}) => live("create_battle", { ...BATTLE, ...body });

describe("create_battle and get_battle_info", () => {
  it("creates a battle and answers the documented envelope with a result per called room", async () => {
    const answer = await create({ ExtensionInfo: "final round" });
    expect(answer).toEqual({
      ActionStatus: "OK",
      ErrorCode: 0,
      ErrorInfo: "",
      RequestId: expect.any(String),
      Response: {
        BattleId: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
        Result: [
          { RoomId: "pk-2", ResultCode: 0, ResultMessage: "" },
          { RoomId: "pk-3", ResultCode: 0, ResultMessage: "" },
        ],
      },
    });
    expect(await suite.control.battles()).toEqual([
      expect.objectContaining({ battleId: answer.Response?.BattleId, fromRoomId: "pk-1", toRoomIds: ["pk-2", "pk-3"], extensionInfo: "final round", running: true }),
    ]);
  });

  it("a called room already in a battle answers ResultCode 3 and stays out; the others join", async () => {
    await create();
    const answer = await create({ FromRoomId: "pk-4", ToRoomIdList: ["pk-3", "pk-5"] });
    expect(answer.Response?.Result).toEqual([
      { RoomId: "pk-3", ResultCode: 3, ResultMessage: expect.any(String) },
      { RoomId: "pk-5", ResultCode: 0, ResultMessage: "" },
    ]);
    expect((await suite.control.battles())[1]).toMatchObject({ toRoomIds: ["pk-5"] });
  });

  it("refuses with 100412 when every called room is in a battle, and 100415 when the caller is", async () => {
    await create();
    expect(await create({ FromRoomId: "pk-9", ToRoomIdList: ["pk-2", "pk-3"] })).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 100412 });
    expect(await create({ FromRoomId: "pk-2", ToRoomIdList: ["pk-9"] })).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 100415 });
    expect(await suite.control.battles()).toHaveLength(1);
  });

  it("a battle ends after its Duration, and its rooms are free again", async () => {
    const battleId = (await create()).Response?.BattleId;
    const info = async () => (await live("get_battle_info", { BattleId: battleId })).Response;
    expect(await info()).toMatchObject({ Duration: 60_000, Status: 2 });
    const { StartTime, EndTime } = (await info()) as { StartTime: number; EndTime: number };
    expect(EndTime - StartTime).toBe(60);

    await suite.control.advanceClock(59.999);
    expect(await info()).toMatchObject({ Status: 2 });
    await suite.control.advanceClock(0.001);
    expect(await info()).toMatchObject({ Status: 3 });
    expect((await create()).ErrorCode).toBe(0);
  });

  it("get_battle_info reads a battle by BattleId, or a room's running battle by RoomId, with owners from the rooms", async () => {
    await suite.control.joinRoom(APP, "pk-1", "anchor-1");
    const battleId = (await create()).Response?.BattleId;
    const expected = {
      BattleId: battleId,
      Duration: 60_000,
      StartTime: expect.any(Number),
      EndTime: expect.any(Number),
      Status: 2,
      FromRoomInfo: { RoomId: "pk-1", Score: 0, Owner_Account: "anchor-1" },
      ToRoomList: [
        { RoomId: "pk-2", Score: 0, Owner_Account: "" },
        { RoomId: "pk-3", Score: 0, Owner_Account: "" },
      ],
    };
    expect((await live("get_battle_info", { BattleId: battleId })).Response).toEqual(expected);
    expect((await live("get_battle_info", { RoomId: "pk-3" })).Response).toEqual(expected);
  });

  it.each([
    ["an unknown BattleId", "get_battle_info", { BattleId: "nope" }, 100002],
    ["a room in no battle", "get_battle_info", { RoomId: "pk-7" }, 100002],
    ["neither BattleId nor RoomId", "get_battle_info", {}, 100002],
    ["no FromRoomId", "create_battle", { ToRoomIdList: ["pk-2"], Duration: 1000 }, 100002],
    ["an empty ToRoomIdList", "create_battle", { ...BATTLE, ToRoomIdList: [] }, 100002],
    ["the caller among the called rooms", "create_battle", { ...BATTLE, ToRoomIdList: ["pk-1"] }, 100002],
    ["a Duration of 0", "create_battle", { ...BATTLE, Duration: 0 }, 100002],
    ["an unknown field", "create_battle", { ...BATTLE, Rooms: [] }, 100002],
    ["a body that is not JSON", "create_battle", "{nope", 60003],
  ])("refuses %s", async (_name, command, body, code) => {
    const answer = await live(command, body);
    expect(answer).toMatchObject({ ActionStatus: "FAIL", ErrorCode: code, ErrorInfo: expect.any(String) });
    expect(answer.Response).toBeUndefined();
  });
});

describe("authentication and the URL", () => {
  it.each([
    ["no sdkappid", { sdkappid: undefined }, 60012],
    ["an application the emulator does not know", { sdkappid: "1400000099" }, 60006],
    ["no usersig", { usersig: undefined }, 60004],
    ["no identifier", { identifier: undefined }, 60004],
    ["a usersig signed with another key (forged)", { usersig: botSig(ADMIN, APP, "not-the-app-key") }, 70009],
    ["a usersig of another user", { usersig: botSig("bob") }, 70013],
    ["a usersig of another application", { usersig: botSig(ADMIN, APP + 1, DEFAULT_APP_KEY) }, 70014],
    ["a usersig that is not one", { usersig: "garbage" }, 70003],
    ["an identifier that is not an app admin, with its own valid sig", { identifier: "bob", usersig: botSig("bob") }, 60010],
    ["no random", { random: undefined }, 60002],
    ["a random past 32 bits", { random: "4294967296" }, 60002],
    ["a random that is not a number", { random: "-1" }, 60002],
    ["a contenttype other than json", { contenttype: "xml" }, 60002],
  ])("refuses %s", async (_name, params, code) => {
    expect(await live("get_battle_info", { BattleId: "x" }, params)).toMatchObject({ ActionStatus: "FAIL", ErrorCode: code });
  });

  it("refuses an expired usersig with 70001", async () => {
    expect(await live("get_battle_info", { BattleId: "x" }, { usersig: botSig(ADMIN, APP, DEFAULT_APP_KEY, -1) })).toMatchObject({ ErrorCode: 70001 });
  });

  it("accepts any configured admin; the contenttype is case-insensitive", async () => {
    expect(await live("create_battle", BATTLE, { identifier: "ops-admin", usersig: botSig("ops-admin"), contenttype: "JSON" })).toMatchObject({ ErrorCode: 0 });
  });

  it("refuses GET and unknown commands", async () => {
    expect(await live("get_battle_info", undefined, {}, "GET")).toMatchObject({ ErrorCode: 60002 });
    expect(await live("end_battle", {})).toMatchObject({ ErrorCode: 60009 });
  });

  it("limits calls per application per second (60007) on the virtual clock, and logs every call", async () => {
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await live("get_battle_info", { RoomId: "pk-1" })).ErrorCode);
    expect(codes).toEqual([100002, 100002, 100002, 100002, 100002, 60007]);
    await suite.control.advanceClock(1);
    expect((await live("get_battle_info", { RoomId: "pk-1" })).ErrorCode).toBe(100002);
    const log = (await suite.control.requests()).map((r) => [r.action, r.outcome]);
    expect(log).toHaveLength(7);
    expect(log[5]).toEqual(["live_engine_http_pk/get_battle_info", "60007"]);
  });

  it("injected faults answer their ErrorCode, or a transport failure", async () => {
    await suite.control.injectFault({ action: "live_engine_http_pk/create_battle", code: "100001" });
    expect(await create()).toMatchObject({ ErrorCode: 100001 });
    await suite.control.injectFault({ action: "live_engine_http_pk/create_battle", httpStatus: 502 });
    const res = await fetch(`${suite.emulator.url}/v4/live_engine_http_pk/create_battle?${query()}`, { method: "POST", body: JSON.stringify(BATTLE) });
    expect(res.status).toBe(502);
    expect((await create()).ErrorCode).toBe(0);
  });
});

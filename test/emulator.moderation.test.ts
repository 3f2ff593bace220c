// The room management family of the emulator over real HTTP, called through Tencent's SDK:
// DismissRoom, RemoveUser, SetUserBlocked and their ...ByStrRoomId twins, on the room occupancy
// (users joined through the control surface, bots of running tasks of every family), with the
// documented parameters, regions and error codes.
import type { TaskRecord } from "../emulator";
import { sdkClient, useFrozenEmulator } from "./sdk";
import { botSig } from "./helpers";

const APP = 1400000001;
const ROOM = 1234;

const suite = useFrozenEmulator();
/** Every room management API is served in ap-guangzhou. */
const trtc = () => sdkClient(suite.emulator.url, { region: "ap-guangzhou" });
const call = (action: string, params: Record<string, unknown>) => trtc().request(action, params);
const codeOf = (action: string, params: Record<string, unknown>) =>
  call(action, params).then(
    () => "ok",
    (err: { code?: string }) => err.code,
  );

const INGEST = { SdkAppId: APP, StreamUrl: "https://media.example.com/movie.mp4" };
const COS = { Vendor: 0, Region: "ap-singapore", Bucket: "records-1250000000", AccessKey: "ak", SecretKey: "sk" };

/** An ingest bot in the room: a publishing task. */
async function ingest(room: number | string, userId: string): Promise<string> {
  const where = typeof room === "number" ? { RoomId: String(room), RoomIdType: 1 } : { RoomId: room, RoomIdType: 0 };
  return ((await suite.trtc.request("StartStreamIngest", { ...INGEST, ...where, UserId: userId, UserSig: botSig(userId) })) as { TaskId: string }).TaskId;
}

/** A recording bot in the room: a task that only subscribes. */
async function recording(room: number, userId: string): Promise<string> {
  const params = { SdkAppId: APP, RoomId: String(room), UserId: userId, UserSig: botSig(userId), RecordParams: { RecordMode: 2 }, StorageParams: { CloudStorage: COS } };
  return ((await suite.trtc.request("CreateCloudRecording", params)) as { TaskId: string }).TaskId;
}

const task = async (taskId: string): Promise<TaskRecord> => (await suite.control.tasks()).find((t) => t.taskId === taskId)!;

describe("DismissRoom", () => {
  it("removes every user and ends every task whose bot was in the room, of every family", async () => {
    await suite.control.joinRoom(APP, ROOM, "alice");
    await suite.control.joinRoom(APP, ROOM, "bob");
    const music = await ingest(ROOM, "music-bot");
    const recorder = await recording(ROOM, "recorder");
    const elsewhere = await ingest(5678, "music-bot");

    expect(await call("DismissRoom", { SdkAppId: APP, RoomId: ROOM })).toEqual({ RequestId: expect.any(String) });

    for (const id of [music, recorder]) expect(await task(id)).toMatchObject({ status: "Ended", endReason: "removed" });
    expect(await task(elsewhere)).toMatchObject({ status: "InProgress" });
    expect(await suite.control.room(APP, ROOM)).toBeUndefined();
    // Everyone is gone, so the room no longer exists.
    expect(await codeOf("DismissRoom", { SdkAppId: APP, RoomId: ROOM })).toBe("FailedOperation.RoomNotExist");
  });

  it("DismissRoomByStrRoomId dismisses the string room, never the integer room of the same digits", async () => {
    await suite.control.joinRoom(APP, "1234", "carol");
    await suite.control.joinRoom(APP, ROOM, "dave");
    await call("DismissRoomByStrRoomId", { SdkAppId: APP, RoomId: "1234" });
    expect(await suite.control.room(APP, "1234")).toBeUndefined();
    expect(await suite.control.room(APP, ROOM)).toMatchObject({ users: ["dave"] });
  });

  it("answers RoomNotExist for a room nobody is in, and for another application's room", async () => {
    expect(await codeOf("DismissRoom", { SdkAppId: APP, RoomId: 999 })).toBe("FailedOperation.RoomNotExist");
    await suite.control.joinRoom(APP, ROOM, "alice");
    expect(await codeOf("DismissRoom", { SdkAppId: APP + 1, RoomId: ROOM })).toBe("FailedOperation.RoomNotExist");
  });

  it("is served in ap-beijing, ap-guangzhou and ap-mumbai (its own page); its string twin in ap-singapore instead of ap-mumbai", async () => {
    await suite.control.joinRoom(APP, ROOM, "alice");
    await suite.control.joinRoom(APP, "lobby", "alice");
    const at = (region: string, action: string, room: number | string) =>
      sdkClient(suite.emulator.url, { region }).request(action, { SdkAppId: APP, RoomId: room }).then(
        () => "ok",
        (err: { code?: string }) => err.code,
      );
    expect(await at("ap-singapore", "DismissRoom", ROOM)).toBe("UnsupportedRegion");
    expect(await at("ap-mumbai", "DismissRoomByStrRoomId", "lobby")).toBe("UnsupportedRegion");
    expect(await at("ap-mumbai", "DismissRoom", ROOM)).toBe("ok");
    expect(await at("ap-singapore", "DismissRoomByStrRoomId", "lobby")).toBe("ok");
  });

  it.each([
    ["no RoomId", "DismissRoom", { SdkAppId: APP }, "MissingParameter.RoomId"],
    ["no SdkAppId", "DismissRoom", { RoomId: ROOM }, "MissingParameter.SdkAppId"],
    ["a string RoomId for an integer room", "DismissRoom", { SdkAppId: APP, RoomId: "1234" }, "InvalidParameter.RoomId"],
    ["an integer room out of range", "DismissRoom", { SdkAppId: APP, RoomId: 4294967295 }, "InvalidParameter.RoomId"],
    ["a number for a string room", "DismissRoomByStrRoomId", { SdkAppId: APP, RoomId: 1234 }, "InvalidParameter.RoomId"],
    ["a string room of 65 characters", "DismissRoomByStrRoomId", { SdkAppId: APP, RoomId: "r".repeat(65) }, "InvalidParameter.RoomId"],
    ["RoomIdType, which the room management APIs do not take", "DismissRoom", { SdkAppId: APP, RoomId: ROOM, RoomIdType: 1 }, "UnknownParameter"],
  ])("refuses %s", async (_name, action, params, code) => {
    expect(await codeOf(action, params)).toBe(code);
  });
});

describe("RemoveUser", () => {
  it("removes joined users, and ends the task of a removed bot whatever its family", async () => {
    await suite.control.joinRoom(APP, ROOM, "alice");
    await suite.control.joinRoom(APP, ROOM, "bob");
    const music = await ingest(ROOM, "music-bot");
    const recorder = await recording(ROOM, "recorder");

    await call("RemoveUser", { SdkAppId: APP, RoomId: ROOM, UserIds: ["alice", "music-bot", "recorder"] });

    expect(await task(music)).toMatchObject({ status: "Ended", endReason: "removed" });
    expect(await task(recorder)).toMatchObject({ status: "Ended", endReason: "removed" });
    expect(await suite.control.room(APP, ROOM)).toMatchObject({ users: ["bob"], anchors: ["bob"], taskIds: [] });
  });

  it("a recording's MaxIdleTime runs from when the last anchor, a removed bot, left", async () => {
    const music = await ingest(ROOM, "music-bot");
    const recorder = await recording(ROOM, "recorder");
    await suite.control.advanceClock(100);
    await call("RemoveUser", { SdkAppId: APP, RoomId: ROOM, UserIds: ["music-bot"] });
    expect(await task(music)).toMatchObject({ endReason: "removed" });
    await suite.control.advanceClock(29);
    expect(await task(recorder)).toMatchObject({ status: "InProgress" });
    await suite.control.advanceClock(1);
    expect(await task(recorder)).toMatchObject({ status: "Ended", endReason: "finished" });
  });

  it("RemoveUserByStrRoomId works on the string room; users not in the room are left alone", async () => {
    await suite.control.joinRoom(APP, "lobby", "alice");
    await call("RemoveUserByStrRoomId", { SdkAppId: APP, RoomId: "lobby", UserIds: ["alice", "nobody"] });
    expect(await suite.control.room(APP, "lobby")).toBeUndefined();
  });

  it.each([
    ["no UserIds", { SdkAppId: APP, RoomId: ROOM }, "MissingParameter.UserIds"],
    ["an empty UserIds", { SdkAppId: APP, RoomId: ROOM, UserIds: [] }, "InvalidParameter.UserIds"],
    ["11 users", { SdkAppId: APP, RoomId: ROOM, UserIds: Array.from({ length: 11 }, (_, i) => `u${i}`) }, "InvalidParameter.UserIds"],
    ["UserIds that is not a list", { SdkAppId: APP, RoomId: ROOM, UserIds: "alice" }, "InvalidParameter.UserIds"],
  ])("refuses %s", async (_name, params, code) => {
    await suite.control.joinRoom(APP, ROOM, "alice");
    expect(await codeOf("RemoveUser", params)).toBe(code);
  });

  it("answers RoomNotExist for a room nobody is in", async () => {
    expect(await codeOf("RemoveUser", { SdkAppId: APP, RoomId: ROOM, UserIds: ["alice"] })).toBe("FailedOperation.RoomNotExist");
  });
});

describe("SetUserBlocked", () => {
  it("blocks audio and video, audio only or video only, and unblocks; the state shows on the control surface", async () => {
    await suite.control.joinRoom(APP, ROOM, "alice");
    const block = async (isMute: number) => {
      await call("SetUserBlocked", { SdkAppId: APP, RoomId: ROOM, UserId: "alice", IsMute: isMute });
      return (await suite.control.room(APP, ROOM))?.blocked;
    };
    expect(await block(1)).toEqual({ alice: { audio: true, video: true } });
    expect(await block(2)).toEqual({ alice: { audio: true, video: false } });
    expect(await block(3)).toEqual({ alice: { audio: false, video: true } });
    expect(await block(0)).toBeUndefined();
  });

  it("blocks a task's bot, and forgets a block when the user leaves the room", async () => {
    await ingest("stage", "music-bot");
    await suite.control.joinRoom(APP, "stage", "alice");
    await call("SetUserBlockedByStrRoomId", { SdkAppId: APP, StrRoomId: "stage", UserId: "music-bot", IsMute: 2 });
    await call("SetUserBlockedByStrRoomId", { SdkAppId: APP, StrRoomId: "stage", UserId: "alice", IsMute: 1 });
    expect((await suite.control.room(APP, "stage"))?.blocked).toEqual({ alice: { audio: true, video: true }, "music-bot": { audio: true, video: false } });

    await suite.control.leaveRoom(APP, "stage", "alice");
    await suite.control.joinRoom(APP, "stage", "alice");
    expect((await suite.control.room(APP, "stage"))?.blocked).toEqual({ "music-bot": { audio: true, video: false } });
  });

  it("answers UserNotExist for a user who is not in the room, RoomNotExist for an empty room", async () => {
    await suite.control.joinRoom(APP, ROOM, "alice");
    expect(await codeOf("SetUserBlocked", { SdkAppId: APP, RoomId: ROOM, UserId: "bob", IsMute: 1 })).toBe("FailedOperation.UserNotExist");
    expect(await codeOf("SetUserBlocked", { SdkAppId: APP, RoomId: 99, UserId: "bob", IsMute: 1 })).toBe("FailedOperation.RoomNotExist");
  });

  it.each([
    ["IsMute 4", "SetUserBlocked", { SdkAppId: APP, RoomId: ROOM, UserId: "alice", IsMute: 4 }, "InvalidParameter.OutOfRange"],
    ["no UserId", "SetUserBlocked", { SdkAppId: APP, RoomId: ROOM, IsMute: 1 }, "MissingParameter.UserId"],
    ["an empty UserId", "SetUserBlocked", { SdkAppId: APP, RoomId: ROOM, UserId: "", IsMute: 1 }, "InvalidParameter.UserId"],
    ["RoomId on the string twin, which takes StrRoomId", "SetUserBlockedByStrRoomId", { SdkAppId: APP, RoomId: "1234", UserId: "alice", IsMute: 1 }, "UnknownParameter"],
  ])("refuses %s", async (_name, action, params, code) => {
    await suite.control.joinRoom(APP, ROOM, "alice");
    expect(await codeOf(action, params)).toBe(code);
  });
});

// The moderation functions as a script calls them (Promise variants, settings given to the call)
// against the emulator over real HTTP: what happens to the room, its users and its tasks, and the
// errors a caller can test for.
import * as trtc from "../index";
import type { RunningEmulator } from "../emulator";
import * as runtime from "../provider/runtime";
import { botSig, emulatorWithProvider, SECRET_ID, SECRET_KEY } from "./helpers";

const APP = 1400000001;

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await emulatorWithProvider();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.state.reset());

const opts = () => ({ settings: { secretId: SECRET_ID, secretKey: SECRET_KEY, region: "ap-guangzhou", endpoint: emulator.url } });
const join = (roomId: number | string, ...userIds: string[]) => userIds.forEach((u) => emulator.state.rooms.join(APP, roomId, u));
const present = (roomId: number | string) =>
  emulator.state.occupancy().find((r) => r.roomId === roomId)?.users ?? [];
const lastRequestId = () => emulator.state.requests.list().at(-1)?.requestId;

/** A StreamIngest started the way `pulumi up` starts one, through the provider runtime. */
async function ingest(roomId: number | string, userId: string) {
  const checked = await runtime.check({}, {
    __kind: "StreamIngest", sdkAppId: APP, roomId, userId, userSig: botSig(userId), streamUrl: "https://media.example.com/loop.mp4", repeatNum: -1,
  });
  return runtime.create(checked.inputs);
}

describe("dismissRoom", () => {
  it("removes everyone and ends every task whose bot was in the room; answers the request's id", async () => {
    join(1234, "alice", "bob");
    const music = await ingest(1234, "music-bot");
    const other = await ingest(5678, "music-bot");

    const result = await trtc.dismissRoom({ sdkAppId: APP, roomId: 1234 }, opts());

    expect(result).toEqual({ requestId: lastRequestId() });
    expect(present(1234)).toEqual([]);
    expect(emulator.state.tasks.get(music.id)).toMatchObject({ status: "Ended", endReason: "removed" });
    expect(emulator.state.tasks.get(other.id)).toMatchObject({ status: "InProgress" });
    // The resource notices on refresh: its task is gone.
    expect(await runtime.read(music.id, music.outs)).toEqual({});
  });

  it("a room that does not exist is a TrtcError with the code ROOM_NOT_EXIST", async () => {
    const error = await trtc.dismissRoom({ sdkAppId: APP, roomId: "empty-room" }, opts()).catch((e) => e);
    expect(error).toBeInstanceOf(trtc.TrtcError);
    expect(error).toMatchObject({ code: trtc.ROOM_NOT_EXIST, action: "DismissRoomByStrRoomId", requestId: lastRequestId() });
    expect(error.message).toMatch(/^DismissRoomByStrRoomId failed with FailedOperation.RoomNotExist: Room empty-room .* does not exist/);
  });
});

describe("removeUser", () => {
  it("removes anchors and audience alike, leaving the rest", async () => {
    join("town-hall", "alice", "bob", "carol");
    await trtc.removeUser({ sdkAppId: APP, roomId: "town-hall", userIds: ["alice", "carol"] }, opts());
    expect(present("town-hall")).toEqual(["bob"]);
  });

  it("a removed bot's task ends, and the resource that started it sees it gone", async () => {
    join("town-hall", "alice");
    const music = await ingest("town-hall", "music-bot");
    await trtc.removeUser({ sdkAppId: APP, roomId: "town-hall", userIds: ["music-bot"] }, opts());
    expect(emulator.state.tasks.get(music.id)).toMatchObject({ status: "Ended", endReason: "removed" });
    expect(await runtime.read(music.id, music.outs)).toEqual({});
    expect(present("town-hall")).toEqual(["alice"]);
  });

  it("takes up to 10 users in one call", async () => {
    const users = Array.from({ length: 10 }, (_, i) => `user-${i}`);
    join(42, ...users);
    await trtc.removeUser({ sdkAppId: APP, roomId: 42, userIds: users }, opts());
    expect(present(42)).toEqual([]);
    expect(emulator.state.requests.list()).toHaveLength(1);
  });
});

describe("setUserBlocked", () => {
  const blocked = (roomId: number | string) => emulator.state.occupancy().find((r) => r.roomId === roomId)?.blocked;

  it("blocks audio and video, or one of them, and unblocks", async () => {
    join("town-hall", "heckler", "alice");
    const set = (b: boolean | "audio" | "video") =>
      trtc.setUserBlocked({ sdkAppId: APP, roomId: "town-hall", userId: "heckler", blocked: b }, opts());
    await set(true);
    expect(blocked("town-hall")).toEqual({ heckler: { audio: true, video: true } });
    await set("audio");
    expect(blocked("town-hall")).toEqual({ heckler: { audio: true, video: false } });
    await set("video");
    expect(blocked("town-hall")).toEqual({ heckler: { audio: false, video: true } });
    expect(await set(false)).toEqual({ requestId: lastRequestId() });
    expect(blocked("town-hall")).toBeUndefined();
  });

  it("a user who is not in the room is a TrtcError with the code USER_NOT_EXIST", async () => {
    join(1234, "alice");
    const error = await trtc.setUserBlocked({ sdkAppId: APP, roomId: 1234, userId: "bob", blocked: true }, opts()).catch((e) => e);
    expect(error).toMatchObject({ name: "TrtcError", code: trtc.USER_NOT_EXIST, action: "SetUserBlocked" });
  });
});

// The relay (mix and relay to CDN) family of the emulator over real HTTP, called through Tencent's
// SDK: the documented lifecycle, the family's own room types, nested parameter validation,
// SequenceNumber ordering, what Update may and may not change, bots and UserSigs, regions, and
// the end MaxIdleTime after the last anchor left, on the virtual clock.
import type { TaskRecord } from "../emulator";
import { botSig } from "./helpers";
import { sdkClient, useFrozenEmulator } from "./sdk";

const APP = 1400000001;
const ROOM = 295066;
const AGENT = "trtc_partner_test_1";
const CDN = "rtmp://3891.livepush.myqcloud.com/live/trtc_publishcdn_test1";
const ENCODE = { SampleRate: 48000, Codec: 0, BitRate: 64, Channel: 2 };
const VIDEO = { Height: 720, Width: 1280, Fps: 15, BitRate: 1536, Gop: 2 };
const user = (UserId: string) => ({ UserInfo: { RoomIdType: 0, RoomId: String(ROOM), UserId } });
const window = (UserId: string, LocationX: number) => ({
  LocationX, LocationY: 0, UserMediaStream: { StreamType: 0, ...user(UserId) }, ZOrder: 0, ImageHeight: 720, ImageWidth: 640, RenderMode: 0,
});

/** The document's first example, with a real UserSig: a custom two-window mix relayed to one CDN. */
const START = {
  AgentParams: { MaxIdleTime: 30, UserSig: botSig(AGENT), UserId: AGENT },
  AudioParams: { AudioEncode: ENCODE },
  VideoParams: {
    VideoEncode: VIDEO,
    LayoutParams: { PureAudioHoldPlaceMode: 0, MixLayoutMode: 4, MixLayoutList: [window("Trtc_User_0", 0), window("Trtc_User_1", 640)] },
    BackGroundColor: "0xFF0000",
    WaterMarkList: [
      { WaterMarkType: 0, WaterMarkImage: { LocationX: 64, LocationY: 64, WaterMarkHeight: 64, WaterMarkWidth: 64, WaterMarkUrl: "https://example.com/mark.png", ZOrder: 3 } },
    ],
  },
  PublishCdnParams: [{ PublishCdnUrl: CDN, IsTencentCdn: 1 }],
  RoomIdType: 0,
  SdkAppId: APP,
  WithTranscoding: 1,
  RoomId: String(ROOM),
};
const FEEDBACK = { RoomId: "630777", RoomIdType: 0, UserId: "trtc_partner_test_2", UserSig: botSig("trtc_partner_test_2") };

const suite = useFrozenEmulator();

const start = async (overrides: Record<string, unknown> = {}, client = suite.trtc): Promise<string> =>
  ((await client.request("StartPublishCdnStream", { ...START, ...overrides })) as { TaskId: string }).TaskId;
const task = (taskId: string) => ({ SdkAppId: APP, TaskId: taskId });
let sequence = 0;
const update = (taskId: string, changes: Record<string, unknown> = {}, SequenceNumber = ++sequence) =>
  suite.trtc.request("UpdatePublishCdnStream", { ...task(taskId), SequenceNumber, WithTranscoding: 1, ...changes });
const record = async (taskId: string): Promise<TaskRecord> => (await suite.control.tasks()).find((t) => t.taskId === taskId)!;
/** The error code a call answers. */
const code = (call: Promise<unknown>): Promise<string | undefined> => call.then(() => "ok", (e: { code?: string }) => e.code);

describe("the documented lifecycle", () => {
  it("starts the doc's example, updates its audio and layout (the doc's example), and stops it", async () => {
    await suite.control.joinRoom(APP, ROOM, "Trtc_User_0");
    const taskId = await start();
    expect(await record(taskId)).toMatchObject({ family: "RelayTask", roomId: String(ROOM), roomIdType: 1, userId: AGENT, publishes: false, status: "InProgress" });
    expect((await record(taskId)).settings).toEqual({
      WithTranscoding: 1,
      AudioParams: { AudioEncode: ENCODE },
      VideoParams: START.VideoParams,
      PublishCdnParams: START.PublishCdnParams,
      FeedBackRoomParams: [],
    });

    const changes = {
      AudioParams: { SubscribeAudioList: [user("Trtc_User_0"), user("Trtc_User_3")] },
      VideoParams: { LayoutParams: { MixLayoutMode: 4, MixLayoutList: [window("Trtc_User_3", 0), window("Trtc_User_0", 640)] } },
    };
    expect(await update(taskId, changes, 20)).toEqual({ TaskId: taskId, RequestId: expect.any(String) });
    expect((await record(taskId)).settings).toEqual({
      WithTranscoding: 1,
      AudioParams: { AudioEncode: ENCODE, SubscribeAudioList: changes.AudioParams.SubscribeAudioList },
      // A VideoParams given replaces all but the encoding: the color and watermark it left out are gone.
      VideoParams: { VideoEncode: VIDEO, ...changes.VideoParams },
      PublishCdnParams: START.PublishCdnParams,
      FeedBackRoomParams: [],
      SequenceNumber: 20,
    });

    expect(await suite.trtc.request("StopPublishCdnStream", task(taskId))).toEqual({ TaskId: taskId, RequestId: expect.any(String) });
    expect(await record(taskId)).toMatchObject({ status: "Ended", endReason: "stopped" });
    expect(await code(update(taskId, {}, 21))).toBe("ResourceNotFound");
    expect(await code(suite.trtc.request("StopPublishCdnStream", task(taskId)))).toBe("ResourceNotFound");
  });

  it("relays one anchor's stream as it is, and pushes the mix back into a room", async () => {
    const single = await start({
      WithTranscoding: 0,
      VideoParams: { VideoEncode: VIDEO },
      SingleSubscribeParams: { UserMediaStream: { StreamType: 0, ...user("Trtc_User_0") } },
    });
    await suite.trtc.request("UpdatePublishCdnStream", {
      ...task(single), SequenceNumber: 1, WithTranscoding: 0, SingleSubscribeParams: { UserMediaStream: user("Trtc_User_1") },
    });
    expect((await record(single)).settings.SingleSubscribeParams).toEqual({ UserMediaStream: user("Trtc_User_1") });

    const mixBack = await start({ AgentParams: { UserId: "agent-2" }, PublishCdnParams: undefined, FeedBackRoomParams: [FEEDBACK] });
    expect((await record(mixBack)).settings).toMatchObject({ PublishCdnParams: [], FeedBackRoomParams: [FEEDBACK] });
  });

  it("takes a string room as RoomIdType 1, and an integer one as 0: the other way round from recording", async () => {
    const stringRoom = await start({ RoomId: "town-hall", RoomIdType: 1 });
    expect(await record(stringRoom)).toMatchObject({ roomId: "town-hall", roomIdType: 0 });
    const rooms = await suite.control.rooms();
    expect(rooms.map((r) => r.roomId)).toEqual(["town-hall"]);
    expect(await code(start({ RoomId: "town-hall", RoomIdType: 0 }))).toBe("InvalidParameter.RoomId");
    expect(await code(start({ RoomId: "0", RoomIdType: 0 }))).toBe("InvalidParameter.RoomId");
    expect(await code(start({ FeedBackRoomParams: [{ ...FEEDBACK, RoomId: "lobby" }] }))).toBe("InvalidParameter.RoomId");
  });
});

describe("parameter validation", () => {
  it("takes a portrait canvas, 1080 x 1920 (the SDK's VideoEncode: Height [0, 1920])", async () => {
    expect(await code(start({ VideoParams: { VideoEncode: { ...VIDEO, Width: 1080, Height: 1920 } } }))).toBe("ok");
  });


  const cases: [string, Record<string, unknown>, string][] = [
    ["no agent", { AgentParams: undefined }, "MissingParameter"],
    ["no audio encoding", { AudioParams: {} }, "MissingParameter"],
    ["no CDN and no feedback room", { PublishCdnParams: [] }, "MissingParameter"],
    ["one stream, not named", { WithTranscoding: 0, VideoParams: undefined }, "MissingParameter"],
    ["one stream while mixing", { SingleSubscribeParams: { UserMediaStream: user("a") } }, "InvalidParameter"],
    ["video without its encoding", { VideoParams: { BackGroundColor: "0x000000" } }, "MissingParameter"],
    ["an unknown parameter", { OutputStreamId: "x" }, "UnknownParameter"],
    ["an unknown nested parameter", { AgentParams: { UserId: "a", MaxIdle: 5 } }, "UnknownParameter"],
    ["MaxIdleTime 4", { AgentParams: { UserId: "a", MaxIdleTime: 4 } }, "InvalidParameter.OutOfRange"],
    ["22050 Hz", { AudioParams: { AudioEncode: { ...ENCODE, SampleRate: 22050 } } }, "InvalidParameter.OutOfRange"],
    ["HE-AACv2 in mono", { AudioParams: { AudioEncode: { ...ENCODE, Codec: 2, Channel: 1 } } }, "InvalidParameter"],
    ["a GOP of 6 s", { VideoParams: { VideoEncode: { ...VIDEO, Gop: 6 } } }, "InvalidParameter.OutOfRange"],
    ["a canvas higher than 1920", { VideoParams: { VideoEncode: { ...VIDEO, Width: 1080, Height: 1921 } } }, "InvalidParameter.OutOfRange"],
    ["a window off the canvas", { VideoParams: { VideoEncode: VIDEO, LayoutParams: { MixLayoutMode: 4, MixLayoutList: [window("a", 700)] } } }, "InvalidParameter.OutOfRange"],
    ["17 windows", { VideoParams: { VideoEncode: VIDEO, LayoutParams: { MixLayoutMode: 4, MixLayoutList: Array(17).fill({}) } } }, "InvalidParameter.OutOfRange"],
    ["a custom render mode without its size", { VideoParams: { VideoEncode: VIDEO, LayoutParams: { MixLayoutMode: 4, MixLayoutList: [{ BackgroundRenderMode: 4 }] } } }, "MissingParameter"],
    ["a text watermark without text", { VideoParams: { VideoEncode: VIDEO, WaterMarkList: [{ WaterMarkType: 1 }] } }, "MissingParameter"],
    ["an http CDN address", { PublishCdnParams: [{ PublishCdnUrl: "http://example.com/live/a" }] }, "InvalidParameter"],
    ["11 CDN addresses", { PublishCdnParams: Array(11).fill({ PublishCdnUrl: CDN }) }, "InvalidParameter.OutOfRange"],
    ["11 feedback rooms", { FeedBackRoomParams: Array(11).fill(FEEDBACK) }, "InvalidParameter.OutOfRange"],
    ["the timestamp SEI type", { SeiParams: { LayoutVolume: { PayloadType: 244 } } }, "InvalidParameter.OutOfRange"],
    ["pass-through SEI of type 5 without a UUID", { SeiParams: { PassThrough: { PayloadContent: "x", PayloadType: 5 } } }, "MissingParameter"],
    ["recording without a mode", { RecordParams: { RecordKey: "k" } }, "MissingParameter"],
    ["recording to COS and VOD", { RecordParams: { UniRecord: 3, McuStorageParams: {} } }, "InvalidParameter"],
  ];
  it.each(cases)("refuses %s", async (_name, overrides, expected) => {
    expect(await code(start(overrides))).toBe(expected);
    expect(await suite.control.tasks()).toEqual([]);
  });

  it("accepts SEI, a recording to VOD and the SDK's newer members", async () => {
    const taskId = await start({
      SeiParams: { LayoutVolume: { AppData: "layout_sei_test", PayloadType: 100, Interval: 1000, FollowIdr: 1 } },
      RecordParams: { UniRecord: 3, RecordKey: "town-hall", RecordFormat: ["hls", "mp4"], McuStorageParams: { McuCloudVod: { McuTencentVod: { ExpireTime: 0 } } } },
      AudioParams: { AudioEncode: ENCODE, SubscribeAudioList: [{ ...user("a"), SoundLevel: 80 }] },
    });
    expect((await record(taskId)).settings.SeiParams).toEqual({ LayoutVolume: { AppData: "layout_sei_test", PayloadType: 100, Interval: 1000, FollowIdr: 1 } });
  });
});

describe("SequenceNumber", () => {
  it("must increase for each task: a repeated or smaller number fails and changes nothing", async () => {
    const taskId = await start();
    const cdn = (url: string) => ({ PublishCdnParams: [{ PublishCdnUrl: url }] });
    await update(taskId, cdn(`${CDN}-a`), 5);
    expect(await code(update(taskId, cdn(`${CDN}-b`), 5))).toBe("FailedOperation");
    expect(await code(update(taskId, cdn(`${CDN}-c`), 4))).toBe("FailedOperation");
    expect((await record(taskId)).settings).toMatchObject({ ...cdn(`${CDN}-a`), SequenceNumber: 5 });
    await update(taskId, cdn(`${CDN}-d`), 6);
    expect((await record(taskId)).settings).toMatchObject({ ...cdn(`${CDN}-d`), SequenceNumber: 6 });
    // Numbers are per task, and millisecond clocks fit (TRTC takes 64-bit integers).
    const other = await start({ AgentParams: { UserId: "agent-2" } });
    await update(other, {}, 1);
    await update(other, {}, 1_767_225_600_000);
    expect(await code(suite.trtc.request("UpdatePublishCdnStream", { ...task(other), WithTranscoding: 1 }))).toBe("MissingParameter");
  });
});

describe("what Update may change", () => {
  it("changes only what it is given; each list given replaces the current one, an empty one clears it", async () => {
    const taskId = await start({ AudioParams: { AudioEncode: ENCODE, UnSubscribeAudioList: [user("guest")] }, FeedBackRoomParams: [FEEDBACK] });
    await update(taskId, { AudioParams: { SubscribeAudioList: [user("host")] } });
    expect((await record(taskId)).settings.AudioParams).toEqual({ AudioEncode: ENCODE, SubscribeAudioList: [user("host")], UnSubscribeAudioList: [user("guest")] });
    await update(taskId, { AudioParams: { SubscribeAudioList: [], UnSubscribeAudioList: [] } });
    expect((await record(taskId)).settings.AudioParams).toEqual({ AudioEncode: ENCODE, SubscribeAudioList: [], UnSubscribeAudioList: [] });

    await update(taskId, { PublishCdnParams: [] });
    expect((await record(taskId)).settings).toMatchObject({ PublishCdnParams: [], FeedBackRoomParams: [FEEDBACK] });
    // Both outputs gone would leave the relay nowhere to go.
    expect(await code(update(taskId, { FeedBackRoomParams: [] }))).toBe("MissingParameter");
    await update(taskId, { PublishCdnParams: [{ PublishCdnUrl: CDN }], FeedBackRoomParams: [], SeiParams: { PassThrough: { PayloadContent: "hi", PayloadType: 100 } } });
    expect((await record(taskId)).settings).toMatchObject({ PublishCdnParams: [{ PublishCdnUrl: CDN }], FeedBackRoomParams: [], SeiParams: { PassThrough: { PayloadContent: "hi", PayloadType: 100 } } });
  });

  it("refuses what a running task cannot change: transcoding, encodings, audio only to video, and a layout off the canvas", async () => {
    const taskId = await start();
    const audioOnly = await start({ AgentParams: { UserId: "agent-2" }, VideoParams: undefined });
    expect(await code(update(taskId, { WithTranscoding: 0 }))).toBe("UnsupportedOperation");
    expect(await code(update(taskId, { AudioParams: { AudioEncode: { ...ENCODE, BitRate: 128 } } }))).toBe("UnsupportedOperation");
    expect(await code(update(taskId, { VideoParams: { VideoEncode: { ...VIDEO, Width: 1920 } } }))).toBe("UnsupportedOperation");
    expect(await code(update(audioOnly, { VideoParams: { LayoutParams: { MixLayoutMode: 3 } } }))).toBe("UnsupportedOperation");
    expect(await code(update(taskId, { VideoParams: { LayoutParams: { MixLayoutMode: 4, MixLayoutList: [window("a", 1000)] } } }))).toBe("InvalidParameter.OutOfRange");
    expect(await code(update(taskId, { SingleSubscribeParams: { UserMediaStream: user("a") } }))).toBe("InvalidParameter");
    // The same encodings again are no change.
    expect(await code(update(taskId, { AudioParams: { AudioEncode: ENCODE }, VideoParams: { VideoEncode: VIDEO } }))).toBe("ok");
    expect((await record(taskId)).settings.VideoParams).toEqual({ VideoEncode: VIDEO });
  });
});

describe("bots and UserSigs", () => {
  it("verifies the agent's and every feedback bot's UserSig for the application", async () => {
    expect(await code(start({ AgentParams: { UserId: AGENT, UserSig: botSig("someone-else") } }))).toBe("InvalidParameter.UserSig");
    expect(await code(start({ FeedBackRoomParams: [{ ...FEEDBACK, UserSig: botSig(AGENT) }] }))).toBe("InvalidParameter.UserSig");
    // Without a UserSig, as documented, TRTC signs for the agent.
    await start({ AgentParams: { UserId: AGENT } });
    const taskId = (await suite.control.tasks())[0].taskId;
    expect(await code(update(taskId, { FeedBackRoomParams: [{ ...FEEDBACK, UserSig: "not-a-sig" }] }))).toBe("InvalidParameter.UserSig");
  });

  it("refuses a bot another running task uses, or an anchor in the room; frees them when the task stops", async () => {
    await suite.control.joinRoom(APP, ROOM, "host");
    const first = await start({ FeedBackRoomParams: [FEEDBACK] });
    expect(await code(start())).toBe("FailedOperation.TaskExist");
    expect(await code(start({ AgentParams: { UserId: "agent-2" }, FeedBackRoomParams: [FEEDBACK] }))).toBe("FailedOperation.TaskExist");
    expect(await code(start({ AgentParams: { UserId: FEEDBACK.UserId }, RoomId: FEEDBACK.RoomId }))).toBe("FailedOperation.TaskExist");
    expect(await code(start({ AgentParams: { UserId: "host" } }))).toBe("InvalidParameter.UserId");
    const second = await start({ AgentParams: { UserId: "agent-2" } });
    expect(await code(update(second, { FeedBackRoomParams: [FEEDBACK] }))).toBe("FailedOperation.TaskExist");
    // A task's own bots are not in its way.
    expect(await code(update(first, { FeedBackRoomParams: [FEEDBACK] }))).toBe("ok");
    await suite.trtc.request("StopPublishCdnStream", task(first));
    expect(await code(update(second, { FeedBackRoomParams: [FEEDBACK] }))).toBe("ok");
  });
});

describe("regions", () => {
  it("serves the three APIs in ap-guangzhou, ap-hongkong and ap-singapore only", async () => {
    for (const region of ["ap-guangzhou", "ap-hongkong"]) {
      const client = sdkClient(suite.emulator.url, { region });
      const taskId = await start({ AgentParams: { UserId: `agent-${region}` } }, client);
      await client.request("StopPublishCdnStream", task(taskId));
    }
    for (const region of ["ap-mumbai", "ap-beijing"]) {
      expect(await code(start({}, sdkClient(suite.emulator.url, { region })))).toBe("UnsupportedRegion");
    }
  });
});

describe("MaxIdleTime", () => {
  it("ends the relay MaxIdleTime after the last anchor left, as if it finished", async () => {
    await suite.control.joinRoom(APP, ROOM, "host");
    await suite.control.joinRoom(APP, ROOM, "guest");
    const taskId = await start({ AgentParams: { UserId: AGENT, MaxIdleTime: 60 } });
    await suite.control.leaveRoom(APP, ROOM, "host");
    await suite.control.advanceClock(600);
    expect(await code(update(taskId))).toBe("ok");
    await suite.control.leaveRoom(APP, ROOM, "guest");
    await suite.control.advanceClock(59);
    expect(await code(update(taskId))).toBe("ok");
    await suite.control.advanceClock(1);
    expect(await code(update(taskId))).toBe("ResourceNotFound");
    expect(await record(taskId)).toMatchObject({ status: "Ended", endReason: "finished" });
  });

  it("ends after the default 30 s when no anchor ever comes, and counts a StreamIngest bot as an anchor", async () => {
    const idle = await start();
    await suite.control.advanceClock(30);
    expect((await record(idle)).status).toBe("Ended");
    await suite.trtc.request("StartStreamIngest", {
      SdkAppId: APP, RoomId: String(ROOM), RoomIdType: 1, UserId: "music", UserSig: botSig("music"), StreamUrl: "https://media.example.com/a.mp4", RepeatNum: -1,
    });
    const relayed = await start();
    await suite.control.advanceClock(3600);
    expect((await record(relayed)).status).toBe("InProgress");
  });
});

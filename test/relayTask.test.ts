import * as runtime from "../provider/runtime";
import { relayTask } from "../resources/relayTask";
import { actions, botSig, checked, checkFailure, configureRuntime, REGION, SECRET_ID, SECRET_KEY, useProviderEmulator } from "./helpers";

// The RelayTask lifecycle driven through the provider runtime exactly as Pulumi's dynamic provider
// host drives it, against the emulator over HTTP with real signatures and real UserSigs.

// Relays end MaxIdleTime after their anchors leave: the emulator's clock is frozen, and tests move
// it explicitly.
const suite = useProviderEmulator();

type Props = Record<string, unknown>;

const APP = 1400000001;
const ROOM = 1234;
const AGENT = "relay-1234";
const PUSH = "rtmp://push.example.com/live/town-hall?txSecret=0123456789abcdef&txTime=6A000000";
const BACKUP = "rtmp://backup.example.net/live/town-hall?auth=backup-token";
const canvas = { width: 1280, height: 720, fps: 15, bitRate: 1500, gop: 2 };
const feedBack = { roomId: "overflow", userId: "relay-feedback", userSig: botSig("relay-feedback") };

const program = {
  __kind: "RelayTask",
  sdkAppId: APP,
  roomId: ROOM,
  agentParams: { userId: AGENT, userSig: botSig(AGENT), maxIdleTime: 30 },
  withTranscoding: 1,
  audioParams: { audioEncode: { sampleRate: 48000, channel: 2, bitRate: 64 } },
  videoParams: { videoEncode: canvas, layoutParams: { mixLayoutMode: 3 } },
  publishCdnParams: [{ publishCdnUrl: PUSH, isTencentCdn: 1 }],
};

const custom = {
  mixLayoutMode: 4,
  mixLayoutList: [
    { userMediaStream: { userInfo: { userId: "host" } }, imageWidth: 640, imageHeight: 720 },
    { userMediaStream: { userInfo: { userId: "guest", roomId: "studio-b" }, streamType: 1 }, locationX: 640, imageWidth: 640, imageHeight: 720, zOrder: 1, backGroundColorMode: 1 },
  ],
};
/** The same layout as TRTC receives it: rooms carry their type, 0 integer and 1 string, in this family. */
const customSent = {
  MixLayoutMode: 4,
  MixLayoutList: [
    { UserMediaStream: { UserInfo: { UserId: "host" } }, ImageWidth: 640, ImageHeight: 720 },
    {
      UserMediaStream: { UserInfo: { UserId: "guest", RoomId: "studio-b", RoomIdType: 1 }, StreamType: 1 },
      LocationX: 640, ImageWidth: 640, ImageHeight: 720, ZOrder: 1, BackGroundColorMode: 1,
    },
  ],
};

// The inputs that are or hold a secret: check names their problems by the whole path, with no property.
const HIDDEN = ["agentParams", "publishCdnParams", "feedBackRoomParams", "recordParams"];

describe("bad input is rejected at check, naming the nested path, with no API call", () => {
  const video = (change: Props) => ({ videoParams: { videoEncode: canvas, ...change } });
  const window = (change: Props) => ({ imageWidth: 100, imageHeight: 100, ...change });
  const cases: [string, Props, string, RegExp][] = [
    ["agent without a user id", { agentParams: { userSig: "s" } }, "agentParams.userId", /is required/],
    ["misspelt agent member", { agentParams: { userId: AGENT, maxIdelTime: 30 } }, "agentParams.maxIdelTime", /is not a member of agentParams/],
    ["maxIdleTime under 5", { agentParams: { userId: AGENT, maxIdleTime: 4 } }, "agentParams.maxIdleTime", /from 5 to 86400/],
    ["withTranscoding 2", { withTranscoding: 2 }, "withTranscoding", /must be 0 \(relay one stream as it is\) or 1/],
    ["no audio encoding", { audioParams: {} }, "audioParams.audioEncode", /is required/],
    ["HE-AACv2 in mono", { audioParams: { audioEncode: { sampleRate: 48000, channel: 1, bitRate: 64, codec: 2 } } }, "audioParams.audioEncode.channel", /must be 2 with codec 2/],
    ["22050 Hz", { audioParams: { audioEncode: { sampleRate: 22050, channel: 1, bitRate: 64 } } }, "audioParams.audioEncode.sampleRate", /48000, 44100/],
    [
      "sound level for a blocked user",
      { audioParams: { audioEncode: { sampleRate: 48000, channel: 2, bitRate: 64 }, unSubscribeAudioList: [{ userInfo: { userId: "x" }, soundLevel: 50 }] } },
      "audioParams.unSubscribeAudioList.0.soundLevel",
      /applies only when the user is in subscribeAudioList/,
    ],
    ["gop of 6 seconds", { videoParams: { videoEncode: { ...canvas, gop: 6 } } }, "videoParams.videoEncode.gop", /from 1 to 5/],
    ["custom layout without windows", video({ layoutParams: { mixLayoutMode: 4 } }), "videoParams.layoutParams.mixLayoutList", /is required when mixLayoutMode is 4/],
    [
      "a window off the canvas",
      video({ layoutParams: { mixLayoutMode: 4, mixLayoutList: [window({}), window({ locationX: 1200 })] } }),
      "videoParams.layoutParams.mixLayoutList.1.imageWidth",
      /locationX \+ imageWidth must be at most the canvas width, 1280/,
    ],
    [
      "seventeen windows",
      video({ layoutParams: { mixLayoutMode: 4, mixLayoutList: Array(17).fill(window({})) } }),
      "videoParams.layoutParams.mixLayoutList",
      /at most 16 windows/,
    ],
    [
      "a big window in the grid",
      video({ layoutParams: { mixLayoutMode: 3, maxVideoUser: { userMediaStream: { userInfo: { userId: "host" } } } } }),
      "videoParams.layoutParams.maxVideoUser",
      /applies only when mixLayoutMode is 1 \(floating\) or 2/,
    ],
    [
      "a big window from another room",
      video({ layoutParams: { maxVideoUser: { userMediaStream: { userInfo: { userId: "host", roomId: 99 } } } } }),
      "videoParams.layoutParams.maxVideoUser.userMediaStream.userInfo.roomId",
      /must be the main room/,
    ],
    [
      "a custom placeholder render without its size",
      video({ layoutParams: { mixLayoutMode: 4, mixLayoutList: [window({ backgroundRenderMode: 4 })] } }),
      "videoParams.layoutParams.mixLayoutList.0.backgroundCustomRender",
      /is required when backgroundRenderMode is 4/,
    ],
    [
      "a window color, which TRTC does not support",
      video({ layoutParams: { mixLayoutMode: 4, mixLayoutList: [window({ backGroundColor: "0xcc0033" })] } }),
      "videoParams.layoutParams.mixLayoutList.0.backGroundColor",
      /is not a member of videoParams.layoutParams.mixLayoutList.0/,
    ],
    [
      "a misspelt window member deep in a list, answered with the closest name",
      video({ layoutParams: { mixLayoutMode: 4, mixLayoutList: [window({ renderMod: 1 })] } }),
      "videoParams.layoutParams.mixLayoutList.0.renderMod",
      /is not a member of videoParams\.layoutParams\.mixLayoutList\[0\]; did you mean renderMode\?$/,
    ],
    [
      "a watermark below the canvas",
      video({ waterMarkList: [{ waterMarkImage: { waterMarkUrl: "https://cdn.example.com/logo.png", waterMarkWidth: 64, waterMarkHeight: 64, locationX: 0, locationY: 700 } }] }),
      "videoParams.waterMarkList.0.waterMarkImage.waterMarkHeight",
      /canvas height, 720/,
    ],
    ["a text watermark without text", video({ waterMarkList: [{ waterMarkType: 1 }] }), "videoParams.waterMarkList.0.waterMarkText", /is required when waterMarkType is 1/],
    ["a canvas color without 0x", video({ backGroundColor: "#FFA500" }), "videoParams.backGroundColor", /0x followed by 6 hex digits/],
    ["a canvas higher than 1920", { videoParams: { videoEncode: { ...canvas, height: 1921 } } }, "videoParams.videoEncode.height", /from 0 to 1920/],
    ["an http CDN address", { publishCdnParams: [{ publishCdnUrl: "http://push.example.com/live/a" }] }, "publishCdnParams.0.publishCdnUrl", /scheme rtmp/],
    ["eleven CDN addresses", { publishCdnParams: Array(11).fill({ publishCdnUrl: PUSH }) }, "publishCdnParams", /at most 10 CDN addresses/],
    ["nowhere to relay to", { publishCdnParams: [] }, "publishCdnParams", /at least one CDN address, or a room in feedBackRoomParams/],
    ["eleven feedback rooms", { feedBackRoomParams: Array(11).fill(feedBack) }, "feedBackRoomParams", /at most 10 rooms/],
    [
      "a feedback bot that is the agent",
      { feedBackRoomParams: [feedBack, { roomId: ROOM, userId: AGENT, userSig: "s" }] },
      "feedBackRoomParams.1.userId",
      /already a bot of this task in that room/,
    ],
    ["one stream without naming it", { withTranscoding: 0, videoParams: undefined }, "singleSubscribeParams", /is required when withTranscoding is 0/],
    [
      "a layout for one stream",
      { withTranscoding: 0, singleSubscribeParams: { userMediaStream: { userInfo: { userId: "host" } } } },
      "videoParams.layoutParams",
      /applies only when withTranscoding is 1 \(mix\)/,
    ],
    ["one stream to a mix", { singleSubscribeParams: { userMediaStream: { userInfo: { userId: "host" } } } }, "singleSubscribeParams", /applies only when withTranscoding is 0/],
    ["pass-through SEI of type 5 without a UUID", { seiParams: { passThrough: { payloadContent: "hi", payloadType: 5 } } }, "seiParams.passThrough.payloadUuid", /is required when payloadType is 5/],
    ["the timestamp SEI type", { seiParams: { layoutVolume: { payloadType: 244 } } }, "seiParams.layoutVolume.payloadType", /from 100 to 254, but not 244/],
    ["a wait time with the console's template", { recordParams: { uniRecord: 2, recordWaitTime: 30 } }, "recordParams.recordWaitTime", /applies only when uniRecord is 3/],
    ["mp4 and aac together", { recordParams: { uniRecord: 3, recordFormat: ["mp4", "aac"] } }, "recordParams.recordFormat", /cannot have both mp4 and aac/],
    ["recording to COS and VOD", { recordParams: { uniRecord: 3, mcuStorageParams: {} } }, "recordParams.mcuStorageParams", /exactly one of cloudStorage or mcuCloudVod/],
    ["a region without relays", { region: "ap-mumbai" }, "region", /served in: ap-guangzhou, ap-hongkong, ap-singapore/],
  ];
  test.each(cases)("%s", async (_name, change, property, reason) => {
    const result = await runtime.check({}, { ...program, ...change });
    expect(result.failures).toEqual([checkFailure(property, reason, HIDDEN)]);
    expect(actions(suite.emulator)).toEqual([]);
  });
});

const full = {
  ...program,
  roomId: "town-hall",
  agentParams: { userId: AGENT, userSig: botSig(AGENT), maxIdleTime: 120 },
  audioParams: {
    audioEncode: { sampleRate: 48000, channel: 2, bitRate: 128, codec: 1 },
    subscribeAudioList: [{ userInfo: { userId: "host" }, soundLevel: 80 }, { userInfo: { userId: "guest", roomId: "studio-b" } }],
  },
  videoParams: {
    videoEncode: canvas,
    layoutParams: custom,
    backGroundColor: "0x101820",
    backgroundImageUrl: "https://cdn.example.com/stage.png",
    backgroundRenderMode: 0,
    waterMarkList: [
      { waterMarkImage: { waterMarkUrl: "https://cdn.example.com/logo.png", waterMarkWidth: 128, waterMarkHeight: 64, locationX: 1140, locationY: 16, zOrder: 3 } },
      { waterMarkType: 1, waterMarkText: { text: "LIVE", waterMarkWidth: 80, waterMarkHeight: 32, locationX: 16, locationY: 16, fontSize: 24, font: "SourceHanSans" } },
    ],
  },
  publishCdnParams: [{ publishCdnUrl: PUSH, isTencentCdn: 1 }, { publishCdnUrl: BACKUP, isTencentCdn: 0 }],
  seiParams: { layoutVolume: { appData: "town-hall", payloadType: 100, interval: 1000, followIdr: 1 } },
  feedBackRoomParams: [feedBack],
  recordParams: { uniRecord: 3, recordKey: "town-hall", recordFormat: ["hls", "mp4"], mcuStorageParams: { mcuCloudVod: { mcuTencentVod: { expireTime: 86400 } } } },
};

test("a portrait canvas, 1080 x 1920, passes check", async () => {
  const portrait = { ...program, videoParams: { videoEncode: { ...canvas, width: 1080, height: 1920 }, layoutParams: { mixLayoutMode: 3 } } };
  expect((await runtime.check({}, portrait)).failures).toBeUndefined();
});

test("every documented Start parameter passes check as given, credentials in lists kept apart, without calling TRTC", async () => {
  // Lists stay plain for previews: each push URL up to its auth query, each bot without its sig.
  expect(await checked(full)).toEqual({
    ...full,
    publishCdnParams: [
      { publishCdnUrl: "rtmp://push.example.com/live/town-hall?[secret]", isTencentCdn: 1 },
      { publishCdnUrl: "rtmp://backup.example.net/live/town-hall?[secret]", isTencentCdn: 0 },
    ],
    feedBackRoomParams: [{ ...feedBack, userSig: "[secret]" }],
    region: REGION,
    credentials: {
      "publishCdnParams[0].publishCdnUrl": "txSecret=0123456789abcdef&txTime=6A000000",
      "publishCdnParams[1].publishCdnUrl": "auth=backup-token",
      "feedBackRoomParams[0].userSig": feedBack.userSig,
    },
  });
  expect(actions(suite.emulator)).toEqual([]);
});

test("create sends the documented request: room types are 0 for integer rooms and 1 for string rooms here", async () => {
  const { id, outs } = await runtime.create(await checked(full));
  const start = suite.emulator.state.requests.list().find((r) => r.action === "StartPublishCdnStream")!;
  expect(start.params).toEqual({
    SdkAppId: APP,
    RoomId: "town-hall",
    RoomIdType: 1,
    AgentParams: { UserId: AGENT, UserSig: full.agentParams.userSig, MaxIdleTime: 120 },
    WithTranscoding: 1,
    AudioParams: {
      AudioEncode: { SampleRate: 48000, Channel: 2, BitRate: 128, Codec: 1 },
      SubscribeAudioList: [{ UserInfo: { UserId: "host" }, SoundLevel: 80 }, { UserInfo: { UserId: "guest", RoomId: "studio-b", RoomIdType: 1 } }],
    },
    VideoParams: {
      VideoEncode: { Width: 1280, Height: 720, Fps: 15, BitRate: 1500, Gop: 2 },
      LayoutParams: customSent,
      BackGroundColor: "0x101820",
      BackgroundImageUrl: "https://cdn.example.com/stage.png",
      BackgroundRenderMode: 0,
      WaterMarkList: [
        { WaterMarkImage: { WaterMarkUrl: "https://cdn.example.com/logo.png", WaterMarkWidth: 128, WaterMarkHeight: 64, LocationX: 1140, LocationY: 16, ZOrder: 3 } },
        { WaterMarkType: 1, WaterMarkText: { Text: "LIVE", WaterMarkWidth: 80, WaterMarkHeight: 32, LocationX: 16, LocationY: 16, FontSize: 24, Font: "SourceHanSans" } },
      ],
    },
    PublishCdnParams: [{ PublishCdnUrl: PUSH, IsTencentCdn: 1 }, { PublishCdnUrl: BACKUP, IsTencentCdn: 0 }],
    SeiParams: { LayoutVolume: { AppData: "town-hall", PayloadType: 100, Interval: 1000, FollowIdr: 1 } },
    FeedBackRoomParams: [{ RoomId: "overflow", RoomIdType: 1, UserId: "relay-feedback", UserSig: feedBack.userSig }],
    RecordParams: { UniRecord: 3, RecordKey: "town-hall", RecordFormat: ["hls", "mp4"], McuStorageParams: { McuCloudVod: { McuTencentVod: { ExpireTime: 86400 } } } },
  });
  // No Describe to ask: the accepted Start is the status.
  expect(actions(suite.emulator)).toEqual(["StartPublishCdnStream"]);
  expect(outs).toMatchObject({ taskId: id, status: "InProgress" });
  expect(outs.sequenceNumber).toBeUndefined();
  expect(suite.emulator.state.tasks.get(id)).toMatchObject({ family: "RelayTask", roomId: "town-hall", roomIdType: 0, userId: AGENT, status: "InProgress" });

  // An integer room is type 0 to this API, and an integer room to the emulator's control surface.
  const integer = await runtime.create(await checked({ ...program, agentParams: { userId: "relay-2" } }));
  expect(suite.emulator.state.requests.list().at(-1)?.params).toMatchObject({ RoomId: "1234", RoomIdType: 0 });
  expect(suite.emulator.state.occupancy()).toContainEqual(expect.objectContaining({ roomId: ROOM, taskIds: [integer.id] }));
});

test("the agent's UserSig is checked by TRTC: one signed for another user is refused", async () => {
  const inputs = await checked({ ...program, agentParams: { userId: AGENT, userSig: botSig("someone-else") } });
  await expect(runtime.create(inputs)).rejects.toThrow(/StartPublishCdnStream failed with InvalidParameter.UserSig/);
});

test("the layout, mixed users, CDN list, feedback rooms, SEI and the relayed stream update in place; the rest replace", async () => {
  const olds = { ...(await checked({ ...program, feedBackRoomParams: [feedBack] })), taskId: "t", status: "InProgress" };
  const diff = (change: Props) => checked({ ...program, feedBackRoomParams: [feedBack], ...change }).then((n) => runtime.diff("t", olds, n));
  const inPlace = { changes: true, replaces: [], deleteBeforeReplace: false };
  const encode = program.audioParams.audioEncode;

  expect(await diff({})).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  expect(await diff({ videoParams: { videoEncode: canvas, layoutParams: custom } })).toEqual(inPlace);
  expect(await diff({ videoParams: { videoEncode: canvas } })).toEqual(inPlace);
  expect(await diff({ videoParams: { videoEncode: canvas, layoutParams: { mixLayoutMode: 3 }, backGroundColor: "0x000000", waterMarkList: [] } })).toEqual(inPlace);
  expect(await diff({ audioParams: { audioEncode: encode, subscribeAudioList: [{ userInfo: { userId: "host" } }] } })).toEqual(inPlace);
  expect(await diff({ publishCdnParams: [...program.publishCdnParams, { publishCdnUrl: BACKUP }] })).toEqual(inPlace);
  expect(await diff({ publishCdnParams: [{ publishCdnUrl: `${PUSH}-rotated` }] })).toEqual(inPlace);
  expect(await diff({ feedBackRoomParams: undefined })).toEqual(inPlace);
  expect(await diff({ seiParams: { layoutVolume: {} } })).toEqual(inPlace);

  // The agent, the encodings, audio-only versus video, mixing versus one stream, recording: replaced.
  // The replacement keeps the agent (or a feedback bot) in its room, so the old task stops first.
  const replaced = (...replaces: string[]) => ({ changes: true, replaces, deleteBeforeReplace: true });
  expect(await diff({ agentParams: { userId: AGENT, userSig: botSig(AGENT, APP, undefined, 600) } })).toEqual(replaced("agentParams"));
  expect(await diff({ agentParams: { ...program.agentParams, maxIdleTime: 300 } })).toEqual(replaced("agentParams"));
  expect(await diff({ audioParams: { audioEncode: { ...encode, bitRate: 128 } } })).toEqual(replaced("audioParams"));
  expect(await diff({ videoParams: { videoEncode: { ...canvas, width: 1920, height: 1080 }, layoutParams: { mixLayoutMode: 3 } } })).toEqual(replaced("videoParams"));
  expect(await diff({ videoParams: undefined })).toEqual(replaced("videoParams"));
  expect(await diff({ recordParams: { uniRecord: 2 } })).toEqual(replaced("recordParams"));
  const single = { withTranscoding: 0, videoParams: { videoEncode: canvas }, singleSubscribeParams: { userMediaStream: { userInfo: { userId: "host" } } } };
  expect(await diff(single)).toEqual(replaced("withTranscoding"));
  // Another main room and agent: only the feedback bot is the same user, and that is enough.
  expect(await diff({ roomId: 99, agentParams: { userId: "relay-99" } })).toEqual(replaced("roomId", "agentParams"));
  // Nothing shared: create the new task first, then stop the old one.
  expect(await diff({ roomId: 99, agentParams: { userId: "relay-99" }, feedBackRoomParams: undefined })).toEqual({
    changes: true, replaces: ["roomId", "agentParams"], deleteBeforeReplace: false,
  });
});

test("the bots' UserSigs, the push URLs and the recording storage keys are secret", () => {
  const rules = { ...relayTask.fields, ...relayTask.nestedFields };
  const secret = Object.entries(rules).filter(([, rule]) => rule.secret).map(([path]) => path);
  expect(secret.sort()).toEqual([
    "agentParams.userSig",
    "feedBackRoomParams[].userSig",
    "publishCdnParams[].publishCdnUrl",
    "recordParams.mcuStorageParams.cloudStorage.accessKey",
    "recordParams.mcuStorageParams.cloudStorage.secretKey",
  ]);
});

const relay = () => suite.emulator.state.tasks.list().filter((t) => t.family === "RelayTask");
const updates = () => suite.emulator.state.requests.list().filter((r) => r.action === "UpdatePublishCdnStream");
const lastUpdate = () => updates().at(-1)?.params as Props;
const sequenceNumbers = () => updates().map((r) => (r.params as { SequenceNumber: number }).SequenceNumber);
const joins = (userId: string) => suite.emulator.state.rooms.join(APP, ROOM, userId);
const leaves = (userId: string) => suite.emulator.state.rooms.leave(APP, ROOM, userId);

test("update sends only what changed, whole, with a fresh SequenceNumber; the emulator holds the new settings", async () => {
  joins("host");
  const first = await checked(program);
  const created = await runtime.create(first);
  const id = created.id;

  // A CDN address added and the layout changed.
  const twoCdns = [...program.publishCdnParams, { publishCdnUrl: BACKUP, isTencentCdn: 0 }];
  const second = await checked({ ...program, videoParams: { videoEncode: canvas, layoutParams: custom }, publishCdnParams: twoCdns });
  const updated = await runtime.update(id, created.outs, second);
  expect(lastUpdate()).toEqual({
    SdkAppId: APP,
    TaskId: id,
    SequenceNumber: expect.any(Number),
    WithTranscoding: 1,
    VideoParams: { LayoutParams: customSent, WaterMarkList: [] },
    PublishCdnParams: [{ PublishCdnUrl: PUSH, IsTencentCdn: 1 }, { PublishCdnUrl: BACKUP, IsTencentCdn: 0 }],
  });
  expect(updated.outs).toMatchObject({ taskId: id, status: "InProgress", sequenceNumber: sequenceNumbers()[0] });
  const settings = () => suite.emulator.state.tasks.get(id)!.settings;
  expect(settings()).toMatchObject({
    VideoParams: { VideoEncode: { Width: 1280, Height: 720, Fps: 15, BitRate: 1500, Gop: 2 }, LayoutParams: customSent },
    PublishCdnParams: [{ PublishCdnUrl: PUSH, IsTencentCdn: 1 }, { PublishCdnUrl: BACKUP, IsTencentCdn: 0 }],
    SequenceNumber: sequenceNumbers()[0],
  });

  // The first address removed, a feedback room added, and the layout taken out: the floating default.
  const third = await checked({ ...program, videoParams: { videoEncode: canvas }, publishCdnParams: [twoCdns[1]], feedBackRoomParams: [feedBack] });
  const again = await runtime.update(id, updated.outs!, third);
  expect(lastUpdate()).toEqual({
    SdkAppId: APP,
    TaskId: id,
    SequenceNumber: expect.any(Number),
    WithTranscoding: 1,
    VideoParams: { LayoutParams: { MixLayoutMode: 1 }, WaterMarkList: [] },
    PublishCdnParams: [{ PublishCdnUrl: BACKUP, IsTencentCdn: 0 }],
    FeedBackRoomParams: [{ RoomId: "overflow", RoomIdType: 1, UserId: "relay-feedback", UserSig: feedBack.userSig }],
  });
  expect(settings()).toMatchObject({
    VideoParams: { LayoutParams: { MixLayoutMode: 1 } },
    PublishCdnParams: [{ PublishCdnUrl: BACKUP, IsTencentCdn: 0 }],
    FeedBackRoomParams: [expect.objectContaining({ RoomId: "overflow", UserId: "relay-feedback" })],
  });

  // Back to one CDN and no feedback room: the room's list is sent empty, so the bot leaves.
  const back = await runtime.update(id, again.outs!, first);
  expect(lastUpdate()).toMatchObject({ PublishCdnParams: [{ PublishCdnUrl: PUSH, IsTencentCdn: 1 }], FeedBackRoomParams: [] });
  expect(settings()).toMatchObject({ PublishCdnParams: [{ PublishCdnUrl: PUSH, IsTencentCdn: 1 }], FeedBackRoomParams: [] });

  // Audio lists: both are sent whenever either changes, an absent one as empty.
  const allowlisted = { ...program.audioParams, subscribeAudioList: [{ userInfo: { userId: "host" }, soundLevel: 70 }] };
  await runtime.update(id, back.outs!, await checked({ ...program, audioParams: allowlisted }));
  expect(lastUpdate()).toEqual({
    SdkAppId: APP, TaskId: id, SequenceNumber: expect.any(Number), WithTranscoding: 1,
    AudioParams: { SubscribeAudioList: [{ UserInfo: { UserId: "host" }, SoundLevel: 70 }], UnSubscribeAudioList: [] },
  });

  const numbers = sequenceNumbers();
  expect(numbers).toHaveLength(4);
  numbers.slice(1).forEach((n, i) => expect(n).toBeGreaterThan(numbers[i]));
  expect(suite.emulator.state.requests.list().map((r) => r.outcome)).toEqual(Array(5).fill("ok"));
});

test("the next SequenceNumber is above the stored one even when that one is ahead of the clock", async () => {
  joins("host");
  const created = await runtime.create(await checked(program));
  const ahead = Date.now() + 10 ** 9;
  suite.emulator.state.tasks.get(created.id)!.settings.SequenceNumber = ahead;
  const news = await checked({ ...program, publishCdnParams: [{ publishCdnUrl: BACKUP }] });
  const { outs } = await runtime.update(created.id, { ...created.outs, sequenceNumber: ahead }, news);
  expect(sequenceNumbers()).toEqual([ahead + 1]);
  expect(outs?.sequenceNumber).toBe(ahead + 1);
});

test("a retried update carries a new SequenceNumber; a failed one records the last number sent", async () => {
  joins("host");
  const created = await runtime.create(await checked(program));
  const news = await checked({ ...program, publishCdnParams: [{ publishCdnUrl: BACKUP }] });

  // A transient failure is retried, with a number of its own.
  suite.emulator.state.faults.add({ action: "UpdatePublishCdnStream", code: "InternalError", count: 1 });
  const retried = await runtime.update(created.id, created.outs, news);
  expect(updates().map((r) => r.outcome)).toEqual(["InternalError", "ok"]);
  const [lost, applied] = sequenceNumbers();
  expect(applied).toBeGreaterThan(lost);
  expect(retried.outs?.sequenceNumber).toBe(applied);
  expect(suite.emulator.state.tasks.get(created.id)?.settings).toMatchObject({ SequenceNumber: applied, PublishCdnParams: [{ PublishCdnUrl: BACKUP }] });

  // A failure that is not retried fails the update, but the number it spent is kept with the old
  // inputs (Pulumi records these properties), and the next update goes above it.
  suite.emulator.state.faults.add({ action: "UpdatePublishCdnStream", code: "FailedOperation", count: 1 });
  const error = await runtime.update(created.id, retried.outs!, await checked(program)).then(
    () => undefined,
    (e: unknown) => e as { id?: string; message: string; properties?: Props },
  );
  expect(error?.message).toMatch(/UpdatePublishCdnStream failed with FailedOperation/);
  const spent = sequenceNumbers()[2];
  expect(error).toMatchObject({ id: created.id, properties: { ...retried.outs, sequenceNumber: spent } });
  expect(spent).toBeGreaterThan(applied);

  await runtime.update(created.id, error!.properties!, await checked(program));
  const numbers = sequenceNumbers();
  expect(numbers[3]).toBeGreaterThan(spent);
  expect(new Set(numbers).size).toBe(numbers.length);
  expect(suite.emulator.state.tasks.get(created.id)?.settings).toMatchObject({ PublishCdnParams: [{ PublishCdnUrl: PUSH, IsTencentCdn: 1 }] });
});

test("refresh probes with an update that changes nothing; a relay that ended itself is dropped", async () => {
  joins("host");
  const { id, outs } = await runtime.create(await checked(program));
  const before = structuredClone(suite.emulator.state.tasks.get(id)!.settings);

  const read = await runtime.read(id, outs);
  expect(read.id).toBe(id);
  expect(lastUpdate()).toEqual({ SdkAppId: APP, TaskId: id, WithTranscoding: 1, SequenceNumber: expect.any(Number) });
  expect(read.props).toEqual({ ...outs, sequenceNumber: sequenceNumbers()[0] });
  expect(suite.emulator.state.tasks.get(id)!.settings).toEqual({ ...before, SequenceNumber: sequenceNumbers()[0] });

  // The host leaves; the relay ends MaxIdleTime (30 s) later.
  leaves("host");
  suite.emulator.state.clock.advance(29_000);
  expect((await runtime.read(id, read.props!)).id).toBe(id);
  suite.emulator.state.clock.advance(1_000);
  expect(suite.emulator.state.tasks.get(id)).toMatchObject({ status: "Ended", endReason: "finished" });
  expect(await runtime.read(id, read.props!)).toEqual({});
  expect(updates().at(-1)?.outcome).toBe("ResourceNotFound");
});

test("with trtc:fullUpdates an update sends every member not at its default, not only what changed", async () => {
  joins("host");
  const created = await runtime.create(await checked(program));
  const news = await checked({ ...program, publishCdnParams: [{ publishCdnUrl: BACKUP }] });
  const config = { "trtc:secretId": SECRET_ID, "trtc:secretKey": SECRET_KEY, "trtc:region": REGION, "trtc:endpoint": suite.emulator.url };
  await configureRuntime({ ...config, "trtc:fullUpdates": "true" });
  try {
    await runtime.update(created.id, created.outs, news);
  } finally {
    await configureRuntime(config);
  }
  // For a service that takes a member left out as removed: the layout goes again with the new address.
  expect(lastUpdate()).toEqual({
    SdkAppId: APP,
    TaskId: created.id,
    WithTranscoding: 1,
    SequenceNumber: expect.any(Number),
    VideoParams: { LayoutParams: { MixLayoutMode: 3 }, WaterMarkList: [] },
    PublishCdnParams: [{ PublishCdnUrl: BACKUP }],
  });
});

test("a refused probe keeps the relay as recorded and warns, instead of failing refresh", async () => {
  joins("host");
  const { id, outs } = await runtime.create(await checked(program));
  // No page says an update that changes nothing succeeds: a service refusing it says nothing of the task.
  suite.emulator.state.faults.add({ action: "UpdatePublishCdnStream", code: "InvalidParameter.SequenceNumber", count: 1 });
  const warnings: string[] = [];
  const warn = jest.spyOn(console, "warn").mockImplementation((line: string) => void warnings.push(line));
  try {
    const read = await runtime.read(id, outs);
    expect(read).toEqual({ id, props: { ...outs, sequenceNumber: sequenceNumbers()[0] } });
  } finally {
    warn.mockRestore();
  }
  expect(updates().map((r) => r.outcome)).toEqual(["InvalidParameter.SequenceNumber"]);
  expect(warnings).toEqual([expect.stringMatching(new RegExp(`^pulumi-trtc: warning: RelayTask ${id}: refresh cannot tell whether it still runs: .*InvalidParameter.SequenceNumber.*kept as recorded$`))]);
  // An error that is no refusal of the probe still fails refresh.
  suite.emulator.state.faults.add({ action: "UpdatePublishCdnStream", code: "AuthFailure.UnauthorizedOperation", count: 1 });
  await expect(runtime.read(id, outs)).rejects.toThrow(/AuthFailure.UnauthorizedOperation/);
});

test("an update of a relay that ended itself starts a new one: taskId names it, and refresh makes it the resource's id", async () => {
  joins("host");
  const created = await runtime.create(await checked(program));
  suite.emulator.state.tasks.end(suite.emulator.state.tasks.get(created.id)!, "finished");

  const news = await checked({ ...program, videoParams: { videoEncode: canvas, layoutParams: custom } });
  const { outs } = await runtime.update(created.id, { ...created.outs, sequenceNumber: 5 }, news);
  const restarted = outs!.taskId as string;
  expect(restarted).not.toBe(created.id);
  expect(outs).toMatchObject({ status: "InProgress", videoParams: news.videoParams });
  expect(outs!.sequenceNumber).toBeUndefined();
  expect(actions(suite.emulator)).toEqual(["StartPublishCdnStream", "UpdatePublishCdnStream", "StartPublishCdnStream"]);
  expect(suite.emulator.state.tasks.get(restarted)?.settings).toMatchObject({ VideoParams: { LayoutParams: customSent } });

  // Every later call, under the resource's first id, reaches the running task.
  const later = await runtime.update(created.id, outs!, await checked(program));
  expect(lastUpdate()).toMatchObject({ TaskId: restarted });
  expect(await runtime.read(created.id, later.outs!)).toMatchObject({ id: restarted, props: { taskId: restarted } });
  await runtime.remove(created.id, later.outs!);
  expect(suite.emulator.state.tasks.get(restarted)).toMatchObject({ status: "Ended", endReason: "stopped" });
});

test("delete stops the relay; deleting it again, or one that ended itself, succeeds", async () => {
  joins("host");
  const { id, outs } = await runtime.create(await checked(program));
  await runtime.remove(id, outs);
  expect(suite.emulator.state.tasks.get(id)).toMatchObject({ status: "Ended", endReason: "stopped" });
  await runtime.remove(id, outs);
  expect(suite.emulator.state.requests.list().map((r) => [r.action, r.outcome])).toEqual([
    ["StartPublishCdnStream", "ok"],
    ["StopPublishCdnStream", "ok"],
    ["StopPublishCdnStream", "ResourceNotFound"],
  ]);
  expect(suite.emulator.state.requests.list().at(-1)?.params).toEqual({ SdkAppId: APP, TaskId: id });
});

test("a replacement that keeps a bot stops the old relay first, as TRTC requires", async () => {
  joins("host");
  const old = await runtime.create(await checked({ ...program, feedBackRoomParams: [feedBack] }));
  // Another main room and agent, but the same feedback bot in the overflow room.
  const news = await checked({ ...program, roomId: 99, agentParams: { userId: "relay-99", userSig: botSig("relay-99") }, feedBackRoomParams: [feedBack] });
  expect(await runtime.diff(old.id, old.outs, news)).toMatchObject({ deleteBeforeReplace: true });
  await expect(runtime.create(news)).rejects.toThrow(/FailedOperation.TaskExist/);
  await runtime.remove(old.id, old.outs);
  const replacement = await runtime.create(news);
  expect(relay().filter((t) => t.status === "InProgress").map((t) => t.taskId)).toEqual([replacement.id]);
});

// The CloudRecording family of the emulator over real HTTP, called through Tencent's SDK: the
// documented lifecycle, nested parameter validation, regions, the one-bot rule, concurrency limits,
// room occupancy and MaxIdleTime on the virtual clock.
import { startEmulator, type TaskRecord } from "../emulator";
import { botSig } from "./helpers";
import { sdkClient, useFrozenEmulator } from "./sdk";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MEDIA_SECONDS = 60;
const APP = 1400000001;
const ROOM = 1234;
const DEFAULT_MAX_IDLE = 30;


const COS = { Vendor: 0, Region: "ap-singapore", Bucket: "records-1250000000", AccessKey: "ak", SecretKey: "sk" };
const CREATE = {
  SdkAppId: APP,
  RoomId: String(ROOM),
  UserId: "recorder-1234",
  UserSig: botSig("recorder-1234"),
  RecordParams: { RecordMode: 2 },
  StorageParams: { CloudStorage: COS },
};
const INGEST = { SdkAppId: APP, RoomId: String(ROOM), RoomIdType: 1, UserId: "ingest-bot", UserSig: botSig("ingest-bot"), StreamUrl: "https://media.example.com/movie.mp4" };

interface StorageFile {
  UserId: string;
  FileName: string;
  TrackType: string;
  BeginTimeStamp: number;
}
interface Described {
  TaskId: string;
  Status: string;
  StorageFileList: StorageFile[];
}

const suite = useFrozenEmulator({ mediaDurationSeconds: MEDIA_SECONDS });

/** A Create with `overrides`; another bot gets a UserSig of its own unless the test gives one. */
const create = async (overrides: Record<string, unknown> = {}, client = suite.trtc): Promise<string> => {
  const sig = typeof overrides.UserId === "string" ? { UserSig: botSig(overrides.UserId) } : {};
  return ((await client.request("CreateCloudRecording", { ...CREATE, ...sig, ...overrides })) as { TaskId: string }).TaskId;
};
const task = (taskId: string) => ({ SdkAppId: APP, TaskId: taskId });
const describeTask = async (taskId: string): Promise<Described> => (await suite.trtc.request("DescribeCloudRecording", task(taskId))) as Described;
/** "InProgress", or the error code Describe answers. */
const status = (taskId: string): Promise<string | undefined> =>
  describeTask(taskId).then(
    (r) => r.Status,
    (err: { code?: string }) => err.code,
  );
const files = async (taskId: string): Promise<Array<Omit<StorageFile, "FileName">>> =>
  (await describeTask(taskId)).StorageFileList.map(({ FileName: _name, ...file }) => file);
const record = async (taskId: string): Promise<TaskRecord> => (await suite.control.tasks()).find((t) => t.taskId === taskId)!;

describe("the documented lifecycle", () => {
  it("creates, describes, modifies and deletes a mixed-stream recording", async () => {
    const taskId = await create();
    expect(taskId).toMatch(/^[A-Za-z0-9_-]{64,}$/);
    // As in the doc's example: nothing written at the instant it starts.
    expect(await suite.trtc.request("DescribeCloudRecording", task(taskId))).toEqual({ TaskId: taskId, Status: "InProgress", StorageFileList: [], RequestId: expect.stringMatching(UUID) });

    await suite.control.advanceClock(1);
    const { startedAt } = await record(taskId);
    expect((await describeTask(taskId)).StorageFileList).toEqual([{ UserId: "", FileName: `${APP}_${ROOM}.m3u8`, TrackType: "audio_video", BeginTimeStamp: startedAt }]);

    const modify = {
      ...task(taskId),
      MixLayoutParams: {
        MixLayoutMode: 4,
        MixLayoutList: [
          { Top: 100, Left: 100, Width: 100, Height: 100, UserId: "123" },
          { Top: 200, Left: 200, Width: 100, Height: 100, UserId: "456" },
        ],
      },
      SubscribeStreamUserIds: { SubscribeVideoUserIds: ["123", "456"], SubscribeAudioUserIds: ["123", "456"] },
    };
    expect(await suite.trtc.request("ModifyCloudRecording", modify)).toEqual({ TaskId: taskId, RequestId: expect.stringMatching(UUID) });
    const { SdkAppId: _app, TaskId: _id, ...settings } = modify;
    expect((await record(taskId)).settings).toEqual(settings);

    expect(await suite.trtc.request("DeleteCloudRecording", task(taskId))).toEqual({ TaskId: taskId, RequestId: expect.stringMatching(UUID) });
    expect(await record(taskId)).toMatchObject({ family: "CloudRecording", status: "Ended", endReason: "stopped", publishes: false });
    for (const action of ["DescribeCloudRecording", "ModifyCloudRecording", "DeleteCloudRecording"]) {
      await expect(suite.trtc.request(action, task(taskId))).rejects.toMatchObject({ code: "ResourceNotFound" });
    }
  });

  it("starts with the grid layout and no subscription lists, and Modify replaces only the structures it is given", async () => {
    const taskId = await create({ RecordParams: { RecordMode: 2, SubscribeStreamUserIds: { UnSubscribeAudioUserIds: ["guest"] } } });
    expect((await record(taskId)).settings).toEqual({ MixLayoutParams: { MixLayoutMode: 3 }, SubscribeStreamUserIds: { UnSubscribeAudioUserIds: ["guest"] } });
    await suite.trtc.request("ModifyCloudRecording", { ...task(taskId), MixLayoutParams: { MixLayoutMode: 1, MaxResolutionUserId: "host" } });
    expect((await record(taskId)).settings).toEqual({
      MixLayoutParams: { MixLayoutMode: 1, MaxResolutionUserId: "host" },
      SubscribeStreamUserIds: { UnSubscribeAudioUserIds: ["guest"] },
    });
  });

  it("writes single-stream files per anchor stay and track, for the users the subscription lists admit", async () => {
    await suite.control.joinRoom(APP, ROOM, "alice");
    await suite.control.joinRoom(APP, ROOM, "bob");
    const taskId = await create({ RecordParams: { RecordMode: 1 } });
    const { startedAt } = await record(taskId);
    expect(await files(taskId)).toEqual([]);

    await suite.control.advanceClock(5);
    // Audio and video apart: AvMerge defaults to 0.
    expect(await files(taskId)).toEqual([
      { UserId: "alice", TrackType: "audio", BeginTimeStamp: startedAt },
      { UserId: "alice", TrackType: "video", BeginTimeStamp: startedAt },
      { UserId: "bob", TrackType: "audio", BeginTimeStamp: startedAt },
      { UserId: "bob", TrackType: "video", BeginTimeStamp: startedAt },
    ]);

    // A user who leaves keeps the files already written; one who joins gets files from then.
    await suite.control.leaveRoom(APP, ROOM, "bob");
    await suite.control.joinRoom(APP, ROOM, "carol");
    await suite.control.advanceClock(1);
    expect(await files(taskId)).toHaveLength(6);
    expect((await files(taskId)).slice(4)).toEqual([
      { UserId: "carol", TrackType: "audio", BeginTimeStamp: startedAt + 5000 },
      { UserId: "carol", TrackType: "video", BeginTimeStamp: startedAt + 5000 },
    ]);

    // Allowlist audio from alice; block video from everyone whose id starts with "c".
    await suite.trtc.request("ModifyCloudRecording", { ...task(taskId), SubscribeStreamUserIds: { SubscribeAudioUserIds: ["alice"], UnSubscribeVideoUserIds: ["c.*$"] } });
    expect((await files(taskId)).map((f) => `${f.UserId} ${f.TrackType}`)).toEqual(["alice audio", "alice video", "bob video"]);
    const names = (await describeTask(taskId)).StorageFileList.map((f) => f.FileName);
    expect(new Set(names).size).toBe(names.length);
  });

  it("writes one file per user with AvMerge 1, and audio files only for StreamType 1 in MP4", async () => {
    await suite.control.joinRoom(APP, ROOM, "alice");
    const merged = await create({ RecordParams: { RecordMode: 1, AvMerge: 1 } });
    const audio = await create({ UserId: "recorder-audio", RecordParams: { RecordMode: 1, StreamType: 1, OutputFormat: 3 } });
    await suite.control.advanceClock(1);
    expect((await files(merged)).map((f) => f.TrackType)).toEqual(["audio_video"]);
    expect((await describeTask(audio)).StorageFileList).toEqual([expect.objectContaining({ UserId: "alice", TrackType: "audio", FileName: expect.stringMatching(/\.mp4$/) })]);
  });

  it("lists no files for VOD storage: they are uploaded, not listed", async () => {
    await suite.control.joinRoom(APP, ROOM, "alice");
    const taskId = await create({ StorageParams: { CloudVod: { TencentVod: { ExpireTime: 0 } } } });
    await suite.control.advanceClock(10);
    expect(await describeTask(taskId)).toMatchObject({ Status: "InProgress", StorageFileList: [] });
  });

  it("only finds a task under the SdkAppId that created it", async () => {
    const taskId = await create();
    await expect(suite.trtc.request("DescribeCloudRecording", { SdkAppId: APP + 1, TaskId: taskId })).rejects.toMatchObject({ code: "ResourceNotFound" });
    await expect(suite.trtc.request("DeleteCloudRecording", { SdkAppId: APP, TaskId: "no-such-task" })).rejects.toMatchObject({ code: "ResourceNotFound" });
  });

  it("stops answering calls ResourceExpiredHour after the start, while the recording goes on", async () => {
    await suite.control.joinRoom(APP, ROOM, "alice");
    const taskId = await create({ ResourceExpiredHour: 6 });
    await suite.control.advanceClock(6 * 3600 - 1);
    expect(await status(taskId)).toBe("InProgress");
    await suite.control.advanceClock(1);
    expect(await status(taskId)).toBe("ResourceNotFound");
    await expect(suite.trtc.request("DeleteCloudRecording", task(taskId))).rejects.toMatchObject({ code: "ResourceNotFound" });
    expect(await record(taskId)).toMatchObject({ status: "InProgress" });
    await expect(create()).rejects.toMatchObject({ code: "FailedOperation.TaskExist" });
  });

  it("accepts the doc's example request, and a string room", async () => {
    const example = {
      StorageParams: { CloudVod: { TencentVod: { ExpireTime: 0 } } },
      UserSig: "11xx111",
      UserId: "10001",
      RecordParams: { MaxIdleTime: 60, StreamType: 0, RecordMode: 2 },
      RoomIdType: 1,
      MixTranscodeParams: { VideoParams: { Width: 360, BitRate: 500000, Fps: 15, Height: 640, Gop: 10 } },
      MixLayoutParams: { MixLayoutMode: 3 },
      SdkAppId: 1234,
      RoomId: "3560",
    };
    await expect(suite.trtc.request("CreateCloudRecording", example)).resolves.toMatchObject({ TaskId: expect.any(String) });
    await expect(create({ RoomId: "lobby", RoomIdType: 0 })).resolves.toEqual(expect.any(String));
  });
});

describe("parameter validation", () => {
  const without = (name: string) => ({ StorageParams: { CloudStorage: { ...COS, [name]: undefined } } });
  const windowAt = (w: Record<string, unknown>) => ({ MixLayoutParams: { MixLayoutMode: 4, MixLayoutList: [{ Top: 0, Left: 0, Width: 100, Height: 100, ...w }] } });
  const watermark = (mark: Record<string, unknown>) => ({ MixLayoutParams: { MixLayoutMode: 3, WaterMarkList: [mark] } });
  const video = { Width: 360, Height: 640, Fps: 15, BitRate: 500000, Gop: 10 };
  // [code, the parameter the message names, overrides]
  const invalid: Array<[string, string, Record<string, unknown>]> = [
    ["MissingParameter.RecordParams", "RecordParams", { RecordParams: undefined }],
    ["MissingParameter.StorageParams", "StorageParams", { StorageParams: undefined }],
    ["MissingParameter.UserSig", "UserSig", { UserSig: undefined }],
    ["InvalidParameter.UserSig", "UserSig", { UserSig: botSig("someone-else") }],
    ["MissingParameter.RecordMode", "RecordParams.RecordMode", { RecordParams: { MaxIdleTime: 30 } }],
    ["MissingParameter.Vendor", "StorageParams.CloudStorage.Vendor", without("Vendor")],
    ["MissingParameter.Region", "StorageParams.CloudStorage.Region", without("Region")],
    ["MissingParameter.Bucket", "StorageParams.CloudStorage.Bucket", without("Bucket")],
    ["MissingParameter.AccessKey", "StorageParams.CloudStorage.AccessKey", without("AccessKey")],
    ["MissingParameter.SecretKey", "StorageParams.CloudStorage.SecretKey", without("SecretKey")],
    ["MissingParameter.CloudStorage", "StorageParams.CloudStorage", { StorageParams: {} }],
    ["InvalidParameter", "StorageParams", { StorageParams: { CloudStorage: COS, CloudVod: {} } }],
    ["InvalidParameter", "RecordParams", { RecordParams: "mixed" }],
    ["InvalidParameter", "StorageParams.CloudStorage.FileNamePrefix.1", { StorageParams: { CloudStorage: { ...COS, FileNamePrefix: ["ok", "not/ok"] } } }],
    ["InvalidParameter", "RecordParams.SubscribeStreamUserIds", { RecordParams: { RecordMode: 1, SubscribeStreamUserIds: { SubscribeAudioUserIds: ["a"], UnSubscribeAudioUserIds: ["b"] } } }],
    ["InvalidParameter", "RecordParams.SubscribeStreamUserIds.SubscribeVideoUserIds", { RecordParams: { RecordMode: 1, SubscribeStreamUserIds: { SubscribeVideoUserIds: "a" } } }],
    ["InvalidParameter", "MixLayoutParams.BackGroundColor", { MixLayoutParams: { MixLayoutMode: 3, BackGroundColor: "orange" } }],
    ["InvalidParameter.OutOfRange", "RecordParams.RecordMode", { RecordParams: { RecordMode: 3 } }],
    ["InvalidParameter.OutOfRange", "RecordParams.StreamType", { RecordParams: { RecordMode: 2, StreamType: 3 } }],
    ["InvalidParameter.OutOfRange", "RecordParams.MaxIdleTime", { RecordParams: { RecordMode: 2, MaxIdleTime: 4 } }],
    ["InvalidParameter.OutOfRange", "RecordParams.MaxIdleTime", { RecordParams: { RecordMode: 2, MaxIdleTime: 86401 } }],
    ["InvalidParameter.OutOfRange", "RecordParams.SubscribeStreamUserIds.SubscribeAudioUserIds", { RecordParams: { RecordMode: 1, SubscribeStreamUserIds: { SubscribeAudioUserIds: Array.from({ length: 33 }, (_, i) => `u${i}`) } } }],
    ["InvalidParameter.OutOfRange", "StorageParams.CloudStorage.Vendor", { StorageParams: { CloudStorage: { ...COS, Vendor: 2 } } }],
    ["InvalidParameter.OutOfRange", "ResourceExpiredHour", { ResourceExpiredHour: 5 }],
    ["InvalidParameter.OutOfRange", "ResourceExpiredHour", { ResourceExpiredHour: 721 }],
    ["InvalidParameter.OutOfRange", "MixLayoutParams.MixLayoutMode", { MixLayoutParams: { MixLayoutMode: 5 } }],
    ["InvalidParameter.OutOfRange", "MixTranscodeParams.VideoParams.Fps", { MixTranscodeParams: { VideoParams: { ...video, Fps: 61 } } }],
    ["InvalidParameter.OutOfRange", "MixTranscodeParams.VideoParams.BitRate", { MixTranscodeParams: { VideoParams: { ...video, BitRate: 63999 } } }],
    ["InvalidParameter.OutOfRange", "MixTranscodeParams.VideoParams", { MixTranscodeParams: { VideoParams: { ...video, Width: 1920, Height: 1920 } } }],
    ["InvalidParameter.OutOfRange", "MixTranscodeParams.AudioParams.SampleRate", { MixTranscodeParams: { AudioParams: { SampleRate: 4, Channel: 2, BitRate: 64000 } } }],
    ["InvalidParameter.OutOfRange", "MixLayoutParams.MixLayoutList.0", windowAt({ Left: 300 })],
    ["InvalidParameter.OutOfRange", "MixLayoutParams.MixLayoutList.0.Top", windowAt({ Top: 1921 })],
    ["InvalidParameter.OutOfRange", "MixLayoutParams.WaterMarkList.0.WaterMarkImage", watermark({ WaterMarkImage: { WaterMarkUrl: "https://a.b/logo.png", Top: 600, Left: 0, Width: 10, Height: 50 } })],
    ["MissingParameter", "MixTranscodeParams.VideoParams.Gop", { MixTranscodeParams: { VideoParams: { ...video, Gop: undefined } } }],
    ["MissingParameter", "MixLayoutParams.WaterMarkList.0.WaterMarkTimestamp", watermark({ WaterMarkType: 2 })],
    ["MissingParameter", "MixLayoutParams.MixLayoutList", { MixLayoutParams: { MixLayoutMode: 4 } }],
    ["UnknownParameter", "RecordParams.Priority", { RecordParams: { RecordMode: 2, Priority: 1 } }],
    ["UnknownParameter", "StorageParams.CloudStorage.Endpoint", { StorageParams: { CloudStorage: { ...COS, Endpoint: "cos.example.com" } } }],
    ["UnknownParameter", "MixLayoutParams.MixLayoutList.0.ZIndex", windowAt({ ZIndex: 1 })],
    ["UnknownParameter", "SubscribeStreamUserIds", { SubscribeStreamUserIds: {} }],
    ["InvalidParameter.RoomId", "RoomId", { RoomId: "lobby" }],
    ["InvalidParameter.StrRoomId", "StrRoomId", { RoomId: "", RoomIdType: 0 }],
    ["InvalidParameter.StrRoomId", "StrRoomId", { RoomId: "town\thall", RoomIdType: 0 }],
    ["InvalidParameter.UserId", "UserId", { UserId: " " }],
    ["InvalidParameter.UserSig", "UserSig", { UserSig: "sig\n" }],
    ["InvalidParameter", "PrivateMapKey", { PrivateMapKey: "map key" }],
    ["InvalidParameter", "MixLayoutParams.MaxResolutionUserId", { MixLayoutParams: { MixLayoutMode: 1, MaxResolutionUserId: "host\u0000" } }],
    ["InvalidParameter.UserId", "MixLayoutParams.MixLayoutList.0.UserId", windowAt({ UserId: "anchor one" })],
    [
      "InvalidParameter",
      "RecordParams.SubscribeStreamUserIds.UnSubscribeAudioUserIds.0",
      { RecordParams: { RecordMode: 1, SubscribeStreamUserIds: { UnSubscribeAudioUserIds: ["guest*"] } } },
    ],
    ["InvalidParameter", "MixLayoutParams.BackgroundImageUrl", { MixLayoutParams: { MixLayoutMode: 3, BackgroundImageUrl: "https:///bg.png" } }],
    ["InvalidParameter", "MixLayoutParams.BackgroundImageUrl", { MixLayoutParams: { MixLayoutMode: 3, BackgroundImageUrl: "https://cdn.example.com/背景.png" } }],
  ];
  it.each(invalid)("answers %s naming %s, and starts nothing", async (code, name, overrides) => {
    await expect(create(overrides)).rejects.toMatchObject({ code, message: expect.stringContaining(`parameter ${name} `) });
    expect(await suite.control.tasks()).toEqual([]);
  });

  it("checks Modify's parameters, and its layout against the task's canvas", async () => {
    const taskId = await create({ MixTranscodeParams: { VideoParams: { ...video, Width: 1280, Height: 720 } } });
    const modify = (changes: Record<string, unknown>) => suite.trtc.request("ModifyCloudRecording", { ...task(taskId), ...changes });
    await expect(modify({ RecordParams: { RecordMode: 1 } })).rejects.toMatchObject({ code: "UnknownParameter" });
    await expect(modify({ MixLayoutParams: { MixLayoutList: [] } })).rejects.toMatchObject({ code: "MissingParameter", message: expect.stringContaining("MixLayoutParams.MixLayoutMode") });
    await expect(modify({ SubscribeStreamUserIds: { SubscribeVideoUserIds: ["a"], UnSubscribeVideoUserIds: ["b"] } })).rejects.toMatchObject({ code: "InvalidParameter" });
    await expect(modify(windowAt({ Left: 1200, Width: 100 }))).rejects.toMatchObject({ code: "InvalidParameter.OutOfRange" });
    await modify(windowAt({ Left: 1000, Width: 280, Top: 620 }));
    await expect(suite.trtc.request("ModifyCloudRecording", { SdkAppId: APP })).rejects.toMatchObject({ code: "MissingParameter.TaskId" });
  });
});

describe("regions", () => {
  it("serves every API in ap-beijing, ap-guangzhou, ap-mumbai, ap-shanghai and ap-singapore", async () => {
    for (const region of ["ap-beijing", "ap-guangzhou", "ap-mumbai", "ap-shanghai", "ap-singapore"]) {
      const client = sdkClient(suite.emulator.url, { region });
      const taskId = await create({ UserId: `recorder-${region}` }, client);
      await client.request("DescribeCloudRecording", task(taskId));
      await client.request("ModifyCloudRecording", { ...task(taskId), MixLayoutParams: { MixLayoutMode: 1 } });
      await client.request("DeleteCloudRecording", task(taskId));
    }
  });

  it("answers UnsupportedRegion elsewhere, ap-bangkok included where StreamIngest runs", async () => {
    const taskId = await create();
    for (const region of ["ap-seoul", "ap-bangkok"]) {
      const client = sdkClient(suite.emulator.url, { region });
      await expect(create({ UserId: "elsewhere" }, client)).rejects.toMatchObject({ code: "UnsupportedRegion" });
      for (const action of ["DescribeCloudRecording", "ModifyCloudRecording", "DeleteCloudRecording"]) {
        await expect(client.request(action, task(taskId))).rejects.toMatchObject({ code: "UnsupportedRegion" });
      }
    }
    expect(await status(taskId)).toBe("InProgress");
  });
});

describe("one recording per bot user", () => {
  it("refuses a second recording with the same bot UserId in the same room while the first runs", async () => {
    const first = await create();
    await expect(create()).rejects.toMatchObject({ code: "FailedOperation.TaskExist" });
    // Another bot, another room, or the string room "1234" are all someone else.
    await create({ UserId: "recorder-2" });
    await create({ RoomId: "4321" });
    await create({ RoomIdType: 0 });
    await suite.trtc.request("DeleteCloudRecording", task(first));
    await create();
  });

  it("allows it again once the first recording has ended by itself", async () => {
    await create();
    await suite.control.advanceClock(DEFAULT_MAX_IDLE);
    await create();
  });

  it("refuses a bot UserId that an anchor in the room already uses", async () => {
    await suite.control.joinRoom(APP, ROOM, CREATE.UserId);
    await expect(create()).rejects.toMatchObject({ code: "InvalidParameter.UserId" });
    await suite.trtc.request("StartStreamIngest", { ...INGEST, UserId: "ingest-1", UserSig: botSig("ingest-1") });
    await expect(create({ UserId: "ingest-1" })).rejects.toMatchObject({ code: "FailedOperation.TaskExist" });
  });
});

describe("concurrency", () => {
  it("answers FailedOperation.RestrictedConcurrency past the per-SdkAppId limit", async () => {
    const limited = await startEmulator({ port: 0, maxConcurrentRecordings: 2 });
    try {
      const client = sdkClient(limited.url);
      const first = await create({ UserId: "bot-1" }, client);
      await create({ UserId: "bot-2", RoomId: "5678" }, client);
      await expect(create({ UserId: "bot-3" }, client)).rejects.toMatchObject({ code: "FailedOperation.RestrictedConcurrency" });
      // The limit is per application, and an ended recording frees its place.
      await create({ UserId: "bot-3", SdkAppId: APP + 1 }, client);
      await client.request("DeleteCloudRecording", task(first));
      await create({ UserId: "bot-3" }, client);
    } finally {
      await limited.close();
    }
  });
});

describe("MaxIdleTime and room occupancy", () => {
  /** Advances to `seconds` after the start of `taskId` and expects it still running, then one second on, ended there. */
  async function expectEndAt(taskId: string, seconds: number, elapsed: number): Promise<void> {
    await suite.control.advanceClock(seconds - 1 - elapsed);
    expect(await status(taskId)).toBe("InProgress");
    await suite.control.advanceClock(1);
    expect(await status(taskId)).toBe("ResourceNotFound");
    const ended = await record(taskId);
    expect(ended).toMatchObject({ status: "Ended", endReason: "finished", endedAt: ended.startedAt + seconds * 1000 });
  }

  it("ends a recording of an empty room after the default 30 s", async () => {
    await expectEndAt(await create(), DEFAULT_MAX_IDLE, 0);
  });

  it("ends a recording of an empty room after its MaxIdleTime", async () => {
    await expectEndAt(await create({ RecordParams: { RecordMode: 1, MaxIdleTime: 120 } }), 120, 0);
  });

  it("keeps recording while a user is in the room, and ends MaxIdleTime after the user leaves", async () => {
    await suite.control.joinRoom(APP, ROOM, "alice");
    const taskId = await create({ RecordParams: { RecordMode: 2, MaxIdleTime: 60 } });
    await suite.control.advanceClock(10 * 60);
    expect(await status(taskId)).toBe("InProgress");
    await suite.control.leaveRoom(APP, ROOM, "alice");
    await expectEndAt(taskId, 10 * 60 + 60, 10 * 60);
  });

  it("starts the idle time again when someone comes and goes", async () => {
    const taskId = await create();
    await suite.control.advanceClock(20);
    await suite.control.joinRoom(APP, ROOM, "alice");
    await suite.control.advanceClock(5);
    await suite.control.leaveRoom(APP, ROOM, "alice");
    await expectEndAt(taskId, 25 + DEFAULT_MAX_IDLE, 25);
  });

  it("stays ended when a user arrives after the idle time ran out unobserved", async () => {
    const taskId = await create();
    await suite.control.advanceClock(DEFAULT_MAX_IDLE + 15);
    await suite.control.joinRoom(APP, ROOM, "alice");
    const ended = await record(taskId);
    expect(ended).toMatchObject({ status: "Ended", endedAt: ended.startedAt + DEFAULT_MAX_IDLE * 1000 });
  });

  it("counts a running StreamIngest as an anchor until its media ends by itself", async () => {
    await suite.trtc.request("StartStreamIngest", { ...INGEST, RepeatNum: 1 });
    const taskId = await create();
    // No call between the start and here: the ingest's end at 60 s is found lazily.
    await expectEndAt(taskId, MEDIA_SECONDS + DEFAULT_MAX_IDLE, 0);
  });

  it("finds the ingest's end and the idle time after it in one look", async () => {
    await suite.trtc.request("StartStreamIngest", { ...INGEST, RepeatNum: 1 });
    const taskId = await create();
    await suite.control.advanceClock(MEDIA_SECONDS + DEFAULT_MAX_IDLE);
    expect(await status(taskId)).toBe("ResourceNotFound");
  });

  it("counts a StreamIngest until it is stopped", async () => {
    const { TaskId: ingest } = (await suite.trtc.request("StartStreamIngest", { ...INGEST, RepeatNum: -1 })) as { TaskId: string };
    const taskId = await create();
    await suite.control.advanceClock(20);
    await suite.trtc.request("StopStreamIngest", { SdkAppId: APP, TaskId: ingest });
    await expectEndAt(taskId, 20 + DEFAULT_MAX_IDLE, 20);
  });

  it("does not count recording bots, nor anchors of other rooms or applications", async () => {
    await suite.control.joinRoom(APP, ROOM + 1, "alice");
    await suite.control.joinRoom(APP + 1, ROOM, "bob");
    await suite.control.joinRoom(APP, String(ROOM), "carol");
    const first = await create();
    const second = await create({ UserId: "recorder-2" });
    await suite.control.advanceClock(DEFAULT_MAX_IDLE);
    expect([await status(first), await status(second)]).toEqual(["ResourceNotFound", "ResourceNotFound"]);
  });

  it("lists occupancy: users, anchors (ingest bots included, recording bots not) and running tasks", async () => {
    await suite.control.joinRoom(APP, ROOM, "alice");
    const { TaskId: ingest } = (await suite.trtc.request("StartStreamIngest", INGEST)) as { TaskId: string };
    const recording = await create();
    await create({ RoomId: "lobby", RoomIdType: 0 });
    const rooms = await suite.control.rooms();
    expect(rooms).toEqual([
      { sdkAppId: APP, roomId: ROOM, users: ["alice"], anchors: ["alice", "ingest-bot"], taskIds: [ingest, recording] },
      { sdkAppId: APP, roomId: "lobby", users: [], anchors: [], taskIds: [expect.any(String)] },
    ]);
    expect(suite.emulator.state.occupancy()).toEqual(rooms);
  });

  it("joins and leaves in process too, and refuses malformed or impossible control calls", async () => {
    expect(suite.emulator.state.rooms.join(APP, ROOM, "alice")).toBe(true);
    expect(suite.emulator.state.rooms.join(APP, ROOM, "alice")).toBe(false);
    await expect(suite.control.joinRoom(APP, ROOM, "alice")).rejects.toThrow(/409/);
    expect(suite.emulator.state.rooms.leave(APP, ROOM, "alice")).toBe(true);
    await expect(suite.control.leaveRoom(APP, ROOM, "alice")).rejects.toThrow(/409/);
    await expect(suite.control.joinRoom(0, ROOM, "alice")).rejects.toThrow(/400/);
    await expect(suite.control.joinRoom(APP, -1, "alice")).rejects.toThrow(/400/);
    await expect(suite.control.joinRoom(APP, ROOM, "")).rejects.toThrow(/400/);
    expect(await suite.control.rooms()).toEqual([]);
  });

  it("forgets rooms on reset", async () => {
    await suite.control.joinRoom(APP, ROOM, "alice");
    await suite.control.reset();
    expect(await suite.control.rooms()).toEqual([]);
  });
});

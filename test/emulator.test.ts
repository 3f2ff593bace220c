// The emulator over real HTTP: requests signed by Tencent's SDK (the oracle for TC3), the
// StreamIngest family, the virtual clock, faults, rate limiting and the control surface.
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import Sign from "tencentcloud-sdk-nodejs-common/tencentcloud/common/sign";
import { DEFAULT_APP_KEY, DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY, EmulatorControl, startEmulator } from "../emulator";
import { botSig } from "./helpers";
import { REGION, sdkClient, useFrozenEmulator } from "./sdk";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MEDIA_SECONDS = 60;



/** Sends `sentBody` with headers signed (by the SDK's signer) for `signedBody`. */
async function rawCall(url: string, action: string, signedBody: string, sentBody = signedBody): Promise<Record<string, unknown>> {
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    "Content-Type": "application/json",
    "X-TC-Action": action,
    "X-TC-Version": "2019-07-22",
    "X-TC-Region": REGION,
    "X-TC-Timestamp": String(timestamp),
  };
  const authorization = Sign.sign3({
    method: "POST",
    url: `${url}/`,
    payload: Buffer.from(signedBody),
    timestamp,
    service: "trtc",
    secretId: DEFAULT_SECRET_ID,
    secretKey: DEFAULT_SECRET_KEY,
    multipart: false,
    boundary: "",
    headers,
  });
  const res = await fetch(`${url}/`, { method: "POST", headers: { ...headers, Authorization: authorization }, body: sentBody });
  expect(res.status).toBe(200);
  return ((await res.json()) as { Response: Record<string, unknown> }).Response;
}

const START = {
  SdkAppId: 1400000001,
  RoomId: "1234",
  RoomIdType: 1,
  UserId: "ingest-bot",
  UserSig: botSig("ingest-bot"),
  StreamUrl: "https://media.example.com/movie.mp4",
};

const suite = useFrozenEmulator({ mediaDurationSeconds: MEDIA_SECONDS });

/** A Start with `overrides`; another bot gets a UserSig of its own unless the test gives one. */
const start = async (overrides: Record<string, unknown> = {}): Promise<string> => {
  const sig = typeof overrides.UserId === "string" ? { UserSig: botSig(overrides.UserId) } : {};
  return ((await suite.trtc.request("StartStreamIngest", { ...START, ...sig, ...overrides })) as { TaskId: string }).TaskId;
};
const status = async (taskId: string): Promise<string> =>
  ((await suite.trtc.request("DescribeStreamIngest", { SdkAppId: START.SdkAppId, TaskId: taskId })) as { Status: string }).Status;

describe("authentication", () => {
  it("accepts a request signed by Tencent's SDK and answers the documented envelope", async () => {
    const response = await suite.trtc.request("StartStreamIngest", START);
    expect(response).toEqual({ TaskId: expect.stringMatching(/^[A-Za-z0-9_-]{64,}$/), RequestId: expect.stringMatching(UUID) });
  });

  it("accepts a raw request signed for its own body", async () => {
    expect(await rawCall(suite.emulator.url, "DescribeStreamIngest", '{"SdkAppId":1400000001,"TaskId":"x"}')).toMatchObject({ Status: "NotExist" });
  });

  it("rejects a body changed after signing", async () => {
    const response = await rawCall(suite.emulator.url, "DescribeStreamIngest", '{"SdkAppId":1400000001,"TaskId":"x"}', '{"SdkAppId":1400000001,"TaskId":"y"}');
    expect(response).toEqual({ Error: { Code: "AuthFailure.SignatureFailure", Message: expect.any(String) }, RequestId: expect.stringMatching(UUID) });
  });

  it("rejects a wrong secret key", async () => {
    await expect(sdkClient(suite.emulator.url, { secretKey: "wrong" }).request("DescribeStreamIngest", { SdkAppId: 1, TaskId: "x" })).rejects.toMatchObject({
      code: "AuthFailure.SignatureFailure",
      requestId: expect.stringMatching(UUID),
    });
  });

  it("rejects an unknown SecretId", async () => {
    await expect(sdkClient(suite.emulator.url, { secretId: "AKIDnobody" }).request("DescribeStreamIngest", { SdkAppId: 1, TaskId: "x" })).rejects.toMatchObject({
      code: "AuthFailure.SecretIdNotFound",
    });
  });

  it("rejects a request without Authorization", async () => {
    const res = await fetch(`${suite.emulator.url}/`, { method: "POST", headers: { "X-TC-Action": "DescribeStreamIngest" }, body: "{}" });
    expect(await res.json()).toMatchObject({ Response: { Error: { Code: "AuthFailure.InvalidAuthorization" } } });
  });

  it("rejects a timestamp more than five minutes from the emulator's clock", async () => {
    const skewed = await startEmulator({ port: 0, clockOffsetMs: 10 * 60 * 1000 });
    try {
      await expect(sdkClient(skewed.url).request("DescribeStreamIngest", { SdkAppId: 1, TaskId: "x" })).rejects.toMatchObject({
        code: "AuthFailure.SignatureExpire",
      });
    } finally {
      await skewed.close();
    }
  });

  it("keeps accepting signatures after virtual time is advanced", async () => {
    await suite.control.advanceClock(7 * 24 * 3600);
    expect(await status("x")).toBe("NotExist");
  });

  it("answers an unknown action, a wrong version and a non-JSON body with their codes", async () => {
    await expect(suite.trtc.request("DescribeNothing", {})).rejects.toMatchObject({ code: "InvalidAction" });
    await expect(sdkClient(suite.emulator.url, { version: "2020-01-01" }).request("DescribeStreamIngest", {})).rejects.toMatchObject({ code: "NoSuchVersion" });
    expect(await rawCall(suite.emulator.url, "StopStreamIngest", "not json")).toMatchObject({ Error: { Code: "InvalidParameter.BodyParamsError" } });
    // The SDK leaves X-TC-Region out when no region is configured.
    await expect(sdkClient(suite.emulator.url, { region: "" }).request("StartStreamIngest", START)).rejects.toMatchObject({ code: "MissingParameter.Region" });
  });
});

describe("StreamIngest", () => {
  it("runs the documented lifecycle", async () => {
    const taskId = await start();
    expect(await status(taskId)).toBe("InProgress");

    const update = { SdkAppId: START.SdkAppId, TaskId: taskId, StreamUrl: "rtmp://media.example.com/live/next", Volume: 40, IsPause: true };
    expect(await suite.trtc.request("UpdateStreamIngest", update)).toEqual({ Status: "InProgress", RequestId: expect.stringMatching(UUID) });
    const [task] = await suite.control.tasks();
    expect(task).toMatchObject({ taskId, family: "StreamIngest", action: "StartStreamIngest", roomId: "1234", roomIdType: 1, userId: "ingest-bot", params: START });
    expect(task!.settings).toEqual({ StreamUrl: "rtmp://media.example.com/live/next", Volume: 40, IsPause: true, EnableProgress: false, Tempo: 1 });

    const stop = { SdkAppId: START.SdkAppId, TaskId: taskId };
    expect(await suite.trtc.request("StopStreamIngest", stop)).toEqual({ RequestId: expect.stringMatching(UUID) });
    expect(await status(taskId)).toBe("NotExist");
    await expect(suite.trtc.request("StopStreamIngest", stop)).rejects.toMatchObject({ code: "FailedOperation.TaskFinished" });
    await expect(suite.trtc.request("UpdateStreamIngest", update)).rejects.toMatchObject({ code: "FailedOperation.TaskNotExist" });
    expect((await suite.control.tasks())[0]).toMatchObject({ status: "Ended", endReason: "stopped" });
  });

  it("checks the task APIs' parameters too", async () => {
    const taskId = await start();
    await expect(suite.trtc.request("DescribeStreamIngest", { SdkAppId: START.SdkAppId })).rejects.toMatchObject({ code: "MissingParameter.TaskId" });
    await expect(suite.trtc.request("StopStreamIngest", { SdkAppId: START.SdkAppId, TaskId: "" })).rejects.toMatchObject({ code: "InvalidParameter.TaskId" });
    await expect(suite.trtc.request("UpdateStreamIngest", { SdkAppId: START.SdkAppId, TaskId: taskId, Volume: -1 })).rejects.toMatchObject({ code: "InvalidParameter.OutOfRange" });
    await expect(suite.trtc.request("UpdateStreamIngest", { SdkAppId: START.SdkAppId, TaskId: taskId, RepeatNum: 2 })).rejects.toMatchObject({ code: "UnknownParameter" });
    expect(await status(taskId)).toBe("InProgress");
  });

  it("only finds a task under the SdkAppId that started it", async () => {
    const taskId = await start();
    expect(await suite.trtc.request("DescribeStreamIngest", { SdkAppId: 1400000002, TaskId: taskId })).toMatchObject({ Status: "NotExist" });
  });

  // Every row names its region: jest passes a `done` callback to a test function with more
  // parameters than its row has values.
  const invalid: Array<[string, string, Record<string, unknown>, string]> = [
    ["MissingParameter.RoomId", "without RoomId", { RoomId: undefined }, REGION],
    ["MissingParameter.UserId", "without UserId", { UserId: undefined }, REGION],
    ["InvalidParameter.OutOfRange", "Volume 101", { Volume: 101 }, REGION],
    ["InvalidParameter.OutOfRange", "RepeatNum 0", { RepeatNum: 0 }, REGION],
    ["InvalidParameter.OutOfRange", "MaxDuration without RepeatNum -1", { MaxDuration: 5 }, REGION],
    ["InvalidParameter.OutOfRange", "MaxDuration 10081", { RepeatNum: -1, MaxDuration: 10081 }, REGION],
    ["InvalidParameter.OutOfRange", "a negative SeekSecond", { SeekSecond: -1 }, REGION],
    ["InvalidParameter.OutOfRange", "RoomIdType 2", { RoomIdType: 2 }, REGION],
    ["InvalidParameter.StreamUrl", "an ftp StreamUrl", { StreamUrl: "ftp://media.example.com/a.mp4" }, REGION],
    ["InvalidParameter.StreamUrl", "a relative StreamUrl", { StreamUrl: "media/a.mp4" }, REGION],
    ...["rtmp://", "rtmp:live", "rtmps:///x", "rtmp:///app/stream", "https:///path", "https://media.example.com/a b.mp4", "https://media.exa\tmple.com/a.mp4"].map(
      (url): [string, string, Record<string, unknown>, string] => ["InvalidParameter.StreamUrl", `StreamUrl ${JSON.stringify(url)}`, { StreamUrl: url }, REGION],
    ),
    ["InvalidParameter.RoomId", "a string room with RoomIdType 1", { RoomId: "lobby" }, REGION],
    ["InvalidParameter.RoomId", "an integer room past 2^32-2", { RoomId: "4294967295" }, REGION],
    ["InvalidParameter.StrRoomId", "an empty string room", { RoomId: "", RoomIdType: 0 }, REGION],
    ["InvalidParameter.StrRoomId", "a 65-character string room", { RoomId: "r".repeat(65), RoomIdType: 0 }, REGION],
    ["InvalidParameter.StrRoomId", "a string room of 32 emoji (64 UTF-16 units)", { RoomId: "🎉".repeat(32), RoomIdType: 0 }, REGION],
    ["InvalidParameter.StrRoomId", "a string room with a line break", { RoomId: "lobby\n", RoomIdType: 0 }, REGION],
    ["InvalidParameter.UserId", "a whitespace-only UserId", { UserId: "   " }, REGION],
    ["InvalidParameter.UserId", "a UserId with a control character", { UserId: "bot\u0000" }, REGION],
    ["InvalidParameter.UserId", "a 33-character UserId", { UserId: "b".repeat(33) }, REGION],
    ["InvalidParameter.UserSig", "a whitespace-only UserSig", { UserSig: " \t" }, REGION],
    ["InvalidParameter", "a PrivateMapKey with a space", { PrivateMapKey: "eJw1 jcEK" }, REGION],
    ["InvalidParameter.SdkAppId", "SdkAppId past 2^53", { SdkAppId: 1e300 }, REGION],
    ["InvalidParameter.SdkAppId", "SdkAppId 0", { SdkAppId: 0 }, REGION],
    ["InvalidParameter.SdkAppId", "SdkAppId as a string", { SdkAppId: "1400000001" }, REGION],
    ["InvalidParameter.UserSig", "an empty UserSig", { UserSig: "" }, REGION],
    ["InvalidParameter.UserSig", "a UserSig that is not one", { UserSig: "sig" }, REGION],
    ["InvalidParameter.UserSig", "another user's UserSig", { UserSig: botSig("someone-else") }, REGION],
    ["InvalidParameter.UserSig", "a UserSig signed with another key", { UserSig: botSig("ingest-bot", 1400000001, "not-the-app-key") }, REGION],
    ["InvalidParameter.UserSig", "another application's UserSig", { UserSig: botSig("ingest-bot", 1400000002) }, REGION],
    ["InvalidParameter", "AutoPush as a string", { AutoPush: "yes" }, REGION],
    ["UnknownParameter", "the deprecated SourceUrl", { SourceUrl: ["https://a.b/c.mp4"] }, REGION],
    ["UnsupportedRegion", "region ap-seoul", {}, "ap-seoul"],
  ];
  it.each(invalid)("answers %s to a Start with %s, and starts nothing", async (code, _what, overrides, region) => {
    await expect(sdkClient(suite.emulator.url, { region }).request("StartStreamIngest", { ...START, ...overrides })).rejects.toMatchObject({ code });
    expect(await suite.control.tasks()).toEqual([]);
  });

  it("refuses a UserSig past its lifetime, by the service's clock", async () => {
    const later = await startEmulator({ port: 0, clockOffsetMs: 2 * 60 * 1000 });
    try {
      const client = sdkClient(later.url);
      await expect(client.request("StartStreamIngest", { ...START, UserSig: botSig("ingest-bot", 1400000001, DEFAULT_APP_KEY, 60) })).rejects.toMatchObject({ code: "InvalidParameter.UserSig" });
      await expect(client.request("StartStreamIngest", { ...START, UserSig: botSig("ingest-bot", 1400000001, DEFAULT_APP_KEY, 180) })).resolves.toMatchObject({ TaskId: expect.any(String) });
    } finally {
      await later.close();
    }
  });

  it("accepts ids at the edges of what TRTC allows", async () => {
    const marks = " !#$%&()+-:;<=.>?@[]^_{}|~,";
    await start({ RoomId: `${marks}Az09${"r".repeat(64 - marks.length - 4)}`, RoomIdType: 0 });
    await start({ UserId: `Az09_-${"b".repeat(26)}`, UserSig: botSig(`Az09_-${"b".repeat(26)}`), PrivateMapKey: "eJw1jcEKgkAU*-_" });
    await start({ SdkAppId: Number.MAX_SAFE_INTEGER, StreamUrl: "rtmp://live.example.com:1935/app/stream?key=a%20b" });
    expect(await suite.control.tasks()).toHaveLength(3);
  });

  it("names the unknown parameter", async () => {
    await expect(start({ VideoEncodeParams: { Width: 640 } })).rejects.toMatchObject({ message: expect.stringContaining("VideoEncodeParams") });
  });

  it("checks regions per API: Start in ap-guangzhou, but not Describe", async () => {
    const guangzhou = sdkClient(suite.emulator.url, { region: "ap-guangzhou" });
    const { TaskId } = (await guangzhou.request("StartStreamIngest", START)) as { TaskId: string };
    await expect(guangzhou.request("DescribeStreamIngest", { SdkAppId: START.SdkAppId, TaskId })).rejects.toMatchObject({ code: "UnsupportedRegion" });
  });

  it("refuses a second task for the same bot user in the same room", async () => {
    const first = await start();
    await expect(start()).rejects.toMatchObject({ code: "FailedOperation.TaskExist" });
    await start({ UserId: "another-bot" });
    await start({ RoomId: "room-1234", RoomIdType: 0 });
    await suite.trtc.request("StopStreamIngest", { SdkAppId: START.SdkAppId, TaskId: first });
    await start();
  });

  it("ends a task after RepeatNum plays of the media, not before", async () => {
    const taskId = await start({ RepeatNum: 2 });
    await suite.control.advanceClock(2 * MEDIA_SECONDS - 1);
    expect(await status(taskId)).toBe("InProgress");
    await suite.control.advanceClock(1);
    expect(await status(taskId)).toBe("NotExist");
    const [task] = await suite.control.tasks();
    expect(task).toMatchObject({ status: "Ended", endReason: "finished", endedAt: task!.startedAt + 2 * MEDIA_SECONDS * 1000 });
  });

  it("counts SeekSecond off the first play", async () => {
    const taskId = await start({ SeekSecond: 45 });
    await suite.control.advanceClock(MEDIA_SECONDS - 45);
    expect(await status(taskId)).toBe("NotExist");
  });

  it("ends a looping task after MaxDuration minutes, and never without it", async () => {
    const capped = await start({ RepeatNum: -1, MaxDuration: 5 });
    const endless = await start({ RepeatNum: -1, UserId: "endless-bot" });
    await suite.control.advanceClock(299);
    expect(await status(capped)).toBe("InProgress");
    await suite.control.advanceClock(1);
    expect(await status(capped)).toBe("NotExist");
    await suite.control.advanceClock(30 * 24 * 3600);
    expect(await status(endless)).toBe("InProgress");
  });
});

describe("control surface", () => {
  it("ends a task as if it finished by itself", async () => {
    const taskId = await start();
    expect(await suite.control.endTask(taskId)).toMatchObject({ taskId, status: "Ended", endReason: "finished" });
    expect(await status(taskId)).toBe("NotExist");
    await expect(suite.control.endTask(taskId)).rejects.toThrow(/409/);
    await expect(suite.control.endTask("no-such-task")).rejects.toThrow(/404/);
  });

  it("injects a fault for the next N calls, then serves normally", async () => {
    await suite.control.injectFault({ action: "DescribeStreamIngest", code: "InternalError", message: "injected", count: 2 });
    await suite.control.injectFault({ action: "DescribeStreamIngest", httpStatus: 502 });
    await expect(status("x")).rejects.toMatchObject({ code: "InternalError", message: "injected" });
    await expect(status("x")).rejects.toMatchObject({ code: "InternalError" });
    await expect(status("x")).rejects.toMatchObject({ httpCode: 502 });
    expect(await status("x")).toBe("NotExist");
    const outcomes = (await suite.control.requests()).map((r) => r.outcome);
    expect(outcomes).toEqual(["InternalError", "InternalError", "HTTP 502", "ok"]);
  });

  it("logs every call with its outcome, and clears the log", async () => {
    await start();
    await expect(start()).rejects.toMatchObject({ code: "FailedOperation.TaskExist" });
    expect(await suite.control.requests()).toEqual([
      expect.objectContaining({ action: "StartStreamIngest", region: REGION, secretId: DEFAULT_SECRET_ID, params: START, outcome: "ok", requestId: expect.stringMatching(UUID) }),
      expect.objectContaining({ action: "StartStreamIngest", outcome: "FailedOperation.TaskExist" }),
    ]);
    await suite.control.clearRequests();
    expect(await suite.control.requests()).toEqual([]);
  });

  it("rejects malformed control calls", async () => {
    await expect(suite.control.injectFault({ action: "StartStreamIngest" })).rejects.toThrow(/400/);
    const res = await fetch(`${suite.emulator.url}/_emulator/nothing`);
    expect(res.status).toBe(404);
  });
});

describe("rate limiting", () => {
  it("answers RequestLimitExceeded past the limit in one second, per action", async () => {
    const taskId = await start();
    await suite.control.clearRequests();
    const calls = Array.from({ length: 25 }, () => status(taskId).then(
      () => "ok",
      (err: { code?: string }) => err.code,
    ));
    const outcomes = await Promise.all(calls);
    // The clock is frozen, so all 25 fall into one window whatever the machine's speed.
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(20);
    expect(outcomes.filter((o) => o === "RequestLimitExceeded")).toHaveLength(5);
    expect((await suite.control.requests()).filter((r) => r.outcome === "RequestLimitExceeded")).toHaveLength(5);

    // Another action has its own budget.
    for (let i = 0; i < 5; i++) {
      await suite.trtc.request("UpdateStreamIngest", { SdkAppId: START.SdkAppId, TaskId: taskId, Volume: 50 + i });
    }
    // A second later the window has rolled over.
    await suite.control.advanceClock(1);
    expect(await status(taskId)).toBe("InProgress");
  });
});

describe("trtc-local", () => {
  const FROM_SOURCE = ["-r", "ts-node/register/transpile-only", "emulator/cli.ts"];

  /** Runs trtc-local from source with `args` while `use` gets the line it prints once it listens; then stops it with SIGTERM. */
  async function withCli(args: string[], use: (line: string, url: string) => Promise<void>): Promise<void> {
    const child = spawn(process.execPath, [...FROM_SOURCE, "--port", "0", ...args], { cwd: `${__dirname}/..`, stdio: ["ignore", "pipe", "inherit"] });
    const exited = once(child, "exit");
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), "line")) as [string];
      await use(line, /http:\/\/[\d.:]+/.exec(line)![0]);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toEqual([0, null]);
  }

  it("prints its URL and credentials, serves, and stops cleanly on SIGTERM", () =>
    withCli(["--secret-id", "AKIDcli", "--secret-key", "cli-key"], async (line, url) => {
      expect(line).toContain("SecretId AKIDcli");
      const client = sdkClient(url, { secretId: "AKIDcli", secretKey: "cli-key" });
      expect(await client.request("DescribeStreamIngest", { SdkAppId: 1, TaskId: "x" })).toMatchObject({ Status: "NotExist" });
      expect(await new EmulatorControl(url).requests()).toHaveLength(1);
    }));

  it("--app declares another application: lookups answer for it, and its UserSigs are checked with its key", () =>
    withCli(["--app", "1400012345:other-app-key", "--app", "1400054321"], async (line, url) => {
      expect(line).toContain("applications 1400000001 with secret key trtc-local-app-secret-key, 1400012345 with secret key other-app-key, 1400054321 with secret key trtc-local-app-secret-key;");
      const client = sdkClient(url);
      const window = { StartTime: Math.floor(Date.now() / 1000) - 3600, EndTime: Math.floor(Date.now() / 1000) };
      for (const app of [1400012345, 1400054321]) expect(await client.request("DescribeRoomInfo", { SdkAppId: app, ...window })).toHaveProperty("Total");
      const start = (userSig: string) =>
        client.request("StartStreamIngest", { ...START, SdkAppId: 1400012345, UserId: "ingest-bot", UserSig: userSig }).then(() => "ok", (e: { code: string }) => e.code);
      expect(await start(botSig("ingest-bot", 1400012345))).toBe("InvalidParameter.UserSig");
      expect(await start(botSig("ingest-bot", 1400012345, "other-app-key"))).toBe("ok");
    }));

  it("--app refuses what is no application id", () => {
    const run = spawnSync(process.execPath, [...FROM_SOURCE, "--app", "studio:key"], { cwd: `${__dirname}/..`, encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("trtc-local: --app studio:key: the application id must be a positive integer");
  });
});

import { TrtcClient } from "../provider/client";
import { ConfigError, TrtcError } from "../provider/errors";
import { endpointUrl, resolveSettings } from "../provider/settings";
import { DEFAULT_CREDENTIALS, RunningEmulator, startEmulator } from "../emulator";
import { botSig, REGION, SECRET_ID, SECRET_KEY } from "./helpers";

// A second key pair, whose calls the process's limiter keeps apart from the first's.
const TEAM_SECRET_ID = "AKIDclientTestTeamAccount";
let emulator: RunningEmulator;
let client: TrtcClient;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, credentials: { ...DEFAULT_CREDENTIALS, [TEAM_SECRET_ID]: SECRET_KEY } });
  const settings = { secretId: SECRET_ID, secretKey: SECRET_KEY, region: REGION, endpoint: emulator.url };
  client = new TrtcClient(settings, { retries: 3, minTimeoutMs: 10, maxTimeoutMs: 50 });
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.state.requests.clear();
  emulator.state.faults.clear();
});

const start = {
  SdkAppId: 1400000001, RoomId: "77", RoomIdType: 1, UserId: "client-bot", UserSig: botSig("client-bot"),
  StreamUrl: "https://media.example.com/a.mp4",
};
const outcomes = (action: string) =>
  emulator.state.requests.list().filter((r) => r.action === action).map((r) => r.outcome);

test("errors carry the action, code, message and RequestId", async () => {
  const error = await client.call("DescribeStreamIngest", { SdkAppId: 1400000001 }, "read", REGION).catch((e) => e);
  expect(error).toBeInstanceOf(TrtcError);
  expect(error).toMatchObject({ action: "DescribeStreamIngest", code: "MissingParameter.TaskId" });
  expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(error.message).toContain(error.requestId);
});

test("reads retry throttling, internal errors and 5xx, then succeed", async () => {
  emulator.state.faults.add({ action: "DescribeStreamIngest", code: "RequestLimitExceeded", count: 1 });
  emulator.state.faults.add({ action: "DescribeStreamIngest", code: "InternalError", count: 1 });
  emulator.state.faults.add({ action: "DescribeStreamIngest", httpStatus: 502, count: 1 });
  const response = await client.call("DescribeStreamIngest", { SdkAppId: 1400000001, TaskId: "none" }, "read", REGION);
  expect(response.Status).toBe("NotExist");
  expect(outcomes("DescribeStreamIngest")).toEqual(["RequestLimitExceeded", "InternalError", "HTTP 502", "ok"]);
});

test("params given as a function are made afresh for every attempt", async () => {
  emulator.state.faults.add({ action: "DescribeStreamIngest", code: "InternalError", count: 2 });
  const attempts: number[] = [];
  await client.call("DescribeStreamIngest", (attempt) => (attempts.push(attempt), { SdkAppId: 1400000001, TaskId: `try-${attempt}` }), "read", REGION);
  expect(attempts).toEqual([1, 2, 3]);
  const sent = emulator.state.requests.list().map((r) => (r.params as { TaskId: string }).TaskId);
  expect(sent).toEqual(["try-1", "try-2", "try-3"]);
});

test("a network failure is retried for reads", async () => {
  const dead = new TrtcClient(
    { secretId: SECRET_ID, secretKey: SECRET_KEY, endpoint: "http://127.0.0.1:1" },
    { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 2 },
  );
  const error = await dead.call("DescribeStreamIngest", {}, "read", REGION).catch((e) => e);
  expect(error).toMatchObject({ code: "NetworkError", action: "DescribeStreamIngest" });
});

test("a Start is retried only when the error proves it did not run", async () => {
  emulator.state.faults.add({ action: "StartStreamIngest", code: "RequestLimitExceeded", count: 1 });
  emulator.state.faults.add({ action: "StartStreamIngest", code: "AuthFailure.SignatureExpire", count: 1 });
  const { TaskId } = await client.call("StartStreamIngest", start, "start", REGION);
  expect(outcomes("StartStreamIngest")).toEqual(["RequestLimitExceeded", "AuthFailure.SignatureExpire", "ok"]);
  await client.call("StopStreamIngest", { SdkAppId: 1400000001, TaskId }, "change", REGION);

  // An internal error or a 5xx may have started the task: never risk a duplicate.
  for (const fault of [{ code: "InternalError" }, { httpStatus: 500 }]) {
    emulator.state.requests.clear();
    emulator.state.faults.add({ action: "StartStreamIngest", count: 1, ...fault });
    await expect(client.call("StartStreamIngest", start, "start", REGION)).rejects.toBeInstanceOf(TrtcError);
    expect(outcomes("StartStreamIngest")).toHaveLength(1);
  }
});

test("a throttled call is sent again however often TRTC throttles it: throttling uses up no retry", async () => {
  // One retry for other failures; three throttled answers in a row.
  const oneRetry = new TrtcClient(
    { secretId: TEAM_SECRET_ID, secretKey: SECRET_KEY, region: REGION, endpoint: emulator.url },
    { retries: 1, minTimeoutMs: 1, maxTimeoutMs: 1 },
  );
  emulator.state.faults.add({ action: "StartStreamIngest", code: "RequestLimitExceeded", count: 3 });
  const { TaskId } = await oneRetry.call("StartStreamIngest", { ...start, UserId: "team-bot", UserSig: botSig("team-bot") }, "start", REGION);
  expect(outcomes("StartStreamIngest")).toEqual(["RequestLimitExceeded", "RequestLimitExceeded", "RequestLimitExceeded", "ok"]);
  await oneRetry.call("StopStreamIngest", { SdkAppId: 1400000001, TaskId }, "change", REGION);

  // Until the deadline: past it, the throttled answer is the call's failure.
  const impatient = new TrtcClient(
    { secretId: TEAM_SECRET_ID, secretKey: SECRET_KEY, region: REGION, endpoint: emulator.url },
    { retries: 1, minTimeoutMs: 1, maxTimeoutMs: 1, throttledForMs: 0 },
  );
  emulator.state.faults.add({ action: "DescribeStreamIngest", code: "RequestLimitExceeded", count: 1 });
  await expect(impatient.call("DescribeStreamIngest", { SdkAppId: 1400000001, TaskId }, "read", REGION)).rejects.toMatchObject({ code: "RequestLimitExceeded" });

  // The deadline is trtc:throttledForSeconds (TRTC_THROTTLED_FOR_SECONDS) where the options set none.
  const configured = new TrtcClient(
    resolveSettings((key) => ({ "trtc:throttledForSeconds": "0" })[key], {
      TENCENTCLOUD_SECRET_ID: TEAM_SECRET_ID, TENCENTCLOUD_SECRET_KEY: SECRET_KEY, TRTC_ENDPOINT: emulator.url, TRTC_THROTTLED_FOR_SECONDS: "900",
    }),
    { retries: 1, minTimeoutMs: 1, maxTimeoutMs: 1 },
  );
  emulator.state.faults.add({ action: "DescribeStreamIngest", code: "RequestLimitExceeded", count: 1 });
  await expect(configured.call("DescribeStreamIngest", { SdkAppId: 1400000001, TaskId }, "read", REGION)).rejects.toMatchObject({ code: "RequestLimitExceeded" });
});

test("trtc:throttledForSeconds is a number of seconds", () => {
  expect(resolveSettings(() => undefined, { TRTC_THROTTLED_FOR_SECONDS: "90.5" }).throttledForSeconds).toBe(90.5);
  for (const value of ["-1", "ten", "10s"]) {
    expect(() => resolveSettings((key) => ({ "trtc:throttledForSeconds": value })[key], {})).toThrow(
      new ConfigError(`trtc:throttledForSeconds must be a number of seconds, 0 or more (e.g. 600; 0 fails a throttled call at once), not "${value}"`),
    );
  }
});

// The limiter's schedule is pinned on a fake clock in limiter.test.ts. Here, over real HTTP, a busy
// machine can delay one batch in transit into the next second, so TRTC may still throttle a call:
// what must hold is that every call succeeds. "Never throttled" is measured by `npm run bench`.
test("many concurrent calls against the documented 20 requests/s per action all succeed", async () => {
  const calls = Array.from({ length: 45 }, () =>
    client.call("DescribeStreamIngest", { SdkAppId: 1400000001, TaskId: "x" }, "read", REGION),
  );
  await Promise.all(calls);
  const answered = outcomes("DescribeStreamIngest");
  expect(answered.filter((o) => o === "ok")).toHaveLength(45);
  expect(answered.filter((o) => o !== "ok" && o !== "RequestLimitExceeded")).toEqual([]);
});

test("missing credentials name both ways to set them, before any call", async () => {
  const anonymous = new TrtcClient(resolveSettings(() => undefined, { TRTC_ENDPOINT: emulator.url }));
  const error = await anonymous.call("DescribeStreamIngest", {}, "read", REGION).catch((e) => e);
  expect(error).toBeInstanceOf(ConfigError);
  expect(error.message).toMatch(/trtc:secretId.*trtc:secretKey.*TENCENTCLOUD_SECRET_ID.*TENCENTCLOUD_SECRET_KEY/s);
  expect(emulator.state.requests.list()).toEqual([]);
});

test("stack config wins over the environment; endpoints can be named", () => {
  const config: Record<string, string> = { "trtc:secretId": "from-config", "trtc:endpoint": "international" };
  const env = { TENCENTCLOUD_SECRET_ID: "from-env", TENCENTCLOUD_SECRET_KEY: "key-from-env", TENCENTCLOUD_REGION: "ap-mumbai", HOME: "/home/user" };
  expect(resolveSettings((k) => config[k], env)).toEqual({
    secretId: "from-config",
    secretKey: "key-from-env",
    region: "ap-mumbai",
    endpoint: "https://trtc.intl.tencentcloudapi.com",
    sharedCredentialsDir: "/home/user/.tccli",
  });
  expect(endpointUrl("mainland")).toBe("https://trtc.tencentcloudapi.com");
  expect(endpointUrl("trtc.ap-mumbai.tencentcloudapi.com")).toBe("https://trtc.ap-mumbai.tencentcloudapi.com");
  expect(endpointUrl("http://127.0.0.1:8080/")).toBe("http://127.0.0.1:8080");
  expect(() => endpointUrl("http://")).toThrow(ConfigError);
});

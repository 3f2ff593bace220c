// The emulator's fault control over real HTTP, for any action: errors and HTTP statuses instead of
// the call, and answers lost after the call ran (the connection dropped, or held until the client
// gives up), which is how a client meets a task that started although it heard no answer.
import { CommonClient } from "tencentcloud-sdk-nodejs-common";
import { DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } from "../emulator";
import { REGION, useFrozenEmulator } from "./sdk";
import { botSig } from "./helpers";

const suite = useFrozenEmulator();

const START = {
  SdkAppId: 1400000001, RoomId: "88", RoomIdType: 1, UserId: "fault-bot", UserSig: botSig("fault-bot"),
  StreamUrl: "https://media.example.com/a.mp4",
};
const running = () => suite.emulator.state.tasks.list().filter((t) => t.status === "InProgress");
const log = async () => (await suite.control.requests()).map(({ action, outcome, ran }) => ({ action, outcome, ...(ran && { ran }) }));

/** Tencent's SDK client with its own timeout, in seconds. */
function clientWithTimeout(reqTimeout: number): CommonClient {
  return new CommonClient("trtc.tencentcloudapi.com", "2019-07-22", {
    credential: { secretId: DEFAULT_SECRET_ID, secretKey: DEFAULT_SECRET_KEY },
    region: REGION,
    profile: { httpProfile: { protocol: "http://", endpoint: new URL(suite.emulator.url).host, reqTimeout } },
  });
}

it("drops the connection instead of running the call", async () => {
  await suite.control.injectFault({ action: "StartStreamIngest", connection: "drop" });
  await expect(suite.trtc.request("StartStreamIngest", START)).rejects.toThrow(/socket hang up|ECONNRESET/);
  expect(running()).toEqual([]);
  expect(await log()).toEqual([{ action: "StartStreamIngest", outcome: "dropped" }]);
});

it("runs the call first, then drops the connection: the task starts but its id never arrives", async () => {
  await suite.control.injectFault({ action: "StartStreamIngest", connection: "drop", runFirst: true });
  await expect(suite.trtc.request("StartStreamIngest", START)).rejects.toThrow(/socket hang up|ECONNRESET/);
  expect(running()).toEqual([expect.objectContaining({ userId: "fault-bot" })]);
  expect(await log()).toEqual([{ action: "StartStreamIngest", outcome: "dropped", ran: "ok" }]);
});

it("runs the call first, then answers an error or an HTTP status instead of its result", async () => {
  await suite.control.injectFault({ action: "StartStreamIngest", code: "InternalError", runFirst: true });
  await expect(suite.trtc.request("StartStreamIngest", START)).rejects.toMatchObject({ code: "InternalError" });
  await suite.control.injectFault({ action: "StopStreamIngest", httpStatus: 502, runFirst: true });
  await expect(suite.trtc.request("StopStreamIngest", { SdkAppId: 1400000001, TaskId: running()[0].taskId })).rejects.toMatchObject({ httpCode: 502 });
  expect(running()).toEqual([]);
  expect(await log()).toEqual([
    { action: "StartStreamIngest", outcome: "InternalError", ran: "ok" },
    { action: "StopStreamIngest", outcome: "HTTP 502", ran: "ok" },
  ]);
});

it("records what a call that ran first came to, even when it failed", async () => {
  await suite.control.injectFault({ action: "StartStreamIngest", connection: "drop", runFirst: true });
  await expect(suite.trtc.request("StartStreamIngest", { ...START, StreamUrl: "ftp://x" })).rejects.toThrow();
  expect(await log()).toEqual([{ action: "StartStreamIngest", outcome: "dropped", ran: "InvalidParameter.StreamUrl" }]);
});

it("holds the answer until the client's own timeout gives up", async () => {
  await suite.control.injectFault({ action: "StartStreamIngest", connection: "hang", runFirst: true });
  await expect(clientWithTimeout(0.5).request("StartStreamIngest", START)).rejects.toThrow(/timeout/i);
  expect(running()).toHaveLength(1);
  expect(await log()).toEqual([{ action: "StartStreamIngest", outcome: "held unanswered", ran: "ok" }]);
  // The next call is served as usual.
  await expect(suite.trtc.request("StartStreamIngest", START)).rejects.toMatchObject({ code: "FailedOperation.TaskExist" });
});

it("refuses a fault that says more or less than one way to fail", async () => {
  await expect(suite.control.injectFault({ action: "StartStreamIngest", code: "InternalError", connection: "drop" })).rejects.toThrow(/400.*one of code, httpStatus or connection/);
  await expect(suite.control.injectFault({ action: "StartStreamIngest", runFirst: true })).rejects.toThrow(/400/);
  await expect(suite.control.injectFault({ action: "StartStreamIngest", connection: "later" as never })).rejects.toThrow(/400.*connection must be/);
});

import * as runtime from "../provider/runtime";
import { liveStreamModeration } from "../resources/liveStreamModeration";
import { actions, checked, checkFailure, useProviderEmulator } from "./helpers";

// The LiveStreamModeration lifecycle driven through the provider runtime as Pulumi's dynamic
// provider host drives it, against the emulator: checks by path, every change a replacement (there
// is no update API), the pull URL kept secret, SourceInfo's room numbering, a task that ends at
// resourceExpiredHour, and a Create whose answer is lost, which nothing can settle.

const suite = useProviderEmulator();

const APP = 1400000001;
const url = "rtmp://pull.example.com/live/show?sdkappid=1400000001&usersig=secret";
const program = {
  __kind: "LiveStreamModeration",
  region: "ap-shanghai",
  sdkAppId: APP,
  input: { url },
  liveModerationParams: { moderationType: 3 },
};
const storage = { vendor: 2, region: "oss-cn-shanghai", bucket: "frames", accessKey: "ak", secretKey: "sk" };

const requests = (action: string) => suite.emulator.state.requests.list().filter((r) => r.action === action);
const running = () => suite.emulator.state.tasks.list().filter((t) => t.status === "InProgress");

const HIDDEN = ["input", "liveModerationStorageParams"];

describe("bad input is rejected at check, naming the nested path, with no API call", () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["no stream", { input: {} }, "input", /exactly one of url or agoraParam/],
    ["a URL and a channel", { input: { url, agoraParam: { channel: "show" } } }, "input", /exactly one of url or agoraParam/],
    ["a protocol for a channel", { input: { agoraParam: { channel: "show" }, format: "rtmp" } }, "input.format", /applies only when pulling a url/],
    ["audio slices of 1 second", { liveModerationParams: { sliceAudio: 1 } }, "liveModerationParams.sliceAudio", /from 5 to 60/],
    ["an idle time past 1800", { liveModerationParams: { maxIdleTime: 1801 } }, "liveModerationParams.maxIdleTime", /from 30 to 1800/],
    ["a DataId of 61 characters", { dataId: "d".repeat(61) }, "dataId", /at most 60 characters/],
    ["a storage vendor of 3", { liveModerationStorageParams: { cloudModerationStorage: { ...storage, vendor: 3 } } }, "liveModerationStorageParams.cloudModerationStorage.vendor", /Alibaba Cloud OSS/],
    ["a lifetime of 73 hours", { resourceExpiredHour: 73 }, "resourceExpiredHour", /from 1 to 72/],
    ["the default region", { region: undefined }, "region", /give one of ap-shanghai/],
  ];
  test.each(cases)("%s", async (_name, change, property, reason) => {
    const result = await runtime.check({}, { ...program, ...change });
    expect(result.failures).toEqual([checkFailure(property, reason, HIDDEN)]);
    expect(actions(suite.emulator)).toEqual([]);
  });
});

test("every change replaces the task; the pull URL, the Agora token and the storage keys are secret", async () => {
  const olds = { ...(await checked(program)), taskId: "t", status: "InProgress" };
  const diff = (change: Record<string, unknown>) => checked({ ...program, ...change }).then((n) => runtime.diff("t", olds, n));
  expect(await diff({})).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  expect(await diff({ liveModerationParams: { moderationType: 1 } })).toEqual({ changes: true, replaces: ["liveModerationParams"], deleteBeforeReplace: false });
  expect(await diff({ dataId: "show-2" })).toEqual({ changes: true, replaces: ["dataId"], deleteBeforeReplace: false });
  const rules = { ...liveStreamModeration.fields, ...liveStreamModeration.nestedFields };
  expect(Object.entries(rules).filter(([, rule]) => rule.secret).map(([path]) => path)).toEqual([
    "input.url", "input.agoraParam.token",
    "liveModerationStorageParams.cloudModerationStorage.accessKey", "liveModerationStorageParams.cloudModerationStorage.secretKey",
  ]);
  expect(liveStreamModeration.update).toBeUndefined();
});

test("create sends the documented request, SourceInfo's room in its numbering; delete stops it (twice is fine)", async () => {
  const inputs = await checked({
    ...program,
    dataId: "show-1",
    sourceInfo: { roomId: 1234, userId: "host" },
    liveModerationStorageParams: { cloudModerationStorage: storage },
    resourceExpiredHour: 12,
  });
  const { id, outs } = await runtime.create(inputs);
  expect(requests("CreateLiveStreamModeration").map((r) => [r.region, r.params])).toEqual([[
    "ap-shanghai",
    {
      SdkAppId: APP,
      Input: { Url: url },
      LiveModerationParams: { ModerationType: 3 },
      DataId: "show-1",
      SourceInfo: { RoomId: "1234", RoomIdType: 1, UserId: "host" },
      LiveModerationStorageParams: { CloudModerationStorage: { Vendor: 2, Region: "oss-cn-shanghai", Bucket: "frames", AccessKey: "ak", SecretKey: "sk" } },
      ResourceExpiredHour: 12,
    },
  ]]);
  expect(requests("DescribeLiveStreamModeration").map((r) => r.params)).toEqual([{ SdkAppId: APP, TaskId: id }]);
  expect(outs).toMatchObject({ taskId: id, status: "InProgress" });

  await runtime.remove(id, outs);
  await runtime.remove(id, outs);
  expect(requests("DeleteLiveStreamModeration").map((r) => r.outcome)).toEqual(["ok", "ResourceNotFound"]);
});

test("a task ends itself at resourceExpiredHour: refresh drops it and says why", async () => {
  const { id, outs } = await runtime.create(await checked({ ...program, resourceExpiredHour: 1 }));
  suite.emulator.state.clock.advance(3_600_000);
  const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
  try {
    expect(await runtime.read(id, outs)).toEqual({});
    expect(String(warn.mock.calls[0]![0])).toContain("resourceExpiredHour (1 hours)");
  } finally {
    warn.mockRestore();
  }
});

test("a Create whose answer is lost cannot be settled: create fails with the error, and no second task is started", async () => {
  suite.emulator.state.faults.add({ action: "CreateLiveStreamModeration", connection: "drop", runFirst: true, count: 1 });
  await expect(runtime.create(await checked(program))).rejects.toThrow(
    /answer to CreateLiveStreamModeration was lost .*a task may have started that no TRTC API can find.*maxIdleTime/,
  );
  expect(requests("CreateLiveStreamModeration")).toHaveLength(1);
  // The task the lost Create ran is TRTC's to end (resourceExpiredHour): nothing can find it.
  expect(running()).toHaveLength(1);
});

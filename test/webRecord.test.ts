import * as runtime from "../provider/runtime";
import { webRecord } from "../resources/webRecord";
import { actions, checked, checkFailure, useProviderEmulator } from "./helpers";

// The WebRecord lifecycle driven through the provider runtime as Pulumi's dynamic provider host
// drives it, against the emulator: checks by path, every change a replacement (there is no update
// API), a recording that ends itself at maxDurationLimit, and a Start whose answer is lost found by
// its RecordId.

const suite = useProviderEmulator();

const cloudStorage = { vendor: 0, region: "ap-singapore", bucket: "boards-1250000000", accessKey: "AKID", secretKey: "cos-key" };
const program = {
  __kind: "WebRecord",
  sdkAppId: 1400000001,
  recordUrl: "https://scores.example.com/board",
  storageParams: { cloudStorage },
};

const requests = (action: string) => suite.emulator.state.requests.list().filter((r) => r.action === action);
const running = () => suite.emulator.state.tasks.list().filter((t) => t.status === "InProgress");

// The inputs that are or hold a secret: check names their problems by the whole path, with no property.
const HIDDEN = ["storageParams", "publishCdnParams"];

describe("bad input is rejected at check, naming the nested path, with no API call", () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["no page", { recordUrl: undefined }, "recordUrl", /is required/],
    ["a page that is no web URL", { recordUrl: "rtmp://live.example.com/app" }, "recordUrl", /scheme http, https/],
    ["no storage", { storageParams: {} }, "storageParams", /exactly one of cloudStorage or cloudVod/],
    ["a third-party bucket", { storageParams: { cloudStorage: { ...cloudStorage, vendor: 1 } } }, "storageParams.cloudStorage.vendor", /must be 0 \(Tencent Cloud COS\)/],
    ["a limit under 30 minutes", { maxDurationLimit: 1799 }, "maxDurationLimit", /from 1800 to 86400/],
    ["a height past 1080", { webRecordVideoParams: { height: 1081 } }, "webRecordVideoParams.height", /from 0 to 1080/],
    ["a format for VOD", { storageParams: { cloudVod: {} }, webRecordVideoParams: { format: "mp4" } }, "webRecordVideoParams.format", /applies only when storing to storageParams.cloudStorage/],
    ["a split for HLS", { webRecordVideoParams: { format: "hls", maxMediaFileDuration: 60 } }, "webRecordVideoParams.maxMediaFileDuration", /applies only when format is not "hls"/],
    ["a RecordId of 32 bytes", { recordId: "é".repeat(16) }, "recordId", /less than 32 bytes/],
    ["a load timeout past 60", { readyTimeout: 61 }, "readyTimeout", /from 0 to 60/],
    ["a region without web recording", { region: "ap-guangzhou" }, "region", /served in: ap-singapore/],
  ];
  test.each(cases)("%s", async (_name, change, property, reason) => {
    const result = await runtime.check({}, { ...program, ...change });
    expect(result.failures).toEqual([checkFailure(property, reason, HIDDEN)]);
    expect(actions(suite.emulator)).toEqual([]);
  });
});

test("every change replaces the recording; one that keeps its RecordId stops the old one first", async () => {
  const olds = { ...(await checked(program)), taskId: "t", status: "Recording", recordId: "generated" };
  const diff = (change: Record<string, unknown>) => checked({ ...program, ...change }).then((n) => runtime.diff("t", olds, n));
  expect(await diff({})).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  expect(await diff({ recordUrl: "https://scores.example.com/final" })).toEqual({ changes: true, replaces: ["recordUrl"], deleteBeforeReplace: false });
  expect(await diff({ maxDurationLimit: 3600 })).toEqual({ changes: true, replaces: ["maxDurationLimit"], deleteBeforeReplace: false });

  const keyed = { ...olds, recordId: "board" };
  const keep = await checked({ ...program, recordId: "board", readyTimeout: 10 });
  expect(await runtime.diff("t", keyed, keep)).toEqual({ changes: true, replaces: ["readyTimeout"], deleteBeforeReplace: true });
});

test("the storage keys and the CDN push URLs are secret, and there is no update call", () => {
  const rules = { ...webRecord.fields, ...webRecord.nestedFields };
  expect(Object.entries(rules).filter(([, rule]) => rule.secret).map(([path]) => path)).toEqual([
    "storageParams.cloudStorage.accessKey", "storageParams.cloudStorage.secretKey", "publishCdnParams[].publishCdnUrl",
  ]);
  expect(webRecord.update).toBeUndefined();
  expect(Object.values(webRecord.fields).every((rule) => rule.change === "replace")).toBe(true);
});

test("create sends the documented request with a generated RecordId under 32 bytes, and delete stops it (twice is fine)", async () => {
  const inputs = await checked({
    ...program,
    maxDurationLimit: 7200,
    webRecordVideoParams: { width: 1920, height: 1080, format: "mp4", maxMediaFileDuration: 60 },
    publishCdnParams: [{ publishCdnUrl: "rtmp://push.example.com/live/board?txSecret=abc", isTencentCdn: 1 }],
    readyTimeout: 30,
    emulateMobileParams: { mobileDeviceType: 1, screenOrientation: 1 },
  });
  const { id, outs } = await runtime.create(inputs);
  const recordId = String(outs.recordId);
  expect(Buffer.byteLength(recordId)).toBeLessThan(32);
  expect(requests("StartWebRecord").map((r) => r.params)).toEqual([
    {
      SdkAppId: 1400000001,
      RecordUrl: "https://scores.example.com/board",
      StorageParams: { CloudStorage: { Vendor: 0, Region: "ap-singapore", Bucket: "boards-1250000000", AccessKey: "AKID", SecretKey: "cos-key" } },
      MaxDurationLimit: 7200,
      WebRecordVideoParams: { Width: 1920, Height: 1080, Format: "mp4", MaxMediaFileDuration: 60 },
      RecordId: recordId,
      PublishCdnParams: [{ PublishCdnUrl: "rtmp://push.example.com/live/board?txSecret=abc", IsTencentCdn: 1 }],
      ReadyTimeout: 30,
      EmulateMobileParams: { MobileDeviceType: 1, ScreenOrientation: 1 },
    },
  ]);
  expect(requests("DescribeWebRecord").map((r) => r.params)).toEqual([{ TaskId: id }]);
  expect(outs).toMatchObject({ taskId: id, status: "Recording", recordId });

  await runtime.remove(id, outs);
  await runtime.remove(id, outs);
  expect(requests("StopWebRecord").map((r) => r.outcome)).toEqual(["ok", "FailedOperation.TaskNotExist"]);
});

test("a recording ends itself at maxDurationLimit: refresh drops it and says why", async () => {
  const { id, outs } = await runtime.create(await checked({ ...program, maxDurationLimit: 1800 }));
  expect((await runtime.read(id, outs)).props).toMatchObject({ status: "Recording" });
  suite.emulator.state.clock.advance(1800_000);
  expect(suite.emulator.state.tasks.get(id)).toMatchObject({ status: "Ended", endReason: "finished" });
  const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
  try {
    expect(await runtime.read(id, outs)).toEqual({});
    expect(warn.mock.calls.map(([line]) => String(line))).toEqual([
      expect.stringContaining(`refresh drops WebRecord task ${id}: `),
    ]);
    expect(String(warn.mock.calls[0]![0])).toContain("A web recording ends after maxDurationLimit (1800 seconds)");
  } finally {
    warn.mockRestore();
  }
  // Nothing is left to stop: delete after the end finds it gone.
  await runtime.remove(id, outs);
  expect(requests("StopWebRecord").map((r) => r.outcome)).toEqual(["FailedOperation.TaskNotExist"]);
});

test("a Start whose answer is lost after it ran is found by RecordId: exactly one recording", async () => {
  suite.emulator.state.faults.add({ action: "StartWebRecord", connection: "drop", runFirst: true, count: 1 });
  const { id, outs } = await runtime.create(await checked({ ...program, recordId: "board-7" }));
  expect(running().map((t) => t.taskId)).toEqual([id]);
  expect(requests("StartWebRecord")).toHaveLength(1);
  expect(requests("DescribeWebRecord").map((r) => r.params)).toEqual([{ SdkAppId: 1400000001, RecordId: "board-7" }, { TaskId: id }]);
  await runtime.remove(id, outs);
  expect(running()).toEqual([]);
});

test("a Start lost before it ran is sent again with the same RecordId, and a duplicate is never started", async () => {
  suite.emulator.state.faults.add({ action: "StartWebRecord", code: "InternalError", count: 1 });
  const { id, outs } = await runtime.create(await checked(program));
  expect(requests("StartWebRecord").map((r) => [r.outcome, (r.params as Record<string, unknown>).RecordId])).toEqual([
    ["InternalError", outs.recordId],
    ["ok", outs.recordId],
  ]);
  expect(running().map((t) => t.taskId)).toEqual([id]);
  await runtime.remove(id, outs);
});

// The older billed-duration lookups, the usage APIs of 2026 and the dashboard's older scale API,
// against the emulator over real HTTP: the requests it received, long spans split into the calls
// each API allows, answers read into typed rows, and the rules checked before any call.
import * as trtc from "../index";
import { DEFAULT_SDK_APP_ID } from "../emulator";
import { SECRET_ID, SECRET_KEY } from "./helpers";
import { useFrozenEmulator } from "./sdk";

const APP = DEFAULT_SDK_APP_ID;
const HOUR = 3600;
const DAY = 86400;

const suite = useFrozenEmulator();
const opts = (region = "ap-guangzhou"): trtc.FunctionOptions => ({ settings: { secretId: SECRET_ID, secretKey: SECRET_KEY, region, endpoint: suite.emulator.url } });
const requests = (action?: string) => suite.emulator.state.requests.list().filter((r) => action === undefined || r.action === action);
const params = (action: string) => requests(action).map((r) => r.params as Record<string, unknown>);
const now = () => Math.floor(suite.emulator.state.clock.now() / 1000);
/** Days of China Standard Time, as `YYYY-MM-DD`, `n` days before today there. */
const cstDay = (n: number) => new Date((now() + 8 * HOUR - n * DAY) * 1000).toISOString().slice(0, 10);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

async function validationError(call: Promise<unknown>) {
  const error = await call.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(trtc.ValidationError);
  return (error as trtc.ValidationError).message;
}

describe("the older billed durations, served in ap-guangzhou", () => {
  it("getRecordingStatistics: daily rows per application, split into equal parts of at most 31 days", async () => {
    const rows = await trtc.getRecordingStatistics({ sdkAppId: APP, startTime: cstDay(40), endTime: cstDay(1) }, opts());
    expect(params("DescribeRecordStatistic")).toEqual([
      { SdkAppId: APP, StartTime: cstDay(40), EndTime: cstDay(21) },
      { SdkAppId: APP, StartTime: cstDay(20), EndTime: cstDay(1) },
    ]);
    expect(requests("DescribeRecordStatistic").map((r) => r.region)).toEqual(["ap-guangzhou", "ap-guangzhou"]);
    expect(rows.map((r) => r.timeKey)).toEqual(Array.from({ length: 40 }, (_, i) => cstDay(40 - i)));
    expect(rows.every((r, i) => r.sdkAppId === String(APP) && (i === 0 || r.time === rows[i - 1]!.time + DAY))).toBe(true);
    expect(Object.keys(rows[0]!.seconds)).toEqual(["Audio", "SD", "HD", "FullHD"]);
    expect(rows.some((r) => sum(Object.values(r.seconds)) > 0)).toBe(true);
  });

  it("getRecordingStatistics counts what getRecordingUsage does, in seconds: single- and mixed-stream together", async () => {
    const day = { sdkAppId: APP, startTime: cstDay(3), endTime: cstDay(2) };
    const billed = await trtc.getRecordingStatistics(day, opts());
    const single = await trtc.getRecordingUsage({ ...day, mixType: "single" }, opts());
    const multi = await trtc.getRecordingUsage({ ...day, mixType: "multi" }, opts());
    const minutes = sum([...single, ...multi].map((r) => sum(Object.values(r.usage))));
    expect(sum(billed.map((r) => sum(Object.values(r.seconds)))) / 60).toBeCloseTo(minutes, 0);
  });

  it("getMcuTranscodeTime: five-minute rows for one day, with the bandwidth; the account's total without an application", async () => {
    const rows = await trtc.getMcuTranscodeTime({ startTime: cstDay(2), endTime: cstDay(2) }, opts());
    expect(params("DescribeTrtcMcuTranscodeTime")).toEqual([{ StartTime: cstDay(2), EndTime: cstDay(2) }]);
    expect(rows).toHaveLength(288);
    expect(rows[1]).toMatchObject({ sdkAppId: "total", timeKey: `${cstDay(2)} 00:05:00`, time: rows[0]!.time + 300 });
    // Relayed calls are what is transcoded: bandwidth wherever there are seconds.
    const busy = rows.filter((r) => sum(Object.values(r.seconds)) > 0);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.every((r) => r.bandwidth > 0)).toBe(true);
  });

  it("a region the API does not serve is refused before any call", async () => {
    expect(await validationError(trtc.getRecordingStatistics({ startTime: cstDay(2) }, opts("ap-singapore")))).toMatch(
      /^getRecordingStatistics: region: DescribeRecordStatistic is served only in ap-guangzhou; got "ap-singapore"$/,
    );
    expect(requests()).toEqual([]);
  });
});

describe("the usage APIs of 2026: times to the second", () => {
  /** `YYYY-MM-DD HH:mm:ss` in China Standard Time of Unix seconds `t`. */
  const cst = (t: number) => new Date((t + 8 * HOUR) * 1000).toISOString().slice(0, 19).replace("T", " ");

  it("getAIRecognitionUsage: 40 days and 6 hours are two calls, the first of whole days; the services asked for are the columns", async () => {
    const end = now() - HOUR;
    const start = end - 40 * DAY - 6 * HOUR;
    const rows = await trtc.getAIRecognitionUsage({ sdkAppId: APP, startTime: start, endTime: end, services: ["asr", "tts"] }, opts("ap-singapore"));
    expect(params("DescribeTRTCAIRecognitionUsage")).toEqual([
      { SdkAppId: String(APP), AuType: ["asr", "tts"], StartTime: cst(start), EndTime: cst(start + 20 * DAY) },
      { SdkAppId: String(APP), AuType: ["asr", "tts"], StartTime: cst(start + 20 * DAY), EndTime: cst(end) },
    ]);
    expect(Object.keys(rows[0]!.usage)).toEqual(["asr", "tts"]);
    // Daily rows from the day the span starts in; the day both calls answer in part is one row, added up.
    expect(rows[0]!.timeKey).toBe(`${cst(start).slice(0, 10)} 00:00:00`);
    expect(new Set(rows.map((r) => r.timeKey)).size).toBe(rows.length);
    expect(rows.every((r, i) => i === 0 || r.time === rows[i - 1]!.time + DAY)).toBe(true);
    expect(rows.some((r) => r.usage.asr! > 0) && rows.some((r) => r.usage.tts! > 0)).toBe(true);
  });

  it("getAIRecognitionUsage asks for all four services when none are named", async () => {
    await trtc.getAIRecognitionUsage({ startTime: now() - HOUR }, opts("ap-singapore"));
    expect(params("DescribeTRTCAIRecognitionUsage")[0]).toMatchObject({ AuType: ["conversation", "asr", "translation", "tts"] });
    expect(params("DescribeTRTCAIRecognitionUsage")[0]).not.toHaveProperty("SdkAppId");
  });

  it("getSegmentModerationUsage: the media type and business as the API numbers them; five-minute rows for a day", async () => {
    const end = now();
    const rows = await trtc.getSegmentModerationUsage({ sdkAppId: APP, startTime: end - DAY, endTime: end, mediaType: "picture", business: "slicing" }, opts("ap-singapore"));
    expect(params("DescribeTRTCSegmentModerationUsage")).toEqual([{ SdkAppId: APP, Type: "picture", Business: 1, StartTime: cst(end - DAY), EndTime: cst(end) }]);
    expect(rows.length).toBeGreaterThanOrEqual(288);
    expect(rows.every((r, i) => i === 0 || r.time === rows[i - 1]!.time + 300)).toBe(true);
  });

  it("getDedicatedCloudAccUsage: minutes by class", async () => {
    const rows = await trtc.getDedicatedCloudAccUsage({ sdkAppId: APP, startTime: cstDay(5), endTime: cstDay(1) }, opts("ap-singapore"));
    expect(params("DescribeTRTCDedicatedCloudAccUsage")).toEqual([{ SdkAppId: APP, StartTime: `${cstDay(5)} 00:00:00`, EndTime: `${cstDay(1)} 00:00:00` }]);
    expect(Object.keys(rows[0]!.usage)).toEqual(["Audio", "SD", "HD", "FullHD", "2K", "4K"]);
  });

  it.each([
    ["an empty list of services", () => trtc.getAIRecognitionUsage({ startTime: cstDay(1), services: [] }, opts()), /^getAIRecognitionUsage: services: must name at least one service$/],
    ["an unknown service", () => trtc.getAIRecognitionUsage({ startTime: cstDay(1), services: ["ocr" as never] }, opts()), /^getAIRecognitionUsage: services\.0: must be one of "conversation", "asr"/],
    ["an unknown business", () => trtc.getSegmentModerationUsage({ startTime: cstDay(1), mediaType: "audio", business: "review" as never }, opts()), /^getSegmentModerationUsage: business: must be "moderation" or "slicing"$/],
    ["an end before the start", () => trtc.getDedicatedCloudAccUsage({ startTime: cstDay(1), endTime: cstDay(2) }, opts()), /^getDedicatedCloudAccUsage: endTime: must not be before startTime$/],
  ])("%s is refused before any call", async (_, call, message) => {
    expect(await validationError(call())).toMatch(message);
    expect(requests()).toEqual([]);
  });
});

describe("getMarketScaleMetricData", () => {
  it("reads the flat series of the older API as getMarketScaleData reads its rows", async () => {
    const utcDay = (n: number) => new Date((now() - n * DAY) * 1000).toISOString().slice(0, 10);
    const args = { sdkAppId: APP, startTime: utcDay(3), endTime: utcDay(1), period: "day" } as const;
    const older = await trtc.getMarketScaleMetricData(args, opts());
    expect(older).toEqual(await trtc.getMarketScaleData(args, opts()));
    expect(older.map((r) => r.time)).toEqual([3, 2, 1].map((n) => Date.parse(`${utcDay(n)}T00:00:00Z`) / 1000));
    expect(params("DescribeTRTCMarketScaleMetricData")).toEqual([{ SdkAppId: String(APP), StartTime: utcDay(3), EndTime: utcDay(1), Period: "d" }]);
  });

  it("the look-back is checked before any call", async () => {
    const utcDay = (n: number) => new Date((now() - n * DAY) * 1000).toISOString().slice(0, 10);
    expect(await validationError(trtc.getMarketScaleMetricData({ sdkAppId: APP, period: "hour", startTime: utcDay(61) }, opts()))).toMatch(
      /^getMarketScaleMetricData: startTime: must not be before .*: DescribeTRTCMarketScaleMetricData keeps 60 days of data$/,
    );
    expect(requests()).toEqual([]);
  });
});

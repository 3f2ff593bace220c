// `pulumi-trtc rooms|quality|usage`: the command as shipped (dist/), run as a user would against
// the emulator with its settings in the environment. Its JSON is what the functions return for
// the same window; its table and CSV are those rows; bad options fail in one line before any call.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { csvRecords } from "../provider/lookup";
import { terminalChart } from "../cli/render";
import * as trtc from "../index";
import { DEFAULT_SDK_APP_ID } from "../emulator";
import { SECRET_ID, SECRET_KEY } from "./helpers";
import { REPO } from "./installed";
import { REGION, useFrozenEmulator } from "./sdk";

const APP = DEFAULT_SDK_APP_ID;
const HOUR = 3600;
const suite = useFrozenEmulator();
let home: string;
beforeAll(() => {
  // No ~/.tccli of this machine's user can sign the calls.
  home = mkdtempSync(path.join(tmpdir(), "trtc-lookup-cli-"));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

const env = () => ({
  PATH: process.env.PATH ?? "",
  HOME: home,
  TRTC_ENDPOINT: suite.emulator.url,
  TENCENTCLOUD_REGION: REGION,
  TENCENTCLOUD_SECRET_ID: SECRET_ID,
  TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
  TRTC_SDK_APP_ID: String(APP),
});

/** Runs the command in a child process; the emulator answers it from this one, so the wait is asynchronous. */
function cli(args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(REPO, "dist", "cli", "main.js"), ...args], { env: { ...env(), ...extraEnv }, cwd: home }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

const settings: trtc.FunctionOptions = {};
beforeEach(() => {
  settings.settings = { secretId: SECRET_ID, secretKey: SECRET_KEY, region: REGION, endpoint: suite.emulator.url };
});
const requests = (action?: string) => suite.emulator.state.requests.list().filter((r) => action === undefined || r.action === action);
const now = () => Math.floor(suite.emulator.state.clock.now() / 1000);
/** The start of the clock hour `n` hours before the current one. */
const hourAgo = (n: number) => (Math.floor(now() / HOUR) - n) * HOUR;
const utc = (t: number) => new Date(t * 1000).toISOString().slice(0, 19).replace("T", " ");
/** The table's data lines: those under the header's rule, up to the first blank line. */
const tableLines = (stdout: string) => stdout.split("\n\n")[0]!.split("\n").slice(2).filter((line) => line !== "");
const cells = (line: string) => line.split(/ {2,}/).map((cell) => cell.trim());

describe("pulumi-trtc rooms", () => {
  it("--json is every page of getRoomInfo's rows, with progress on stderr once it takes more than one call", async () => {
    await suite.control.setHistory(APP, { roomsPerHour: 125 });
    const [from, to] = [hourAgo(6), hourAgo(4) - 1];
    const run = await cli(["rooms", "--from", String(from), "--to", String(to), "--json"]);
    expect(run).toMatchObject({ code: 0 });
    const pages = requests("DescribeRoomInfo").map((r) => (r.params as { PageNumber: number }).PageNumber);
    expect(pages).toEqual([0, 1, 2]);
    const rows = JSON.parse(run.stdout);
    expect(rows).toHaveLength(250);
    expect(rows).toEqual(await trtc.getRoomInfo({ sdkAppId: APP, startTime: from, endTime: to }, settings));
    expect(run.stderr.split("\n").filter(Boolean)).toEqual([
      "getRoomInfo: 2 calls, window 1 of 1, 200 rows so far",
      "getRoomInfo: 3 calls, window 1 of 1, 250 rows so far",
    ]);
  });

  it("the table and the CSV are those rows: room, times in UTC, length in minutes, creator, call", async () => {
    await suite.control.setHistory(APP, { roomsPerHour: 4 });
    const [from, to] = [hourAgo(3), hourAgo(1)];
    const rows = await trtc.getRoomInfo({ sdkAppId: APP, startTime: from, endTime: to }, settings);
    const expected = rows.map((r) => [r.roomId, utc(r.createTime), r.isFinished ? utc(r.destroyTime) : "ongoing", ((r.destroyTime - r.createTime) / 60).toFixed(1), r.creatorId, r.commId]);
    expect(rows.length).toBe(8);

    const shown = await cli(["rooms", "--from", String(from), "--to", String(to), "--quiet"]);
    expect(shown).toMatchObject({ code: 0, stderr: "" });
    expect(cells(shown.stdout.split("\n")[0]!)).toEqual(["room", "created (UTC)", "ended (UTC)", "length (min)", "creator", "call"]);
    expect(tableLines(shown.stdout).map(cells)).toEqual(expected);

    const csv = await cli(["rooms", "--from", String(from), "--to", String(to), "--csv"]);
    const records = csvRecords(csv.stdout);
    expect(Object.keys(records[0]!)).toEqual(["room", "created (UTC)", "ended (UTC)", "length (min)", "creator", "call"]);
    expect(records.map((r) => [r.room, r["created (UTC)"], r["ended (UTC)"], Number(r["length (min)"]).toFixed(1), r.creator, r.call])).toEqual(expected);
  });

  it("--room and --limit go to the function as roomId and limit", async () => {
    await suite.control.setHistory(APP, { roomsPerHour: 0 });
    await suite.control.joinRoom(APP, "town-hall", "alice");
    const run = await cli(["rooms", "--from", String(now() - 60), "--room", "town-hall", "--limit", "5", "--json"]);
    expect(JSON.parse(run.stdout)).toEqual([expect.objectContaining({ roomId: "town-hall", creatorId: "alice", isFinished: false })]);
    expect(requests("DescribeRoomInfo").map((r) => r.params)).toEqual([expect.objectContaining({ SdkAppId: APP, RoomId: "town-hall" })]);
  });
});

describe("pulumi-trtc quality", () => {
  it("every ten seconds: the table, the CSV and --json agree with getRealTimeQualityData; an ASCII chart per rate off a terminal", async () => {
    const [from, to] = [hourAgo(2), hourAgo(2) + 299];
    const rows = await trtc.getRealTimeQualityData({ sdkAppId: APP, startTime: from, endTime: to }, settings);
    expect(rows).toHaveLength(30);
    const window = ["--from", String(from), "--to", String(to)];

    const json = await cli(["quality", ...window, "--json"]);
    expect(JSON.parse(json.stdout)).toEqual(rows);
    const csv = csvRecords((await cli(["quality", ...window, "--csv"])).stdout);
    expect(csv).toEqual(rows.map((r) => ({ "time (UTC)": utc(r.time), "video stutter (%)": String(r.videoFreezeRate), "audio stutter (%)": String(r.audioFreezeRate) })));

    const shown = await cli(["quality", ...window]);
    expect(tableLines(shown.stdout).map(cells)).toEqual(rows.map((r) => [utc(r.time), r.videoFreezeRate!.toFixed(2), r.audioFreezeRate!.toFixed(2)]));
    const charts = shown.stdout.split("\n\n").slice(1);
    const video = Math.max(...rows.map((r) => r.videoFreezeRate!));
    expect(charts.map((c) => c.split("\n")[0])).toEqual([
      `video stutter (%): 30 values, max ${video}`,
      `audio stutter (%): 30 values, max ${Math.max(...rows.map((r) => r.audioFreezeRate!))}`,
    ]);
    expect(charts.join("")).toMatch(/^[\x20-\x7e\n]*$/);
    expect(charts[0]).toContain("#");
  });

  it("--period hour is getMarketQualityData's rows, with its lag and room entry rates", async () => {
    const [from, to] = [`${utc(hourAgo(30)).slice(0, 10)}`, `${utc(hourAgo(30)).slice(0, 10)}`];
    const rows = await trtc.getMarketQualityData({ sdkAppId: APP, period: "hour", startTime: from, endTime: to }, settings);
    const run = await cli(["quality", "--period", "hour", "--from", from, "--to", to, "--csv"]);
    expect(run.code).toBe(0);
    const records = csvRecords(run.stdout);
    expect(Object.keys(records[0]!)).toEqual(["time (UTC)", "video stutter (%)", "audio stutter (%)", "lag (%)", "entered at first try (%)", "entered within 5 s (%)"]);
    expect(records.map((r) => [r["time (UTC)"], Number(r["lag (%)"]), Number(r["entered within 5 s (%)"])])).toEqual(
      rows.map((r) => [utc(r.time), r.networkDelay, r.joinSuccessIn5sRate]),
    );
    expect(records).toHaveLength(24);
  });
});

describe("pulumi-trtc usage", () => {
  it("daily audio and video minutes by class: --json, the table and the CSV agree with getTrtcUsage", async () => {
    const day = (n: number) => new Date((now() - n * 86400) * 1000 + 8 * HOUR * 1000).toISOString().slice(0, 10);
    const window = ["--from", day(3), "--to", day(1)];
    const rows = await trtc.getTrtcUsage({ sdkAppId: APP, startTime: day(3), endTime: day(1) }, settings);
    expect(rows).toHaveLength(3);
    const keys = Object.keys(rows[0]!.usage);

    expect(JSON.parse((await cli(["usage", ...window, "--sdk-app-id", String(APP), "--json"])).stdout)).toEqual(rows);
    const shown = await cli(["usage", ...window, "--sdk-app-id", String(APP)]);
    expect(cells(shown.stdout.split("\n")[0]!)).toEqual(["time (UTC+8)", ...keys.map((k) => `${k} (min)`)]);
    expect(tableLines(shown.stdout).map(cells)).toEqual(rows.map((r) => [r.timeKey, ...keys.map((k) => r.usage[k]!.toFixed(2))]));
    const total = (r: (typeof rows)[number]) => Object.values(r.usage).reduce((a, b) => a + b, 0);
    expect(shown.stdout).toContain(`Audio and video minutes, total (min): 3 values, max ${Math.round(Math.max(...rows.map(total)) * 100) / 100}`);
    const csv = csvRecords((await cli(["usage", ...window, "--sdk-app-id", String(APP), "--csv"])).stdout);
    expect(csv.map((r) => keys.map((k) => Number(r[`${k} (min)`])))).toEqual(rows.map((r) => keys.map((k) => r.usage[k])));
  });

  it("--of recording --mix-type single asks for single-stream recording; without --sdk-app-id, the whole account", async () => {
    const run = await cli(["usage", "--of", "recording", "--mix-type", "single", "--last", "2d", "--json"]);
    expect(run.code).toBe(0);
    expect(requests("DescribeRecordingUsage").map((r) => r.params)).toEqual([expect.objectContaining({ MixType: "single" })]);
    expect((requests("DescribeRecordingUsage")[0]!.params as Record<string, unknown>).SdkAppId).toBeUndefined();
  });
});

describe("bad input: one line naming the option and its rule, exit status 2, no call", () => {
  it.each([
    [["rooms", "--from", "2026-13-01"], "--from 2026-13-01: must be"],
    [["rooms", "--last", "3x"], "--last 3x: must be a whole number and a unit: s, m, h or d (30m, 2h, 7d)"],
    [["rooms", "--from", "2000-01-01"], "--from 2000-01-01: must not be before"],
    [["rooms", "--limit", "0"], "--limit 0: must be 1 or more"],
    [["rooms", "--frm", "1"], "--frm: not an option of rooms; did you mean --from?"],
    [["rooms", "--to", "1"], "--to: give --from with it"],
    [["rooms", "--json", "--csv"], "--json and --csv: give one of them"],
    [["rooms", "--region", "ap-tokyo"], '--region ap-tokyo: DescribeRoomInfo is served only in ap-beijing, ap-guangzhou, ap-mumbai, ap-singapore, na-toronto; got "ap-tokyo"'],
    [["quality", "--period", "week"], "--period week: must be hour or day"],
    [["quality", "--period", "day", "--room", "1"], "--room: the dashboard's hourly and daily quality is the application's"],
    [["usage", "--of", "minutes"], "--of minutes: must be one of audio-video, recording, mix-transcoding, relay"],
    [["usage", "--mix-type", "single"], "--mix-type: is for --of recording"],
  ])("%j", async (args, message) => {
    const run = await cli(args);
    expect(run).toMatchObject({ code: 2, stdout: "" });
    expect(run.stderr.split("\n")).toEqual([expect.stringContaining(`pulumi-trtc ${args[0]}: ${message}`), ""]);
    expect(run.stderr).toMatch(/\(see pulumi-trtc \w+ --help\)\n$/);
    expect(requests()).toEqual([]);
  });

  it("no application given or set names --sdk-app-id and TRTC_SDK_APP_ID", async () => {
    const run = await cli(["rooms"], { TRTC_SDK_APP_ID: "" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("pulumi-trtc rooms: --sdk-app-id: not set: give getRoomInfo an sdkAppId, or set trtc:sdkAppId or TRTC_SDK_APP_ID");
    expect(requests()).toEqual([]);
  });

  it("TRTC's refusal is one line, exit status 1", async () => {
    const run = await cli(["rooms", "--sdk-app-id", "1400999999"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^pulumi-trtc rooms: DescribeRoomInfo failed with InvalidParameter\.SdkAppId: .*\n$/);
  });
});

describe("--help", () => {
  it("pulumi-trtc --help lists the three commands", async () => {
    const names = [...(await cli(["--help"])).stdout.matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]);
    expect(names).toEqual(["init", "rooms", "quality", "usage"]);
  });

  it.each(["rooms", "quality", "usage"])("%s lists every option it parses, and examples", async (name) => {
    const run = await cli([name, "--help"]);
    expect(run.code).toBe(0);
    const listed = [...run.stdout.matchAll(/^ {2}--([a-z-]+)/gm)].map((m) => m[1]);
    const common = ["from", "to", "last", "sdk-app-id", "limit", "region", "endpoint", "profile", "json", "csv", "html", "no-color", "quiet", "help"];
    const own = { rooms: ["room"], quality: ["room", "period"], usage: ["of", "mix-type"] }[name]!;
    expect(listed).toEqual([...own, ...common]);
    expect(run.stdout).toMatch(new RegExp(`Examples:\\n {2}pulumi-trtc ${name} `));
  });
});

describe("terminal charts", () => {
  const chart = { title: "video stutter", unit: "%", labels: ["a", "b", "c", "d"], values: [0, 1, 2, 4] };

  it("block characters on a terminal: eighths of a line, bars as wide as the width allows", () => {
    expect(terminalChart(chart, { unicode: true, width: 15, height: 2 })).toBe(
      ["video stutter (%): 4 values, max 4", "4 ┤         ██", "0 ┤   ▄▄ ██ ██", "   a          d", ""].join("\n"),
    );
    expect(terminalChart(chart, { unicode: true, width: 5, height: 2 }).split("\n").at(-2)).toBe("   a … d");
  });

  it("ASCII otherwise; more values than columns show each run's highest", () => {
    const many = { ...chart, labels: Array.from({ length: 8 }, (_, i) => String(i)), values: [0, 4, 0, 0, 0, 0, 2, 0] };
    expect(terminalChart(many, { unicode: false, width: 6, height: 2 })).toBe(
      ["video stutter (%): 8 values, each bar the highest of 2.7, max 4", "4 |#", "0 |# #", "   0 7", ""].join("\n"),
    );
  });
});

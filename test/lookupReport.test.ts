// `--html FILE`: the report page, loaded in headless Chromium (Debian's package) from the file
// alone, and what its script drew read back from the DOM Chromium dumps after running it. On a
// machine without Chromium the test is skipped; under CI=true it fails, as the engine tests do.
import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { DEFAULT_SDK_APP_ID } from "../emulator";
import { SECRET_ID, SECRET_KEY } from "./helpers";
import { REPO } from "./installed";
import { REGION, useFrozenEmulator } from "./sdk";

const APP = DEFAULT_SDK_APP_ID;
const HOUR = 3600;
/** The script's plot height: the chart's 220 less its top and bottom margins. */
const PLOT_HEIGHT = 188;

function findChromium(): string | undefined {
  for (const name of [process.env.CHROMIUM, "chromium", "chromium-browser"]) {
    if (name && spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).status === 0) return name;
  }
  return undefined;
}

const chromium = findChromium();
const describeWithChromium = chromium ? describe : process.env.CI === "true" ? describe : describe.skip;

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }));
  });
}

/** The DOM after the page's scripts ran, in a fresh profile that fetches nothing of its own. */
async function dumpDom(page: string, profile: string): Promise<string> {
  const flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
  const result = await run(chromium!, [...flags, `--user-data-dir=${profile}`, "--dump-dom", pathToFileURL(page).href], process.env);
  if (result.code !== 0) throw new Error(`chromium failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}

const attributes = (tag: string) => Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));

/** Each drawn chart's bars, by its data-chart index: their values and heights. */
function drawnCharts(dom: string): { caption: string; bars: { value: number; height: number }[] }[] {
  return [...dom.matchAll(/<figcaption>([^<]*)<\/figcaption><svg([^>]*)>([\s\S]*?)<\/svg>/g)].map(([, caption, svg, body]) => {
    expect(attributes(svg!)["data-chart"]).toBeDefined();
    const bars = [...body!.matchAll(/<rect class="bar"([^>]*)>/g)].map(([, tag]) => {
      const a = attributes(tag!);
      return { value: Number(a["data-value"]), height: Number(a.height) };
    });
    return { caption: caption!, bars };
  });
}

describeWithChromium("pulumi-trtc quality --html", () => {
  const suite = useFrozenEmulator();
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "trtc-report-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("Chromium is installed", () => {
    expect(chromium).toBeDefined();
  });

  test("the page draws a bar per row for each rate, as tall as its share of the highest, and holds the table", async () => {
    const from = (Math.floor(suite.emulator.state.clock.now() / 1000 / HOUR) - 2) * HOUR;
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: dir,
      TRTC_ENDPOINT: suite.emulator.url,
      TENCENTCLOUD_REGION: REGION,
      TENCENTCLOUD_SECRET_ID: SECRET_ID,
      TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
      TRTC_SDK_APP_ID: String(APP),
    };
    const page = path.join(dir, "quality.html");
    const cli = await run(process.execPath, [path.join(REPO, "dist", "cli", "main.js"), "quality", "--from", String(from), "--to", String(from + 299), "--html", page, "--json"], env);
    expect(cli.stderr).toBe(`wrote ${page}\n`);
    const rows = JSON.parse(cli.stdout) as { time: number; videoFreezeRate: number; audioFreezeRate: number }[];
    expect(rows).toHaveLength(30);
    // Nothing to fetch: no element loads anything from anywhere.
    expect(readFileSync(page, "utf8")).not.toMatch(/\b(src|href)=/);

    const dom = await dumpDom(page, path.join(dir, "profile"));
    const charts = drawnCharts(dom);
    expect(charts.map((c) => c.caption)).toEqual(["video stutter (%)", "audio stutter (%)"]);
    const series = [rows.map((r) => r.videoFreezeRate), rows.map((r) => r.audioFreezeRate)];
    charts.forEach((chart, i) => {
      expect(chart.bars.map((b) => b.value)).toEqual(series[i]);
      const max = Math.max(...series[i]!);
      expect(max).toBeGreaterThan(0);
      chart.bars.forEach((bar) => expect(bar.height).toBeCloseTo((bar.value / max) * PLOT_HEIGHT, 3));
    });
    expect(dom.match(/<tr><td>/g)).toHaveLength(rows.length);
  });
});

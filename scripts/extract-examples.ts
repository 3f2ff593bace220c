import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";

// Extracts the request and response examples of Tencent's TRTC API documents into one JSON
// fixture each, under test/fixtures/api-examples/, for the contract tests (test/apiExamples.test.ts).
// Run once per edition of the documents:
//
//   npx ts-node --files -P tsconfig.test.json scripts/extract-examples.ts [DIR]
//
// DIR holds the text dumps (default ../shared/trtc-api). What this writes is the documents' text;
// what a maintainer adds by hand (the program input, the substitutions, a divergence and its
// reason) is kept from the fixture already there, so running it again changes only what the
// documents changed.

const REPO = path.resolve(__dirname, "..");
const OUT = path.join(REPO, "test/fixtures/api-examples");

/** Members of a fixture this script writes; every other member is a maintainer's and is kept. */
const EXTRACTED = ["source", "api", "action", "request", "response"] as const;

export interface Extracted {
  source: { document: string; page: string; section: string };
  api: "trtc" | "live";
  action: string;
  request: unknown;
  response: unknown;
}

/** Page furniture of the PDF dumps, which breaks into examples at page ends. */
const NOISE = [
  /^https?:\/\/www\.tencentcloud\.com\/document\//,
  /^©\d{4}-\d{4} Tencent Cloud/,
  /^of \d+$/,
  /^Tencent Real-Time Communication$/,
  /^(POST|GET) \/ HTTP\/1\.1$/,
  /^Host: /,
  /^Content-Type: /,
  /^<(common|public) request parameters>$/i,
];

/** A JSON text broken across lines: a break inside a string is no character of it. */
function joinBroken(lines: string[]): string {
  let text = "";
  let inString = false;
  for (const line of lines) {
    if (text !== "") text += inString ? "" : "\n";
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (c === "\\" && inString) {
        text += c + (line[++i] ?? "");
        continue;
      }
      if (c === '"') inString = !inString;
      text += c;
    }
  }
  return text;
}

/**
 * JSON as the documents print it. The Live engine pages annotate theirs with `//` comments and
 * leave trailing commas (`lenient`); the API reference's is JSON, with URLs in its strings.
 */
function parseJson(text: string, lenient = false): unknown {
  text = firstValue(text);
  if (!lenient) return JSON.parse(text);
  const uncommented = text.replace(/^\s*\/\/.*$/gm, "").replace(/([,{[\]}"\d])\s*\/\/.*$/gm, "$1");
  return JSON.parse(uncommented.replace(/,(\s*[}\]])/g, "$1"));
}

/** The text up to the brace that closes the first one: the tables after a sample are no part of it. */
function firstValue(text: string): string {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if ((c === "}" || c === "]") && --depth === 0) return text.slice(0, i + 1);
  }
  return text;
}

/** Parameters of the GET examples that their pages type String, though their example values are digits. */
const STRING_PARAMS = ["UserId", "UserIds", "StrRoomId"];

/**
 * `?Action=X&Key=Value...` as the GET examples print it, typed as the JSON body would carry it:
 * `Key.0=` is a list; quoted values and the String parameters (a ...ByStrRoomId API's RoomId
 * too) are strings, other digits numbers.
 */
function parseQuery(lines: string[]): { action: string; params: Record<string, unknown> } {
  const query = lines.join("").replace(/^.*\?/, "");
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(query)?.[1] ?? "";
  const strings = [...STRING_PARAMS, ...(action.endsWith("ByStrRoomId") ? ["RoomId"] : [])];
  const params: Record<string, unknown> = {};
  for (const pair of query.split("&")) {
    const eq = pair.indexOf("=");
    if (eq < 0) continue;
    const key = pair.slice(0, eq).trim();
    const raw = pair.slice(eq + 1).trim();
    const text = strings.includes(key.replace(/\.\d+$/, ""));
    const value = /^".*"$/.test(raw) ? raw.slice(1, -1) : !text && /^-?\d+$/.test(raw) ? Number(raw) : raw;
    if (key === "Action") continue;
    if (/\.\d+$/.test(key)) ((params[key.replace(/\.\d+$/, "")] ??= []) as unknown[]).push(value);
    else params[key] = value;
  }
  return { action, params };
}

function clean(lines: string[]): string[] {
  return lines.map((l) => l.trim()).filter((l) => l !== "" && !NOISE.some((n) => n.test(l)));
}

/** An example's request: a JSON body after its headers, or a GET query. */
function request(lines: string[]): { action: string; params: unknown } {
  const header = lines.find((l) => l.startsWith("X-TC-Action:"));
  if (header) {
    const body = lines.filter((l) => !l.startsWith("X-TC-Action:"));
    return { action: header.slice("X-TC-Action:".length).trim(), params: parseJson(joinBroken(body)) };
  }
  return parseQuery(lines.filter((l) => l.startsWith("https://") || l.startsWith("&")));
}

/** The examples of the API reference's pages ("4. Example", "ExampleN <title>", "Input Example", "Output Example"). */
function apiReference(file: string, document: string): Extracted[] {
  const lines = readFileSync(file, "utf8").split("\n");
  const found: Extracted[] = [];
  for (let i = 0; i < lines.length; i++) {
    const heading = /^\s*(Example\d+)\s+(.*\S)\s*$/.exec(lines[i]);
    if (!heading) continue;
    const input = lines.findIndex((l, j) => j > i && l.trim() === "Input Example");
    const output = lines.findIndex((l, j) => j > input && l.trim() === "Output Example");
    const end = lines.findIndex((l, j) => j > output && (/^\s*Example\d+\s/.test(l) || /^\s*\d\. (Developer Resources|Error Code)/.test(l)));
    let title = heading[2];
    // A long title wraps onto the next line.
    const next = lines.slice(i + 1, input).find((l) => l.trim() !== "");
    if (next && lines[i].length > 70 && !/\.\s*$/.test(title)) title += ` ${next.trim()}`;
    const { action, params } = request(clean(lines.slice(input + 1, output)));
    const response = parseJson(joinBroken(clean(lines.slice(output + 1, end < 0 ? undefined : end))));
    found.push({
      source: { document, page: action, section: `4. Example, ${heading[1]}: ${title.replace(/\s+/g, " ")}` },
      api: "trtc",
      action,
      request: params,
      response,
    });
    i = output;
  }
  return found;
}

/** A single-API page whose example sits between two markers. */
function singlePage(file: string, document: string, page: string, marks: { input: RegExp; output: RegExp; end: RegExp }, section: string, api: Extracted["api"] = "trtc"): Extracted {
  const lines = readFileSync(file, "utf8").split("\n").map((l) => l.trim()).filter((l) => l !== "");
  const input = lines.findIndex((l) => marks.input.test(l));
  const output = lines.findIndex((l, j) => j > input && marks.output.test(l));
  const end = lines.findIndex((l, j) => j > output && marks.end.test(l));
  const inputLines = clean(lines.slice(input + 1, output));
  const live = api === "live";
  const parsed = live ? { action: page, params: parseJson(joinBroken(inputLines.slice(inputLines.indexOf("{"))), true) } : request(inputLines);
  // The answer may start on the marker's own line, where the markdown dump runs them together.
  const marker = lines[output];
  const outputLines = [...(marker.includes("{") ? [marker.slice(marker.indexOf("{"))] : []), ...clean(lines.slice(output + 1, end))];
  return {
    source: { document, page, section },
    api,
    action: parsed.action,
    request: parsed.params,
    response: parseJson(joinBroken(outputLines.slice(outputLines.indexOf("{"))), live),
  };
}

/** The fixture's file name: the action and the example's number on its page. */
function fileName(example: Extracted, seen: Map<string, number>): string {
  const n = (seen.get(example.action) ?? 0) + 1;
  seen.set(example.action, n);
  return `${example.action.replace(/\//g, "-")}.${n}.json`;
}

function main(dir: string): void {
  const named = (prefix: string) => path.join(dir, readdirSync(dir).find((f) => f.startsWith(prefix))!);
  const reference = "TRTC server API reference (Tencent Cloud, RTC Engine, Server APIs)";
  const examples: Extracted[] = [
    ...apiReference(named("001_"), reference),
    singlePage(named("000_"), "End Calls (TRTC server API, DismissRoom)", "End Calls", { input: /^Sample request$/, output: /^Sample response$/, end: /^Parameter name$/ }, "Sample request, Sample response"),
    // The newer edition (2025-11) of the page the API reference also holds.
    singlePage(named("002_"), "StopStreamIngest (2025-11 edition)", "StopStreamIngest", { input: /^Input Example$/, output: /^Output Example$/, end: /^5\. Developer Resources$/ }, "4. Example, Example1: Stopping Inputting an Online Media Stream"),
    // Its tables are markdown: the example follows the output table, the answer straight after the query.
    singlePage(named("003_"), "SetUserBlocked (single page)", "SetUserBlocked", { input: /^\| RequestId \|/, output: /^&<Common request parameters>\{$/i, end: /^TencentCloud API 3\.0 integrates/ }, "4. Example (untitled)"),
    singlePage(named("004_"), "Create Battle (Live engine REST API)", "create_battle", { input: /^Request Packet Sample$/, output: /^Response Packet Body Sample:$/, end: /^Response Packet Field Description$/ }, "Request Packet Sample, Response Packet Body Sample", "live"),
  ];
  mkdirSync(OUT, { recursive: true });
  const seen = new Map<string, number>();
  for (const example of examples) {
    const file = path.join(OUT, fileName(example, seen));
    const kept = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : {};
    for (const key of EXTRACTED) delete kept[key];
    writeFileSync(file, `${JSON.stringify({ ...example, ...kept }, null, 2)}\n`);
  }
  console.log(`${examples.length} examples written to ${path.relative(REPO, OUT)}`);
}

main(path.resolve(REPO, process.argv[2] ?? "../shared/trtc-api"));

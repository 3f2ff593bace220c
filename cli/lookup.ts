// A lookup as a command for people: options in, every page read through the same function core
// as programs and scripts (validation, windows, paging, rates), then a table and charts on the
// terminal, JSON or CSV for pipes, and an HTML report page. tccli prints one page of JSON a call;
// these read them all. Machine output alone goes to stdout; progress and notes go to stderr.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ConfigError, TrtcError, ValidationError } from "../provider/errors";
import { type AnyFunctionSpec, clientsFor, prepareCall, sendCall } from "../provider/function";
import type { LookupProgress } from "../provider/options";
import { endpointUrl, resolveSettings } from "../provider/settings";
import { didYouMean } from "../provider/validation";
import { type Command, CommandError, UsageError } from "./command";
import { csv, htmlPage, type Report, table, terminalChart } from "./render";

/** One option: `value` names its argument (`--from TIME`); without it the option is a flag. */
export interface OptionDef {
  name: string;
  value?: string;
  help: string;
  /** The function argument it sets, so a rule the function checks is said of the option. */
  argument?: string;
}

export type OptionValues = Readonly<Record<string, string | boolean | undefined>>;

/** What a command looks up for the options given. */
export interface LookupPlan {
  spec: AnyFunctionSpec;
  /** The function's arguments besides the window, the application and the limit. */
  args: Record<string, unknown>;
  /** The rows as a table and charts. */
  report(rows: unknown[]): Report;
}

export interface LookupDef {
  name: string;
  summary: string;
  /** Lines of --help under the usage line: what the command reads and shows. */
  about: string;
  /** The command's own options. */
  options: OptionDef[];
  /** What --sdk-app-id does when left out. */
  sdkAppIdDefault: string;
  /** The span read when neither --from nor --last is given, for the options given. */
  defaultLast(values: OptionValues): string;
  examples: string[];
  /** The lookup for the options given; a UsageError for options that do not go together. */
  plan(values: OptionValues): LookupPlan;
}

function commonOptions(def: LookupDef): OptionDef[] {
  return [
    { name: "from", value: "TIME", argument: "startTime", help: "where the span starts: a day (2026-11-22), a time with its offset (2026-11-22T08:00:00Z) or Unix seconds" },
    { name: "to", value: "TIME", argument: "endTime", help: "where it ends (included), with --from; now when left out" },
    { name: "last", value: "SPAN", help: "the span up to now instead: 90s, 30m, 2h, 7d (by default the command's span, below)" },
    { name: "sdk-app-id", value: "ID", argument: "sdkAppId", help: `the application (SDKAppID); ${def.sdkAppIdDefault}` },
    { name: "limit", value: "N", argument: "limit", help: "at most N rows: pages and calls past them are not fetched" },
    { name: "region", value: "REGION", argument: "region", help: "the region the calls go to; TENCENTCLOUD_REGION when left out" },
    { name: "endpoint", value: "URL", help: "mainland, international, a host or a URL (http://127.0.0.1:8080 for trtc-local); TRTC_ENDPOINT, else mainland" },
    { name: "profile", value: "NAME", help: "the tccli profile whose keys sign the calls; TENCENTCLOUD_PROFILE when left out" },
    { name: "json", help: "print the rows as JSON, as the function returns them" },
    { name: "csv", help: "print the table as CSV, units in the headers" },
    { name: "html", value: "FILE", help: "also write FILE: a page with the charts and the table, needing nothing but itself" },
    { name: "no-color", help: "ASCII charts (so too when NO_COLOR is set or stdout is not a terminal)" },
    { name: "quiet", help: "no progress on stderr" },
    { name: "help", help: "this help" },
  ];
}

/** `30m`, `2h`, `7d`: seconds. */
const SPAN = /^([1-9]\d*)([smhd])$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

export function usage(def: LookupDef): string {
  const options = [...def.options, ...commonOptions(def)];
  const names = options.map((o) => `--${o.name}${o.value ? ` ${o.value}` : ""}`);
  const width = Math.max(...names.map((n) => n.length));
  return [
    `usage: pulumi-trtc ${def.name} [options]`,
    def.about,
    "",
    "Options:",
    ...options.map((o, i) => `  ${names[i]!.padEnd(width)}  ${o.help}`),
    "",
    "Credentials and settings come from the environment as for the functions: TENCENTCLOUD_SECRET_ID and",
    "TENCENTCLOUD_SECRET_KEY (with TENCENTCLOUD_SECURITY_TOKEN for a temporary key), a tccli profile, or",
    "TENCENTCLOUD_CAM_ROLE_NAME; see docs/configuration.md.",
    "",
    "Examples:",
    ...def.examples.map((e) => `  ${e}`),
  ].join("\n");
}

function readValues(def: LookupDef, args: string[]): OptionValues {
  const options = [...def.options, ...commonOptions(def)];
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: Object.fromEntries(options.map((o) => [o.name, { type: o.value ? ("string" as const) : ("boolean" as const) }])),
    });
    if (positionals.length) throw new UsageError(`${positionals[0]}: ${def.name} takes options only`);
    return values;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const { code, message } = err as { code?: string; message: string };
    const given = /'(-[^' ]+)/.exec(message)?.[1] ?? "";
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      const guess = didYouMean(given.replace(/^-+/, ""), options.map((o) => o.name)).replace(/did you mean (\S+)\?/, "did you mean --$1?");
      throw new UsageError(`${given}: not an option of ${def.name}${guess}`);
    }
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") throw new UsageError(`${given}: ${message.includes("argument missing") ? "needs a value" : "takes no value"}`);
    throw new UsageError(message);
  }
}

/** A number where the option is one, else the text, for the function's rule to name. */
const numeric = (text: string): number | string => (/^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text);

/** The window arguments, and which option set the start (for its errors). */
function windowOf(values: OptionValues, defaultLast: string): { args: Record<string, unknown>; startOption: string } {
  const { from, to, last } = values as Record<string, string | undefined>;
  if (last !== undefined && (from !== undefined || to !== undefined)) {
    throw new UsageError(`--last: counts back from now; give --from (and --to) for another span, not both`);
  }
  if (to !== undefined && from === undefined) throw new UsageError("--to: give --from with it (or --last for a span up to now)");
  if (from !== undefined) return { args: { startTime: numeric(from), ...(to !== undefined && { endTime: numeric(to) }) }, startOption: "--from" };
  const span = SPAN.exec(last ?? defaultLast);
  if (!span) throw new UsageError(`--last ${last}: must be a whole number and a unit: s, m, h or d (30m, 2h, 7d)`);
  const seconds = Number(span[1]) * UNIT_SECONDS[span[2] as keyof typeof UNIT_SECONDS];
  // As an ISO-8601 time, so the report says the span's start readably.
  const start = new Date((Math.floor(Date.now() / 1000) - seconds) * 1000).toISOString().replace(".000Z", "Z");
  return { args: { startTime: start }, startOption: "--last" };
}

/** Settings as resolveSettings reads them from the environment, the options winning key by key. */
function settingsOf(values: OptionValues) {
  const given = { endpoint: values.endpoint, region: values.region, profile: values.profile } as Record<string, string | undefined>;
  if (given.endpoint !== undefined) {
    try {
      endpointUrl(given.endpoint);
    } catch {
      throw new UsageError(`--endpoint ${given.endpoint}: use mainland, international, a host name or an http(s) URL`);
    }
  }
  try {
    return resolveSettings((key) => given[key.slice("trtc:".length)]);
  } catch (err) {
    if (err instanceof ConfigError) throw new CommandError(err.message);
    throw err;
  }
}

/** The function's failures said of the options that set the arguments: `--from: must not be before ...`. */
function asUsage(err: ValidationError, def: LookupDef, values: OptionValues, startOption: string): UsageError {
  const options = [...def.options, ...commonOptions(def)];
  const optionOf = (argument: string) => {
    const name = argument === "startTime" ? startOption.slice(2) : (options.find((o) => o.argument === argument)?.name ?? argument);
    return typeof values[name] === "string" ? `--${name} ${values[name]}` : `--${name}`;
  };
  return new UsageError(err.failures.map((failure) => failure.replace(/^([A-Za-z]+):/, (_, argument: string) => `${optionOf(argument)}:`)).join("; "));
}

/** After each call of a lookup that takes more than one: a line on stderr, rewritten in place on a terminal. */
function progressOn(stream: NodeJS.WriteStream) {
  let shown = false;
  return {
    report(at: Omit<LookupProgress, "functionName">, name: string) {
      if (at.calls < 2 && at.windows < 2) return;
      const text = `${name}: ${at.calls} call${at.calls > 1 ? "s" : ""}, window ${at.window} of ${at.windows}, ${at.rows} rows so far`;
      stream.write(stream.isTTY ? `\r${text}\x1b[K` : `${text}\n`);
      shown = true;
    },
    done() {
      if (shown && stream.isTTY) stream.write("\r\x1b[K");
    },
  };
}

async function runLookup(def: LookupDef, args: string[]): Promise<number> {
  const values = readValues(def, args);
  if (values.help) {
    process.stdout.write(`${usage(def)}\n`);
    return 0;
  }
  if (values.json && values.csv) throw new UsageError("--json and --csv: give one of them");
  const plan = def.plan(values);
  const window = windowOf(values, def.defaultLast(values));
  const settings = settingsOf(values);
  const given = {
    ...plan.args,
    ...window.args,
    ...(values["sdk-app-id"] !== undefined && { sdkAppId: numeric(values["sdk-app-id"] as string) }),
    ...(values.limit !== undefined && { limit: numeric(values.limit as string) }),
  };
  let prepared;
  try {
    prepared = prepareCall(plan.spec, given, settings);
  } catch (err) {
    if (err instanceof ValidationError) throw asUsage(err, def, values, window.startOption);
    throw err;
  }

  const progress = progressOn(process.stderr);
  const controller = new AbortController();
  const interrupt = () => controller.abort(new CommandError("stopped (Ctrl-C): no further call was sent"));
  process.once("SIGINT", interrupt);
  let rows: unknown[];
  try {
    const watch = { signal: controller.signal, progress: values.quiet ? undefined : (at: Omit<LookupProgress, "functionName">) => progress.report(at, plan.spec.name) };
    rows = (await sendCall(plan.spec, prepared, clientsFor(settings), watch)) as unknown[];
  } catch (err) {
    if (err instanceof ConfigError || err instanceof TrtcError) throw new CommandError(err.message);
    throw err;
  } finally {
    process.removeListener("SIGINT", interrupt);
    progress.done();
  }

  const report = plan.report(rows);
  if (values.html !== undefined) {
    const what = plan.spec.describe?.(prepared.args) ?? plan.spec.name;
    writeFileSync(values.html as string, htmlPage(report, `${plan.spec.name}: ${what}; ${rows.length} rows.`));
    process.stderr.write(`wrote ${values.html}\n`);
  }
  if (values.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else if (values.csv) process.stdout.write(csv(report));
  else {
    const unicode = process.stdout.isTTY === true && !values["no-color"] && !process.env.NO_COLOR;
    const charts = rows.length ? report.charts.map((chart) => terminalChart(chart, { unicode, width: process.stdout.columns || 80 })) : [];
    process.stdout.write([table(report), ...charts].join("\n"));
  }
  return 0;
}

/** The command of a lookup, for the COMMANDS table. */
export function lookupCommand(def: LookupDef): Command {
  return { name: def.name, summary: def.summary, run: (args) => runLookup(def, args) };
}

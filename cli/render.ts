// How a lookup's rows are shown: an aligned table with units in its headers, CSV, a chart drawn in
// the terminal, and a self-contained HTML page whose inline script draws the charts as SVG. The
// lookups (lookups.ts) turn their rows into a Report; nothing here knows TRTC.
import { csvField } from "../emulator/handlers/usage";

export type Cell = string | number;

export interface Column {
  header: string;
  /** Shown in the header: `video stutter (%)`. */
  unit?: string;
  /** Decimals a number shows in the table (CSV keeps the value whole). */
  decimals?: number;
}

/** One series over the rows: a value per label, drawn as bars. */
export interface Chart {
  title: string;
  unit: string;
  /** What each value is of, e.g. its time; as many as values. */
  labels: string[];
  values: number[];
}

export interface Report {
  title: string;
  columns: Column[];
  rows: Cell[][];
  charts: Chart[];
}

export const headerOf = (column: Column) => (column.unit ? `${column.header} (${column.unit})` : column.header);

function cellText(cell: Cell, column: Column): string {
  return typeof cell === "number" && column.decimals !== undefined ? cell.toFixed(column.decimals) : String(cell);
}

/** Columns padded to their widest cell, numbers right-aligned, a rule under the headers. */
export function table(report: Report): string {
  const headers = report.columns.map(headerOf);
  const cells = report.rows.map((row) => row.map((cell, i) => cellText(cell, report.columns[i]!)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]!.length)));
  const numeric = report.columns.map((_, i) => report.rows.length > 0 && report.rows.every((row) => typeof row[i] === "number"));
  const line = (row: string[]) => row.map((text, i) => (numeric[i] ? text.padStart(widths[i]!) : text.padEnd(widths[i]!))).join("  ").trimEnd();
  const body = cells.length ? cells.map(line) : ["(no rows)"];
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...body].join("\n") + "\n";
}

export function csv(report: Report): string {
  return [report.columns.map(headerOf), ...report.rows].map((row) => row.map((cell) => csvField(String(cell))).join(",")).join("\n") + "\n";
}

const EIGHTHS = " ▁▂▃▄▅▆▇█";

export interface ChartStyle {
  /** Block characters, else ASCII only. */
  unicode: boolean;
  /** Columns the chart may take. */
  width: number;
  /** Lines of bars. */
  height?: number;
}

/** Short numbers for an axis: at most two decimals. */
const axisNumber = (n: number) => String(Math.round(n * 100) / 100);

/**
 * Bars in the terminal: a few values get bars a few columns wide; more values than columns get a
 * column per run of values showing the run's highest (a spike in a run must not vanish). The
 * scale is on the left, the first and last labels below.
 */
export function terminalChart(chart: Chart, style: ChartStyle): string {
  const height = style.height ?? 6;
  const max = Math.max(0, ...chart.values);
  const scale = [axisNumber(max), "0"];
  const gutter = Math.max(...scale.map((s) => s.length));
  const room = Math.max(1, style.width - gutter - 2);
  const count = Math.max(1, Math.min(chart.values.length, room));
  const bars = Array.from({ length: count }, (_, i) => {
    const run = chart.values.slice(Math.floor((i * chart.values.length) / count), Math.floor(((i + 1) * chart.values.length) / count));
    return Math.max(0, ...run);
  });
  // Columns per bar, the last of them a gap once bars are wide enough to need one.
  const each = Math.max(1, Math.min(6, Math.floor(room / count)));
  const axis = style.unicode ? "┤" : "|";
  const lines = Array.from({ length: height }, (_, r) => {
    const cells = bars
      .map((v) => {
        // Eighths of this line the bar fills: 8 is a full cell.
        const level = Math.round((max > 0 ? v / max : 0) * height * 8) - (height - 1 - r) * 8;
        const fill = Math.max(0, Math.min(8, level));
        const cell = style.unicode ? EIGHTHS[fill]! : fill >= 4 ? "#" : fill > 0 ? "." : " ";
        return each > 2 ? `${cell.repeat(each - 1)} ` : cell.repeat(each);
      })
      .join("");
    const label = r === 0 ? scale[0]! : r === height - 1 ? scale[1]! : "";
    return `${label.padStart(gutter)} ${axis}${cells}`.trimEnd();
  });
  const width = count * each;
  const first = chart.labels[0] ?? "";
  const last = chart.labels.at(-1) ?? "";
  const ends = chart.labels.length < 2 ? first : width > first.length + last.length ? `${first}${last.padStart(width - first.length)}` : `${first} ${style.unicode ? "…" : "to"} ${last}`;
  const runs = chart.values.length > count ? `, each bar the highest of ${(chart.values.length / count).toFixed(1)}` : "";
  const head = `${chart.title} (${chart.unit}): ${chart.values.length} values${runs}, max ${axisNumber(max)}`;
  return [head, ...lines, `${" ".repeat(gutter + 2)}${ends}`.trimEnd()].join("\n") + "\n";
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** JSON safe inside a <script> element: no `</script>` or `<!--` can end it early. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

/**
 * Draws each chart of the page's data as an SVG of one bar (rect.bar) per value, with its scale
 * and first and last labels, each bar titled with its label and value. Runs in the page; plain
 * ES2017 so any browser of the last years draws it.
 */
const DRAW = `
(function () {
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var NS = "http://www.w3.org/2000/svg";
  var W = 720, H = 220, LEFT = 56, BOTTOM = 24, TOP = 8;
  function el(name, attrs, parent, text) {
    var node = document.createElementNS(NS, name);
    for (var key in attrs) node.setAttribute(key, String(attrs[key]));
    if (text !== undefined) node.textContent = text;
    parent.appendChild(node);
    return node;
  }
  var round = function (n) { return String(Math.round(n * 100) / 100); };
  var host = document.getElementById("charts");
  data.charts.forEach(function (chart, index) {
    var figure = document.createElement("figure");
    var caption = document.createElement("figcaption");
    caption.textContent = chart.title + " (" + chart.unit + ")";
    figure.appendChild(caption);
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, "data-chart": index, role: "img" }, figure);
    el("title", {}, svg, chart.title);
    var max = Math.max.apply(null, [0].concat(chart.values));
    var plotW = W - LEFT - 8, plotH = H - TOP - BOTTOM, step = plotW / Math.max(1, chart.values.length);
    el("line", { x1: LEFT, y1: TOP, x2: LEFT, y2: TOP + plotH, class: "axis" }, svg);
    el("line", { x1: LEFT, y1: TOP + plotH, x2: LEFT + plotW, y2: TOP + plotH, class: "axis" }, svg);
    el("text", { x: LEFT - 6, y: TOP + 10, "text-anchor": "end" }, svg, round(max));
    el("text", { x: LEFT - 6, y: TOP + plotH, "text-anchor": "end" }, svg, "0");
    chart.values.forEach(function (value, i) {
      var h = max > 0 ? (value / max) * plotH : 0;
      var bar = el("rect", { class: "bar", x: LEFT + i * step, y: TOP + plotH - h, width: Math.max(step * 0.8, 0.5), height: h, "data-value": value }, svg);
      el("title", {}, bar, chart.labels[i] + ": " + value + " " + chart.unit);
    });
    el("text", { x: LEFT, y: H - 6 }, svg, chart.labels[0] || "");
    el("text", { x: LEFT + plotW, y: H - 6, "text-anchor": "end" }, svg, chart.labels[chart.labels.length - 1] || "");
    host.appendChild(figure);
  });
})();
`;

const STYLE = `
body { font: 14px system-ui, sans-serif; margin: 24px; color: #1d2433; }
h1 { font-size: 20px; }
figure { margin: 16px 0; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg text { font-size: 11px; fill: #555; }
.axis { stroke: #999; }
.bar { fill: #2f6fdf; }
table { border-collapse: collapse; margin-top: 16px; }
th, td { padding: 2px 10px; border-bottom: 1px solid #e3e6eb; white-space: nowrap; }
th { text-align: left; background: #f4f6f9; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
`;

/** A page that needs nothing but itself: styles, data and the script that draws the charts are inline. */
export function htmlPage(report: Report, subtitle: string): string {
  const numeric = report.columns.map((_, i) => report.rows.every((row) => typeof row[i] === "number"));
  const head = report.columns.map((c) => `<th>${escapeHtml(headerOf(c))}</th>`).join("");
  const body = report.rows
    .map((row) => `<tr>${row.map((cell, i) => `<td${numeric[i] ? ' class="number"' : ""}>${escapeHtml(cellText(cell, report.columns[i]!))}</td>`).join("")}</tr>`)
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${escapeHtml(report.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(report.title)}</h1>
<p>${escapeHtml(subtitle)}</p>
<section id="charts"></section>
<table>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>
<script type="application/json" id="report-data">${scriptJson({ charts: report.charts })}</script>
<script>${DRAW}</script>
</body>
</html>
`;
}

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { reviewPreview, ReviewError, WOULD_PREFIX } from "../review";
import { REPO } from "./installed";

// trtc-review on previews the real engine produced (Pulumi CLI 3.248; the fixtures are trimmed of
// stack traces and outputs, which the summary does not read), on small previews written here for
// what the examples cannot show, and on input it must refuse. The CLI runs from dist/, as shipped:
// build before running this file alone.

const CLI = path.join(REPO, "dist", "review", "cli.js");

function fixture(name: string): any {
  return JSON.parse(readFileSync(path.join(__dirname, "fixtures", "review", `${name}.json`), "utf8"));
}

function cli(args: string[], input?: string) {
  const run = spawnSync(process.execPath, [CLI, ...args], { input, encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const lines = (preview: unknown) => reviewPreview(JSON.stringify(preview)).markdown.split("\n");

const START_FIRST = "restarted, start first: the new task starts before the old one stops";
const STOP_FIRST = "restarted, stop first: the old task stops before the new one starts (delete-before-replace, a longer gap)";
const TABLE = ["| type | name | room | bot | live task | changes |", "|---|---|---|---|---|---|"];

describe("summaries of previews from the real engine", () => {
  test("replacements in both orders, a value known only after up, and a room change the program would make", () => {
    const preview = fixture("unknown-and-calls");
    const url = preview.steps.find((s: any) => s.urn.endsWith("::follower")).oldState.inputs.streamUrl;
    expect(lines(preview)).toEqual([
      "## TRTC tasks in this preview",
      "",
      "**0 started · 0 updated in place · 2 restarted (1 stop first) · 0 stopped**",
      "",
      ...TABLE,
      `| StreamIngest | follower | \`1234\` → \`99\` | \`follower-bot\` | ${STOP_FIRST} | ` +
        `\`roomId\` (restarts): \`1234\` → \`99\`<br>\`streamUrl\`: \`"${url}"\` → \`[known after up]\` |`,
      `| StreamIngest | lobby-music | \`1234\` → \`99\` | \`music-bot\` | ${START_FIRST} | \`roomId\` (restarts): \`1234\` → \`99\` |`,
      "",
      "**Room changes on `pulumi up`** (the program's calls; a preview only logs them):",
      "",
      "- would call DismissRoom for room 1234 of application 1400000001",
      "",
    ]);
  });

  test("the dynamic provider's own inputs never appear", () => {
    const text = JSON.stringify(fixture("unknown-and-calls"));
    expect(text).toContain("__provider");
    const { markdown } = reviewPreview(text);
    for (const hidden of ["__provider", "__kind", "require(", "stub.js"]) expect(markdown).not.toContain(hidden);
  });

  test("with --show-replacement-steps the order of the steps decides which end comes first", () => {
    const preview = fixture("replacement-steps");
    expect(lines(preview).filter((l) => l.startsWith("| StreamIngest"))[0]).toContain(START_FIRST);

    // The same steps with the old keynote deleted before its replacement is created.
    const keynote = (op: string) => preview.steps.findIndex((s: any) => s.op === op && s.urn.endsWith("::keynote"));
    const [deleted] = preview.steps.splice(keynote("delete-replaced"), 1);
    preview.steps.splice(keynote("create-replacement"), 0, deleted);
    expect(lines(preview).filter((l) => l.startsWith("| StreamIngest"))[0]).toContain(STOP_FIRST);
  });

  test("a failed preview: its errors come first and the command exits 1", () => {
    const run = cli([path.join(__dirname, "fixtures", "review", "failed.json")]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("");
    expect(run.stdout.split("\n").slice(0, 8)).toEqual([
      "## TRTC tasks in this preview",
      "",
      "**The preview failed**, so this summary may be incomplete:",
      "",
      "```text",
      "error: pulumi-nodejs:dynamic/trtc:StreamIngest resource 'lobby-music': property volume value {500} has a problem: volume: must be from 0 to 100",
      "```",
      "",
    ]);
  });

  test("standard input and a file give the same summary", () => {
    const file = path.join(__dirname, "fixtures", "review", "replacement-steps.json");
    const fromFile = cli([file]);
    expect(fromFile.status).toBe(0);
    expect(cli([], readFileSync(file, "utf8")).stdout).toBe(fromFile.stdout);
    expect(cli(["-"], readFileSync(file, "utf8")).stdout).toBe(fromFile.stdout);
  });
});

// Small previews in the engine's shape, for kinds, values and resources the examples do not have.
const urn = (type: string, name: string) => `urn:pulumi:dev::events::${type}::${name}`;
const trtc = (kind: string) => `pulumi-nodejs:dynamic/trtc:${kind}`;

function step(op: string, type: string, name: string, old: object, next: object): any {
  const state = (inputs: object) => ({ urn: urn(type, name), type, inputs: { __kind: "x", __provider: "p", ...inputs } });
  return { op, urn: urn(type, name), oldState: state(old), newState: state(next) };
}

describe("summaries of what the examples do not show", () => {
  test("a kind whose bot is nested is found by its line in the table; a new kind with top-level ids needs none", () => {
    const relay = { roomId: 7, agentParams: { userId: "relay-bot", maxIdleTime: 30 }, videoParams: { width: 1280 } };
    const future = { roomId: "hall", userId: "future-bot", speed: 1 };
    const rows = lines({
      steps: [
        step("update", trtc("RelayTask"), "relay", relay, { ...relay, videoParams: { width: 1920 } }),
        step("update", trtc("FutureKind"), "future", future, { ...future, speed: 2 }),
      ],
    }).filter((l) => l.startsWith("| ") && !l.startsWith("| type"));
    expect(rows).toEqual([
      "| FutureKind | future | `hall` | `future-bot` | updated in place, no interruption | `speed`: `1` → `2` |",
      "| RelayTask | relay | `7` | `relay-bot` | updated in place, no interruption | `videoParams.width`: `1280` → `1920` |",
    ]);
  });

  test("a change the engine reports but the preview hides is shown as [secret] on both sides", () => {
    const inputs = { roomId: 1, userId: "bot", userSig: "[secret]" };
    const replace = { ...step("replace", trtc("StreamIngest"), "music", inputs, inputs), replaceReasons: ["userSig"] };
    replace.oldState.pendingReplacement = true;
    expect(lines({ steps: [replace] })).toContain(
      `| StreamIngest | music | \`1\` | \`bot\` | ${STOP_FIRST} | \`userSig\` (restarts): \`[secret]\` → \`[secret]\` |`,
    );
  });

  test("added and removed members, lists of another length, and Markdown characters stay literal", () => {
    const old = { roomId: "a|b", userId: "bot`1", list: [1, 2], keep: { x: 1 } };
    const next = { roomId: "a|b", userId: "bot`1", list: [1, 2, 3], keep: {}, extra: "`x`" };
    const [row] = lines({ steps: [step("update", trtc("StreamIngest"), "odd*name_", old, next)] }).filter((l) => l.startsWith("| Stream"));
    expect(row).toBe(
      "| StreamIngest | odd\\*name\\_ | `a\\|b` | ``bot`1`` | updated in place, no interruption | " +
        '`extra`: (not set) → ``"`x`"``<br>`keep.x`: `1` → (not set)<br>`list`: 2 → 3 entries<br>+ `3` |',
    );
  });

  test("hostile names and values neither break the table nor the page, and read as they are", () => {
    const hostile = ["a|b", "x``y`", "<details><summary>open", "two\nlines", "&lt;b&gt;", "back\\|slash", "end\\", "*b* _i_ ~~s~~ [l](u) #h", "  padded  "];
    const steps = hostile.map((name, i) =>
      step("update", trtc("StreamIngest"), name, { roomId: name, userId: `bot${i}`, meta: { [name]: 1 } }, { roomId: name, userId: `bot${i}`, meta: { [name]: 2 } }),
    );
    const message = "pulumi-trtc: would call RemoveUser for users [<details>] of room x\n---\n# not a heading\n";
    const md = lines({ steps, diagnostics: [{ message, severity: "info" }] });
    const first = md.indexOf(TABLE[1]) + 1;
    const rows = md.slice(first, md.indexOf("", first));
    expect(rows).toHaveLength(hostile.length);
    // What GitHub renders (cmark-gfm): each row has its six cells, and each shows the text as it is.
    const shown = rows.map((row) => gfmCells(row).map(cellText));
    for (const cells of shown) expect(cells).toHaveLength(6);
    const onOneLine = (text: string) => text.replace("\n", "\u240a");
    expect(shown.map((cells) => cells[1]).sort()).toEqual(hostile.map(onOneLine).map((n) => n.trim()).sort());
    expect(shown.map((cells) => cells[2]).sort()).toEqual(hostile.map(onOneLine).sort());
    expect(shown.map((cells) => cells[5].split("<br>")[0]).sort()).toEqual(hostile.map((n) => `meta.${onOneLine(n)}: 1 → 2`).sort());
    // The log line stays one list item; its tags are text.
    expect(md.filter((l) => l.startsWith("- "))).toEqual(["- would call RemoveUser for users \\[\\<details\\>\\] of room x␊---␊\\# not a heading"]);
  });

  test("other resources are counted, not listed; the stack itself is neither", () => {
    const md = lines({
      steps: [
        { op: "same", urn: urn("pulumi:pulumi:Stack", "events-dev") },
        { op: "create", urn: urn("aws:s3/bucket:Bucket", "media") },
        { op: "update", urn: urn("my:component$aws:s3/bucket:Bucket", "logs") },
        { op: "same", urn: urn(trtc("StreamIngest"), "music") },
      ],
    });
    expect(md).toEqual([
      "## TRTC tasks in this preview",
      "",
      "**0 started · 0 updated in place · 0 restarted · 0 stopped**",
      "",
      "Also 2 changes to resources that are not TRTC tasks.",
      "",
    ]);
  });

  test("configuration objects have their own count and table: created, changed, replaced and deleted, a long value cut short", () => {
    // A picture's content is a secret, shown so on both sides; its fingerprint is not.
    const logo = { sdkAppId: 1400000001, content: "[secret]", contentSha256: "274d9428", suffix: "png", height: 80, width: 160, xPosition: 10, yPosition: 10 };
    const about = "Product names the assistant hears, ".repeat(12);
    const words = { sdkAppId: 1400000001, name: "support-words", description: about, state: 1 };
    const replace = { ...step("replace", trtc("Picture"), "logo", logo, { ...logo, contentSha256: "0a97fc8c" }), replaceReasons: ["content"] };
    replace.oldState.delete = true;
    const md = lines({
      steps: [
        step("create", trtc("Picture"), "banner", {}, { ...logo, yPosition: 600 }),
        step("update", trtc("Vocabulary"), "words", words, { ...words, name: "help-words", description: "Help words" }),
        replace,
        step("delete", trtc("VoicePrint"), "agent-voice", { sdkAppId: 1400000001, speakerNick: "agent" }, {}),
        step("create", trtc("StreamIngest"), "music", {}, { roomId: 1, userId: "music-bot" }),
      ],
    });
    expect(md).toEqual([
      "## TRTC tasks in this preview",
      "",
      "**1 started · 0 updated in place · 0 restarted · 0 stopped**",
      "",
      ...TABLE,
      "| StreamIngest | music | `1` | `music-bot` | new | — |",
      "",
      "**Configuration objects: 1 created · 1 changed in place · 1 replaced · 1 deleted**",
      "",
      "| type | name | object | changes |",
      "|---|---|---|---|",
      "| Picture | logo | replaced, new first: the new one is created before the old one is deleted | " +
        '`contentSha256`: `"274d9428"` → `"0a97fc8c"`<br>`content` (replaces): `[secret]` → `[secret]` |',
      "| VoicePrint | agent-voice | deleted | — |",
      `| Vocabulary | words | changed in place | \`description\`: \`"${about.slice(0, 59)}…\` (${about.length + 2} characters) → \`"Help words"\`<br>\`name\`: \`"support-words"\` → \`"help-words"\` |`,
      "| Picture | banner | new | — |",
      "",
    ]);
  });

  test(`room changes are recognised by the prefix "${WOULD_PREFIX}" whatever the severity`, () => {
    const md = lines({
      diagnostics: [
        { message: "pulumi-trtc: would call RemoveUser for users [a_1] of room town-hall\n", severity: "info" },
        { message: "pulumi-trtc: something else\n", severity: "info" },
        { message: "pulumi-trtc: would call SetUserBlocked for user x\n", severity: "warning" },
      ],
    });
    expect(md.filter((l) => l.startsWith("- "))).toEqual([
      "- would call RemoveUser for users \\[a\\_1\\] of room town-hall",
      "- would call SetUserBlocked for user x",
    ]);
  });
});

describe("a relay's custom mix layout is drawn, before and after", () => {
  const encode = { width: 1280, height: 720, fps: 15, bitRate: 1536, gop: 2 };
  // StartPublishCdnStream's own example (TRTC API reference): two anchors side by side.
  const sideBySideOf = (user: (n: number) => object) => ({
    mixLayoutMode: 4,
    mixLayoutList: [0, 1].map((n) => ({ locationX: 640 * n, locationY: 0, userMediaStream: { streamType: 0, userInfo: user(n) }, zOrder: 0, imageHeight: 720, imageWidth: 640, renderMode: 0 })),
  });
  const twoUp = sideBySideOf((n) => ({ roomId: "295066", userId: `Trtc_User_${n}` }));
  // Slides full screen, the speaker and whoever enters first small in the corner.
  const slides = {
    mixLayoutMode: 4,
    mixLayoutList: [
      { userMediaStream: { userInfo: { userId: "host" }, streamType: 1 }, imageWidth: 1280, imageHeight: 720 },
      { userMediaStream: { userInfo: { userId: "guest" } }, locationX: 896, locationY: 360, imageWidth: 352, imageHeight: 162, zOrder: 1 },
      { locationX: 896, locationY: 540, imageWidth: 352, imageHeight: 162, zOrder: 1 },
    ],
  };
  const relay = (layoutParams: object) => ({ roomId: 8888, agentParams: { userId: "relay-8888" }, videoParams: { videoEncode: encode, layoutParams } });
  const review = (before: object, after: object) => lines({ steps: [step("update", trtc("RelayTask"), "show-relay", relay(before), relay(after))] });

  test("three windows replace two: the row points to the picture instead of listing fifty numbers", () => {
    const md = review(twoUp, slides);
    expect(md.filter((l) => l.startsWith("| RelayTask"))).toEqual([
      "| RelayTask | show-relay | `8888` | `relay-8888` | updated in place, no interruption | `videoParams.layoutParams.mixLayoutList`: drawn below |",
    ]);
    expect(md.slice(md.indexOf("**Mix layout of RelayTask show-relay**:"))).toEqual([
      "**Mix layout of RelayTask show-relay**:",
      "",
      "```text",
      "before                                     after",
      "1280 x 720                                 1280 x 720",
      "+Trtc_User_0@295066++Trtc_User_1@295066+   +host (screen)-------------------------+",
      "|                  ||                  |   |                                      |",
      "|                  ||                  |   |                                      |",
      "|                  ||                  |   |                                      |",
      "|                  ||                  |   |                                      |",
      "|                  ||                  |   |                                      |",
      "|                  ||                  |   |                           +guest----+|",
      "|                  ||                  |   |                           +---------+|",
      "|                  ||                  |   |                           +anchor 1-+|",
      "|                  ||                  |   |                           |         ||",
      "+------------------++------------------+   +---------------------------+---------++",
      "```",
      "",
    ]);
  });

  test("from a layout TRTC draws to a custom one, and a change of who is shown; an unchanged layout is not drawn", () => {
    const grid = review({ mixLayoutMode: 3 }, twoUp);
    expect(grid.find((l) => l.startsWith("| RelayTask"))).toContain("`videoParams.layoutParams.mixLayoutMode`: `3` → `4`");
    expect(grid.filter((l) => l.startsWith("before") || l.startsWith("grid"))).toEqual([
      "before                                         after",
      "grid layout (mixLayoutMode 3), drawn by TRTC   1280 x 720",
    ]);
    const swapped = review(twoUp, sideBySideOf((n) => ({ userId: `Trtc_User_${1 - n}` })));
    expect(swapped.filter((l) => l.includes("Trtc_User_0"))).toEqual([
      "+Trtc_User_0@295066++Trtc_User_1@295066+   +Trtc_User_1-------++Trtc_User_0-------+",
    ]);
    const same = lines({ steps: [step("update", trtc("RelayTask"), "show-relay", relay(twoUp), { ...relay(twoUp), withTranscoding: 1 })] });
    expect(same.some((l) => l.startsWith("**Mix layout"))).toBe(false);
  });
});

describe("input it does not understand: a clear message, exit 2, no stack trace", () => {
  const task = fixture("unknown-and-calls");
  const edited = (edit: (p: any) => void) => {
    const copy = structuredClone(task);
    edit(copy);
    return JSON.stringify(copy);
  };
  const follower = (p: any) => p.steps.find((s: any) => s.urn.endsWith("::follower"));

  test.each([
    ["empty input", "", "the input is empty: give it the output of `pulumi preview --json`"],
    ["the text display of a preview", "Previewing update (e2e):\n", "the input is not JSON ("],
    ["a JSON list", "[]", "the input is not a Pulumi preview: the top level: Invalid input: expected object, received array"],
    ["some other JSON object", '{"name":"x"}', "the input is not a Pulumi preview: the top level: has no steps, diagnostics or changeSummary"],
    ["steps that are not a list", '{"steps":{}}', "the input is not a Pulumi preview: steps: Invalid input: expected array, received object"],
    ["a step without a URN", '{"steps":[{"op":"create"}]}', "steps[0].urn: Invalid input: expected string, received undefined"],
    ["a URN that is not one", '{"steps":[{"op":"create","urn":"lobby-music"}]}', 'steps[0].urn: "lobby-music" is not a Pulumi URN'],
    ["an operation on a task it does not know", edited((p) => (follower(p).op = "import")), 'steps[2]: operation "import" on urn:'],
    [
      "a replacement that does not say which end comes first",
      edited((p) => delete follower(p).oldState.pendingReplacement),
      "steps[2]: the replacement of follower does not say whether the old task stops first; run `pulumi preview --json --show-replacement-steps`",
    ],
    [
      "a task without its inputs",
      edited((p) => delete follower(p).newState.inputs),
      'steps[2].newState.inputs: missing from the "replace" of urn:',
    ],
    [
      "a replacement step without its replace",
      edited((p) => (follower(p).op = "create-replacement")),
      'steps[2]: "create-replacement" of follower comes without its "replace" step',
    ],
  ])("%s", (_name, input, message) => {
    expect(() => reviewPreview(input)).toThrow(ReviewError);
    const run = cli([], input);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.startsWith("trtc-review: standard input: ")).toBe(true);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  test("a file that is not there, and a wrong option, say so with the usage", () => {
    for (const [args, message] of [
      [["/nonexistent/preview.json"], "trtc-review: cannot read /nonexistent/preview.json: ENOENT"],
      [["--fast"], "trtc-review: Unknown option '--fast'"],
      [["a.json", "b.json"], "trtc-review: give one preview file at most"],
    ] as const) {
      const run = cli([...args]);
      expect(run.status).toBe(2);
      expect(run.stderr.split("\n")[0]).toContain(message);
      expect(run.stderr).toContain("usage: trtc-review [preview.json | -]");
      expect(run.stderr).not.toMatch(/^\s+at /m);
    }
  });
});

// GitHub's table rules (cmark-gfm), to read rows as GitHub does: a backslash pairs with the ASCII
// punctuation after it, any other pipe ends a cell, and `\|` in a cell's text is a pipe.
function gfmCells(row: string): string[] {
  const cells: string[] = [];
  let cell = "";
  for (let i = 1; i < row.length; i++) {
    if (row[i] === "\\" && /[!-/:-@[-`{-~]/.test(row[i + 1] ?? "")) cell += row[i] + row[++i];
    else if (row[i] === "|") (cells.push(cell.trim().replaceAll("\\|", "|")), (cell = ""));
    else cell += row[i];
  }
  return cells;
}

/** A cell's text as rendered, for cells that hold code spans (`x`, <code>) and escaped text only. */
function cellText(cell: string): string {
  if (cell.includes("<br>")) return cell.split("<br>").map(cellText).join("<br>");
  let text = "";
  for (let i = 0; i < cell.length; ) {
    if (cell.startsWith("<code>", i)) {
      const end = cell.indexOf("</code>", i);
      text += cell.slice(i + 6, end).replace(/&#(\d+);/g, (_m, n) => String.fromCodePoint(Number(n)));
      i = end + 7;
      continue;
    }
    const ticks = /^`+/.exec(cell.slice(i))?.[0];
    const close = ticks && new RegExp(`(?<!\`)${ticks}(?!\`)`, "g");
    const end = close ? ((close.lastIndex = i + ticks.length), close.exec(cell)?.index) : undefined;
    if (ticks && end !== undefined) {
      // A code span: its text as it is, one space taken off each end when both have one.
      const inner = cell.slice(i + ticks.length, end);
      text += /^ [^]*[^ ][^]* $/.test(inner) ? inner.slice(1, -1) : inner;
      i = end + ticks.length;
    } else if (cell[i] === "\\" && /[!-/:-@[-`{-~]/.test(cell[i + 1] ?? "")) {
      text += cell[i + 1];
      i += 2;
    } else {
      text += ticks ?? cell[i];
      i += ticks?.length ?? 1;
    }
  }
  return text;
}

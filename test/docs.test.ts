import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { resolveSettings } from "../provider/settings";
import { FUNCTION_SPECS, RESOURCE_SPECS } from "../registry";

// The hand-written pages point at each other and at the generated reference: a moved or renamed
// page, or an API added without its line in the README, fails here rather than in a reader's browser.

const ROOT = path.join(__dirname, "..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

function markdownFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(file);
    return entry.name.endsWith(".md") ? [file] : [];
  });
}

const PAGES = ["README.md", "CONTRIBUTING.md", ...markdownFiles("docs")];

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-");
}

function anchorsOf(text: string): Set<string> {
  const outsideCode = text.replace(/^```[\s\S]*?^```/gm, "");
  return new Set([...outsideCode.matchAll(/^#+ (.+)$/gm)].map((m) => anchor(m[1]!)));
}

/** `[text](target)` links outside code, but web addresses. */
function localLinks(text: string): string[] {
  const outsideCode = text.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");
  return [...outsideCode.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((target) => !/^[a-z]+:/.test(target));
}

describe("the documentation", () => {
  test.each(PAGES)("%s links only to files and headings that exist", (page) => {
    const broken = localLinks(read(page)).filter((target) => {
      const [file, hash] = target.split("#") as [string, string | undefined];
      const linked = file === "" ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), file));
      if (!existsSync(path.join(ROOT, linked))) return true;
      return hash !== undefined && linked.endsWith(".md") && !anchorsOf(read(linked)).has(hash);
    });
    expect(broken).toEqual([]);
  });

  test("the README lists every resource with its reference page, and every function", () => {
    const readme = read("README.md");
    const missing = [
      ...RESOURCE_SPECS.map((spec) => `[${spec.kind}](docs/reference/${spec.kind}.md)`),
      ...FUNCTION_SPECS.map((spec) => `\`${spec.name}\``),
    ].filter((entry) => !readme.includes(entry));
    expect(missing).toEqual([]);
  });

  test("the configuration page has a row for every setting the provider reads, with its variable", () => {
    const asked: [key: string, env: string][] = [];
    const keys: string[] = [];
    const env = new Proxy({} as NodeJS.ProcessEnv, {
      get: (_target, name) => {
        if (typeof name === "string" && keys.length > asked.length) asked.push([keys[keys.length - 1]!, name]);
        return undefined;
      },
    });
    resolveSettings((key) => {
      keys.push(key);
      return undefined;
    }, env);
    expect(asked.length).toBeGreaterThan(10);
    const rows = read("docs/configuration.md").split("\n").filter((line) => line.startsWith("| `trtc:"));
    const undocumented = asked.filter(([key, name]) => !rows.some((row) => row.startsWith(`| \`${key}\``) && row.includes(`\`${name}\``)));
    expect(undocumented).toEqual([]);
  });
});

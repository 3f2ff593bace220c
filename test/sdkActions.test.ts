import { readFileSync } from "node:fs";
import * as path from "node:path";
import { useFrozenEmulator } from "./sdk";

// Every action of Tencent's own TRTC SDK (test/fixtures/tencentcloud-sdk-nodejs) reaches a
// handler of the emulator: asked with an empty request, none is answered as an unknown action, a
// request with members the SDK requires is refused, and a missing parameter it names is one of the
// SDK's members of that request.

const FIXTURES = path.join(__dirname, "fixtures", "tencentcloud-sdk-nodejs");
const client = readFileSync(path.join(FIXTURES, "trtc_client.d.ts"), "utf8");
const models = readFileSync(path.join(FIXTURES, "trtc_models.d.ts"), "utf8");

/** The client's methods: one per action, `Name(req: NameRequest, ...)`. */
const SDK_ACTIONS = [...client.matchAll(/^\s+([A-Z]\w+)\(req: \1Request\b/gm)].map((m) => m[1]!);

/** The top-level members of an action's request interface, each with whether the SDK requires it. */
function requestMembers(action: string): Map<string, boolean> {
  const body = new RegExp(`export interface ${action}Request \\{([\\s\\S]*?)\\n\\}`).exec(models)?.[1];
  if (body === undefined) throw new Error(`trtc_models.d.ts declares no ${action}Request`);
  return new Map([...body.matchAll(/^ {4}(\w+)(\??):/gm)].map((m) => [m[1]!, m[2] !== "?"]));
}

const suite = useFrozenEmulator();

test("the SDK models list the 86 TRTC actions of tencentcloud-sdk-nodejs 4.1.313", () => {
  expect(new Set(SDK_ACTIONS).size).toBe(86);
});

test.each(SDK_ACTIONS)("%s is answered by its handler", async (action) => {
  const members = requestMembers(action);
  const answer = await suite.trtc.request(action, {}).then(
    () => ({ code: "Success", message: "" }),
    (e: { code?: string; message?: string }) => ({ code: String(e.code), message: String(e.message) }),
  );
  expect(answer.code).not.toBe("InvalidAction");
  if ([...members.values()].some(Boolean)) expect(answer.code).not.toBe("Success");
  if (answer.code.startsWith("MissingParameter")) {
    const named = /The parameter (\w+)/.exec(answer.message)?.[1];
    expect([...members.keys()]).toContain(named);
  }
});

// The Output variant's dependsOn, under Pulumi's own unit-test engine (runtime.setMocks): the call
// waits for the resources it depends on, and during a preview, where a new resource has no id yet,
// it is not made at all, as Pulumi's invokes behave.
import * as pulumi from "@pulumi/pulumi";
import * as trtc from "../index";
import { DEFAULT_SDK_APP_ID, type RunningEmulator, startEmulator } from "../emulator";
import { SECRET_ID, SECRET_KEY } from "./helpers";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.state.reset());

const HOUR = 3600;
const opts = () => ({ settings: { secretId: SECRET_ID, secretKey: SECRET_KEY, region: "ap-singapore", endpoint: emulator.url } });
const args = () => ({ sdkAppId: DEFAULT_SDK_APP_ID, startTime: (Math.floor(Date.now() / 1000 / HOUR) - 3) * HOUR, endTime: (Math.floor(Date.now() / 1000 / HOUR) - 2) * HOUR });

/** A resource of the program's own, whose creation the lookup waits for. */
class Thing extends pulumi.CustomResource {
  constructor(name: string) {
    super("test:index:Thing", name, {});
  }
}

/** Resolves with the Output's value, or `unknown` when Pulumi never runs its callbacks. */
function settle<T>(output: pulumi.Output<T>): Promise<T | "unknown"> {
  return new Promise((resolve) => {
    output.apply((value) => resolve(value));
    (output as unknown as { isKnown: Promise<boolean> }).isKnown.then((known) => known || resolve("unknown"));
  });
}

async function withMocks(preview: boolean, created: string[]) {
  await pulumi.runtime.setMocks(
    {
      newResource: (r) => {
        created.push(r.name);
        // As the engine answers a preview: a resource to be created has no id yet.
        return { id: preview ? undefined : `${r.name}-id`, state: r.inputs };
      },
      call: () => ({}),
    },
    "project",
    "stack",
    preview,
  );
}

test("in an update the call is made once its dependency is created", async () => {
  const created: string[] = [];
  await withMocks(false, created);
  const thing = new Thing("thing");
  const rooms = await settle(trtc.getRoomInfoOutput(args(), { ...opts(), dependsOn: [thing] }));
  expect(Array.isArray(rooms)).toBe(true);
  expect(created).toEqual(["thing"]);
  expect(emulator.state.requests.list().map((r) => r.action)).toEqual(["DescribeRoomInfo"]);
});

test("in a preview, a dependency not yet created leaves the result unknown and calls nothing", async () => {
  await withMocks(true, []);
  const thing = new Thing("thing");
  expect(await settle(trtc.getRoomInfoOutput(args(), { ...opts(), dependsOn: thing }))).toBe("unknown");
  expect(emulator.state.requests.list()).toEqual([]);
});

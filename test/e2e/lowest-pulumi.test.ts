import { readFileSync } from "node:fs";
import * as path from "node:path";
import { DEFAULT_APP_KEY } from "../../emulator";
import { installedPackage, REPO } from "../installed";
import { describeWithEngine, useExampleStack } from "./engine";

// The lower bound of the @pulumi/pulumi peer range is a claim: a project with exactly that version
// (installed from the npm registry) and the packed package runs a stack under the real engine.

const range: string = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")).peerDependencies["@pulumi/pulumi"];
const LOWEST = /^\^(\d+\.\d+\.\d+)$/.exec(range)![1];

describeWithEngine(`a stack on the lowest @pulumi/pulumi the package declares (${range})`, (bin) => {
  const suite = useExampleStack(bin, "lowest-pulumi", { "trtc:sdkSecretKey": { value: DEFAULT_APP_KEY, secret: true } }, {
    programDir: path.join(REPO, "test", "fixtures", "lowest-pulumi"),
    pulumi: LOWEST,
  });
  const { calls } = suite;
  const running = () => suite.emulator.state.tasks.list().filter((t) => t.status === "InProgress");

  test(`the project runs @pulumi/pulumi ${LOWEST}, one copy`, () => {
    const { dir } = installedPackage(LOWEST);
    const resolved = require.resolve("@pulumi/pulumi/package.json", { paths: [require.resolve("pulumi-trtc", { paths: [dir] })] });
    expect(resolved).toBe(path.join(dir, "node_modules", "@pulumi", "pulumi", "package.json"));
    expect(JSON.parse(readFileSync(resolved, "utf8")).version).toBe(LOWEST);
  });

  test("up starts the task with a UserSig signed from stack config, and get reads it", async () => {
    const up = await suite.env.stack.up();
    // The stack and the task; reading the `get` reference is no change.
    expect(up.summary.resourceChanges).toEqual({ create: 2 });
    expect(running().map((t) => t.userId)).toEqual(["floor-bot"]);
    expect(up.outputs.status.value).toBe("InProgress");
    expect(up.outputs.watchedStatus.value).toBe("InProgress");
    expect(calls()).toContain("StartStreamIngest");
  });

  test("a volume change is applied in place, and refresh reads the task", async () => {
    await suite.env.stack.setConfig("volume", { value: "90" });
    await suite.env.stack.up();
    expect(calls()).toContain("UpdateStreamIngest");
    expect(running()[0].settings).toMatchObject({ Volume: 90 });
    const refresh = await suite.env.stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ same: 3 });
  });

  test("destroy stops the task", async () => {
    await suite.env.stack.destroy();
    expect(calls().filter((a) => a === "StopStreamIngest")).toHaveLength(1);
    expect(running()).toEqual([]);
  });
});

import type { EngineEvent } from "@pulumi/pulumi/automation";
import { reviewPreview } from "../../review";
import { botSig } from "../helpers";
import { describeWithEngine, useExampleStack } from "./engine";

// The moderation example under the real Pulumi engine: Output variants of changing functions that
// take a resource's output. A preview sends no TRTC call (it logs what an update would do), an
// update sends each call exactly once.

const ROOM = "town-hall";
const BLOCK = "SetUserBlockedByStrRoomId";
const FUNCTIONS = [BLOCK, "RemoveUserByStrRoomId", "DismissRoomByStrRoomId"];
/** Engine commands here run 20-40 s each on a loaded machine; a test that runs three needs longer. */
const SLOW = 240_000;

describeWithEngine("moderation example under the real engine", (bin) => {
  const suite = useExampleStack(bin, "moderation", {
    welcomeBotUserSig: { value: botSig("welcome-bot"), secret: true },
    mute: { value: '["heckler"]' },
  });
  const { calls } = suite;
  const functionCalls = () => calls().filter((a) => FUNCTIONS.includes(a));
  const room = () => suite.emulator.state.occupancy().find((r) => r.roomId === ROOM);
  const welcomeTask = () => suite.emulator.state.tasks.list().find((t) => t.userId === "welcome-bot");

  /** A preview, with the info messages the program logged (as the engine received them). */
  async function preview(diff: boolean) {
    const events: EngineEvent[] = [];
    const result = await suite.env.stack.preview({ diff, onEvent: (e) => events.push(e) });
    const info = events.flatMap((e) => (e.diagnosticEvent?.severity === "info" ? [e.diagnosticEvent.message.trim()] : []));
    return { ...result, info };
  }

  beforeAll(() => {
    for (const user of ["heckler", "spammer", "alice"]) suite.emulator.state.rooms.join(1400000001, ROOM, user);
  });

  test("preview of a new stack logs what up would do and calls nothing", async () => {
    // The ingest's roomId is its own input, so the engine knows it before the ingest exists.
    const { changeSummary, info } = await preview(true);
    expect(changeSummary).toEqual({ create: 2 });
    expect(info).toEqual([`pulumi-trtc: would call ${BLOCK} to block audio of heckler in string room "${ROOM}" of application 1400000001`]);
    expect(calls()).toEqual([]);
  });

  test("up blocks heckler once, after the ingest is in the room", async () => {
    const up = await suite.env.stack.up();
    expect(calls().filter((a) => a !== "DescribeStreamIngest")).toEqual(["StartStreamIngest", BLOCK]);
    expect(room()?.blocked).toEqual({ heckler: { audio: true, video: false } });
    const blockCall = suite.emulator.state.requests.list().find((r) => r.action === BLOCK);
    expect(blockCall?.params).toEqual({ SdkAppId: 1400000001, StrRoomId: ROOM, UserId: "heckler", IsMute: 2 });
    expect(up.outputs.requestIds.value).toEqual({ muted: [blockCall?.requestId] });
  });

  test("preview of the next change logs what the functions would do, which trtc-review lists, and sends nothing", async () => {
    await suite.env.stack.setConfig("remove", { value: '["spammer"]' });
    const { changeSummary, info, stdout } = await preview(false);
    expect(calls()).toEqual([]);
    expect(changeSummary).toEqual({ same: 2 });
    const would = [
      `pulumi-trtc: would call ${BLOCK} to block audio of heckler in string room "${ROOM}" of application 1400000001`,
      `pulumi-trtc: would call RemoveUserByStrRoomId for users spammer of string room "${ROOM}" of application 1400000001`,
    ];
    expect(info.sort()).toEqual(would.sort());
    for (const line of would) expect(stdout).toContain(line);

    const json = await suite.env.pulumi(["preview", "--json"]);
    const review = reviewPreview(json.stdout).markdown.split("\n");
    expect(review.filter((l) => l.startsWith("- would call")).sort()).toEqual(would.map((l) => `- ${l.slice("pulumi-trtc: ".length)}`).sort());
    expect(calls()).toEqual([]);
    expect(room()?.users).toEqual(["heckler", "spammer", "alice"]);
  }, SLOW);

  test("up sends each function's call exactly once", async () => {
    const up = await suite.env.stack.up();
    expect(functionCalls().sort()).toEqual(["RemoveUserByStrRoomId", BLOCK]);
    expect(room()?.users).toEqual(["heckler", "alice"]);
    expect(up.outputs.requestIds.value).toEqual({ muted: [expect.any(String)], removed: expect.any(String) });
  });

  test("closing the room ends the welcome bot's task; refresh then drops the ingest", async () => {
    await suite.env.stack.setAllConfig({ mute: { value: "[]" }, remove: { value: "[]" }, close: { value: "true" } });
    const { info } = await preview(true);
    expect(calls()).toEqual([]);
    expect(info).toEqual([`pulumi-trtc: would call DismissRoomByStrRoomId for string room "${ROOM}" of application 1400000001`]);

    await suite.env.stack.up();
    expect(functionCalls()).toEqual(["DismissRoomByStrRoomId"]);
    expect(room()).toBeUndefined();
    expect(welcomeTask()).toMatchObject({ status: "Ended", endReason: "removed" });

    const refresh = await suite.env.stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ delete: 1 });
  }, SLOW);

  test("with nothing to do, up only recreates the ingest; destroy stops it", async () => {
    await suite.env.stack.setConfig("close", { value: "false" });
    await suite.env.stack.up();
    expect(calls().filter((a) => a !== "DescribeStreamIngest")).toEqual(["StartStreamIngest"]);
    await suite.env.stack.destroy();
    expect(suite.emulator.state.tasks.list().filter((t) => t.status === "InProgress")).toEqual([]);
  }, SLOW);
});

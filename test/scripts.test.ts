// The example scripts (examples/scripts) run as a user runs them: `node script.js` with the built
// package, settings from the environment only, no Pulumi engine anywhere, against the emulator.
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { DEFAULT_APP_KEY } from "../emulator";
import { REPO } from "./installed";
import { SECRET_ID, SECRET_KEY } from "./helpers";
import { useFrozenEmulator } from "./sdk";

const APP = "1400000001";
const suite = useFrozenEmulator();

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function script(name: string, ...args: string[]): Promise<Run> {
  const env = {
    PATH: process.env.PATH,
    TENCENTCLOUD_SECRET_ID: SECRET_ID,
    TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
    TENCENTCLOUD_REGION: "ap-guangzhou",
    TRTC_ENDPOINT: suite.emulator.url,
    TRTC_SDK_SECRET_KEY: DEFAULT_APP_KEY,
  };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(REPO, "examples", "scripts", name), ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("moderate-room.js", () => {
  it("mutes, unmutes, removes and closes, choosing integer or string rooms by the room id", async () => {
    await suite.control.joinRoom(1400000001, 1234, "heckler");
    await suite.control.joinRoom(1400000001, 1234, "spammer");
    await suite.control.joinRoom(1400000001, 1234, "alice");
    await suite.control.joinRoom(1400000001, "town-hall", "bob");

    expect(await script("moderate-room.js", APP, "1234", "mute", "heckler")).toMatchObject({ code: 0, stdout: "muted heckler\n" });
    expect((await suite.control.room(1400000001, 1234))?.blocked).toEqual({ heckler: { audio: true, video: true } });
    expect(await script("moderate-room.js", APP, "1234", "unmute", "heckler")).toMatchObject({ code: 0 });
    expect((await suite.control.room(1400000001, 1234))?.blocked).toBeUndefined();
    expect(await script("moderate-room.js", APP, "1234", "remove", "heckler", "spammer")).toMatchObject({ code: 0 });
    expect((await suite.control.room(1400000001, 1234))?.users).toEqual(["alice"]);
    expect(await script("moderate-room.js", APP, "town-hall", "close")).toMatchObject({ code: 0, stdout: "closed room town-hall\n" });

    expect((await suite.control.requests()).map((r) => r.action)).toEqual([
      "SetUserBlocked",
      "SetUserBlocked",
      "RemoveUser",
      "DismissRoomByStrRoomId",
    ]);
    expect(await suite.control.room(1400000001, "town-hall")).toBeUndefined();
  });

  it("tells a room that does not exist apart, and explains bad input", async () => {
    expect(await script("moderate-room.js", APP, "999", "close")).toMatchObject({ code: 3, stderr: "room 999 does not exist: nobody is in it\n" });
    expect(await script("moderate-room.js", APP, "999", "dance")).toMatchObject({ code: 1, stderr: expect.stringContaining("usage:") });
    expect(await script("moderate-room.js", APP, "999", "remove")).toMatchObject({ code: 1, stderr: "removeUser: userIds: must list at least one user\n" });
  });
});

describe("battle.js", () => {
  it("starts a battle, reports each room, and reads the battle back", async () => {
    const first = await script("battle.js", APP, "60", "pk-1", "pk-2", "pk-3");
    expect(first.code).toBe(0);
    const [battle] = await suite.control.battles();
    expect(first.stdout).toBe(
      `battle ${battle.battleId}\n  pk-2: joined\n  pk-3: joined\n` +
        `pk-1 against pk-2, pk-3 until ${new Date(Math.floor(battle.endsAt / 1000) * 1000).toISOString()}\n`,
    );
    const second = await script("battle.js", APP, "60", "pk-4", "pk-3", "pk-5");
    expect(second.stdout).toContain("  pk-3: already in another battle\n  pk-5: joined\n");
  });
});

// The facts the emulator exposes about its actions (ACTION_FACTS: regions, documented rate,
// RoomIdType numbering) cover every action it answers, and are what it enforces over HTTP: the
// provider's declarations are compared with these, so they must be the emulator's real behaviour.
import { ACTION_FACTS, actionFacts, REVERSED_ROOM_ID_TYPES, TRTC_RATE, TRTC_ROOM_ID_TYPES } from "../emulator";
import { families } from "../emulator/handlers";
import { sdkClient, useFrozenEmulator } from "./sdk";

const suite = useFrozenEmulator();
/** A region no TRTC API serves (eu-frankfurt serves cloud slicing). */
const NOWHERE = "sa-saopaulo";

const answered = families.flatMap((family) => Object.keys(family.actions));
const actions = Object.keys(ACTION_FACTS).sort();

/** The error code a call with an empty body is answered with, or "ok". */
async function outcome(action: string, region: string): Promise<string> {
  try {
    await sdkClient(suite.emulator.url, { region }).request(action, {});
    return "ok";
  } catch (err) {
    return (err as { code: string }).code;
  }
}

it("has the facts of every action the emulator answers, each answered by one family only", () => {
  expect(new Set(answered).size).toBe(answered.length);
  expect(actions).toEqual([...answered].sort());
  expect(actionFacts("StartStreamIngest")).toBe(ACTION_FACTS.StartStreamIngest);
  expect(actionFacts("NoSuchAction")).toBeUndefined();
  expect(actionFacts("constructor")).toBeUndefined();
});

it("gives the RoomIdType numbering of every family sent a RoomIdType, and of no other", () => {
  const numbering = (prefix: RegExp) => new Set(actions.filter((action) => prefix.test(action)).map((action) => ACTION_FACTS[action]!.roomIdTypes));
  expect(numbering(/StreamIngest$/)).toEqual(new Set([TRTC_ROOM_ID_TYPES]));
  expect(numbering(/CloudRecording$/)).toEqual(new Set([TRTC_ROOM_ID_TYPES]));
  expect(numbering(/PublishCdnStream$/)).toEqual(new Set([REVERSED_ROOM_ID_TYPES]));
  expect(numbering(/AI(Conversation|Transcription)$/)).toEqual(new Set([REVERSED_ROOM_ID_TYPES]));
  expect(numbering(/Cloud(SliceTask|Moderation)$/)).toEqual(new Set([TRTC_ROOM_ID_TYPES]));
  // Room management names the room kind by the action (...ByStrRoomId), the query APIs by none.
  expect(numbering(/^(DismissRoom|RemoveUser|SetUserBlocked|Describe(?!AI|CloudRecording|StreamIngest|CloudSliceTask|CloudModeration|CloudTranscription))/)).toEqual(new Set([undefined]));
});

describe.each(actions)("%s", (action) => {
  const facts = ACTION_FACTS[action]!;
  const rate = facts.rate ?? TRTC_RATE;

  it("is answered in its regions and refused elsewhere", async () => {
    // Each call in a window of its own, so the rate (one every 15 seconds for some) never answers first.
    const at = async (region: string) => {
      await suite.control.advanceClock(rate.perSeconds);
      return outcome(action, region);
    };
    if (facts.regions === "any") {
      expect(await at(NOWHERE)).not.toBe("UnsupportedRegion");
      expect(await at("")).not.toMatch(/Region/);
      return;
    }
    for (const region of facts.regions) expect(await at(region)).not.toMatch(/Region/);
    expect(await at(NOWHERE)).toBe("UnsupportedRegion");
  });

  it("takes its documented rate and no more", async () => {
    const region = facts.regions === "any" ? NOWHERE : facts.regions[0]!;
    for (let i = 0; i < rate.calls; i++) expect(await outcome(action, region)).not.toBe("RequestLimitExceeded");
    expect(await outcome(action, region)).toBe("RequestLimitExceeded");
    await suite.control.advanceClock(rate.perSeconds);
    expect(await outcome(action, region)).not.toBe("RequestLimitExceeded");
  });
});

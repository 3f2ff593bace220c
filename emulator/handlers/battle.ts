// Live battles on the Live engine REST API: create_battle ("Create Battle", Live engine REST API) and get_battle_info
// (its sibling: request {BattleId, RoomId}, the same envelope). Battles run on the virtual clock
// for their Duration; a room is in one running battle at a time.
import { invalidParameter, LiveApiError, missingParameter } from "../errors";
import type { LiveCommandDef } from "../family";
import { arrayOf, field, nonEmpty, positive, readParams } from "../params";
import type { World } from "../world";
import type { BattleRecord } from "../world/battles";
import { roomRef } from "../world/rooms";

/** Per-room ResultCodes: joined, or already in another battle (5, a system error, never happens here). */
const JOINED = 0;
const IN_ANOTHER_BATTLE = 3;

/**
 * get_battle_info's Status. The documents publish only 3, for a battle that has ended; 2 for a
 * running one is the emulator's reading (1 would be a battle still waiting for its rooms, which a
 * battle created by the REST API never does).
 */
const RUNNING = 2;
const ENDED = 3;

const ROOM = field("string", true, nonEmpty);

const CREATE = {
  FromRoomId: ROOM,
  ToRoomIdList: arrayOf(ROOM, true, (rooms, name) => {
    if (rooms.length === 0) throw invalidParameter(name, "must list at least one room");
  }),
  /** Milliseconds. */
  Duration: field("integer", true, positive),
  ExtensionInfo: field("string", false),
};

const INFO = {
  BattleId: field("string", false, nonEmpty),
  /** Instead of BattleId: the battle this room is in now. */
  RoomId: field("string", false, nonEmpty),
};

/** A room as get_battle_info shows it; its owner is the first user still in the string room of that name. */
function roomInfo(world: World, battle: BattleRecord, roomId: string) {
  const [owner = ""] = world.rooms.present(roomRef(battle.sdkAppId, roomId, false));
  return { RoomId: roomId, Score: 0, Owner_Account: owner };
}

const seconds = (ms: number) => Math.floor(ms / 1000);

export const commands: Record<string, LiveCommandDef> = {
  create_battle: {
    handle({ sdkAppId, body, world }) {
      const p = readParams(body, CREATE);
      const rooms = [p.FromRoomId, ...p.ToRoomIdList];
      if (new Set(rooms).size !== rooms.length) throw invalidParameter("ToRoomIdList", "must name each room once, and not FromRoomId");
      if (world.battles.of(sdkAppId, p.FromRoomId)) throw new LiveApiError(100415, "The caller is in PK. Please try again later.");
      const results = p.ToRoomIdList.map((roomId) =>
        world.battles.of(sdkAppId, roomId)
          ? { RoomId: roomId, ResultCode: IN_ANOTHER_BATTLE, ResultMessage: "The room is already in another PK." }
          : { RoomId: roomId, ResultCode: JOINED, ResultMessage: "" },
      );
      const joined = results.filter((r) => r.ResultCode === JOINED).map((r) => r.RoomId);
      if (joined.length === 0) throw new LiveApiError(100412, "All called rooms are in PK. Please try again later.");
      const battle = world.battles.create({
        sdkAppId,
        fromRoomId: p.FromRoomId,
        toRoomIds: joined,
        durationMs: p.Duration,
        ...(p.ExtensionInfo !== undefined && { extensionInfo: p.ExtensionInfo }),
      });
      return { BattleId: battle.battleId, Result: results };
    },
  },

  get_battle_info: {
    handle({ sdkAppId, body, world }) {
      const p = readParams(body, INFO);
      if (p.BattleId === undefined && p.RoomId === undefined) throw missingParameter("BattleId");
      const battle = p.BattleId !== undefined ? world.battles.get(sdkAppId, p.BattleId) : world.battles.of(sdkAppId, p.RoomId!);
      if (!battle) {
        throw new LiveApiError(100002, p.BattleId !== undefined ? `Battle ${p.BattleId} does not exist.` : `Room ${p.RoomId} is in no battle.`);
      }
      return {
        BattleId: battle.battleId,
        Duration: battle.durationMs,
        StartTime: seconds(battle.startedAt),
        EndTime: seconds(battle.endsAt),
        Status: world.battles.running(battle) ? RUNNING : ENDED,
        FromRoomInfo: roomInfo(world, battle, battle.fromRoomId),
        ToRoomList: battle.toRoomIds.map((roomId) => roomInfo(world, battle, roomId)),
      };
    },
  },
};

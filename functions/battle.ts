import { z } from "zod";
import * as field from "../provider/fields";
import { functionSpec } from "../provider/function";
import { fromApi } from "../provider/spec";

export { BATTLE_RESULT } from "./codes";

/**
 * Live battles (PK between live rooms) on the Live engine REST API: create_battle (its Live engine REST API page) and
 * get_battle_info. Calls are made as an app admin (`adminUserId`, else trtc:adminUserId, else
 * "administrator") with a UserSig signed from the application's secret key (trtc:sdkSecretKey).
 */

/** Live rooms are named by strings. */
const liveRoomId = field.text;

const adminUserId = field.text.optional().describe("The app admin to call as; defaults to trtc:adminUserId, else \"administrator\".");

export const createBattleSpec = functionSpec({
  name: "createBattle",
  description: "Starts a battle between live rooms; rooms already in a battle answer BATTLE_RESULT.inAnotherBattle.",
  api: "live",
  args: z
    .object({
      sdkAppId: field.sdkAppId,
      fromRoomId: liveRoomId.describe("The calling room."),
      toRoomIds: z.array(liveRoomId, { error: "must be a list of room ids" }).min(1, { error: "must list at least one room" }).describe("The rooms called into the battle."),
      duration: field.atLeast(1).describe("How long the battle lasts, in milliseconds."),
      extensionInfo: z.string({ error: "must be a string" }).optional().describe("Free text passed on to the rooms with the battle."),
      adminUserId,
    })
    .superRefine((v, ctx) => {
      v.toRoomIds.forEach((room, i) => {
        if (room === v.fromRoomId) ctx.addIssue({ code: "custom", path: ["toRoomIds", i], message: "must not be fromRoomId" });
        else if (v.toRoomIds.indexOf(room) < i) ctx.addIssue({ code: "custom", path: ["toRoomIds", i], message: `repeats ${JSON.stringify(room)}` });
      });
    }),
  changes: true,
  request: (v) => ({
    command: "create_battle",
    sdkAppId: v.sdkAppId,
    adminUserId: v.adminUserId,
    body: { FromRoomId: v.fromRoomId, ToRoomIdList: v.toRoomIds, Duration: v.duration, ExtensionInfo: v.extensionInfo },
  }),
  describe: (v) =>
    `to start a ${v.duration} ms battle of room ${JSON.stringify(v.fromRoomId)} against ` +
    `${v.toRoomIds.map((r) => JSON.stringify(r)).join(", ")} in application ${v.sdkAppId}`,
  result: (response): CreatedBattle => {
    const { battleId, result = [], requestId } = fromApi(response) as { battleId: string; result?: BattleRoomResult[]; requestId: string };
    return { battleId, results: result, requestId };
  },
});

/** How one called room answered createBattle. */
export interface BattleRoomResult {
  roomId: string;
  /** BATTLE_RESULT: 0 joined, 3 already in another battle, 5 system error. */
  resultCode: number;
  resultMessage?: string;
}

export interface CreatedBattle {
  battleId: string;
  /** One per called room; rooms that did not answer 0 are not in the battle. */
  results: BattleRoomResult[];
  requestId: string;
}

export const getBattleInfoSpec = functionSpec({
  name: "getBattleInfo",
  description: "Reads a battle: its rooms, scores, times and state. Runs in previews too.",
  api: "live",
  args: z
    .object({
      sdkAppId: field.sdkAppId,
      battleId: field.text.optional().describe("The battle, as createBattle returned it."),
      roomId: liveRoomId.optional().describe("Instead of battleId: a room, to read the battle it is in."),
      adminUserId,
    })
    .superRefine((v, ctx) => {
      if (v.battleId === undefined && v.roomId === undefined) {
        ctx.addIssue({ code: "custom", path: ["battleId"], message: "is required unless roomId is given (to read that room's battle)" });
      }
    }),
  changes: false,
  request: (v) => ({
    command: "get_battle_info",
    sdkAppId: v.sdkAppId,
    adminUserId: v.adminUserId,
    body: { BattleId: v.battleId, RoomId: v.roomId },
  }),
  result: (response): BattleInfo => {
    const { fromRoomInfo, toRoomList = [], ...rest } = fromApi(response) as ApiBattle;
    return { ...rest, fromRoom: battleRoom(fromRoomInfo), toRooms: toRoomList.map(battleRoom) };
  },
});

/** A room in a battle. */
export interface BattleRoom {
  roomId: string;
  score: number;
  /** The room's owner (the anchor). */
  ownerId?: string;
}

export interface BattleInfo {
  battleId: string;
  /** Milliseconds, as created. */
  duration: number;
  /** Unix time in seconds. */
  startTime: number;
  /** Unix time in seconds: when it ended, or is due to end. */
  endTime: number;
  /** The battle's state as the API reports it: 3 once it has ended (see docs/functions.md). */
  status: number;
  /** The calling room. */
  fromRoom: BattleRoom;
  /** The called rooms in the battle. */
  toRooms: BattleRoom[];
  requestId: string;
}

type ApiBattleRoom = Omit<BattleRoom, "ownerId"> & { owner_Account?: string };
type ApiBattle = Omit<BattleInfo, "fromRoom" | "toRooms"> & { fromRoomInfo: ApiBattleRoom; toRoomList?: ApiBattleRoom[] };

function battleRoom({ owner_Account, ...room }: ApiBattleRoom): BattleRoom {
  return { ...room, ...(owner_Account && { ownerId: owner_Account }) };
}

// Room management: DismissRoom, RemoveUser and SetUserBlocked, each with its ...ByStrRoomId twin,
// as their pages of the TRTC API reference document them. Who is in a room is the
// emulator's occupancy: users joined through the control surface and the bots of running tasks of
// every family. A room nobody is in does not exist.
import { ApiError, invalidParameter } from "../errors";
import type { ActionDef } from "../family";
import { arrayOf, field, nonEmpty, oneOf, type Params, readParams, SDK_APP_ID, type Spec } from "../params";
import { checkRoom, TRTC_ROOM_ID_TYPES } from "../roomIds";
import type { World } from "../world";
import { type Blocked, type RoomRef, roomRef } from "../world/rooms";

const REGIONS = ["ap-beijing", "ap-guangzhou", "ap-singapore"] as const;
// DismissRoom (TRTC API reference) gives these since 2024-08-30; its edition of 2024-03-11 gave ap-singapore for ap-mumbai.
const DISMISS_ROOM_REGIONS = ["ap-beijing", "ap-guangzhou", "ap-mumbai"] as const;

const INTEGER_ROOM = field("integer", true, (room) => checkRoom(String(room), TRTC_ROOM_ID_TYPES.integer));
const STRING_ROOM = field("string", true, (room, name) => {
  if (room.length === 0 || room.length > 64) throw invalidParameter(name, "must be a string of 1 to 64 characters");
});

/** "List of up to 10 users to be removed." */
const USER_IDS = arrayOf(field("string", true, nonEmpty), true, (ids, name) => {
  if (ids.length === 0 || ids.length > 10) throw invalidParameter(name, "must list 1 to 10 users");
});

/** By IsMute: 0 enables audio and video, 1 disables both, 2 audio only, 3 video only. */
const BLOCKED: readonly (Blocked | undefined)[] = [
  undefined,
  { audio: true, video: true },
  { audio: true, video: false },
  { audio: false, video: true },
];

interface TwinOptions {
  /** SetUserBlockedByStrRoomId names its room StrRoomId; the other twins keep RoomId. */
  stringRoomKey?: "RoomId" | "StrRoomId";
  integerRegions?: readonly string[];
}

/**
 * An API for integer rooms and its ...ByStrRoomId twin for string rooms: the same parameters but
 * the room's. `run` acts on a room someone is in; a room nobody is in answers RoomNotExist.
 */
function twins<S extends Spec>(
  action: string,
  spec: S,
  run: (world: World, room: RoomRef, p: Params<S>) => void,
  { stringRoomKey = "RoomId", integerRegions = REGIONS }: TwinOptions = {},
): [string, ActionDef][] {
  const api = (roomKey: string, integer: boolean, regions: readonly string[]): ActionDef => ({
    regions,
    handle({ params, world }) {
      const table = { SdkAppId: SDK_APP_ID, [roomKey]: integer ? INTEGER_ROOM : STRING_ROOM, ...spec };
      const p = readParams(params, table) as Params<S> & { SdkAppId: number } & Record<string, unknown>;
      const room = roomRef(p.SdkAppId, String(p[roomKey]), integer);
      if (world.presences(room).length === 0) {
        throw new ApiError("FailedOperation.RoomNotExist", `Room ${room.roomId} of SdkAppId ${room.sdkAppId} does not exist: nobody is in it.`);
      }
      run(world, room, p);
      return {};
    },
  });
  return [
    [action, api("RoomId", true, integerRegions)],
    [`${action}ByStrRoomId`, api(stringRoomKey, false, REGIONS)],
  ];
}

export const actions: Record<string, ActionDef> = Object.fromEntries([
  ...twins("DismissRoom", {}, (world, room) => world.dismissRoom(room), { integerRegions: DISMISS_ROOM_REGIONS }),
  // Users who are not in the room are left alone: RemoveUser documents no error for them.
  ...twins("RemoveUser", { UserIds: USER_IDS }, (world, room, p) => {
    for (const userId of p.UserIds) world.removeUser(room, userId);
  }),
  ...twins(
    "SetUserBlocked",
    { UserId: field("string", true, nonEmpty), IsMute: field("integer", true, oneOf(0, 1, 2, 3)) },
    (world, room, p) => {
      if (!world.setBlocked(room, p.UserId, BLOCKED[p.IsMute])) {
        throw new ApiError("FailedOperation.UserNotExist", `User ${p.UserId} is not in room ${room.roomId}.`);
      }
    },
    { stringRoomKey: "StrRoomId" },
  ),
]);

import type { ActionTable } from "./action";

// Room management: the pages DismissRoom, RemoveUser and SetUserBlocked, each with a
// ...ByStrRoomId twin for string rooms (TRTC API reference, "Room Management").

// The room management pages give every call here ap-beijing, ap-guangzhou and ap-singapore;
// DismissRoom's own page (updated 2024-08-30, newer than the family's) gives ap-mumbai instead
// of ap-singapore, and the newer page wins.
const ROOM_MANAGEMENT = ["ap-beijing", "ap-guangzhou", "ap-singapore"];

export const moderationActions = {
  DismissRoom: { regions: ["ap-beijing", "ap-guangzhou", "ap-mumbai"] },
  DismissRoomByStrRoomId: { regions: ROOM_MANAGEMENT },
  RemoveUser: { regions: ROOM_MANAGEMENT },
  RemoveUserByStrRoomId: { regions: ROOM_MANAGEMENT },
  SetUserBlocked: { regions: ROOM_MANAGEMENT },
  SetUserBlockedByStrRoomId: { regions: ROOM_MANAGEMENT },
} satisfies ActionTable;

/** The code every room management call answers for a room nobody is in. */
export const ROOM_NOT_EXIST = "FailedOperation.RoomNotExist";
/** SetUserBlocked's code for a user who is not in the room. */
export const USER_NOT_EXIST = "FailedOperation.UserNotExist";
/** RemoveUser takes at most this many users a call. */
export const MAX_REMOVED_USERS = 10;

// Codes programs compare answers with: a leaf module, so the public declarations import no spec.

/** The error code DismissRoom, RemoveUser and SetUserBlocked answer for a room nobody is in. */
export const ROOM_NOT_EXIST = "FailedOperation.RoomNotExist";
/** SetUserBlocked's error code for a user who is not in the room. */
export const USER_NOT_EXIST = "FailedOperation.UserNotExist";

/** Per-room ResultCodes of createBattle. */
export const BATTLE_RESULT = {
  /** The room joined the battle. */
  ok: 0,
  /** The room is already in another battle. */
  inAnotherBattle: 3,
  /** A system error kept the room out. */
  systemError: 5,
} as const;

// Codes programs compare answers with: a leaf module, so the public declarations import no spec.

export { ROOM_NOT_EXIST, USER_NOT_EXIST } from "../provider/api/moderation";

/** Per-room ResultCodes of createBattle. */
export const BATTLE_RESULT = {
  /** The room joined the battle. */
  ok: 0,
  /** The room is already in another battle. */
  inAnotherBattle: 3,
  /** A system error kept the room out. */
  systemError: 5,
} as const;

import { z } from "zod";

// Field schemas shared by every TRTC resource, with messages that state the rule.

export const sdkAppId = z
  .number({ error: "must be a number: the SDKAppID of your TRTC application" })
  .int({ error: "must be a whole number" })
  .positive({ error: "must be positive" });

const MAX_ROOM_NUMBER = 4294967294;

/** A number means an integer room (RoomIdType 1); a string means a string room (RoomIdType 0). */
export const roomId = z.union(
  [
    z.number().int().min(1).max(MAX_ROOM_NUMBER),
    z.string().min(1).max(64),
  ],
  { error: `must be an integer room number from 1 to ${MAX_ROOM_NUMBER} or a string room id of 1 to 64 characters` },
);

export const userId = z
  .string({ error: "must be a string: the user id the task's bot joins the room as" })
  .min(1, { error: "must not be empty" });

export const userSig = z
  .string({ error: "must be a string: the UserSig signed for the bot's userId" })
  .min(1, { error: "must not be empty" });

export function url(schemes: readonly string[]) {
  return z.string({ error: "must be a URL string" }).refine(
    (value) => {
      try {
        return schemes.includes(new URL(value).protocol.replace(/:$/, ""));
      } catch {
        return false;
      }
    },
    { error: `must be an absolute URL with scheme ${schemes.join(", ")}` },
  );
}

export function int(min: number, max: number) {
  return z
    .number({ error: "must be a number" })
    .int({ error: "must be a whole number" })
    .min(min, { error: `must be from ${min} to ${max}` })
    .max(max, { error: `must be from ${min} to ${max}` });
}

/** The API's RoomId/RoomIdType pair for a room given as a number or a string. */
export function roomParams(room: number | string): { RoomId: string; RoomIdType: 0 | 1 } {
  return typeof room === "number" ? { RoomId: String(room), RoomIdType: 1 } : { RoomId: room, RoomIdType: 0 };
}

export function roomKey(sdkApp: number, room: number | string, user: string): string {
  return JSON.stringify([sdkApp, typeof room, room, user]);
}

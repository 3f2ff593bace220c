import { z } from "zod";
import * as field from "../provider/fields";
import { MAX_REMOVED_USERS } from "../provider/api/moderation";
import { twin } from "../provider/api/room";
import { functionSpec } from "../provider/function";
import { fromApi } from "../provider/spec";

export { ROOM_NOT_EXIST, USER_NOT_EXIST } from "../provider/api/moderation";

/**
 * Room moderation: DismissRoom, RemoveUser and SetUserBlocked, each with a ...ByStrRoomId twin
 * for string rooms (TRTC API reference, "Room Management"). The type of `roomId` picks the
 * twin: a number is an integer room, a string a string room.
 */


const room = {
  sdkAppId: field.sdkAppId.describe("The SDKAppID of the TRTC application the room belongs to."),
  roomId: field.roomId.describe("A number for an integer room, a string for a string room."),
};

/** What every call here answers: nothing but the id of the request. */
export interface ModerationResult {
  /** TRTC's id of the request, to quote to support. */
  requestId: string;
}

const acknowledged = (response: Record<string, unknown>) => fromApi(response) as ModerationResult;

const roomName = (v: { sdkAppId: number; roomId: number | string }) =>
  `${typeof v.roomId === "number" ? "room" : "string room"} ${JSON.stringify(v.roomId)} of application ${v.sdkAppId}`;

export const dismissRoomSpec = functionSpec({
  name: "dismissRoom",
  description: "Removes everyone from a room and dismisses it, ending the call; tasks whose bots were in it end.",
  api: "trtc",
  args: z.object(room),
  changes: true,
  actions: ["DismissRoom", "DismissRoomByStrRoomId"],
  request: (v) => ({ action: twin(v.roomId, "DismissRoom"), params: { SdkAppId: v.sdkAppId, RoomId: v.roomId } }),
  describe: (v) => `for ${roomName(v)}`,
  result: acknowledged,
});

export const removeUserSpec = functionSpec({
  name: "removeUser",
  description: "Removes up to 10 users from a room; a removed task bot ends its task.",
  api: "trtc",
  args: z.object({
    ...room,
    userIds: z
      .array(field.roomUserId, { error: "must be a list of user ids" })
      .min(1, { error: "must list at least one user" })
      .max(MAX_REMOVED_USERS, { error: `must list at most ${MAX_REMOVED_USERS} users` }).describe("Up to 10 users to remove: anchors, audience members or task bots (whose tasks then end)."),
  }),
  changes: true,
  actions: ["RemoveUser", "RemoveUserByStrRoomId"],
  request: (v) => ({
    action: twin(v.roomId, "RemoveUser"),
    params: { SdkAppId: v.sdkAppId, RoomId: v.roomId, UserIds: v.userIds },
  }),
  describe: (v) => `for users ${v.userIds.join(", ")} of ${roomName(v)}`,
  result: acknowledged,
});

/** SetUserBlocked's IsMute, by what the user may no longer publish. */
const IS_MUTE = new Map<boolean | "audio" | "video", 0 | 1 | 2 | 3>([
  [false, 0],
  [true, 1],
  ["audio", 2],
  ["video", 3],
]);

export const setUserBlockedSpec = functionSpec({
  name: "setUserBlocked",
  description: "Blocks (or unblocks) a user's audio, video or both in a room.",
  api: "trtc",
  args: z.object({
    ...room,
    userId: field.roomUserId.describe("The user to block or unblock."),
    blocked: z.union([z.boolean(), z.literal(["audio", "video"])], {
      error: 'must be true (audio and video), "audio", "video" or false (unblock)',
    }).describe("true blocks audio and video, \"audio\" or \"video\" only that, false unblocks both."),
  }),
  changes: true,
  actions: ["SetUserBlocked", "SetUserBlockedByStrRoomId"],
  request: (v) => ({
    action: twin(v.roomId, "SetUserBlocked"),
    // The string twin names the room StrRoomId.
    params: {
      SdkAppId: v.sdkAppId,
      ...(typeof v.roomId === "number" ? { RoomId: v.roomId } : { StrRoomId: v.roomId }),
      UserId: v.userId,
      IsMute: IS_MUTE.get(v.blocked),
    },
  }),
  describe: (v) =>
    v.blocked === false
      ? `to unblock ${v.userId} in ${roomName(v)}`
      : `to block ${v.blocked === true ? "audio and video" : v.blocked} of ${v.userId} in ${roomName(v)}`,
  result: acknowledged,
});

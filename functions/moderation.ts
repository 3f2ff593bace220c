import { z } from "zod";
import * as field from "../provider/fields";
import { functionSpec, twin } from "../provider/function";
import { programFunctions } from "../provider/invoke";
import { fromApi } from "../provider/spec";

/**
 * Room moderation: DismissRoom, RemoveUser and SetUserBlocked, each with a ...ByStrRoomId twin
 * for string rooms (doc 001 lines 1135-2143, doc 000, doc 003). The type of `roomId` picks the
 * twin: a number is an integer room, a string a string room.
 */

/** The error code every call here answers for a room nobody is in. */
export const ROOM_NOT_EXIST = "FailedOperation.RoomNotExist";
/** SetUserBlocked's error code for a user who is not in the room. */
export const USER_NOT_EXIST = "FailedOperation.UserNotExist";

// Doc 001 gives every call here ap-beijing, ap-guangzhou and ap-singapore. Doc 000 (2024-08-30,
// newer than 001's 2024-03-11) gives DismissRoom ap-beijing, ap-guangzhou and ap-mumbai; the newer wins.
const ROOM_MANAGEMENT = ["ap-beijing", "ap-guangzhou", "ap-singapore"];
const DISMISS_ROOM = ["ap-beijing", "ap-guangzhou", "ap-mumbai"];

const room = {
  /** The SDKAppID of the TRTC application the room belongs to. */
  sdkAppId: field.sdkAppId,
  /** A number for an integer room, a string for a string room. */
  roomId: field.roomId,
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
  api: "trtc",
  args: z.object(room),
  changes: true,
  regions: { DismissRoom: DISMISS_ROOM, DismissRoomByStrRoomId: ROOM_MANAGEMENT },
  request: (v) => ({ action: twin(v.roomId, "DismissRoom"), params: { SdkAppId: v.sdkAppId, RoomId: v.roomId } }),
  describe: (v) => `remove everyone from ${roomName(v)}, ending the call`,
  result: acknowledged,
});

const MAX_REMOVED = 10;

export const removeUserSpec = functionSpec({
  name: "removeUser",
  api: "trtc",
  args: z.object({
    ...room,
    /** Up to 10 users to remove: anchors, audience members or task bots (whose tasks then end). */
    userIds: z
      .array(field.roomUserId, { error: "must be a list of user ids" })
      .min(1, { error: "must list at least one user" })
      .max(MAX_REMOVED, { error: `must list at most ${MAX_REMOVED} users` }),
  }),
  changes: true,
  regions: { RemoveUser: ROOM_MANAGEMENT, RemoveUserByStrRoomId: ROOM_MANAGEMENT },
  request: (v) => ({
    action: twin(v.roomId, "RemoveUser"),
    params: { SdkAppId: v.sdkAppId, RoomId: v.roomId, UserIds: v.userIds },
  }),
  describe: (v) => `remove ${v.userIds.join(", ")} from ${roomName(v)}`,
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
  api: "trtc",
  args: z.object({
    ...room,
    /** The user to block or unblock. */
    userId: field.roomUserId,
    /** true blocks audio and video, "audio" or "video" only that, false unblocks both. */
    blocked: z.union([z.boolean(), z.literal(["audio", "video"])], {
      error: 'must be true (audio and video), "audio", "video" or false (unblock)',
    }),
  }),
  changes: true,
  regions: { SetUserBlocked: ROOM_MANAGEMENT, SetUserBlockedByStrRoomId: ROOM_MANAGEMENT },
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
      ? `unblock ${v.userId} in ${roomName(v)}`
      : `block ${v.blocked === true ? "audio and video" : v.blocked} of ${v.userId} in ${roomName(v)}`,
  result: acknowledged,
});

const dismiss = programFunctions(dismissRoomSpec);
/** Removes everyone from a room and dismisses it, ending the call; tasks whose bots were in it end. */
export const dismissRoom = dismiss.call;
/** dismissRoom for Pulumi Inputs; unknown during preview, where it does not run. */
export const dismissRoomOutput = dismiss.output;

const remove = programFunctions(removeUserSpec);
/** Removes up to 10 users from a room; a removed task bot ends its task. */
export const removeUser = remove.call;
/** removeUser for Pulumi Inputs; unknown during preview, where it does not run. */
export const removeUserOutput = remove.output;

const block = programFunctions(setUserBlockedSpec);
/** Blocks (or unblocks) a user's audio, video or both in a room. */
export const setUserBlocked = block.call;
/** setUserBlocked for Pulumi Inputs; unknown during preview, where it does not run. */
export const setUserBlockedOutput = block.output;

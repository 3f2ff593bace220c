// How the APIs name rooms: RoomId is always sent as a string, and RoomIdType says how to read it.
// The APIs number RoomIdType two ways, so each family declares its numbering once (Family's
// roomIdTypes) and reads every RoomId/RoomIdType pair through readRoom into the world's rooms.
import { invalidParameter } from "./errors";
import { matching } from "./params";
import { type RoomRef, roomRef } from "./world/rooms";

/** An API's numbering of RoomIdType: the value that means an integer room, and the one that means a string room. */
export interface RoomIdTypes {
  integer: 0 | 1;
  string: 0 | 1;
}

/** Most of TRTC (StartStreamIngest, CreateCloudRecording): 1 an integer room, 0 a string room. */
export const TRTC_ROOM_ID_TYPES: RoomIdTypes = { integer: 1, string: 0 };
/** The AI and relay APIs (StartAIConversation, StartPublishCdnStream): 0 an integer room, 1 a string room. */
export const REVERSED_ROOM_ID_TYPES: RoomIdTypes = { integer: 0, string: 1 };

/** Largest integer room id TRTC accepts (2^32 - 2). */
const MAX_INT_ROOM_ID = 4294967294;
/**
 * strRoomId: "64 bytes or shorter" of 89 characters: letters, digits, space and
 * !#$%&()+-:;<=.>?@[]^_{}|~, (TRTCParams.strRoomId). All are ASCII, so bytes are characters.
 */
const STR_ROOM_ID = /^[A-Za-z0-9 !#$%&()+\-:;<=.>?@[\]^_{}|~,]{1,64}$/;
/** A room id as text whose type is read elsewhere: integer ids are written in the same characters. */
export const roomText = matching(STR_ROOM_ID, "1 to 64 letters, digits, spaces or !#$%&()+-:;<=.>?@[]^_{}|~,");

/** Throws the documented InvalidParameter when `roomId` is not a room of the kind `roomIdType` names. */
export function checkRoom(roomId: string, roomIdType: number, types: RoomIdTypes = TRTC_ROOM_ID_TYPES): void {
  if (roomIdType === types.integer) {
    if (!/^[1-9]\d*$/.test(roomId) || Number(roomId) > MAX_INT_ROOM_ID) {
      throw invalidParameter("RoomId", `with RoomIdType ${roomIdType} it must be an integer in [1, ${MAX_INT_ROOM_ID}]`);
    }
  } else if (!STR_ROOM_ID.test(roomId)) {
    throw invalidParameter("StrRoomId", `with RoomIdType ${roomIdType} it must be 1 to 64 letters, digits, spaces or !#$%&()+-:;<=.>?@[]^_{}|~,`);
  }
}

/**
 * The room a RoomId/RoomIdType pair names, in the API's numbering `types`; checked. A RoomIdType
 * left out means an integer room: the APIs that make it optional (CreateCloudRecording, the AI
 * APIs) document that default.
 */
export function readRoom(sdkAppId: number, roomId: string, roomIdType: number | undefined, types: RoomIdTypes): RoomRef {
  const type = roomIdType ?? types.integer;
  checkRoom(roomId, type, types);
  return roomRef(sdkAppId, roomId, type === types.integer);
}

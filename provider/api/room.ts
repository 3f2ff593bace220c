// How TRTC requests name rooms and tasks. A room id is a number (an integer room) or a string (a
// string room); requests send RoomId as a string with a RoomIdType saying which, and the families
// number the two kinds differently.

export type Room = number | string;

/**
 * RoomIdType per family: most APIs (StartStreamIngest, CreateCloudRecording) send 1 for an integer
 * room and 0 for a string room; the AI and mixing APIs (StartAIConversation, StartPublishCdnStream's
 * McuRoomIdType) send 0 for an integer room and 1 for a string room.
 */
export const ROOM_ID_TYPES = {
  standard: { integer: 1, string: 0 },
  integerFirst: { integer: 0, string: 1 },
} as const;

export type RoomIdConvention = keyof typeof ROOM_ID_TYPES;

/** The RoomId/RoomIdType pair for a room, in a convention (api/index.ts roomOf finds an action's). */
export function roomParams(room: Room, convention: RoomIdConvention): { RoomId: string; RoomIdType: 0 | 1 } {
  const types = ROOM_ID_TYPES[convention];
  return typeof room === "number" ? { RoomId: String(room), RoomIdType: types.integer } : { RoomId: room, RoomIdType: types.string };
}

/** A number is an integer room, served by `action`; a string is a string room, served by its ...ByStrRoomId twin. */
export function twin<A extends string>(room: Room, action: A): A | `${A}ByStrRoomId` {
  return typeof room === "number" ? action : `${action}ByStrRoomId`;
}

/** How every TRTC task API names a task. */
export function taskRef(taskId: string, inputs: { sdkAppId: number }): { SdkAppId: number; TaskId: string } {
  return { SdkAppId: inputs.sdkAppId, TaskId: taskId };
}

/** RemoveUser's request (or its twin's, which names the string room RoomId too). */
export function removeUserRequest(sdkAppId: number, room: Room, userIds: readonly string[]) {
  return { action: twin(room, "RemoveUser"), params: { SdkAppId: sdkAppId, RoomId: room, UserIds: userIds } };
}

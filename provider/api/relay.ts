import { type ActionTable, numbering } from "./action";

// Mixing and relaying to CDN: the pages StartPublishCdnStream, UpdatePublishCdnStream and
// StopPublishCdnStream (TRTC API reference, "Mixing and Relay").

const REGIONS = ["ap-guangzhou", "ap-hongkong", "ap-singapore"];

/** RoomIdType: the integer-first numbering. */
export const relayActions = numbering("integerFirst", {
  StartPublishCdnStream: { regions: REGIONS },
  UpdatePublishCdnStream: { regions: REGIONS },
  StopPublishCdnStream: { regions: REGIONS },
} satisfies ActionTable);

/**
 * The older mixing API (StartMCUMixTranscode, TRTC API reference, 2022-08-17): declared for the
 * emulator's answers only, no resource calls it (the README says why). Its requests name the room
 * by RoomId or StrRoomId, with no RoomIdType; it is taken to be served where its successor is.
 */
export const mcuMixActions = {
  StartMCUMixTranscode: { regions: REGIONS },
  StopMCUMixTranscode: { regions: REGIONS },
  StartMCUMixTranscodeByStrRoomId: { regions: REGIONS },
  StopMCUMixTranscodeByStrRoomId: { regions: REGIONS },
} satisfies ActionTable;

/** Update's and Stop's codes for a relay that has ended. */
export const RELAY_GONE = ["ResourceNotFound", "FailedOperation.TaskNotExist", "FailedOperation.TaskFinished"];

/**
 * What of a push URL is no credential and shows in previews: all before its auth query (txSecret
 * and txTime for Tencent Cloud CSS), or with no query all before its last path segment, where CDNs
 * such as YouTube and Twitch put the stream key.
 */
export function pushUrlShown(url: string): string {
  const query = url.indexOf("?");
  if (query >= 0) return url.slice(0, query + 1);
  const lastSlash = url.lastIndexOf("/");
  return lastSlash > url.indexOf("//") + 1 ? url.slice(0, lastSlash + 1) : "";
}

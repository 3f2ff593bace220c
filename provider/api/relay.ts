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

/** Update's and Stop's codes for a relay that has ended. */
export const RELAY_GONE = ["ResourceNotFound", "FailedOperation.TaskNotExist", "FailedOperation.TaskFinished"];

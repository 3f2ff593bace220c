import { type ActionTable, numbering } from "./action";

// Cloud moderation: the pages CreateCloudModeration, DescribeCloudModeration, ModifyCloudModeration
// and DeleteCloudModeration (TRTC API reference, "Cloud Moderation APIs"), each of which lists
// ap-singapore alone.

const REGIONS = ["ap-singapore"];

/** RoomIdType: the standard numbering ("1: 32-bit integer type (default value)"). */
export const cloudModerationActions = numbering("standard", {
  CreateCloudModeration: { regions: REGIONS },
  DescribeCloudModeration: { regions: REGIONS },
  ModifyCloudModeration: { regions: REGIONS },
  DeleteCloudModeration: { regions: REGIONS },
} satisfies ActionTable);

/** The not-found code of Describe, Modify and Delete, which answer only for a task in progress. */
export const MODERATION_GONE = ["ResourceNotFound"];

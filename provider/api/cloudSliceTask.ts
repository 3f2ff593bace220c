import { type ActionTable, numbering } from "./action";

// Cloud slicing: the pages CreateCloudSliceTask, DescribeCloudSliceTask, ModifyCloudSliceTask and
// DeleteCloudSliceTask (TRTC API reference, "Cloud Slicing APIs"), each of which lists the same
// two regions.

const REGIONS = ["ap-singapore", "eu-frankfurt"];

/** RoomIdType: the standard numbering ("1: 32-bit integer type (default value)"). */
export const cloudSliceTaskActions = numbering("standard", {
  CreateCloudSliceTask: { regions: REGIONS },
  DescribeCloudSliceTask: { regions: REGIONS },
  ModifyCloudSliceTask: { regions: REGIONS },
  DeleteCloudSliceTask: { regions: REGIONS },
} satisfies ActionTable);

/**
 * Describe's, Modify's and Delete's one not-found code: Describe "is valid only when the task is in
 * progress. An error will be returned if the task is exited" (DescribeCloudSliceTask).
 */
export const SLICE_GONE = ["ResourceNotFound"];

import { type ActionTable, numbering } from "./action";

// Cloud recording: the pages CreateCloudRecording, ModifyCloudRecording, DescribeCloudRecording
// and DeleteCloudRecording (TRTC API reference, "Cloud Recording").

const REGIONS = ["ap-beijing", "ap-guangzhou", "ap-mumbai", "ap-shanghai", "ap-singapore"];

/** RoomIdType: the standard numbering. */
export const cloudRecordingActions = numbering("standard", {
  CreateCloudRecording: { regions: REGIONS },
  ModifyCloudRecording: { regions: REGIONS },
  DescribeCloudRecording: { regions: REGIONS },
  DeleteCloudRecording: { regions: REGIONS },
} satisfies ActionTable);

/** Describe's codes for a recording that no longer exists. */
export const RECORDING_GONE = ["ResourceNotFound", "FailedOperation.TaskNotExist"];
/** Delete's: also a recording that has just finished. */
export const RECORDING_STOP_GONE = [...RECORDING_GONE, "FailedOperation.TaskFinished"];

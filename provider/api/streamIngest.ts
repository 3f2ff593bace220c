import { type ActionTable, numbering } from "./action";

// Stream ingest: the pages StartStreamIngest, UpdateStreamIngest, DescribeStreamIngest and
// StopStreamIngest (TRTC API reference, "Input Online Media Stream").

// Start and Update also serve ap-guangzhou and ap-tokyo; Describe and Stop do not.
const START_UPDATE = ["ap-bangkok", "ap-guangzhou", "ap-jakarta", "ap-mumbai", "ap-singapore", "ap-tokyo"];
const DESCRIBE_STOP = ["ap-bangkok", "ap-jakarta", "ap-mumbai", "ap-singapore"];

/** RoomIdType: the standard numbering. */
export const streamIngestActions = numbering("standard", {
  StartStreamIngest: { regions: START_UPDATE },
  UpdateStreamIngest: { regions: START_UPDATE },
  DescribeStreamIngest: { regions: DESCRIBE_STOP },
  StopStreamIngest: { regions: DESCRIBE_STOP },
} satisfies ActionTable);

/** StopStreamIngest's codes for a task that already ended or never existed. */
export const STREAM_INGEST_GONE = ["FailedOperation.TaskFinished", "FailedOperation.TaskNotExist"];

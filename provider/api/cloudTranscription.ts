import { type ActionTable, numbering } from "./action";

// Cloud transcription: the pages CreateCloudTranscription, DescribeCloudTranscription and
// DeleteCloudTranscription (TRTC API reference, international site, last updated 2026-04-07). The
// mainland site's pages list ap-beijing, ap-guangzhou, ap-hongkong and ap-shanghai instead; the
// international list is the newer dated one, and the one the other families here follow.

const REGIONS = ["ap-guangzhou", "ap-hongkong", "ap-singapore"];

/** RoomIdType: "0 indicates an integer type room ID, and 1 indicates a string" (CreateCloudTranscription). */
export const cloudTranscriptionActions = numbering("integerFirst", {
  CreateCloudTranscription: { regions: REGIONS },
  DescribeCloudTranscription: { regions: REGIONS },
  DeleteCloudTranscription: { regions: REGIONS },
} satisfies ActionTable);

/**
 * Describe's and Delete's code for a transcription that ended or never existed ("querying after
 * termination will return an error"; the SDK's error lists for both give ResourceNotFound).
 */
export const TRANSCRIPTION_GONE = ["ResourceNotFound"];

import { type ActionTable, numbering } from "./action";

// AI conversation and transcription: the pages StartAIConversation, UpdateAIConversation,
// ControlAIConversation, DescribeAIConversation, StopAIConversation, StartAITranscription,
// DescribeAITranscription and StopAITranscription (TRTC API reference, "Conversational AI").

const REGIONS = ["ap-guangzhou", "ap-singapore", "ap-tokyo", "na-siliconvalley"];

/** RoomIdType: the integer-first numbering. */
export const aiActions = numbering("integerFirst", {
  StartAIConversation: { regions: REGIONS },
  UpdateAIConversation: { regions: REGIONS },
  ControlAIConversation: { regions: REGIONS },
  DescribeAIConversation: { regions: REGIONS },
  StopAIConversation: { regions: REGIONS },
  StartAITranscription: { regions: REGIONS },
  DescribeAITranscription: { regions: REGIONS },
  StopAITranscription: { regions: REGIONS },
} satisfies ActionTable);

/** The AI APIs' code for a task that has ended or never existed. */
export const AI_TASK_GONE = ["FailedOperation.TaskNotExist"];

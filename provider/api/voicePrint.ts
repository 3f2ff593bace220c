import type { ActionTable } from "./action";

// Voiceprints: RegisterVoicePrint, DescribeVoicePrint, UpdateVoicePrint and DeleteVoicePrint have
// no page yet, only the SDK's models (4.1.313). They serve the AI conversations' and
// transcriptions' speaker recognition, so they are taken to be served where those are.
const REGIONS = ["ap-guangzhou", "ap-singapore", "ap-tokyo", "na-siliconvalley"];

export const voicePrintActions = {
  RegisterVoicePrint: { regions: REGIONS },
  DescribeVoicePrint: { regions: REGIONS },
  UpdateVoicePrint: { regions: REGIONS },
  DeleteVoicePrint: { regions: REGIONS },
} satisfies ActionTable;

/**
 * No source lists DeleteVoicePrint's codes. Its one member is the VoicePrintId TRTC gave, so an
 * InvalidParameter for it can only say that id names no voiceprint (any more).
 */
export const VOICE_PRINT_GONE = ["InvalidParameter"];

/** DescribeVoicePrint's PageSize: "at least 20"; no largest is given, so none larger is asked for. */
export const VOICE_PRINT_PAGE_SIZE = 20;

import type { ActionTable } from "./action";

// Usage statistics: the pages DescribeTrtcUsage, DescribeRecordingUsage,
// DescribeMixTranscodingUsage, DescribeRelayUsage and DescribeTrtcRoomUsage (TRTC API reference,
// "Usage Statistics"). Each page gives its own rate.

const REGIONS = ["ap-guangzhou", "ap-singapore"];
const FIVE_A_SECOND = { calls: 5, perSeconds: 1 };

export const usageActions = {
  DescribeTrtcUsage: { regions: REGIONS, rate: FIVE_A_SECOND },
  DescribeRecordingUsage: { regions: REGIONS, rate: FIVE_A_SECOND },
  DescribeMixTranscodingUsage: { regions: REGIONS, rate: FIVE_A_SECOND },
  DescribeRelayUsage: { regions: REGIONS, rate: FIVE_A_SECOND },
  // "The rate limit of this API is one call every 15 seconds."
  DescribeTrtcRoomUsage: { regions: REGIONS, rate: { calls: 1, perSeconds: 15 } },
  // The older billed-duration APIs (DescribeRecordStatistic, DescribeTrtcMcuTranscodeTime: TRTC
  // API reference) serve only ap-guangzhou, at the default rate.
  DescribeRecordStatistic: { regions: ["ap-guangzhou"] },
  DescribeTrtcMcuTranscodeTime: { regions: ["ap-guangzhou"] },
  // The 2026 usage APIs have no page yet, only the SDK models, which name no region: they are
  // taken to serve where the other usage APIs do, at the default rate (docs/families/usage-lookups.md).
  DescribeTRTCAIRecognitionUsage: { regions: REGIONS },
  DescribeTRTCSegmentModerationUsage: { regions: REGIONS },
  DescribeTRTCDedicatedCloudAccUsage: { regions: REGIONS },
} satisfies ActionTable;

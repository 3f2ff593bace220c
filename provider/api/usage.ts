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
} satisfies ActionTable;

import type { ActionTable } from "./action";

// Monitoring dashboard: the pages DescribeTRTCRealTimeScaleData, DescribeTRTCRealTimeQualityData,
// DescribeTRTCMarketScaleData and DescribeTRTCMarketQualityData (TRTC API reference, "Monitoring
// Dashboard"), whose Region parameter is not required.

export const dashboardActions = {
  DescribeTRTCRealTimeScaleData: { regions: "any" },
  DescribeTRTCRealTimeQualityData: { regions: "any" },
  DescribeTRTCMarketScaleData: { regions: "any" },
  DescribeTRTCMarketQualityData: { regions: "any" },
  // DescribeTRTCMarketScaleMetricData, the older twin of DescribeTRTCMarketScaleData: only the SDK's
  // models document it (the same request, no Region), and mark it retired with Cloud Monitor's API.
  DescribeTRTCMarketScaleMetricData: { regions: "any" },
} satisfies ActionTable;

import type { ActionTable } from "./action";

// Monitoring dashboard: the pages DescribeTRTCRealTimeScaleData, DescribeTRTCRealTimeQualityData,
// DescribeTRTCMarketScaleData and DescribeTRTCMarketQualityData (TRTC API reference, "Monitoring
// Dashboard"), whose Region parameter is not required.

export const dashboardActions = {
  DescribeTRTCRealTimeScaleData: { regions: "any" },
  DescribeTRTCRealTimeQualityData: { regions: "any" },
  DescribeTRTCMarketScaleData: { regions: "any" },
  DescribeTRTCMarketQualityData: { regions: "any" },
} satisfies ActionTable;

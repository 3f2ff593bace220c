import type { ActionTable } from "./action";

// Call quality monitoring: the pages DescribeRoomInfo, DescribeUserInfo, DescribeCallDetailInfo,
// DescribeUserEvent, DescribeScaleInfo (TRTC API reference, "Call Quality Monitoring") and
// DescribeUnusualEvent, which the official SDK's model documents.

/** DescribeRoomInfo and DescribeScaleInfo also serve na-toronto. */
const ROOM_REGIONS = ["ap-beijing", "ap-guangzhou", "ap-mumbai", "ap-singapore", "na-toronto"];
/** The SDK gives DescribeUnusualEvent no region list; it is served with its family. */
const CALL_REGIONS = ["ap-beijing", "ap-guangzhou", "ap-mumbai", "ap-singapore"];

export const monitoringActions = {
  DescribeRoomInfo: { regions: ROOM_REGIONS },
  DescribeUserInfo: { regions: CALL_REGIONS },
  DescribeCallDetailInfo: { regions: CALL_REGIONS },
  DescribeUserEvent: { regions: CALL_REGIONS },
  DescribeScaleInfo: { regions: ROOM_REGIONS },
  DescribeUnusualEvent: { regions: CALL_REGIONS },
} satisfies ActionTable;

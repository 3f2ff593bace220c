import type { ActionTable } from "./action";

// Web page recording: the pages StartWebRecord, DescribeWebRecord and StopWebRecord (TRTC API
// reference, "Web Record APIs"). StartWebRecord's page lists ap-singapore alone; Describe and Stop
// belong to the same family and name no region of their own, so they are taken to serve it alike.

const REGIONS = ["ap-singapore"];

export const webRecordActions = {
  StartWebRecord: { regions: REGIONS },
  DescribeWebRecord: { regions: REGIONS },
  StopWebRecord: { regions: REGIONS },
} satisfies ActionTable;

/** DescribeWebRecord's and StopWebRecord's code for a recording that ended or never existed. */
export const WEB_RECORD_GONE = ["FailedOperation.TaskNotExist"];

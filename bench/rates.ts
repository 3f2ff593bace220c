import { REQUESTS_PER_SECOND } from "../provider/client";

// TRTC's documented call rates per action (the API category overview of the reference, and each
// API's own section): 20 per second, except the usage statistics APIs.
const RATES: Readonly<Record<string, number>> = {
  DescribeTrtcUsage: 5,
  DescribeRecordingUsage: 5,
  DescribeMixTranscodingUsage: 5,
  DescribeRelayUsage: 5,
  // "one call every 15 seconds"
  DescribeTrtcRoomUsage: 1 / 15,
};

/** Calls per second TRTC allows `action`. */
export function documentedRate(action: string): number {
  return RATES[action] ?? REQUESTS_PER_SECOND;
}

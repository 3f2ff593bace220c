import { DEFAULT_REQUESTS_PER_SECOND, documentedRateOf } from "../emulator";

/** Calls per second TRTC allows `action`: the documents' rates, as the emulator enforces them. */
export function documentedRate(action: string): number {
  const rate = documentedRateOf(action);
  return rate ? rate.calls / rate.perSeconds : DEFAULT_REQUESTS_PER_SECOND;
}

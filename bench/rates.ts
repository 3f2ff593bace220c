import { actionFacts, TRTC_RATE } from "../emulator";

/** Calls per second TRTC allows `action`: the documents' rates, as the emulator enforces them. */
export function documentedRate(action: string): number {
  const { calls, perSeconds } = actionFacts(action)?.rate ?? TRTC_RATE;
  return calls / perSeconds;
}

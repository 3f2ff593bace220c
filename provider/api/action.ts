// What TRTC documents of each API action, independent of how we use it: the regions that serve
// it and its rate limit. One table per family in this folder; index.ts joins them.

/** A documented rate limit: at most `calls` in any rolling `perSeconds`. */
export interface Rate {
  calls: number;
  perSeconds: number;
}

export interface ActionFacts {
  /**
   * Regions the action's page lists as supported. "any" where its Region parameter is documented
   * as not required: any region, or none, is accepted.
   */
  regions: readonly string[] | "any";
  /** Its own rate, where its page gives one; otherwise DEFAULT_RATE. */
  rate?: Rate;
}

/** "The default API request rate limit is 20 requests per second" (every TRTC API page). */
export const DEFAULT_RATE: Rate = { calls: 20, perSeconds: 1 };

export type ActionTable = Readonly<Record<string, ActionFacts>>;

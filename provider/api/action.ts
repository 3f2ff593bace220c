import type { RoomIdConvention } from "./room";

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
  /** How its family numbers RoomIdType (room.ts), for the families whose requests carry one. */
  roomIdTypes?: RoomIdConvention;
}

/** The family's actions, each with the family's RoomIdType numbering. */
export function numbering<T extends ActionTable>(roomIdTypes: RoomIdConvention, table: T): { [K in keyof T]: T[K] & { roomIdTypes: RoomIdConvention } } {
  return Object.fromEntries(Object.entries(table).map(([action, facts]) => [action, { ...facts, roomIdTypes }])) as never;
}

/** "The default API request rate limit is 20 requests per second" (every TRTC API page). */
export const DEFAULT_RATE: Rate = { calls: 20, perSeconds: 1 };

export type ActionTable = Readonly<Record<string, ActionFacts>>;

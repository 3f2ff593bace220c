// Every TRTC API 3.0 action the emulator answers, and the facts about each that the provider
// declares too (regions, documented rate, RoomIdType numbering), read from the families' own
// tables (their ActionDefs and roomIdTypes), so a test can hold the provider's declarations
// against what the emulator does.
import type { ActionDef, Rate } from "./family";
import { families } from "./handlers";
import type { RoomIdTypes } from "./roomIds";

/** TRTC's limit for an API whose document gives it no rate of its own ("API Category" of the TRTC API reference). */
export const TRTC_RATE: Rate = { calls: 20, perSeconds: 1 };
/** The Live engine REST API's limit, per application over all its commands (Create Battle). */
export const LIVE_RATE: Rate = { calls: 200, perSeconds: 1 };

/** The handler of every action, by name. */
export const ACTIONS: ReadonlyMap<string, ActionDef> = new Map(families.flatMap((family) => Object.entries(family.actions)));

export interface ActionFacts {
  /** Where it is served; "any" where the API documents Region as not required. */
  regions: readonly string[] | "any";
  /** Its own documented rate, where its page gives one; the others have TRTC_RATE (the emulator's configurable per-action limit). */
  rate?: Rate;
  /** How its family numbers RoomIdType, for the families whose requests carry one. */
  roomIdTypes?: RoomIdTypes;
}

/** The facts of every action the emulator answers, by name. */
export const ACTION_FACTS: Readonly<Record<string, ActionFacts>> = Object.fromEntries(
  families.flatMap(({ actions, roomIdTypes }) =>
    Object.entries(actions).map(([action, def]) => [
      action,
      { regions: def.regions, ...(def.rate && { rate: def.rate }), ...(roomIdTypes && { roomIdTypes }) },
    ]),
  ),
);

/** The facts of an action the emulator answers; undefined for any other. */
export function actionFacts(action: string): ActionFacts | undefined {
  return Object.hasOwn(ACTION_FACTS, action) ? ACTION_FACTS[action] : undefined;
}

// The contract between the API dispatcher and one API family's handler file.
import type { EmulatorState } from "./state";

export interface HandlerContext {
  action: string;
  region: string;
  /** The request body, already known to be a JSON object. */
  params: Readonly<Record<string, unknown>>;
  state: EmulatorState;
}

/** A documented rate limit: at most `calls` in any rolling `perSeconds`. */
export interface Rate {
  calls: number;
  perSeconds: number;
}

export interface ActionDef {
  /**
   * Regions the API documents as supported; others answer UnsupportedRegion. "any" for APIs whose
   * Region parameter is documented as not required: any region, or none, is accepted.
   */
  regions: readonly string[] | "any";
  /** The API's own documented rate where it differs from the emulator's per-API default (20 per second). */
  rate?: Rate;
  /** Returns the Response fields besides RequestId, or throws ApiError. */
  handle(ctx: HandlerContext): Record<string, unknown>;
}

export interface Family {
  actions: Readonly<Record<string, ActionDef>>;
}

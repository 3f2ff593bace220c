// The contract between the API dispatcher and one API family's handler file.
import type { EmulatorState } from "./state";

export interface HandlerContext {
  action: string;
  region: string;
  /** The request body, already known to be a JSON object. */
  params: Readonly<Record<string, unknown>>;
  state: EmulatorState;
}

export interface ActionDef {
  /** Regions the API documents as supported; others answer UnsupportedRegion. */
  regions: readonly string[];
  /** Returns the Response fields besides RequestId, or throws ApiError. */
  handle(ctx: HandlerContext): Record<string, unknown>;
}

export interface Family {
  actions: Readonly<Record<string, ActionDef>>;
}

// The contract between the API dispatchers (TRTC API 3.0, Live engine REST API) and one API family's handler file.
import type { RoomIdTypes } from "./roomIds";
import type { World } from "./world";

export interface HandlerContext {
  action: string;
  region: string;
  /** The request body, already known to be a JSON object. */
  params: Readonly<Record<string, unknown>>;
  world: World;
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
  /**
   * "events": the answer is a Server-Sent Events stream (TextToSpeechSSE): `handle` returns
   * `{ Events }`, each event sent as one `data:` line with the RequestId added.
   */
  answers?: "events";
}

export interface Family {
  actions: Readonly<Record<string, ActionDef>>;
  /** How the family's requests number RoomIdType, for the families sent one; read through readRoom (../roomIds). */
  roomIdTypes?: RoomIdTypes;
}

/** One command of the Live engine REST API, e.g. `create_battle`. */
export interface LiveCommandDef {
  /**
   * Returns the Response fields, or throws a LiveApiError; an ApiError from the shared parameter
   * checks (params.ts) is answered as 100002, the commands' "parameter is illegal".
   */
  handle(ctx: LiveHandlerContext): Record<string, unknown>;
}

export interface LiveHandlerContext {
  /** The application, already authenticated by its admin's UserSig. */
  sdkAppId: number;
  /** The request body, already known to be a JSON object. */
  body: Readonly<Record<string, unknown>>;
  world: World;
}

export interface LiveFamily {
  /** By the command's name under /v4/live_engine_http_pk/. */
  commands: Readonly<Record<string, LiveCommandDef>>;
}

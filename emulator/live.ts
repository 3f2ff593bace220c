// The Live engine REST API ("Create Battle" and its siblings): POST /v4/live_engine_http_pk/<command>?sdkappid=&
// identifier=&usersig=&random=&contenttype=json. Checks, in order: the URL's parameters, the app
// admin's UserSig (signature with the application's key, app, user, expiry), admin permission,
// injected faults, the 200 calls/s limit per application, the JSON body; then the command. Every
// call is answered HTTP 200 with the ErrorCode/ActionStatus envelope (except injected transport
// failures) and logged. Error codes are the REST API's common ones (60000-79999) and the commands'.
import { randomUUID } from "node:crypto";
import { type Handled, type HttpAnswer, type NoAnswer, type Result, transportFailure } from "./api";
import { ApiError, LiveApiError } from "./errors";
import type { LiveCommandDef } from "./family";
import { liveFamilies } from "./handlers";
import { isRecord, parseJsonBody } from "./json";
import type { RequestLogEntry } from "./gateway/requestLog";
import type { EmulatorState } from "./state";
import { type UserSigCheck, verifyUserSig } from "./usersig";

export const LIVE_PREFIX = "/v4/live_engine_http_pk/";

const COMMANDS: ReadonlyMap<string, LiveCommandDef> = new Map(liveFamilies.flatMap((family) => Object.entries(family.commands)));

/** The REST API's account error codes for a UserSig that does not verify. */
const USERSIG_CODES: Record<Exclude<UserSigCheck, { ok: true }>["reason"], number> = {
  expired: 70001,
  malformed: 70003,
  "bad-signature": 70009,
  "wrong-user": 70013,
  "wrong-app": 70014,
};

const MAX_RANDOM = 4294967295;

export interface LiveHttpRequest {
  method: string;
  /** The command: the path after LIVE_PREFIX. */
  command: string;
  query: URLSearchParams;
  body: Buffer;
}

/** Who is calling: the application, once its admin's UserSig and the URL's parameters check out. */
function authenticate(state: EmulatorState, query: URLSearchParams): number {
  const sdkappid = query.get("sdkappid");
  if (!sdkappid) throw new LiveApiError(60012, "The REST API requires sdkappid in the URL.");
  const sdkAppId = Number(sdkappid);
  const key = /^[1-9]\d*$/.test(sdkappid) ? state.world.appKey(sdkAppId) : undefined;
  if (key === undefined) throw new LiveApiError(60006, `SDKAppID ${sdkappid} is not valid: the emulator has no such application.`);
  const identifier = query.get("identifier");
  const usersig = query.get("usersig");
  if (!identifier || !usersig) throw new LiveApiError(60004, "The URL must carry the admin's identifier and usersig.");
  const check = verifyUserSig(usersig, sdkAppId, identifier, key, Math.floor(state.world.clock.systemNow() / 1000));
  if (!check.ok) throw new LiveApiError(USERSIG_CODES[check.reason], `The usersig of ${identifier} does not verify (${check.reason}).`);
  if (!state.gateway.adminUserIds.includes(identifier)) throw new LiveApiError(60010, `${identifier} is not an App admin; the request requires App admin permissions.`);
  const random = query.get("random") ?? "";
  if (!/^\d{1,10}$/.test(random) || Number(random) > MAX_RANDOM) {
    throw new LiveApiError(60002, `random must be a 32-bit unsigned integer (0 to ${MAX_RANDOM}); got ${JSON.stringify(random)}.`);
  }
  if (query.get("contenttype")?.toLowerCase() !== "json") throw new LiveApiError(60002, "contenttype must be json.");
  return sdkAppId;
}

function execute(state: EmulatorState, req: LiveHttpRequest, action: string): Result {
  if (req.method !== "POST") throw new LiveApiError(60002, "The REST API takes POST requests.");
  const def = COMMANDS.get(req.command);
  if (!def) throw new LiveApiError(60009, `There is no command ${req.command}; check the request URL.`);
  const sdkAppId = authenticate(state, req.query);
  const { world, gateway } = state;
  const fault = gateway.faults.take(action);
  if (fault?.connection) return { connection: fault.connection };
  if (fault?.httpStatus !== undefined) return { httpStatus: fault.httpStatus };
  if (fault) {
    // ErrorCodes are numbers here; a fault armed with another code is an internal error.
    const code = Number(fault.code);
    throw new LiveApiError(Number.isInteger(code) ? code : 100001, fault.message ?? `Injected fault ${fault.code}.`);
  }
  if (!gateway.liveLimiter.tryAcquire(String(sdkAppId))) {
    throw new LiveApiError(60007, `More than ${gateway.liveLimiter.limit} REST API calls in one second.`);
  }
  const body = parseJsonBody(req.body);
  if (!isRecord(body)) throw new LiveApiError(60003, "The request body is not a JSON object.");
  try {
    return { fields: def.handle({ sdkAppId, body, world }) };
  } catch (err) {
    // The shared parameter checks speak TRTC API 3.0; here a bad parameter is the commands' 100002.
    if (err instanceof ApiError) throw new LiveApiError(100002, err.message);
    throw err;
  }
}

export function handleLiveRequest(state: EmulatorState, req: LiveHttpRequest): Handled {
  const requestId = randomUUID();
  const action = `live_engine_http_pk/${req.command}`;
  const entry: RequestLogEntry = { time: state.world.clock.now(), requestId, action, region: "", params: parseJsonBody(req.body), outcome: "ok" };
  let answer: HttpAnswer | NoAnswer;
  try {
    const result = execute(state, req, action);
    answer =
      "fields" in result
        ? envelope({ ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "", RequestId: requestId, Response: result.fields })
        : transportFailure(entry, result);
  } catch (err) {
    // Anything but a LiveApiError is an emulator bug; answer it as the commands' internal error.
    const error = err instanceof LiveApiError ? err : new LiveApiError(100001, `Emulator error: ${String(err)}`);
    entry.outcome = String(error.code);
    answer = envelope({ ActionStatus: "FAIL", ErrorCode: error.code, ErrorInfo: error.message, RequestId: requestId });
  }
  state.gateway.requests.add(entry);
  return { answer, entry };
}

function envelope(body: Record<string, unknown>): HttpAnswer {
  return { status: 200, contentType: "application/json", body: JSON.stringify(body) };
}

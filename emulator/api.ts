// The TRTC API 3.0 endpoint: authentication, action lookup, injected faults, rate limiting and
// region checks, then the family handler. Every call is answered HTTP 200 with the documented
// envelope (except injected transport failures) and logged.
import { randomUUID } from "node:crypto";
import { STATUS_CODES } from "node:http";
import { ACTIONS } from "./actions";
import { ApiError, missingParameter } from "./errors";
import type { ActionDef } from "./family";
import type { FaultConnection } from "./gateway/faults";
import type { RequestLogEntry } from "./gateway/requestLog";
import { isRecord, parseJsonBody } from "./json";
import type { EmulatorState } from "./state";
import { headerValue, type SignedRequest, tokenFailure, verifyTc3 } from "./tc3";

export const API_VERSION = "2019-07-22";
/** The documented cap on a TC3-signed POST body. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface ApiRequest extends SignedRequest {
  body: Buffer;
  /** The body went past MAX_BODY_BYTES and was not kept. */
  oversized: boolean;
}

export interface HttpAnswer {
  status: number;
  contentType: string;
  body: string;
  /** An injected "cut": only this many characters of the body are sent before the connection closes. */
  cutAfter?: number;
}

function resolveAction(action: string | undefined, version: string | undefined): ActionDef {
  if (!action) throw new ApiError("MissingParameter", "The header X-TC-Action is missing.");
  if (!version) throw new ApiError("MissingParameter", "The header X-TC-Version is missing.");
  const def = ACTIONS.get(action);
  if (!def) throw new ApiError("InvalidAction", `The action ${action} does not exist.`);
  if (version !== API_VERSION) throw new ApiError("NoSuchVersion", `The version ${version} does not exist; TRTC is ${API_VERSION}.`);
  return def;
}

/** What a call produced: Response fields, or an injected transport failure. */
export type Result = { fields: Record<string, unknown> } | TransportFailure;
/** A TRTC API 3.0 call may also produce a stream's events. */
type ApiResult = Result | { events: Record<string, unknown>[] } | Cut;
/** An answer an injected "cut" sends only the first half of. */
type Cut = { cut: { fields: Record<string, unknown> } | { events: Record<string, unknown>[] } };
type TransportFailure = { httpStatus: number } | NoAnswer;

/** An injected transport failure as the client meets it (a plain-text status, or no answer at all), logged. */
export function transportFailure(entry: RequestLogEntry, failure: TransportFailure): HttpAnswer | NoAnswer {
  if ("connection" in failure) {
    entry.outcome = NO_ANSWER_OUTCOME[failure.connection];
    return failure;
  }
  entry.outcome = `HTTP ${failure.httpStatus}`;
  return { status: failure.httpStatus, contentType: "text/plain", body: STATUS_CODES[failure.httpStatus] ?? "Error" };
}

/** Everything after the body was read, in the gateway's order; throws ApiError. Fills in the log entry's SecretId. */
function execute(state: EmulatorState, req: ApiRequest, entry: RequestLogEntry): ApiResult {
  if (req.oversized) throw new ApiError("RequestSizeLimitExceeded", `The request body exceeds ${MAX_BODY_BYTES} bytes.`);
  if (req.method !== "POST") throw new ApiError("UnsupportedProtocol", "The emulator accepts POST requests with a JSON body only.");
  const { world, gateway } = state;
  const auth = verifyTc3(req, (id) => gateway.secretKey(id), world.clock.systemNow());
  if (!auth.ok) throw new ApiError(auth.code, auth.message);
  const badToken = tokenFailure(gateway.token(auth.secretId), req);
  if (badToken) throw new ApiError(badToken.code, badToken.message);
  entry.secretId = auth.secretId;

  const { action, region, params } = entry;
  const def = resolveAction(action, headerValue(req.headers, "x-tc-version"));
  const run = (): ApiResult => {
    const rate = def.rate ?? { calls: gateway.limiter.limit, perSeconds: 1 };
    if (!gateway.limiter.tryAcquire(`${auth.secretId}\n${action}`, rate)) {
      const window = rate.perSeconds === 1 ? "one second" : `${rate.perSeconds} seconds`;
      throw new ApiError("RequestLimitExceeded", `More than ${rate.calls} ${action} requests in ${window}.`);
    }
    if (def.regions !== "any") {
      if (!region) throw missingParameter("Region");
      if (!def.regions.includes(region)) throw new ApiError("UnsupportedRegion", `${action} does not support region ${region}.`);
    }
    if (!isRecord(params)) throw new ApiError("InvalidParameter.BodyParamsError", "The request body is not a JSON object.");
    const fields = def.handle({ action, region, params, world });
    return def.answers === "events" ? { events: fields.Events as Record<string, unknown>[] } : { fields };
  };
  const fault = gateway.faults.take(action);
  if (!fault) return run();
  if (fault.connection === "cut") return { cut: run() as Cut["cut"] };
  if (fault.runFirst) entry.ran = outcomeOf(run);
  if (fault.connection) return { connection: fault.connection };
  if (fault.httpStatus !== undefined) return { httpStatus: fault.httpStatus };
  throw new ApiError(fault.code ?? "InternalError", fault.message ?? "Injected fault.");
}

/** Runs a call whose answer a fault replaces, for the log: "ok" or the error code it would have answered. */
function outcomeOf(run: () => ApiResult): string {
  try {
    run();
    return "ok";
  } catch (err) {
    if (err instanceof ApiError) return err.code;
    throw err;
  }
}

/** A call the emulator does not answer: the server closes the connection, or holds it until the client gives up. */
export interface NoAnswer {
  connection: FaultConnection;
}

const NO_ANSWER_OUTCOME: Readonly<Record<FaultConnection, string>> = { drop: "dropped", hang: "held unanswered", cut: "cut off mid-answer" };

/** A call as answered, and as logged. */
export interface Handled {
  answer: HttpAnswer | NoAnswer;
  entry: RequestLogEntry;
}

export function handleApiRequest(state: EmulatorState, req: ApiRequest): Handled {
  const requestId = randomUUID();
  const entry: RequestLogEntry = {
    time: state.world.clock.now(),
    requestId,
    action: headerValue(req.headers, "x-tc-action") ?? "",
    region: headerValue(req.headers, "x-tc-region") ?? "",
    params: req.oversized ? undefined : parseJsonBody(req.body),
    outcome: "ok",
  };
  let answer: HttpAnswer | NoAnswer;
  try {
    const result = execute(state, req, entry);
    if ("cut" in result) {
      answer = cutHalfway(answerOf(result.cut, requestId));
      entry.outcome = NO_ANSWER_OUTCOME.cut;
    } else if ("fields" in result || "events" in result) answer = answerOf(result, requestId);
    else answer = transportFailure(entry, result);
  } catch (err) {
    // Anything but an ApiError is an emulator bug; answer it the way the service reports its own.
    const error = err instanceof ApiError ? err : new ApiError("InternalError", `Emulator error: ${String(err)}`);
    entry.outcome = error.code;
    answer = envelope({ Error: { Code: error.code, Message: error.message }, RequestId: requestId });
  }
  state.gateway.requests.add(entry);
  return { answer, entry };
}

function answerOf(result: Cut["cut"], requestId: string): HttpAnswer {
  return "fields" in result ? envelope({ ...result.fields, RequestId: requestId }) : eventStream(result.events, requestId);
}

/** The answer's first half: a stream's first half of events, whole, or half a JSON body. */
function cutHalfway(answer: HttpAnswer): HttpAnswer {
  const ends = [...answer.body.matchAll(/\n\n/g)].map((m) => m.index + 2);
  const cutAfter = answer.contentType === "text/event-stream" && ends.length > 1 ? ends[Math.floor(ends.length / 2) - 1]! : Math.floor(answer.body.length / 2);
  return { ...answer, cutAfter };
}

/** A streaming API's answer: one `data:` event per member of `events`, each naming the request. */
function eventStream(events: Record<string, unknown>[], requestId: string): HttpAnswer {
  return { status: 200, contentType: "text/event-stream", body: events.map((event) => `data: ${JSON.stringify({ ...event, RequestId: requestId })}\n\n`).join("") };
}

function envelope(response: Record<string, unknown>): HttpAnswer {
  return { status: 200, contentType: "application/json", body: JSON.stringify({ Response: response }) };
}

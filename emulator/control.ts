// The test control surface under /_emulator/: plain JSON, no signature, kept apart from the
// TRTC API so nothing here can be mistaken for a TRTC action.
import { isRecord, parseJsonBody } from "./json";
import type { Fault, FaultConnection } from "./gateway/faults";
import type { EmulatorState } from "./state";

export const CONTROL_PREFIX = "/_emulator/";
/** Generated calls per hour an application may be given: enough for 10,000-row lookups in a few hours. */
const MAX_ROOMS_PER_HOUR = 10_000;

export interface ControlAnswer {
  status: number;
  body: unknown;
}

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function optional<T>(body: Record<string, unknown>, name: string, is: (v: unknown) => v is T, expected: string): T | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (!is(value)) throw new ControlError(400, `${name} must be ${expected}`);
  return value;
}

function required<T>(body: Record<string, unknown>, name: string, is: (v: unknown) => v is T, expected: string): T {
  const value = optional(body, name, is, expected);
  if (value === undefined) throw new ControlError(400, `${name} is required`);
  return value;
}

const isString = (v: unknown): v is string => typeof v === "string" && v !== "";
const isInteger = (v: unknown): v is number => Number.isInteger(v);
const isPositiveInteger = (v: unknown): v is number => isInteger(v) && v > 0;
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isBoolean = (v: unknown): v is boolean => typeof v === "boolean";
const isRoomId = (v: unknown): v is number | string => isPositiveInteger(v) || isString(v);

/** `{sdkAppId, roomId, userId}`: a number roomId is an integer room, a string one a string room. */
function readPresence(body: Record<string, unknown>): [sdkAppId: number, roomId: number | string, userId: string] {
  return [
    required(body, "sdkAppId", isPositiveInteger, "a positive integer"),
    required(body, "roomId", isRoomId, "a positive integer (integer room) or a non-empty string (string room)"),
    required(body, "userId", isString, "a non-empty string"),
  ];
}

const isConnection = (v: unknown): v is FaultConnection => v === "drop" || v === "hang";

function readFault(body: Record<string, unknown>): Fault {
  const action = optional(body, "action", isString, "a non-empty string");
  const code = optional(body, "code", isString, "a non-empty string");
  const message = optional(body, "message", isString, "a non-empty string");
  const httpStatus = optional(body, "httpStatus", isInteger, "an integer");
  const connection = optional(body, "connection", isConnection, '"drop" or "hang"');
  const runFirst = optional(body, "runFirst", isBoolean, "a boolean");
  const count = optional(body, "count", isInteger, "an integer") ?? 1;
  if (action === undefined) throw new ControlError(400, "action is required");
  if ([code, httpStatus, connection].filter((v) => v !== undefined).length !== 1) {
    throw new ControlError(400, "give one of code, httpStatus or connection");
  }
  if (httpStatus !== undefined && (httpStatus < 400 || httpStatus > 599)) throw new ControlError(400, "httpStatus must be within [400, 599]");
  if (count < 1) throw new ControlError(400, "count must be at least 1");
  return {
    action,
    count,
    ...(code && { code }),
    ...(message && { message }),
    ...(httpStatus !== undefined && { httpStatus }),
    ...(connection && { connection }),
    ...(runFirst && { runFirst }),
  };
}

function route(state: EmulatorState, method: string, path: string, body: Record<string, unknown>): unknown {
  const key = `${method} ${path.slice(CONTROL_PREFIX.length)}`;
  const endTask = /^POST tasks\/([^/]+)\/end$/.exec(key);
  if (endTask) {
    const task = state.tasks.get(decodeURIComponent(endTask[1]));
    if (!task) throw new ControlError(404, "no such task");
    if (task.status !== "InProgress") throw new ControlError(409, "the task has already ended");
    state.tasks.end(task, "finished");
    return { task };
  }
  // Changes made elsewhere (the console's material management), which refresh must see as drift.
  const picture = /^(POST|DELETE) pictures\/(\d+)$/.exec(key);
  if (picture) {
    const found = state.pictures.list().find((p) => p.pictureId === Number(picture[2]));
    if (!found) throw new ControlError(404, "no such picture");
    if (picture[1] === "DELETE") {
      state.pictures.delete(found);
      return { pictures: state.pictures.list() };
    }
    const measure = (name: string) => optional(body, name, (v): v is number => isInteger(v) && v >= 0, "a non-negative integer");
    return { picture: state.pictures.modify(found, { height: measure("height"), width: measure("width"), xPosition: measure("xPosition"), yPosition: measure("yPosition") }) };
  }
  switch (key) {
    case "GET pictures":
      return { pictures: state.pictures.list() };
    case "GET tasks":
      return { tasks: state.tasks.list() };
    case "POST faults":
      state.faults.add(readFault(body));
      return { faults: state.faults.list() };
    case "POST clock": {
      const advanceSeconds = optional(body, "advanceSeconds", isNumber, "a number");
      const freeze = optional(body, "freeze", isBoolean, "a boolean");
      if (freeze === true) state.clock.freeze();
      if (freeze === false) state.clock.unfreeze();
      if (advanceSeconds !== undefined) state.clock.advance(advanceSeconds * 1000);
      return { now: state.clock.now(), frozen: state.clock.frozen };
    }
    case "GET rooms":
      return { rooms: state.occupancy() };
    case "POST rooms/join":
      if (!state.rooms.join(...readPresence(body))) throw new ControlError(409, "the user is already in the room");
      return { rooms: state.occupancy() };
    case "POST rooms/leave":
      if (!state.rooms.leave(...readPresence(body))) throw new ControlError(409, "the user is not in the room");
      return { rooms: state.occupancy() };
    case "POST history": {
      const sdkAppId = required(body, "sdkAppId", isPositiveInteger, "a positive integer");
      const roomsPerHour = optional(body, "roomsPerHour", isInteger, "an integer");
      const seed = optional(body, "seed", isInteger, "an integer");
      if (roomsPerHour !== undefined && (roomsPerHour < 0 || roomsPerHour > MAX_ROOMS_PER_HOUR)) {
        throw new ControlError(400, `roomsPerHour must be within [0, ${MAX_ROOMS_PER_HOUR}]`);
      }
      return { history: state.history.set(sdkAppId, { ...(roomsPerHour !== undefined && { roomsPerHour }), ...(seed !== undefined && { seed }) }) };
    }
    case "GET battles":
      return { battles: state.battles.list().map((battle) => ({ ...battle, running: state.battles.running(battle) })) };
    case "GET requests":
      return { requests: state.requests.list() };
    case "DELETE requests":
      state.requests.clear();
      return {};
    case "POST reset":
      state.reset();
      return {};
    default:
      throw new ControlError(404, `no control route ${method} ${path}`);
  }
}

export function handleControlRequest(state: EmulatorState, method: string, path: string, rawBody: Buffer): ControlAnswer {
  try {
    const body = parseJsonBody(rawBody);
    if (!isRecord(body)) throw new ControlError(400, "the body must be a JSON object");
    return { status: 200, body: route(state, method, path, body) };
  } catch (err) {
    if (err instanceof ControlError) return { status: err.status, body: { error: err.message } };
    throw err;
  }
}

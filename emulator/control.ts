// The test control surface under /_emulator/: plain JSON, no signature, kept apart from the
// TRTC API so nothing here can be mistaken for a TRTC action.
import { isRecord, parseJsonBody } from "./json";
import type { Fault, FaultConnection } from "./gateway/faults";
import { MANIFEST } from "./package";
import type { EmulatorState } from "./state";
import type { AppObject, ObjectStore } from "./world/objects";

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

const isConnection = (v: unknown): v is FaultConnection => v === "drop" || v === "hang" || v === "cut";

function readFault(body: Record<string, unknown>): Fault {
  const action = optional(body, "action", isString, "a non-empty string");
  const code = optional(body, "code", isString, "a non-empty string");
  const message = optional(body, "message", isString, "a non-empty string");
  const httpStatus = optional(body, "httpStatus", isInteger, "an integer");
  const connection = optional(body, "connection", isConnection, '"drop", "hang" or "cut"');
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

/** One control route: `path` is under CONTROL_PREFIX, `<id>` standing for one URL-encoded segment. */
export interface ControlRoute {
  method: "GET" | "POST" | "DELETE";
  path: string;
  /** One line for `trtc-local --help`. */
  summary: string;
  handle(state: EmulatorState, body: Record<string, unknown>, ids: string[]): unknown;
}

export const CONTROL_ROUTES: readonly ControlRoute[] = [
  { method: "GET", path: "health", summary: "status, version, applications, task, room and battle counts", handle: (state) => health(state) },
  { method: "GET", path: "tasks", summary: "every task with its parameters, current settings and commands", handle: (state) => ({ tasks: state.tasks.list() }) },
  {
    method: "POST",
    path: "tasks/<id>/end",
    summary: "end a running task as if it finished on its own",
    handle: (state, _body, [taskId]) => {
      const task = state.tasks.get(taskId!);
      if (!task) throw new ControlError(404, "no such task");
      if (task.status !== "InProgress") throw new ControlError(409, "the task has already ended");
      state.tasks.end(task, "finished");
      return { task };
    },
  },
  {
    method: "POST",
    path: "faults",
    summary: "{action, code | httpStatus | connection, message, runFirst, count}: fail the next calls of an action",
    handle: (state, body) => {
      state.faults.add(readFault(body));
      return { faults: state.faults.list() };
    },
  },
  {
    method: "POST",
    path: "clock",
    summary: "{advanceSeconds, freeze}: move the emulator's clock on, hold it still or let it run",
    handle: (state, body) => {
      const advanceSeconds = optional(body, "advanceSeconds", isNumber, "a number");
      const freeze = optional(body, "freeze", isBoolean, "a boolean");
      if (freeze === true) state.clock.freeze();
      if (freeze === false) state.clock.unfreeze();
      if (advanceSeconds !== undefined) state.clock.advance(advanceSeconds * 1000);
      return { now: state.clock.now(), frozen: state.clock.frozen };
    },
  },
  { method: "GET", path: "rooms", summary: "rooms with an anchor or a running task: users, anchors, tasks, who is blocked", handle: (state) => ({ rooms: state.occupancy() }) },
  {
    method: "POST",
    path: "rooms/join",
    summary: "{sdkAppId, roomId, userId}: a user enters a room (a number roomId is an integer room)",
    handle: (state, body) => {
      if (!state.rooms.join(...readPresence(body))) throw new ControlError(409, "the user is already in the room");
      return { rooms: state.occupancy() };
    },
  },
  {
    method: "POST",
    path: "rooms/leave",
    summary: "{sdkAppId, roomId, userId}: the user leaves",
    handle: (state, body) => {
      if (!state.rooms.leave(...readPresence(body))) throw new ControlError(409, "the user is not in the room");
      return { rooms: state.occupancy() };
    },
  },
  {
    method: "POST",
    path: "history",
    summary: "{sdkAppId, roomsPerHour, seed}: how much call history the lookups report for an application",
    handle: (state, body) => {
      const sdkAppId = required(body, "sdkAppId", isPositiveInteger, "a positive integer");
      const roomsPerHour = optional(body, "roomsPerHour", isInteger, "an integer");
      const seed = optional(body, "seed", isInteger, "an integer");
      if (roomsPerHour !== undefined && (roomsPerHour < 0 || roomsPerHour > MAX_ROOMS_PER_HOUR)) {
        throw new ControlError(400, `roomsPerHour must be within [0, ${MAX_ROOMS_PER_HOUR}]`);
      }
      return { history: state.history.set(sdkAppId, { ...(roomsPerHour !== undefined && { roomsPerHour }), ...(seed !== undefined && { seed }) }) };
    },
  },
  {
    method: "GET",
    path: "battles",
    summary: "battles of the Live engine REST API, running or ended",
    handle: (state) => ({ battles: state.battles.list().map((battle) => ({ ...battle, running: state.battles.running(battle) })) }),
  },
  ...objectRoutes("pictures", (state) => state.world.pictures, "{height, width, xPosition, yPosition}", (body) => {
    const measure = (name: string) => optional(body, name, (v): v is number => isInteger(v) && v >= 0, "a non-negative integer");
    return { height: measure("height"), width: measure("width"), xPosition: measure("xPosition"), yPosition: measure("yPosition") };
  }),
  ...objectRoutes("vocabularies", (state) => state.world.vocabularies, "{name, description, state}", (body) => ({
    name: optional(body, "name", isString, "a non-empty string"),
    description: optional(body, "description", (v): v is string => typeof v === "string", "a string"),
    state: optional(body, "state", (v): v is number => v === 0 || v === 1, "0 or 1"),
  })),
  { method: "GET", path: "requests", summary: "every call answered: action, region, parameters, outcome", handle: (state) => ({ requests: state.requests.list() }) },
  {
    method: "DELETE",
    path: "requests",
    summary: "forget the calls answered so far",
    handle: (state) => {
      state.requests.clear();
      return {};
    },
  },
  {
    method: "POST",
    path: "reset",
    summary: "back to a fresh start (credentials, applications and options stay)",
    handle: (state) => {
      state.reset();
      return {};
    },
  },
];

/**
 * The control routes of one kind of configuration object: list them, and change or delete one as
 * the console would, outside any stack (what refresh must see as drift).
 */
function objectRoutes<Id extends number | string, R extends AppObject<Id>>(
  path: string,
  store: (state: EmulatorState) => ObjectStore<Id, R>,
  members: string,
  read: (body: Record<string, unknown>) => Partial<Omit<R, "id" | "sdkAppId">>,
): ControlRoute[] {
  const named = (state: EmulatorState, id: string) => {
    const found = store(state).list().find((o) => String(o.id) === id);
    if (!found) throw new ControlError(404, `no such object in ${path}`);
    return found;
  };
  return [
    { method: "GET", path, summary: `every application's ${path}`, handle: (state) => ({ [path]: store(state).list() }) },
    {
      method: "POST",
      path: `${path}/<id>`,
      summary: `${members}: change one as the console would, outside any stack`,
      handle: (state, body, [id]) => ({ changed: store(state).modify(named(state, id!), read(body)) }),
    },
    {
      method: "DELETE",
      path: `${path}/<id>`,
      summary: "delete one as the console would, outside any stack",
      handle: (state, _body, [id]) => {
        store(state).delete(named(state, id!));
        return { [path]: store(state).list() };
      },
    },
  ];
}

/** Each route's path as a pattern, `<id>` matching one segment. */
const MATCHERS = CONTROL_ROUTES.map((r) => ({ route: r, pattern: new RegExp(`^${r.path.replace(/<id>/g, "([^/]+)")}$`) }));

function route(state: EmulatorState, method: string, path: string, body: Record<string, unknown>): unknown {
  const rest = path.slice(CONTROL_PREFIX.length);
  for (const { route: r, pattern } of MATCHERS) {
    const match = r.method === method ? pattern.exec(rest) : null;
    if (match) return r.handle(state, body, match.slice(1).map(decodeURIComponent));
  }
  throw new ControlError(404, `no control route ${method} ${path}`);
}

/** `GET /_emulator/health`: for scripts waiting on the emulator and people checking on it. */
export interface EmulatorHealth {
  status: "ok";
  /** The pulumi-trtc version serving. */
  version: string;
  /** The account's applications (SDKAppIDs). */
  apps: number[];
  tasks: { running: number; ended: number };
  /** Rooms with an anchor in them or a task running. */
  rooms: number;
  /** Battles running now. */
  battles: number;
}

/** Only what the state says (no uptime, no time), so a restarted emulator answers as one that never stopped. */
function health(state: EmulatorState): EmulatorHealth {
  const tasks = state.tasks.list();
  const running = tasks.filter((t) => t.status === "InProgress").length;
  return {
    status: "ok",
    version: MANIFEST.version,
    apps: state.world.sdkAppIds(),
    tasks: { running, ended: tasks.length - running },
    rooms: state.occupancy().length,
    battles: state.battles.list().filter((b) => state.battles.running(b)).length,
  };
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

// The emulator's HTTP server: `POST /` is the TRTC API, `/v4/live_engine_http_pk/...` the Live
// engine REST API, `/_emulator/...` the test control surface.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { LIVE_RATE, TRTC_RATE } from "./actions";
import { handleApiRequest, type Handled, type HttpAnswer, MAX_BODY_BYTES, type NoAnswer } from "./api";
import { CONTROL_PREFIX, handleControlRequest } from "./control";
import { DataDir } from "./dataDir";
import type { RequestLogEntry } from "./gateway/requestLog";
import { handleLiveRequest, LIVE_PREFIX } from "./live";
import type { TemporaryKey } from "./gateway";
import { EmulatorState } from "./state";
import { DEFAULT_HISTORY, type HistoryVolume } from "./world/history";

export const DEFAULT_SECRET_ID = "AKIDtrtclocalEmulatorKey";
export const DEFAULT_SECRET_KEY = "trtc-local-secret-key";
export const DEFAULT_CREDENTIALS: Readonly<Record<string, string>> = Object.freeze({ [DEFAULT_SECRET_ID]: DEFAULT_SECRET_KEY });
export const DEFAULT_HOST = "127.0.0.1";
/** trtc-local's port unless told otherwise: fixed, so the endpoint in a stack's config stays right across restarts. */
export const DEFAULT_PORT = 7722;
/** The application the examples and tests use, and its secret key (for UserSigs and the Live REST API's admin sig). */
export const DEFAULT_SDK_APP_ID = 1400000001;
export const DEFAULT_APP_KEY = "trtc-local-app-secret-key";
export const DEFAULT_APP_KEYS: Readonly<Record<string, string>> = Object.freeze({ [DEFAULT_SDK_APP_ID]: DEFAULT_APP_KEY });
/** The admin account every Chat application is created with, accepted by the Live engine REST API. */
export const DEFAULT_ADMIN_USER_IDS: readonly string[] = Object.freeze(["administrator"]);
/** TRTC's documented per-API limit. */
export const DEFAULT_REQUESTS_PER_SECOND = TRTC_RATE.calls;
/** The Live engine REST API's documented limit. */
export const DEFAULT_LIVE_REQUESTS_PER_SECOND = LIVE_RATE.calls;
export const DEFAULT_MEDIA_DURATION_SECONDS = 3600;
/** Generous, so only tests that lower it meet FailedOperation.RestrictedConcurrency. */
export const DEFAULT_MAX_CONCURRENT_RECORDINGS = 100;

export interface EmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** SecretId to SecretKey, or to a temporary key and the session token its calls must carry (X-TC-Token). */
  credentials?: Readonly<Record<string, string | TemporaryKey>>;
  /** SDKAppID to the application's secret key, which UserSigs are signed with. */
  appKeys?: Readonly<Record<string, string>>;
  /** App admin accounts (the `identifier` of Live engine REST API calls), the same for every application. */
  adminUserIds?: readonly string[];
  /** Per action and SecretId, in any rolling second of the emulator clock. */
  requestsPerSecond?: number;
  /** Live engine REST API calls per application, in any rolling second of the emulator clock. */
  liveRequestsPerSecond?: number;
  /** How long every media source plays once. */
  mediaDurationSeconds?: number;
  /** Skews the emulator's system clock from real time, e.g. to provoke SignatureExpire. */
  clockOffsetMs?: number;
  /** Running cloud recordings allowed per SdkAppId; past it CreateCloudRecording answers FailedOperation.RestrictedConcurrency. */
  maxConcurrentRecordings?: number;
  /**
   * Answer StartAIConversation as its API page reads, with LLMConfig and TTSConfig optional, rather
   * than as the SDK's models, which require them (docs/parity.md).
   */
  aiConfigsOptional?: boolean;
  /** Generated call history per application (the control surface's `POST history` sets it per SDKAppID). */
  history?: Partial<HistoryVolume>;
  /**
   * A directory to keep the state in (tasks, rooms, history settings, battles, the clock, rate
   * windows, armed faults): restored on start, saved after every call that changed it and on close.
   */
  dataDir?: string;
  /** Told of every TRTC API and Live engine REST API call once it is answered; `latencyMs` from its arrival. */
  onRequest?: (entry: RequestLogEntry, latencyMs: number) => void;
}

export interface RunningEmulator {
  /** e.g. "http://127.0.0.1:4000": the endpoint to give a TRTC client. */
  url: string;
  port: number;
  /** The live in-process state, for tests. */
  state: EmulatorState;
  /** Whether the state came from `dataDir`, saved there by an earlier run. */
  restored: boolean;
  close(): Promise<void>;
}

interface Body {
  bytes: Buffer;
  oversized: boolean;
}

/** Reads the whole body, keeping at most MAX_BODY_BYTES so a huge upload cannot exhaust memory. */
async function readBody(req: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size <= MAX_BODY_BYTES) chunks.push(buf);
  }
  return { bytes: Buffer.concat(chunks), oversized: size > MAX_BODY_BYTES };
}

function reply(req: IncomingMessage, res: ServerResponse, answer: HttpAnswer | NoAnswer): void {
  if (!("connection" in answer)) {
    res.writeHead(answer.status, { "content-type": answer.contentType });
    if (answer.cutAfter === undefined) res.end(answer.body);
    // Sent, then the connection lost: the client reads a body that stops short.
    else res.write(answer.body.slice(0, answer.cutAfter), () => req.socket.destroy());
  }
  // An injected lost answer: a held one stays open until the client closes it (or the server does on close()).
  else if (answer.connection !== "hang") req.socket.destroy();
}

/** What a server does around every call besides answering it. */
interface Hooks {
  dataDir: DataDir | undefined;
  onRequest: EmulatorOptions["onRequest"];
}

async function serve(state: EmulatorState, hooks: Hooks, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const arrived = performance.now();
  const url = new URL(req.url ?? "/", "http://emulator");
  const method = req.method ?? "GET";
  const body = await readBody(req);
  // Saved before the answer leaves, so a caller that has its answer finds it after a restart.
  const handled = (call: Handled): HttpAnswer | NoAnswer => {
    hooks.dataDir?.save(state);
    hooks.onRequest?.(call.entry, performance.now() - arrived);
    return call.answer;
  };

  if (url.pathname.startsWith(CONTROL_PREFIX)) {
    const answer = handleControlRequest(state, method, url.pathname, body.bytes);
    hooks.dataDir?.save(state);
    res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
  } else if (url.pathname === "/") {
    const call = handleApiRequest(state, {
      method,
      path: url.pathname,
      query: url.search.slice(1),
      headers: req.headers,
      body: body.bytes,
      oversized: body.oversized,
    });
    reply(req, res, handled(call));
  } else if (url.pathname.startsWith(LIVE_PREFIX)) {
    const command = url.pathname.slice(LIVE_PREFIX.length);
    reply(req, res, handled(handleLiveRequest(state, { method, command, query: url.searchParams, body: body.bytes })));
  } else {
    res.writeHead(404, { "content-type": "text/plain" }).end("Not Found");
  }
}

/** The base URL of an emulator listening on `host` (an IPv6 address in brackets) and `port`. */
export function emulatorUrl(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const state = new EmulatorState({
    credentials: options.credentials ?? DEFAULT_CREDENTIALS,
    appKeys: options.appKeys ?? DEFAULT_APP_KEYS,
    adminUserIds: options.adminUserIds ?? DEFAULT_ADMIN_USER_IDS,
    requestsPerSecond: options.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND,
    liveRequestsPerSecond: options.liveRequestsPerSecond ?? DEFAULT_LIVE_REQUESTS_PER_SECOND,
    mediaDurationSeconds: options.mediaDurationSeconds ?? DEFAULT_MEDIA_DURATION_SECONDS,
    clockOffsetMs: options.clockOffsetMs ?? 0,
    maxConcurrentRecordings: options.maxConcurrentRecordings ?? DEFAULT_MAX_CONCURRENT_RECORDINGS,
    aiConfigsOptional: options.aiConfigsOptional ?? false,
    history: { ...DEFAULT_HISTORY, ...options.history },
  });
  const dataDir = options.dataDir === undefined ? undefined : new DataDir(options.dataDir);
  const restored = dataDir?.load(state) ?? false;
  const hooks: Hooks = { dataDir, onRequest: options.onRequest };
  const server = createServer((req, res) => {
    serve(state, hooks, req, res).catch((err: unknown) => {
      // A broken connection or an emulator bug; TRTC API errors are answered in their envelope.
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(err));
    });
  });
  const host = options.host ?? DEFAULT_HOST;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: emulatorUrl(host, port),
    port,
    state,
    restored,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Changes made on `state` directly (tests do) reach the file here at the latest.
        dataDir?.save(state);
        server.close((err) => (err ? reject(err) : resolve()));
        // Clients keep connections alive; without this close() waits for them to time out.
        server.closeAllConnections();
      }),
  };
}

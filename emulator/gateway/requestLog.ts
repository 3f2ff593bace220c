// Every call the gateway answered, for tests and the control surface.

export interface RequestLogEntry {
  time: number;
  requestId: string;
  /** The TRTC API 3.0 action, or `live_engine_http_pk/<command>` for the Live engine REST API. */
  action: string;
  /** Empty for the Live engine REST API, which has none. */
  region: string;
  secretId?: string;
  /** The parsed JSON body; undefined when it was not JSON. */
  params: unknown;
  /**
   * "ok", the error code answered, "HTTP <status>" for an injected transport failure, or for an
   * injected lost answer "dropped" (connection closed) or "held unanswered" (until the client gave up).
   */
  outcome: string;
  /** For a fault injected after the call ran: what the call itself came to ("ok" or its error code). */
  ran?: string;
}

/** Bounded so a long-running `trtc-local` does not grow without limit. */
const MAX_LOGGED_REQUESTS = 10_000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_LOGGED_REQUESTS) this.entries.shift();
  }

  list(): RequestLogEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}

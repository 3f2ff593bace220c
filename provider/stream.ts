import type { z } from "zod";
import type { Action } from "./api";
import { streamingEndpoint } from "./api/tts";
import { type ApiResponse, TrtcClient } from "./client";
import { TrtcError } from "./errors";
import { type FunctionArgs, type FunctionResult, prepareCall, type TrtcFunctionSpec } from "./function";
import type { Settings } from "./settings";

// Streamed functions: one TRTC API 3.0 call whose answer is a Server-Sent Events stream
// (TextToSpeechSSE), read by a script as an async iterator of its chunks. Pulumi's invokes answer
// one value, so such a function is no invoke: no Output variant, no plugin schema entry. It is
// a function spec all the same (arguments, request, regions), `result` reading one event.

export interface StreamSpec<Schema extends z.ZodObject, Chunk, A extends Action> extends TrtcFunctionSpec<Schema, Chunk, false, A> {
  /** Whether an event is the stream's last: a stream that stops before one was cut off. */
  isLast: (event: ApiResponse) => boolean;
}

// Specs are handled without their schema types; the declaration helper checked them.
export type AnyStreamSpec = StreamSpec<any, any, Action>;

/** Declares a streamed function, checking its request against its arguments and regions. */
export function streamSpec<S extends z.ZodObject, C, A extends Action>(spec: StreamSpec<S, C, A>): StreamSpec<S, C, A> {
  return spec;
}

/** What Tencent's SDK answers for a text/event-stream response: its events, and the body it reads them from. */
interface SdkEventStream extends AsyncIterable<{ data: string }> {
  stream: { destroy(): void };
  /** The body's failure, re-emitted: unheard, it would crash the process. */
  on(event: "error", listener: (error: unknown) => void): unknown;
}

const isEventStream = (answer: unknown): answer is SdkEventStream => typeof answer === "object" && answer !== null && Symbol.asyncIterator in answer;

/**
 * Validates the arguments at once (a ValidationError naming each broken rule, before any call),
 * then yields each event's chunk as it arrives. The stream ends after its last event; one that
 * stops or breaks before it fails with a TrtcError saying how many chunks came.
 */
export function openStream<Spec extends AnyStreamSpec>(spec: Spec, args: FunctionArgs<Spec>, settings: Settings, signal?: AbortSignal): AsyncIterable<FunctionResult<Spec>> {
  const prepared = prepareCall(spec, args, settings);
  const { call } = prepared;
  if (call.api !== "trtc") throw new Error(`${spec.name} is not a TRTC API 3.0 function`);
  const client = new TrtcClient({ ...settings, endpoint: streamingEndpoint(settings.endpoint) });
  return (async function* () {
    const answer: unknown = await client.call(call.action, call.params, "read", call.region, signal);
    if (!isEventStream(answer)) throw new TrtcError(call.action, "NetworkError", "the answer was no event stream", String((answer as ApiResponse).RequestId ?? ""));
    let chunks = 0;
    let requestId = "";
    let broken: unknown;
    answer.on("error", (e) => {
      broken = e;
    });
    const events = answer[Symbol.asyncIterator]();
    try {
      for (;;) {
        // Only the transport's failures are a cut stream; an event that does not parse is an error of its own.
        const next = await events.next().catch((e: unknown) => {
          broken = e;
          return { done: true as const, value: undefined };
        });
        if (next.done) break;
        if (!next.value.data) continue;
        const event = JSON.parse(next.value.data) as ApiResponse;
        requestId = typeof event.RequestId === "string" ? event.RequestId : requestId;
        // A failure after the stream began is an event of its own: {"Type":"error","Error":{"Code","Message"}} (tccli's TextToSpeechSSE examples).
        const failure = event.Error as { Code?: unknown; Message?: unknown } | undefined;
        if (failure) throw new TrtcError(call.action, String(failure.Code ?? "InternalError"), String(failure.Message ?? ""), requestId);
        yield spec.result(event, prepared.args) as FunctionResult<Spec>;
        chunks += 1;
        if (spec.isLast(event)) return;
      }
    } finally {
      // A script that stops reading early (break) closes the connection too.
      answer.stream.destroy();
    }
    signal?.throwIfAborted();
    const why = broken instanceof Error ? ` (${broken.message})` : "";
    throw new TrtcError(call.action, "NetworkError", `the stream was cut off after ${chunks} chunk${chunks === 1 ? "" : "s"}, before its last one: what came is incomplete${why}`, requestId);
  })();
}

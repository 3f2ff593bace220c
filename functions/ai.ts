import { z } from "zod";
import * as field from "../provider/fields";
import { functionSpec } from "../provider/function";
import { programFunctions } from "../provider/invoke";
import { apiName, fromApi, toApi } from "../provider/spec";

/**
 * ControlAIConversation (its TRTC API reference page; the SDK's ControlAIConversationRequest adds InvokeLLM
 * and TransparentData): a command to a running AI conversation, named by its task id. The command
 * names the member that carries it, so `command: "serverPushText"` goes with `serverPushText`.
 */

const { struct, text, flag, appliesOnly, requiredWhen } = field;

const COMMANDS = ["serverPushText", "invokeLLM", "transparentData"] as const;

const serverPushText = struct({
  /** What the bot says. */
  text: text.optional(),
  /** Base64 mono audio at the TTS's sample rate, played instead of a text. */
  audio: field.pattern(/^[A-Za-z0-9+/]+={0,2}$/, "Base64 audio").optional(),
  /** Whether it cuts the bot short (default false): true interrupts what the bot is saying. */
  interrupt: flag.optional(),
  /** Whether the conversation ends once it has been played (default false). */
  stopAfterPlay: flag.optional(),
  /** Without interrupt: 0 (default) drops it while the bot is busy, 1 queues it until the turn ends. */
  dropMode: z.literal([0, 1], { error: "must be 0 (drop while busy) or 1 (queue)" }).optional(),
  /** 1 cannot be interrupted while played (TRTC enables it per account on request); default 0. */
  priority: z.literal([0, 1], { error: "must be 0 (may be interrupted) or 1 (may not)" }).optional(),
  /** Whether the text joins the LLM's conversation history. */
  addHistory: flag.optional(),
  /** Sent to the clients with the subtitle, as JSON. */
  metaInfo: z.record(z.string(), z.unknown(), { error: "must be an object" }).optional(),
}).superRefine((v, ctx) => {
  requiredWhen(ctx, v.text ?? v.audio, true, ["text"], "no audio is given");
  appliesOnly(ctx, v.audio, v.text === undefined, ["audio"], "no text is given");
  appliesOnly(ctx, v.dropMode, v.interrupt !== true, ["dropMode"], "interrupt is not true");
});

const invokeLLM = struct({
  /** What is sent to your LLM (with the header X-Invoke-LLM: 1) to start a turn. */
  content: text,
  /** Whether it cuts the bot short. */
  interrupt: flag.optional(),
  /** TRTC's experimental parameters, as its support gives them. */
  experimentalParams: text.optional(),
});

const transparentData = struct({
  /** Passed on to the clients in the room as it is. */
  data: text,
});

/** What the call answers: nothing but the id of the request. */
export interface ControlAIConversationResult {
  /** TRTC's id of the request, to quote to support. */
  requestId: string;
}

const args = z
  .object({
    /** The conversation: an AIConversation's `taskId`. */
    taskId: text,
    /** Which command: its member below carries it. */
    command: z.literal(COMMANDS, { error: `must be one of ${COMMANDS.map((c) => JSON.stringify(c)).join(", ")}` }),
    serverPushText: serverPushText.optional(),
    invokeLLM: invokeLLM.optional(),
    transparentData: transparentData.optional(),
  })
  .superRefine((v, ctx) => {
    // The command's own member is required, and the others would have no effect.
    for (const name of COMMANDS) {
      requiredWhen(ctx, v[name], v.command === name, [name], `command is "${name}"`);
      appliesOnly(ctx, v[name], v.command === name, [name], `command is "${name}"`);
    }
  });

export const controlAIConversationSpec = functionSpec({
  name: "controlAIConversation",
  api: "trtc",
  args,
  changes: true,
  actions: ["ControlAIConversation"],
  request: (v) => {
    // The command is also the name of its member: ServerPushText goes in ServerPushText.
    const command = apiName(v.command);
    const { metaInfo, ...member } = (v[v.command] ?? {}) as Record<string, unknown>;
    const sent = metaInfo === undefined ? member : { ...member, metaInfo: JSON.stringify(metaInfo) };
    return { action: "ControlAIConversation", params: { TaskId: v.taskId, Command: command, [command]: toApi(sent) } };
  },
  describe: (v) => `to ${intent(v)} in task ${v.taskId}`,
  result: (response) => fromApi(response) as ControlAIConversationResult,
});

/** What a preview says the call would do. */
function intent(v: z.output<typeof args>): string {
  if (v.command === "serverPushText") {
    const push = v.serverPushText!;
    const what = push.text === undefined ? "push audio" : `push the text ${JSON.stringify(push.text)}`;
    return `${what}${push.interrupt ? ", interrupting the bot," : ""}`;
  }
  return v.command === "invokeLLM" ? `send ${JSON.stringify(v.invokeLLM!.content)} to the LLM` : "pass data to the clients";
}

const control = programFunctions(controlAIConversationSpec);
/** Sends a command to a running AI conversation: text or audio for the bot to say (interrupting it or not), a prompt for the LLM, or data for the clients. */
export const controlAIConversation = control.call;
/** controlAIConversation for Pulumi Inputs (an AIConversation's `taskId`); unknown during preview, where it does not run. */
export const controlAIConversationOutput = control.output;

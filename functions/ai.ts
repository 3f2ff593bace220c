import { z } from "zod";
import * as field from "../provider/fields";
import { functionSpec } from "../provider/function";
import { apiName, fromApi, toApi } from "../provider/spec";

/**
 * ControlAIConversation (its TRTC API reference page; the SDK's ControlAIConversationRequest adds InvokeLLM
 * and TransparentData): a command to a running AI conversation, named by its task id. The command
 * names the member that carries it, so `command: "serverPushText"` goes with `serverPushText`.
 */

const { struct, text, flag, appliesOnly, requiredWhen } = field;

const COMMANDS = ["serverPushText", "invokeLLM", "transparentData"] as const;

const serverPushText = struct({
  text: text.optional().describe("What the bot says."),
  audio: field.pattern(/^[A-Za-z0-9+/]+={0,2}$/, "Base64 audio").optional().describe("Base64 mono audio at the TTS's sample rate, played instead of a text."),
  interrupt: flag.optional().describe("Whether it cuts the bot short (default false): true interrupts what the bot is saying."),
  stopAfterPlay: flag.optional().describe("Whether the conversation ends once it has been played (default false)."),
  dropMode: z.literal([0, 1], { error: "must be 0 (drop while busy) or 1 (queue)" }).optional().describe("Without interrupt: 0 (default) drops it while the bot is busy, 1 queues it until the turn ends."),
  priority: z.literal([0, 1], { error: "must be 0 (may be interrupted) or 1 (may not)" }).optional().describe("1 cannot be interrupted while played (TRTC enables it per account on request); default 0."),
  addHistory: flag.optional().describe("Whether the text joins the LLM's conversation history."),
  metaInfo: z.record(z.string(), z.unknown(), { error: "must be an object" }).optional().describe("Sent to the clients with the subtitle, as JSON."),
}).superRefine((v, ctx) => {
  requiredWhen(ctx, v.text ?? v.audio, true, ["text"], "no audio is given");
  appliesOnly(ctx, v.audio, v.text === undefined, ["audio"], "no text is given");
  appliesOnly(ctx, v.dropMode, v.interrupt !== true, ["dropMode"], "interrupt is not true");
});

const invokeLLM = struct({
  content: text.describe("What is sent to your LLM (with the header X-Invoke-LLM: 1) to start a turn."),
  interrupt: flag.optional().describe("Whether it cuts the bot short."),
  experimentalParams: text.optional().describe("TRTC's experimental parameters, as its support gives them."),
});

const transparentData = struct({
  data: text.describe("Passed on to the clients in the room as it is."),
});

/** What the call answers: nothing but the id of the request. */
export interface ControlAIConversationResult {
  /** TRTC's id of the request, to quote to support. */
  requestId: string;
}

const args = z
  .object({
    taskId: text.describe("The conversation: an AIConversation's `taskId`."),
    command: z.literal(COMMANDS, { error: `must be one of ${COMMANDS.map((c) => JSON.stringify(c)).join(", ")}` }).describe("Which command: its member below carries it."),
    serverPushText: serverPushText.optional().describe("With command \"serverPushText\": something for the bot to say now."),
    invokeLLM: invokeLLM.optional().describe("With command \"invokeLLM\": a text sent to your LLM to start a turn."),
    transparentData: transparentData.optional().describe("With command \"transparentData\": data passed on to the clients in the room."),
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
  description: "Sends a command to a running AI conversation: text or audio for the bot to say (interrupting it or not), a prompt for the LLM, or data for the clients.",
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

// controlAIConversation as a script calls it (the Promise variant, settings given to the call)
// against the emulator over real HTTP: the command lands on the running conversation's record,
// bad arguments fail before any request, and TRTC's errors come back as TrtcErrors.
import * as pulumi from "@pulumi/pulumi";
import * as trtc from "../index";
import * as runtime from "../provider/runtime";
import { actions, botSig, checked, useProviderEmulator, REGION, SECRET_ID, SECRET_KEY } from "./helpers";

const suite = useProviderEmulator();

const opts = () => ({ settings: { secretId: SECRET_ID, secretKey: SECRET_KEY, region: REGION, endpoint: suite.emulator.url } });

/** An AIConversation started the way `pulumi up` starts one, through the provider runtime. */
async function conversation(): Promise<string> {
  const inputs = await checked({
    __kind: "AIConversation",
    sdkAppId: 1400000001,
    roomId: "support-room",
    agentConfig: { userId: "assistant", userSig: botSig("assistant"), targetUserId: "alice" },
    llmConfig: { llmType: "openai", model: "gpt-4o", apiKey: "sk-key", apiUrl: "https://api.openai.com/v1/chat/completions" },
    ttsConfig: { ttsType: "flow", voiceId: "v-female-R2s4N9qJ", model: "flow_01_turbo" },
  });
  return (await runtime.create(inputs)).id;
}

const commandsOf = (taskId: string) => suite.emulator.state.tasks.get(taskId)?.commands;
const lastRequest = () => suite.emulator.state.requests.list().at(-1);

describe("controlAIConversation", () => {
  it("pushes a text that interrupts the bot; the conversation records it and runs on", async () => {
    const taskId = await conversation();
    const result = await trtc.controlAIConversation(
      { taskId, command: "serverPushText", serverPushText: { text: "Welcome to the keynote!", interrupt: true, metaInfo: { slide: 1 } } },
      opts(),
    );

    expect(result).toEqual({ requestId: lastRequest()?.requestId });
    expect(lastRequest()?.params).toEqual({
      TaskId: taskId,
      Command: "ServerPushText",
      ServerPushText: { Text: "Welcome to the keynote!", Interrupt: true, MetaInfo: '{"slide":1}' },
    });
    expect(commandsOf(taskId)).toEqual([
      expect.objectContaining({ command: "ServerPushText", params: { Text: "Welcome to the keynote!", Interrupt: true, MetaInfo: '{"slide":1}' } }),
    ]);
    expect(suite.emulator.state.tasks.get(taskId)).toMatchObject({ status: "InProgress" });
  });

  it("a text with stopAfterPlay ends the conversation once played; a command to it then is a TrtcError", async () => {
    const taskId = await conversation();
    await trtc.controlAIConversation({ taskId, command: "serverPushText", serverPushText: { text: "Goodbye", stopAfterPlay: true } }, opts());
    expect(suite.emulator.state.tasks.get(taskId)).toMatchObject({ status: "Ended" });

    const error = await trtc.controlAIConversation({ taskId, command: "serverPushText", serverPushText: { text: "Hello?" } }, opts()).catch((e) => e);
    expect(error).toBeInstanceOf(trtc.TrtcError);
    expect(error).toMatchObject({ code: "FailedOperation.TaskNotExist", action: "ControlAIConversation" });
  });

  it("sends a prompt to the LLM and data to the clients, each in its own member", async () => {
    const taskId = await conversation();
    await trtc.controlAIConversation({ taskId, command: "invokeLLM", invokeLLM: { content: "Summarise the talk", interrupt: false } }, opts());
    await trtc.controlAIConversation({ taskId, command: "transparentData", transparentData: { data: '{"poll":"open"}' } }, opts());
    expect(commandsOf(taskId)?.map(({ command, params }) => ({ command, params }))).toEqual([
      { command: "InvokeLLM", params: { Content: "Summarise the talk", Interrupt: false } },
      { command: "TransparentData", params: { Data: '{"poll":"open"}' } },
    ]);
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ["no task", { command: "serverPushText", serverPushText: { text: "Hi" } }, /^taskId: is required$/],
    ["a command TRTC does not have", { taskId: "t", command: "ServerPushText", serverPushText: { text: "Hi" } }, /^command: must be one of "serverPushText", "invokeLLM", "transparentData"$/],
    ["a command without its member", { taskId: "t", command: "serverPushText" }, /^serverPushText: is required when command is "serverPushText"$/],
    ["another command's member", { taskId: "t", command: "invokeLLM", invokeLLM: { content: "Hi" }, serverPushText: { text: "Hi" } }, /^serverPushText: applies only when command is "serverPushText"$/],
    ["neither text nor audio", { taskId: "t", command: "serverPushText", serverPushText: { interrupt: true } }, /^serverPushText.text: is required when no audio is given$/],
    ["text and audio", { taskId: "t", command: "serverPushText", serverPushText: { text: "Hi", audio: "AAAA" } }, /^serverPushText.audio: applies only when no text is given$/],
    ["audio that is not Base64", { taskId: "t", command: "serverPushText", serverPushText: { audio: "not base64!" } }, /^serverPushText.audio: must be Base64 audio$/],
    ["a drop mode with interrupt", { taskId: "t", command: "serverPushText", serverPushText: { text: "Hi", interrupt: true, dropMode: 1 } }, /^serverPushText.dropMode: applies only when interrupt is not true$/],
    ["a misspelt member", { taskId: "t", command: "serverPushText", serverPushText: { txt: "Hi" } }, /serverPushText.txt: /],
    ["a region the API does not serve", { taskId: "t", command: "transparentData", transparentData: { data: "x" }, region: "ap-beijing" }, /region/],
  ];
  it.each(bad)("%s is a ValidationError naming the argument, before any request", async (_, args, rule) => {
    const error = await trtc.controlAIConversation(args as never, opts()).catch((e) => e);
    expect(error).toBeInstanceOf(trtc.ValidationError);
    expect(error.failures).toEqual(expect.arrayContaining([expect.stringMatching(rule)]));
    expect(error.message).toMatch(/^controlAIConversation: /);
    expect(actions(suite.emulator)).toEqual([]);
  });
});

describe("in a Pulumi program", () => {
  const program = (preview: boolean) =>
    pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs }, "event", "dev", preview);
  afterEach(() => program(false));

  let logged: string[];
  beforeEach(() => {
    logged = [];
    jest.spyOn(console, "log").mockImplementation((line: string) => void logged.push(line));
  });
  afterEach(() => jest.restoreAllMocks());

  it("a preview sends nothing and logs what each command would do", async () => {
    const taskId = await conversation();
    const before = actions(suite.emulator);
    await program(true);
    for (const args of [
      { taskId, command: "serverPushText", serverPushText: { text: "We start in one minute.", interrupt: true } },
      { taskId, command: "serverPushText", serverPushText: { audio: "AAAA" } },
      { taskId, command: "invokeLLM", invokeLLM: { content: "Greet the audience" } },
      { taskId, command: "transparentData", transparentData: { data: "{}" } },
    ] as const) {
      expect(await trtc.controlAIConversation(args, opts())).toBeUndefined();
    }
    expect(actions(suite.emulator)).toEqual(before);
    expect(commandsOf(taskId)).toBeUndefined();
    expect(logged.map((line) => line.replace("info: [runtime] pulumi-trtc: would call ControlAIConversation ", ""))).toEqual([
      `to push the text "We start in one minute.", interrupting the bot, in task ${taskId}`,
      `to push audio in task ${taskId}`,
      `to send "Greet the audience" to the LLM in task ${taskId}`,
      `to pass data to the clients in task ${taskId}`,
    ]);
  });

  it("an update sends the push once, taking the task id as an Output, and the Output carries the request id", async () => {
    const taskId = await conversation();
    await program(false);
    const output = trtc.controlAIConversationOutput(
      { taskId: pulumi.output(taskId), command: "serverPushText", serverPushText: { text: pulumi.output("Welcome!") } },
      opts(),
    );
    const result = await new Promise((resolve) => output.apply(resolve));
    expect(result).toEqual({ requestId: lastRequest()?.requestId });
    expect(commandsOf(taskId)).toEqual([expect.objectContaining({ command: "ServerPushText", params: { Text: "Welcome!" } })]);
    expect(logged).toEqual([]);
  });
});

import { readFileSync } from "node:fs";
import * as path from "node:path";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { SECRET_KEY, botSig } from "../helpers";
import { REPO } from "../installed";
import { sdkClient } from "../sdk";
import { describeWithEngine, useExampleStack } from "./engine";

// The ai-assistant example under the real Pulumi engine: an AIConversation and an AITranscription
// through preview, up, an in-place model change, replacements, ending by themselves + refresh, a
// Start whose answer is lost, and destroy; its Vocabulary and the customer's VoicePrint (configuration
// resources) through an in-place change, refresh after a change and a delete made elsewhere (the
// vocabulary through the emulator's control routes, as the console would; the voiceprint, which no
// console changes, through TRTC's own API by Tencent's SDK), and destroy; the voiceprint also through
// a replacement, which the conversation listening for it follows; with the LLM key, the TTS keys, the
// bots' UserSigs and the customer's recording never in the state file, the previews or the provider's logs.

const SECRETS = {
  llmApiKey: "sk-llm-api-key-plaintext",
  ttsSecretId: "AKIDtts-secret-id-plaintext",
  ttsSecretKey: "tts-secret-key-plaintext",
  assistantUserSig: botSig("ai-assistant"),
  subtitlesUserSig: botSig("ai-subtitles"),
};
const CONVERSATION = "pulumi-nodejs:dynamic/trtc:AIConversation";
const TRANSCRIPTION = "pulumi-nodejs:dynamic/trtc:AITranscription";
const VOCABULARY = "pulumi-nodejs:dynamic/trtc:Vocabulary";
const VOICE_PRINT = "pulumi-nodejs:dynamic/trtc:VoicePrint";
/** The recording the example registers, as RegisterVoicePrint receives it. */
const CUSTOMER_VOICE = readFileSync(path.join(REPO, "examples", "ai-assistant", "customer-voice.wav"), "base64");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/**
 * The engine's logs, and the provider's, into each operation's stderr. From verbosity 7 up Pulumi
 * itself traces plaintext config and RPC payloads whatever a provider does; 6 is the most detailed
 * level at which the engine keeps secrets, so it is what a provider must keep clean too. The engine
 * keeps only config secrets, though: see TRACED.
 */
const LOGGED = { logToStdErr: true, logVerbosity: 6, logFlow: true, debug: true } as const;
/**
 * The recording as Pulumi's Node SDK traces it: at debug level (shown from verbosity 3, or with
 * --debug) the SDK logs every RegisterResource answer, each secret's value in the clear, and the
 * engine takes only config secrets out of its logs. The recording, read from a file, shows in that
 * trace whatever a provider does (a preview's answer is the engine's own echo of the inputs), and
 * must show nowhere else.
 */
const TRACED = `${specialSecretSig},value,,,${CUSTOMER_VOICE}`;

describeWithEngine("ai-assistant example under the real engine", (bin) => {
  const suite = useExampleStack(bin, "ai-assistant", {
    ttsAppId: { value: "1300000000" },
    ...Object.fromEntries(Object.entries(SECRETS).map(([k, value]) => [k, { value, secret: true }])),
  });
  const { calls } = suite;
  /** Everything the engine printed, checked for secrets at the end. */
  const printed: string[] = [];
  const running = (action: string) =>
    suite.emulator.state.tasks.list().filter((t) => t.status === "InProgress" && t.action === action);
  const conversations = () => running("StartAIConversation");
  const transcriptions = () => running("StartAITranscription");
  const inState = async (type: string) =>
    (((await suite.env.stack.exportStack()).deployment.resources ?? []) as { type: string; id: string }[]).filter((r) => r.type === type);
  const preview = async () => {
    const result = await suite.env.stack.preview({ diff: true, ...LOGGED });
    printed.push(result.stdout, result.stderr);
    return result;
  };
  /** A preview in which one resource of `type` updates in place and the other four stay, `change` in its diff. */
  const previewsUpdateOf = async (type: string, change: RegExp) => {
    const result = await preview();
    expect(result.changeSummary).toEqual({ same: 4, update: 1 });
    expect(result.stdout).toContain(`~ ${type}: (update)`);
    expect(result.stdout).toMatch(change);
  };
  /** A member of the one resource of `type` in state, as its inputs and its outputs record it. */
  const recorded = async (type: string, member: string) => {
    const [resource] = (await inState(type)) as unknown as { inputs: Record<string, unknown>; outputs: Record<string, unknown> }[];
    return [resource!.inputs[member], resource!.outputs[member]];
  };
  const up = async () => {
    const result = await suite.env.stack.up({ ...LOGGED });
    printed.push(result.stdout, result.stderr);
    return result;
  };

  /** Changes or deletes a vocabulary as the console would: over HTTP, outside the stack. */
  const elsewhere = async (method: "POST" | "DELETE", id: string, body?: Record<string, unknown>) => {
    const answer = await fetch(`${suite.emulator.url}/_emulator/vocabularies/${id}`, { method, body: body && JSON.stringify(body) });
    expect(answer.status).toBe(200);
  };
  const vocabularies = () => suite.emulator.state.world.vocabularies.list();
  const voicePrints = () => suite.emulator.state.world.voicePrints.list();
  /** The VoicePrint requests the emulator received, in order. */
  const voicePrintCalls = () => calls().filter((a) => a.endsWith("VoicePrint"));
  const requestsOf = (action: string) => suite.emulator.state.requests.list().filter((r) => r.action === action).map((r) => r.params);
  /** The voiceprint the running conversation listens for. */
  const heard = () => (conversations()[0]!.params.AgentConfig as { VoicePrint?: unknown }).VoicePrint;

  test("preview shows both bots, the vocabulary and the voiceprint to create, configs readable and keys hidden, calling nothing", async () => {
    const result = await preview();
    expect(result.changeSummary).toEqual({ create: 5 });
    expect(result.stdout).toContain(`+ ${VOCABULARY}: (create)`);
    expect(result.stdout).toContain(`+ ${VOICE_PRINT}: (create)`);
    expect(result.stdout).toMatch(/name\s*: "customer-1-voice"/);
    expect(result.stdout).toMatch(/audio\s*: \[secret\]/);
    expect(result.stdout).toContain(`+ ${CONVERSATION}: (create)`);
    expect(result.stdout).toContain(`+ ${TRANSCRIPTION}: (create)`);
    expect(result.stdout).toMatch(/model\s*: "gpt-4o"/);
    expect(result.stdout).toMatch(/apiKey\s*: \[secret\]/);
    expect(result.stdout).toMatch(/secretKey\s*: \[secret\]/);
    expect(calls()).toEqual([]);
  });

  test("up creates the default vocabulary and registers the voiceprint first, then starts the conversation and the transcription, each with a generated session id", async () => {
    const result = await up();
    expect(result.summary.resourceChanges).toEqual({ create: 5 });
    expect(vocabularies()).toEqual([expect.objectContaining({ name: "support-words", state: 1, words: [{ word: "TRTC", weight: 11 }, { word: "Pulumi", weight: 11 }] })]);
    expect(result.outputs.vocabularyId.value).toBe(vocabularies()[0]!.id);
    const order = calls().filter((a) => ["CreateRecognizeVocabV3", "SetVocabStateV3", "StartAIConversation"].includes(a));
    expect(order).toEqual(["CreateRecognizeVocabV3", "SetVocabStateV3", "StartAIConversation"]);
    expect(calls().filter((a) => ["RegisterVoicePrint", "StartAIConversation"].includes(a))).toEqual(["RegisterVoicePrint", "StartAIConversation"]);
    expect(requestsOf("RegisterVoicePrint")).toEqual([{ Audio: CUSTOMER_VOICE, ReqTimestamp: expect.any(Number), AudioFormat: 0, AudioName: "customer-1-voice", AudioMetaInfo: "Enrolled at signup" }]);
    const [voicePrint] = voicePrints();
    expect(voicePrint).toMatchObject({ audioName: "customer-1-voice", metaInfo: "Enrolled at signup" });
    expect(result.outputs.customerVoiceId.value).toBe(voicePrint!.id);
    // The state file holds the recording only encrypted, as an input and as an output.
    type Stored = { type: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> };
    const stored = (JSON.parse(suite.env.stateFile()).checkpoint.latest.resources as Stored[]).find((r) => r.type === VOICE_PRINT)!;
    const encrypted = { [specialSigKey]: specialSecretSig, ciphertext: expect.any(String) };
    expect([stored.inputs.audio, stored.outputs.audio]).toEqual([encrypted, encrypted]);
    expect(suite.env.stateFile()).not.toContain(CUSTOMER_VOICE.slice(0, 100));
    const [conversation] = conversations();
    expect(conversation).toMatchObject({ roomId: "support-room", roomIdType: 0, userId: "ai-assistant" });
    expect(conversation.params).toMatchObject({ RoomIdType: 1, AgentConfig: { TargetUserId: "customer-1" } });
    expect(heard()).toEqual({ Mode: 1, IdList: [voicePrint!.id] });
    expect(transcriptions()).toHaveLength(1);
    expect(result.outputs.assistantTaskId.value).toBe(conversation.taskId);
    expect(result.outputs.assistantSessionId.value).toMatch(UUID);
    expect(result.outputs.assistantSessionId.value).toBe(conversation.params.SessionId);
    expect(["Preparing", "Idle"]).toContain(result.outputs.assistantStatus.value);
    printed.push(suite.env.stateFile());
  });

  test("a new model previews as an update of the conversation and is applied with UpdateAIConversation", async () => {
    const [before] = conversations();
    await suite.env.stack.setConfig("model", { value: "gpt-4o-mini" });
    await previewsUpdateOf(CONVERSATION, /~ model\s*: "gpt-4o" => "gpt-4o-mini"/);

    await up();
    expect(calls().filter((a) => /AIConversation|AITranscription/.test(a))).toEqual(["UpdateAIConversation", "DescribeAIConversation"]);
    const [after] = conversations();
    expect(after.taskId).toBe(before.taskId);
    expect(after.settings.LLMConfig).toMatchObject({ Model: "gpt-4o-mini", APIKey: SECRETS.llmApiKey });
    printed.push(suite.env.stateFile());
  });

  test("a new customer and new subtitle languages preview as replacements: the customer's voiceprint is registered anew, each old bot stops before its new one starts, the old voiceprint is deleted last", async () => {
    const [conversation] = conversations();
    const [transcription] = transcriptions();
    const [oldVoice] = voicePrints();
    await suite.env.stack.setConfig("customer", { value: "customer-2" });
    await suite.env.stack.setConfig("subtitleLanguages", { value: '["zh","ja"]' });
    const result = await preview();
    expect(result.changeSummary).toEqual({ same: 2, replace: 3 });
    expect(result.stdout).toMatch(/\+-\s*pulumi-nodejs:dynamic\/trtc:VoicePrint: \(replace\)/);
    expect(result.stdout).toMatch(/~ name\s*: "customer-1-voice" => "customer-2-voice"/);
    expect(result.stdout).toMatch(/\+-\s*pulumi-nodejs:dynamic\/trtc:AIConversation: \(replace\)/);
    expect(result.stdout).toMatch(/~ targetUserId\s*: "customer-1" => "customer-2"/);
    expect(result.stdout).toMatch(/\+-\s*pulumi-nodejs:dynamic\/trtc:AITranscription: \(replace\)/);

    await up();
    const mutations = calls().filter((a) => a.startsWith("Start") || a.startsWith("Stop"));
    expect(mutations.filter((a) => a.endsWith("AIConversation"))).toEqual(["StopAIConversation", "StartAIConversation"]);
    expect(mutations.filter((a) => a.endsWith("AITranscription"))).toEqual(["StopAITranscription", "StartAITranscription"]);
    // The new voiceprint exists before the conversation that names it starts; the old one goes once nothing names it.
    expect(calls().filter((a) => /^(Register|Delete)VoicePrint$|^(Start|Stop)AIConversation$/.test(a))).toEqual(["RegisterVoicePrint", "StopAIConversation", "StartAIConversation", "DeleteVoicePrint"]);
    expect(requestsOf("RegisterVoicePrint")).toEqual([expect.objectContaining({ Audio: CUSTOMER_VOICE, AudioName: "customer-2-voice" })]);
    expect(requestsOf("DeleteVoicePrint")).toEqual([{ VoicePrintId: oldVoice!.id }]);
    const [newVoice] = voicePrints();
    expect(voicePrints()).toEqual([expect.objectContaining({ audioName: "customer-2-voice" })]);
    expect(newVoice!.id).not.toBe(oldVoice!.id);
    expect(heard()).toEqual({ Mode: 1, IdList: [newVoice!.id] });
    expect(suite.emulator.state.tasks.get(conversation.taskId)?.status).toBe("Ended");
    expect(suite.emulator.state.tasks.get(transcription.taskId)?.status).toBe("Ended");
    expect(conversations()[0].params).toMatchObject({ AgentConfig: { TargetUserId: "customer-2" } });
    expect(transcriptions()[0].params).toMatchObject({ TranslationConfig: { TargetLanguages: ["zh", "ja"] } });
  });

  test("new words update the vocabulary in place; a change made elsewhere is drift on refresh, and up sets the program's words back", async () => {
    const [before] = vocabularies();
    await suite.env.stack.setConfig("supportWords", { value: '[{"word":"TRTC","weight":11},{"word":"Pulumi","weight":11},{"word":"tccli","weight":5}]' });
    await previewsUpdateOf(VOCABULARY, /"tccli"/);
    suite.emulator.state.requests.clear();
    await up();
    expect(calls().filter((a) => /Vocab/.test(a))).toEqual(["UpdateRecognizeVocabV3", "GetRecognizeVocabV3"]);
    expect(vocabularies()).toEqual([expect.objectContaining({ id: before!.id, state: 1 })]);
    expect(vocabularies()[0]!.words.map((w) => w.word)).toEqual(["TRTC", "Pulumi", "tccli"]);

    // Someone makes it not the default in the console: refresh reads it, and the next preview shows the drift.
    await elsewhere("POST", before!.id, { state: 0 });
    const refresh = await suite.env.stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(await recorded(VOCABULARY, "state")).toEqual([0, 0]);
    await previewsUpdateOf(VOCABULARY, /~ state\s*: 0 => 1/);
    suite.emulator.state.requests.clear();
    await up();
    expect(calls().filter((a) => /Vocab/.test(a))).toEqual(["UpdateRecognizeVocabV3", "SetVocabStateV3", "GetRecognizeVocabV3"]);
    expect(vocabularies()[0]).toMatchObject({ state: 1 });
  });

  test("a vocabulary deleted elsewhere: refresh drops it, saying so, and up creates it again", async () => {
    const [before] = vocabularies();
    await elsewhere("DELETE", before!.id);
    const refresh = await suite.env.stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ delete: 1 });
    expect(`${refresh.stdout}\n${refresh.stderr}`).toContain(`pulumi-trtc: refresh drops Vocabulary ${before!.id} (application`);
    expect(await inState(VOCABULARY)).toEqual([]);
    const result = await up();
    expect(result.summary.resourceChanges).toMatchObject({ create: 1 });
    expect(vocabularies()).toEqual([expect.objectContaining({ name: "support-words", state: 1 })]);
    expect(vocabularies()[0]!.id).not.toBe(before!.id);
  });

  test("a new note updates the voiceprint in place; a note changed elsewhere is drift on refresh, and up sets the program's back", async () => {
    const [before] = voicePrints();
    await suite.env.stack.setConfig("customerNote", { value: "VIP since 2024" });
    await previewsUpdateOf(VOICE_PRINT, /~ metaInfo\s*: "Enrolled at signup" => "VIP since 2024"/);
    suite.emulator.state.requests.clear();
    await up();
    // The id stays, so the conversation listening for it is left alone.
    expect(voicePrintCalls()).toEqual(["UpdateVoicePrint", "DescribeVoicePrint"]);
    expect(requestsOf("UpdateVoicePrint")).toEqual([{ VoicePrintId: before!.id, ReqTimestamp: expect.any(Number), AudioFormat: 0, Audio: CUSTOMER_VOICE, AudioMetaInfo: "VIP since 2024" }]);
    expect(calls().filter((a) => /AIConversation/.test(a))).toEqual([]);
    expect(voicePrints()).toEqual([expect.objectContaining({ id: before!.id, metaInfo: "VIP since 2024" })]);

    // Another tool of the account changes the note through TRTC's own API.
    await sdkClient(suite.emulator.url).request("UpdateVoicePrint", { VoicePrintId: before!.id, ReqTimestamp: Date.now(), AudioMetaInfo: "changed elsewhere" });
    const refresh = await suite.env.stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(await recorded(VOICE_PRINT, "metaInfo")).toEqual(["changed elsewhere", "changed elsewhere"]);
    await previewsUpdateOf(VOICE_PRINT, /~ metaInfo\s*: "changed elsewhere" => "VIP since 2024"/);
    suite.emulator.state.requests.clear();
    await up();
    expect(voicePrintCalls()).toEqual(["UpdateVoicePrint", "DescribeVoicePrint"]);
    expect(voicePrints()).toEqual([expect.objectContaining({ id: before!.id, metaInfo: "VIP since 2024" })]);
  });

  test("a voiceprint deleted elsewhere: refresh drops it, saying so; up registers it again and the conversation follows the new id", async () => {
    const [before] = voicePrints();
    const [conversation] = conversations();
    await sdkClient(suite.emulator.url).request("DeleteVoicePrint", { VoicePrintId: before!.id });
    const refresh = await suite.env.stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ delete: 1 });
    expect(`${refresh.stdout}\n${refresh.stderr}`).toContain(`pulumi-trtc: refresh drops VoicePrint ${before!.id} (application`);
    expect(await inState(VOICE_PRINT)).toEqual([]);
    suite.emulator.state.requests.clear();
    const result = await up();
    expect(result.summary.resourceChanges).toMatchObject({ create: 1, replace: 1 });
    expect(requestsOf("RegisterVoicePrint")).toEqual([expect.objectContaining({ AudioName: "customer-2-voice", AudioMetaInfo: "VIP since 2024" })]);
    const [again] = voicePrints();
    expect(again!.id).not.toBe(before!.id);
    expect(result.outputs.customerVoiceId.value).toBe(again!.id);
    expect(suite.emulator.state.tasks.get(conversation.taskId)?.status).toBe("Ended");
    expect(heard()).toEqual({ Mode: 1, IdList: [again!.id] });
  });

  test("both end by themselves once the room has stayed empty past maxIdleTime: refresh drops them, up starts them again", async () => {
    suite.emulator.state.clock.advance(121_000);
    expect(conversations()).toEqual([]);
    // The assistant spoke in the room until it ended: the subtitles run on for their own maxIdleTime.
    expect(transcriptions()).toHaveLength(1);
    suite.emulator.state.clock.advance(120_000);
    expect(transcriptions()).toEqual([]);

    const ended = [(await inState(CONVERSATION))[0]!.id, (await inState(TRANSCRIPTION))[0]!.id];
    const refresh = await suite.env.stack.refresh();
    expect(refresh.summary.resourceChanges).toMatchObject({ delete: 2 });
    // Pulumi says only "deleted"; the provider says which task, what TRTC answered, and why such a task ends.
    const said = `${refresh.stdout}\n${refresh.stderr}`;
    expect(said).toMatch(new RegExp(`pulumi-trtc: refresh drops AIConversation task ${ended[0]} \\(room "[^"]+", bot ai-assistant\\): DescribeAIConversation answered \\S+.*agentConfig.maxIdleTime`));
    expect(said).toMatch(new RegExp(`pulumi-trtc: refresh drops AITranscription task ${ended[1]} .*transcriptionParams.maxIdleTime`));
    expect(await inState(CONVERSATION)).toEqual([]);
    const result = await up();
    expect(result.summary.resourceChanges).toMatchObject({ create: 2 });
    expect(conversations()).toHaveLength(1);
    expect(transcriptions()).toHaveLength(1);
  });

  test("a Start whose answer is lost after the task started leaves exactly one task, the one in state", async () => {
    suite.emulator.state.tasks.end(conversations()[0], "finished");
    await suite.env.stack.refresh();
    suite.emulator.state.requests.clear();
    suite.emulator.state.faults.add({ action: "StartAIConversation", connection: "drop", runFirst: true, count: 1 });

    await up();
    expect(calls().filter((a) => a === "StartAIConversation")).toHaveLength(1);
    expect(conversations()).toHaveLength(1);
    expect((await inState(CONVERSATION)).map((r) => r.id)).toEqual([conversations()[0].taskId]);
    printed.push(suite.env.stateFile());
  });

  test("a lost answer whose lookup fails too: up fails, state keeps the session, the next up records the task", async () => {
    suite.emulator.state.tasks.end(conversations()[0], "finished");
    await suite.env.stack.refresh();
    suite.emulator.state.requests.clear();
    suite.emulator.state.faults.add({ action: "StartAIConversation", connection: "drop", runFirst: true, count: 1 });
    suite.emulator.state.faults.add({ action: "DescribeAIConversation", code: "FailedOperation", count: 1 });

    await expect(up()).rejects.toThrow(/looking up the AIConversation task with sessionId \S+ failed too, so it may be running/);
    const [lost] = conversations();
    const [recorded] = await inState(CONVERSATION);
    expect(recorded.id).toBe(`sessionId:${lost.params.SessionId}`);

    suite.emulator.state.requests.clear();
    const result = await up();
    expect(calls()).not.toContain("StartAIConversation");
    expect(conversations()).toEqual([lost]);
    expect(result.outputs.assistantTaskId.value).toBe(lost.taskId);
    // The id the failed create left stands until refresh reads the task.
    await suite.env.stack.refresh();
    expect((await inState(CONVERSATION)).map((r) => r.id)).toEqual([lost.taskId]);
    printed.push(result.stdout, result.stderr, suite.env.stateFile());
  });

  test("destroy stops both bots and deletes the vocabulary and the voiceprint; a second destroy succeeds", async () => {
    const result = await suite.env.stack.destroy({ ...LOGGED });
    printed.push(result.stdout, result.stderr);
    expect(calls().filter((a) => a.startsWith("Stop")).sort()).toEqual(["StopAIConversation", "StopAITranscription"]);
    expect(calls()).toContain("DeleteRecognizeVocabV3");
    expect(vocabularies()).toEqual([]);
    expect(voicePrintCalls().filter((a) => a !== "DescribeVoicePrint")).toEqual(["DeleteVoicePrint"]);
    expect(voicePrints()).toEqual([]);
    expect(suite.emulator.state.tasks.list().filter((t) => t.status === "InProgress")).toEqual([]);
    await suite.env.stack.destroy();
  });

  test("no key, UserSig or recording ever reached the state file, a preview or the provider's logs", () => {
    const text = printed.join("\n");
    // What was captured is what matters: the state with both bots in it, and logs of the provider's calls.
    expect(text).toContain("ciphertext");
    expect(text).toMatch(/Checking step create for urn:\S+AIConversation::assistant/);
    for (const secret of [...Object.values(SECRETS), SECRET_KEY]) expect(text).not.toContain(secret);
    // The recording, whole or cut short, shows only in Pulumi's own trace.
    const count = (part: string) => text.split(part).length - 1;
    expect(count(CUSTOMER_VOICE.slice(0, 100))).toBe(count(TRACED));
  });
});

import { z } from "zod";
import type { ApiParams, ApiResponse } from "../provider/client";
import type { Action } from "../provider/api";
import { AI_TASK_GONE } from "../provider/api/ai";
import * as field from "../provider/fields";
import type { TaskState } from "../provider/spec";

// What the two AI families (AIConversation, AITranscription) share. Not exported from the package:
// their spec files are.

const { struct, text, appliesOnly, requiredWhen } = field;

/** Idle (not started yet), Preparing and InProgress run; Stopped is cleaning up, so gone. */
function aiState(response: ApiResponse): TaskState | undefined {
  return response.Status === "Stopped" ? undefined : { status: String(response.Status) };
}

/** Describe and Stop of both AI families name a task by its TaskId alone. */
function byTaskId(taskId: string): ApiParams {
  return { TaskId: taskId };
}

export function aiDescribe(action: Action) {
  return { action, request: byTaskId, state: aiState, goneCodes: AI_TASK_GONE };
}

export function aiStop(action: Action) {
  return { action, request: byTaskId, goneCodes: AI_TASK_GONE };
}

/** Two tasks of one application with one SessionId collide: TRTC refuses the second. */
export function sessionIdentity(sdkAppId: number, sessionId: string | undefined): string[] {
  return sessionId === undefined ? [] : [JSON.stringify([sdkAppId, "session", sessionId])];
}

export const sessionId = text.optional().describe("Your unique id for the task. When you give none, each create generates one (the `sessionId` output).");

const HOT_WORD = /^[^|,]{1,30}\|(\d+)$/;

/** "word|weight" entries separated by commas: words of up to 30 characters, weights 1 to 11, or 100 to force a word. */
function hotWords(max: number) {
  const valid = (list: string) => {
    const entries = list.split(",");
    return entries.length <= max && entries.every((entry) => {
      const weight = Number(HOT_WORD.exec(entry)?.[1]);
      return (weight >= 1 && weight <= 11) || weight === 100;
    });
  };
  return z
    .string({ error: "must be a string" })
    .refine(valid, { error: `must be up to ${max} "word|weight" entries separated by commas, words of at most 30 characters, weights 1 to 11 or 100` });
}

/**
 * Speech recognition settings (STTConfig here, RecognizeConfig in AITranscription). Languages are
 * not checked against a list: which ones a task may use depends on your TRTC package, and the
 * documents' own examples use codes their lists lack.
 */
export function speechRecognition(limits: { notAlternative: readonly string[]; maxHotWords: number; maxVadLevel: number }) {
  const notAlternative = limits.notAlternative.join(", ");
  return struct({
    language: text.optional().describe("What to recognise (default \"zh\"): a language such as \"en\", or an engine such as \"16k_zh_en\"."),
    alternativeLanguage: z
      .array(text.refine((l) => !limits.notAlternative.includes(l), { error: `cannot be ${notAlternative}` }), {
        error: "must be a list of languages",
      })
      .max(3, { error: "must list at most 3 languages" })
      .optional().describe("Up to 3 more languages recognised at once (billed as the advanced engine)."),
    vadSilenceTime: field.int(240, 2000).optional().describe("Milliseconds of silence that end a sentence: 240 to 2000 (default 1000); smaller is snappier."),
    hotWordList: hotWords(limits.maxHotWords).optional().describe("Words to recognise more readily, as \"word|weight,word|weight\"."),
    vadLevel: field.int(0, limits.maxVadLevel).optional().describe("Suppression of far-away voices: 0 (off, the default) and up; 2 suits most rooms."),
  }).superRefine((v, ctx) => {
    appliesOnly(ctx, v.alternativeLanguage, v.language !== "zh-dialect", ["alternativeLanguage"], "language is not zh-dialect");
  });
}

/** Listens for one registered voice only. */
export const voicePrint = struct({
  mode: z.literal([0, 1], { error: "must be 0 (off) or 1 (on)" }).optional().describe("1 turns voiceprint recognition on (with idList); 0 (default) leaves it off."),
  idList: z.array(text, { error: "must be a list of voiceprint ids" }).max(1, { error: "must list at most 1 voiceprint id" }).optional().describe("The registered voiceprint to listen for: one id for now, a VoicePrint resource's `id` (or one RegisterVoicePrint gave)."),
}).superRefine((v, ctx) => {
  requiredWhen(ctx, v.idList, v.mode === 1, ["idList"], "mode is 1");
  appliesOnly(ctx, v.idList, v.mode === 1, ["idList"], "mode is 1");
});

/** Semantic detection of the end of a user's turn. */
export const turnDetection = struct({
  semanticEagerness: z.enum(["low", "medium", "high", "auto"], { error: 'must be "low", "medium", "high" or "auto"' }).optional().describe("How soon a pause ends the turn: low waits longest, high cuts soonest; auto (default) is medium."),
});

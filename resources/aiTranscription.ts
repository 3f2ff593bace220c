import { z } from "zod";
import { roomOf } from "../provider/api";
import * as field from "../provider/fields";
import { REPLACE, SECRET, taskSpec, toApi } from "../provider/spec";
import {
  aiDescribe,
  aiStop,
  sessionId,
  sessionIdentity,
  speechRecognition,
  turnDetection,
  voicePrint,
} from "./ai";

/**
 * AI transcription: a bot joins a room and sends live subtitles (TRTC custom messages, CmdId 1)
 * of everyone in it, or of chosen users, optionally translated. StartAITranscription /
 * DescribeAITranscription / StopAITranscription (TRTC API reference, 2024-10-22; newer members from the Node
 * SDK's trtc_models.d.ts). There is no update API: every change starts a new task.
 */

const { struct, text, appliesOnly, requiredWhen } = field;

const transcriptionParams = struct({
  userId: field.userId.describe("The bot's user id: unique in the room."),
  userSig: field.userSig.optional().describe("The bot's UserSig, signed for userId (kept secret); without it the provider signs one from trtc:sdkSecretKey."),
  maxIdleTime: field.atLeast(1).optional().describe("Seconds after the last publishing user leaves before the task ends itself (default 60)."),
  transcriptionMode: z.literal([0, 1], { error: "must be 0 (the whole room) or 1 (chosen users)" }).optional().describe("0 (default) transcribes the whole room; 1 only targetUserId (or targetUserIdList)."),
  targetUserId: field.anchorId.optional().describe("The user to transcribe, with transcriptionMode 1."),
  targetUserIdList: z.array(field.anchorId, { error: "must be a list of user ids" }).optional().describe("Several users to transcribe, with transcriptionMode 1."),
  voicePrint: voicePrint.optional(),
  turnDetection: turnDetection.optional(),
}).superRefine((v, ctx) => {
  const chosen = v.transcriptionMode === 1;
  requiredWhen(ctx, v.targetUserId, chosen, ["targetUserId"], "transcriptionMode is 1");
  appliesOnly(ctx, v.targetUserId, chosen, ["targetUserId"], "transcriptionMode is 1");
  appliesOnly(ctx, v.targetUserIdList, chosen, ["targetUserIdList"], "transcriptionMode is 1");
});

const translationConfig = struct({
  targetLanguages: z.array(text, { error: "must be a list of languages" }).min(1, { error: "must list at least 1 language" }).describe("Languages to translate into (ISO 639-1), e.g. [\"en\", \"ja\"]."),
  mode: z.literal([1, 2], { error: "must be 1 (text) or 2 (text and speech)" }).optional().describe("1 (default) translated text only; 2 also speaks the translation (simultaneous interpretation)."),
  ttsConfig: struct({
    voiceId: text.describe("A premium or cloned voice, e.g. \"v-female-R2s4N9qJ\"."),
    model: z.enum(["flow_01_turbo", "flow_01_ex"], { error: 'must be "flow_01_turbo" or "flow_01_ex"' }).optional(),
    speed: field.between(0.5, 2).optional().describe("0.5 to 2 (default 1)."),
    volume: z
      .number({ error: "must be a number" })
      .gt(0, { error: "must be more than 0 and at most 10" })
      .max(10, { error: "must be more than 0 and at most 10" })
      .optional().describe("More than 0, up to 10 (default 1)."),
  }).optional().describe("The voice of spoken translations (mode 2): TRTC's own TTS."),
  terminology: z.array(struct({ source: text, target: text }), { error: "must be a list of terms" }).optional().describe("Fixed translations of terms."),
}).superRefine((v, ctx) => {
  const spoken = v.mode === 2;
  requiredWhen(ctx, v.ttsConfig, spoken, ["ttsConfig"], "mode is 2 (speech)");
  appliesOnly(ctx, v.ttsConfig, spoken, ["ttsConfig"], "mode is 2 (speech)");
});

const inputs = z.object({
  sdkAppId: field.sdkAppId,
  roomId: field.roomId.describe("A number for a numeric room, a string for a string room."),
  transcriptionParams: transcriptionParams.describe("The bot, and whom it transcribes."),
  sessionId,
  recognizeConfig: speechRecognition({ notAlternative: ["zh-dialect"], maxHotWords: 300, maxVadLevel: 3 }).optional().describe("Speech recognition."),
  translationConfig: translationConfig.optional().describe("Translation of the subtitles."),
});

export type TranscriptionParams = z.output<typeof transcriptionParams>;
export type RecognizeConfig = z.output<typeof inputs.shape.recognizeConfig>;
export type TranslationConfig = z.output<typeof translationConfig>;
export type AITranscriptionInputs = z.output<typeof inputs>;

/** TranslationConfig as the API names it: its voice is `TTSConfig`. */
function translationParams({ ttsConfig, ...rest }: TranslationConfig): unknown {
  return { ...(toApi(rest) as object), TTSConfig: toApi(ttsConfig) };
}

export const aiTranscription = taskSpec({
  kind: "AITranscription",
  bots: [{ userId: "transcriptionParams.userId", userSig: "transcriptionParams.userSig" }],
  endsBy: (v) =>
    `A transcription ends once the room has had nobody publishing for transcriptionParams.maxIdleTime seconds (${v.transcriptionParams.maxIdleTime ?? 60})`,
  inputs: inputs.describe("Live subtitles (and translations) of a TRTC room for as long as the resource exists (or until the room stays empty)."),
  // StartAITranscription is the only way to set anything: every change replaces the task.
  fields: {
    sdkAppId: REPLACE,
    roomId: REPLACE,
    transcriptionParams: REPLACE,
    sessionId: REPLACE,
    recognizeConfig: REPLACE,
    translationConfig: REPLACE,
  },
  nestedFields: { "transcriptionParams.userSig": SECRET },
  identity: (v) => [field.roomKey(v.sdkAppId, v.roomId, v.transcriptionParams.userId), ...sessionIdentity(v.sdkAppId, v.sessionId)],
  start: {
    action: "StartAITranscription",
    request: ({ sdkAppId, roomId, translationConfig, ...rest }) => ({
      SdkAppId: sdkAppId,
      ...roomOf("StartAITranscription", roomId),
      ...(toApi(rest) as object),
      TranslationConfig: translationConfig && translationParams(translationConfig),
    }),
    taskId: (response) => String(response.TaskId),
    recover: {
      key: "sessionId",
      // Describe by session: TaskId is given as an empty string.
      request: (key, v) => ({ TaskId: "", SdkAppId: v.sdkAppId, SessionId: key }),
    },
  },
  describe: aiDescribe("DescribeAITranscription"),
  stop: aiStop("StopAITranscription"),
});

import { z } from "zod";
import { roomOf } from "../provider/api";
import { TRANSCRIPTION_GONE } from "../provider/api/cloudTranscription";
import { taskRef } from "../provider/api/room";
import * as field from "../provider/fields";
import { CREDENTIAL, REPLACE, taskSpec, toApi } from "../provider/spec";

/**
 * Cloud transcription: a bot joins a room and turns its anchors' speech into text (TRTC custom
 * messages), optionally translated and spoken back into the room by TTS robots.
 * CreateCloudTranscription / DescribeCloudTranscription / DeleteCloudTranscription (TRTC API
 * reference, 2026-04-07; members and ranges from the SDK models, whose TTSParam the international
 * page lists too). There is no update API: every change starts a new transcription.
 */

const { struct, text, int, between } = field;

/** TranscriptionUserInfoParams: a user named by id alone. */
const transcriptionUser = struct({ userId: field.anchorId }).meta({ typeName: "TranscriptionUser" });

const userList = z.array(transcriptionUser, { error: "must be a list of users" });

const transcriptionParam = struct({
  userId: field.userId.describe("The transcription bot's user id: used by no other user or task of the application."),
  userSig: field.userSig.optional().describe("The bot's UserSig, signed for userId (kept secret); without it the provider signs one from trtc:sdkSecretKey."),
  subscribeList: userList.optional().describe("Transcribe only these anchors; by default every anchor. A user in both lists is left out."),
  unSubscribeList: userList.optional().describe("Transcribe every anchor except these."),
  maxIdleTime: int(5, 86400).optional().describe("Seconds every transcribed anchor may be away before the task ends itself: 5 to 86400 (default 30)."),
  sendCustomMode: z.literal([0, 1], { error: "must be 0 (off) or 1 (on)" }).optional().describe("1 turns on custom data; 0 (default) leaves it off."),
});

/** "A single hot word: word|weight, at most 30 characters, weight 1 to 11 or 100"; at most 128 of them. */
const HOT_WORD = /^[^\s|,]{1,30}\|(?:[1-9]|1[01]|100)$/;
const MAX_HOT_WORDS = 128;

const hotWordList = z
  .string({ error: "must be a string" })
  .refine((list) => list.split(",").every((word) => HOT_WORD.test(word)), {
    error: 'must be comma-separated "word|weight" entries: words of at most 30 characters without spaces, weights 1 to 11 or 100',
  })
  .refine((list) => list.split(",").length <= MAX_HOT_WORDS, { error: `must have at most ${MAX_HOT_WORDS} hot words` });

const asrParam = struct({
  lang: text.describe('The recognition engine, e.g. "bigmodel-zh" or "bigmodel-en" (V2, recommended), or a V1 engine such as "16k_zh_en".'),
  vadSilenceTime: int(240, 2000).optional().describe("Milliseconds of silence that end a sentence: 240 to 2000 (default 1000)."),
  hotWordList: hotWordList.optional().describe('Temporary hot words, "word|weight" separated by commas, e.g. "Tencent Cloud|10,ASR|11".'),
  alternativeLanguage: z.array(text, { error: "must be a list of languages" }).max(4, { error: "must list at most 4 languages" }).optional().describe("Up to 4 more languages to recognise (advanced engines only)."),
  vadLevel: between(0, 1).optional().describe("Far-field voice suppression: 0 (default) to 1 (recommended)."),
  filterDirty: z.literal([0, 1, 2], { error: "must be 0 (keep), 1 (filter) or 2 (replace with *)" }).optional().describe("Profanity: 0 keep (default), 1 filter, 2 replace with *."),
  filterModal: z.literal([0, 1, 2], { error: "must be 0 (keep), 1 (some) or 2 (strict)" }).optional().describe("Filler words: 0 keep (default), 1 filter some, 2 filter strictly."),
  filterPunc: z.literal([0, 1], { error: "must be 0 (keep) or 1 (filter)" }).optional().describe("1 drops the full stop at the end of sentences; 0 (default) keeps it."),
});

const terminology = struct({
  targetLang: text.describe("The language these translations are for."),
  terminology: z.array(struct({ source: text, target: text }), { error: "must be a list of terms" }).describe("Fixed translations of terms."),
}).meta({ typeName: "TranscriptionGlossary" });

const translationParam = struct({
  targetLang: z.array(text, { error: "must be a list of languages" }).optional().describe('Languages to translate into, e.g. ["en", "ja"].'),
  terminologies: z.array(terminology, { error: "must be a list of glossaries" }).optional().describe("Glossaries, one per target language."),
});

const ttsParam = struct({
  model: z.literal("flow_02_turbo", { error: 'must be "flow_02_turbo", the only model TTS takes' }).describe('"flow_02_turbo".'),
  language: text.describe("The language spoken: one of translationParam.targetLang."),
  targetUser: transcriptionUser.describe("The anchor whose translation is spoken: transcribed (in subscribeList, if there is one, and not in unSubscribeList)."),
  ttsRobotUser: transcriptionUser.describe("The robot user that speaks the translation in the room."),
  voice: struct({
    voiceId: text.describe('A voice for the language, e.g. "v-female-P6q9LmR2" for English.'),
    speed: between(0.5, 2).optional().describe("0.5 to 2 (default 1)."),
    volume: between(0, 10).optional().describe("0 (mute) to 10 (default 1)."),
    pitch: between(-12, 12).optional().describe("-12 to 12 (default 0)."),
  }).meta({ typeName: "TtsVoice" }),
});

const inputs = z
  .object({
    sdkAppId: field.sdkAppId,
    roomId: field.roomId.describe("A number for an integer room, a string for a string room."),
    transcriptionParam: transcriptionParam.describe("The bot that joins the room, and whom it transcribes."),
    asrParam: asrParam.describe("Speech recognition."),
    translationParam: translationParam.optional().describe("Translation of the transcripts."),
    ttsParams: z.array(ttsParam, { error: "must be a list of TTS settings" }).optional().describe("Translations spoken back into the room, one robot per anchor and language."),
  })
  .superRefine((v, ctx) => {
    const { subscribeList, unSubscribeList } = v.transcriptionParam;
    const has = (list: { userId: string }[] | undefined, user: string) => list?.some((u) => u.userId === user) ?? false;
    v.ttsParams?.forEach((tts, i) => {
      if (!(v.translationParam?.targetLang ?? []).includes(tts.language)) {
        ctx.addIssue({ code: "custom", path: ["ttsParams", i, "language"], message: "must be one of translationParam.targetLang" });
      }
      const user = tts.targetUser.userId;
      if ((subscribeList !== undefined && !has(subscribeList, user)) || has(unSubscribeList, user)) {
        ctx.addIssue({ code: "custom", path: ["ttsParams", i, "targetUser", "userId"], message: "must be a transcribed anchor: in transcriptionParam.subscribeList, if given, and not in unSubscribeList" });
      }
    });
  });

export type CloudTranscriptionInputs = z.output<typeof inputs>;
type TtsParam = z.output<typeof ttsParam>;

/** TTSParam as the API spells it: `TTSParam` and `TTSRobotUser`, not what toApi would make of them. */
function ttsRequest({ ttsRobotUser, ...rest }: TtsParam): unknown {
  return { ...(toApi(rest) as object), TTSRobotUser: toApi(ttsRobotUser) };
}

const DEFAULT_MAX_IDLE = 30;

export const cloudTranscription = taskSpec({
  kind: "CloudTranscription",
  bots: [{ userId: "transcriptionParam.userId", userSig: "transcriptionParam.userSig" }],
  endsBy: (v) =>
    `A transcription ends once every transcribed anchor has been away for transcriptionParam.maxIdleTime seconds (${v.transcriptionParam.maxIdleTime ?? DEFAULT_MAX_IDLE})`,
  inputs: inputs.describe("Transcribes (and translates) a TRTC room's speech for as long as the resource exists (or until its anchors stay away)."),
  // CreateCloudTranscription is the only way to set anything: every change replaces the task.
  fields: {
    sdkAppId: REPLACE,
    roomId: REPLACE,
    transcriptionParam: REPLACE,
    asrParam: REPLACE,
    translationParam: REPLACE,
    ttsParams: REPLACE,
  },
  // A new UserSig is no new transcription: the running bot has already joined.
  nestedFields: { "transcriptionParam.userSig": CREDENTIAL },
  // The bot and each TTS robot are users of the room: another task keeping one stops this one first.
  identity: (v) => [v.transcriptionParam.userId, ...(v.ttsParams ?? []).map((t) => t.ttsRobotUser.userId)].map((user) => field.roomKey(v.sdkAppId, v.roomId, user)),
  start: {
    action: "CreateCloudTranscription",
    request: ({ sdkAppId, roomId, ttsParams, ...rest }) => ({
      SdkAppId: sdkAppId,
      ...roomOf("CreateCloudTranscription", roomId),
      ...(toApi(rest) as object),
      ...(ttsParams && { TTSParam: ttsParams.map(ttsRequest) }),
    }),
    taskId: (response) => String(response.TaskId),
    // No caller key, and Describe finds a task by TaskId alone: a lost answer is settled by the bot.
    evictBot: { ...field.evictRoomBot, bot: (v) => field.evictRoomBot.bot({ ...v, userId: v.transcriptionParam.userId }) },
  },
  describe: {
    action: "DescribeCloudTranscription",
    request: taskRef,
    // Idle (no anchor speaking yet) and InProgress run; Exited is on its way out.
    state: (response) => (response.Status === "Exited" ? undefined : { status: String(response.Status) }),
    goneCodes: TRANSCRIPTION_GONE,
  },
  stop: {
    action: "DeleteCloudTranscription",
    request: taskRef,
    goneCodes: TRANSCRIPTION_GONE,
  },
});

import { z } from "zod";
import { VOCABULARY_GONE, VOCABULARY_PAGE_SIZE } from "../provider/api/vocabulary";
import * as field from "../provider/fields";
import { configSpec, IN_PLACE, REPLACE } from "../provider/spec";

/**
 * A custom recognition vocabulary (a hot word list) of an application, which the AI conversations'
 * and transcriptions' speech recognition favours: CreateRecognizeVocabV3 / GetRecognizeVocabV3 /
 * UpdateRecognizeVocabV3 / SetVocabStateV3 / DeleteRecognizeVocabV3, listed by
 * GetRecognizeVocabListV3 (SDK models 4.1.313, the only source: their client comments give the
 * limits). Configuration: it stays until deleted, and a change made elsewhere shows as drift.
 *
 * No request of the AI resources takes a vocabulary id (STTConfig, RecognizeConfig and AsrParam
 * carry only a HotWordList string in the 4.1.313 models): a vocabulary reaches recognition as the
 * default one, `state` 1, which "requests that name no vocabulary" use (SetVocabStateV3).
 */

/** "Each word at most 10 Chinese characters or 30 English characters", no punctuation (CreateRecognizeVocabV3). */
const MAX_CJK_WORD = 10;
const MAX_WORD = 30;
const WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 100] as const;

const word = field.text
  .refine((w) => [...w].length <= (/[^\x00-\x7f]/.test(w) ? MAX_CJK_WORD : MAX_WORD), {
    error: `must be at most ${MAX_CJK_WORD} Chinese or ${MAX_WORD} English characters`,
  })
  .refine((w) => !/[\p{P}|]/u.test(w), { error: "must hold no punctuation or special characters" });

const hotWord = field.struct({
  word: word.describe("The word: at most 10 Chinese or 30 English characters, no punctuation."),
  weight: z.literal(WEIGHTS, { error: "must be a whole number from 1 to 11, or 100" })
    .describe("How strongly recognition favours it: 1 to 11 (11 makes it a super hot word), or 100 (also replaces words that sound the same)."),
});

const inputs = z
  .object({
    sdkAppId: field.sdkAppId,
    name: field.text.describe("The vocabulary's name, unique within the application."),
    description: z.string({ error: "must be a string" }).default("").describe("What the vocabulary is for."),
    wordWeights: z.array(hotWord, { error: "must be a list of words with weights" })
      .max(1000, { error: "must have at most 1000 words" })
      .describe("The words and their weights: at most 1000."),
    state: z.literal([0, 1], { error: "must be 0 or 1 (the default vocabulary)" })
      .meta(field.constants("VocabState", { Initial: 0, Default: 1 }))
      .default(0)
      .describe("1 makes it the application's default vocabulary, which recognition uses when a request names none; 0 (initial) otherwise. Set by SetVocabStateV3."),
  })
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.wordWeights.forEach(({ word: w }, i) => {
      if (seen.has(w)) ctx.addIssue({ code: "custom", message: `repeats the word ${JSON.stringify(w)}`, path: ["wordWeights", i, "word"] });
      seen.add(w);
    });
  })
  .describe("A custom recognition vocabulary (hot words) of the application, kept until deleted.");

export type VocabularyInputs = z.output<typeof inputs>;

const wordWeights = (v: VocabularyInputs) => v.wordWeights.map((w) => ({ Word: w.word, Weight: w.weight }));

/** The inputs as Get or the list reports them. */
function current(vocab: Record<string, unknown>) {
  const words = Array.isArray(vocab.WordWeights) ? (vocab.WordWeights as { Word: string; Weight: number }[]) : [];
  return {
    name: vocab.Name,
    description: vocab.Description ?? "",
    wordWeights: words.map((w) => ({ word: w.Word, weight: w.Weight })),
    state: vocab.State,
  };
}

const setState = (id: string, v: VocabularyInputs) => ({ action: "SetVocabStateV3" as const, params: { VocabId: id, State: v.state, SdkAppId: v.sdkAppId } });

export const vocabulary = configSpec({
  kind: "Vocabulary",
  noun: "vocabulary",
  inputs,
  fields: { sdkAppId: REPLACE, name: IN_PLACE, description: IN_PLACE, wordWeights: IN_PLACE, state: IN_PLACE },
  create: {
    action: "CreateRecognizeVocabV3",
    request: (v) => ({ Name: v.name, SdkAppId: v.sdkAppId, Description: v.description, WordWeights: wordWeights(v) }),
    id: (response) => String(response.VocabId),
    // The name is the caller's and unique in the application: the listing finds this create's by it.
    findCreated: {
      action: "GetRecognizeVocabListV3",
      request: (page, v) => ({ SdkAppId: v.sdkAppId, Offset: (page - 1) * VOCABULARY_PAGE_SIZE, Limit: VOCABULARY_PAGE_SIZE }),
      items: (response) =>
        (Array.isArray(response.VocabList) ? (response.VocabList as Record<string, unknown>[]) : []).map((vocab) => ({
          id: String(vocab.VocabId),
          inputs: { name: vocab.Name },
        })),
      pageSize: VOCABULARY_PAGE_SIZE,
    },
  },
  // A new vocabulary's state is 0: only a default one needs the second call.
  afterCreate: (id, v) => (v.state === 1 ? setState(id, v) : undefined),
  describe: {
    action: "GetRecognizeVocabV3",
    request: (id, key) => ({ VocabId: id, SdkAppId: key.sdkAppId }),
    current,
    goneCodes: VOCABULARY_GONE,
  },
  modify: {
    // Update sets the name, description and words, each sent as it should be; the state has its own call.
    action: "UpdateRecognizeVocabV3",
    request: (id, v) => ({ VocabId: id, SdkAppId: v.sdkAppId, Name: v.name, Description: v.description, WordWeights: wordWeights(v) }),
    then: (id, v, olds) => (v.state === olds.state ? undefined : setState(id, v)),
  },
  delete: {
    action: "DeleteRecognizeVocabV3",
    request: (id, v) => ({ VocabId: id, SdkAppId: v.sdkAppId }),
    goneCodes: VOCABULARY_GONE,
  },
});

// Custom recognition vocabularies (hot word lists): CreateRecognizeVocabV3, GetRecognizeVocabV3,
// GetRecognizeVocabListV3, UpdateRecognizeVocabV3, DeleteRecognizeVocabV3,
// DownloadRecognizeVocabV3 and SetVocabStateV3. They are only in the SDK models (4.1.313), whose
// client comments give the limits: "at most 30 vocabularies by default", "at most 1000 words, each
// at most 10 Chinese characters or 30 English ones", "weights are integers in [1, 11], or 100",
// and the state: "initially 0; 1 makes it the default, used by recognition requests that name no
// vocabulary". No region and no error code of their own are documented.
import { ApiError, invalidParameter, outOfRange } from "../errors";
import type { ActionDef } from "../family";
import { formatTime } from "../paging";
import { arrayOf, atLeast, field, maxItems, nonEmpty, object, oneOf, readParams, SDK_APP_ID } from "../params";
import type { World } from "../world";
import type { HotWord, VocabularyRecord } from "../world/vocabularies";

// The AI conversations' regions: the vocabularies serve their recognition.
const REGIONS = ["ap-guangzhou", "ap-singapore", "ap-tokyo", "na-siliconvalley"] as const;

const MAX_VOCABULARIES = 30;
const MAX_WORDS = 1000;
const MAX_CJK_WORD = 10;
const MAX_WORD = 30;
const WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 100];
/** No default Limit is documented; the SDK's other lists default to 10. */
const DEFAULT_LIMIT = 10;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const word = field("string", true, (value, name) => {
  nonEmpty(value, name);
  // "Each word at most 10 Chinese characters or 30 English ones"; the file form adds "no punctuation".
  const max = /[^\x00-\x7f]/.test(value) ? MAX_CJK_WORD : MAX_WORD;
  if ([...value].length > max) throw outOfRange(name, `must be at most ${MAX_CJK_WORD} Chinese or ${MAX_WORD} English characters`);
  if (/[\p{P}|]/u.test(value)) throw invalidParameter(name, "must hold no punctuation or special characters");
});
const WORD_WEIGHTS = arrayOf(object({ Word: word, Weight: field("integer", true, oneOf(...WEIGHTS)) }, true), false, maxItems(MAX_WORDS));

const VOCAB_ID = field("string", true, nonEmpty);
const WORDS = { Description: field("string", false), WordWeights: WORD_WEIGHTS, WordWeightStr: field("string", false) };

/** The words given as a list or as the text form ("word|weight" a line, in Base64), never both. */
function wordsOf(p: { WordWeights?: { Word: string; Weight: number }[]; WordWeightStr?: string }): HotWord[] | undefined {
  if (p.WordWeights !== undefined && p.WordWeightStr !== undefined) throw invalidParameter("WordWeightStr", "give WordWeights or WordWeightStr, not both");
  if (p.WordWeightStr === undefined) return p.WordWeights?.map((w) => ({ word: w.Word, weight: w.Weight }));
  if (!BASE64.test(p.WordWeightStr)) throw invalidParameter("WordWeightStr", "must be the word list's text encoded in Base64");
  const lines = Buffer.from(p.WordWeightStr, "base64").toString("utf8").split("\n").filter((line) => line.trim() !== "");
  const listed = lines.map((line) => {
    const [w = "", weight = ""] = line.split("|");
    return { Word: w.trim(), Weight: Number(weight.trim()) };
  });
  return WORD_WEIGHTS.read(listed, "WordWeightStr").map((w) => ({ word: w.Word, weight: w.Weight }));
}

function vocabularyOf(world: World, sdkAppId: number, vocabId: string): VocabularyRecord {
  const found = world.vocabularies.get(sdkAppId, vocabId);
  if (!found) throw new ApiError("ResourceNotFound", `Vocabulary ${vocabId} of SdkAppId ${sdkAppId} was not found.`);
  return found;
}

function nameFree(world: World, sdkAppId: number, name: string, except?: VocabularyRecord): void {
  // "Unique within an SdkAppId"; no code is documented for a name taken.
  if (world.vocabularies.of(sdkAppId).some((v) => v.name === name && v !== except)) {
    throw new ApiError("FailedOperation", `A vocabulary named ${name} already exists in SdkAppId ${sdkAppId}.`);
  }
}

const now = (world: World) => formatTime(Math.floor(world.clock.now() / 1000), 8);

/** What Get and the list report of a vocabulary. */
function vocab(v: VocabularyRecord) {
  return {
    Name: v.name,
    Description: v.description ?? "",
    VocabId: v.id,
    WordWeights: v.words.map((w) => ({ Word: w.word, Weight: w.weight })),
    CreateTime: v.createTime,
    UpdateTime: v.updateTime,
    State: v.state,
  };
}

export const actions: Record<string, ActionDef> = {
  CreateRecognizeVocabV3: {
    regions: REGIONS,
    handle({ params, world }) {
      const p = readParams(params, { Name: field("string", true, nonEmpty), SdkAppId: SDK_APP_ID, ...WORDS });
      const words = wordsOf(p) ?? [];
      nameFree(world, p.SdkAppId, p.Name);
      if (world.vocabularies.of(p.SdkAppId).length >= MAX_VOCABULARIES) {
        throw new ApiError("LimitExceeded", `SdkAppId ${p.SdkAppId} has ${MAX_VOCABULARIES} vocabularies, the most allowed.`);
      }
      const time = now(world);
      const created = world.vocabularies.create({ sdkAppId: p.SdkAppId, name: p.Name, description: p.Description, words, state: 0, createTime: time, updateTime: time });
      return { VocabId: created.id };
    },
  },
  GetRecognizeVocabV3: {
    regions: REGIONS,
    handle({ params, world }) {
      const p = readParams(params, { VocabId: VOCAB_ID, SdkAppId: SDK_APP_ID });
      return vocab(vocabularyOf(world, p.SdkAppId, p.VocabId));
    },
  },
  GetRecognizeVocabListV3: {
    regions: REGIONS,
    handle({ params, world }) {
      const p = readParams(params, { SdkAppId: SDK_APP_ID, Offset: field("integer", false, atLeast(0)), Limit: field("integer", false, atLeast(1)) });
      const all = world.vocabularies.of(p.SdkAppId);
      const first = p.Offset ?? 0;
      return { VocabList: all.slice(first, first + (p.Limit ?? DEFAULT_LIMIT)).map(vocab), TotalCount: all.length };
    },
  },
  UpdateRecognizeVocabV3: {
    regions: REGIONS,
    handle({ params, world }) {
      const p = readParams(params, { VocabId: VOCAB_ID, SdkAppId: SDK_APP_ID, Name: field("string", false, nonEmpty), ...WORDS });
      const found = vocabularyOf(world, p.SdkAppId, p.VocabId);
      if (p.Name !== undefined) nameFree(world, p.SdkAppId, p.Name, found);
      world.vocabularies.modify(found, { name: p.Name, description: p.Description, words: wordsOf(p), updateTime: now(world) });
      return { VocabId: found.id };
    },
  },
  DeleteRecognizeVocabV3: {
    regions: REGIONS,
    handle({ params, world }) {
      const p = readParams(params, { VocabId: VOCAB_ID, SdkAppId: SDK_APP_ID });
      world.vocabularies.delete(vocabularyOf(world, p.SdkAppId, p.VocabId));
      return {};
    },
  },
  DownloadRecognizeVocabV3: {
    regions: REGIONS,
    handle({ params, world }) {
      const p = readParams(params, { VocabId: VOCAB_ID, SdkAppId: SDK_APP_ID });
      const found = vocabularyOf(world, p.SdkAppId, p.VocabId);
      // "The word and weight file, in Base64: word|weight".
      const text = found.words.map((w) => `${w.word}|${w.weight}`).join("\n");
      return { VocabId: found.id, WordWeightStr: Buffer.from(text, "utf8").toString("base64") };
    },
  },
  SetVocabStateV3: {
    regions: REGIONS,
    handle({ params, world }) {
      const p = readParams(params, { VocabId: VOCAB_ID, State: field("integer", true, oneOf(0, 1)), SdkAppId: SDK_APP_ID });
      const found = vocabularyOf(world, p.SdkAppId, p.VocabId);
      world.vocabularies.modify(found, { state: p.State, updateTime: now(world) });
      return { VocabId: found.id };
    },
  },
};

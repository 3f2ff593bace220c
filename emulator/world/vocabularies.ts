// The custom recognition vocabularies (hot word lists) of each application: CreateRecognizeVocabV3
// and its siblings (SDK models 4.1.313).
import { createHash } from "node:crypto";
import { type AppObject, ObjectStore } from "./objects";

export interface HotWord {
  word: string;
  weight: number;
}

export interface VocabularyRecord extends AppObject<string> {
  name: string;
  description?: string;
  words: HotWord[];
  /** 1: loaded by default by recognition requests that name no vocabulary; 0 (initial) otherwise. */
  state: number;
  createTime: string;
  updateTime: string;
}

/** No example shows a VocabId: 32 hex digits, derived from the count so runs repeat. */
const vocabId = (n: number) => createHash("sha256").update(`vocab-${n}`).digest("hex").slice(0, 32);

export const vocabularyStore = () => new ObjectStore<string, VocabularyRecord>(vocabId);
export type VocabularyStore = ReturnType<typeof vocabularyStore>;

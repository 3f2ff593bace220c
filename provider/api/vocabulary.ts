import type { ActionTable } from "./action";

// Custom recognition vocabularies (hot word lists): CreateRecognizeVocabV3, GetRecognizeVocabV3,
// GetRecognizeVocabListV3, UpdateRecognizeVocabV3, DeleteRecognizeVocabV3,
// DownloadRecognizeVocabV3 and SetVocabStateV3, found only in the SDK models (4.1.313), which name
// no region: the vocabularies serve the AI conversations' and transcriptions' recognition, so they
// are taken to be served where those are (StartAIConversation, TRTC API reference).
const REGIONS = ["ap-guangzhou", "ap-singapore", "ap-tokyo", "na-siliconvalley"];

export const vocabularyActions = {
  CreateRecognizeVocabV3: { regions: REGIONS },
  GetRecognizeVocabV3: { regions: REGIONS },
  GetRecognizeVocabListV3: { regions: REGIONS },
  UpdateRecognizeVocabV3: { regions: REGIONS },
  DeleteRecognizeVocabV3: { regions: REGIONS },
  DownloadRecognizeVocabV3: { regions: REGIONS },
  SetVocabStateV3: { regions: REGIONS },
} satisfies ActionTable;

/** No code is documented for a vocabulary id that names none: TRTC's ResourceNotFound (SDK error codes) is taken. */
export const VOCABULARY_GONE = ["ResourceNotFound"];

/** GetRecognizeVocabListV3's page: the models give Offset and Limit but no default or largest Limit. */
export const VOCABULARY_PAGE_SIZE = 30;

import { z } from "zod";
import * as field from "../provider/fields";
import { functionSpec } from "../provider/function";

/**
 * DownloadRecognizeVocabV3 (SDK models 4.1.313): a vocabulary's words as the text file TRTC keeps,
 * "word|weight" a line, which the answer carries in Base64. A lookup: it changes nothing, so it
 * runs in previews too.
 */

/** The file, decoded, and the words read from it. */
export interface DownloadVocabularyResult {
  vocabId: string;
  /** The file as TRTC gives it: "word|weight" a line. */
  text: string;
  words: { word: string; weight: number }[];
  requestId: string;
}

const args = z.object({
  sdkAppId: field.sdkAppId.describe("The SDKAppID of the TRTC application the vocabulary belongs to."),
  vocabId: field.text.describe("The vocabulary: a Vocabulary's id."),
});

export const downloadVocabularySpec = functionSpec({
  name: "downloadVocabulary",
  description: "Downloads a recognition vocabulary's words as the \"word|weight\" text file TRTC keeps, decoded, with the words read from it.",
  api: "trtc",
  args,
  changes: false,
  actions: ["DownloadRecognizeVocabV3"],
  request: (v) => ({ action: "DownloadRecognizeVocabV3", params: { VocabId: v.vocabId, SdkAppId: v.sdkAppId } }),
  result: (response): DownloadVocabularyResult => {
    const text = Buffer.from(String(response.WordWeightStr ?? ""), "base64").toString("utf8");
    const words = text.split("\n").flatMap((line) => {
      const [word, weight] = line.split("|");
      return word?.trim() ? [{ word: word.trim(), weight: Number(weight) }] : [];
    });
    return { vocabId: String(response.VocabId), text, words, requestId: String(response.RequestId) };
  },
});

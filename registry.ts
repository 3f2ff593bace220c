// Every resource and function the package serves, listed once: the provider runtime, review, the
// bench and the tests read these lists. Adding an API family adds its line here.
import type { AnyFunctionSpec } from "./provider/function";
import type { AnyTaskSpec } from "./provider/spec";
import type { AnyStreamSpec } from "./provider/stream";
import { aiConversation } from "./resources/aiConversation";
import { aiTranscription } from "./resources/aiTranscription";
import { cloudRecording } from "./resources/cloudRecording";
import { relayTask } from "./resources/relayTask";
import { streamIngest } from "./resources/streamIngest";
import { webRecord } from "./resources/webRecord";
import { cloudSliceTask } from "./resources/cloudSliceTask";
import { cloudModeration } from "./resources/cloudModeration";
import { cloudTranscription } from "./resources/cloudTranscription";
import { liveStreamModeration } from "./resources/liveStreamModeration";
import { picture } from "./resources/picture";
import { vocabulary } from "./resources/vocabulary";
import { voicePrint } from "./resources/voicePrint";
import { controlAIConversationSpec } from "./functions/ai";
import { downloadVocabularySpec } from "./functions/vocabulary";
import { createBattleSpec, getBattleInfoSpec } from "./functions/battle";
import {
  getCallDetailInfoSpec,
  getRoomInfoSpec,
  getScaleInfoSpec,
  getUnusualEventsSpec,
  getUserEventsSpec,
  getUserInfoSpec,
} from "./functions/callQuality";
import { getMarketQualityDataSpec, getMarketScaleDataSpec, getRealTimeQualityDataSpec, getRealTimeScaleDataSpec } from "./functions/dashboard";
import { getMarketScaleMetricDataSpec } from "./functions/dashboard";
import { dismissRoomSpec, removeUserSpec, setUserBlockedSpec } from "./functions/moderation";
import { moderateAudioSpec } from "./functions/audioModeration";
import { getAsyncTextToSpeechSpec, startAsyncTextToSpeechSpec, textToSpeechSpec, textToSpeechStreamSpec, voiceCloneSpec } from "./functions/tts";
import {
  getAIRecognitionUsageSpec,
  getDedicatedCloudAccUsageSpec,
  getMcuTranscodeTimeSpec,
  getRecordingStatisticsSpec,
  getSegmentModerationUsageSpec,
  getMixTranscodingUsageSpec,
  getRecordingUsageSpec,
  getRelayUsageSpec,
  getTrtcRoomUsageSpec,
  getTrtcUsageSpec,
} from "./functions/usage";

/** The task resources. */
export const TASK_SPECS: readonly AnyTaskSpec[] = [streamIngest, cloudRecording, relayTask, aiConversation, aiTranscription, webRecord, cloudSliceTask, cloudModeration, cloudTranscription, liveStreamModeration];

/** The configuration resources: TRTC objects that stay until deleted (configSpec). */
export const CONFIG_SPECS: readonly AnyTaskSpec[] = [picture, vocabulary, voicePrint];

/** Every resource the provider serves. */
export const RESOURCE_SPECS: readonly AnyTaskSpec[] = [...TASK_SPECS, ...CONFIG_SPECS];

/** The functions, family by family. */
export const FUNCTION_SPECS: readonly AnyFunctionSpec[] = [
  controlAIConversationSpec,
  createBattleSpec,
  getBattleInfoSpec,
  getRoomInfoSpec,
  getUserInfoSpec,
  getCallDetailInfoSpec,
  getUserEventsSpec,
  getScaleInfoSpec,
  getUnusualEventsSpec,
  getRealTimeScaleDataSpec,
  getRealTimeQualityDataSpec,
  getMarketScaleDataSpec,
  getMarketQualityDataSpec,
  dismissRoomSpec,
  removeUserSpec,
  setUserBlockedSpec,
  getTrtcUsageSpec,
  getMixTranscodingUsageSpec,
  getRelayUsageSpec,
  getRecordingUsageSpec,
  getTrtcRoomUsageSpec,
  getRecordingStatisticsSpec,
  getMcuTranscodeTimeSpec,
  getAIRecognitionUsageSpec,
  getSegmentModerationUsageSpec,
  getDedicatedCloudAccUsageSpec,
  getMarketScaleMetricDataSpec,
  textToSpeechSpec,
  startAsyncTextToSpeechSpec,
  getAsyncTextToSpeechSpec,
  moderateAudioSpec,
  voiceCloneSpec,
  downloadVocabularySpec,
];

/** The streamed functions, for scripts alone: no Pulumi invoke answers a stream. */
export const STREAM_SPECS: readonly AnyStreamSpec[] = [textToSpeechStreamSpec];

export function taskSpecOf(kind: string): AnyTaskSpec | undefined {
  return RESOURCE_SPECS.find((spec) => spec.kind === kind);
}

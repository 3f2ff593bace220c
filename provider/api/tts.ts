import type { ActionTable } from "./action";

// Text to speech: the pages TextToSpeech and TextToSpeechSSE (TRTC API reference, "AI Service
// APIs", last updated 2026-05-22) list ap-singapore alone, at the default rate. AsyncTextToSpeech
// and DescribeAsyncTextToSpeech have no page yet, only the SDK's models: they are the same TTS
// service, so they are taken to serve it alike.

const REGIONS = ["ap-singapore"];

export const ttsActions = {
  TextToSpeech: { regions: REGIONS },
  TextToSpeechSSE: { regions: REGIONS },
  AsyncTextToSpeech: { regions: REGIONS },
  DescribeAsyncTextToSpeech: { regions: REGIONS },
  // VoiceClone's page (last updated 2026-05-22): ap-singapore, 20 a second.
  VoiceClone: { regions: REGIONS },
} satisfies ActionTable;

/**
 * TextToSpeechSSE answers on its own host: "the SSE API must use the domain
 * trtc.ai.tencentcloudapi.com" (tccli's TextToSpeechSSE example; the page's is
 * trtc.ai.intl.tencentcloudapi.com). Any other endpoint (the emulator, a proxy) serves it as it is.
 */
export function streamingEndpoint(endpoint: string): string {
  const url = new URL(endpoint);
  if (url.host === "trtc.tencentcloudapi.com" || url.host === "trtc.intl.tencentcloudapi.com") url.host = url.host.replace(/^trtc\./, "trtc.ai.");
  return url.origin;
}

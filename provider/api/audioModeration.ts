import type { ActionTable } from "./action";

// CreateAudioModerationSync has no page yet, only the SDK's models (tencentcloud-sdk-nodejs
// 4.1.313: "short audio synchronous content understanding"). It is taken to be served where the
// TRTC API reference's Cloud Moderation APIs are: ap-singapore, at the default rate.

export const audioModerationActions = {
  CreateAudioModerationSync: { regions: ["ap-singapore"] },
} satisfies ActionTable;

import type { ActionTable } from "./action";

// Live stream moderation (AI content understanding of a live stream TRTC pulls): the pages
// CreateLiveStreamModeration, DescribeLiveStreamModeration and DeleteLiveStreamModeration (TRTC
// API reference, mainland site, added 2026-07-29; no international page yet). Create's and
// Describe's pages list ap-shanghai alone; Delete belongs to the same family and is taken to serve it alike.

const REGIONS = ["ap-shanghai"];

export const liveStreamModerationActions = {
  CreateLiveStreamModeration: { regions: REGIONS },
  DescribeLiveStreamModeration: { regions: REGIONS },
  DeleteLiveStreamModeration: { regions: REGIONS },
} satisfies ActionTable;

/** Describe's and Delete's codes for a task that ended or never existed (the SDK's error lists). */
export const LIVE_MODERATION_GONE = ["ResourceNotFound", "ResourceNotFound.ResourceNotFound"];

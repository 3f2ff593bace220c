// The local TRTC emulator: a TRTC API 3.0 server for tests, examples and offline previews.
export {
  startEmulator,
  DEFAULT_APP_KEY,
  DEFAULT_ADMIN_USER_IDS,
  DEFAULT_APP_KEYS,
  DEFAULT_CREDENTIALS,
  DEFAULT_SDK_APP_ID,
  DEFAULT_HOST,
  DEFAULT_PORT,
  emulatorUrl,
  DEFAULT_LIVE_REQUESTS_PER_SECOND,
  DEFAULT_MAX_CONCURRENT_RECORDINGS,
  DEFAULT_MEDIA_DURATION_SECONDS,
  DEFAULT_REQUESTS_PER_SECOND,
  DEFAULT_SECRET_ID,
  DEFAULT_SECRET_KEY,
  type EmulatorOptions,
  type RunningEmulator,
} from "./server";
export { type BattleState, EmulatorControl, type FaultSpec } from "./client";
export type { EmulatorHealth } from "./control";
export { STATE_FILE } from "./dataDir";
export { localConfig, type LocalConfig } from "./localConfig";
export { ACTION_FACTS, actionFacts, type ActionFacts, LIVE_RATE, TRTC_RATE } from "./actions";
export { API_VERSION } from "./api";
export { ApiError, LiveApiError } from "./errors";
export type { ActionDef, Family, HandlerContext, LiveCommandDef, LiveFamily, LiveHandlerContext, Rate } from "./family";
export type { Fault, FaultConnection } from "./gateway/faults";
export type { TemporaryKey } from "./gateway";
export type { RequestLogEntry } from "./gateway/requestLog";
export { LIVE_PREFIX } from "./live";
export { REVERSED_ROOM_ID_TYPES, type RoomIdTypes, TRTC_ROOM_ID_TYPES } from "./roomIds";
export { EmulatorState, type StateOptions, type StateSnapshot } from "./state";
export { type RoomOccupancy, World, type WorldSnapshot } from "./world";
export type { BattleRecord } from "./world/battles";
export { DEFAULT_HISTORY, type HistoryVolume } from "./world/history";
export type { Blocked } from "./world/rooms";
export type { EndReason, TaskCommand, TaskRecord, TaskStatus } from "./world/tasks";
export {
  canonicalRequest,
  credentialScope,
  hashedPayload,
  signature,
  stringToSign,
  tokenFailure,
  utcDate,
  verifyTc3,
  type AuthErrorCode,
  type SignedRequest,
  type Tc3Result,
} from "./tc3";
export { checkUserSig, verifyUserSig, type UserSigCheck } from "./usersig";

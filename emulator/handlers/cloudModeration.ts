// Cloud moderation (slices and screenshots of a room submitted to a moderation supplier):
// CreateCloudModeration, DescribeCloudModeration, ModifyCloudModeration and DeleteCloudModeration
// (TRTC API reference, "Cloud Moderation APIs"; members and ranges from the SDK models of 2026-08).
// The emulator calls no supplier: a task runs, is described, changed and stopped, and no verdict
// comes back.
import { field, nonEmpty, object, oneOf, range } from "../params";
import { BOT_MEMBERS, refuseOtherKind, SLICE_STORAGE, sliceTaskActions, SUBSCRIPTIONS } from "./sliceTasks";

export { roomIdTypes } from "./sliceTasks";

const SUPPLIER_PARAM = {
  AppID: field("string", false),
  SecretId: field("string", false),
  SecretKey: field("string", false),
  AudioBizType: field("string", false),
  ImageBizType: field("string", false),
};

const MODERATION_PARAMS = {
  // The SDK models of 2026-08 list 1 to 3; the page of 2025-12-22 lists 4 and 5 (stream moderation) too.
  ModerationType: field("integer", false, oneOf(1, 2, 3)),
  MaxIdleTime: field("integer", false, range(5, 1800)),
  SliceAudio: field("integer", false, range(15, 60)),
  SliceVideo: field("integer", false, range(1, 60)),
  ModerationSupplier: field("string", false, nonEmpty),
  ModerationSupplierParam: object(SUPPLIER_PARAM, false),
  SaveModerationFile: field("integer", false, oneOf(0, 1, 2)),
  CallbackAllResults: field("integer", false, oneOf(0, 1)),
  SubscribeStreamUserIds: SUBSCRIPTIONS,
};

const CREATE = {
  ...BOT_MEMBERS,
  // ModerationType defaults to 1, audio slices.
  ModerationParams: object(MODERATION_PARAMS, true, (p, name) => refuseOtherKind(p, p.ModerationType ?? 1, { audio: ["SliceAudio"], video: ["SliceVideo"] }, name, "ModerationType")),
  ModerationStorageParams: object({ CloudModerationStorage: object(SLICE_STORAGE, true) }, false),
  ResourceExpiredHour: field("integer", false, range(6, 72)),
};

export const actions = sliceTaskActions({
  family: "CloudModeration",
  regions: ["ap-singapore"],
  names: ["CreateCloudModeration", "DescribeCloudModeration", "ModifyCloudModeration", "DeleteCloudModeration"],
  create: CREATE,
  paramsOf: (p) => p.ModerationParams,
  defaultExpiredHours: 24,
});

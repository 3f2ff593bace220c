// Cloud slicing (audio slices and video screenshots of a room, to a bucket): CreateCloudSliceTask,
// DescribeCloudSliceTask, ModifyCloudSliceTask and DeleteCloudSliceTask (TRTC API reference,
// "Cloud Slicing APIs"; members and ranges from the SDK models of 2026-08). The emulator writes
// no files: the slices go to the user's own bucket, which it does not reach.
import { field, object, oneOf, PRIVATE_MAP_KEY, range } from "../params";
import { BOT_MEMBERS, refuseOtherKind, SLICE_STORAGE, sliceTaskActions, SUBSCRIPTIONS } from "./sliceTasks";

export { roomIdTypes } from "./sliceTasks";

const SLICE_PARAMS = {
  // Documented optional, but the error list carries MissingParameter.SliceType.
  SliceType: field("integer", true, oneOf(1, 2, 3)),
  MaxIdleTime: field("integer", false, range(5, 86400)),
  SliceAudio: field("integer", false, range(15, 60)),
  SliceVideo: field("integer", false, range(5, 60)),
  SubscribeStreamUserIds: SUBSCRIPTIONS,
  SliceImageType: field("integer", false, oneOf(0, 1)),
  // "Deprecated: the callback URL is configured in the console", yet still accepted.
  SliceCallbackUrl: field("string", false),
};

const CREATE = {
  ...BOT_MEMBERS,
  SliceParams: object(SLICE_PARAMS, true, (p, name) => refuseOtherKind(p, p.SliceType, { audio: ["SliceAudio"], video: ["SliceVideo", "SliceImageType"] }, name, "SliceType")),
  SliceStorageParams: object({ CloudSliceStorage: object(SLICE_STORAGE, true) }, true),
  ResourceExpiredHour: field("integer", false, range(6, 720)),
  PrivateMapKey: PRIVATE_MAP_KEY,
};

export const actions = sliceTaskActions({
  family: "CloudSliceTask",
  regions: ["ap-singapore", "eu-frankfurt"],
  names: ["CreateCloudSliceTask", "DescribeCloudSliceTask", "ModifyCloudSliceTask", "DeleteCloudSliceTask"],
  create: CREATE,
  paramsOf: (p) => p.SliceParams,
  defaultExpiredHours: 72,
});

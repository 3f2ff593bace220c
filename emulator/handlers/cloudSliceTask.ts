// Cloud slicing (audio slices and video screenshots of a room, to a bucket): CreateCloudSliceTask,
// DescribeCloudSliceTask, ModifyCloudSliceTask and DeleteCloudSliceTask (TRTC API reference,
// "Cloud Slicing APIs"; members and ranges from the SDK models of 2026-08). The emulator writes
// no files: the slices go to the user's own bucket, which it does not reach.
import { invalidParameter } from "../errors";
import { field, object, oneOf, type Params, PRIVATE_MAP_KEY, range, SDK_APP_ID, USER_ID, USER_SIG } from "../params";
import { SLICE_STORAGE, sliceTaskActions, SUBSCRIPTIONS } from "./sliceTasks";

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

/** SliceType 1 slices audio, 2 takes screenshots, 3 both: a setting for the other kind is refused. */
function sliceSettingsApply(p: Params<typeof SLICE_PARAMS>, name: string): void {
  if (p.SliceAudio !== undefined && p.SliceType === 2) throw invalidParameter(`${name}.SliceAudio`, "applies only to SliceType 1 or 3");
  if ((p.SliceVideo !== undefined || p.SliceImageType !== undefined) && p.SliceType === 1) throw invalidParameter(`${name}.SliceVideo`, "applies only to SliceType 2 or 3");
}

const CREATE = {
  SdkAppId: SDK_APP_ID,
  RoomId: field("string", true),
  UserId: USER_ID,
  UserSig: USER_SIG,
  SliceParams: object(SLICE_PARAMS, true, sliceSettingsApply),
  SliceStorageParams: object({ CloudSliceStorage: object(SLICE_STORAGE, true) }, true),
  RoomIdType: field("integer", false, oneOf(0, 1)),
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

import type { ActionTable } from "./action";

// Watermark and background pictures of an application: the pages CreatePicture, DescribePicture,
// ModifyPicture and DeletePicture (TRTC API reference). Each page: "This API only supports:
// ap-guangzhou", 20 requests a second.
const REGIONS = ["ap-guangzhou"];

export const pictureActions = {
  CreatePicture: { regions: REGIONS },
  DescribePicture: { regions: REGIONS },
  ModifyPicture: { regions: REGIONS },
  DeletePicture: { regions: REGIONS },
} satisfies ActionTable;

/** DeletePicture's code for a picture that is not there (tencentcloud-sdk-go, trtc errors.go: "the picture to operate on was not found"). */
export const PICTURE_GONE = ["InvalidParameter.PictureNotFound"];

/** DescribePicture's default page: "10 is used if it is left empty"; no page gives a largest PageSize, so none larger is asked for. */
export const PICTURE_PAGE_SIZE = 10;

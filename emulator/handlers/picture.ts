// Watermark and background pictures of an application: CreatePicture, DescribePicture,
// ModifyPicture and DeletePicture (TRTC API reference), with the error codes the official SDK
// lists for each. Pictures are configuration: they stay until deleted.
import { ApiError, invalidParameter } from "../errors";
import type { ActionDef } from "../family";
import { atLeast, field, readParams, SDK_APP_ID } from "../params";
import type { PictureRecord } from "../world/pictures";

// Each of the four pages: "This API only supports: ap-guangzhou".
const REGIONS = ["ap-guangzhou"] as const;

/** CreatePicture's Content: "the base64-encoded image, at most 2M long" (SDK models). */
export const MAX_CONTENT_LENGTH = 2 * 1024 * 1024;
/**
 * No page lists the suffixes CreatePicture takes; the other watermark images of TRTC (McuWaterMarkImage,
 * the AI placeholder image) take png, jpg and jpeg, and CheckSuffixFailed refuses the rest.
 */
const SUFFIXES = ["png", "jpg", "jpeg"];
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** DescribePicture: "10 is used if it is left empty"; no page gives a largest PageSize. */
const DEFAULT_PAGE_SIZE = 10;

const PICTURE_ID = field("integer", true, atLeast(1));
/** The size and position: the pages give no range, so non-negative integers (uint64 in the SDK models). */
function layout<R extends boolean>(required: R) {
  const measure = field("integer", required, atLeast(0));
  return { Height: measure, Width: measure, XPosition: measure, YPosition: measure };
}

const CREATE = {
  SdkAppId: SDK_APP_ID,
  Content: field("string", true),
  Suffix: field("string", true),
  ...layout(true),
};

const DESCRIBE = {
  SdkAppId: SDK_APP_ID,
  PictureId: field("integer", false, atLeast(1)),
  PageSize: field("integer", false, atLeast(1)),
  PageNo: field("integer", false, atLeast(1)),
};

/** What DescribePicture reports of a picture: never its content or suffix. */
function pictureInfo(p: PictureRecord) {
  return { PictureId: p.id, SdkAppId: p.sdkAppId, Height: p.height, Width: p.width, XPosition: p.xPosition, YPosition: p.yPosition };
}

function notFound(sdkAppId: number, pictureId: number): ApiError {
  return new ApiError("InvalidParameter.PictureNotFound", `Picture ${pictureId} of SdkAppId ${sdkAppId} was not found.`);
}

export const actions: Record<string, ActionDef> = {
  CreatePicture: {
    regions: REGIONS,
    handle({ params, world }) {
      const p = readParams(params, CREATE);
      // CheckContentFailed is the SDK's "picture too large"; content that is no Base64 is refused as invalid.
      if (!BASE64.test(p.Content) || p.Content.length === 0) throw invalidParameter("Content", "must be the image encoded in Base64");
      if (p.Content.length > MAX_CONTENT_LENGTH) {
        throw new ApiError("InvalidParameter.CheckContentFailed", `The picture is too large: Content must be at most ${MAX_CONTENT_LENGTH} characters.`);
      }
      if (!SUFFIXES.includes(p.Suffix.toLowerCase())) {
        throw new ApiError("InvalidParameter.CheckSuffixFailed", `The suffix ${p.Suffix} failed the check: use one of ${SUFFIXES.join(", ")}.`);
      }
      const picture = world.pictures.create({
        sdkAppId: p.SdkAppId,
        content: p.Content,
        suffix: p.Suffix,
        height: p.Height,
        width: p.Width,
        xPosition: p.XPosition,
        yPosition: p.YPosition,
      });
      return { PictureId: picture.id };
    },
  },
  DescribePicture: {
    regions: REGIONS,
    handle({ params, world }) {
      const p = readParams(params, DESCRIBE);
      // An id that names no picture finds none: DescribePicture lists no error for it.
      const found = p.PictureId === undefined ? world.pictures.of(p.SdkAppId) : [world.pictures.get(p.SdkAppId, p.PictureId)].filter((x) => x !== undefined);
      const size = p.PageSize ?? DEFAULT_PAGE_SIZE;
      const first = ((p.PageNo ?? 1) - 1) * size;
      return { Total: found.length, PictureInfo: found.slice(first, first + size).map(pictureInfo) };
    },
  },
  ModifyPicture: {
    regions: REGIONS,
    handle({ params, world }) {
      const p = readParams(params, { PictureId: PICTURE_ID, SdkAppId: SDK_APP_ID, ...layout(false) });
      const picture = world.pictures.get(p.SdkAppId, p.PictureId);
      // The SDK lists no PictureNotFound for ModifyPicture, only the generic InvalidParameter.
      if (!picture) throw new ApiError("InvalidParameter", `The parameter PictureId is invalid: no picture ${p.PictureId} in SdkAppId ${p.SdkAppId}.`);
      world.pictures.modify(picture, { height: p.Height, width: p.Width, xPosition: p.XPosition, yPosition: p.YPosition });
      return {};
    },
  },
  DeletePicture: {
    regions: REGIONS,
    handle({ params, world }) {
      const p = readParams(params, { PictureId: PICTURE_ID, SdkAppId: SDK_APP_ID });
      const picture = world.pictures.get(p.SdkAppId, p.PictureId);
      if (!picture) throw notFound(p.SdkAppId, p.PictureId);
      world.pictures.delete(picture);
      return {};
    },
  },
};

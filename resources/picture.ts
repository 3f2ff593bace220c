import { z } from "zod";
import { PICTURE_GONE, PICTURE_PAGE_SIZE } from "../provider/api/picture";
import * as field from "../provider/fields";
import { configSpec, IN_PLACE, REPLACE, SECRET } from "../provider/spec";

/**
 * A watermark or background picture of an application, for On-Cloud MixTranscoding: CreatePicture /
 * DescribePicture / ModifyPicture / DeletePicture (TRTC API reference; members from the SDK models
 * 4.1.313). Configuration, not a task: it stays until deleted, and the console's Material
 * Management can change or delete it too, which refresh shows as drift. Modify sets the size and
 * position; the image itself can only be replaced.
 */

/** CreatePicture's Content: "the base64-encoded image, at most 2M long" (SDK models). */
const MAX_CONTENT_LENGTH = 2 * 1024 * 1024;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

// The pages give no range for the size and position (uint64 in the SDK models).
const pixels = (what: string) => field.atLeast(0).describe(`${what}, in pixels.`);

const inputs = z
  .object({
    sdkAppId: field.sdkAppId,
    content: field.text
      .max(MAX_CONTENT_LENGTH, { error: `must be at most ${MAX_CONTENT_LENGTH} characters (the 2 MB of Base64 CreatePicture takes)` })
      .regex(BASE64, { error: "must be the image encoded in Base64" })
      .describe(
        "The image, encoded in Base64 (at most 2 MB of it): read a file with `fs.readFileSync(path).toString(\"base64\")`. " +
          "Secret, though no credential, so previews show no Base64: a new image shows as a new `contentSha256`, which replaces the picture.",
      ),
    // No page lists the suffixes; the other watermark images of TRTC take png, jpg and jpeg.
    suffix: z.enum(["png", "jpg", "jpeg"], { error: 'must be "png", "jpg" or "jpeg"' }).describe('The image\'s file type: "png", "jpg" or "jpeg".'),
    height: pixels("The picture's height"),
    width: pixels("The picture's width"),
    xPosition: pixels("Where the picture sits from the left"),
    yPosition: pixels("Where the picture sits from the top"),
  })
  .describe("A watermark or background picture of the application, for On-Cloud MixTranscoding; kept until deleted.");

export type PictureInputs = z.output<typeof inputs>;

export interface PictureOutputs {
  /** The SHA-256 of the image, as `sha256sum` prints it for the file: what previews show of a new image, the content being secret. */
  contentSha256: string;
}

/** The size and position as DescribePicture reports them (never the content or suffix). */
function layoutOf(info: Record<string, unknown>) {
  return { height: info.Height, width: info.Width, xPosition: info.XPosition, yPosition: info.YPosition };
}

const pictureInfo = (response: Record<string, unknown>) => (Array.isArray(response.PictureInfo) ? (response.PictureInfo as Record<string, unknown>[]) : []);

export const picture = configSpec({
  kind: "Picture",
  noun: "picture",
  inputs,
  // The content is no credential, but a secret is the one value Pulumi previews quietly; its
  // fingerprint shows a new image. (An asset previews as its path and hash, but the dynamic provider
  // is handed no hash; `hideDiffs` still prints a create whole.)
  fields: { sdkAppId: REPLACE, content: SECRET, suffix: REPLACE, height: IN_PLACE, width: IN_PLACE, xPosition: IN_PLACE, yPosition: IN_PLACE },
  fingerprints: { contentSha256: "content" } satisfies Record<keyof PictureOutputs, keyof PictureInputs>,
  create: {
    action: "CreatePicture",
    request: (v) => ({ SdkAppId: v.sdkAppId, Content: v.content, Suffix: v.suffix, Height: v.height, Width: v.width, XPosition: v.xPosition, YPosition: v.yPosition }),
    id: (response) => String(response.PictureId),
    // CreatePicture takes no name: a lost answer is settled by listing the application's pictures.
    findCreated: {
      action: "DescribePicture",
      request: (page, v) => ({ SdkAppId: v.sdkAppId, PageSize: PICTURE_PAGE_SIZE, PageNo: page }),
      items: (response) => pictureInfo(response).map((info) => ({ id: String(info.PictureId), inputs: layoutOf(info) })),
      pageSize: PICTURE_PAGE_SIZE,
    },
  },
  describe: {
    action: "DescribePicture",
    request: (id, key) => ({ SdkAppId: key.sdkAppId, PictureId: Number(id) }),
    // An id that names no picture lists none: the picture was deleted.
    current: (response) => {
      const [info] = pictureInfo(response);
      return info && layoutOf(info);
    },
  },
  modify: {
    action: "ModifyPicture",
    request: (id, v) => ({ PictureId: Number(id), SdkAppId: v.sdkAppId, Height: v.height, Width: v.width, XPosition: v.xPosition, YPosition: v.yPosition }),
  },
  delete: {
    action: "DeletePicture",
    request: (id, v) => ({ PictureId: Number(id), SdkAppId: v.sdkAppId }),
    goneCodes: PICTURE_GONE,
  },
});

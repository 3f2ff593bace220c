// The watermark and background pictures of each application (CreatePicture and its siblings, TRTC
// API reference).
import { type AppObject, ObjectStore } from "./objects";

/** The values DescribePicture reports of a picture, and the content only CreatePicture takes. */
export interface PictureRecord extends AppObject<number> {
  height: number;
  width: number;
  xPosition: number;
  yPosition: number;
  /** Base64, as uploaded; DescribePicture never returns it. */
  content: string;
  suffix: string;
}

/** The first id given: the shape of the ids in the pages' examples (six digits and more). */
const FIRST_ID = 100_861;

export const pictureStore = () => new ObjectStore<number, PictureRecord>((n) => FIRST_ID + n);
export type PictureStore = ReturnType<typeof pictureStore>;

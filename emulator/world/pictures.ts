// The watermark and background pictures of each application (CreatePicture and its siblings, TRTC
// API reference): configuration, kept until deleted, by the API or by the control surface standing
// in for the console's material management.

/** The values DescribePicture reports of a picture, and the content only CreatePicture takes. */
export interface PictureRecord {
  pictureId: number;
  sdkAppId: number;
  height: number;
  width: number;
  xPosition: number;
  yPosition: number;
  /** Base64, as uploaded; DescribePicture never returns it. */
  content: string;
  suffix: string;
}

/** What ModifyPicture (or the console) can change of a picture. */
export type PictureLayout = Partial<Pick<PictureRecord, "height" | "width" | "xPosition" | "yPosition">>;

/** The first id given: the shape of the ids in the pages' examples (six digits and more). */
const FIRST_ID = 100_861;

export class PictureStore {
  private readonly pictures = new Map<number, PictureRecord>();
  private nextId = FIRST_ID;

  create(init: Omit<PictureRecord, "pictureId">): PictureRecord {
    const picture = { ...init, pictureId: this.nextId++ };
    this.pictures.set(picture.pictureId, picture);
    return picture;
  }

  get(sdkAppId: number, pictureId: number): PictureRecord | undefined {
    const picture = this.pictures.get(pictureId);
    return picture?.sdkAppId === sdkAppId ? picture : undefined;
  }

  /** The application's pictures, oldest first. */
  of(sdkAppId: number): PictureRecord[] {
    return [...this.pictures.values()].filter((p) => p.sdkAppId === sdkAppId);
  }

  list(): PictureRecord[] {
    return [...this.pictures.values()];
  }

  modify(picture: PictureRecord, layout: PictureLayout): PictureRecord {
    const defined = Object.entries(layout).filter(([, v]) => v !== undefined);
    Object.assign(picture, Object.fromEntries(defined));
    return picture;
  }

  delete(picture: PictureRecord): void {
    this.pictures.delete(picture.pictureId);
  }

  clear(): void {
    this.restore([]);
  }

  /** The next id follows the largest restored, so a restarted emulator never gives an id twice. */
  restore(pictures: readonly PictureRecord[]): void {
    this.pictures.clear();
    for (const picture of pictures) this.pictures.set(picture.pictureId, picture);
    this.nextId = Math.max(FIRST_ID, ...pictures.map((p) => p.pictureId + 1));
  }
}

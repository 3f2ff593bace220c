import * as trtc from "pulumi-trtc";
import { type Build, ingestArgs, roomBot } from "./layout";

/** Every resource family, one entry each; the mixed stack takes them in turn. */
const families = {
  StreamIngest: (s, userSig) => new trtc.StreamIngest(s.name, ingestArgs(s, userSig)),
  CloudRecording: (s, userSig) =>
    new trtc.CloudRecording(s.name, {
      ...roomBot(s),
      userSig,
      recordParams: { recordMode: 2, maxIdleTime: 3600 },
      storageParams: {
        cloudStorage: { vendor: 0, region: "ap-singapore", bucket: "bench-1250000000", accessKey: "AKIDbench", secretKey: "bench-cos-key" },
      },
    }),
} satisfies Record<string, Build>;

export const shapes: Record<string, Build[]> = {
  ingest: [families.StreamIngest],
  mixed: Object.values(families),
};

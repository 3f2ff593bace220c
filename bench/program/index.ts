import * as pulumi from "@pulumi/pulumi";
import * as trtc from "pulumi-trtc";
import { type Slot, slots } from "./layout";

// The stacks `npm run bench` measures: config `shape` picks which, `n` how many resources, and
// `botSigs` (secret) holds every bot's UserSig by user id.
const config = new pulumi.Config();
const n = config.requireNumber("n");
const sigs = config.requireSecretObject<Record<string, string>>("botSigs");

type Build = (slot: Slot, userSig: pulumi.Output<string>) => pulumi.Resource;

const room = (s: Slot) => ({ sdkAppId: s.sdkAppId, roomId: s.roomId, userId: s.userId });
const ingest = (s: Slot, userSig: pulumi.Output<string>) => ({
  ...room(s),
  userSig,
  streamUrl: `https://media.example.com/bench/${s.index}.mp4`,
  repeatNum: -1,
});

/** Every resource family, one entry each; the mixed stack takes them in turn. */
const families = {
  StreamIngest: (s, userSig) => new trtc.StreamIngest(s.name, ingest(s, userSig)),
  CloudRecording: (s, userSig) =>
    new trtc.CloudRecording(s.name, {
      ...room(s),
      userSig,
      recordParams: { recordMode: 2, maxIdleTime: 3600 },
      storageParams: {
        cloudStorage: { vendor: 0, region: "ap-singapore", bucket: "bench-1250000000", accessKey: "AKIDbench", secretKey: "bench-cos-key" },
      },
    }),
} satisfies Record<string, Build>;

/** Pulumi's own cost: a dynamic provider that does nothing, serialised into state like ours. */
const doNothing: pulumi.dynamic.ResourceProvider = {
  create: async (inputs) => ({ id: String(inputs.userId), outs: inputs }),
};

class DoNothing extends pulumi.dynamic.Resource {
  constructor(name: string, args: pulumi.Inputs) {
    super(doNothing, name, args, {}, "bench", "DoNothing");
  }
}

const shapes: Record<string, Build[]> = {
  floor: [(s, userSig) => new DoNothing(s.name, ingest(s, userSig))],
  ingest: [families.StreamIngest],
  mixed: Object.values(families),
};
const builds = shapes[config.require("shape")];
for (const s of slots(n)) builds[s.index % builds.length](s, sigs.apply((all) => all[s.userId]));

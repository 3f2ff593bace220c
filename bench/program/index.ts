import * as pulumi from "@pulumi/pulumi";
import { FAMILIES, type Kind, SHAPES } from "./families";
import { slots } from "./layout";

// The stacks `npm run bench` measures: config `shape` picks which (ingest or mixed), `provider`
// whose resources (`trtc`, or `floor`: a do-nothing provider's with the same properties), `n` how
// many, `first` (optional) the first slot (stacks sharing an account take different slots), and
// `botSigs` (secret) holds every bot's UserSig by user id.
const config = new pulumi.Config();
const kinds = SHAPES[config.require("shape")];
const sigs = config.requireSecretObject<Record<string, string>>("botSigs");

type Make = (kind: Kind, name: string, args: pulumi.Inputs) => pulumi.Resource;
// pulumi-trtc is loaded only by our stacks, so a floor measures Pulumi alone.
const { make } = (config.require("provider") === "floor" ? require("./floor") : require("./trtc")) as { make: Make };
for (const s of slots(config.requireNumber("n"), config.getNumber("first"))) {
  const kind = kinds[s.index % kinds.length];
  make(kind, s.name, FAMILIES[kind].args(s, sigs.apply((all) => all[s.userId])));
}

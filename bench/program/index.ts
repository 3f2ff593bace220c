import * as pulumi from "@pulumi/pulumi";
import { type Build, slots } from "./layout";

// The stacks `npm run bench` measures: config `shape` picks which (floor, ingest or mixed), `n`
// how many resources, and `botSigs` (secret) holds every bot's UserSig by user id.
const config = new pulumi.Config();
const shape = config.require("shape");
const sigs = config.requireSecretObject<Record<string, string>>("botSigs");

// pulumi-trtc is loaded only by our stacks, so the floor measures Pulumi alone.
const builds: Build[] =
  shape === "floor" ? (require("./floor") as typeof import("./floor")).floor : (require("./trtc") as typeof import("./trtc")).shapes[shape];
for (const s of slots(config.requireNumber("n"))) builds[s.index % builds.length](s, sigs.apply((all) => all[s.userId]));

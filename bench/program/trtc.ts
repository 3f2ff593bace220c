import type * as pulumi from "@pulumi/pulumi";
import * as trtc from "pulumi-trtc";
import type { FAMILIES, Kind } from "./families";

type Args<K extends Kind> = ReturnType<(typeof FAMILIES)[K]["args"]>;

// Each family's bench arguments, type-checked against its resource's own.
const resources: { [K in Kind]: (name: string, args: Args<K>) => pulumi.Resource } = {
  StreamIngest: (name, args) => new trtc.StreamIngest(name, args),
  CloudRecording: (name, args) => new trtc.CloudRecording(name, args),
  RelayTask: (name, args) => new trtc.RelayTask(name, args),
  AIConversation: (name, args) => new trtc.AIConversation(name, args),
  AITranscription: (name, args) => new trtc.AITranscription(name, args),
  WebRecord: (name, args) => new trtc.WebRecord(name, args),
  CloudSliceTask: (name, args) => new trtc.CloudSliceTask(name, args),
  CloudModeration: (name, args) => new trtc.CloudModeration(name, args),
  CloudTranscription: (name, args) => new trtc.CloudTranscription(name, args),
  LiveStreamModeration: (name, args) => new trtc.LiveStreamModeration(name, args),
};

export function make<K extends Kind>(kind: K, name: string, args: Args<K>): pulumi.Resource {
  return resources[kind](name, args);
}

// Every resource family, one file each: what a program imports. The provider serves the specs of
// registry.ts.
export * from "./streamIngest";
export * from "./cloudRecording";
export * from "./relayTask";
export * from "./aiConversation";
export * from "./aiTranscription";
export * from "./webRecord";
export * from "./cloudSliceTask";
export * from "./cloudModeration";
export * from "./cloudTranscription";
export * from "./liveStreamModeration";
export * from "./picture";
export * from "./vocabulary";

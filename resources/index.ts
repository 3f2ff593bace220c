// Every resource family, one file each. The provider runtime finds task specs among these exports.
export * from "./streamIngest";
export * from "./cloudRecording";
export * from "./relayTask";
export * from "./aiConversation";
export * from "./aiTranscription";

// Every function family, one file each: each function is offered as a Promise and as an Output.
export * from "./moderation";
export * from "./battle";
export * from "./callQuality";
export * from "./usage";
export * from "./dashboard";
export * from "./ai";
export * from "./tts";
export * from "./audioModeration";
export * from "./vocabulary";

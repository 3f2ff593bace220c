// The generic task engine: a TaskSpec in, the dynamic provider methods out.
export { type EndedSink, TaskEngine } from "./lifecycle";
export { nextSequence } from "./sequence";
export type { PathChange } from "./changes";

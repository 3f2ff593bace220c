// The path every serialised `__provider` stub loads (stub.ts), in this version and in state that
// older versions wrote, so it stays. What it serves is the package's composition root.
export * from "../runtime";

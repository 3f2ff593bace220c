// A leaf module: the public declarations of the review module name no zod (preview.ts parses with it).

/** Input this command does not understand. The CLI prints the message alone, never a stack. */
export class ReviewError extends Error {}

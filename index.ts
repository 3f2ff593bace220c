// The package's public surface. The classes, functions, argument types and named constants are
// generated from the specs (sdk/, scripts/generate.ts); the specs themselves stay internal.
export * from "./sdk/resources";
export * from "./sdk/functions";
export type * from "./sdk/args";
export * from "./sdk/enums";
export type * as types from "./sdk/types";
export { BATTLE_RESULT, ROOM_NOT_EXIST, USER_NOT_EXIST } from "./functions/codes";
export { TrtcError, ConfigError, ValidationError } from "./provider/errors";
export { ENDPOINTS, LIVE_ENDPOINTS, DEFAULT_ADMIN_USER_ID } from "./provider/settings";
export type { FunctionOptions, FunctionOutputOptions, FunctionSettings, LookupProgress } from "./provider/options";

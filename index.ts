export * from "./resources";
export * from "./functions";
export { TrtcError, ConfigError, ValidationError } from "./provider/errors";
export { ENDPOINTS, LIVE_ENDPOINTS, DEFAULT_ADMIN_USER_ID } from "./provider/settings";
export type { FunctionOptions, FunctionSettings } from "./provider/invoke";

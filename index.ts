export * from "./resources";
export { TrtcError, ConfigError } from "./provider/errors";
export { ENDPOINTS } from "./provider/settings";

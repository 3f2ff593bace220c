// The provider runtime: the generic host serving every resource spec of the registry. The serialised
// stub reaches it by package name through provider/runtime.
import { providerHost } from "./provider/host";
import { RESOURCE_SPECS } from "./registry";

export const { configure, check, diff, create, read, update, remove } = providerHost(RESOURCE_SPECS);

import * as pulumi from "@pulumi/pulumi";
import { FAMILIES, type Kind } from "./families";

/**
 * A dynamic provider that does nothing, serialised into state like ours. It notes when the engine
 * asked it to create, so the bench knows the engine's own pace: the first to last create.
 */
const doNothing: pulumi.dynamic.ResourceProvider = {
  create: async (inputs) => ({
    id: String(inputs.benchName),
    outs: { ...inputs, taskId: String(inputs.benchName), status: "InProgress", createdAt: Date.now() },
  }),
  // Refresh reads what state holds. Without a read the provider host hands the properties back
  // untouched, skipping the conversions every real read pays, so the floor would be too low.
  read: async (id, props) => ({ id, props }),
};

/**
 * Pulumi's own cost for one of our resources: the same properties (the inputs, and the region,
 * taskId, status and __kind a task resource adds), the same secrets, and a provider that does nothing.
 */
class DoNothing extends pulumi.dynamic.Resource {
  constructor(name: string, kind: Kind, args: pulumi.Inputs) {
    const props = { ...args, region: undefined, taskId: undefined, status: undefined, __kind: kind, benchName: name };
    super(doNothing, name, props, { additionalSecretOutputs: FAMILIES[kind].secrets }, "bench", "DoNothing");
  }
}

export function make(kind: Kind, name: string, args: pulumi.Inputs): pulumi.Resource {
  return new DoNothing(name, kind, args);
}

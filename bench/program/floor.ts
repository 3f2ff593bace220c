import * as pulumi from "@pulumi/pulumi";
import { type Build, ingestArgs } from "./layout";

/** A dynamic provider that does nothing, serialised into state like ours. */
const doNothing: pulumi.dynamic.ResourceProvider = {
  create: async (inputs) => ({ id: String(inputs.userId), outs: { ...inputs, taskId: String(inputs.userId), status: "InProgress" } }),
};

/**
 * Pulumi's own cost for a stack of StreamIngests: the same properties (the inputs, and the region,
 * taskId, status and __kind a task resource adds), the same secret, and a provider that does nothing.
 */
class DoNothing extends pulumi.dynamic.Resource {
  constructor(name: string, args: pulumi.Inputs) {
    const props = { ...args, region: undefined, taskId: undefined, status: undefined, __kind: "DoNothing" };
    super(doNothing, name, props, { additionalSecretOutputs: ["userSig"] }, "bench", "DoNothing");
  }
}

export const floor: Build[] = [(s, userSig) => new DoNothing(s.name, ingestArgs(s, userSig))];

import type * as dynamic from "@pulumi/pulumi/dynamic";

/**
 * The object Pulumi serialises into every resource's state as `__provider`. It must capture
 * nothing: no client, schema or credential, or serialisation fails or leaks. Each method loads
 * the runtime by package name when the engine calls it. It is this module's whole export, so
 * from an installed package Pulumi stores it as one `require("pulumi-trtc/dist/provider/stub.js")`:
 * small, the same for every resource, and secret-free.
 */
const stub: dynamic.ResourceProvider = {
  configure: (req) => require("pulumi-trtc/dist/provider/runtime").configure(req),
  check: (olds, news) => require("pulumi-trtc/dist/provider/runtime").check(olds, news),
  diff: (id, olds, news) => require("pulumi-trtc/dist/provider/runtime").diff(id, olds, news),
  create: (inputs) => require("pulumi-trtc/dist/provider/runtime").create(inputs),
  read: (id, props) => require("pulumi-trtc/dist/provider/runtime").read(id, props),
  update: (id, olds, news) => require("pulumi-trtc/dist/provider/runtime").update(id, olds, news),
  delete: (id, props) => require("pulumi-trtc/dist/provider/runtime").remove(id, props),
};

export = stub;

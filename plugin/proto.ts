// Pulumi's protocol messages and gRPC, as the generated stubs in @pulumi/pulumi/proto load them:
// messages must come from the very google-protobuf and grpc-js those stubs use, so they are taken
// from @pulumi/pulumi's own dependencies rather than resolved from this package.
import { createRequire } from "node:module";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as anyTypes from "google-protobuf/google/protobuf/any_pb";
import type * as emptyTypes from "google-protobuf/google/protobuf/empty_pb";
import type * as structTypes from "google-protobuf/google/protobuf/struct_pb";

const fromPulumi = createRequire(require.resolve("@pulumi/pulumi"));
export const grpc = fromPulumi("@grpc/grpc-js") as typeof grpcTypes;
export const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb") as typeof structTypes;
export const { Empty } = fromPulumi("google-protobuf/google/protobuf/empty_pb") as typeof emptyTypes;
export const { Any } = fromPulumi("google-protobuf/google/protobuf/any_pb") as typeof anyTypes;
export type { grpcTypes, structTypes };

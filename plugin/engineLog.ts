// Messages for the user, through the engine's Log service: a plugin's stderr is not shown to the
// user in every operation (an import's is not), the engine's log is, under the resource it names.
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import { grpc } from "./proto";

export type Severity = "info" | "warning";
/** Logs `message` under the resource `urn` (the stack when empty); never fails the operation. */
export type EngineLog = (severity: Severity, message: string, urn?: string) => Promise<void>;

const SEVERITIES = { info: engproto.LogSeverity.INFO, warning: engproto.LogSeverity.WARNING } as const;

/** The engine at `address` (the plugin's first argument), or stderr when the plugin runs without one (tests). */
export function engineLog(address: string | undefined): EngineLog {
  if (!address) return async (_, message) => void console.error(message);
  const client = new engrpc.EngineClient(address, grpc.credentials.createInsecure() as never);
  return (severity, message, urn = "") =>
    new Promise((resolve) => client.log(new engproto.LogRequest().setSeverity(SEVERITIES[severity]).setMessage(message).setUrn(urn), () => resolve()));
}

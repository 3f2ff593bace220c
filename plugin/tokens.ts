// The plugin's Pulumi type tokens: one package, `trtc`, whose index module holds every resource
// (its kind) and every function (its name), as `trtc:index:StreamIngest` and `trtc:index:getRoomInfo`.

export const PACKAGE = "trtc";
const TOKEN = /^trtc:index:(\w+)$/;

export function resourceToken(spec: { kind: string }): string {
  return `${PACKAGE}:index:${spec.kind}`;
}

export function functionToken(spec: { name: string }): string {
  return `${PACKAGE}:index:${spec.name}`;
}

/** The resource kind a type token names, if it is one of ours. */
export function kindOfToken(type: string): string | undefined {
  return TOKEN.exec(type)?.[1];
}

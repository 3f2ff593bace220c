// Verifies UserSigs the way TRTC does: the sig is base64 (with `*-_` for `+/=`) of a zlib-deflated
// JSON document whose TLS.sig is an HMAC-SHA256, under the application's secret key, of the
// identifier, SDKAppID, issue time and lifetime (Tencent's tls-sig-api-v2 is the generator).
import { createHmac, timingSafeEqual } from "node:crypto";
import { inflateSync } from "node:zlib";
import { ApiError } from "./errors";

export type UserSigCheck =
  | { ok: true }
  | { ok: false; reason: "malformed" | "wrong-app" | "wrong-user" | "bad-signature" | "expired" };

interface SigDoc {
  "TLS.identifier": string;
  "TLS.sdkappid": number;
  "TLS.time": number;
  "TLS.expire": number;
  "TLS.userbuf"?: string;
  "TLS.sig": string;
}

function decode(sig: string): SigDoc | undefined {
  try {
    const base64 = sig.replace(/\*/g, "+").replace(/-/g, "/").replace(/_/g, "=");
    const doc = JSON.parse(inflateSync(Buffer.from(base64, "base64")).toString("utf8")) as Partial<SigDoc>;
    const wellFormed =
      typeof doc["TLS.identifier"] === "string" &&
      Number.isInteger(doc["TLS.sdkappid"]) &&
      Number.isInteger(doc["TLS.time"]) &&
      Number.isInteger(doc["TLS.expire"]) &&
      typeof doc["TLS.sig"] === "string";
    return wellFormed ? (doc as SigDoc) : undefined;
  } catch {
    return undefined;
  }
}

/** Checks `sig` for `userId` of application `sdkAppId` signed with `key`, valid at `nowSeconds`. */
export function verifyUserSig(sig: string, sdkAppId: number, userId: string, key: string, nowSeconds: number): UserSigCheck {
  const doc = decode(sig);
  if (!doc) return { ok: false, reason: "malformed" };
  if (doc["TLS.sdkappid"] !== sdkAppId) return { ok: false, reason: "wrong-app" };
  if (doc["TLS.identifier"] !== userId) return { ok: false, reason: "wrong-user" };
  let content =
    `TLS.identifier:${doc["TLS.identifier"]}\nTLS.sdkappid:${doc["TLS.sdkappid"]}\n` +
    `TLS.time:${doc["TLS.time"]}\nTLS.expire:${doc["TLS.expire"]}\n`;
  if (doc["TLS.userbuf"] !== undefined) content += `TLS.userbuf:${doc["TLS.userbuf"]}\n`;
  const expected = createHmac("sha256", key).update(content).digest();
  const given = Buffer.from(doc["TLS.sig"], "base64");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "bad-signature" };
  if (nowSeconds > doc["TLS.time"] + doc["TLS.expire"]) return { ok: false, reason: "expired" };
  return { ok: true };
}

/**
 * A handler's check of a bot's UserSig field: for an application whose key the emulator knows,
 * a sig that does not verify is refused with the documented code. Applications it has no key for
 * are not checked (the emulator cannot know their keys).
 */
export function checkUserSig(
  state: { appKey(sdkAppId: number): string | undefined; clock: { systemNow(): number } },
  sdkAppId: number,
  userId: string,
  sig: string,
  name = "UserSig",
): void {
  const key = state.appKey(sdkAppId);
  if (key === undefined) return;
  const result = verifyUserSig(sig, sdkAppId, userId, key, Math.floor(state.clock.systemNow() / 1000));
  if (!result.ok) throw new ApiError("InvalidParameter.UserSig", `The parameter ${name} is invalid: UserSig is expired or wrong (${result.reason}).`);
}

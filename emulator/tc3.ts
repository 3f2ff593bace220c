// TC3-HMAC-SHA256 (TencentCloud API signature v3), as specified in "Signature v3" (TRTC API reference).
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export const ALGORITHM = "TC3-HMAC-SHA256";
/** The documented tolerance between X-TC-Timestamp and server time. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

function sha256Hex(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac("sha256", key).update(data).digest();
}

export function hashedPayload(body: Buffer | string): string {
  return sha256Hex(body);
}

export interface CanonicalRequestInput {
  method: string;
  uri: string;
  query: string;
  /** The signed headers only, any case; names and values are lowercased and trimmed. */
  headers: Readonly<Record<string, string>>;
  hashedPayload: string;
}

export function canonicalRequest(input: CanonicalRequestInput): string {
  const headers = Object.entries(input.headers)
    .map(([name, value]) => [name.trim().toLowerCase(), value.trim().toLowerCase()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonicalHeaders = headers.map(([name, value]) => `${name}:${value}\n`).join("");
  const signedHeaders = headers.map(([name]) => name).join(";");
  return [input.method, input.uri, input.query, canonicalHeaders, signedHeaders, input.hashedPayload].join("\n");
}

export function credentialScope(date: string, service: string): string {
  return `${date}/${service}/tc3_request`;
}

export function stringToSign(timestamp: number, scope: string, canonical: string): string {
  return [ALGORITHM, String(timestamp), scope, sha256Hex(canonical)].join("\n");
}

export function signature(secretKey: string, date: string, service: string, toSign: string): string {
  const secretDate = hmac(`TC3${secretKey}`, date);
  const secretService = hmac(secretDate, service);
  const secretSigning = hmac(secretService, "tc3_request");
  return createHmac("sha256", secretSigning).update(toSign).digest("hex");
}

/** The UTC calendar date of a Unix timestamp, as the credential scope carries it. */
export function utcDate(timestampSeconds: number): string {
  return new Date(timestampSeconds * 1000).toISOString().slice(0, 10);
}

export interface SignedRequest {
  method: string;
  path: string;
  query: string;
  /** Node's IncomingHttpHeaders shape: lowercase names. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer | string;
}

export type AuthErrorCode =
  | "AuthFailure.InvalidAuthorization"
  | "AuthFailure.SecretIdNotFound"
  | "AuthFailure.SignatureExpire"
  | "AuthFailure.SignatureFailure"
  | "AuthFailure.TokenFailure";

export interface AuthFailure {
  ok: false;
  code: AuthErrorCode;
  message: string;
}

export type Tc3Result = { ok: true; secretId: string; service: string } | AuthFailure;

const AUTHORIZATION =
  /^TC3-HMAC-SHA256 +Credential=([^/\s,]+)\/(\d{4}-\d{2}-\d{2})\/([^/\s,]+)\/tc3_request, *SignedHeaders=([a-z0-9;-]+), *Signature=([0-9a-f]{64})$/;

/** A header's value; repeated headers (which Node hands over as arrays) are joined. */
export function headerValue(headers: SignedRequest["headers"], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

function fail(code: AuthErrorCode, message: string): AuthFailure {
  return { ok: false, code, message };
}

/**
 * Checks a request's TC3 signature. The service comes from the credential scope, not a fixed
 * "trtc": SDKs pointed at 127.0.0.1:PORT put "127" there.
 */
export function verifyTc3(
  req: SignedRequest,
  lookupKey: (secretId: string) => string | undefined,
  nowMs: number,
): Tc3Result {
  const match = AUTHORIZATION.exec(headerValue(req.headers, "authorization") ?? "");
  if (!match) return fail("AuthFailure.InvalidAuthorization", "The Authorization header is missing or malformed.");
  const [, secretId, date, service, signedHeaderList, claimed] = match;

  const signedNames = signedHeaderList.split(";");
  if (!signedNames.includes("content-type") || !signedNames.includes("host")) {
    return fail("AuthFailure.InvalidAuthorization", "SignedHeaders must include content-type and host.");
  }
  const signed: Record<string, string> = {};
  for (const name of signedNames) {
    const value = headerValue(req.headers, name);
    if (value === undefined) return fail("AuthFailure.InvalidAuthorization", `The signed header ${name} is absent.`);
    signed[name] = value;
  }

  const timestampText = headerValue(req.headers, "x-tc-timestamp") ?? "";
  if (!/^\d+$/.test(timestampText)) return fail("AuthFailure.InvalidAuthorization", "X-TC-Timestamp is missing or not an integer.");
  const timestamp = Number(timestampText);
  if (Math.abs(nowMs / 1000 - timestamp) > MAX_CLOCK_SKEW_SECONDS) {
    return fail("AuthFailure.SignatureExpire", "The signature expired: X-TC-Timestamp differs from server time by more than 5 minutes.");
  }

  const secretKey = lookupKey(secretId);
  if (secretKey === undefined) return fail("AuthFailure.SecretIdNotFound", "The SecretId does not exist.");
  if (date !== utcDate(timestamp)) {
    return fail("AuthFailure.SignatureFailure", "The credential date does not match the UTC date of X-TC-Timestamp.");
  }

  const payloadHash = hashedPayload(req.body);
  const scope = credentialScope(date, service);
  const expected = Buffer.from(claimed, "hex");
  // Tencent SDKs sign the host name without the port (URL.hostname) while sending Host with it;
  // real endpoints never carry a port, so accept a signature over either form.
  const hosts = [signed.host, signed.host.replace(/:\d+$/, "")];
  const valid = [...new Set(hosts)].some((host) => {
    const canonical = canonicalRequest({ method: req.method, uri: req.path, query: req.query, headers: { ...signed, host }, hashedPayload: payloadHash });
    const actual = Buffer.from(signature(secretKey, date, service, stringToSign(timestamp, scope, canonical)), "hex");
    return timingSafeEqual(actual, expected);
  });
  return valid ? { ok: true, secretId, service } : fail("AuthFailure.SignatureFailure", "The signature does not match the request.");
}

/**
 * A temporary credential's calls carry its session token in X-TC-Token, which the signature does
 * not cover; a long-term key needs none ("Common Params", TRTC API reference). Undefined when the
 * call may go on.
 */
export function tokenFailure(expected: string | undefined, req: SignedRequest): AuthFailure | undefined {
  if (expected === undefined) return undefined;
  const given = headerValue(req.headers, "x-tc-token");
  if (given === undefined || given === "") return fail("AuthFailure.TokenFailure", "The SecretId is a temporary key: the X-TC-Token header with its token is missing.");
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b) ? undefined : fail("AuthFailure.TokenFailure", "Temporary certificate token error.");
}

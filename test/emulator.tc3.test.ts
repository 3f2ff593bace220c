// TC3-HMAC-SHA256 against the worked example of Tencent Cloud's "Signature v3" page (TRTC API reference) and, for whole
// signatures (the doc masks its key), against Tencent's own SDK signer.
import Sign from "tencentcloud-sdk-nodejs-common/tencentcloud/common/sign";
import { canonicalRequest, credentialScope, hashedPayload, signature, stringToSign, utcDate, verifyTc3 } from "../emulator";

const PAYLOAD = '{"Limit": 1, "Filters": [{"Values": ["unnamed"], "Name": "instance-name"}]}';
const PAYLOAD_HASH = "99d58dfbc6745f6747f36bfca17dee5e6881dc0428a0a36f96199342bc5b4907";
const CANONICAL_REQUEST = [
  "POST",
  "/",
  "",
  "content-type:application/json; charset=utf-8",
  "host:cvm.tencentcloudapi.com",
  "",
  "content-type;host",
  PAYLOAD_HASH,
].join("\n");
const TIMESTAMP = 1551113065;

describe("the documented worked example", () => {
  it("hashes the payload", () => {
    expect(hashedPayload(PAYLOAD)).toBe(PAYLOAD_HASH);
    expect(hashedPayload(Buffer.from(PAYLOAD))).toBe(PAYLOAD_HASH);
  });

  it("builds the canonical request, normalising and sorting the signed headers", () => {
    const canonical = canonicalRequest({
      method: "POST",
      uri: "/",
      query: "",
      headers: { Host: "cvm.tencentcloudapi.com", "Content-Type": " application/json; charset=utf-8 " },
      hashedPayload: PAYLOAD_HASH,
    });
    expect(canonical).toBe(CANONICAL_REQUEST);
    expect(hashedPayload(canonical)).toBe("2815843035062fffda5fd6f2a44ea8a34818b0dc46f024b8b3786976a3adda7a");
  });

  it("builds the string to sign with the UTC date of the timestamp", () => {
    // 1551113065 is 2019-02-26 in UTC+8 but 2019-02-25 in UTC, as the doc's note warns.
    expect(utcDate(TIMESTAMP)).toBe("2019-02-25");
    expect(stringToSign(TIMESTAMP, credentialScope(utcDate(TIMESTAMP), "cvm"), CANONICAL_REQUEST)).toBe(
      "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n2815843035062fffda5fd6f2a44ea8a34818b0dc46f024b8b3786976a3adda7a",
    );
  });
});

describe("verifyTc3 against requests signed by the SDK", () => {
  const SECRET_ID = "AKIDexample";
  const SECRET_KEY = "example-secret-key";
  const NOW_MS = TIMESTAMP * 1000;
  const body = '{"SdkAppId":1400000001,"TaskId":"abc"}';
  const lookup = (id: string): string | undefined => (id === SECRET_ID ? SECRET_KEY : undefined);

  function signedRequest(overrides: { url?: string; timestamp?: number } = {}) {
    const url = overrides.url ?? "http://127.0.0.1:4321/";
    const timestamp = overrides.timestamp ?? TIMESTAMP;
    const authorization = Sign.sign3({
      method: "POST",
      url,
      payload: Buffer.from(body),
      timestamp,
      service: "127",
      secretId: SECRET_ID,
      secretKey: SECRET_KEY,
      multipart: false,
      boundary: "",
      headers: { "Content-Type": "application/json" },
    });
    return {
      method: "POST",
      path: "/",
      query: "",
      body,
      headers: {
        authorization,
        "content-type": "application/json",
        host: new URL(url).host,
        "x-tc-timestamp": String(timestamp),
      } as Record<string, string>,
    };
  }

  it("computes the same signature as the SDK", () => {
    const req = signedRequest({ url: "https://trtc.tencentcloudapi.com/" });
    const canonical = canonicalRequest({
      method: "POST",
      uri: "/",
      query: "",
      headers: { "content-type": "application/json", host: "trtc.tencentcloudapi.com" },
      hashedPayload: hashedPayload(body),
    });
    const expected = signature(SECRET_KEY, "2019-02-25", "127", stringToSign(TIMESTAMP, "2019-02-25/127/tc3_request", canonical));
    expect(req.headers.authorization).toBe(
      `TC3-HMAC-SHA256 Credential=${SECRET_ID}/2019-02-25/127/tc3_request, SignedHeaders=content-type;host, Signature=${expected}`,
    );
  });

  it("accepts it, with the service taken from the scope and the Host port ignored as the SDK does", () => {
    expect(verifyTc3(signedRequest(), lookup, NOW_MS)).toEqual({ ok: true, secretId: SECRET_ID, service: "127" });
  });

  it("allows up to five minutes of clock difference either way", () => {
    expect(verifyTc3(signedRequest(), lookup, NOW_MS + 300_000).ok).toBe(true);
    expect(verifyTc3(signedRequest(), lookup, NOW_MS - 300_000).ok).toBe(true);
    expect(verifyTc3(signedRequest(), lookup, NOW_MS + 301_000)).toMatchObject({ code: "AuthFailure.SignatureExpire" });
  });

  const failures: Array<[string, (req: ReturnType<typeof signedRequest>) => void, string]> = [
    ["no Authorization", (r) => delete r.headers.authorization, "AuthFailure.InvalidAuthorization"],
    ["another algorithm", (r) => (r.headers.authorization = r.headers.authorization!.replace("TC3-HMAC-SHA256", "HmacSHA256")), "AuthFailure.InvalidAuthorization"],
    ["host not signed", (r) => (r.headers.authorization = r.headers.authorization!.replace("content-type;host", "content-type")), "AuthFailure.InvalidAuthorization"],
    ["no X-TC-Timestamp", (r) => delete r.headers["x-tc-timestamp"], "AuthFailure.InvalidAuthorization"],
    ["an unknown SecretId", (r) => (r.headers.authorization = r.headers.authorization!.replace(SECRET_ID, "AKIDother")), "AuthFailure.SecretIdNotFound"],
    ["a changed body", (r) => (r.body = body.replace("abc", "abd")), "AuthFailure.SignatureFailure"],
    ["a changed content type", (r) => (r.headers["content-type"] = "text/plain"), "AuthFailure.SignatureFailure"],
    ["a credential date that is not the timestamp's", (r) => (r.headers.authorization = r.headers.authorization!.replace("2019-02-25", "2019-02-26")), "AuthFailure.SignatureFailure"],
  ];
  it.each(failures)("rejects %s", (_what, tamper, code) => {
    const req = signedRequest();
    tamper(req);
    expect(verifyTc3(req, lookup, NOW_MS)).toMatchObject({ ok: false, code });
  });
});

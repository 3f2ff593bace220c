import { Api } from "tls-sig-api-v2";
import { verifyUserSig } from "../emulator/usersig";
import { makeUserSig } from "../provider/usersig";
import { resolveSettings } from "../provider/settings";

// Tencent's generator is the oracle: what it signs, the emulator accepts; anything else it refuses.

const APP = 1400000001;
const KEY = "app-secret-key";
const now = () => Math.floor(Date.now() / 1000);

test("a sig from Tencent's generator verifies for its user, app and key", () => {
  const sig = new Api(APP, KEY).genUserSig("bot-1", 300);
  expect(verifyUserSig(sig, APP, "bot-1", KEY, now())).toEqual({ ok: true });
  expect(verifyUserSig(sig, APP, "bot-2", KEY, now())).toEqual({ ok: false, reason: "wrong-user" });
  expect(verifyUserSig(sig, APP + 1, "bot-1", KEY, now())).toEqual({ ok: false, reason: "wrong-app" });
  expect(verifyUserSig(sig, APP, "bot-1", "another-key", now())).toEqual({ ok: false, reason: "bad-signature" });
  expect(verifyUserSig(sig, APP, "bot-1", KEY, now() + 301)).toEqual({ ok: false, reason: "expired" });
  expect(verifyUserSig("not-a-sig", APP, "bot-1", KEY, now())).toEqual({ ok: false, reason: "malformed" });
});

test("the provider signs with the per-app key first, then the shared one, and names both ways when neither is set", () => {
  const settings = resolveSettings((key) => ({ "trtc:sdkSecretKey": "shared", "trtc:sdkSecretKeys": `{"${APP}": "${KEY}"}` })[key], {});
  expect(verifyUserSig(makeUserSig(settings, APP, "bot"), APP, "bot", KEY, now())).toEqual({ ok: true });
  expect(verifyUserSig(makeUserSig(settings, 1400000002, "bot"), 1400000002, "bot", "shared", now())).toEqual({ ok: true });
  expect(() => makeUserSig(resolveSettings(() => undefined, {}), APP, "bot")).toThrow(/trtc:sdkSecretKey.*TRTC_SDK_SECRET_KEY/s);
  expect(() => resolveSettings((key) => (key === "trtc:sdkSecretKeys" ? "[1]" : undefined), {})).toThrow(/sdkSecretKeys must be a JSON object/);
});

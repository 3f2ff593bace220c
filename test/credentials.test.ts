import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { listSecrets, withCredentialsApart, withCredentialsIn } from "../provider/credentials";
import { relayTask } from "../resources/relayTask";

// A relay's lists keep their entries visible and their credentials apart, and get them back whole.

const secrets = listSecrets(relayTask);
const TENCENT = "rtmp://push.example.com/live/show?txSecret=abc&txTime=6A000000";
const YOUTUBE = "rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl";
const whole = {
  roomId: 1,
  publishCdnParams: [{ publishCdnUrl: TENCENT, isTencentCdn: 1 }, { publishCdnUrl: YOUTUBE, isTencentCdn: 0 }],
  feedBackRoomParams: [{ roomId: "overflow", userId: "bot", userSig: "sig" }, { roomId: "other", userId: "bot2" }],
};

test("the relay's secret list members are the push URLs and the feedback bots' sigs", () => {
  expect(secrets.map((s) => `${s.list}[].${s.member}`)).toEqual(["publishCdnParams[].publishCdnUrl", "feedBackRoomParams[].userSig"]);
});

test("a push URL shows up to its auth query, or without one up to its last path segment (a stream key); a sig not at all", () => {
  const apart = withCredentialsApart(secrets, whole);
  expect(apart).toEqual({
    roomId: 1,
    publishCdnParams: [
      { publishCdnUrl: "rtmp://push.example.com/live/show?[secret]", isTencentCdn: 1 },
      { publishCdnUrl: "rtmp://a.rtmp.youtube.com/live2/[secret]", isTencentCdn: 0 },
    ],
    feedBackRoomParams: [{ roomId: "overflow", userId: "bot", userSig: "[secret]" }, { roomId: "other", userId: "bot2" }],
    credentials: {
      "publishCdnParams[0].publishCdnUrl": "txSecret=abc&txTime=6A000000",
      "publishCdnParams[1].publishCdnUrl": "abcd-efgh-ijkl",
      "feedBackRoomParams[0].userSig": "sig",
    },
  });
  expect(JSON.stringify(apart.publishCdnParams)).not.toMatch(/abc|ijkl/);
  expect(withCredentialsIn(secrets, apart)).toEqual(whole);
});

test("props written before credentials were kept apart pass whole; lists without credentials get no credentials input", () => {
  expect(withCredentialsIn(secrets, whole)).toEqual(whole);
  expect(withCredentialsApart(secrets, { roomId: 1, publishCdnParams: [] })).toEqual({ roomId: 1, publishCdnParams: [] });
});

test("while the credentials are unknown (a preview), so are their lists", () => {
  const apart = withCredentialsApart(secrets, whole);
  expect(withCredentialsIn(secrets, { ...apart, credentials: unknownValue })).toEqual({
    roomId: 1,
    publishCdnParams: unknownValue,
    feedBackRoomParams: unknownValue,
  });
});

test("credentials that do not fit their list are refused, not sent", () => {
  const apart = withCredentialsApart(secrets, whole);
  const shorter = { ...apart, publishCdnParams: [(apart.publishCdnParams as unknown[])[0]] };
  expect(() => withCredentialsIn(secrets, shorter)).toThrow("credentials: publishCdnParams[1].publishCdnUrl does not match a masked member of publishCdnParams");
});

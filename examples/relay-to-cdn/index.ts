import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as trtc from "pulumi-trtc";

// A live show: the anchors of a room are mixed into one 720p stream, pushed to Tencent Cloud CDN
// (and to a backup CDN when one is configured) and back into an overflow room for the audience
// that does not fit. Change the layout or the CDN list and the running relay follows; switch to
// relaying the host's own stream untouched and a new relay replaces it.
const config = new pulumi.Config();
const sdkAppId = config.requireNumber("sdkAppId");
const roomId = config.getNumber("roomId") ?? 8888;
const mixing = (config.get("mode") ?? "mix") === "mix";

// Tencent Cloud CSS push authentication: txSecret = md5(key + stream name + txTime), where txTime
// is the URL's expiry in hex. A fixed expiry keeps the URL, and so the program, the same each run.
const pushDomain = config.get("pushDomain") ?? "push.example.com";
const streamName = `show-${roomId}`;
const txTime = (Date.parse(config.get("pushExpiry") ?? "2030-01-01T00:00:00Z") / 1000).toString(16).toUpperCase();
const primaryUrl = config
  .requireSecret("pushKey")
  .apply((key) => `rtmp://${pushDomain}/live/${streamName}?txSecret=${createHash("md5").update(key + streamName + txTime).digest("hex")}&txTime=${txTime}`);
// Tencent Cloud CDN unless `tencentCdn` is false, and another CDN's push URL if the environment
// has one (from your CI's secret store, say): a plain string here, which the relay keeps secret in
// state and previews like every push URL.
const tencentCdn = config.getBoolean("tencentCdn") ?? true;
const backupUrl = process.env.BACKUP_CDN_URL;

const relay = new trtc.RelayTask("show-relay", {
  sdkAppId,
  roomId,
  agentParams: {
    userId: `relay-${roomId}`,
    userSig: config.requireSecret("agentUserSig"),
    maxIdleTime: 60, // stop by itself a minute after the last anchor left
  },
  withTranscoding: mixing ? 1 : 0,
  audioParams: { audioEncode: { sampleRate: 48000, channel: 2, bitRate: 64 } },
  videoParams: {
    videoEncode: { width: 1280, height: 720, fps: 15, bitRate: 1500, gop: 2 },
    // 3 grid, 1 floating, 2 screen sharing
    ...(mixing && { layoutParams: { mixLayoutMode: (config.getNumber("layoutMode") ?? 3) as 1 | 2 | 3 }, backGroundColor: "0x101820" }),
  },
  // Without mixing, the host's stream is relayed as it is.
  ...(!mixing && { singleSubscribeParams: { userMediaStream: { userInfo: { userId: config.get("host") ?? "host" } } } }),
  publishCdnParams: [
    ...(tencentCdn ? [{ publishCdnUrl: primaryUrl, isTencentCdn: 1 as const }] : []),
    ...(backupUrl ? [{ publishCdnUrl: backupUrl, isTencentCdn: 0 as const }] : []),
  ],
  // The overflow room's bot: given no userSig, the provider signs one from trtc:sdkSecretKey.
  feedBackRoomParams: [{ roomId: `${roomId}-overflow`, userId: `relay-feedback-${roomId}`, userSig: config.getSecret("feedbackUserSig") }],
});

export const relayTaskId = relay.taskId;
export const relayStatus = relay.status;
export const relaySequenceNumber = relay.sequenceNumber;

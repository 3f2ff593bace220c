#!/usr/bin/env node
// The last hour's rooms of a TRTC application with their quality, from a plain Node script: no
// Pulumi engine, settings from the environment (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY,
// TENCENTCLOUD_REGION, and TRTC_ENDPOINT for the emulator).
//
//   node last-hour-rooms.js <sdkAppId>
//
// getRoomInfo lists the rooms (every page of them); for each, getUserInfo counts its users and
// getRealTimeQualityData gives its stutter rates, averaged over the room's life.
const trtc = require("pulumi-trtc");

const average = (values) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);
const clock = (seconds) => new Date(seconds * 1000).toISOString().slice(11, 19);

async function lastHourRooms(sdkAppId) {
  const since = new Date(Date.now() - 3600 * 1000);
  const rooms = await trtc.getRoomInfo({ sdkAppId, startTime: since });
  console.log(`${rooms.length} rooms of application ${sdkAppId} since ${since.toISOString()} (UTC times)`);
  console.log("room        created   ended     users  video stutter %  audio stutter %");
  for (const room of rooms) {
    const window = { sdkAppId, startTime: room.createTime, endTime: room.destroyTime };
    const users = await trtc.getUserInfo({ ...window, commId: room.commId });
    const quality = await trtc.getRealTimeQualityData({ ...window, roomId: room.roomId });
    const video = average(quality.map((q) => q.videoFreezeRate ?? 0));
    const audio = average(quality.map((q) => q.audioFreezeRate ?? 0));
    console.log(
      [
        room.roomId.padEnd(11),
        clock(room.createTime),
        room.isFinished ? clock(room.destroyTime) : "ongoing ",
        String(new Set(users.map((u) => u.userId)).size).padStart(5),
        video.toFixed(2).padStart(15),
        audio.toFixed(2).padStart(16),
      ].join(" "),
    );
  }
}

const sdkAppId = Number(process.argv[2]);
if (!Number.isInteger(sdkAppId) || sdkAppId <= 0) {
  console.error("usage: node last-hour-rooms.js <sdkAppId>");
  process.exit(2);
}
lastHourRooms(sdkAppId).catch((err) => {
  // ValidationError, ConfigError and TrtcError say what is wrong.
  console.error(err.message);
  process.exitCode = 1;
});

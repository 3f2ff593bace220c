#!/usr/bin/env node
// Moderating a TRTC room from a plain Node script: no Pulumi engine, settings from the
// environment (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, TENCENTCLOUD_REGION, and
// TRTC_ENDPOINT for the emulator).
//
//   node moderate-room.js <sdkAppId> <roomId> mute|unmute|remove|close [userId...]
//
// A roomId of digits is an integer room, anything else a string room: the functions pick the
// API (DismissRoom or DismissRoomByStrRoomId, ...) from that.
const trtc = require("pulumi-trtc");

const USAGE = "usage: node moderate-room.js <sdkAppId> <roomId> mute|unmute|remove|close [userId...]";

async function moderate(target, command, userIds) {
  switch (command) {
    case "mute":
    case "unmute":
      for (const userId of userIds) {
        await trtc.setUserBlocked({ ...target, userId, blocked: command === "mute" });
        console.log(`${command}d ${userId}`);
      }
      return;
    case "remove":
      await trtc.removeUser({ ...target, userIds });
      console.log(`removed ${userIds.join(", ")}`);
      return;
    case "close":
      await trtc.dismissRoom(target);
      console.log(`closed room ${target.roomId}`);
      return;
    default:
      throw new Error(USAGE);
  }
}

const [sdkAppId, room, command, ...userIds] = process.argv.slice(2);
const target = { sdkAppId: Number(sdkAppId), roomId: /^\d+$/.test(room ?? "") ? Number(room) : room };

moderate(target, command, userIds).catch((err) => {
  if (err instanceof trtc.TrtcError && err.code === trtc.ROOM_NOT_EXIST) {
    console.error(`room ${room} does not exist: nobody is in it`);
    process.exitCode = 3;
  } else {
    // ValidationError, ConfigError and other TrtcErrors say what is wrong.
    console.error(err.message);
    process.exitCode = 1;
  }
});

#!/usr/bin/env node
// A live battle between rooms from a plain Node script, on the Live engine REST API. Settings
// from the environment: TRTC_SDK_SECRET_KEY (the application's secret key, which signs the admin
// UserSig), TRTC_LIVE_ENDPOINT (china, singapore or usa; a local TRTC_ENDPOINT serves both APIs),
// and TRTC_ADMIN_USER_ID if the app admin is not "administrator".
//
//   node battle.js <sdkAppId> <seconds> <fromRoomId> <toRoomId>...
const trtc = require("pulumi-trtc");

const OUTCOME = {
  [trtc.BATTLE_RESULT.ok]: "joined",
  [trtc.BATTLE_RESULT.inAnotherBattle]: "already in another battle",
  [trtc.BATTLE_RESULT.systemError]: "system error",
};

async function battle(sdkAppId, seconds, fromRoomId, toRoomIds) {
  const { battleId, results } = await trtc.createBattle({ sdkAppId, fromRoomId, toRoomIds, duration: seconds * 1000 });
  console.log(`battle ${battleId}`);
  for (const { roomId, resultCode } of results) console.log(`  ${roomId}: ${OUTCOME[resultCode] ?? `result ${resultCode}`}`);
  const info = await trtc.getBattleInfo({ sdkAppId, battleId });
  const ends = new Date(info.endTime * 1000).toISOString();
  console.log(`${info.fromRoom.roomId} against ${info.toRooms.map((r) => r.roomId).join(", ")} until ${ends}`);
}

const [sdkAppId, seconds, fromRoomId, ...toRoomIds] = process.argv.slice(2);
battle(Number(sdkAppId), Number(seconds), fromRoomId, toRoomIds).catch((err) => {
  console.error(err.message);
  process.exitCode = 1;
});

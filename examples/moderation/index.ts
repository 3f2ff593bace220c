import * as pulumi from "@pulumi/pulumi";
import * as trtc from "pulumi-trtc";

// A town hall moderated from its stack: a bot loops the welcome video into the room, and stack
// config says who is muted, who is removed and whether the room is closed. Functions act on
// every `pulumi up` that reaches them; `pulumi preview` only logs what they would do.
//
//   pulumi config set --path 'mute[0]' heckler     # block heckler's audio
//   pulumi config set --path 'remove[0]' spammer   # remove spammer from the room
//   pulumi config set close true                   # remove everyone, ending the town hall
const config = new pulumi.Config();
const sdkAppId = config.requireNumber("sdkAppId");

const welcome = new trtc.StreamIngest("welcome-loop", {
  sdkAppId,
  roomId: config.get("roomId") ?? "town-hall",
  userId: "welcome-bot",
  userSig: config.requireSecret("welcomeBotUserSig"),
  streamUrl: config.get("welcomeUrl") ?? "https://media.example.com/welcome.mp4",
  repeatNum: -1,
});

// The room as the ingest reports it: the functions wait for the bot to be in it.
const room = { sdkAppId, roomId: welcome.roomId };
const mute = config.getObject<string[]>("mute") ?? [];
const remove = config.getObject<string[]>("remove") ?? [];

export const welcomeTaskId = welcome.taskId;
// TRTC's request ids of what this update did.
export const requestIds = {
  muted: mute.map((userId) => trtc.setUserBlockedOutput({ ...room, userId, blocked: "audio" }).requestId),
  ...(remove.length > 0 && { removed: trtc.removeUserOutput({ ...room, userIds: remove }).requestId }),
  ...(config.getBoolean("close") && { closed: trtc.dismissRoomOutput(room).requestId }),
};

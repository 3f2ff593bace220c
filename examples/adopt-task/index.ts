import * as pulumi from "@pulumi/pulumi";
import * as trtc from "pulumi-trtc";

// A lobby stream that a script started before this stack existed. `adoptTaskId` makes the first
// `pulumi up` take that task over instead of starting a second one, and bring its stream URL,
// volume and pause state to the values below; from then on the stack owns it, and `pulumi destroy`
// stops it. adoptTaskId is read only when the resource is created: remove it once adopted.
const config = new pulumi.Config();
const sdkAppId = config.requireNumber("sdkAppId");

const lobby = new trtc.StreamIngest("lobby-stream", {
  sdkAppId,
  roomId: config.getNumber("roomId") ?? 1234,
  userId: config.get("botUserId") ?? "lobby-bot", // the bot the running task joined as
  streamUrl: config.get("streamUrl") ?? "https://media.example.com/lobby.m3u8",
  repeatNum: -1,
  volume: config.getNumber("volume") ?? 80,
  adoptTaskId: config.get("adoptTaskId"),
});

// Someone else's task, only watched: `get` reads it on every up and refresh, never changes or stops it.
const watchTaskId = config.get("watchTaskId");
const watched = watchTaskId ? trtc.StreamIngest.get("watched-stream", watchTaskId, { sdkAppId }) : undefined;

export const lobbyTaskId = lobby.taskId;
export const lobbyStatus = lobby.status;
export const watchedStatus = watched?.status;

import * as pulumi from "@pulumi/pulumi";
import * as trtc from "pulumi-trtc";

// A report stack: lookups read TRTC's monitoring data (they change nothing, so they run in
// `pulumi preview` too) and the stack exports what they found. The span is the last hour unless
// stack config names one (startTime and endTime as ISO-8601 or Unix seconds).
const config = new pulumi.Config();
const sdkAppId = config.requireNumber("sdkAppId");
const endTime = config.get("endTime") ?? new Date().toISOString();
const startTime = config.get("startTime") ?? new Date(Date.parse(endTime) - 3600 * 1000).toISOString();

// The Output variant takes Inputs and gives an Output: every page of rooms, newest first.
const rooms = trtc.getRoomInfoOutput({ sdkAppId, startTime, endTime });
export const roomCount = rooms.apply((list) => list.length);
export const roomList = rooms.apply((list) => list.map(({ roomId, createTime, isFinished }) => ({ roomId, createTime, isFinished })));

// The Promise variant, for plain values: users online every ten seconds, of which the most.
export const peakUsersOnline = trtc
  .getRealTimeScaleData({ sdkAppId, startTime, endTime })
  .then((rows) => Math.max(0, ...rows.map((row) => row.userCount ?? 0)));

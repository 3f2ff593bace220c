import { z } from "zod";
import { CREDENTIAL, REPLACE } from "./spec";

// Field schemas shared by every TRTC resource, with messages that state the rule.

/** An absent value "is required"; a present one of the wrong type gets the rule. */
function rule(message: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? "is required" : message) };
}

/** A nested structure; strict, because a misspelt member would otherwise be dropped without a word. */
export function struct<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape, rule("must be an object"));
}

export const text = z.string(rule("must be a string")).min(1, { error: "must not be empty" });

export function pattern(re: RegExp, description: string) {
  return z.string(rule(`must be ${description}`)).regex(re, { error: `must be ${description}` });
}

export function wholeNumber() {
  return z.number(rule("must be a number")).int({ error: "must be a whole number" });
}

export function int(min: number, max: number) {
  return wholeNumber()
    .min(min, { error: `must be from ${min} to ${max}` })
    .max(max, { error: `must be from ${min} to ${max}` });
}

export function atLeast(min: number) {
  return wholeNumber().min(min, { error: `must be ${min} or more` });
}

export const sdkAppId = z
  .number(rule("must be a number: the SDKAppID of your TRTC application"))
  .int({ error: "must be a whole number" })
  .positive({ error: "must be positive" });

const MAX_ROOM_NUMBER = 4294967294;

/** A number means an integer room (RoomIdType 1); a string means a string room (RoomIdType 0). */
export const roomId = z.union(
  [z.number().int().min(1).max(MAX_ROOM_NUMBER), z.string().min(1).max(64)],
  rule(`must be an integer room number from 1 to ${MAX_ROOM_NUMBER} or a string room id of 1 to 64 characters`),
);

export const userId = z
  .string(rule("must be a string: the user id the task's bot joins the room as"))
  .min(1, { error: "must not be empty" });

export const userSig = z
  .string(rule("must be a string: the UserSig signed for the bot's userId"))
  .min(1, { error: "must not be empty" });

/** Where a task's bot joins: the application, the room, and the bot's own user credentials. */
export const roomBot = {
  /** The SDKAppID of the TRTC application the room belongs to. */
  sdkAppId,
  /** The room: a number for an integer room (RoomIdType 1), a string for a string room (RoomIdType 0). */
  roomId,
  /** The task's bot user id: unique in the room, neither an anchor's nor another bot's. */
  userId,
  /**
   * The bot's UserSig, signed for userId (kept secret). Without it the provider signs a short-lived
   * one when it starts the task, from the application's secret key (trtc:sdkSecretKey).
   */
  userSig: userSig.optional(),
};

/** How changes to `roomBot` apply: another room or bot is another task; the UserSig is a credential. */
export const roomBotRules = { sdkAppId: REPLACE, roomId: REPLACE, userId: REPLACE, userSig: CREDENTIAL } as const;

export function url(schemes: readonly string[]) {
  return z.string(rule("must be a URL string")).refine(
    (value) => {
      try {
        return schemes.includes(new URL(value).protocol.replace(/:$/, ""));
      } catch {
        return false;
      }
    },
    { error: `must be an absolute URL with scheme ${schemes.join(", ")}` },
  );
}

/** The API's RoomId/RoomIdType pair for a room given as a number or a string. */
export function roomParams(room: number | string): { RoomId: string; RoomIdType: 0 | 1 } {
  return typeof room === "number" ? { RoomId: String(room), RoomIdType: 1 } : { RoomId: room, RoomIdType: 0 };
}

/** How every TRTC task API names a task. */
export function taskRef(taskId: string, inputs: { sdkAppId: number }): { SdkAppId: number; TaskId: string } {
  return { SdkAppId: inputs.sdkAppId, TaskId: taskId };
}

export function roomKey(sdkApp: number, room: number | string, user: string): string {
  return JSON.stringify([sdkApp, typeof room, room, user]);
}

import { z } from "zod";
import { CREDENTIAL, REPLACE } from "./spec";
import { fromSetting } from "./validation";

// Field schemas shared by every TRTC resource, with messages that state the rule.

/** An absent value "is required"; a present one of the wrong type gets the rule. */
function rule(message: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? "is required" : message) };
}

/**
 * Names a mode's values for the public types, which offer them as constants (`MixLayoutMode.Grid`
 * for 3) beside the plain values: `schema.meta(constants("MixLayoutMode", { Grid: 3, ... }))`.
 */
export function constants(name: string, members: Record<string, string | number>) {
  return { constants: { name, members } };
}

/** A nested structure; strict, because a misspelt member would otherwise be dropped without a word. */
export function struct<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape, rule("must be an object"));
}

// Cross-field rules, for a schema's superRefine: each names the path it is about.

/** A setting the documents say has no effect here is refused, so a program cannot silently mean something else. */
export function appliesOnly(ctx: z.core.$RefinementCtx, given: unknown, applies: boolean, path: PropertyKey[], when: string) {
  if (given !== undefined && !applies) ctx.addIssue({ code: "custom", path, message: `applies only when ${when}` });
}

export function requiredWhen(ctx: z.core.$RefinementCtx, given: unknown, required: boolean, path: PropertyKey[], when: string) {
  if (given === undefined && required) ctx.addIssue({ code: "custom", path, message: `is required when ${when}` });
}

export const text = z.string(rule("must be a string")).min(1, { error: "must not be empty" });

export const flag = z.boolean(rule("must be true or false"));

export function pattern(re: RegExp, description: string) {
  return z.string(rule(`must be ${description}`)).regex(re, { error: `must be ${description}` });
}

const SAFE = "must be a whole number from -9007199254740991 to 9007199254740991";

export function wholeNumber(typeRule = "must be a number") {
  // Past 2^53 a number is no longer exact, so zod's int() refuses it too, as too big or too small.
  return z.number(rule(typeRule)).int({ error: (issue) => (issue.code === "invalid_type" ? "must be a whole number" : SAFE) });
}

function inRange(schema: z.ZodNumber, min: number, max: number) {
  return schema.min(min, { error: `must be from ${min} to ${max}` }).max(max, { error: `must be from ${min} to ${max}` });
}

export function int(min: number, max: number) {
  return inRange(wholeNumber(), min, max);
}

/** A number that need not be whole (a speed of 1.25). */
export function between(min: number, max: number) {
  return inRange(z.number(rule("must be a number")), min, max);
}

export function atLeast(min: number) {
  return wholeNumber().min(min, { error: `must be ${min} or more` });
}

export const sdkAppId = wholeNumber("must be a number: the SDKAppID of your TRTC application")
  .positive({ error: "must be positive" })
  .meta(fromSetting("sdkAppId"))
  .describe("The SDKAppID of the TRTC application.");

const MAX_ROOM_NUMBER = 4294967294;

/**
 * The 89 characters TRTC allows in a string room id (letters, digits, space and 26 marks), up to
 * 64 bytes. All are ASCII, so 64 characters are 64 bytes.
 */
const STRING_ROOM_ID = /^[A-Za-z0-9 !#$%&()+\-:;<=.>?@[\]^_{}|~,]{1,64}$/;
const STRING_ROOM_RULE = "1 to 64 letters, digits, spaces or !#$%&()+-:;<=.>?@[]^_{}|~,";

const roomNumber = `must be an integer room number from 1 to ${MAX_ROOM_NUMBER}`;
const roomString = `must be a string room id of ${STRING_ROOM_RULE}`;

/** A number means an integer room (RoomIdType 1); a string means a string room (RoomIdType 0). */
export const roomId = z.union(
  [
    wholeNumber().min(1, { error: roomNumber }).max(MAX_ROOM_NUMBER, { error: roomNumber }),
    z.string().regex(STRING_ROOM_ID, { error: roomString }),
  ],
  rule(`${roomNumber}, or a string room id of ${STRING_ROOM_RULE}`),
);

/** TRTC user ids: 1 to 32 letters, digits, _ or - (as Tencent's UserSig generator documents them). */
const USER_ID = /^[A-Za-z0-9_-]{1,32}$/;
const USER_ID_RULE = "1 to 32 letters, digits, _ or -";

export const userId = pattern(USER_ID, `the bot's user id: ${USER_ID_RULE}`);

/** Anyone in a room: an anchor, an audience member or a task's bot. */
export const roomUserId = pattern(USER_ID, `the id of a user in the room: ${USER_ID_RULE}`);

/** Another user of the room, such as an anchor a recording lays out. */
export const anchorId = pattern(USER_ID, `a user id: ${USER_ID_RULE}`);

/** A user id, or a user id prefix followed by `.*$` (as TRTC's subscription lists take them). */
export const anchorIdOrPrefix = pattern(/^[A-Za-z0-9_-]{1,32}(\.\*\$)?$/, `a user id (${USER_ID_RULE}), or a prefix of one followed by .*$`);

/** UserSigs and PrivateMapKeys are base64 with `*`, `-` and `_` for `+`, `/` and `=`: nothing else, no spaces. */
const SIGNED = /^[A-Za-z0-9*_-]+$/;

export const userSig = pattern(SIGNED, "the UserSig signed for the bot's userId: letters, digits, *, _ and - as Tencent's generator makes it");

export const privateMapKey = pattern(SIGNED, "a PrivateMapKey (room permission ticket): letters, digits, *, _ and - as Tencent's generator makes it");

/** Where a task's bot joins: the application, the room, and the bot's own user credentials. */
export const roomBot = {
  sdkAppId: sdkAppId.describe("The SDKAppID of the TRTC application the room belongs to."),
  roomId: roomId.describe("The room: a number for an integer room (RoomIdType 1), a string for a string room (RoomIdType 0)."),
  userId: userId.describe("The task's bot user id: unique in the room, neither an anchor's nor another bot's."),
  userSig: userSig.optional().describe("The bot's UserSig, signed for userId (kept secret). Without it the provider signs a short-lived one when it starts the task, from the application's secret key (trtc:sdkSecretKey)."),
};

/** How changes to `roomBot` apply: another room or bot is another task; the UserSig is a credential. */
export const roomBotRules = { sdkAppId: REPLACE, roomId: REPLACE, userId: REPLACE, userSig: CREDENTIAL } as const;

/**
 * A lost Start answer of a `roomBot` task, settled by the bot (spec.ts BotEviction). Settling
 * relies on RemoveUser alone; FailedOperation.TaskExist, which StartStreamIngest's page lists for a
 * bot that already runs a task, only adds a second removal when a lost Start arrives late.
 */
export const evictRoomBot = {
  existCodes: ["FailedOperation.TaskExist"],
  bot: ({ sdkAppId, roomId, userId }: { sdkAppId: number; roomId: number | string; userId: string }) => ({ sdkAppId, roomId, userId }),
} as const;

/**
 * An absolute URL with one of `schemes` and a host. The host is read from the text, since `new URL`
 * accepts `rtmp:///app` with an empty host and reads `https:///path` as host "path", and it drops
 * tabs and newlines that a server would not.
 */
export function url(schemes: readonly string[]) {
  const message = `must be an absolute URL with scheme ${schemes.join(", ")} and a host, without spaces or control characters`;
  return z.string(rule(message)).refine((value) => {
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/[^/?#]/.exec(value)?.[1]?.toLowerCase();
    if (!scheme || !schemes.includes(scheme) || /[\s\p{Cc}]/u.test(value)) return false;
    try {
      return new URL(value).hostname !== "";
    } catch {
      return false;
    }
  }, { error: message });
}


export function roomKey(sdkApp: number, room: number | string, user: string): string {
  return JSON.stringify([sdkApp, typeof room, room, user]);
}

// Where recordings are stored, shared by the families that record (CloudRecording, and
// RelayTask's recording of its relayed stream).

/** A COS or AWS S3 bucket and the account that writes to it. */
export const cloudStorage = struct({
  vendor: z.literal([0, 1], { error: "must be 0 (Tencent Cloud COS) or 1 (AWS storage)" }).meta(constants("StorageVendor", { Cos: 0, AwsS3: 1 })).describe("0 Tencent Cloud COS, 1 AWS S3."),
  region: text.describe("The bucket's region, e.g. ap-singapore."),
  bucket: text,
  accessKey: text.describe("The storage account's access key (kept secret)."),
  secretKey: text.describe("The storage account's secret key (kept secret)."),
  fileNamePrefix: z
    .array(pattern(/^[A-Za-z0-9_-]+$/, "letters, digits, _ or -"), { error: "must be a list of folder names" })
    .optional().describe("Folders the files go under: [\"a\", \"b\"] stores `a/b/<taskId>/<file>`."),
});

/** Tencent Cloud VOD: where uploaded recordings go and what runs on them. */
export const tencentVod = struct({
  procedure: text.optional().describe("A VOD task flow template to run on each uploaded file."),
  expireTime: atLeast(0).optional().describe("Seconds to keep each file; 0 keeps it forever."),
  storageRegion: text.optional().describe("A VOD storage region, if you need a particular one."),
  classId: atLeast(0).optional().describe("VOD category id (default 0, \"others\")."),
  subAppId: atLeast(1).optional().describe("VOD sub-application id, to store into a sub-application."),
  sessionContext: z.string({ error: "must be a string" }).optional().describe("Passed through to the task flow's completion notice."),
  sourceContext: z.string({ error: "must be a string" }).optional().describe("Passed through to the upload completion notice."),
  mediaType: z
    .literal([0, 1, 2, 3, 4], { error: "must be 0 (MP4), 1 (HLS), 2 (AAC), 3 (HLS + MP4) or 4 (HLS + AAC)" })
    .meta(constants("VodMediaType", { Mp4: 0, Hls: 1, Aac: 2, HlsMp4: 3, HlsAac: 4 }))
    .optional().describe("File format: 0 MP4 (default), 1 HLS, 2 AAC (audio-only recordings), 3 HLS+MP4, 4 HLS+AAC."),
  userDefineRecordId: pattern(/^[A-Za-z0-9_-]{1,64}$/, "1 to 64 letters, digits, _ or -").optional().describe("Prefix of the file names in VOD."),
});

/**
 * The bucket of the slicing families (CloudSliceTask, CloudModeration: CloudSliceStorage and
 * CloudModerationStorage in the SDK models), which take Alibaba Cloud OSS too (vendor 2).
 */
export const sliceStorage = cloudStorage
  .extend({
    vendor: z.literal([0, 1, 2], { error: "must be 0 (Tencent Cloud COS), 1 (AWS S3) or 2 (Alibaba Cloud OSS)" })
      .meta(constants("SliceStorageVendor", { Cos: 0, AwsS3: 1, AliyunOss: 2 }))
      .describe("0 Tencent Cloud COS, 1 AWS S3, 2 Alibaba Cloud OSS."),
  })
  .meta({ typeName: "SliceStorage" });

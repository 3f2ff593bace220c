import type * as dynamic from "@pulumi/pulumi/dynamic";
import fc from "fast-check";
import type { z } from "zod";
import { ApiError, DEFAULT_HISTORY, EmulatorState, type RunningEmulator } from "../emulator";
import { families } from "../emulator/handlers";
import { KIND_KEY, REGION_KEY } from "../provider/contract";
import * as runtime from "../provider/runtime";
import { type AnyTaskSpec, regionsOf } from "../provider/spec";
import { RESOURCE_SPECS } from "../registry";
import { botSig, emulatorWithProvider, REGION, wav } from "./helpers";

// Property test of `check` over every task resource: seeded mutations of a valid input (fields
// dropped, wrong types, boundary numbers, odd strings and URLs, deep nesting, null, unknown
// members) must never make check throw, must fail only at what was changed, in our words, and
// every input check accepts must be accepted by the emulator's own handlers (Start, the step
// after it, Update, Stop). check itself must call nothing.
//
// PULUMI_TRTC_FUZZ_RUNS (default 400 per family) and PULUMI_TRTC_FUZZ_SEED (default 11) make a
// larger or another run, e.g. PULUMI_TRTC_FUZZ_RUNS=50000 npx jest test/check.property.test.ts.

const RUNS = Number(process.env.PULUMI_TRTC_FUZZ_RUNS ?? 400);
const SEED = Number(process.env.PULUMI_TRTC_FUZZ_SEED ?? 11);

const BOT = { sdkAppId: 1400000001, roomId: 1234, userId: "fuzz-bot", userSig: botSig("fuzz-bot") };

/**
 * Valid inputs of each task family: `least` has only what the family requires and is what runs
 * mutate, so every failure can be traced to a change; `most` sets much of the rest, and lends a
 * mutation that reaches into a structure `least` lacks a valid copy of it to change. Add both
 * for each new family (`most` may be left out for a family without nested inputs).
 */
const VALID_INPUTS: Record<string, { least: Json; most?: Json }> = {
  StreamIngest: {
    least: { ...BOT, streamUrl: "https://media.example.com/a.mp4" },
    most: {
      ...BOT,
      roomId: "lobby #1",
      streamUrl: "rtmp://live.example.com/app/stream",
      privateMapKey: "eJw1jcEKgkAU*-_",
      seekSecond: 5,
      autoPush: false,
      repeatNum: -1,
      maxDuration: 60,
      volume: 80,
      isPause: true,
      enableProgress: true,
      tempo: 1.5,
      idleTimeout: 120,
    },
  },
  CloudRecording: {
    least: {
      ...BOT,
      recordParams: { recordMode: 2 },
      storageParams: { cloudStorage: { vendor: 0, region: "ap-singapore", bucket: "records-1250000000", accessKey: "ak", secretKey: "sk" } },
    },
    most: {
      ...BOT,
      roomId: "town hall",
      recordParams: {
        recordMode: 2,
        maxIdleTime: 60,
        streamType: 0,
        outputFormat: 3,
        maxMediaFileDuration: 60,
        mediaId: 0,
        fillType: 1,
        subscribeAbility: 0,
        subscribeStreamUserIds: { subscribeAudioUserIds: ["host", "guest.*$"], unSubscribeVideoUserIds: ["observer"] },
      },
      storageParams: {
        cloudStorage: { vendor: 1, region: "us-east-1", bucket: "records", accessKey: "ak", secretKey: "sk", fileNamePrefix: ["town-hall", "2024"] },
      },
      mixTranscodeParams: {
        videoParams: { width: 640, height: 360, fps: 15, bitRate: 800000, gop: 2 },
        audioParams: { sampleRate: 1, channel: 2, bitRate: 64000 },
      },
      mixLayoutParams: {
        mixLayoutMode: 4,
        mixLayoutList: [
          { top: 0, left: 0, width: 320, height: 180, userId: "host", alpha: 0, renderMode: 1, mediaId: 0, imageLayer: 1, subBackgroundImage: "https://cdn.example.com/host.png" },
        ],
        backGroundColor: "#FFA500",
        mediaId: 0,
        backgroundImageUrl: "https://cdn.example.com/bg.png",
        placeHolderMode: 1,
        backgroundImageRenderMode: 2,
        defaultSubBackgroundImage: "https://cdn.example.com/none.png",
        waterMarkList: [
          { waterMarkType: 0, waterMarkImage: { waterMarkUrl: "https://cdn.example.com/logo.png", top: 0, left: 0, width: 64, height: 36 } },
          { waterMarkType: 1, waterMarkChar: { top: 0, left: 0, width: 120, height: 24, chars: "LIVE", font: "SourceHanSans" } },
          { waterMarkType: 2, waterMarkTimestamp: { pos: 1, timeZone: 8, font: "Tencent" } },
        ],
      },
      resourceExpiredHour: 24,
      privateMapKey: "eJw1jcEKgkAU*-_",
    },
  },
  RelayTask: {
    least: {
      sdkAppId: BOT.sdkAppId,
      roomId: BOT.roomId,
      agentParams: { userId: BOT.userId, userSig: BOT.userSig },
      // A mix, not a single stream: most of the family's inputs are the mix's, so most mutations apply.
      withTranscoding: 1,
      audioParams: { audioEncode: { sampleRate: 48000, channel: 2, bitRate: 64 } },
      videoParams: { videoEncode: { width: 1280, height: 720, fps: 15, bitRate: 1500, gop: 2 }, layoutParams: { mixLayoutMode: 3 } },
      publishCdnParams: [{ publishCdnUrl: "rtmp://push.example.com/live/s?txSecret=abc", isTencentCdn: 1 }],
    },
    most: {
      sdkAppId: BOT.sdkAppId,
      roomId: "town-hall",
      agentParams: { userId: BOT.userId, userSig: BOT.userSig, maxIdleTime: 120 },
      withTranscoding: 1,
      audioParams: {
        audioEncode: { sampleRate: 48000, channel: 2, bitRate: 128, codec: 1 },
        subscribeAudioList: [{ userInfo: { userId: "host" }, soundLevel: 80 }, { userInfo: { userId: "guest", roomId: "studio-b" } }],
      },
      videoParams: {
        videoEncode: { width: 1280, height: 720, fps: 15, bitRate: 1500, gop: 2 },
        layoutParams: {
          mixLayoutMode: 4,
          mixLayoutList: [
            { userMediaStream: { userInfo: { userId: "host" } }, imageWidth: 640, imageHeight: 720 },
            { userMediaStream: { userInfo: { userId: "guest", roomId: "studio-b" }, streamType: 1 }, locationX: 640, imageWidth: 640, imageHeight: 720, zOrder: 1, backGroundColorMode: 3 },
          ],
        },
        backGroundColor: "0x101820",
        backgroundImageUrl: "https://cdn.example.com/stage.png",
        waterMarkList: [
          { waterMarkImage: { waterMarkUrl: "https://cdn.example.com/logo.png", waterMarkWidth: 128, waterMarkHeight: 64, locationX: 1140, locationY: 16, zOrder: 3 } },
          { waterMarkType: 1, waterMarkText: { text: "LIVE", waterMarkWidth: 80, waterMarkHeight: 32, locationX: 16, locationY: 16, fontSize: 24, font: "SourceHanSans" } },
        ],
      },
      publishCdnParams: [{ publishCdnUrl: "rtmp://push.example.com/live/s?txSecret=abc", isTencentCdn: 1 }],
      seiParams: { layoutVolume: { appData: "town-hall", payloadType: 100, interval: 1000, followIdr: 1 } },
      feedBackRoomParams: [{ roomId: "overflow", userId: "relay-feedback", userSig: botSig("relay-feedback") }],
      recordParams: { uniRecord: 3, recordKey: "town-hall", recordFormat: ["hls", "mp4"], mcuStorageParams: { mcuCloudVod: { mcuTencentVod: { expireTime: 86400 } } } },
    },
  },
  AIConversation: {
    least: {
      sdkAppId: BOT.sdkAppId,
      roomId: BOT.roomId,
      agentConfig: { userId: BOT.userId, userSig: BOT.userSig, targetUserId: "alice" },
      llmConfig: { llmType: "openai", model: "gpt-4o", apiKey: "sk-key", apiUrl: "https://api.openai.com/v1/chat/completions" },
      ttsConfig: { ttsType: "flow", voiceId: "v-female-R2s4N9qJ", model: "flow_01_turbo" },
    },
    most: {
      sdkAppId: BOT.sdkAppId,
      roomId: "support-room",
      agentConfig: {
        userId: BOT.userId,
        userSig: BOT.userSig,
        targetUserId: "alice",
        maxIdleTime: 120,
        welcomeMessage: "Hello, how can I help?",
        interruptMode: 0,
        interruptSpeechDuration: 800,
        turnDetectionMode: 3,
        turnDetection: { semanticEagerness: "low" },
        ambientSound: { scene: "coffee_shop", volume: 0.5 },
        voicePrint: { mode: 1, idList: ["vp-1"] },
        interruptWordList: ["stop", "wait"],
      },
      sessionId: "support-session",
      sttConfig: { language: "en", alternativeLanguage: ["zh"], vadSilenceTime: 600, hotWordList: "TRTC|10,Pulumi|100", vadLevel: 2 },
      llmConfig: { llmType: "openai", model: "gpt-4o", apiKey: "sk-key", apiUrl: "https://api.openai.com/v1/chat/completions", streaming: true, systemPrompt: "Be brief.", history: 5 },
      ttsConfig: { ttsType: "flow", voiceId: "v-female-R2s4N9qJ", model: "flow_01_turbo" },
      avatarConfig: { avatarType: "tencent", avatarId: "av-1" },
    },
  },
  AITranscription: {
    least: { sdkAppId: BOT.sdkAppId, roomId: BOT.roomId, transcriptionParams: { userId: BOT.userId, userSig: BOT.userSig } },
    most: {
      sdkAppId: BOT.sdkAppId,
      roomId: "lecture",
      transcriptionParams: { userId: BOT.userId, userSig: BOT.userSig, maxIdleTime: 120, transcriptionMode: 1, targetUserId: "teacher", targetUserIdList: ["teacher", "ta"] },
      sessionId: "lecture-subtitles",
      recognizeConfig: { language: "en", alternativeLanguage: ["zh"], vadLevel: 2 },
      translationConfig: { targetLanguages: ["zh", "ja"], mode: 2, ttsConfig: { voiceId: "v-female-R2s4N9qJ", speed: 1, volume: 1 }, terminology: [{ source: "room", target: "房间" }] },
    },
  },
  Picture: {
    least: { sdkAppId: BOT.sdkAppId, region: "ap-guangzhou", content: "iVBORw0KGgo=", suffix: "png", height: 64, width: 128, xPosition: 0, yPosition: 0 },
  },
  VoicePrint: {
    // 100 characters of 120 ms: a 12-second 16 kHz mono WAV, as the emulator's text to speech makes one.
    least: { sdkAppId: BOT.sdkAppId, name: "host", audio: wav(100) },
    most: { sdkAppId: BOT.sdkAppId, name: "host", audio: wav(100), metaInfo: '{"speaker":"host"}' },
  },
  Vocabulary: {
    least: { sdkAppId: BOT.sdkAppId, name: "finals", wordWeights: [{ word: "TRTC", weight: 10 }] },
    most: {
      sdkAppId: BOT.sdkAppId,
      name: "finals",
      description: "Team and player names",
      wordWeights: [{ word: "TRTC", weight: 11 }, { word: "腾讯云", weight: 100 }, { word: "scoreboard", weight: 1 }],
      state: 1,
    },
  },
  WebRecord: {
    least: {
      sdkAppId: BOT.sdkAppId,
      recordUrl: "https://scores.example.com/board",
      storageParams: { cloudStorage: { vendor: 0, region: "ap-singapore", bucket: "boards-1250000000", accessKey: "AKID", secretKey: "cos-key" } },
    },
    most: {
      sdkAppId: BOT.sdkAppId,
      recordUrl: "https://whiteboard.example.com/class/42?mode=replay",
      storageParams: { cloudVod: { tencentVod: { mediaType: 1, expireTime: 86400, userDefineRecordId: "class42" } } },
      maxDurationLimit: 7200,
      webRecordVideoParams: { width: 1920, height: 1080, maxMediaFileDuration: 60 },
      recordId: "class-42",
      publishCdnParams: [{ publishCdnUrl: "rtmp://push.example.com/live/class42?txSecret=abc", isTencentCdn: 1 }],
      readyTimeout: 30,
      emulateMobileParams: { mobileDeviceType: 1, screenOrientation: 1 },
    },
  },
  CloudSliceTask: {
    least: {
      ...BOT,
      sliceParams: { sliceType: 1 },
      sliceStorageParams: { cloudSliceStorage: { vendor: 0, region: "ap-singapore", bucket: "slices-1250000000", accessKey: "ak", secretKey: "sk" } },
    },
    most: {
      ...BOT,
      roomId: "town hall",
      sliceParams: {
        sliceType: 3,
        maxIdleTime: 120,
        sliceAudio: 30,
        sliceVideo: 10,
        sliceImageType: 1,
        subscribeStreamUserIds: { subscribeAudioUserIds: ["host", "guest.*$"], unSubscribeVideoUserIds: ["observer"] },
      },
      sliceStorageParams: { cloudSliceStorage: { vendor: 2, region: "oss-ap-southeast-1", bucket: "slices", accessKey: "ak", secretKey: "sk", fileNamePrefix: ["town-hall"] } },
      resourceExpiredHour: 24,
      privateMapKey: "eJw1jcEKgkAU*-_",
    },
  },
  CloudModeration: {
    least: { ...BOT, moderationParams: {} },
    most: {
      ...BOT,
      roomId: "town hall",
      moderationParams: {
        moderationType: 3,
        maxIdleTime: 600,
        sliceAudio: 20,
        sliceVideo: 2,
        moderationSupplier: "tianyu",
        moderationSupplierParam: { appId: "app", secretId: "id", secretKey: "key", audioBizType: "audio", imageBizType: "image" },
        saveModerationFile: 2,
        callbackAllResults: 1,
        subscribeStreamUserIds: { subscribeVideoUserIds: ["host"] },
      },
      moderationStorageParams: { cloudModerationStorage: { vendor: 1, region: "us-east-1", bucket: "moderation", accessKey: "ak", secretKey: "sk" } },
      resourceExpiredHour: 72,
    },
  },
  CloudTranscription: {
    least: { sdkAppId: BOT.sdkAppId, roomId: BOT.roomId, transcriptionParam: { userId: BOT.userId, userSig: BOT.userSig }, asrParam: { lang: "bigmodel-zh" } },
    most: {
      sdkAppId: BOT.sdkAppId,
      roomId: "lecture",
      transcriptionParam: { userId: BOT.userId, userSig: BOT.userSig, subscribeList: [{ userId: "teacher" }], unSubscribeList: [{ userId: "ta" }], maxIdleTime: 120, sendCustomMode: 1 },
      asrParam: { lang: "bigmodel-en", vadSilenceTime: 800, hotWordList: "TRTC|10,Pulumi|11", alternativeLanguage: ["ja"], vadLevel: 1, filterDirty: 2, filterModal: 1, filterPunc: 1 },
      translationParam: { targetLang: ["zh", "ja"], terminologies: [{ targetLang: "zh", terminology: [{ source: "room", target: "房间" }] }] },
      ttsParams: [{ model: "flow_02_turbo", language: "zh", targetUser: { userId: "teacher" }, ttsRobotUser: { userId: "voice-zh" }, voice: { voiceId: "v-female-R2s4N9qJ", speed: 1.2, volume: 2, pitch: -1 } }],
    },
  },
  LiveStreamModeration: {
    // Served in ap-shanghai alone, not in the default region.
    least: { region: "ap-shanghai", sdkAppId: BOT.sdkAppId, input: { url: "rtmp://pull.example.com/live/show" }, liveModerationParams: {} },
    most: {
      region: "ap-shanghai",
      sdkAppId: BOT.sdkAppId,
      input: { url: "rtmp://pull.example.com/live/show?txSecret=abc", format: "rtmp" },
      liveModerationParams: { moderationType: 2, maxIdleTime: 600, sliceVideo: 10, sliceAudio: 30, saveModerationFile: 2, callbackAllResults: 1 },
      dataId: "show-1",
      sourceInfo: { roomId: "show", userId: "host" },
      liveModerationStorageParams: { cloudModerationStorage: { vendor: 2, region: "oss-cn-shanghai", bucket: "frames", accessKey: "ak", secretKey: "sk", fileNamePrefix: ["show"] } },
      resourceExpiredHour: 72,
    },
  },
};

const SPECS = RESOURCE_SPECS;

/** zod's own English, which must never reach a user: each rule has its words. */
const ZOD_DEFAULT = /(^|: )(Too (big|small)|Invalid (input|option|type|union|key|element|string|number|discriminator)|Expected |Unrecognized key|Required$)/;

// Inputs are plain JSON-like values; paths are keys and array indexes.
type Key = string | number;
type Path = readonly Key[];
type Json = Record<string, unknown>;

/** A value nested `levels` deep, built when a mutation is applied (it is too deep for fast-check to print). */
class Nested {
  constructor(readonly levels: number) {}

  build(): unknown {
    let value: unknown = "leaf";
    for (let i = 0; i < this.levels; i++) value = i % 2 ? [value] : { a: value };
    return value;
  }
}

// --- The schemas, walked through zod's definitions.

type Schema = z.core.$ZodType;
type Def = { type: string; innerType?: Schema; in?: Schema; shape?: Record<string, Schema>; element?: Schema; options?: Schema[]; values?: unknown[]; checks?: { _zod: { def: CheckDef } }[] };
type CheckDef = { check: string; pattern?: RegExp };

const defOf = (schema: Schema): Def => schema._zod.def as unknown as Def;

/** The schema under optional, default and pipe wrappers. */
function unwrap(schema: Schema): Schema {
  const def = defOf(schema);
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === "pipe" && def.in) return unwrap(def.in);
  return schema;
}

interface Node {
  path: Path;
  schema: Schema;
}

/** Every place a value can go: each object member and the first element of each list. */
function nodes(schema: Schema, path: Path = []): Node[] {
  const inner = unwrap(schema);
  const def = defOf(inner);
  const children =
    def.type === "object"
      ? Object.entries(def.shape ?? {}).flatMap(([key, child]) => nodes(child, [...path, key]))
      : def.type === "array" && def.element
        ? nodes(def.element, [...path, 0])
        : [];
  return [{ path, schema: inner }, ...children];
}

const checksOf = (schema: Schema) => (defOf(schema).checks ?? []).map((c) => c._zod.def);

// --- Values to try.

/** One value of each kind that is wrong somewhere: every field is tried with each. */
const BATTERY: unknown[] = [null, "", " ", "a\u0000b", "🎉".repeat(33), "x".repeat(65), -1, 0, 0.5, 1e300, Number.NaN, true, [], {}, { "": 1 }, new Nested(40)];
const URLS = [
  "https://media.example.com/a.mp4", "rtmp://live.example.com/app/s", "rtmps://live.example.com:443/app", "http://127.0.0.1:8080/a.m3u8",
  "HTTPS://MEDIA.EXAMPLE.COM/A.PNG", "https://user:pw@example.com/a.png", "https://[::1]/a.png", "https://example.com/%E5%9B%BE.png",
  "rtmp://", "rtmp:live", "rtmps:///x", "rtmp:///app/stream", "https:///path", "https://", "https:example.com", "//example.com/a",
  "https://a b.com/x", "https://example.com/a\nb", " https://example.com/a", "https://example.com/a ", "ftp://example.com/a",
  "https://例子.中国/图.png", "https://example.com/图.png", "rtmp://@/a", "rtmp://:1935/a", "javascript:alert(1)",
];
const ODD_VALUES: unknown[] = [...BATTERY, "\t\n", "x\u007f", "\u200b", "x".repeat(33), "x".repeat(5000), "é", "例子", -1e300, Infinity, false, [1], new Nested(5000)];
const MEMBER_NAMES = ["", "unknownMember", " ", "a.b", "0", "UserId"];

const around = (n: number) => [n - 1, n, n + 1];
/** Any text, made once: grapheme strings are slow to set up. */
const ANY_TEXT = fc.oneof(fc.string({ unit: "grapheme", maxLength: 70 }), fc.string({ unit: "binary", maxLength: 10 }));

/** Values near what a leaf accepts: its bounds, its enumerated values, strings matching its patterns. */
function likelyValues(schema: Schema): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case "number": {
      const { minValue, maxValue } = schema as unknown as { minValue: number | null; maxValue: number | null };
      const lo = Number.isFinite(minValue) ? minValue! : -1e6;
      const hi = Number.isFinite(maxValue) ? maxValue! : 1e10;
      return fc.oneof(fc.constantFrom(...around(lo), ...around(hi)), fc.double({ min: lo, max: hi, noNaN: true }).map(Math.trunc), fc.double());
    }
    case "literal":
      return fc.constantFrom(...(def.values ?? []).flatMap((v) => (typeof v === "number" ? around(v) : [v])), "1");
    case "boolean":
      return fc.boolean();
    case "string": {
      const patterns = checksOf(schema).flatMap((c) => (c.pattern ? [c.pattern] : []));
      return patterns.length ? fc.oneof(...patterns.map((p) => fc.stringMatching(p)), ANY_TEXT) : fc.oneof(fc.constantFrom(...URLS), ANY_TEXT);
    }
    case "union":
      return fc.oneof(...(def.options ?? []).map((o) => likelyValues(unwrap(o))));
    case "array":
      return fc.array(likelyValues(unwrap(def.element!)), { maxLength: 40 });
    default:
      return fc.constantFrom({}, []);
  }
}

const REGIONS = (spec: AnyTaskSpec) => fc.constantFrom(...regionsOf(spec), "ap-guangzhou", "ap-tokyo", "", "AP-SINGAPORE", null, 1, [REGION]);

// --- Mutations of an input.

type Mutation = { set: Path; value: unknown } | { drop: Path } | { add: Path; name: string; value: unknown };

function mutations(spec: AnyTaskSpec): fc.Arbitrary<Mutation> {
  const all = nodes(spec.inputs);
  const leaves = all.filter((n) => n.path.length > 0);
  const objects = all.filter((n) => defOf(n.schema).type === "object");
  const odd = fc.constantFrom(...ODD_VALUES);
  const sets = leaves.map((n) =>
    fc.record({ set: fc.constant(n.path), value: fc.oneof({ weight: 3, arbitrary: likelyValues(n.schema) }, { weight: 1, arbitrary: odd }) }),
  );
  return fc.oneof(
    { weight: 6, arbitrary: fc.oneof(...sets) },
    { weight: 2, arbitrary: fc.constantFrom(...leaves).map((n) => ({ drop: n.path })) },
    { weight: 1, arbitrary: fc.record({ add: fc.constantFrom(...objects.map((n) => n.path)), name: fc.constantFrom(...MEMBER_NAMES), value: odd }) },
    { weight: 1, arbitrary: fc.record({ set: fc.constant([REGION_KEY]), value: REGIONS(spec) }) },
  );
}

const materialize = (value: unknown) => (value instanceof Nested ? value.build() : value);

/**
 * Applies the mutations to a copy of `base`; returns it with every path changed or created on the
 * way. A structure created on the way is a copy of `fill`'s, when it has one.
 */
function mutate(base: Json, changes: readonly Mutation[], fill: Json = {}): { input: Json; changed: Path[] } {
  const input = structuredClone(base);
  const changed: Path[] = [];
  for (const change of changes) {
    const path = "set" in change ? change.set : "drop" in change ? change.drop : [...change.add, change.name];
    changed.push(path);
    let parent: Record<Key, unknown> = input;
    for (let i = 0; i < path.length - 1; i++) {
      const next = parent[path[i]];
      if (typeof next !== "object" || next === null) {
        const lent = valueAt(fill, path.slice(0, i + 1));
        parent[path[i]] = typeof lent === "object" && lent !== null ? structuredClone(lent) : typeof path[i + 1] === "number" ? [] : {};
        changed.push(path.slice(0, i + 1));
      }
      parent = parent[path[i]] as Record<Key, unknown>;
    }
    const last = path[path.length - 1];
    if ("drop" in change) delete parent[last];
    else parent[last] = materialize(change.value);
  }
  return { input, changed };
}

// --- Reading failures back into paths.

const TOKEN = /^(?:\.?([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;

/** The path a reason starts with (`a.b[0]: rule`), if it starts with one. */
function leadingPath(reason: string): Path | undefined {
  const path: Key[] = [];
  let rest = reason;
  for (let m = TOKEN.exec(rest); m; m = TOKEN.exec(rest)) {
    if (path.length === 0 && m[0].startsWith(".")) return undefined;
    path.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]) as string)));
    rest = rest.slice(m[0].length);
  }
  return path.length > 0 && rest.startsWith(": ") ? path : undefined;
}

/** The whole path a failure is about: its property, then the path its reason starts with. */
function failurePath(failure: dynamic.CheckFailure): Path {
  const lead = leadingPath(failure.reason);
  if (failure.property === "") {
    if (!lead) throw new Error(`a failure without a property must name its path: ${JSON.stringify(failure)}`);
    return lead;
  }
  return [failure.property, ...(lead ?? [])];
}

/**
 * The paths a failure is about: its own, and for a rule that ties a member to another's value
 * (`targetUserId: is required when transcriptionMode is 1`), that member, which the reason names:
 * a sibling of the failing member or of one of the structures holding it.
 */
function failurePaths(failure: dynamic.CheckFailure): Path[] {
  const path = failurePath(failure);
  const other = /(?:is required|applies only) when (\w+) is/.exec(failure.reason)?.[1];
  return other ? [path, ...path.map((_, i) => [...path.slice(0, i), other])] : [path];
}

const isPrefix = (a: Path, b: Path) => a.length <= b.length && a.every((k, i) => String(k) === String(b[i]));
const valueAt = (input: Json, path: Path): unknown =>
  path.reduce<unknown>((v, k) => (typeof v === "object" && v !== null ? (v as Record<Key, unknown>)[k] : undefined), input);

// --- The emulator as the oracle: its handlers, in process, on a state of their own.

const ACTIONS = new Map(families.flatMap((family) => Object.entries(family.actions)));
const oracle = new EmulatorState({
  credentials: {},
  // No application keys: UserSigs are checked for form only, as check can check them.
  appKeys: {},
  requestsPerSecond: Number.MAX_SAFE_INTEGER,
  mediaDurationSeconds: 3600,
  clockOffsetMs: 0,
  maxConcurrentRecordings: 100,
  aiConfigsOptional: false,
  adminUserIds: [],
  liveRequestsPerSecond: Number.MAX_SAFE_INTEGER,
  history: DEFAULT_HISTORY,
});

function send(action: string, region: unknown, params: unknown): Record<string, unknown> {
  const def = ACTIONS.get(action);
  if (!def) throw new Error(`the emulator serves no ${action}`);
  if (typeof region !== "string" || !def.regions.includes(region)) throw new ApiError("UnsupportedRegion", String(region));
  // What goes over the wire is JSON.
  return def.handle({ action, region, params: JSON.parse(JSON.stringify(params)) as Json, world: oracle.world });
}

/** Codes by which the API refuses a request for what it says, rather than for the state of a task. */
const REFUSED = /^(InvalidParameter|MissingParameter|UnknownParameter|UnsupportedRegion)/;

/**
 * The emulator's answer to a task with these inputs: Start, the call after it, an Update with
 * the same inputs, and Stop. `undefined` when none refused its parameters (a task that ended at
 * once, e.g. started past its media's end, answers the later calls that it is gone), else the refusal.
 */
function emulatorRefusal(spec: AnyTaskSpec, inputs: Json, region: unknown): string | undefined {
  const refusal = (e: unknown) => {
    if (!(e instanceof ApiError)) return `cannot be sent: ${String(e)}`;
    return REFUSED.test(e.code) ? `${e.code}: ${e.message}` : undefined;
  };
  try {
    let taskId: string;
    try {
      taskId = spec.start.taskId(send(spec.start.action, region, spec.start.request(inputs)));
    } catch (e) {
      return refusal(e);
    }
    const later = [
      spec.afterStart?.(taskId, inputs),
      // The engine numbers each update for a family that takes a sequence number (RelayTask).
      spec.update && { action: spec.update.action, params: { ...spec.update.request(taskId, inputs, inputs), ...(spec.sequence && { [spec.sequence.param]: 1 }) } },
      // A second update call (a vocabulary's state), as an update from nothing set would send it.
      spec.update?.then?.(taskId, inputs, {}),
      { action: spec.stop.action, params: spec.stop.request(taskId, inputs) },
    ];
    for (const call of later) {
      try {
        if (call) send(call.action, region, call.params);
      } catch (e) {
        const refused = refusal(e);
        if (refused) return refused;
      }
    }
    return undefined;
  } catch (e) {
    return refusal(e);
  } finally {
    oracle.reset();
  }
}

/**
 * Where check is deliberately stricter than the API: settings the documents say have no effect,
 * regions where a task could start but never be stopped, members it does not know (a misspelt
 * one would otherwise be dropped, or here even merge with the one it imitates, as `UserId` with
 * `userId`), and null or empty values, which mean nothing (an input left out is what takes the
 * default), or numbers JSON cannot carry (they are sent as null). And the application: the engine
 * keys every resource by one, even a voiceprint, which belongs to the account and no request names.
 */
function deliberate(failure: dynamic.CheckFailure, input: Json): boolean {
  const path = failurePath(failure);
  const value = valueAt(input, path);
  return (
    /applies only when|is not a (member of|\w+ input)/.test(failure.reason) ||
    (path[0] === REGION_KEY && /served in/.test(failure.reason)) ||
    path[0] === "sdkAppId" ||
    value === null ||
    value === "" ||
    (typeof value === "number" && !Number.isFinite(value))
  );
}

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await emulatorWithProvider();
});
afterAll(() => emulator.close());

const check = (spec: AnyTaskSpec, input: Json) => runtime.check({}, { ...input, [KIND_KEY]: spec.kind });

test("every task family has valid inputs to mutate here", () => {
  expect(SPECS.length).toBeGreaterThan(0);
  const missing = SPECS.map((s) => s.kind).filter((kind) => !VALID_INPUTS[kind]);
  expect(missing.map((kind) => `${kind} has no valid inputs to mutate: add them to VALID_INPUTS in test/check.property.test.ts`)).toEqual([]);
});

describe.each(SPECS.map((spec) => [spec.kind, spec] as const))("%s", (kind, spec) => {
  const { least: base, most } = VALID_INPUTS[kind] ?? {};
  const maybe = base ? test : test.skip;

  maybe("its valid inputs pass check and the emulator", async () => {
    for (const input of [base, most].filter((i) => i !== undefined)) {
      expect((await check(spec, input)).failures ?? []).toEqual([]);
      expect(emulatorRefusal(spec, spec.inputs.parse(input) as Json, (input[REGION_KEY] as string | undefined) ?? REGION)).toBeUndefined();
    }
  });

  maybe("no failure speaks zod's default English, for any odd value anywhere", async () => {
    const spoken = new Set<string>();
    for (const node of nodes(spec.inputs)) {
      const at = node.path.length ? [{ drop: node.path }, ...BATTERY.map((value) => ({ set: node.path, value }))] : [];
      const members = defOf(node.schema).type === "object" ? MEMBER_NAMES.map((name) => ({ add: node.path, name, value: 1 })) : [];
      for (const change of [...at, ...members]) {
        for (const failure of (await check(spec, mutate(base, [change]).input)).failures ?? []) spoken.add(failure.reason);
      }
    }
    expect([...spoken].filter((reason) => ZOD_DEFAULT.test(reason))).toEqual([]);
    expect(spoken.size).toBeGreaterThan(10);
  });

  maybe(`${RUNS} mutated inputs: no throw, failures only where changed, and what passes check passes the emulator`, async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutations(spec), { minLength: 1, maxLength: 3 }), async (changes) => {
        const { input, changed } = mutate(base, changes, most);
        const result = await check(spec, input);
        const failures = result.failures ?? [];
        for (const failure of failures) {
          expect(failure.reason).not.toMatch(ZOD_DEFAULT);
          const paths = failurePaths(failure);
          if (!paths.some((path) => changed.some((c) => isPrefix(c, path) || isPrefix(path, c)))) {
            throw new Error(`failure ${JSON.stringify(failure)} is about ${JSON.stringify(paths)}, which no change touched: ${JSON.stringify(changed)}`);
          }
        }
        const { [REGION_KEY]: region, ...fields } = input;
        if (failures.length === 0) {
          accepted++;
          const refusal = emulatorRefusal(spec, spec.inputs.parse(fields) as Json, result.inputs[REGION_KEY]);
          if (refusal) throw new Error(`check accepted what the emulator refuses (${refusal})`);
        } else if (!failures.some((f) => /nests more than/.test(f.reason)) && emulatorRefusal(spec, fields, region ?? REGION) === undefined) {
          const strict = failures.filter((f) => !deliberate(f, input));
          if (strict.length) throw new Error(`check refused what the emulator accepts: ${JSON.stringify(strict)}`);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // Enough inputs pass for the oracle to have been asked, and check asked TRTC nothing.
    expect(accepted).toBeGreaterThan(RUNS / 20);
    expect(emulator.state.requests.list()).toEqual([]);
  });
});

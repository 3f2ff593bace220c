// The API families the emulator serves: adding a family is one file and one line here.
import type { Family, LiveFamily } from "../family";
import * as ai from "./ai";
import * as battle from "./battle";
import * as cloudRecording from "./cloudRecording";
import * as dashboard from "./dashboard";
import * as monitoring from "./monitoring";
import * as moderation from "./moderation";
import * as picture from "./picture";
import * as vocabulary from "./vocabulary";
import * as relayTask from "./relayTask";
import * as streamIngest from "./streamIngest";
import * as usage from "./usage";
import * as webRecord from "./webRecord";
import * as cloudSliceTask from "./cloudSliceTask";
import * as cloudModeration from "./cloudModeration";
import * as cloudTranscription from "./cloudTranscription";
import * as liveStreamModeration from "./liveStreamModeration";

/** TRTC API 3.0 families. */
export const families: readonly Family[] = [streamIngest, cloudRecording, relayTask, ai, moderation, monitoring, usage, dashboard, webRecord, cloudSliceTask, cloudModeration, cloudTranscription, liveStreamModeration, picture, vocabulary];

/** Live engine REST API families. */
export const liveFamilies: readonly LiveFamily[] = [battle];

// The voiceprints of the account (RegisterVoicePrint and its siblings, the SDK's models), for the
// AI conversations' and transcriptions' speaker recognition. They belong to the account, not an
// application (no request names an SdkAppId; DescribeVoicePrint reports the AppId), so they are
// kept under the account's AppId where an application's objects are kept under its SdkAppId.
import { type AppObject, ObjectStore } from "./objects";

/** The emulated account's AppId: the emulator has no other account. */
export const ACCOUNT_APP_ID = 1250000000;

/** What DescribeVoicePrint reports of a voiceprint, and the audio only Register and Update take. */
export interface VoicePrintRecord extends AppObject<string> {
  audioName: string;
  metaInfo: string;
  audioFormat: number;
  reqTimestamp: number;
  /** Virtual-clock milliseconds. */
  createdMs: number;
  updatedMs: number;
  /** Base64, as registered; DescribeVoicePrint never returns it. */
  audio: string;
}

// The shape of an id is not documented; this one is unique and says what it is.
export const voicePrintStore = () => new ObjectStore<string, VoicePrintRecord>((n) => `vp-${String(n + 1).padStart(8, "0")}`);

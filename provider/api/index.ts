// Every TRTC API 3.0 action the package calls, with what its page documents. Specs name actions
// by these keys, so a misspelt action does not compile, and the client, the engine and the
// functions read regions and rates from here alone.
import { type ActionFacts, DEFAULT_RATE, type Rate } from "./action";
import { aiActions } from "./ai";
import { cloudRecordingActions } from "./cloudRecording";
import { dashboardActions } from "./dashboard";
import { moderationActions } from "./moderation";
import { monitoringActions } from "./monitoring";
import { pictureActions } from "./picture";
import { vocabularyActions } from "./vocabulary";
import { relayActions } from "./relay";
import { streamIngestActions } from "./streamIngest";
import { usageActions } from "./usage";
import { webRecordActions } from "./webRecord";
import { cloudSliceTaskActions } from "./cloudSliceTask";
import { cloudModerationActions } from "./cloudModeration";
import { cloudTranscriptionActions } from "./cloudTranscription";
import { liveStreamModerationActions } from "./liveStreamModeration";

export { type ActionFacts, DEFAULT_RATE, type Rate } from "./action";
import { type Room, roomParams } from "./room";

export const ACTIONS = {
  ...streamIngestActions,
  ...cloudRecordingActions,
  ...relayActions,
  ...aiActions,
  ...moderationActions,
  ...monitoringActions,
  ...usageActions,
  ...dashboardActions,
  ...webRecordActions,
  ...cloudSliceTaskActions,
  ...cloudModerationActions,
  ...cloudTranscriptionActions,
  ...liveStreamModerationActions,
  ...pictureActions,
  ...vocabularyActions,
} as const satisfies Readonly<Record<string, ActionFacts>>;

export type Action = keyof typeof ACTIONS;

/** The facts of an action the package calls; undefined for any other name. */
export function actionFacts(action: string): ActionFacts | undefined {
  return Object.hasOwn(ACTIONS, action) ? (ACTIONS as Record<string, ActionFacts>)[action] : undefined;
}

/** The action's documented rate limit. */
export function rateOf(action: string): Rate {
  return actionFacts(action)?.rate ?? DEFAULT_RATE;
}

/** The RoomId/RoomIdType pair for a room in a request of `action`, in its family's numbering. */
export function roomOf(action: Action, room: Room): { RoomId: string; RoomIdType: 0 | 1 } {
  const numbering = actionFacts(action)?.roomIdTypes;
  if (!numbering) throw new Error(`${action} carries no RoomIdType`);
  return roomParams(room, numbering);
}

/** The regions serving every one of `actions` (a task must be stoppable where it starts). */
export function servedByAll(actions: readonly Action[]): string[] {
  const lists = actions.map((a): readonly string[] | "any" => ACTIONS[a].regions).filter((r): r is readonly string[] => r !== "any");
  const [first = [], ...rest] = lists;
  return first.filter((region) => rest.every((list) => list.includes(region)));
}

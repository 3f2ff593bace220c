// The TRTC calls a task's lifecycle makes, each in the task's region through the one client:
// Start (with its bot's UserSig signed when the program gave none), Describe, the probe,
// the lookup by caller key, and RemoveUser for settling a lost Start by its bot.
import { isDeepStrictEqual } from "node:util";
import type { z } from "zod";
import type { ApiParams, CallKind, CallParams, TrtcClient } from "../client";
import { REGION_KEY } from "../contract";
import { actionFacts } from "../api";
import { ROOM_NOT_EXIST } from "../api/moderation";
import { removeUserRequest } from "../api/room";
import { LOG_SOURCE } from "../previewLog";
import { TrtcError } from "../errors";
import type { Settings } from "../settings";
import type { AnyTaskSpec, BotEviction, Describe, TaskState } from "../spec";
import { RUNNING } from "../contract";
import { appSecretKey, makeUserSig } from "../usersig";
import { withBotSigs } from "./bots";
import type { Sequence } from "./sequence";
import { type Args, isGone, type Recorded, taskKey } from "./state";

/** What removeBot answers when the bot is out of its room. */
export const REMOVED = "removed";

export type Bot = ReturnType<BotEviction["bot"]>;

/** A task TRTC says has ended, and what it said. */
export interface Ended {
  ended: string;
}

/** What a Describe or a probe learns of a task: its state, or that it has ended. */
export type Observed = TaskState | Ended;

export function hasEnded(observed: Observed): observed is Ended {
  return "ended" in observed;
}

export class TaskCalls {
  constructor(
    private readonly spec: AnyTaskSpec,
    private readonly client: () => TrtcClient,
    private readonly settings: () => Settings,
  ) {}

  call(action: string, params: CallParams, kind: CallKind, recorded: Recorded) {
    return this.client().call(action, params, kind, String(recorded[REGION_KEY]));
  }

  /**
   * A call that carries the task's bots (Start, an update): with the application's secret key set,
   * each bot given no UserSig gets one signed now (check refused bots that need one when it is not).
   */
  withBots(action: string, params: ApiParams, kind: CallKind, recorded: Recorded, sequence?: Sequence) {
    const app = Number(recorded.sdkAppId);
    const keyed = appSecretKey(this.settings(), app) !== undefined;
    const signed = keyed ? withBotSigs(params, this.spec.bots, (userId) => makeUserSig(this.settings(), app, userId)) : params;
    return this.call(action, sequence ? sequence.sequenced(signed) : signed, kind, recorded);
  }

  /** Sends Start and returns the task id. */
  async start(args: Args, recorded: Recorded): Promise<string> {
    const { start } = this.spec;
    return start.taskId(await this.withBots(start.action, start.request(args), "start", recorded));
  }

  /** What Describe says of the task: its state, or how it said the task has ended. */
  async describe(describe: Describe, taskId: string, recorded: Recorded): Promise<Observed> {
    try {
      const response = await this.call(describe.action, describe.request(taskId, taskKey(recorded)), "read", recorded);
      const status = response.Status === undefined ? "" : ` status ${String(response.Status)}`;
      const none = this.spec.configuration ? ` no ${this.spec.configuration.noun} of that id` : " that it has ended";
      const state = describe.state(response);
      return state ? withoutDefaults(this.spec, state, recorded) : { ended: `${describe.action} answered${status || none}` };
    } catch (e) {
      if (isGone(e, describe.goneCodes ?? [])) return { ended: `${describe.action} answered ${(e as TrtcError).code}` };
      throw e;
    }
  }

  /**
   * Sends the spec's probe: it answers that the task runs, or proves it gone. A refusal of the
   * probe itself (`refusedBy`) leaves the task as recorded, with a warning on stderr, which the
   * engine shows as the provider's output.
   */
  async probe(taskId: string, args: Args, recorded: Recorded, sequence: Sequence): Promise<Observed> {
    const probe = this.spec.probe!;
    try {
      await this.withBots(probe.action, probe.request(taskId, args), "change", recorded, sequence);
      return { status: RUNNING };
    } catch (e) {
      if (isGone(e, probe.goneCodes)) return { ended: `${probe.action} answered ${(e as TrtcError).code}` };
      if (!(e instanceof TrtcError) || !probe.refusedBy?.some((start) => e.code.startsWith(start))) throw e;
      console.warn(
        `${LOG_SOURCE}warning: ${this.spec.kind} ${taskId}: refresh cannot tell whether it still runs: ${probe.action}, sent ` +
          `changing nothing to find out, was refused (${e.code}: ${e.detail}); kept as recorded`,
      );
      return { status: String(recorded.status ?? RUNNING) };
    }
  }

  /** The id of the running task started with the caller key, if there is one. */
  async findStarted(key: string, args: Args, recorded: Recorded): Promise<string | undefined> {
    const { describe, start, kind } = this.spec;
    if (!describe || !start.recover) throw new Error(`${kind}: start.recover needs a Describe API to look tasks up by their caller key`);
    try {
      const response = await this.call(describe.action, start.recover.request(key, args), "read", recorded);
      return describe.state(response) ? start.taskId(response) : undefined;
    } catch (e) {
      if (isGone(e, describe.goneCodes ?? [])) return undefined;
      throw e;
    }
  }

  /** Removes the bot from its room, ending any task it runs: REMOVED, or why that failed. */
  async removeBot(bot: Bot, recorded: Recorded): Promise<string> {
    const { action, params } = removeUserRequest(bot.sdkAppId, bot.roomId, [bot.userId]);
    // Rooms belong to the application, not a region: any region serving RemoveUser reaches the room.
    const served = actionFacts(action)!.regions as readonly string[];
    const own = String(recorded[REGION_KEY]);
    try {
      // Removing a user twice is harmless (the second finds nobody), so a lost answer is retried like a stop's.
      await this.client().call(action, params, "change", served.includes(own) ? own : served[0]!);
      return REMOVED;
    } catch (e) {
      // Nobody in the room: the bot runs nothing there.
      if (e instanceof TrtcError && e.code === ROOM_NOT_EXIST) return REMOVED;
      return (e as Error).message;
    }
  }
}

/**
 * The state without current values of inputs the program leaves out that equal their defaults: a
 * description left empty is not a change from none, but one set elsewhere is drift.
 */
function withoutDefaults(spec: AnyTaskSpec, state: TaskState, recorded: Recorded): TaskState {
  if (!state.inputs) return state;
  const shape = spec.inputs.shape as Record<string, z.ZodType | undefined>;
  const kept = Object.entries(state.inputs).filter(([key, value]) => {
    if (recorded[key] !== undefined) return true;
    const byDefault = shape[key]?.safeParse(undefined);
    return !(byDefault?.success && isDeepStrictEqual(byDefault.data, value));
  });
  return { ...state, inputs: Object.fromEntries(kept) };
}

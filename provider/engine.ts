import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import type { z } from "zod";
import { ROOM_NOT_EXIST, removeUserSpec } from "../functions/moderation";
import type { ApiParams, CallKind, CallParams, TrtcClient } from "./client";
import { mayHaveRun, TrtcError } from "./errors";
import { sdkAppId } from "./fields";
import { prepareCall, sendTrtcCall } from "./function";
import type { Settings } from "./settings";
import { ADOPTION, type AnyTaskSpec, type BotEviction, type Describe, type FieldRule, type Probe, type StartRecovery, type TaskKey, type TaskState } from "./spec";
import { appSecretKey, makeUserSig } from "./usersig";

/** Reserved input naming the resource kind, so one identical `__provider` stub serves every kind. */
export const KIND_KEY = "__kind";
const RESERVED = new Set([KIND_KEY, "__provider"]);
/** Outputs every task resource has besides its inputs. */
export const TASK_OUTPUTS = ["taskId", "status"] as const;
/**
 * The status recorded when Start succeeded but a later step of create failed. The next `up`
 * updates such a task even if nothing changed, since the failed step may have been applying an
 * in-place field.
 */
export const CREATE_INCOMPLETE = "CreateIncomplete";
/**
 * The status recorded when a Start answer was lost and could not be settled: the lookup by caller
 * key failed too (`start.recover`), or removing the bot did (`start.evictBot`). The task may run,
 * and only its key or bot is known. State keeps them, so the next up or destroy settles it (looks
 * the task up, or removes the bot) instead of leaving it running unrecorded.
 */
export const START_UNSETTLED = "StartUnsettled";
/** Every task lives in one region: a resource's own, or the provider's default. */
export const REGION_KEY = "region";
/** The status of a task whose family has no Describe, after a call to it succeeded. */
export const RUNNING = "InProgress";
/** Starts one create sends at most when their answers are lost (specs with `start.recover`). */
const START_ATTEMPTS = 3;
/**
 * Starts one create sends at most with `start.evictBot`: each lost answer may take a second Start,
 * refused because the lost task runs (whose bot is then removed), so three lost answers and the
 * Start that succeeds take seven.
 */
const EVICTING_START_ATTEMPTS = 7;
/**
 * The bot's UserSig input (fields.roomBot). When a program leaves it out, the provider signs one
 * for the bot's userId when it starts the task (the one call that carries it), so the generated
 * sig never enters inputs, state or previews.
 */
const BOT_SIG_KEY = "userSig";
/**
 * Every task resource with a Describe API may take over a running task instead of starting one:
 * create describes the task with this id, then updates it to the program's values. Pulumi cannot
 * import into a dynamic provider (the engine sends no `__provider` on import), so this is how a
 * task started elsewhere comes under a stack.
 */
const ADOPT_KEY = "adoptTaskId";
/** Deeper than any TRTC input nests: `check` refuses values past it rather than walk them. */
const MAX_DEPTH = 32;

type Props = Record<string, unknown>;

/** What removeBot answers when the bot is out of its room. */
const REMOVED = "removed";

/** Turns a TaskSpec into the dynamic provider methods, calling TRTC through `client`. */
export class TaskEngine {
  /** Made once: a new strict copy per check cost more than the check itself. */
  private readonly strictInputs: z.ZodObject;

  constructor(
    private readonly spec: AnyTaskSpec,
    private readonly client: () => TrtcClient,
    private readonly settings: () => Settings,
  ) {
    this.strictInputs = spec.inputs.strict();
  }

  /**
   * Validates inputs, every failure naming its field, before any API call. Returns them as given
   * (in schema order, defaults not filled in) so previews show exactly what the program says;
   * defaults are applied when requests are built. `null` is not a value: it is refused like any
   * other wrong value, and an input left out is what takes its default.
   */
  async check(olds: Props, news: Props): Promise<dynamic.CheckResult> {
    const { spec } = this;
    const given = withoutReserved(news);
    const { [REGION_KEY]: ownRegion, [ADOPT_KEY]: adopt, ...fields } = given;
    const failures: dynamic.CheckFailure[] = [];

    // Inputs zod's issues are not reported for: values computed by other resources are unknown
    // during preview (the engine checks again once they are known), and values nested too deep
    // to walk safely get a failure of their own.
    const setAside = new Set<string>();
    for (const [key, value] of Object.entries(given)) {
      const { unknown, tooDeep } = scan(value);
      if (tooDeep) failures.push(this.failure([key], `nests more than ${MAX_DEPTH} levels deep, deeper than any TRTC input`));
      if (tooDeep || unknown) setAside.add(key);
    }

    const parsed = this.strictInputs.safeParse(fields);
    for (const issue of parsed.error?.issues ?? []) {
      const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
      for (const key of keys) {
        const path = key === undefined ? issue.path : [...issue.path, key];
        if (path.length > 0 && setAside.has(String(path[0]))) continue;
        const reason =
          key === undefined ? issue.message : issue.path.length > 0 ? `is not a member of ${propertyPath(issue.path)}` : `is not a ${spec.kind} input`;
        failures.push(this.failure(path, reason));
      }
    }
    if (!setAside.has(REGION_KEY)) failures.push(...this.checkRegion(ownRegion));
    failures.push(...this.checkBotSig(fields), ...this.checkAdopt(adopt));
    if (failures.length) return { inputs: news, failures };
    const region = ownRegion ?? this.settings().region;
    const inputs = { ...orderLike(spec.inputs, fields), [REGION_KEY]: region, ...(adopt !== undefined && { [ADOPT_KEY]: adopt }), [KIND_KEY]: spec.kind };
    const readopt = this.checkReadopt(olds, inputs);
    return readopt.length ? { inputs: news, failures: readopt } : { inputs };
  }

  /**
   * A failure worded to read once: Pulumi prints it as `property <property> value <value> has a
   * problem: <reason>`, so the reason holds only the path below the input. An input that is or
   * holds a secret, or that the spec does not know (maybe a misspelt secret), gets no property,
   * since the engine would print its value in plain text; its reason starts with the whole path.
   */
  private failure(path: readonly PropertyKey[], rule: string): dynamic.CheckFailure {
    if (path.length === 0) return { property: "", reason: rule };
    const input = String(path[0]);
    if (this.showsValue(input)) return { property: input, reason: path.length > 1 ? `${propertyPath(path.slice(1))}: ${rule}` : rule };
    return { property: "", reason: `${propertyPath(path)}: ${rule}` };
  }

  private showsValue(input: string): boolean {
    const { fields, nestedFields = {}, inputs } = this.spec;
    // The engine's own inputs: neither is secret, both are printed as given.
    if (input === REGION_KEY || input === ADOPT_KEY) return true;
    if (!Object.hasOwn(inputs.shape, input)) return false;
    const secrets = Object.entries({ ...nestedFields, [input]: (fields as Record<string, FieldRule>)[input] });
    // A nested rule's path goes on with `.member` or, for a list's elements, `[].member`.
    return !secrets.some(([path, rule]) => rule?.secret && (path === input || path.startsWith(`${input}.`) || path.startsWith(`${input}[`)));
  }

  /** In-place update when every changed path allows it, otherwise replacement of the task. */
  async diff(_id: string, olds: Props, news: Props): Promise<dynamic.DiffResult> {
    const changed = this.changedPaths(olds, news);
    const replaces = this.replaces(olds, news);
    const identity = this.spec.identity;
    const users = (props: Props) => (identity ? [identity(inputsOf(this.spec, props))].flat() : []);
    const collides =
      replaces.length > 0 &&
      identity !== undefined &&
      (scan(news).unknown || users(olds).some((user) => users(news).includes(user)));
    const changes = changed.length > 0 || olds.status === CREATE_INCOMPLETE || olds.status === START_UNSETTLED;
    return { changes, replaces, deleteBeforeReplace: collides };
  }

  async create(given: Props): Promise<dynamic.CreateResult> {
    const { spec } = this;
    // One caller key for every Start this create sends; recorded, so it is an output too.
    const inputs = this.withKey(given, () => randomUUID());
    const args = inputsOf(spec, inputs);
    const adopt = inputs[ADOPT_KEY];
    const taskId = typeof adopt === "string" ? await this.adopt(adopt, inputs) : await this.start(args, inputs);
    const recorded = { ...inputs, taskId, status: CREATE_INCOMPLETE };
    try {
      // An adopted task is brought to the program's values by an update, as an in-place change would be.
      const next = typeof adopt === "string" ? this.updateCall(taskId, args) : spec.afterStart?.(taskId, args);
      if (next) await this.call(next.action, next.params, "change", inputs);
      // An adopted task was changed by an update, so it is read back as an update's would be.
      const started = typeof adopt === "string" ? undefined : spec.start.started;
      const state = started ?? (await this.stateAfterChange(taskId, inputs));
      if (!state) throw new Error(`${spec.kind} task ${taskId} ended right after it started`);
      return { id: taskId, outs: this.outputs(inputs, taskId, state) };
    } catch (e) {
      // The task runs: hand its id to the engine so state keeps it and a later destroy stops it.
      throw recordedFailure(new Error(`${spec.kind} task ${taskId} started, then: ${(e as Error).message}`), taskId, recorded);
    }
  }

  /**
   * Sends Start and returns the task id. Without `start.recover` or `start.evictBot`, a failure is
   * reported as it is (the client only resends a Start whose refusal proves it did not run).
   */
  private async start(args: Props, props: Props): Promise<string> {
    const { recover, evictBot } = this.spec.start;
    if (recover) return this.startRecovering(recover, args, props);
    if (evictBot) return this.startEvicting(evictBot, args, props);
    return this.sendStart(args, props);
  }

  private async sendStart(args: Props, props: Props): Promise<string> {
    const { start } = this.spec;
    return start.taskId(await this.call(start.action, start.request(this.withBotSig(args)), "start", props));
  }

  /**
   * `start.recover`: a failure that may hide a started task (mayHaveRun) is followed by Describe by
   * the caller key: a task found is this create's; none found means Start did not run, and it is
   * sent again with the same key. Once an answer was lost, any later failure (a duplicate refused,
   * say) is checked the same way before it is reported, so the task is neither started twice nor
   * left running unrecorded.
   */
  private async startRecovering(recover: StartRecovery, args: Props, props: Props): Promise<string> {
    const key = String(args[recover.key]);
    let lost = false;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.sendStart(args, props);
      } catch (e) {
        const ambiguous = e instanceof TrtcError && mayHaveRun(e);
        lost ||= ambiguous;
        if (!lost) throw e;
        const task = `${this.spec.kind} task with ${recover.key} ${key}`;
        const found = await this.findStarted(key, args, props).catch((lookup: Error) => {
          const message =
            `${(e as Error).message}; looking up the ${task} failed too, so it may be running: ${lookup.message}. ` +
            "State keeps its key: the next `pulumi up`, refresh or destroy looks it up again";
          // Recorded by the key alone (Pulumi keeps a failed create that names an id).
          const properties = { ...props, status: START_UNSETTLED };
          throw recordedFailure(new Error(message, { cause: lookup }), `${recover.key}:${key}`, properties);
        });
        if (found !== undefined) return found;
        if (!ambiguous || attempt === START_ATTEMPTS) throw new Error(`${(e as Error).message}; no ${task} was found running`, { cause: e });
      }
    }
  }

  /**
   * `start.evictBot`: after a lost answer Start is sent again; a refusal saying the bot already
   * runs a task means the lost Start ran, so the bot is removed from its room (ending that task)
   * and Start is sent once more. A create that gives up after a lost answer removes the bot once
   * more, so no task it may have started runs unrecorded, and says whether that worked.
   */
  private async startEvicting(evict: BotEviction, args: Props, props: Props): Promise<string> {
    const bot = evict.bot(args);
    const who = `bot ${bot.userId} in room ${JSON.stringify(bot.roomId)}`;
    const evicted: string[] = [];
    let lost = false;
    let last: unknown;
    for (let attempt = 1; attempt <= EVICTING_START_ATTEMPTS; attempt++) {
      try {
        return await this.sendStart(args, props);
      } catch (e) {
        last = e;
        const ambiguous = e instanceof TrtcError && mayHaveRun(e);
        const exists = lost && e instanceof TrtcError && evict.existCodes.includes(e.code);
        if (!lost && !ambiguous) throw e;
        lost = true;
        if (!ambiguous && !exists) break;
        if (exists) {
          const removed = await this.removeBot(bot, props);
          evicted.push(removed === REMOVED ? "the bot was removed from the room" : `removing the bot failed: ${removed}`);
        }
      }
    }
    const cleanup = await this.removeBot(bot, props);
    const history = evicted.length ? ` Before that, the ${who} already ran a task (the lost Start's): ${evicted.join("; ")}.` : "";
    const lostAnswer = `${this.spec.kind}: the Start answer for ${who} was lost, and Start did not succeed again (${(last as Error).message}).${history} `;
    if (cleanup === REMOVED) {
      throw new Error(`${lostAnswer}The bot was removed from the room, so no task of it is running; \`pulumi up\` can start it again.`, { cause: last });
    }
    // A task may run that only its bot can end: state keeps the bot, so the next up or destroy
    // removes it first (and refresh, which must not change the room, leaves the record as it is).
    const message =
      `${lostAnswer}Removing the bot failed (${cleanup}), so a task may be running. State keeps the bot: the next ` +
      `\`pulumi up\` or destroy removes user ${bot.userId} from the room first`;
    const properties = { ...props, status: START_UNSETTLED };
    throw recordedFailure(new Error(message, { cause: last }), `userId:${bot.userId}`, properties);
  }

  /** Removes the bot from its room, ending any task it runs: REMOVED, or why that failed. */
  private async removeBot(bot: ReturnType<BotEviction["bot"]>, props: Props): Promise<string> {
    // Rooms belong to the application, not a region: any region serving RemoveUser reaches the room.
    const served = removeUserSpec.regions[typeof bot.roomId === "number" ? "RemoveUser" : "RemoveUserByStrRoomId"];
    const own = String(props[REGION_KEY]);
    const region = served.includes(own) ? own : served[0];
    try {
      const prepared = prepareCall(removeUserSpec, { sdkAppId: bot.sdkAppId, roomId: bot.roomId, userIds: [bot.userId], region }, undefined);
      await sendTrtcCall(removeUserSpec, prepared, this.client());
      return REMOVED;
    } catch (e) {
      // Nobody in the room: the bot runs nothing there.
      if (e instanceof TrtcError && e.code === ROOM_NOT_EXIST) return REMOVED;
      return (e as Error).message;
    }
  }

  /** The id of the running task started with the caller key, if there is one. */
  private async findStarted(key: string, args: Props, props: Props): Promise<string | undefined> {
    const { describe, start, kind } = this.spec;
    if (!describe) throw new Error(`${kind}: start.recover needs a Describe API to look tasks up by their caller key`);
    try {
      const response = await this.call(describe.action, start.recover!.request(key, args), "read", props);
      return describe.state(response) ? start.taskId(response) : undefined;
    } catch (e) {
      if (isGone(e, describe.goneCodes ?? [])) return undefined;
      throw e;
    }
  }

  /**
   * The task id of a resource in state. A start left unsettled is looked up by its key: its task,
   * if one runs, or undefined; a failed lookup fails the operation, and state keeps the key.
   */
  private async settledTaskId(id: string, props: Props): Promise<string | undefined> {
    const { recover, evictBot } = this.spec.start;
    if (props.status !== START_UNSETTLED) return taskIdOf(id, props);
    if (recover) return this.findStarted(String(props[recover.key]), inputsOf(this.spec, props), props);
    // Only the bot is known: removing it from its room ends whatever task the lost Start ran.
    const bot = evictBot!.bot(inputsOf(this.spec, props));
    const removed = await this.removeBot(bot, props);
    if (removed === REMOVED) return undefined;
    throw new Error(`${this.spec.kind}: a lost Start of bot ${bot.userId} may still run, and removing the bot failed again: ${removed}`);
  }

  /**
   * Refresh, and reads of a task by `get` (whose props are only its application and region): a
   * task that ended on its own is dropped from state, and one that `get` names must be running.
   * The id becomes the running task's, where an update started it again or a lost Start was settled.
   */
  async read(recordedId: string, props: Props): Promise<dynamic.ReadResult> {
    const { spec } = this;
    // Nothing finds the task of an unsettled bot but removing the bot, which refresh must not do.
    if (props.status === START_UNSETTLED && !spec.start.recover) return { id: recordedId, props };
    const located = { ...props, [REGION_KEY]: this.region(props) };
    const taskId = await this.settledTaskId(recordedId, located);
    if (taskId === undefined) return {};
    const sent: Sent = {};
    const state = spec.describe
      ? await this.describe(spec.describe, taskId, located)
      : await this.probe(spec.probe, taskId, located, sent);
    if (!state) return {};
    return { id: taskId, props: { ...this.outputs(located, taskId, state), ...this.sequenceOutput(located, sent) } };
  }

  async update(id: string, recorded: Props, news: Props): Promise<dynamic.UpdateResult> {
    const { spec } = this;
    const settled = await this.settledTaskId(id, recorded);
    // The lost Start did not run (or its task has ended): start it now, with the same key.
    if (settled === undefined) return { outs: (await this.create(this.withKey(news, (key) => recorded[key]))).outs };
    // A task found by its key is brought to the program's values as a create's would be.
    const olds = recorded.status === START_UNSETTLED ? { ...recorded, taskId: settled, status: CREATE_INCOMPLETE } : recorded;
    const taskId = settled;
    const sent: Sent = {};
    const incomplete = olds.status === CREATE_INCOMPLETE;
    // Only recorded fields (credentials) changed: the running task has no use for them, so TRTC is not called.
    if (!incomplete && !this.changedPaths(olds, news).some((p) => this.rule(p).change === "inPlace")) {
      return { outs: this.recorded(olds, this.withKey(news, (key) => olds[key])) };
    }
    if (spec.update) {
      const params = spec.update.request(taskId, inputsOf(spec, news), inputsOf(spec, olds));
      try {
        await this.call(spec.update.action, this.sequenced(params, olds, sent), "change", news);
      } catch (e) {
        if (spec.update.restartIfGone && isGone(e, spec.stop.goneCodes)) return { outs: (await this.create(news)).outs };
        const error = this.explainGone(e, taskId, spec.stop.goneCodes) as Error;
        // Numbers sent may have reached TRTC although the answer did not: record the last one, so
        // the next update starts above it (Pulumi keeps these properties of a failed update).
        if (sent.number === undefined) throw error;
        const properties = { ...olds, ...this.sequenceOutput(olds, sent) };
        throw recordedFailure(error, id, properties);
      }
    }
    const state = await this.stateAfterChange(taskId, news);
    if (!state) throw this.explainGone(undefined, taskId, []);
    return { outs: { ...this.outputs(this.withKey(news, (key) => olds[key]), taskId, state), ...this.sequenceOutput(olds, sent) } };
  }

  /** The props with the Start caller key filled in when the program gives none (specs with `start.recover`). */
  private withKey(props: Props, generated: (key: string) => unknown): Props {
    const key = this.spec.start.recover?.key;
    return key !== undefined && props[key] === undefined ? { ...props, [key]: generated(key) } : props;
  }

  /** Stops the task; one that already ended or never existed is already what delete wants. */
  async delete(id: string, props: Props): Promise<void> {
    const { spec } = this;
    const taskId = await this.settledTaskId(id, props);
    if (taskId === undefined) return;
    try {
      await this.call(spec.stop.action, spec.stop.request(taskId, inputsOf(spec, props)), "change", props);
    } catch (e) {
      if (!isGone(e, spec.stop.goneCodes)) throw e;
    }
  }

  /** The task `adoptTaskId` names, if it runs: Describe is all that can be checked of it. */
  private async adopt(taskId: string, inputs: Props): Promise<string> {
    if (await this.stateAfterChange(taskId, inputs)) return taskId;
    throw new Error(
      `${this.spec.kind}: adoptTaskId ${taskId} is not a running task of application ${inputs.sdkAppId} in ` +
        `${inputs[REGION_KEY]}: check the id, or remove adoptTaskId to start a new task`,
    );
  }

  /** The call that sets everything the running task can change to `args`, if the API has one. */
  private updateCall(taskId: string, args: Props): { action: string; params: ApiParams } | undefined {
    const { update } = this.spec;
    // Nothing is known of the adopted task's settings but what Describe says: send them all.
    return update && { action: update.action, params: update.request(taskId, args, {}) };
  }

  /** After a successful change: what Describe says, or, for families without one, that the task runs. */
  private async stateAfterChange(taskId: string, props: Props): Promise<TaskState | undefined> {
    const { describe } = this.spec;
    return describe ? this.describe(describe, taskId, props) : { status: RUNNING };
  }

  private async describe(describe: Describe, taskId: string, props: Props): Promise<TaskState | undefined> {
    try {
      return describe.state(await this.call(describe.action, describe.request(taskId, taskKey(props)), "read", props));
    } catch (e) {
      if (isGone(e, describe.goneCodes ?? [])) return undefined;
      throw e;
    }
  }

  /** Sends the probe: it answers that the task runs, or proves it gone. */
  private async probe(probe: Probe<Props>, taskId: string, props: Props, sent: Sent): Promise<TaskState | undefined> {
    try {
      await this.call(probe.action, this.sequenced(probe.request(taskId, inputsOf(this.spec, props)), props, sent), "change", props);
      return { status: RUNNING };
    } catch (e) {
      if (isGone(e, probe.goneCodes)) return undefined;
      throw e;
    }
  }

  /**
   * `params` plus the spec's sequence number, a fresh one for every attempt of the call, each
   * above the task's stored one (from `props`); `sent` keeps the last one sent.
   */
  private sequenced(params: ApiParams, props: Props, sent: Sent): CallParams {
    const { sequence } = this.spec;
    if (!sequence) return params;
    const stored = props[sequence.output];
    return () => {
      sent.number = nextSequence(typeof stored === "number" ? stored : undefined);
      return { ...params, [sequence.param]: sent.number };
    };
  }

  /** The sequence output: the number last sent, else the one the task had (none for a new task). */
  private sequenceOutput(props: Props, sent: Sent): Props {
    const { sequence } = this.spec;
    return sequence ? { [sequence.output]: sent.number ?? props[sequence.output] } : {};
  }

  private call(action: string, params: CallParams, kind: CallKind, props: Props) {
    return this.client().call(action, params, kind, String(props[REGION_KEY]));
  }

  /** The task's region: its own, or for a `get` that names none, the provider's default. */
  private region(props: Props): string {
    const region = props[REGION_KEY] ?? this.settings().region;
    if (typeof region === "string") return region;
    throw new Error(`${this.spec.kind}: region: not set: give the region, or set trtc:region or TENCENTCLOUD_REGION`);
  }

  private outputs(inputs: Props, taskId: string, state: TaskState): Props {
    return { ...inputs, ...state.outputs, taskId, status: state.status };
  }

  /** The new inputs with the outputs TRTC last reported. */
  private recorded(olds: Props, news: Props): Props {
    const outputs = [...TASK_OUTPUTS, ...(this.spec.outputs ?? [])].filter((k) => k in olds);
    return { ...news, ...Object.fromEntries(outputs.map((k) => [k, olds[k]])) };
  }

  /** Start's inputs: a bot given no userSig gets one signed now (check made sure a key is there). */
  private withBotSig(args: Props): Props {
    if (!(BOT_SIG_KEY in this.spec.fields) || args[BOT_SIG_KEY] !== undefined) return args;
    return { ...args, [BOT_SIG_KEY]: makeUserSig(this.settings(), Number(args.sdkAppId), String(args.userId)) };
  }

  private checkAdopt(adopt: unknown): dynamic.CheckFailure[] {
    if (adopt === undefined || adopt === unknownValue) return [];
    if (!this.spec.describe) {
      return [this.failure([ADOPT_KEY], `${this.spec.kind} has no Describe API, so a running task cannot be looked up to adopt`)];
    }
    if (typeof adopt === "string" && adopt !== "") return [];
    return [this.failure([ADOPT_KEY], `must be the id of a running ${this.spec.kind} task`)];
  }

  /**
   * A replacement creates a new resource from the same inputs: with adoptTaskId still naming the
   * task adopted at creation, it would take over the very task it replaces. The program must drop
   * adoptTaskId first (it is only read at creation), or name another task.
   */
  private checkReadopt(olds: Props, news: Props): dynamic.CheckFailure[] {
    const adopted = news[ADOPT_KEY];
    if (adopted === undefined || olds[ADOPT_KEY] !== adopted || scan(news).unknown) return [];
    const replaces = this.replaces(olds, news);
    if (replaces.length === 0) return [];
    return [
      this.failure(
        [ADOPT_KEY],
        `changing ${replaces.join(", ")} replaces the task, and the replacement would adopt task ` +
          `${String(adopted)} again, the one being replaced: remove adoptTaskId (it is only read when the resource ` +
          "is created), run `pulumi up`, then make the change",
      ),
    ];
  }

  /** A bot needs a userSig, or the application's secret key for the provider to sign one. */
  private checkBotSig(given: Props): dynamic.CheckFailure[] {
    const app = given.sdkAppId;
    if (!(BOT_SIG_KEY in this.spec.fields) || given[BOT_SIG_KEY] !== undefined || typeof app !== "number") return [];
    if (appSecretKey(this.settings(), app) !== undefined) return [];
    return [
      this.failure(
        [BOT_SIG_KEY],
        `not given, and no secret key for application ${app} to sign one with: give the bot's userSig, ` +
          "or set the application's secret key (`pulumi config set --secret trtc:sdkSecretKey ...`, or the " +
          "environment variable TRTC_SDK_SECRET_KEY; trtc:sdkSecretKeys / TRTC_SDK_SECRET_KEYS for several applications)",
      ),
    ];
  }

  private explainGone(e: unknown, id: string, goneCodes: readonly string[]): unknown {
    if (e !== undefined && !isGone(e, goneCodes)) return e;
    return new Error(
      `${this.spec.kind} task ${id} has ended on its own, so it cannot be updated: run \`pulumi refresh\` ` +
        "to drop it from state, then `pulumi up` to start a new one",
    );
  }

  private checkRegion(own: unknown): dynamic.CheckFailure[] {
    const { kind, regions } = this.spec;
    const served = regions.join(", ");
    if (own === undefined) {
      const fallback = this.settings().region;
      if (fallback === undefined) return [this.failure([REGION_KEY], `not set: give the ${kind} a region, or set trtc:region or TENCENTCLOUD_REGION`)];
      if (regions.includes(fallback)) return [];
      return [this.failure([REGION_KEY], `not set, and the default region ${fallback} (trtc:region or TENCENTCLOUD_REGION) does not serve ${kind}: give one of ${served}`)];
    }
    if (own === unknownValue || (typeof own === "string" && regions.includes(own))) return [];
    return [this.failure([REGION_KEY], `must be one of the regions ${kind} is served in: ${served}`)];
  }

  /** Top-level fields whose change needs a new task. */
  private replaces(olds: Props, news: Props): string[] {
    const replacing = this.changedPaths(olds, news).filter((p) => this.rule(p).change === "replace");
    return [...new Set(replacing.map((p) => p.split(".")[0]))];
  }

  /** Dotted paths of input values that differ, down to the depth the field rules distinguish. */
  private changedPaths(olds: Props, news: Props): string[] {
    // A caller key create generated (the program gives none) belongs to the task, not to the program.
    const generated = (f: string) => f === this.spec.start.recover?.key && news[f] === undefined;
    const fields = [...Object.keys(this.spec.fields), REGION_KEY, ADOPT_KEY].filter((f) => !generated(f));
    const nested = Object.keys(this.spec.nestedFields ?? {});
    const paths: string[] = [];
    const walk = (path: string, a: unknown, b: unknown) => {
      // Values check refused for nesting too deep never reach here; state written otherwise is compared as changed.
      if (!scan(a).tooDeep && !scan(b).tooDeep && isDeepStrictEqual(a, b)) return;
      const deeper = nested.some((n) => n.startsWith(`${path}.`));
      if (deeper && isObject(a) && isObject(b)) {
        for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) walk(`${path}.${k}`, a[k], b[k]);
      } else {
        paths.push(path);
      }
    };
    for (const f of fields) walk(f, olds[f], news[f]);
    return paths;
  }

  private rule(path: string): FieldRule {
    if (path === ADOPT_KEY) return ADOPTION;
    const { fields, nestedFields = {} } = this.spec;
    const parts = path.split(".");
    for (let n = parts.length; n > 1; n--) {
      const rule = nestedFields[parts.slice(0, n).join(".")];
      if (rule) return rule;
    }
    return (fields as Record<string, FieldRule>)[parts[0]] ?? { change: "replace" };
  }
}

/** The last sequence number this process sent, to any task. */
let lastSequence = 0;

/**
 * A SequenceNumber no call of the task can have carried before: above the one state holds (`stored`,
 * the last one a finished call sent), above every number this process sent, and at least the wall
 * clock in milliseconds. The clock covers what state cannot: numbers a process sent before it died
 * unrecorded are older than any later process's clock (TRTC takes 64-bit integers).
 */
export function nextSequence(stored: number | undefined, now = Date.now()): number {
  lastSequence = Math.max((stored ?? 0) + 1, lastSequence + 1, now);
  return lastSequence;
}

/** The last sequence number a call sent, if it drew one. */
interface Sent {
  number?: number;
}

/** The task a resource manages now: its `taskId` output, which differs from its id after a restart. */
/** A failure Pulumi records anyway: the dynamic provider host keeps `id` and `properties` in state. */
function recordedFailure(error: Error, id: string, properties: Props): Error {
  return Object.assign(error, { id, properties, reasons: [error.message] });
}

function taskIdOf(id: string, props: Props): string {
  return typeof props.taskId === "string" ? props.taskId : id;
}

function isGone(e: unknown, goneCodes: readonly string[]): boolean {
  return e instanceof TrtcError && goneCodes.includes(e.code);
}

/** The spec's inputs from a props bag (dropping outputs and reserved keys), defaults filled in. */
function inputsOf(spec: AnyTaskSpec, props: Props): Props {
  const own = Object.keys(spec.fields).filter((k) => props[k] !== undefined && props[k] !== unknownValue);
  return spec.inputs.parse(Object.fromEntries(own.map((k) => [k, props[k]]))) as Props;
}

/** What Describe needs from a resource's props, which for a `get` hold little else. */
function taskKey(props: Props): TaskKey {
  const parsed = sdkAppId.safeParse(props.sdkAppId);
  if (!parsed.success) throw new Error(`sdkAppId: ${parsed.error.issues[0]?.message}: the application the task runs in`);
  return { sdkAppId: parsed.data };
}

function withoutReserved(props: Props): Props {
  return Object.fromEntries(Object.entries(props).filter(([k]) => !RESERVED.has(k)));
}

/** Schema field order, so state and previews never differ by key order alone. */
function orderLike(schema: z.ZodObject, props: Props): Props {
  return Object.fromEntries(Object.keys(schema.shape).filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
}

/**
 * Walks a value without recursion: whether it holds a value not known until another resource
 * exists, and whether it nests deeper than MAX_DEPTH (so deep that recursive code, zod's, node's
 * or ours, could run out of stack on it).
 */
function scan(value: unknown): { unknown: boolean; tooDeep: boolean } {
  let unknown = false;
  const pending: [unknown, number][] = [[value, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [v, depth] = next;
    if (v === unknownValue) unknown = true;
    if (typeof v !== "object" || v === null) continue;
    if (depth === MAX_DEPTH) return { unknown, tooDeep: true };
    for (const child of Object.values(v)) pending.push([child, depth + 1]);
  }
  return { unknown, tooDeep: false };
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A path in Pulumi's property path syntax: `a.b[0]`, with other names quoted, as in `a[""]`. */
function propertyPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => {
      if (typeof key === "number") return `[${key}]`;
      const name = String(key);
      return IDENTIFIER.test(name) ? `${i ? "." : ""}${name}` : `[${JSON.stringify(name)}]`;
    })
    .join("");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

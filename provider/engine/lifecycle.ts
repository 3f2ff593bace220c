// A task's lifecycle as the dynamic provider methods: check, diff, create, read, update, delete,
// composed from the parts beside this file.
import { randomUUID } from "node:crypto";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { TrtcClient } from "../client";
import { ADOPT_KEY, REGION_KEY, SETTLEMENT_KEY, TASK_OUTPUTS } from "../contract";
import type { Settings } from "../settings";
import type { AnyTaskSpec, TaskState } from "../spec";
import { RUNNING } from "../contract";
import { LOG_SOURCE } from "../previewLog";
import { botsIn } from "./bots";
import { hasEnded, TaskCalls } from "./calls";
import { ChangeRules, type PathChange } from "./changes";
import { InputChecker } from "./check";
import { Sequence } from "./sequence";
import { settlementFor, type StartSettlement } from "./settlement";
import { type Args, argsIfAny, argsOf, type Inputs, inputsOf, isGone, type Recorded, recordedFailure, settledRecord, settlementOf, taskIdOf } from "./state";

/** Where the line goes that says why read drops a task (TaskEngine.read). */
export type EndedSink = (line: string) => void | Promise<void>;

/** Turns a TaskSpec into the dynamic provider methods, calling TRTC through `client`. */
export class TaskEngine {
  private readonly calls: TaskCalls;
  private readonly changes: ChangeRules;
  private readonly checker: InputChecker;
  private readonly settlement: StartSettlement;

  constructor(
    private readonly spec: AnyTaskSpec,
    client: () => TrtcClient,
    private readonly settings: () => Settings,
  ) {
    this.calls = new TaskCalls(spec, client, settings);
    this.changes = new ChangeRules(spec);
    this.checker = new InputChecker(spec, settings, this.changes);
    this.settlement = settlementFor(spec, this.calls);
  }

  async check(olds: Inputs, news: Inputs): Promise<dynamic.CheckResult> {
    return this.checker.check(olds, news);
  }

  async diff(_id: string, recorded: Recorded, news: Inputs): Promise<dynamic.DiffResult> {
    return this.changes.diff(recorded, news);
  }

  /** The change path by path (ChangeRules.detailedDiff). */
  detailedDiff(recorded: Recorded, news: Inputs): Record<string, PathChange> {
    return this.changes.detailedDiff(recorded, news);
  }

  async create(given: Inputs): Promise<dynamic.CreateResult> {
    const { spec } = this;
    // One caller key for every Start this create sends; recorded, so it is an output too.
    const inputs = this.withKey(given, () => spec.start.recover?.generate?.() ?? randomUUID());
    const args = argsOf(spec, inputs);
    const adopt = inputs[ADOPT_KEY];
    const adopting = typeof adopt === "string";
    const taskId = adopting ? await this.adopt(adopt, inputs) : await this.settlement.start(args, inputs);
    try {
      // An adopted task is brought to the program's values by an update, as an in-place change would be.
      const next = adopting ? this.updateCall(taskId, args) : spec.afterStart?.(taskId, args);
      if (next) await this.calls.withBots(next.action, next.params, "change", inputs);
      // An adopted task was changed by an update, so it is read back as an update's would be.
      const state = (!adopting && spec.start.started) || (await this.stateAfterChange(taskId, inputs));
      if (!state) throw new Error(`${spec.kind} task ${taskId} ended right after it started`);
      return { id: taskId, outs: settledRecord(inputs, taskId, state) };
    } catch (e) {
      // The task runs: hand its id to the engine so state keeps it and a later destroy stops it.
      const recorded: Recorded = { ...inputs, taskId, [SETTLEMENT_KEY]: "createIncomplete" };
      throw recordedFailure(new Error(`${spec.kind} task ${taskId} started, then: ${(e as Error).message}`), taskId, recorded);
    }
  }

  /**
   * Refresh, and reads of a task by `get` (whose record is only its application and region): a
   * task that ended on its own is dropped from state, and one that `get` names must be running.
   * The id becomes the running task's, where an update started it again or a lost Start was settled.
   * `onEnded` gets the line that says why a task is dropped, and is awaited: the dynamic provider
   * prints it to its stderr, which the engine shows; the plugin sends it to the engine's log; an
   * import or `get`, which refuses an ended task in its own words, passes one that keeps quiet.
   */
  async read(recordedId: string, recorded: Recorded, onEnded: EndedSink = (line) => console.warn(line)): Promise<dynamic.ReadResult> {
    const { spec } = this;
    if (settlementOf(recorded) === "startUnsettled" && !this.settlement.settlesOnRead) return { id: recordedId, props: recorded };
    const located = { ...recorded, [REGION_KEY]: this.region(recorded) };
    const taskId = await this.settledTaskId(recordedId, located);
    if (taskId === undefined) return {};
    const sequence = new Sequence(spec, located);
    const state = spec.describe
      ? await this.calls.describe(spec.describe, taskId, located)
      : await this.calls.probe(taskId, argsOf(spec, located), located, sequence);
    if (hasEnded(state)) {
      await onEnded(this.endedLine(taskId, located, state.ended));
      return {};
    }
    // A create that did not finish stays unfinished until an update finishes it: refresh only reads.
    const unfinished = settlementOf(recorded) === "createIncomplete" && { [SETTLEMENT_KEY]: "createIncomplete" as const };
    const props: Recorded = { ...settledRecord(located, taskId, state), ...unfinished, ...sequence.output() };
    // Values changed elsewhere become the inputs too, so the engine diffs the program against them (drift).
    return { id: taskId, props, ...(state.inputs && { inputs: inputsOf(spec, props) }) };
  }

  async update(id: string, recorded: Recorded, news: Inputs): Promise<dynamic.UpdateResult> {
    const { spec } = this;
    const settled = await this.settledTaskId(id, recorded);
    // The lost Start did not run (or its task has ended): start it now, with the same key.
    if (settled === undefined) return { outs: (await this.create(this.withKey(news, (key) => recorded[key]))).outs };
    // A task found by its key is brought to the program's values as a create's would be.
    const settlement = settlementOf(recorded);
    const olds: Recorded = settlement === "startUnsettled" ? { ...recorded, taskId: settled } : recorded;
    const taskId = settled;
    const sequence = new Sequence(spec, olds);
    // Only recorded fields (credentials) changed: the running task has no use for them, so TRTC is not called.
    if (settlement === undefined && !this.changes.changesInPlace(olds, news)) {
      return { outs: this.keepOutputs(olds, this.withKey(news, (key) => olds[key])) };
    }
    if (spec.update) {
      // With trtc:fullUpdates the request is built as against a task with nothing set, so it carries everything.
      const params = spec.update.request(taskId, argsOf(spec, news), this.settings().fullUpdates ? {} : argsOf(spec, olds));
      try {
        await this.calls.withBots(spec.update.action, params, "change", news, sequence);
        const then = spec.update.then?.(taskId, argsOf(spec, news), this.settings().fullUpdates ? {} : argsOf(spec, olds));
        if (then) await this.calls.withBots(then.action, then.params, "change", news, sequence);
      } catch (e) {
        if (spec.update.restartIfGone && isGone(e, spec.stop.goneCodes)) return { outs: (await this.create(news)).outs };
        const error = this.explainGone(e, taskId, spec.stop.goneCodes) as Error;
        // Numbers sent may have reached TRTC although the answer did not: record the last one, so
        // the next update starts above it (Pulumi keeps these properties of a failed update).
        if (sequence.number === undefined) throw error;
        throw recordedFailure(error, id, { ...olds, ...sequence.output() });
      }
    }
    const state = await this.stateAfterChange(taskId, news);
    if (!state) throw this.explainGone(undefined, taskId, []);
    return { outs: { ...settledRecord(this.withKey(news, (key) => olds[key]), taskId, state), ...sequence.output() } };
  }

  /** Stops the task; one that already ended or never existed is already what delete wants. */
  async delete(id: string, recorded: Recorded): Promise<void> {
    const { spec } = this;
    const taskId = await this.settledTaskId(id, recorded);
    if (taskId === undefined) return;
    try {
      await this.calls.call(spec.stop.action, spec.stop.request(taskId, argsOf(spec, recorded)), "change", recorded);
    } catch (e) {
      if (!isGone(e, spec.stop.goneCodes)) throw e;
    }
  }

  /**
   * The task id of a resource in state. A Start left unsettled is settled first: its task, if one
   * runs, or undefined; a failed settlement fails the operation, and state keeps the record.
   */
  private settledTaskId(id: string, recorded: Recorded): Promise<string | undefined> {
    if (settlementOf(recorded) !== "startUnsettled") return Promise.resolve(taskIdOf(id, recorded));
    return this.settlement.settle(recorded);
  }

  /** The inputs with the Start caller key filled in when the program gives none (specs with `start.recover`). */
  private withKey(inputs: Inputs, generated: (key: string) => unknown): Inputs {
    const key = this.spec.start.recover?.key;
    return key !== undefined && inputs[key] === undefined ? { ...inputs, [key]: generated(key) } : inputs;
  }

  /** The task `adoptTaskId` names, if it runs: Describe is all that can be checked of it. */
  private async adopt(taskId: string, inputs: Inputs): Promise<string> {
    if (await this.stateAfterChange(taskId, inputs)) return taskId;
    throw new Error(
      `${this.spec.kind}: adoptTaskId ${taskId} is not a running task of application ${inputs.sdkAppId} in ` +
        `${inputs[REGION_KEY]}: check the id, or remove adoptTaskId to start a new task`,
    );
  }

  /** The call that sets everything the running task can change to `args`, if the API has one. */
  private updateCall(taskId: string, args: Args) {
    const { update } = this.spec;
    // Nothing is known of the adopted task's settings but what Describe says: send them all.
    return update && { action: update.action, params: update.request(taskId, args, {}) };
  }

  /** After a successful change: what Describe says, or, for families without one, that the task runs. */
  private async stateAfterChange(taskId: string, recorded: Recorded): Promise<TaskState | undefined> {
    const { describe } = this.spec;
    if (!describe) return { status: RUNNING };
    const observed = await this.calls.describe(describe, taskId, recorded);
    return hasEnded(observed) ? undefined : observed;
  }

  /**
   * The line for a task refresh drops, since Pulumi itself prints only that the resource was deleted:
   * which task, what TRTC said, and how such a task ends by itself. Read hands it to its `onEnded`.
   */
  private endedLine(taskId: string, recorded: Recorded, said: string): string {
    const { spec } = this;
    if (spec.configuration) return `${LOG_SOURCE}refresh drops ${spec.kind} ${taskId} (application ${recorded.sdkAppId}): ${said}, so it was deleted outside this stack.`;
    const [bot] = botsIn(recorded, spec.bots);
    // A web recording has neither room nor bot: it is named by its id alone.
    const place = [...(recorded.roomId !== undefined ? [`room ${JSON.stringify(recorded.roomId)}`] : []), ...(bot ? [`bot ${bot.userId}`] : [])];
    const where = place.length > 0 ? ` (${place.join(", ")})` : "";
    const args = argsIfAny(spec, recorded);
    const why = spec.endsBy && args ? ` ${spec.endsBy(args)}.` : "";
    return `${LOG_SOURCE}refresh drops ${spec.kind} task ${taskId}${where}: ${said}, so it has ended.${why}`;
  }

  /** The task's region: its own, or for a `get` that names none, the provider's default. */
  private region(recorded: Recorded): string {
    const region = recorded[REGION_KEY] ?? this.settings().region;
    if (typeof region === "string") return region;
    throw new Error(`${this.spec.kind}: region: not set: give the region, or set trtc:region or TENCENTCLOUD_REGION`);
  }

  /** The new inputs with the outputs TRTC last reported. */
  private keepOutputs(olds: Recorded, news: Inputs): Recorded {
    const outputs = [...TASK_OUTPUTS, ...(this.spec.outputs ?? [])].filter((k) => k in olds);
    return { ...news, ...Object.fromEntries(outputs.map((k) => [k, olds[k]])) };
  }

  private explainGone(e: unknown, id: string, goneCodes: readonly string[]): unknown {
    if (e !== undefined && !isGone(e, goneCodes)) return e;
    const { kind, configuration } = this.spec;
    const gone = configuration ? `${kind} ${id} was deleted outside this stack` : `${kind} task ${id} has ended on its own`;
    return new Error(
      `${gone}, so it cannot be updated: run \`pulumi refresh\` to drop it from state, then \`pulumi up\` to ` +
        (configuration ? `create a new ${configuration.noun}` : "start a new one"),
    );
  }
}

// Settling Start answers that may have been lost (a network failure, a timeout, a 5xx or an
// internal error after the call may have run): one interface, with a strategy chosen once per
// spec, so a task is neither started twice nor left running unrecorded.
import { isDeepStrictEqual } from "node:util";
import { LISTED_BEFORE_KEY, SETTLEMENT_KEY } from "../contract";
import { mayHaveRun, TrtcError } from "../errors";
import type { AnyTaskSpec, BotEviction, CreatedLookup, StartRecovery } from "../spec";
import { type Bot, REMOVED, type TaskCalls } from "./calls";
import { type Args, argsOf, type Recorded, recordedFailure } from "./state";

export interface StartSettlement {
  /** Sends Start until its outcome is known: the task id, or a failure (recorded in state when a task may run). */
  start(args: Args, recorded: Recorded): Promise<string>;
  /** For state whose Start was left unsettled: the running task's id, or undefined when none runs. */
  settle(recorded: Recorded): Promise<string | undefined>;
  /** Whether refresh may settle such state: it must not change the room. */
  readonly settlesOnRead: boolean;
}

/** The strategy the spec declares: by caller key, by bot eviction, or none. */
export function settlementFor(spec: AnyTaskSpec, calls: TaskCalls): StartSettlement {
  const { recover, evictBot, findCreated } = spec.start;
  if (recover) return new ByCallerKey(spec, calls, recover);
  if (evictBot) return new ByBotEviction(spec, calls, evictBot);
  if (findCreated) return new ByListing(spec, calls, findCreated);
  return new Unsettled(spec, calls);
}

/** Starts one create sends at most when their answers are lost (specs with `start.recover`). */
const START_ATTEMPTS = 3;
/**
 * Starts one create sends at most with `start.evictBot`: each lost answer costs a removal and a
 * Start, and a lost Start that reached TRTC late may cost one more refused Start.
 */
const EVICTING_START_ATTEMPTS = 7;

/** Pages a listing may take before it is taken for one that ignores its page number. */
const MAX_PAGES = 1000;

/** A record kept by its key or bot alone, for the next operation to settle. */
function unsettled(error: Error, id: string, recorded: Recorded): Error {
  return recordedFailure(error, id, { ...recorded, [SETTLEMENT_KEY]: "startUnsettled" });
}

/** No settling: a failure is reported as it is (the client only resends a Start whose refusal proves it did not run). */
class Unsettled implements StartSettlement {
  readonly settlesOnRead = false;

  constructor(
    private readonly spec: AnyTaskSpec,
    private readonly calls: TaskCalls,
  ) {}

  async start(args: Args, recorded: Recorded): Promise<string> {
    try {
      return await this.calls.start(args, recorded);
    } catch (e) {
      if (!(e instanceof TrtcError) || !mayHaveRun(e)) throw e;
      // Nothing can find a task this Start may have run: the user must know it may run, and how it ends.
      const ends = this.spec.endsBy ? ` ${this.spec.endsBy(args as never)}.` : "";
      throw new Error(
        `${this.spec.kind}: the answer to ${this.spec.start.action} was lost (${e.message}); a task may have started that ` +
          `no TRTC API can find, so none is recorded.${ends}`,
        { cause: e },
      );
    }
  }

  async settle(): Promise<string | undefined> {
    throw new Error(`${this.spec.kind}: state records an unsettled Start, which this kind never leaves`);
  }
}

/**
 * Start, settled by `find` after a failure that may hide a started task (mayHaveRun): what it
 * finds is this create's; nothing means Start did not run, and it is sent again. Once an answer
 * was lost, any later failure (a duplicate refused, say) is checked the same way before it is
 * reported.
 */
async function startFinding(
  calls: TaskCalls,
  args: Args,
  recorded: Recorded,
  find: (error: Error) => Promise<string | undefined>,
  none: string,
): Promise<string> {
  let lost = false;
  for (let attempt = 1; ; attempt++) {
    try {
      return await calls.start(args, recorded);
    } catch (e) {
      const ambiguous = e instanceof TrtcError && mayHaveRun(e);
      lost ||= ambiguous;
      if (!lost) throw e;
      const found = await find(e as Error);
      if (found !== undefined) return found;
      if (!ambiguous || attempt === START_ATTEMPTS) throw new Error(`${(e as Error).message}; ${none}`, { cause: e });
    }
  }
}

/**
 * `start.recover`: a lost answer is settled by Describe by the caller key (startFinding), and
 * Start is sent again with the same key.
 */
class ByCallerKey implements StartSettlement {
  readonly settlesOnRead = true;

  constructor(
    private readonly spec: AnyTaskSpec,
    private readonly calls: TaskCalls,
    private readonly recover: StartRecovery,
  ) {}

  async start(args: Args, recorded: Recorded): Promise<string> {
    const key = String(args[this.recover.key]);
    const task = `${this.spec.kind} task with ${this.recover.key} ${key}`;
    const find = (e: Error) =>
      this.calls.findStarted(key, args, recorded).catch((lookup: Error) => {
        const message =
          `${e.message}; looking up the ${task} failed too, so it may be running: ${lookup.message}. ` +
          "State keeps its key: the next `pulumi up`, refresh or destroy looks it up again";
        throw unsettled(new Error(message, { cause: lookup }), `${this.recover.key}:${key}`, recorded);
      });
    return startFinding(this.calls, args, recorded, find, `no ${task} was found running`);
  }

  settle(recorded: Recorded): Promise<string | undefined> {
    return this.calls.findStarted(String(recorded[this.recover.key]), argsOf(this.spec, recorded), recorded);
  }
}

/**
 * `start.evictBot`: after a lost answer the bot is removed from its room first (RemoveUser, whose
 * page documents that a removed bot's task ends), so whatever the lost Start ran has ended, and
 * Start is sent again: no code for "this bot already runs a task" is relied on. Where Start still
 * answers one (a lost Start that reached TRTC late), the bot is removed again. A create that gives
 * up after a lost answer removes the bot once more, so no task it may have started runs
 * unrecorded, and says whether that worked.
 */
class ByBotEviction implements StartSettlement {
  // Nothing finds the task of an unsettled bot but removing the bot, which refresh must not do.
  readonly settlesOnRead = false;

  constructor(
    private readonly spec: AnyTaskSpec,
    private readonly calls: TaskCalls,
    private readonly evict: BotEviction,
  ) {}

  async start(args: Args, recorded: Recorded): Promise<string> {
    const bot = this.evict.bot(args);
    const who = `bot ${bot.userId} in room ${JSON.stringify(bot.roomId)}`;
    const removals: string[] = [];
    let last: unknown;
    for (let attempt = 1; attempt <= EVICTING_START_ATTEMPTS; attempt++) {
      try {
        return await this.calls.start(args, recorded);
      } catch (e) {
        last = e;
        const lost = e instanceof TrtcError && mayHaveRun(e);
        const exists = removals.length > 0 && e instanceof TrtcError && this.evict.existCodes.includes(e.code);
        if (removals.length === 0 && !lost) throw e;
        if (!lost && !exists) break;
        const removed = await this.calls.removeBot(bot, recorded);
        removals.push(removed === REMOVED ? "the bot was removed from the room" : `removing the bot failed: ${removed}`);
        // A bot that cannot be removed may run the lost task: starting again would only be refused.
        if (removed !== REMOVED) break;
      }
    }
    const cleanup = await this.calls.removeBot(bot, recorded);
    const history = removals.length ? ` Before that: ${removals.join("; ")}.` : "";
    const lostAnswer = `${this.spec.kind}: the Start answer for ${who} was lost, and Start did not succeed again (${(last as Error).message}).${history} `;
    if (cleanup === REMOVED) {
      throw new Error(`${lostAnswer}The bot was removed from the room, so no task of it is running; \`pulumi up\` can start it again.`, { cause: last });
    }
    // A task may run that only its bot can end: state keeps the bot, so the next up or destroy
    // removes it first (and refresh, which must not change the room, leaves the record as it is).
    const message =
      `${lostAnswer}Removing the bot failed (${cleanup}), so a task may be running. State keeps the bot: the next ` +
      `\`pulumi up\` or destroy removes user ${bot.userId} from the room first`;
    throw unsettled(new Error(message, { cause: last }), `userId:${bot.userId}`, recorded);
  }

  /** Only the bot is known: removing it from its room ends whatever task the lost Start ran. */
  async settle(recorded: Recorded): Promise<string | undefined> {
    const bot: Bot = this.evict.bot(argsOf(this.spec, recorded));
    const removed = await this.calls.removeBot(bot, recorded);
    if (removed === REMOVED) return undefined;
    throw new Error(`${this.spec.kind}: a lost Start of bot ${bot.userId} may still run, and removing the bot failed again: ${removed}`);
  }
}

/**
 * `start.findCreated`: the application's objects are listed before the first Create; after a lost
 * answer, an object new since then with the inputs' values is this create's, and with none Create
 * is sent again. Listing changes nothing, so refresh may settle too.
 */
class ByListing implements StartSettlement {
  readonly settlesOnRead = true;

  constructor(
    private readonly spec: AnyTaskSpec,
    private readonly calls: TaskCalls,
    private readonly lookup: CreatedLookup,
  ) {}

  async start(args: Args, recorded: Recorded): Promise<string> {
    const before = (await this.list(args, recorded)).map((item) => item.id);
    const find = (e: Error) =>
      this.created(before, args, recorded).catch((lookup: Error) => {
        const message =
          `${e.message}; listing the ${this.noun()}s to find the one it may have created failed too: ${lookup.message}. ` +
          "State keeps the listing from before: the next `pulumi up`, refresh or destroy lists again";
        throw unsettled(new Error(message, { cause: lookup }), `${this.noun()}:unsettled`, { ...recorded, [LISTED_BEFORE_KEY]: before });
      });
    return startFinding(this.calls, args, recorded, find, `no ${this.noun()} was created`);
  }

  settle(recorded: Recorded): Promise<string | undefined> {
    const before = recorded[LISTED_BEFORE_KEY];
    if (!Array.isArray(before)) throw new Error(`${this.spec.kind}: state records an unsettled create without the listing from before it`);
    return this.created(before.map(String), argsOf(this.spec, recorded), recorded);
  }

  /** The object new since `before` with the inputs' values, if there is one; two or more cannot be told apart. */
  private async created(before: readonly string[], args: Args, recorded: Recorded): Promise<string | undefined> {
    const known = new Set(before);
    const fresh = (await this.list(args, recorded)).filter(
      (item) => !known.has(item.id) && Object.entries(item.inputs).every(([key, value]) => isDeepStrictEqual(value, args[key])),
    );
    if (fresh.length <= 1) return fresh[0]?.id;
    throw new Error(
      `${this.spec.kind}: a lost Create answer, and ${fresh.length} ${this.noun()}s with these values were created since ` +
        `(${fresh.map((item) => item.id).join(", ")}): one is this create's, the others someone else's. Delete the one not in use, then run \`pulumi up\``,
    );
  }

  /** Every object of the application, page by page until a short page. */
  private async list(args: Args, recorded: Recorded) {
    const { action, request, items, pageSize } = this.lookup;
    const all = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const listed = items(await this.calls.call(action, request(page, args), "read", recorded));
      all.push(...listed);
      if (listed.length < pageSize) return all;
    }
    throw new Error(`${this.spec.kind}: ${action} listed more than ${MAX_PAGES} pages`);
  }

  private noun(): string {
    return this.spec.configuration?.noun ?? this.spec.kind;
  }
}

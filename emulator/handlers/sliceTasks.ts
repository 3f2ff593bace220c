// What the slicing families (CloudSliceTask, CloudModeration) share: a bot that joins a room,
// subscribes to its anchors, and ends after MaxIdleTime without one; a TaskId that Describe, Modify
// and Delete reach until the task ends or its ResourceExpiredHour passes; and a Modify that takes
// only the subscription lists. Each family's file gives its action names and parameter tables.
import { ApiError, invalidParameter } from "../errors";
import type { ActionDef, HandlerContext } from "../family";
import { CLOUD_STORAGE, field, oneOf, type Params, readParams, SDK_APP_ID, TASK_ID, USER_ID, USER_SIG } from "../params";
import { TRTC_ROOM_ID_TYPES } from "../roomIds";
import type { World } from "../world";
import type { TaskRecord } from "../world/tasks";
import { readBotStart } from "./bot";
import { MODIFIABLE } from "./cloudRecording/params";

/** Both families' RoomIdType: 1 an integer room (the default), 0 a string room. */
export const roomIdTypes = TRTC_ROOM_ID_TYPES;

const DEFAULT_MAX_IDLE_SECONDS = 30;

/** CloudSliceStorage and CloudModerationStorage: a recording's CloudStorage, with Alibaba Cloud OSS (2) too. */
export const SLICE_STORAGE = { ...CLOUD_STORAGE, Vendor: field("integer", true, oneOf(0, 1, 2)) };

/** The members of a Create that place its bot. */
export const BOT_MEMBERS = {
  SdkAppId: SDK_APP_ID,
  RoomId: field("string", true),
  UserId: USER_ID,
  UserSig: USER_SIG,
  RoomIdType: field("integer", false, oneOf(0, 1)),
};

/**
 * SliceType and ModerationType: 1 audio slices, 2 screenshots, 3 both. A setting of the kind the
 * task does not take is refused, as it would have no effect.
 */
export function refuseOtherKind(params: Record<string, unknown>, type: number, members: { audio: string[]; video: string[] }, name: string, typeName: string): void {
  const kinds: [number[], string[]][] = [[[1, 3], members.audio], [[2, 3], members.video]];
  for (const [types, list] of kinds) {
    for (const member of list) {
      if (params[member] !== undefined && !types.includes(type)) throw invalidParameter(`${name}.${member}`, `applies only to ${typeName} ${types.join(" or ")}`);
    }
  }
}

/** SubscribeStreamUserIds (SubscribeModerationUserIds in moderation): a recording's allowlists and blocklists. */
export const SUBSCRIPTIONS = MODIFIABLE.SubscribeStreamUserIds;

const TASK = { SdkAppId: SDK_APP_ID, TaskId: TASK_ID };
const MODIFY = { ...TASK, SubscribeStreamUserIds: SUBSCRIPTIONS };

/** A Create's table: the bot's members and the family's own. */
type CreateSpec = Parameters<typeof readBotStart>[2];

export interface SliceFamily<S extends CreateSpec> {
  family: string;
  regions: readonly string[];
  /** The family's four actions, in the order Create, Describe, Modify, Delete. */
  names: readonly [string, string, string, string];
  create: S;
  /** The member of the Create request holding MaxIdleTime and SubscribeStreamUserIds. */
  paramsOf: (p: Params<S>) => { MaxIdleTime?: number | undefined; SubscribeStreamUserIds?: unknown };
  defaultExpiredHours: number;
}

/** The four actions of a slicing family. */
export function sliceTaskActions<S extends CreateSpec>(spec: SliceFamily<S>): Record<string, ActionDef> {
  const { family, regions, names, create } = spec;
  const [createName, describeName, modifyName, deleteName] = names;

  /** The task Describe, Modify and Delete reach: ResourceNotFound, their one not-found code, for any other. */
  function reachableTask(world: World, p: { SdkAppId: number; TaskId: string }): TaskRecord {
    const task = world.tasks.findActive(family, p.SdkAppId, p.TaskId);
    const hours = task && ((task.params.ResourceExpiredHour as number | undefined) ?? spec.defaultExpiredHours);
    if (task && hours && world.clock.now() < task.startedAt + hours * 3_600_000) return task;
    throw new ApiError("ResourceNotFound", `The ${family} task does not exist, has ended, or is past its ResourceExpiredHour.`);
  }

  const reached = ({ params, world }: HandlerContext) => reachableTask(world, readParams(params, TASK));

  return {
    [createName]: {
      regions,
      handle(ctx) {
        const { p, bot } = readBotStart(ctx, family, create, roomIdTypes);
        // The bot must not be one of the room's users; another task's bot is refused by the task store.
        if (ctx.world.rooms.present(bot).includes(bot.userId)) throw new ApiError("InvalidParameter.UserId", `User ${bot.userId} is already in room ${bot.roomId}.`);
        const own = spec.paramsOf(p);
        const task = ctx.world.tasks.start({
          ...bot,
          settings: { SubscribeStreamUserIds: own.SubscribeStreamUserIds ?? {} },
          lifetimeMs: undefined,
          // The bot only subscribes: it never keeps a room from being idle.
          publishes: false,
          idleTimeoutMs: (own.MaxIdleTime ?? DEFAULT_MAX_IDLE_SECONDS) * 1000,
        });
        return { TaskId: task.taskId };
      },
    },
    [describeName]: {
      regions,
      handle(ctx) {
        const task = reached(ctx);
        // Of the documented Idle / InProgress / Exited, a reachable task is InProgress: ending is instant here.
        return { TaskId: task.taskId, Status: "InProgress", SubscribeStreamUserIds: task.settings.SubscribeStreamUserIds };
      },
    },
    [modifyName]: {
      regions,
      handle({ params, world }) {
        const { SdkAppId, TaskId, SubscribeStreamUserIds } = readParams(params, MODIFY);
        const task = reachableTask(world, { SdkAppId, TaskId });
        // The lists given replace the current ones whole; none given leaves them.
        if (SubscribeStreamUserIds) task.settings.SubscribeStreamUserIds = SubscribeStreamUserIds;
        return { TaskId };
      },
    },
    [deleteName]: {
      regions,
      handle(ctx) {
        const task = reached(ctx);
        ctx.world.tasks.end(task, "stopped");
        return { TaskId: task.taskId };
      },
    },
  };
}

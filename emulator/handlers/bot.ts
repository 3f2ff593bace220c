// What the Starts that name their bot and its room at the top level of the request
// (StartStreamIngest, CreateCloudRecording) read alike: the room, in the family's RoomIdType
// numbering, and the bot's UserSig.
import type { HandlerContext } from "../family";
import { type Field, type Params, readParams, type Spec } from "../params";
import { readRoom, type RoomIdTypes } from "../roomIds";
import { checkUserSig } from "../usersig";
import type { NewTask } from "../world/tasks";

/** The members such a Start's table has. */
type BotSpec = Spec & {
  SdkAppId: Field<number, true>;
  RoomId: Field<string, true>;
  RoomIdType: Field<number>;
  UserId: Field<string, true>;
  UserSig: Field<string, true>;
};

interface TopLevelBot {
  SdkAppId: number;
  RoomId: string;
  RoomIdType?: number;
  UserId: string;
  UserSig: string;
}

/** The task the Start asks for so far: its family, the action, the room, the bot and the request as received. */
export type BotTask = Pick<NewTask, "family" | "action" | "sdkAppId" | "roomId" | "roomIdType" | "userId" | "params">;

/** Reads the Start's parameters by `spec` and checks its room and its bot's UserSig; throws the documented error. */
export function readBotStart<S extends BotSpec>({ action, params, world }: HandlerContext, family: string, spec: S, types: RoomIdTypes): { p: Params<S>; bot: BotTask } {
  const p = readParams(params, spec);
  // The members BotSpec requires, as readParams typed them.
  const { SdkAppId, RoomId, RoomIdType, UserId, UserSig } = p as unknown as TopLevelBot;
  const room = readRoom(SdkAppId, RoomId, RoomIdType, types);
  checkUserSig(world, SdkAppId, UserId, UserSig);
  return { p, bot: { family, action, ...room, userId: UserId, params: { ...params } } };
}

// A spec's bots (spec.bots): each one present in the inputs, and UserSigs signed for the ones a
// program gave none, in the request that carries them (PascalCase, at the same paths).
import type { ApiParams } from "../client";
import { apiName, type BotPlace } from "../spec";
import { isObject } from "./state";

/** A bot the inputs hold: its user id, whether it was given a UserSig, and the path of that sig. */
export interface PresentBot {
  userId: string;
  signed: boolean;
  sigOptional: boolean;
  /** The sig's path, with list indexes: `feedBackRoomParams[1].userSig` as ["feedBackRoomParams", 1, "userSig"]. */
  sigPath: (string | number)[];
}

/** Every bot of `places` in `value`, at its path. */
export function botsIn(value: Record<string, unknown>, places: readonly BotPlace[], name: (key: string) => string = (k) => k): PresentBot[] {
  return places.flatMap((place) => {
    const parent = place.userId.split(".").slice(0, -1);
    const idKey = name(lastSegment(place.userId));
    const sigKey = name(lastSegment(place.userSig));
    return holders(value, parent, name)
      .filter(({ holder }) => typeof holder[idKey] === "string")
      .map(({ holder, path }) => ({
        userId: holder[idKey] as string,
        signed: holder[sigKey] !== undefined,
        sigOptional: place.sigOptional === true,
        sigPath: [...path, lastSegment(place.userSig)],
      }));
  });
}

/** The request with a UserSig signed by `sign` for each bot of `places` that has none. */
export function withBotSigs(params: ApiParams, places: readonly BotPlace[], sign: (userId: string) => string): ApiParams {
  let signed = params;
  for (const bot of botsIn(params, places, apiName)) {
    if (!bot.signed) signed = setAt(signed, bot.sigPath.map((key) => (typeof key === "number" ? key : apiName(key))), sign(bot.userId));
  }
  return signed;
}

function lastSegment(path: string): string {
  return path.split(".").pop()!;
}

/** The objects at `path` (`list[]` segments fan out over a list's elements), with their concrete paths. */
function holders(value: Record<string, unknown>, path: readonly string[], name: (key: string) => string) {
  let found: { holder: Record<string, unknown>; path: (string | number)[] }[] = [{ holder: value, path: [] }];
  for (const segment of path) {
    const list = segment.endsWith("[]");
    const key = list ? segment.slice(0, -2) : segment;
    found = found.flatMap(({ holder, path: at }) => {
      const child = holder[name(key)];
      if (!list) return isObject(child) ? [{ holder: child, path: [...at, key] }] : [];
      if (!Array.isArray(child)) return [];
      return child.flatMap((element, i) => (isObject(element) ? [{ holder: element, path: [...at, key, i] }] : []));
    });
  }
  return found;
}

/** A copy of `value` with `leaf` at `path`, copying only what lies on the way. */
function setAt(value: unknown, path: readonly (string | number)[], leaf: unknown): ApiParams {
  const [key, ...rest] = path;
  const set = (child: unknown) => (rest.length === 0 ? leaf : setAt(child, rest, leaf));
  if (typeof key === "number") {
    const list = [...(value as unknown[])];
    list[key] = set(list[key]);
    return list as unknown as ApiParams;
  }
  const object = value as Record<string, unknown>;
  return { ...object, [key!]: set(object[key!]) };
}

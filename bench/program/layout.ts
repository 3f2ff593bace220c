// Where the bench's N resources live: shared by the program (which builds them) and the harness
// (which signs each bot's UserSig and gives the emulator each application's key).

/** Bots per room: each is its own user there. */
export const BOTS_PER_ROOM = 10;
/** Resources per TRTC application: the emulator runs at most 100 recordings per SdkAppId. */
export const RESOURCES_PER_APP = 100;
export const FIRST_APP = 1400000001;

export interface Slot {
  index: number;
  /** The resource's Pulumi name. */
  name: string;
  sdkAppId: number;
  roomId: number;
  userId: string;
}

export function slot(index: number): Slot {
  return {
    index,
    name: `bench-${index}`,
    sdkAppId: FIRST_APP + Math.floor(index / RESOURCES_PER_APP),
    roomId: 1 + Math.floor(index / BOTS_PER_ROOM),
    userId: `bench-bot-${index}`,
  };
}

/** `n` slots from `first` on: stacks that share an account take slots of their own. */
export function slots(n: number, first = 0): Slot[] {
  return Array.from({ length: n }, (_, i) => slot(first + i));
}

/** A bot in its room. */
export function roomBot(s: Slot) {
  return { sdkAppId: s.sdkAppId, roomId: s.roomId, userId: s.userId };
}

// Battles between live rooms (Live engine REST API), on the virtual clock.
import { randomBytes } from "node:crypto";
import type { VirtualClock } from "./clock";

/** A battle between live rooms (Live engine REST API). Times are on the virtual clock. */
export interface BattleRecord {
  battleId: string;
  sdkAppId: number;
  fromRoomId: string;
  /** The called rooms that joined it (ResultCode 0). */
  toRoomIds: string[];
  durationMs: number;
  extensionInfo?: string;
  startedAt: number;
  endsAt: number;
}

export class BattleStore {
  private readonly battles = new Map<string, BattleRecord>();

  constructor(private readonly clock: VirtualClock) {}

  create(init: Omit<BattleRecord, "battleId" | "startedAt" | "endsAt">): BattleRecord {
    const now = this.clock.now();
    // Shaped like the documents' examples: 32 random bytes, base64.
    const battle = { ...init, battleId: randomBytes(32).toString("base64"), startedAt: now, endsAt: now + init.durationMs };
    this.battles.set(battle.battleId, battle);
    return battle;
  }

  get(sdkAppId: number, battleId: string): BattleRecord | undefined {
    const battle = this.battles.get(battleId);
    return battle?.sdkAppId === sdkAppId ? battle : undefined;
  }

  running(battle: BattleRecord): boolean {
    return this.clock.now() < battle.endsAt;
  }

  /** The running battle a room is in, as caller or callee. */
  of(sdkAppId: number, roomId: string): BattleRecord | undefined {
    return this.list().find(
      (b) => b.sdkAppId === sdkAppId && this.running(b) && (b.fromRoomId === roomId || b.toRoomIds.includes(roomId)),
    );
  }

  list(): BattleRecord[] {
    return [...this.battles.values()];
  }

  clear(): void {
    this.battles.clear();
  }

  restore(battles: readonly BattleRecord[]): void {
    this.battles.clear();
    for (const battle of battles) this.battles.set(battle.battleId, battle);
  }
}

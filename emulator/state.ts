// Everything the emulator remembers: the world the handlers act on, and the gateway in front of it.
// The parts tests and the control surface reach most are named here too.
import { Gateway, type GatewayOptions, type GatewaySnapshot } from "./gateway";
import type { FaultInjector } from "./gateway/faults";
import type { RequestLog } from "./gateway/requestLog";
import { type RoomOccupancy, World, type WorldOptions, type WorldSnapshot } from "./world";
import type { BattleStore } from "./world/battles";
import type { VirtualClock } from "./world/clock";
import type { HistorySettings } from "./world/history";
import type { RoomRegistry } from "./world/rooms";
import type { TaskStore } from "./world/tasks";

export type StateOptions = WorldOptions & GatewayOptions;

export class EmulatorState {
  readonly world: World;
  readonly gateway: Gateway;
  readonly clock: VirtualClock;
  readonly rooms: RoomRegistry;
  readonly tasks: TaskStore;
  readonly battles: BattleStore;
  readonly history: HistorySettings;
  readonly requests: RequestLog;
  readonly faults: FaultInjector;

  constructor(options: StateOptions) {
    this.world = new World(options);
    this.gateway = new Gateway(this.world.clock, options);
    this.clock = this.world.clock;
    this.rooms = this.world.rooms;
    this.tasks = this.world.tasks;
    this.battles = this.world.battles;
    this.history = this.world.history;
    this.requests = this.gateway.requests;
    this.faults = this.gateway.faults;
  }

  /** Rooms with someone in them or a task running, as the control surface lists them. */
  occupancy(): RoomOccupancy[] {
    return this.world.occupancy();
  }

  /** Back to a fresh start: credentials, applications and options stay. */
  reset(): void {
    this.world.reset();
    this.gateway.reset();
  }

  snapshot(): StateSnapshot {
    return { world: this.world.snapshot(), gateway: this.gateway.snapshot() };
  }

  restore(snapshot: StateSnapshot): void {
    this.world.restore(snapshot.world);
    this.gateway.restore(snapshot.gateway);
  }
}

/** What `trtc-local --data-dir` keeps across a restart. */
export interface StateSnapshot {
  world: WorldSnapshot;
  gateway: GatewaySnapshot;
}

// How much call history the world generates for each application besides what the emulator saw.

/** How much history to generate for an application. */
export interface HistoryVolume {
  /** Calls created in each clock hour. */
  roomsPerHour: number;
  /** Another seed gives other, equally repeatable, history. */
  seed: number;
}

export const DEFAULT_HISTORY: HistoryVolume = { roomsPerHour: 4, seed: 1 };

/** Generated history volume per SDKAppID, set through the control surface. */
export class HistorySettings {
  private readonly volumes = new Map<number, HistoryVolume>();

  constructor(private readonly defaults: HistoryVolume = DEFAULT_HISTORY) {}

  get(sdkAppId: number): HistoryVolume {
    return this.volumes.get(sdkAppId) ?? this.defaults;
  }

  /** Whether the control surface set this application's history. */
  has(sdkAppId: number): boolean {
    return this.volumes.has(sdkAppId);
  }

  set(sdkAppId: number, volume: Partial<HistoryVolume>): HistoryVolume {
    const next = { ...this.get(sdkAppId), ...volume };
    this.volumes.set(sdkAppId, next);
    return next;
  }

  clear(): void {
    this.volumes.clear();
  }

  /** The applications whose history the control surface set, with their volumes. */
  snapshot(): [number, HistoryVolume][] {
    return [...this.volumes.entries()];
  }

  restore(snapshot: readonly [number, HistoryVolume][]): void {
    this.volumes.clear();
    for (const [sdkAppId, volume] of snapshot) this.volumes.set(sdkAppId, volume);
  }
}

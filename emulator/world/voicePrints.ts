// The voiceprints of the account (RegisterVoicePrint and its siblings, the SDK's models): configuration,
// kept until deleted, for the AI conversations' and transcriptions' speaker recognition.

/** What DescribeVoicePrint reports of a voiceprint, and the audio only Register and Update take. */
export interface VoicePrintRecord {
  voicePrintId: string;
  audioName: string;
  metaInfo: string;
  audioFormat: number;
  reqTimestamp: number;
  /** Virtual-clock milliseconds. */
  createdMs: number;
  updatedMs: number;
  /** Base64, as registered; DescribeVoicePrint never returns it. */
  audio: string;
}

export class VoicePrintStore {
  private readonly prints = new Map<string, VoicePrintRecord>();
  private next = 1;

  register(init: Omit<VoicePrintRecord, "voicePrintId" | "updatedMs">): VoicePrintRecord {
    // The shape of an id is not documented; this one is unique and says what it is.
    const record = { ...init, voicePrintId: `vp-${String(this.next++).padStart(8, "0")}`, updatedMs: init.createdMs };
    this.prints.set(record.voicePrintId, record);
    return record;
  }

  get(voicePrintId: string): VoicePrintRecord | undefined {
    return this.prints.get(voicePrintId);
  }

  /** Oldest first. */
  list(): VoicePrintRecord[] {
    return [...this.prints.values()];
  }

  delete(voicePrintId: string): void {
    this.prints.delete(voicePrintId);
  }

  clear(): void {
    this.restore([]);
  }

  /** The next id follows the largest restored, so a restarted emulator never gives an id twice. */
  restore(prints: readonly VoicePrintRecord[]): void {
    this.prints.clear();
    for (const print of prints) this.prints.set(print.voicePrintId, print);
    this.next = Math.max(1, ...prints.map((p) => Number(p.voicePrintId.slice(3)) + 1));
  }
}

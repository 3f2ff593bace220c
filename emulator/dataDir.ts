// `trtc-local --data-dir`: the emulator's state in one JSON file, read on start and rewritten after
// every call that changed it (a temporary file renamed over the old one, so a crash leaves the old
// state or the new, never half of one).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { isRecord } from "./json";
import type { EmulatorState, StateSnapshot } from "./state";

export const STATE_FILE = "state.json";
/** Changed when the snapshot's shape changes, so a file of another shape is refused, never misread. */
const FORMAT = 1;

export class DataDir {
  readonly file: string;
  /** What the file holds now, so a call that changed nothing writes nothing. */
  private written: string | undefined;

  constructor(dir: string) {
    this.file = path.join(path.resolve(dir), STATE_FILE);
  }

  /** Restores the state saved here; false when there is none yet. */
  load(state: EmulatorState): boolean {
    let text: string;
    try {
      text = readFileSync(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw err;
    }
    let saved: unknown;
    try {
      saved = JSON.parse(text);
    } catch (err) {
      throw new Error(`${this.file} is not JSON (${(err as Error).message}); move it away to start afresh`);
    }
    if (!isRecord(saved) || saved.format !== FORMAT || !isRecord(saved.state)) {
      throw new Error(`${this.file} is not state this version of trtc-local wrote (format ${FORMAT}); move it away to start afresh`);
    }
    state.restore(saved.state as unknown as StateSnapshot);
    this.written = serialise(state);
    return true;
  }

  /** Writes the state if it changed since the last write. */
  save(state: EmulatorState): void {
    const text = serialise(state);
    if (text === this.written) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, text);
    renameSync(temp, this.file);
    this.written = text;
  }
}

function serialise(state: EmulatorState): string {
  return JSON.stringify({ format: FORMAT, state: state.snapshot() });
}

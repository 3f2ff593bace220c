// Audio clips as the APIs that take one (CreateAudioModerationSync, VoiceClone, the VoicePrint
// actions) read them before anything else: which format the bytes are, and a WAV file's header.

export type ClipFormat = "wav" | "mp3" | "m4a";

/** The format the bytes begin as: RIFF/WAVE, an ID3 tag or MPEG frame sync, an MP4 `ftyp` box. */
export function clipFormat(bytes: Buffer): ClipFormat | undefined {
  if (bytes.length >= 44 && bytes.toString("ascii", 0, 4) === "RIFF" && bytes.toString("ascii", 8, 12) === "WAVE") return "wav";
  if (bytes.toString("ascii", 0, 3) === "ID3" || (bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0)) return "mp3";
  if (bytes.toString("ascii", 4, 8) === "ftyp") return "m4a";
  return undefined;
}

export interface WavHeader {
  /** Whether the samples are PCM (format tag 1). */
  pcm: boolean;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  seconds: number;
}

/** A WAV file's canonical 44-byte header, and how long its samples last. */
export function wavHeader(bytes: Buffer): WavHeader {
  const channels = bytes.readUInt16LE(22);
  const sampleRate = bytes.readUInt32LE(24);
  const bitsPerSample = bytes.readUInt16LE(34);
  const bytesPerSecond = sampleRate * channels * Math.max(1, bitsPerSample / 8);
  return { pcm: bytes.readUInt16LE(20) === 1, channels, sampleRate, bitsPerSample, seconds: bytesPerSecond ? (bytes.length - 44) / bytesPerSecond : 0 };
}

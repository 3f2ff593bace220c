// Audio the emulator synthesises for a text: deterministic, sized by the text, in the formats the
// TTS APIs answer. Each character is a short tone whose pitch follows its code point, so two texts
// sound (and hash) differently; the encoders are the simplest valid ones of each container.

/** Milliseconds a character takes at speed 1. */
const MS_PER_CHARACTER = 120;
const TONE_AMPLITUDE = 8000;

export interface Speech {
  /** 16-bit little-endian mono samples. */
  pcm: Buffer;
  sampleRate: number;
  durationMs: number;
  /** Where each character is, in milliseconds from the start. */
  characters: { begin: number; end: number }[];
}

/** The text spoken at `speed` (0.5 to 2) and `volume` (up to 10, 1 normal), `pitch` semitones up or down. */
export function synthesise(text: string, sampleRate: number, speed = 1, volume = 1, pitch = 0): Speech {
  const chars = [...text];
  const perChar = Math.round(MS_PER_CHARACTER / speed);
  const samplesPerChar = Math.round((sampleRate * perChar) / 1000);
  const pcm = Buffer.alloc(chars.length * samplesPerChar * 2);
  const amplitude = Math.min(32767, TONE_AMPLITUDE * volume);
  chars.forEach((ch, i) => {
    // Whitespace and punctuation are pauses.
    if (/[\s\p{P}]/u.test(ch)) return;
    const frequency = (180 + (ch.codePointAt(0)! % 64) * 8) * 2 ** (pitch / 12);
    for (let s = 0; s < samplesPerChar; s++) {
      // A short fade in and out, so the tones do not click.
      const envelope = Math.min(1, s / 200, (samplesPerChar - s) / 200);
      pcm.writeInt16LE(Math.round(amplitude * envelope * Math.sin((2 * Math.PI * frequency * s) / sampleRate)), (i * samplesPerChar + s) * 2);
    }
  });
  return { pcm, sampleRate, durationMs: chars.length * perChar, characters: chars.map((_, i) => ({ begin: i * perChar, end: (i + 1) * perChar })) };
}

/** A RIFF WAVE file of the samples. */
function wav(speech: Speech): Buffer {
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + speech.pcm.length, 4);
  header.write("WAVEfmt ", 8, "ascii");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(speech.sampleRate, 24);
  header.writeUInt32LE(speech.sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36, "ascii");
  header.writeUInt32LE(speech.pcm.length, 40);
  return Buffer.concat([header, speech.pcm]);
}

/** MPEG-2 Layer III bitrates (kbit/s) by index: 16 and 24 kHz are MPEG-2's rates, which carry at most 160. */
const MPEG2_BITRATES = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const MPEG2_RATE_INDEX: Readonly<Record<number, number>> = { 24000: 1, 16000: 2 };
const SAMPLES_PER_FRAME = 576;

/**
 * MP3 frames as long as the speech: valid MPEG-2 Layer III frames of silence (no main data), at
 * the bitrate asked for or, past what MPEG-2 carries, at 160 kbit/s. The emulator does not encode
 * the tones themselves.
 */
function mp3(speech: Speech, bitrate: number): Buffer {
  const index = MPEG2_BITRATES.indexOf(Math.min(bitrate, 160));
  const frameBytes = Math.floor((72 * MPEG2_BITRATES[index]! * 1000) / speech.sampleRate);
  const frames = Math.ceil(speech.pcm.length / 2 / SAMPLES_PER_FRAME);
  const frame = Buffer.alloc(frameBytes);
  // Sync, MPEG-2, Layer III, no CRC; bitrate and rate; mono.
  frame.set([0xff, 0xf3, (index << 4) | (MPEG2_RATE_INDEX[speech.sampleRate]! << 2), 0xc0]);
  return Buffer.concat(Array.from({ length: frames }, () => frame));
}

// Ogg/Opus (RFC 7845): an OpusHead page, an OpusTags page, then pages of 20 ms packets. Each packet
// is a lone TOC byte (a CELT 20 ms frame with no data), which decoders play as silence.

const OGG_CRC = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

function oggPage(packets: Buffer[], sequence: number, granule: number, flags: number): Buffer {
  const header = Buffer.alloc(27 + packets.length);
  header.write("OggS", 0, "ascii");
  header[5] = flags;
  header.writeBigUInt64LE(BigInt(granule), 6);
  header.writeUInt32LE(0x7472_7463, 14); // the stream's serial number: "trtc"
  header.writeUInt32LE(sequence, 18);
  header[26] = packets.length;
  // Every packet here is under 255 bytes: one lacing value each.
  packets.forEach((p, i) => (header[27 + i] = p.length));
  const page = Buffer.concat([header, ...packets]);
  let crc = 0;
  for (const byte of page) crc = ((crc << 8) ^ OGG_CRC[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  page.writeUInt32LE(crc, 22);
  return page;
}

function opus(speech: Speech): Buffer {
  const head = Buffer.alloc(19);
  head.write("OpusHead", 0, "ascii");
  head[8] = 1; // version
  head[9] = 1; // mono
  head.writeUInt32LE(speech.sampleRate, 12);
  const vendor = "trtc-local";
  const tags = Buffer.alloc(16 + vendor.length);
  tags.write("OpusTags", 0, "ascii");
  tags.writeUInt32LE(vendor.length, 8);
  tags.write(vendor, 12, "ascii");
  // Opus counts in 48 kHz samples: 960 per 20 ms packet.
  const packets = Math.max(1, Math.ceil(speech.durationMs / 20));
  const pages = [oggPage([head], 0, 0, 0x02), oggPage([tags], 1, 0, 0)];
  for (let first = 0, seq = 2; first < packets; first += 50, seq++) {
    const count = Math.min(50, packets - first);
    const last = first + count >= packets;
    pages.push(oggPage(Array.from({ length: count }, () => Buffer.from([0xf8])), seq, (first + count) * 960, last ? 0x04 : 0));
  }
  return Buffer.concat(pages);
}

/** The speech in a format the TTS APIs answer: pcm, wav, mp3 or opus. */
export function encode(speech: Speech, format: string, bitrate = 128): Buffer {
  if (format === "wav") return wav(speech);
  if (format === "mp3") return mp3(speech, bitrate);
  if (format === "opus") return opus(speech);
  return speech.pcm;
}

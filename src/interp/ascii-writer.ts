// Text built as bytes: `run`'s per-packet records are written straight into one growing byte
// buffer per batch (digits, hex and precomputed pieces), with no string per field or record.
// Records are ASCII (P4 names, numbers, addresses); any other character is written as UTF-8.

const HEX_DIGITS = Array.from("0123456789abcdef", (c) => c.charCodeAt(0));
const encoder = new TextEncoder();

export class AsciiWriter {
  buf = new Uint8Array(1 << 16);
  pos = 0;

  /** Makes room for `n` more bytes. */
  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    bigger.set(this.buf.subarray(0, this.pos));
    this.buf = bigger;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    if (b.length > 32) this.buf.set(b, this.pos);
    else for (let i = 0; i < b.length; i++) this.buf[this.pos + i] = b[i]!;
    this.pos += b.length;
  }

  text(s: string): void {
    this.room(s.length);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.bytes(encoder.encode(s.slice(i)));
        return;
      }
      this.buf[this.pos++] = c;
    }
  }

  byte(c: number): void {
    this.room(1);
    this.buf[this.pos++] = c;
  }

  /** A non-negative integer in decimal. */
  uint(n: number): void {
    if (n >= 4294967296) {
      this.text(String(n));
      return;
    }
    this.room(10);
    const buf = this.buf;
    const start = this.pos;
    let x = n >>> 0;
    do {
      const q = (x / 10) >>> 0;
      buf[this.pos++] = 48 + x - q * 10;
      x = q;
    } while (x > 0);
    for (let i = start, j = this.pos - 1; i < j; i++, j--) {
      const t = buf[i]!;
      buf[i] = buf[j]!;
      buf[j] = t;
    }
  }

  /** The low `digits` hex digits of the 32-bit `n`, most significant first, lower case. */
  hex(n: number, digits: number): void {
    this.room(digits);
    for (let d = digits - 1; d >= 0; d--) this.buf[this.pos++] = HEX_DIGITS[(n >>> (4 * d)) & 15]!;
  }

  /** The bytes written, copied out; the writer starts again empty. */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.pos);
    this.pos = 0;
    return out;
  }
}

/** A string's bytes (ASCII, else UTF-8), for the pieces written again and again. */
export function asciiBytes(s: string): Uint8Array {
  return encoder.encode(s);
}

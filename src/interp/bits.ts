// Reading bit fields from a packet: `width` bits starting at any bit offset, most significant
// bit first, as on the wire.

export class BitReader {
  readonly bits: number;
  readonly bytes: number;

  constructor(private readonly data: Uint8Array) {
    this.bytes = data.length;
    this.bits = data.length * 8;
  }

  /** The unsigned value of bits [offset, offset + width); the caller has checked the bounds. */
  read(offset: number, width: number): bigint {
    if (width === 0) return 0n;
    if (width <= 48) return BigInt(this.readNumber(offset, width));
    let value = 0n;
    let pos = offset;
    let left = width;
    // Leading partial byte, then whole bytes, then the trailing partial byte.
    while (left > 0) {
      const byte = this.data[pos >> 3]!;
      const bitInByte = pos & 7;
      const take = Math.min(8 - bitInByte, left);
      const chunk = (byte >> (8 - bitInByte - take)) & ((1 << take) - 1);
      value = (value << BigInt(take)) | BigInt(chunk);
      pos += take;
      left -= take;
    }
    return value;
  }

  /** The same for widths up to 48 bits, in double arithmetic (exact below 2^53). */
  private readNumber(offset: number, width: number): number {
    let value = 0;
    let pos = offset;
    let left = width;
    while (left > 0) {
      const bitInByte = pos & 7;
      const take = Math.min(8 - bitInByte, left);
      const chunk = (this.data[pos >> 3]! >> (8 - bitInByte - take)) & ((1 << take) - 1);
      value = value * (1 << take) + chunk;
      pos += take;
      left -= take;
    }
    return value;
  }
}

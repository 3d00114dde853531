// Reading bit fields from a packet: `width` bits starting at any bit offset, most significant
// bit first, as on the wire. Both interpreters read through these; the caller checks bounds.

/** Bits [offset, offset + width) as a number; exact for widths up to 53. */
export function readBitsNumber(data: Uint8Array, offset: number, width: number): number {
  let value = 0;
  let pos = offset;
  let left = width;
  while (left > 0) {
    const bitInByte = pos & 7;
    const take = Math.min(8 - bitInByte, left);
    const chunk = (data[pos >> 3]! >> (8 - bitInByte - take)) & ((1 << take) - 1);
    value = value * (1 << take) + chunk;
    pos += take;
    left -= take;
  }
  return value;
}

/** Bits [offset, offset + width) as a bigint, for any width (48 bits at a time). */
export function readBitsBig(data: Uint8Array, offset: number, width: number): bigint {
  let value = 0n;
  let pos = offset;
  let left = width;
  while (left > 0) {
    const take = Math.min(48, left);
    value = (value << BigInt(take)) | BigInt(readBitsNumber(data, pos, take));
    pos += take;
    left -= take;
  }
  return value;
}

export class BitReader {
  readonly bits: number;
  readonly bytes: number;

  constructor(private readonly data: Uint8Array) {
    this.bytes = data.length;
    this.bits = data.length * 8;
  }

  /** The unsigned value of bits [offset, offset + width); the caller has checked the bounds. */
  read(offset: number, width: number): bigint {
    return readBitsBig(this.data, offset, width);
  }
}

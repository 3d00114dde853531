// Reads the layout fingerprint a BPF object stores in its read-only global (the value in the
// section the symbol points into, .rodata), from the object file's bytes alone: a minimal ELF64
// reader (section headers, the symbol table), because no maintained JavaScript library reads ELF
// symbols. No file system: the caller gives the bytes.

export const FINGERPRINT_SYMBOL = "p4flow_layout_fingerprint";

export type ObjectFingerprint =
  | { readonly kind: "found"; readonly fingerprint: string }
  | { readonly kind: "missing" }
  | { readonly kind: "invalid"; readonly reason: string };

interface Section {
  readonly name: number;
  readonly type: number;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
}

const SHT_SYMTAB = 2;
const SHT_NOBITS = 8;
const EM_BPF = 247;

export function readObjectFingerprint(bytes: Uint8Array): ObjectFingerprint {
  if (bytes.length < 64 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c)
    return { kind: "invalid", reason: "it does not start with the ELF magic" };
  if (bytes[4] !== 2) return { kind: "invalid", reason: "it is not a 64-bit ELF file" };
  const little = bytes[5] === 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, little);
  const u32 = (at: number) => view.getUint32(at, little);
  const u64 = (at: number) => Number(view.getBigUint64(at, little));
  try {
    if (u16(18) !== EM_BPF)
      return { kind: "invalid", reason: `its machine is ${u16(18)}, not BPF` };
    const shoff = u64(0x28);
    const shentsize = u16(0x3a);
    const shnum = u16(0x3c);
    const sections: Section[] = [];
    for (let i = 0; i < shnum; i++) {
      const at = shoff + i * shentsize;
      sections.push({
        name: u32(at),
        type: u32(at + 4),
        offset: u64(at + 24),
        size: u64(at + 32),
        link: u32(at + 40),
      });
    }
    const symtab = sections.find((s) => s.type === SHT_SYMTAB);
    if (!symtab) return { kind: "missing" };
    const strtab = sections[symtab.link];
    if (!strtab) return { kind: "invalid", reason: "its symbol table has no string table" };
    const name = (at: number): string => {
      let end = strtab.offset + at;
      while (end < bytes.length && bytes[end] !== 0) end++;
      return new TextDecoder().decode(bytes.subarray(strtab.offset + at, end));
    };
    for (let at = symtab.offset; at + 24 <= symtab.offset + symtab.size; at += 24) {
      if (name(u32(at)) !== FINGERPRINT_SYMBOL) continue;
      const section = sections[u16(at + 6)];
      const value = u64(at + 8);
      if (!section || section.type === SHT_NOBITS || value + 8 > section.size)
        return { kind: "invalid", reason: `'${FINGERPRINT_SYMBOL}' has no stored value` };
      const v = view.getBigUint64(section.offset + value, little);
      return { kind: "found", fingerprint: `0x${v.toString(16).padStart(16, "0")}` };
    }
    return { kind: "missing" };
  } catch (e) {
    if (e instanceof RangeError) return { kind: "invalid", reason: "it is truncated" };
    throw e;
  }
}

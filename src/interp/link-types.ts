// Link types a capture may carry and how each becomes the Ethernet frame every p4flow parser
// starts from: Ethernet as is; Linux cooked v1/v2 and raw IPv4/IPv6 with a synthetic 14-byte
// Ethernet header (destination zero, source the cooked header's link-layer address when it is a
// 6-byte one, else zero; the EtherType from the cooked protocol field or the IP version).

export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_RAW = 101;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL2 = 276;

/** Names of link types seen in captures, for messages about the ones p4flow does not read. */
const LINK_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: "BSD loopback",
  1: "Ethernet",
  6: "IEEE 802.5 Token Ring",
  8: "SLIP",
  9: "PPP",
  10: "FDDI",
  50: "PPP in HDLC framing",
  51: "PPPoE",
  101: "raw IP",
  104: "Cisco HDLC",
  105: "IEEE 802.11",
  108: "OpenBSD loopback",
  113: "Linux cooked v1",
  119: "Prism 802.11",
  127: "802.11 radiotap",
  143: "DOCSIS",
  147: "user 0",
  187: "Bluetooth HCI H4",
  192: "PPI",
  195: "IEEE 802.15.4",
  201: "Bluetooth HCI H4 with direction",
  220: "USB Linux mmapped",
  227: "SocketCAN",
  228: "raw IPv4",
  229: "raw IPv6",
  249: "Linux netlink",
  276: "Linux cooked v2",
};

export function linkTypeName(linkType: number): string {
  return LINK_TYPE_NAMES[linkType] ?? "unknown";
}

/** The link types `toEthernet` accepts, as the messages list them. */
export const SUPPORTED_LINK_TYPES =
  "Ethernet (1), Linux cooked v1 (113) and v2 (276), raw IP (101), raw IPv4 (228) and raw IPv6 (229)";

export function isSupportedLinkType(linkType: number): boolean {
  return (
    linkType === LINKTYPE_ETHERNET ||
    linkType === LINKTYPE_RAW ||
    linkType === LINKTYPE_LINUX_SLL ||
    linkType === LINKTYPE_LINUX_SLL2 ||
    linkType === LINKTYPE_IPV4 ||
    linkType === LINKTYPE_IPV6
  );
}

/** Linux cooked protocol values below 0x0600 that stand for an 802.2 LLC payload. */
const SLL_LLC_PROTOCOLS = new Set([0x0001, 0x0004]);
const ARPHRD_ETHER = 1;

/** How a packet becomes an Ethernet frame: a 14-byte header in front of data[payload..]. */
interface Framing {
  readonly etherType: number;
  /** Where the payload starts in the packet. */
  readonly payload: number;
  /** Where the 6-byte source address is in the packet, or -1 (zero). */
  readonly src: number;
}

/** The framing of a packet of a non-Ethernet link type, or the reason it has none. */
function framing(linkType: number, data: Uint8Array): Framing | string {
  switch (linkType) {
    case LINKTYPE_RAW: {
      const version = data.length > 0 ? data[0]! >> 4 : -1;
      if (version === 4) return { etherType: 0x0800, payload: 0, src: -1 };
      if (version === 6) return { etherType: 0x86dd, payload: 0, src: -1 };
      return `its IP version ${version < 0 ? "is missing" : `is ${version}`}`;
    }
    case LINKTYPE_IPV4:
      return { etherType: 0x0800, payload: 0, src: -1 };
    case LINKTYPE_IPV6:
      return { etherType: 0x86dd, payload: 0, src: -1 };
    case LINKTYPE_LINUX_SLL: {
      if (data.length < 16) return "its Linux cooked header is cut short";
      const hatype = (data[2]! << 8) | data[3]!;
      const halen = (data[4]! << 8) | data[5]!;
      const protocol = (data[14]! << 8) | data[15]!;
      return cooked(protocol, data, 16, hatype === ARPHRD_ETHER && halen === 6 ? 6 : -1);
    }
    case LINKTYPE_LINUX_SLL2: {
      if (data.length < 20) return "its Linux cooked v2 header is cut short";
      const protocol = (data[0]! << 8) | data[1]!;
      const hatype = (data[8]! << 8) | data[9]!;
      const halen = data[11]!;
      return cooked(protocol, data, 20, hatype === ARPHRD_ETHER && halen === 6 ? 12 : -1);
    }
    default:
      return `link type ${linkType} has no Ethernet form`;
  }
}

function cooked(
  protocol: number,
  data: Uint8Array,
  payload: number,
  src: number,
): Framing | string {
  if (protocol >= 0x0600) return { etherType: protocol, payload, src };
  // An 802.3 frame: the type field is the payload's length and an LLC header follows.
  if (SLL_LLC_PROTOCOLS.has(protocol))
    return { etherType: Math.min(data.length - payload, 0x05dc), payload, src };
  return `its Linux cooked protocol 0x${protocol.toString(16).padStart(4, "0")} is not an EtherType`;
}

/**
 * The packet as an Ethernet frame, or a reason it has none (the caller skips it with a warning).
 * `data` is returned as is for Ethernet; other link types give a new array.
 */
export function toEthernet(linkType: number, data: Uint8Array): Uint8Array | string {
  if (linkType === LINKTYPE_ETHERNET) return data;
  const f = framing(linkType, data);
  if (typeof f === "string") return f;
  const payload = data.subarray(f.payload);
  const out = new Uint8Array(14 + payload.length);
  if (f.src >= 0) out.set(data.subarray(f.src, f.src + 6), 6);
  out[12] = f.etherType >> 8;
  out[13] = f.etherType & 0xff;
  out.set(payload, 14);
  return out;
}

/**
 * The packet at buf[start, end) made an Ethernet frame where it lies, without a copy: the
 * synthetic header is written over the 14 bytes before its payload, which the caller guarantees
 * are the packet's own or its already-read record header. Returns where the frame starts (it
 * ends at `end`), or the reason it has none.
 */
export function toEthernetInPlace(
  linkType: number,
  buf: Uint8Array,
  start: number,
  end: number,
): number | string {
  if (linkType === LINKTYPE_ETHERNET) return start;
  const f = framing(linkType, buf.subarray(start, end));
  if (typeof f === "string") return f;
  const at = start + f.payload - 14;
  // The source address is read before the header that may overlap it is written.
  const src = f.src >= 0 ? buf.slice(start + f.src, start + f.src + 6) : undefined;
  buf.fill(0, at, at + 12);
  if (src) buf.set(src, at + 6);
  buf[at + 12] = f.etherType >> 8;
  buf[at + 13] = f.etherType & 0xff;
  return at;
}

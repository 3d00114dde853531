// p4flow.p4: p4flow's own architecture model. A program instantiates FlowExtract with its parser;
// the parser's out headers (and inout metadata) become the flow key.

import { FLOW_DISSECTOR_FLAGS, FLOW_KEYS_FIELDS, FLOW_KEYS_TYPE } from "./bpf-flow-keys.js";

export const p4flowP4 = `/* p4flow.p4: the p4flow architecture model.
 *
 *   #include <core.p4>
 *   #include <p4flow.p4>
 *   parser MyParser(packet_in p, out headers_t hdr, inout meta_t meta) { ... }
 *   FlowExtract(MyParser()) main;
 *
 * The parser's out headers and inout metadata are the flow key; the parser's error and whether
 * it accepted are written in the key's status block.
 *
 * A kernel flow dissector instead instantiates FlowDissector with a parser whose metadata is the
 * kernel's flow keys (see bpf_flow_keys_t below):
 *   parser MyDissector(packet_in p, out headers_t hdr, inout bpf_flow_keys_t flow) { ... }
 *   FlowDissector(MyDissector()) main;
 */
#ifndef _P4FLOW_P4_
#define _P4FLOW_P4_

#include <core.p4>

parser FlowParser<H, M>(packet_in p, out H hdr, inout M meta);

package FlowExtract<H, M>(FlowParser<H, M> p);

/* packet_offset(p): where the parser is in the packet, in whole bytes from the first byte of the
 * packet data. In a FlowDissector the parse starts at flow.nhoff, so this is the offset the kernel
 * expects in nhoff and thoff. */
extern bit<32> packet_offset(packet_in p);

/* The flow_dissector target (p4flow --target flow_dissector): the kernel's struct bpf_flow_keys.
 * Before the parse the kernel sets nhoff (where the parse starts), thoff = nhoff, n_proto (the
 * EtherType of the header at nhoff) and flags; every other field starts at zero. After it, p4flow
 * copies every field back; the kernel keeps nhoff within [its nhoff, packet end] and thoff within
 * [nhoff, packet end]. Only the addresses of the family named by addr_proto (0x0800 or 0x86DD)
 * are copied: the kernel keeps both families in the same bytes. An accepted packet returns
 * BPF_OK, a rejected one BPF_DROP. */
struct ${FLOW_KEYS_TYPE} {
${FLOW_KEYS_FIELDS.map((f) => `    ${f.p4.padEnd(8)} ${f.name};`).join("\n")}
}

/* BPF_FLOW_DISSECTOR_F_* in flow.flags. */
${Object.entries(FLOW_DISSECTOR_FLAGS)
  .map(([name, value]) => `const bit<32> FLOW_DISSECTOR_F_${name} = ${value};`)
  .join("\n")}

parser DissectorParser<H>(packet_in p, out H hdr, inout bpf_flow_keys_t flow);

package FlowDissector<H>(DissectorParser<H> p);

#endif
`;

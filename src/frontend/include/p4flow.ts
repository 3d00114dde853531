// p4flow.p4: p4flow's own architecture model. A program instantiates FlowExtract with its parser;
// the parser's out headers (and inout metadata) become the flow key.

export const p4flowP4 = `/* p4flow.p4: the p4flow architecture model.
 *
 *   #include <core.p4>
 *   #include <p4flow.p4>
 *   parser MyParser(packet_in p, out headers_t hdr, inout meta_t meta) { ... }
 *   FlowExtract(MyParser()) main;
 *
 * The parser's out headers and inout metadata are the flow key; the parser's error and whether
 * it accepted are written in the key's status block.
 */
#ifndef _P4FLOW_P4_
#define _P4FLOW_P4_

#include <core.p4>

parser FlowParser<H, M>(packet_in p, out H hdr, inout M meta);

package FlowExtract<H, M>(FlowParser<H, M> p);

#endif
`;

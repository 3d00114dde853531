// Serializable enums go where their underlying type does (assignments, arithmetic, comparisons
// with it, select keys); the other way needs a cast.
#include <core.p4>
#include <p4flow.p4>
enum bit<8> Kind { A = 1, B = 2 }
header h_t { bit<8> t; Kind k; }
struct hs { h_t h; }
struct m_t { bit<8> x; bit<16> y; bool same; }
parser P(packet_in p, out hs hdr, inout m_t meta) {
    state start {
        p.extract(hdr.h);
        meta.x = hdr.h.k;
        meta.y = (bit<16>) (hdr.h.k + 1);
        meta.same = hdr.h.t == Kind.B;
        transition select(hdr.h.k) {
            Kind.A: accept;
            default: reject;
        }
    }
}
FlowExtract(P()) main;

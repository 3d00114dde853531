#include <core.p4>
#include <ebpf_model.p4>

header Ethernet_h {
    bit<48> dst;
    bit<48> src;
    bit<16> etherType;
}

header IPv4_h {
    bit<4> version;
    bit<4> ihl;
    bit<8> tos;
    bit<16> len;
    bit<16> id;
    bit<3> flags;
    bit<13> frag;
    bit<8> ttl;
    bit<8> proto;
    bit<16> chksum;
    bit<32> src;
    bit<32> dst;
}

struct Headers_t {
    Ethernet_h ethernet;
    IPv4_h ipv4;
}

parser prs(packet_in p, out Headers_t headers) {
    state start {
        p.extract(headers.ethernet);
        transition select(headers.ethernet.etherType) {
            16w0x800: ip;
            default: reject;
        }
    }
    state ip {
        p.extract(headers.ipv4);
        transition accept;
    }
}

control pipe(inout Headers_t headers, out bool pass) {
    CounterArray(32w10, true) counters;
    action Reject(bit<32> addr) {
        pass = false;
        counters.increment(addr);
    }
    table check_src_ip {
        key = { headers.ipv4.src : exact; }
        actions = { Reject; NoAction; }
        implementation = hash_table(1024);
        const default_action = NoAction;
    }
    apply {
        pass = true;
        if (!headers.ipv4.isValid()) {
            pass = false;
            return;
        }
        switch (check_src_ip.apply().action_run) {
            Reject: {
                pass = false;
            }
            NoAction: {}
        }
    }
}

ebpfFilter(prs(), pipe()) main;

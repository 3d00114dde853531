parser P(packet_in b) {
    state start {
        transition select(b.x) {
            1 2: accept;
        }
    }
}

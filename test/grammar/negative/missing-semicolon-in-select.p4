parser P(packet_in b) {
    state start {
        transition select(b.x) {
            default: accept
        }
    }
}

// the raw API lives here
// pcap's src/raw.rs links Npcap's library on Windows; the reading must not cite it
#[link(name = "wpcap")]
extern "C" {}

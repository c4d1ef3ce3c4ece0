//! The three example dossiers of the conformance corpus (`cargo xtask gen` copies them from
//! `../shared/examples`), by kind, for the tests and the benchmarks.

pub const EXAMPLES: [(&str, &str); 3] = [
    (
        "conference_permit",
        include_str!("../../../../tests/conformance/examples/conference_permit.json"),
    ),
    (
        "ngo_licence",
        include_str!("../../../../tests/conformance/examples/ngo_licence.json"),
    ),
    (
        "outbound_trip",
        include_str!("../../../../tests/conformance/examples/outbound_trip.json"),
    ),
];

//! Helpers shared by the integration tests of the `dossier` binary.
pub mod certs;
pub mod slow;

//! What citizens call (SPEC §6, §11): validation, exports, uploads (one request or tus),
//! submission once per idempotency key, and the status of a dossier.

pub(crate) mod api;
pub mod tus;

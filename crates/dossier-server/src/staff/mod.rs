//! What officers call (SPEC §12): sessions, the queue, a dossier and its actions (`api`), the
//! one-stop desk (`desk`: deadlines, supplements, withdrawals, decisions, counter filing), the
//! printed forms (`forms`), the register (`register`) and the overview for heads of unit
//! (`overview`).

pub mod api;
pub(crate) mod desk;
pub(crate) mod forms;
pub mod overview;
pub(crate) mod register;

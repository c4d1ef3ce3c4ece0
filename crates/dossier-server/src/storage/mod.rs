//! Storage over sqlx `Any` (SQLite or PostgreSQL): the store and its migrations (`store`),
//! attachments in chunks, staff and the audit logs, the desk's facts, orphan clean-up, and
//! backup and restore.

pub mod attachments;
pub mod audit;
pub mod backup;
pub mod desk_store;
pub mod gc;
pub mod staff_store;
pub mod store;

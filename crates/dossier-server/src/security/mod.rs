//! The public-internet layer (SPEC §10): every limit (`limits`), the connection loop
//! (`listen`), bodies read with size limits and deadlines (`body`), the client's address
//! (`client_addr`), rate limits (`rate`), security headers (`headers`), safe downloads
//! (`download`), passwords, the access-token key (`secret`) and HTTPS (`tls`).

pub(crate) mod body;
pub mod client_addr;
pub mod download;
pub(crate) mod headers;
pub mod limits;
pub mod listen;
pub mod passwords;
pub mod rate;
pub mod secret;
pub mod tls;

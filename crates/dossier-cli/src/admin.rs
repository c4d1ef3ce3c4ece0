//! `dossier gc` and `dossier audit`: maintenance of a server's database from the command line.

use crate::Fatal;
use dossier_server::store::Store;
use std::io::Write;
use std::time::Duration;

fn runtime() -> Result<tokio::runtime::Runtime, Fatal> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Fatal(format!("cannot start the runtime: {e}")))
}

/// Deletes unreferenced attachments and unfinished uploads older than `older_than`.
pub fn gc(db: &str, older_than: Duration) -> Result<u8, Fatal> {
    runtime()?.block_on(async {
        let store = Store::open(db).await.map_err(Fatal)?;
        let done = store
            .collect_garbage(older_than, dossier_server::unix_now())
            .await
            .map_err(|e| Fatal(format!("clean-up failed: {e}")))?;
        store.close().await;
        println!(
            "deleted {} unreferenced attachment(s) ({} bytes), {} unfinished upload(s), {} expired session(s), {} old counter(s)",
            done.attachments, done.bytes, done.uploads, done.sessions, done.counters
        );
        Ok(0)
    })
}

/// Prints audit entries after `after` as JSON lines.
pub fn audit(db: &str, after: i64, limit: i64) -> Result<u8, Fatal> {
    runtime()?.block_on(async {
        let store = Store::open(db).await.map_err(Fatal)?;
        let entries = store
            .audit_events(after, limit)
            .await
            .map_err(|e| Fatal(format!("cannot read the audit: {e}")))?;
        store.close().await;
        let mut out = std::io::stdout().lock();
        for e in entries {
            let line = serde_json::to_string(&e).map_err(|e| Fatal(e.to_string()))?;
            writeln!(out, "{line}")?;
        }
        out.flush()?;
        Ok(0)
    })
}

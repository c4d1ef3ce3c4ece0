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
        let store = Store::open(db).await?;
        let done = store
            .collect_garbage(older_than, dossier_server::unix_now())
            .await
            .map_err(|e| Fatal(format!("clean-up failed: {e}")))?;
        store.close().await;
        println!(
            "deleted {} unreferenced attachment(s) ({} bytes), {} unfinished upload(s), {} stray chunk(s), {} expired session(s), {} old counter(s)",
            done.attachments, done.bytes, done.uploads, done.chunks, done.sessions, done.counters
        );
        Ok(0)
    })
}

/// Prints audit entries after `after` as JSON lines.
pub fn audit(db: &str, after: i64, limit: i64) -> Result<u8, Fatal> {
    runtime()?.block_on(async {
        let store = Store::open(db).await?;
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

fn print_summary(what: &str, summary: &dossier_server::backup::Summary) {
    let rows: Vec<String> = summary
        .tables
        .iter()
        .map(|(t, n)| format!("{t} {n}"))
        .collect();
    eprintln!(
        "dossier: {what} (schema version {}): {}",
        summary.schema_version,
        rows.join(", ")
    );
}

/// A consistent copy of `db` in `out` (created 0600; written beside, then renamed).
pub fn backup(db: &str, out: &std::path::Path) -> Result<u8, Fatal> {
    let mut tmp_name = out.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(".partial");
    let tmp = out.with_file_name(tmp_name);
    let _ = std::fs::remove_file(&tmp);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options
        .open(&tmp)
        .map_err(|e| Fatal(format!("cannot create {}: {e}", tmp.display())))?;
    let summary = runtime()?.block_on(async {
        let store = Store::open(db).await?;
        let mut writer = std::io::BufWriter::new(file);
        let summary = dossier_server::backup::backup(&store, &mut writer)
            .await
            .map_err(Fatal)?;
        let file = writer
            .into_inner()
            .map_err(|e| Fatal(format!("cannot write {}: {e}", tmp.display())))?;
        file.sync_all()?;
        store.close().await;
        Ok::<_, Fatal>(summary)
    });
    let summary = match summary {
        Ok(s) => s,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    };
    std::fs::rename(&tmp, out).map_err(|e| {
        Fatal(format!(
            "cannot rename {} to {}: {e}",
            tmp.display(),
            out.display()
        ))
    })?;
    print_summary(&format!("backed up to {}", out.display()), &summary);
    Ok(0)
}

/// Loads the backup `input` into the empty database `db`.
pub fn restore(db: &str, input: &std::path::Path) -> Result<u8, Fatal> {
    let file = crate::open(&input.to_path_buf())?;
    let summary = runtime()?.block_on(dossier_server::backup::restore(
        db,
        std::io::BufReader::new(file),
    ));
    let summary = summary.map_err(Fatal)?;
    print_summary(&format!("restored {}", input.display()), &summary);
    eprintln!("dossier: start the server with the key file (or DOSSIER_SECRET) of the original deployment, so that access tokens stay valid");
    Ok(0)
}

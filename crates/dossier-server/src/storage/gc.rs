//! Orphan clean-up (SPEC §10): attachments that no dossier references and unfinished uploads
//! are deleted once they are older than the threshold (24 hours by default); expired sessions,
//! full rate-limit buckets and old login counters go too. Run hourly by the server and on
//! demand by `dossier gc`. Safe with several instances: each deletion re-checks its condition,
//! and a dossier that references an attachment in the same moment wins (foreign key).

use crate::security::limits::{LOGIN_WINDOW_SECONDS, ORPHAN_AGE};
use crate::storage::store::{Result, Store};
use sqlx::Row;
use std::time::Duration;

/// What one run deleted.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Collected {
    pub attachments: u64,
    pub bytes: u64,
    pub uploads: u64,
    /// Chunks that belonged to no upload and no attachment.
    pub chunks: u64,
    pub sessions: u64,
    pub counters: u64,
}

impl Store {
    /// Deletes what is unreferenced and older than `older_than` at `now` (Unix seconds).
    pub async fn collect_garbage(&self, older_than: Duration, now: i64) -> Result<Collected> {
        let cutoff = now - i64::try_from(older_than.as_secs()).unwrap_or(i64::MAX);
        let mut done = Collected::default();
        let candidates = sqlx::query(
            "SELECT sha256, blob_id, size_bytes FROM attachments a WHERE a.uploaded_at < $1 \
             AND NOT EXISTS (SELECT 1 FROM dossier_attachments d WHERE d.sha256 = a.sha256)",
        )
        .bind(cutoff)
        .fetch_all(self.pool())
        .await?;
        for row in &candidates {
            let sha: String = row.try_get("sha256")?;
            let blob: Option<String> = row.try_get("blob_id")?;
            let size: i64 = row.try_get("size_bytes")?;
            match self.delete_orphan(&sha, blob.as_deref(), cutoff).await {
                Ok(true) => {
                    done.attachments += 1;
                    done.bytes += u64::try_from(size).unwrap_or(0);
                }
                Ok(false) => {}
                // Referenced or re-uploaded meanwhile (another instance, a submission): keep it.
                Err(sqlx::Error::Database(_)) => {}
                Err(e) => return Err(e),
            }
        }
        let stale = sqlx::query("SELECT id FROM uploads WHERE created_at < $1")
            .bind(cutoff)
            .fetch_all(self.pool())
            .await?;
        for row in &stale {
            let id: String = row.try_get("id")?;
            if self.discard_stale_upload(&id, cutoff, now).await? {
                done.uploads += 1;
            }
        }
        // What tus remembers of finished uploads (their id → SHA-256), for as long as an
        // unfinished one would live.
        sqlx::query("DELETE FROM tus_done WHERE created_at < $1")
            .bind(cutoff)
            .execute(self.pool())
            .await?;
        // Chunks of nothing: an upload deleted while a writer it no longer owned went on
        // (defence in depth; the lease makes this rare). An upload in progress always has its
        // `uploads` row, a stored file its `attachments` row.
        done.chunks = sqlx::query(
            "DELETE FROM blob_chunks WHERE NOT EXISTS (SELECT 1 FROM uploads u WHERE u.id = blob_chunks.blob_id) \
             AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.blob_id = blob_chunks.blob_id)",
        )
        .execute(self.pool())
        .await?
        .rows_affected();
        done.sessions = sqlx::query("DELETE FROM staff_sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(self.pool())
            .await?
            .rows_affected();
        done.counters = sqlx::query("DELETE FROM login_failures WHERE window_start <= $1")
            .bind(now - LOGIN_WINDOW_SECONDS)
            .execute(self.pool())
            .await?
            .rows_affected()
            + self.forget_full_buckets().await?;
        Ok(done)
    }

    async fn delete_orphan(&self, sha: &str, blob: Option<&str>, cutoff: i64) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let deleted = sqlx::query(
            "DELETE FROM attachments WHERE sha256 = $1 AND uploaded_at < $2 \
             AND NOT EXISTS (SELECT 1 FROM dossier_attachments d WHERE d.sha256 = $1)",
        )
        .bind(sha)
        .bind(cutoff)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if deleted {
            if let Some(blob) = blob {
                crate::storage::attachments::delete_chunks(&mut tx, blob).await?;
            }
        }
        tx.commit().await?;
        Ok(deleted)
    }
}

/// The server's hourly clean-up; errors are logged and the next run tries again.
pub async fn hourly(store: Store) {
    let mut interval = tokio::time::interval(crate::security::limits::GC_INTERVAL);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        match store
            .collect_garbage(ORPHAN_AGE, crate::clock::unix_now())
            .await
        {
            Ok(c) if c.attachments + c.uploads + c.chunks > 0 => crate::warn(format_args!(
                "dossier-server: deleted {} unreferenced attachment(s) ({} bytes), {} unfinished upload(s) and {} stray chunk(s)",
                c.attachments, c.bytes, c.uploads, c.chunks
            )),
            Ok(_) => {}
            Err(e) => crate::warn(format_args!(
                "dossier-server: clean-up failed, will try again: {e}"
            )),
        }
        // SQLite plans by its statistics, which only `ANALYZE` gathers: `PRAGMA optimize`
        // refreshes what has changed enough (cheap when nothing did). PostgreSQL's autovacuum
        // does this itself.
        if store.engine == crate::storage::store::Engine::Sqlite {
            if let Err(e) = sqlx::query("PRAGMA optimize").execute(store.pool()).await {
                crate::warn(format_args!("dossier-server: PRAGMA optimize failed: {e}"));
            }
        }
    }
}

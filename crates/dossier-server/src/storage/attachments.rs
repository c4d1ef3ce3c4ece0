//! Attachments in storage: bytes in chunks (`blob_chunks`), one row per attachment known by its
//! lower-case SHA-256 (`attachments`), unfinished uploads (`uploads`, so orphans can be found),
//! and which dossier references which attachment (`dossier_attachments`, so unreferenced ones
//! can be deleted). Streaming in and out, one chunk at a time.

use crate::storage::store::{Engine, Result, Store};
use sqlx::Row;

/// What is stored about an attachment.
#[derive(Debug, Clone)]
pub struct AttachmentMeta {
    pub sha256: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub blob_id: String,
}

/// Deletes the chunks of a blob inside `tx` (with the row that owned them, in the same
/// transaction, so that nothing is left half deleted).
pub(crate) async fn delete_chunks(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    blob_id: &str,
) -> Result<()> {
    sqlx::query("DELETE FROM blob_chunks WHERE blob_id = $1")
        .bind(blob_id)
        .execute(&mut **tx)
        .await
        .map(|_| ())
}

/// A complete upload: what it is, and when it was finished.
#[derive(Debug, Clone, Copy)]
pub struct Complete<'a> {
    /// Lower-case hex.
    pub sha256: &'a str,
    pub media_type: &'a str,
    pub size_bytes: i64,
    /// Unix seconds, and the same instant as RFC 3339.
    pub now: i64,
    pub at: &'a str,
}

/// How an upload ended in storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finished {
    /// A new attachment.
    Stored,
    /// The same bytes were stored before; they are kept and marked as uploaded again now.
    AlreadyKnown,
}

impl Store {
    /// Starts an upload; its chunks are written under the returned id.
    pub async fn upload_begin(&self, now: i64) -> Result<String> {
        let id = crate::ids::new_dossier_id();
        sqlx::query("INSERT INTO uploads (id, created_at) VALUES ($1, $2)")
            .bind(&id)
            .bind(now)
            .execute(self.pool())
            .await?;
        Ok(id)
    }

    /// Writes chunk `seq` of an upload (taken by value: no copy is made on the way).
    pub async fn upload_chunk(&self, blob_id: &str, seq: i64, data: Vec<u8>) -> Result<()> {
        sqlx::query("INSERT INTO blob_chunks (blob_id, seq, data) VALUES ($1, $2, $3)")
            .bind(blob_id)
            .bind(seq)
            .bind(data)
            .execute(self.pool())
            .await
            .map(|_| ())
    }

    /// Forgets an upload that failed (too large, wrong content, client gone).
    pub async fn upload_discard(&self, blob_id: &str) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        crate::storage::attachments::delete_chunks(&mut tx, blob_id).await?;
        sqlx::query("DELETE FROM uploads WHERE id = $1")
            .bind(blob_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await
    }

    /// Deletes an unfinished upload if it is still unfinished and started before `cutoff` (the
    /// clean-up: an upload that finishes meanwhile is kept). `true` when it was deleted.
    pub async fn discard_stale_upload(&self, blob_id: &str, cutoff: i64, now: i64) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        // Not while a tus `PATCH` holds it (it would write on after the delete).
        let gone = sqlx::query(
            "DELETE FROM uploads WHERE id = $1 AND created_at < $2 AND busy_until < $3",
        )
        .bind(blob_id)
        .bind(cutoff)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if gone {
            crate::storage::attachments::delete_chunks(&mut tx, blob_id).await?;
        }
        tx.commit().await?;
        Ok(gone)
    }

    /// Turns a complete upload into an attachment known by `sha256` (lower-case hex). When the
    /// same bytes are stored already, the new chunks are dropped and the old ones marked as
    /// uploaded now (so the orphan clean-up counts from the last upload).
    pub async fn upload_finish(
        &self,
        blob_id: &str,
        sha256: &str,
        media_type: &str,
        size_bytes: i64,
        now: i64,
        at: &str,
    ) -> Result<Finished> {
        let file = Complete {
            sha256,
            media_type,
            size_bytes,
            now,
            at,
        };
        self.finish_upload(blob_id, None, &file).await
    }

    /// [`Store::upload_finish`] for a tus upload: only while `lease` holds it, and its id is
    /// remembered as done (a `HEAD` or a repeated last `PATCH` then learns the result).
    pub async fn tus_finish(
        &self,
        blob_id: &str,
        lease: &str,
        file: &Complete<'_>,
    ) -> Result<Finished> {
        self.finish_upload(blob_id, Some(lease), file).await
    }

    async fn finish_upload(
        &self,
        blob_id: &str,
        lease: Option<&str>,
        file: &Complete<'_>,
    ) -> Result<Finished> {
        let Complete {
            sha256,
            media_type,
            size_bytes,
            now,
            at,
        } = *file;
        let sha256 = sha256.to_ascii_lowercase();
        let insert = match self.engine {
            Engine::Sqlite => "INSERT OR IGNORE INTO attachments (sha256, media_type, size_bytes, data, created_at, blob_id, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            Engine::Postgres => "INSERT INTO attachments (sha256, media_type, size_bytes, data, created_at, blob_id, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (sha256) DO NOTHING",
        };
        // Twice at most: the known copy may be deleted by the clean-up between our two steps.
        for _ in 0..3 {
            let mut tx = self.pool().begin().await?;
            // The upload must still be ours: the clean-up may have collected it (then nothing
            // is acknowledged and the client uploads again).
            let ours = match lease {
                None => sqlx::query("DELETE FROM uploads WHERE id = $1").bind(blob_id),
                Some(l) => sqlx::query("DELETE FROM uploads WHERE id = $1 AND lease = $2")
                    .bind(blob_id)
                    .bind(l),
            }
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if !ours {
                tx.rollback().await?;
                return Err(sqlx::Error::RowNotFound);
            }
            let inserted = sqlx::query(insert)
                .bind(&sha256)
                .bind(media_type)
                .bind(size_bytes)
                .bind(&[][..])
                .bind(at)
                .bind(blob_id)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                == 1;
            let outcome = if inserted {
                Finished::Stored
            } else {
                let touched =
                    sqlx::query("UPDATE attachments SET uploaded_at = $1 WHERE sha256 = $2")
                        .bind(now)
                        .bind(&sha256)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                if touched == 0 {
                    tx.rollback().await?;
                    continue;
                }
                crate::storage::attachments::delete_chunks(&mut tx, blob_id).await?;
                Finished::AlreadyKnown
            };
            if lease.is_some() {
                sqlx::query(
                    "INSERT INTO tus_done (id, sha256, upload_length, created_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(blob_id)
                .bind(&sha256)
                .bind(size_bytes)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            return Ok(outcome);
        }
        Err(sqlx::Error::Protocol(
            "the attachment kept vanishing while it was stored".into(),
        ))
    }

    /// An attachment by its SHA-256 (any case).
    pub async fn attachment_meta(&self, sha256: &str) -> Result<Option<AttachmentMeta>> {
        let row = sqlx::query(
            "SELECT sha256, media_type, size_bytes, blob_id FROM attachments WHERE sha256 = $1",
        )
        .bind(sha256.to_ascii_lowercase())
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            Ok(AttachmentMeta {
                sha256: r.try_get("sha256")?,
                media_type: r.try_get("media_type")?,
                size_bytes: r.try_get("size_bytes")?,
                blob_id: r
                    .try_get::<Option<String>, _>("blob_id")?
                    .unwrap_or_default(),
            })
        })
        .transpose()
    }

    /// Chunk `seq` of a blob (`None` after the last).
    pub async fn blob_chunk(&self, blob_id: &str, seq: i64) -> Result<Option<Vec<u8>>> {
        sqlx::query("SELECT data FROM blob_chunks WHERE blob_id = $1 AND seq = $2")
            .bind(blob_id)
            .bind(seq)
            .fetch_optional(self.pool())
            .await?
            .map(|r| r.try_get("data"))
            .transpose()
    }

    /// The whole content of an attachment (tests; downloads stream chunk by chunk).
    pub async fn attachment_bytes(&self, sha256: &str) -> Result<Option<Vec<u8>>> {
        let Some(meta) = self.attachment_meta(sha256).await? else {
            return Ok(None);
        };
        let mut out = Vec::new();
        let mut seq = 0;
        while let Some(chunk) = self.blob_chunk(&meta.blob_id, seq).await? {
            out.extend_from_slice(&chunk);
            seq += 1;
        }
        Ok(Some(out))
    }

    /// The SHA-256s among `wanted` (lower-case) that are not stored.
    pub async fn missing_attachments(&self, wanted: &[String]) -> Result<Vec<String>> {
        let mut missing = Vec::new();
        for sha in wanted {
            let found = sqlx::query("SELECT 1 FROM attachments WHERE sha256 = $1")
                .bind(sha)
                .fetch_optional(self.pool())
                .await?;
            if found.is_none() {
                missing.push(sha.clone());
            }
        }
        Ok(missing)
    }
}

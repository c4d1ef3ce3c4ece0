//! Backups (SPEC §10): a consistent copy while the server runs, and its restore into an empty
//! database. One portable format for both engines (a SQLite deployment can move to PostgreSQL
//! through it): gzip-compressed JSON lines, a header, then per table a line with its columns
//! and one line per row (bytes as base64). Every table is copied but what is only transient or
//! secret: sessions, login counters, rate buckets, unfinished uploads and any key.
//!
//! Consistency: every table is read inside one read transaction (SQLite: one snapshot of the
//! write-ahead log; PostgreSQL: `REPEATABLE READ`), so the copy is the database as it was at
//! one moment, whatever is committed meanwhile.

use crate::storage::store::{Engine, Store};
use base64::Engine as _;
use futures_util::TryStreamExt;
use serde_json::{json, Value};
use sqlx::{Column, Row, ValueRef};
use std::io::{BufRead, Write};

/// The archive's format name and version.
const FORMAT: &str = "dossier-backup";
const VERSION: i64 = 1;

/// Tables never copied: transient state, or the legacy key.
const EXCLUDED: &[&str] = &[
    "schema_migrations",
    "server_secret",
    "staff_sessions",
    "login_failures",
    "rate_limits",
    "uploads",
    "tus_done",
    // SQLite's own: the sequence counters and the planner's statistics (`PRAGMA optimize`).
    "sqlite_sequence",
    "sqlite_stat1",
    "sqlite_stat4",
];

/// Tables in an order that satisfies their foreign keys; tables of later migrations that are
/// not listed follow in name order.
const ORDER: &[&str] = &[
    "attachments",
    "blob_chunks",
    "dossiers",
    "dossier_events",
    "dossier_attachments",
    "dossier_versions",
    "staff",
    "audit_log",
    "audit_events",
    "key_check",
];

/// What a backup or a restore moved.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub schema_version: i64,
    /// (table, rows), in archive order.
    pub tables: Vec<(String, u64)>,
}

impl Summary {
    pub fn rows(&self, table: &str) -> Option<u64> {
        self.tables
            .iter()
            .find(|(t, _)| t == table)
            .map(|(_, n)| *n)
    }
}

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

async fn tables(conn: &mut sqlx::AnyConnection, engine: Engine) -> sqlx::Result<Vec<String>> {
    let sql = match engine {
        Engine::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
        Engine::Postgres => {
            "SELECT tablename::text AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        }
    };
    let mut names: Vec<String> = sqlx::query(sql)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.try_get("name"))
        .collect::<sqlx::Result<_>>()?;
    names.retain(|n| !EXCLUDED.contains(&n.as_str()));
    names.sort_by_key(|n| {
        (
            ORDER.iter().position(|o| o == n).unwrap_or(ORDER.len()),
            n.clone(),
        )
    });
    Ok(names)
}

fn cell(row: &sqlx::any::AnyRow, i: usize) -> sqlx::Result<Value> {
    if row.try_get_raw(i)?.is_null() {
        return Ok(Value::Null);
    }
    if let Ok(v) = row.try_get::<i64, _>(i) {
        return Ok(Value::from(v));
    }
    if let Ok(v) = row.try_get::<String, _>(i) {
        return Ok(Value::from(v));
    }
    if let Ok(v) = row.try_get::<Vec<u8>, _>(i) {
        return Ok(json!({ "b64": b64().encode(v) }));
    }
    Err(sqlx::Error::Decode(
        format!("column {i} has a type backups do not carry").into(),
    ))
}

/// Writes a consistent copy of `store` to `out`.
pub async fn backup(store: &Store, out: impl Write) -> Result<Summary, String> {
    let fail = |e: sqlx::Error| format!("backup failed: {e}");
    let io = |e: std::io::Error| format!("cannot write the backup: {e}");
    let mut gz = flate2::write::GzEncoder::new(out, flate2::Compression::default());
    let mut tx = store.pool().begin().await.map_err(fail)?;
    if store.engine == Engine::Postgres {
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut *tx)
            .await
            .map_err(fail)?;
    }
    let schema_version: i64 = sqlx::query("SELECT MAX(version) FROM schema_migrations")
        .fetch_one(&mut *tx)
        .await
        .and_then(|r| r.try_get(0))
        .map_err(fail)?;
    let names = tables(&mut tx, store.engine).await.map_err(fail)?;
    let header = json!({ "format": FORMAT, "version": VERSION, "schemaVersion": schema_version,
        "engine": format!("{:?}", store.engine).to_lowercase(), "createdAt": crate::clock::now_rfc3339(),
        "tables": names });
    writeln!(gz, "{header}").map_err(io)?;
    let mut summary = Summary {
        schema_version,
        tables: Vec::new(),
    };
    for table in &names {
        // Chunks of unfinished uploads stay behind (their uploads are not copied either).
        let sql = if table == "blob_chunks" {
            "SELECT c.* FROM blob_chunks c WHERE EXISTS (SELECT 1 FROM attachments a WHERE a.blob_id = c.blob_id) ORDER BY c.blob_id, c.seq".to_owned()
        } else {
            format!("SELECT * FROM {table}")
        };
        let mut rows = sqlx::query(&sql).fetch(&mut *tx);
        let mut count = 0u64;
        let mut columns_written = false;
        while let Some(row) = rows.try_next().await.map_err(fail)? {
            if !columns_written {
                let columns: Vec<&str> = row.columns().iter().map(Column::name).collect();
                writeln!(gz, "{}", json!({ "table": table, "columns": columns })).map_err(io)?;
                columns_written = true;
            }
            let values = (0..row.len())
                .map(|i| cell(&row, i))
                .collect::<sqlx::Result<Vec<_>>>()
                .map_err(fail)?;
            writeln!(gz, "{}", json!({ "row": values })).map_err(io)?;
            count += 1;
        }
        drop(rows);
        if !columns_written {
            writeln!(gz, "{}", json!({ "table": table, "columns": [] })).map_err(io)?;
        }
        summary.tables.push((table.clone(), count));
    }
    tx.commit().await.map_err(fail)?;
    let counts: serde_json::Map<String, Value> = summary
        .tables
        .iter()
        .map(|(t, n)| (t.clone(), Value::from(*n)))
        .collect();
    writeln!(gz, "{}", json!({ "end": counts })).map_err(io)?;
    gz.finish().map_err(io)?.flush().map_err(io)?;
    Ok(summary)
}

/// The declared type of each column of `table` in the target: `i` integer, `b` bytes, `t` text.
async fn column_kinds(
    conn: &mut sqlx::AnyConnection,
    engine: Engine,
    table: &str,
) -> sqlx::Result<std::collections::HashMap<String, char>> {
    let rows = match engine {
        Engine::Sqlite => {
            sqlx::query(&format!(
                "SELECT name, type AS kind FROM pragma_table_info('{table}')"
            ))
            .fetch_all(&mut *conn)
            .await?
        }
        Engine::Postgres => {
            sqlx::query("SELECT column_name::text AS name, data_type::text AS kind FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1")
                .bind(table)
                .fetch_all(&mut *conn)
                .await?
        }
    };
    rows.iter()
        .map(|r| {
            let name: String = r.try_get("name")?;
            let kind: String = r.try_get("kind")?;
            let kind = kind.to_ascii_uppercase();
            let k = if kind.contains("INT") {
                'i'
            } else if kind.contains("BLOB") || kind.contains("BYTEA") {
                'b'
            } else {
                't'
            };
            Ok((name, k))
        })
        .collect()
}

fn bind_cell<'q>(
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    value: &Value,
    kind: char,
) -> Result<sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>, String> {
    Ok(match (kind, value) {
        ('i', Value::Null) => query.bind(None::<i64>),
        ('b', Value::Null) => query.bind(None::<Vec<u8>>),
        (_, Value::Null) => query.bind(None::<String>),
        ('i', Value::Number(n)) => query.bind(n.as_i64().ok_or("a number that is not an integer")?),
        ('i', Value::String(s)) => query.bind(s.parse::<i64>().map_err(|e| e.to_string())?),
        ('b', Value::Object(o)) => {
            let text = o
                .get("b64")
                .and_then(Value::as_str)
                .ok_or("bytes without b64")?;
            query.bind(b64().decode(text).map_err(|e| e.to_string())?)
        }
        (_, Value::String(s)) => query.bind(s.clone()),
        (_, Value::Number(n)) => query.bind(n.to_string()),
        (k, other) => return Err(format!("cannot load {other} into a column of kind {k}")),
    })
}

/// Loads the archive `input` into the empty database at `url` (created and migrated to the
/// archive's schema, then to the current one).
pub async fn restore(url: &str, input: impl BufRead) -> Result<Summary, String> {
    // Streamed line by line: memory stays at one row (one chunk of an attachment at most).
    let mut lines = std::io::BufReader::new(flate2::bufread::GzDecoder::new(input)).lines();
    let unreadable = |e: std::io::Error| format!("the backup is not a readable gzip file: {e}");
    let header: Value = lines
        .next()
        .transpose()
        .map_err(unreadable)?
        .and_then(|l| serde_json::from_str(&l).ok())
        .ok_or("the backup has no header: is it a dossier backup?")?;
    if header["format"] != FORMAT || header["version"] != VERSION {
        return Err(format!(
            "not a {FORMAT} version {VERSION} archive (header {header})"
        ));
    }
    let schema_version = header["schemaVersion"]
        .as_i64()
        .ok_or("the header has no schema version")?;
    let store = Store::open_at(url, Some(schema_version))
        .await
        .map_err(|e| e.to_string())?;
    let fail = |e: sqlx::Error| format!("restore failed: {e}");
    let mut tx = store.pool().begin().await.map_err(fail)?;
    for table in ["dossiers", "attachments", "staff", "key_check"] {
        let n: i64 = sqlx::query(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&mut *tx)
            .await
            .and_then(|r| r.try_get(0))
            .map_err(fail)?;
        if n > 0 {
            return Err(format!(
                "the target database is not empty ({table} has {n} rows): restore into a new, empty database"
            ));
        }
    }
    let mut summary = Summary {
        schema_version,
        tables: Vec::new(),
    };
    let mut current: Option<(String, Vec<String>, Vec<char>, String)> = None;
    let mut ended = None;
    for (n, line) in lines.enumerate() {
        let line = line.map_err(unreadable)?;
        let v: Value = serde_json::from_str(&line)
            .map_err(|e| format!("line {} of the backup is not JSON: {e}", n + 2))?;
        if let Some(table) = v["table"].as_str() {
            let columns: Vec<String> = v["columns"]
                .as_array()
                .ok_or("a table line without columns")?
                .iter()
                .map(|c| {
                    c.as_str()
                        .map(str::to_owned)
                        .ok_or("a column name that is not text")
                })
                .collect::<Result<_, _>>()?;
            let kinds_by_name = column_kinds(&mut tx, store.engine, table)
                .await
                .map_err(fail)?;
            let kinds = columns
                .iter()
                .map(|c| {
                    kinds_by_name
                        .get(c)
                        .copied()
                        .ok_or_else(|| format!("the target has no column {table}.{c}"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let placeholders: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "INSERT INTO {table} ({}) VALUES ({})",
                columns.join(", "),
                placeholders.join(", ")
            );
            summary.tables.push((table.to_owned(), 0));
            current = Some((table.to_owned(), columns, kinds, sql));
        } else if let Some(values) = v["row"].as_array() {
            let (_, columns, kinds, sql) = current.as_ref().ok_or("a row before its table")?;
            if values.len() != columns.len() {
                return Err(format!(
                    "line {}: {} values for {} columns",
                    n + 2,
                    values.len(),
                    columns.len()
                ));
            }
            let mut q = sqlx::query(sql);
            for (value, kind) in values.iter().zip(kinds) {
                q = bind_cell(q, value, *kind)?;
            }
            q.execute(&mut *tx).await.map_err(fail)?;
            if let Some(last) = summary.tables.last_mut() {
                last.1 += 1;
            }
        } else if v.get("end").is_some() {
            ended = Some(v["end"].clone());
        }
    }
    let ended = ended.ok_or("the backup is cut off (no end line): it was not made completely")?;
    for (table, rows) in &summary.tables {
        if ended[table].as_u64() != Some(*rows) {
            return Err(format!(
                "the backup's count for {table} ({}) differs from its rows ({rows})",
                ended[table]
            ));
        }
    }
    if store.engine == Engine::Postgres {
        // Serial ids continue after the restored ones.
        sqlx::query("SELECT setval(pg_get_serial_sequence('audit_events', 'id'), COALESCE((SELECT MAX(id) FROM audit_events), 0) + 1, false)")
            .execute(&mut *tx)
            .await
            .map_err(fail)?;
    }
    tx.commit().await.map_err(fail)?;
    store.close().await;
    // Then the migrations that came after the backup.
    Store::open(url)
        .await
        .map_err(|e| e.to_string())?
        .close()
        .await;
    Ok(summary)
}

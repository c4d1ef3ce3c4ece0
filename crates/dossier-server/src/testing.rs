//! Test support: a temporary database of its own for each test (a SQLite file in a fresh
//! directory, or a fresh PostgreSQL database created from an administrative URL and dropped
//! afterwards), so that tests never share counts, keys or rows, whatever ran before.

use std::path::PathBuf;

/// A database that exists until this value is dropped.
pub struct TempDatabase {
    url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Directory(PathBuf),
    Postgres { admin: String, name: String },
}

fn random_name() -> String {
    crate::ids::hex(&crate::ids::random::<8>())
}

impl TempDatabase {
    /// A SQLite file in a new directory under the system's temporary directory.
    pub fn sqlite() -> TempDatabase {
        let dir = std::env::temp_dir().join(format!("dossier-test-{}", random_name()));
        let _ = std::fs::create_dir_all(&dir);
        TempDatabase {
            url: format!("sqlite://{}", dir.join("test.db").display()),
            cleanup: Cleanup::Directory(dir),
        }
    }

    /// A new PostgreSQL database on the server of `admin_url` (a user allowed to create
    /// databases), named `dossier_t_…`.
    pub async fn postgres(admin_url: &str) -> Result<TempDatabase, String> {
        sqlx::any::install_default_drivers();
        let name = format!("dossier_t_{}", random_name());
        let admin = sqlx::AnyPool::connect(admin_url)
            .await
            .map_err(|e| format!("cannot connect to {}: {e}", crate::redact(admin_url)))?;
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&admin)
            .await
            .map_err(|e| format!("cannot create the test database: {e}"))?;
        admin.close().await;
        let (base, query) = match admin_url.split_once('?') {
            Some((b, q)) => (b, format!("?{q}")),
            None => (admin_url, String::new()),
        };
        let server = base.rsplit_once('/').map_or(base, |(s, _)| s);
        Ok(TempDatabase {
            url: format!("{server}/{name}{query}"),
            cleanup: Cleanup::Postgres {
                admin: admin_url.to_owned(),
                name,
            },
        })
    }

    /// A SQLite file, or a PostgreSQL database when `pg` and `DOSSIER_TEST_PG_URL` is set
    /// (`None` when `pg` and it is not).
    pub async fn for_test(pg: bool) -> Option<TempDatabase> {
        if !pg {
            return Some(TempDatabase::sqlite());
        }
        let admin = std::env::var("DOSSIER_TEST_PG_URL").ok()?;
        Some(
            TempDatabase::postgres(&admin)
                .await
                .unwrap_or_else(|e| panic!("{e}")),
        )
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// The directory of a SQLite database (for files that live beside it).
    pub fn dir(&self) -> Option<&std::path::Path> {
        match &self.cleanup {
            Cleanup::Directory(d) => Some(d),
            Cleanup::Postgres { .. } => None,
        }
    }
}

impl Drop for TempDatabase {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Directory(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Postgres { admin, name } => {
                let (admin, name) = (admin.clone(), name.clone());
                // Drop may run inside a runtime: drop the database from a thread of its own.
                let _ = std::thread::spawn(move || {
                    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                    else {
                        return;
                    };
                    rt.block_on(async {
                        if let Ok(pool) = sqlx::AnyPool::connect(&admin).await {
                            let _ = sqlx::query(&format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            ))
                            .execute(&pool)
                            .await;
                            pool.close().await;
                        }
                    });
                })
                .join();
            }
        }
    }
}

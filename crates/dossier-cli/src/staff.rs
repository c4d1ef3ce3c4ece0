//! `dossier staff add|disable`: staff accounts, scoped to one commune or province.

use crate::{Fatal, StaffCommand};
use dossier_server::staff_store::Unit;
use dossier_server::store::Store;
use std::io::BufRead;

pub fn run(command: StaffCommand) -> Result<u8, Fatal> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Fatal(format!("cannot start the runtime: {e}")))?;
    runtime.block_on(async {
        match command {
            StaffCommand::Add { db, unit, username } => {
                let unit = Unit::parse(&unit).ok_or_else(|| {
                    Fatal(format!(
                        "--unit must be commune:CODE or province:CODE, got {unit:?}"
                    ))
                })?;
                let known = match unit {
                    Unit::Commune(c) => dossier_core::admin_units::commune(c).is_some(),
                    Unit::Province(c) => dossier_core::admin_units::province(c).is_some(),
                };
                if !known {
                    return Err(Fatal(format!(
                        "{unit:?} is not in the 2025 list of provinces and communes"
                    )));
                }
                let username = username.trim().to_owned();
                if !dossier_server::dto::valid_username(&username) {
                    return Err(Fatal(format!(
                        "--username must match {} (lower-case letters, digits, '.', '_', '-'; 3-64 characters)",
                        dossier_server::limits::USERNAME_PATTERN
                    )));
                }
                let mut password = String::new();
                std::io::stdin()
                    .lock()
                    .read_line(&mut password)
                    .map_err(|e| {
                        Fatal(format!("cannot read the password from standard input: {e}"))
                    })?;
                let password = password.trim_end_matches(['\r', '\n']);
                let chars = password.chars().count() as u64;
                let (min, max) = (
                    dossier_server::limits::PASSWORD_MIN_CHARS,
                    dossier_server::limits::PASSWORD_MAX_CHARS,
                );
                if chars < min || chars > max || password.chars().any(char::is_control) {
                    return Err(Fatal(format!(
                        "the password (standard input) must have {min} to {max} characters and no control characters"
                    )));
                }
                let hash = dossier_server::passwords::hash_password(password).map_err(Fatal)?;
                let store = Store::open(&db).await?;
                let at = dossier_server::now_rfc3339();
                store
                    .add_staff(&username, unit, &hash, &at)
                    .await
                    .map_err(|e| {
                        Fatal(format!(
                            "cannot create {username:?} (does it exist already?): {e}"
                        ))
                    })?;
                eprintln!("dossier: created staff account {username} for {unit:?}");
                Ok(0)
            }
            StaffCommand::Disable { db, username } => {
                let store = Store::open(&db).await?;
                let found = store
                    .disable_staff(&username)
                    .await
                    .map_err(|e| Fatal(e.to_string()))?;
                if !found {
                    return Err(Fatal(format!("no staff account {username:?}")));
                }
                eprintln!("dossier: disabled {username} and ended its sessions");
                Ok(0)
            }
        }
    })
}

//! `dossier submit`: the submission client from the command line.

use crate::{open, read_limited, today_in_vietnam, Fatal};
use dossier_client::{Client, Error};
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};

fn media_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else {
        None
    }
}

pub fn run(
    file: &PathBuf,
    server: &str,
    attach: &[PathBuf],
    key: Option<String>,
) -> Result<u8, Fatal> {
    let text = read_limited(open(file)?, &file.display().to_string())?;
    let as_of = today_in_vietnam()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Fatal(format!("cannot start the runtime: {e}")))?;
    let client = Client::new(server);
    let Ok(mut dossier) = serde_json::from_slice::<Value>(&text) else {
        // Not JSON: the local check says where.
        let report = Client::check(&String::from_utf8_lossy(&text), as_of);
        println!("{}", report.to_json());
        return Ok(1);
    };
    for path in attach {
        let mut bytes = Vec::new();
        open(path)?
            .take(10 * 1024 * 1024 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Fatal(format!("cannot read {}: {e}", path.display())))?;
        if bytes.len() > 10 * 1024 * 1024 {
            return Err(Fatal(format!("{} is larger than 10 MiB", path.display())));
        }
        let media = media_type(&bytes)
            .ok_or_else(|| Fatal(format!("{} is not a PDF, JPEG or PNG file", path.display())))?;
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let uploaded = runtime
            .block_on(client.upload(bytes, media))
            .map_err(|e| Fatal(format!("upload of {}: {e}", path.display())))?;
        eprintln!(
            "dossier: uploaded {name} ({} bytes, sha256 {})",
            uploaded.size_bytes, uploaded.sha256
        );
        let docs = dossier["documents"].as_array_mut();
        let matched = docs
            .into_iter()
            .flatten()
            .filter(|d| {
                d["fileName"]
                    .as_str()
                    .and_then(|f| Path::new(f).file_name()?.to_str())
                    == Some(name.as_str())
            })
            .map(|d| {
                d["sha256"] = Value::from(uploaded.sha256.clone());
                d["sizeBytes"] = Value::from(uploaded.size_bytes);
                d["mediaType"] = Value::from(uploaded.media_type.clone());
            })
            .count();
        if matched == 0 {
            return Err(Fatal(format!(
                "no document of the dossier has fileName {name:?}: attach files under the names the dossier lists"
            )));
        }
    }
    let body = dossier.to_string();
    let key = key.unwrap_or_else(|| {
        format!(
            "cli-{}",
            &dossier_server::ids::sha256_hex(body.as_bytes())[..32]
        )
    });
    match runtime.block_on(client.submit(&body, &key, as_of)) {
        Ok(receipt) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&receipt).map_err(|e| Fatal(e.to_string()))?
            );
            eprintln!(
                "dossier: receipt {} (keep the access token to follow the dossier)",
                receipt.code
            );
            Ok(0)
        }
        Err(Error::Invalid(report)) => {
            println!("{}", report.to_json());
            eprintln!("dossier: not sent: the dossier has errors (see the report)");
            Ok(1)
        }
        Err(Error::Rejected {
            status: 422,
            code,
            message,
            body,
        }) if code == "DOSSIER_INVALID" => {
            println!("{body}");
            eprintln!("dossier: refused by the server: {message}");
            Ok(1)
        }
        Err(e) => Err(Fatal(e.to_string())),
    }
}

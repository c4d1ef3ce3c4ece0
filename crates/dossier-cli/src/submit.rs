//! `dossier submit`: the submission client from the command line.
//!
//! The first run creates a random idempotency key and keeps it in `FILE.submission.json`
//! (mode 0600) before anything is sent; the receipt is added there when the server answers.
//! Running the same command again replays that receipt: an interrupted run resumes with the same
//! key (the server replays the first receipt), a finished one prints the receipt it got. The key
//! is never derived from the dossier, so holding the JSON does not let anyone replay the
//! submission and read the citizen's access token.

use crate::{open, read_limited, today_in_vietnam, Fatal};
use dossier_client::{Client, Error, Receipt};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};

pub struct Args {
    pub file: PathBuf,
    pub server: String,
    pub attach: Vec<PathBuf>,
    pub key: Option<String>,
    pub ca_cert: Option<PathBuf>,
    pub insecure_http: bool,
}

/// `FILE.submission.json`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct State {
    server: String,
    idempotency_key: String,
    /// SHA-256 of the dossier file as it was first submitted.
    dossier_sha256: String,
    receipt: Option<Receipt>,
}

fn state_path(file: &Path) -> PathBuf {
    let mut name = file.file_name().unwrap_or_default().to_os_string();
    name.push(".submission.json");
    file.with_file_name(name)
}

fn load_state(path: &Path) -> Result<Option<State>, Fatal> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            Fatal(format!(
                "{} is not a submission state file ({e}); move it away to submit again",
                path.display()
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Fatal(format!("cannot read {}: {e}", path.display()))),
    }
}

/// Writes the state durably and privately (0600): a temporary file, then a rename.
fn save_state(path: &Path, state: &State) -> Result<(), Fatal> {
    use std::io::Write;
    let text = serde_json::to_string_pretty(state).map_err(|e| Fatal(e.to_string()))? + "\n";
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(".tmp");
    let tmp = path.with_file_name(tmp_name);
    let fail = |e: std::io::Error| Fatal(format!("cannot write {}: {e}", path.display()));
    let _ = std::fs::remove_file(&tmp);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(&tmp).map_err(fail)?;
    f.write_all(text.as_bytes()).map_err(fail)?;
    f.sync_all().map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(fail)?;
    Ok(())
}

/// `https://…` anywhere; `http://…` only to this machine unless `--insecure-http`.
fn check_server(server: &str, insecure_http: bool) -> Result<(), Fatal> {
    let (scheme, rest) = server.split_once("://").ok_or_else(|| {
        Fatal(format!(
            "--server {server:?} is not a URL such as https://…"
        ))
    })?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(v6) = host.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Ok(()),
        "http" if loopback || insecure_http => Ok(()),
        "http" => Err(Fatal(format!(
            "refusing plain http:// to {host}: the dossier and its access token would cross the network unencrypted. Use https://, or --insecure-http if you really mean it"
        ))),
        other => Err(Fatal(format!("--server: unsupported scheme {other:?}; use https://"))),
    }
}

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

fn failure(e: Error) -> Fatal {
    match e {
        Error::Tls(m) => Fatal(format!(
            "TLS failure, not retried: {m}. The server's certificate is not trusted or not valid for this name; if it uses a private CA, pass that CA with --ca-cert PEM"
        )),
        e => Fatal(e.to_string()),
    }
}

fn print_receipt(receipt: &Receipt) -> Result<(), Fatal> {
    println!(
        "{}",
        serde_json::to_string_pretty(receipt).map_err(|e| Fatal(e.to_string()))?
    );
    Ok(())
}

pub fn run(args: &Args) -> Result<u8, Fatal> {
    check_server(&args.server, args.insecure_http)?;
    let text = read_limited(open(&args.file)?, &args.file.display().to_string())?;
    let dossier_sha256 = dossier_server::ids::sha256_hex(&text);
    let server = args.server.trim_end_matches('/').to_owned();
    let state_file = state_path(&args.file);
    let mut state = match load_state(&state_file)? {
        Some(state) => {
            if state.server != server {
                return Err(Fatal(format!(
                    "{} was submitted to {} (see {}); to submit it elsewhere as a new dossier, move that file away",
                    args.file.display(), state.server, state_file.display()
                )));
            }
            if state.dossier_sha256 != dossier_sha256 {
                let what = state.receipt.as_ref().map_or_else(
                    || "a submission was started".to_owned(),
                    |r| format!("it was submitted as {}", r.code),
                );
                return Err(Fatal(format!(
                    "{} has changed since {what} (see {}); to file the changed dossier as a new one, move that file away",
                    args.file.display(), state_file.display()
                )));
            }
            if args
                .key
                .as_ref()
                .is_some_and(|k| *k != state.idempotency_key)
            {
                return Err(Fatal(format!(
                    "--idempotency-key differs from the key kept in {}; leave it out to resume",
                    state_file.display()
                )));
            }
            if let Some(receipt) = &state.receipt {
                print_receipt(receipt)?;
                eprintln!(
                    "dossier: already submitted as {} (the receipt kept in {})",
                    receipt.code,
                    state_file.display()
                );
                return Ok(0);
            }
            state
        }
        None => {
            let state = State {
                server: server.clone(),
                idempotency_key: args
                    .key
                    .clone()
                    .unwrap_or_else(dossier_client::new_idempotency_key),
                dossier_sha256: dossier_sha256.clone(),
                receipt: None,
            };
            // Kept before anything is sent: an interrupted run resumes with the same key.
            save_state(&state_file, &state)?;
            state
        }
    };
    let as_of = today_in_vietnam()?;
    let client = match &args.ca_cert {
        None => Client::new(&server),
        Some(path) => {
            let mut pem = Vec::new();
            open(path)?
                .take(1024 * 1024)
                .read_to_end(&mut pem)
                .map_err(|e| Fatal(format!("cannot read {}: {e}", path.display())))?;
            Client::with_ca_pem(&server, &pem).map_err(failure)?
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Fatal(format!("cannot start the runtime: {e}")))?;
    let Ok(mut dossier) = serde_json::from_slice::<Value>(&text) else {
        // Not JSON: the local check says where.
        let report = Client::check(&String::from_utf8_lossy(&text), as_of);
        println!("{}", report.to_json());
        return Ok(1);
    };
    let limit = dossier_server::limits::max_attachment_bytes();
    for path in &args.attach {
        let mut bytes = Vec::new();
        open(path)?
            .take(limit as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Fatal(format!("cannot read {}: {e}", path.display())))?;
        if bytes.len() > limit {
            return Err(Fatal(format!(
                "{} is larger than {limit} bytes",
                path.display()
            )));
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
            .map_err(|e| Fatal(format!("upload of {}: {}", path.display(), failure(e).0)))?;
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
    match runtime.block_on(client.submit(&body, &state.idempotency_key, as_of)) {
        Ok(receipt) => {
            state.receipt = Some(receipt.clone());
            save_state(&state_file, &state)?;
            print_receipt(&receipt)?;
            eprintln!(
                "dossier: receipt {} (keep the access token to follow the dossier; both are in {})",
                receipt.code,
                state_file.display()
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
        Err(e) => Err(failure(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_to_this_machine() {
        for ok in [
            "https://dichvucong.example.vn",
            "http://127.0.0.1:8080",
            "http://localhost:8080/",
            "http://[::1]:8080",
            "http://127.9.9.9",
        ] {
            assert!(check_server(ok, false).is_ok(), "{ok}");
        }
        for refused in [
            "http://dichvucong.example.vn",
            "http://10.0.0.1:8080",
            "http://localhost.example.vn",
            "http://user@192.0.2.1",
            "ftp://127.0.0.1",
            "127.0.0.1:8080",
        ] {
            assert!(check_server(refused, false).is_err(), "{refused}");
        }
        assert!(check_server("http://10.0.0.1:8080", true).is_ok());
    }

    #[test]
    fn the_state_file_sits_beside_the_dossier() {
        assert_eq!(
            state_path(Path::new("/tmp/a/hs.json")),
            Path::new("/tmp/a/hs.json.submission.json")
        );
    }
}

//! The request bodies and parameters of the submission and staff endpoints, as the server
//! reads them (no database): staff login and action bodies (`validator` DTOs, errors by JSON
//! Pointer), the queue and validate query strings, a submitted dossier (parse, validate with
//! the server's rules, the attachment references), the `X-Forwarded-For` header of a trusted
//! proxy, a receipt code typed by a person, and the download name of a citizen's file. Never
//! panics; every refusal is a 4xx with a JSON body.
#![no_main]

use dossier_server::dto::{self, ActionBody, LoginBody, QueueQuery, ValidateQuery};
use libfuzzer_sys::fuzz_target;

fn check_error(e: dossier_server::error::ApiError) {
    assert!(e.status.is_client_error(), "{} for a bad request", e.status);
    assert!(!e.vi.is_empty() && !e.en.is_empty());
    for f in e.fields.iter() {
        assert!(
            f.pointer.is_empty() || f.pointer.starts_with('/'),
            "{}",
            f.pointer
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((which, body)) = data.split_first() else {
        return;
    };
    match which % 7 {
        0 => {
            if let Err(e) = dto::json_body::<LoginBody>(body) {
                check_error(e);
            }
        }
        1 => match dto::json_body::<ActionBody>(body) {
            Ok(a) => {
                assert!(a.note.chars().count() <= 2000);
                assert!(a.finding_codes.len() <= 50);
                assert!(!a.note.contains('\0'));
            }
            Err(e) => check_error(e),
        },
        2 => {
            let q = String::from_utf8_lossy(body);
            if let Err(e) = dto::query::<QueueQuery>(Some(&q)) {
                check_error(e);
            }
            if let Err(e) = dto::query::<ValidateQuery>(Some(&q)) {
                check_error(e);
            }
        }
        3 => {
            // The submission path before storage.
            let date = dossier_core::Date::parse("2026-11-22").expect("a date");
            let options = dossier_core::Options::new(date);
            let report = dossier_core::validate(body, &options).expect("no profile is named");
            match dossier_core::intake::read(body, &options) {
                Ok(filed) => {
                    assert_eq!(filed.report.to_json(), report.to_json());
                    for sha in &filed.attachments {
                        assert_eq!(*sha, sha.to_ascii_lowercase());
                    }
                    // The idempotency hash is taken over serde_json's text of the value.
                    if let Ok(doc) = serde_json::from_slice::<serde_json::Value>(body) {
                        assert_eq!(filed.canonical, doc.to_string());
                    }
                }
                Err(_) => assert!(!report.valid),
            }
        }
        4 => {
            let mut headers = axum_http::HeaderMap::new();
            if let Ok(v) = axum_http::HeaderValue::from_bytes(body) {
                headers.append("x-forwarded-for", v);
            }
            let trusted: Vec<ipnet::IpNet> = vec!["10.0.0.0/8".parse().expect("a network")];
            let ip = dossier_server::client_addr::resolve([10, 0, 0, 1].into(), &headers, &trusted);
            let _ = dossier_server::client_addr::ClientAddr(ip).bucket();
        }
        5 => {
            let code = String::from_utf8_lossy(body);
            if let Some(n) = dossier_server::ids::normalise_code(&code) {
                assert_eq!(n.len(), 12, "{n}");
                assert_eq!(dossier_server::ids::normalise_code(&n), Some(n.clone()));
            }
        }
        _ => {
            let name = String::from_utf8_lossy(body);
            let d = dossier_server::download::content_disposition(&name, "application/pdf");
            assert!(d.is_ascii(), "{d}");
            assert!(!d.contains(['\r', '\n', '\0']), "{d}");
            assert!(d.ends_with(".pdf"), "{d}");
        }
    }
});

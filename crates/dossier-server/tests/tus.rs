//! tus 1.0.0 at `/api/v1/uploads`: capabilities, creation, PATCH at the server's offset only,
//! checksums (a mismatch stores nothing), resume after a cut-off PATCH, the same checks as a
//! direct upload at the end, a finished upload answering HEAD and a repeated last PATCH, a
//! PATCH in progress holding the upload against DELETE and another PATCH, a lease that ran out
//! refusing further writes, termination, expiry and stray chunks swept by the clean-up, and the
//! finished file used in a submission. On SQLite, and on PostgreSQL when `DOSSIER_TEST_PG_URL` is set.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use base64::Engine as _;
use common::{example, random_key, TestServer};
use dossier_server::tus::Claim;
use reqwest::{Client, StatusCode};
use sha2::{Digest, Sha256};
use std::time::Duration;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A PDF of `len` bytes, distinct per call.
fn pdf(len: usize) -> Vec<u8> {
    let mut v = format!("%PDF-1.4\n% tus {}\n", random_key()).into_bytes();
    let mut x = 7u32;
    while v.len() < len {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        v.push((x >> 16) as u8);
    }
    v.truncate(len);
    v
}

async fn create(c: &Client, s: &TestServer, len: usize, filetype: &str) -> reqwest::Response {
    c.post(format!("{}/api/v1/uploads", s.base))
        .header("tus-resumable", "1.0.0")
        .header("upload-length", len.to_string())
        .header(
            "upload-metadata",
            format!(
                "filename {},filetype {}",
                b64("Công văn.pdf".as_bytes()),
                b64(filetype.as_bytes())
            ),
        )
        .send()
        .await
        .unwrap()
}

async fn patch(
    c: &Client,
    url: &str,
    offset: usize,
    body: &[u8],
    checksum: Option<&str>,
) -> reqwest::Response {
    let mut r = c
        .patch(url)
        .header("tus-resumable", "1.0.0")
        .header("upload-offset", offset.to_string())
        .header("content-type", "application/offset+octet-stream")
        .body(body.to_vec());
    if let Some(sum) = checksum {
        r = r.header("upload-checksum", sum);
    }
    r.send().await.unwrap()
}

async fn offset(c: &Client, url: &str) -> u64 {
    let r = bare(c, reqwest::Method::HEAD, url).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "no-store");
    r.headers()["upload-offset"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

fn header<'a>(r: &'a reqwest::Response, name: &str) -> &'a str {
    r.headers()
        .get(name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or_else(|| panic!("no {name}"))
}

async fn protocol(s: &TestServer) {
    // A new connection per request: an answer given before its request body was read ends
    // that connection, and a reused one could be caught closing.
    let c = Client::builder().pool_max_idle_per_host(0).build().unwrap();
    let url = |path: &str| format!("{}{path}", s.base);
    // Capabilities.
    let r = c
        .request(reqwest::Method::OPTIONS, url("/api/v1/uploads"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&r, "tus-version"), "1.0.0");
    assert_eq!(
        header(&r, "tus-extension"),
        "creation,termination,checksum,expiration"
    );
    assert_eq!(header(&r, "tus-max-size"), "10485760");
    assert_eq!(header(&r, "tus-checksum-algorithm"), "sha256");

    // Creation: the protocol version, a length, a size limit, a file type.
    let r = c
        .post(url("/api/v1/uploads"))
        .header("upload-length", "10")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PRECONDITION_FAILED);
    let r = c
        .post(url("/api/v1/uploads"))
        .header("tus-resumable", "1.0.0")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        create(&c, s, 10 * 1024 * 1024 + 1, "application/pdf")
            .await
            .status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert_eq!(
        create(&c, s, 100, "text/html").await.status(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    assert_eq!(
        create(&c, s, 0, "application/pdf").await.status(),
        StatusCode::BAD_REQUEST
    );

    // A 1.5 MiB PDF in three PATCHes, the second cut off half-way.
    let file = pdf(1_500_000);
    let r = create(&c, s, file.len(), "application/pdf").await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(header(&r, "tus-resumable"), "1.0.0");
    assert!(!header(&r, "upload-expires").is_empty());
    let location = url(header(&r, "location"));
    assert_eq!(offset(&c, &location).await, 0);
    let r = patch(&c, &location, 0, &file[..500_000], None).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&r, "upload-offset"), "500000");
    // Not the server's offset: 409, nothing stored.
    let r = patch(&c, &location, 400_000, &file[400_000..600_000], None).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    // Wrong content type: 415.
    let r = c
        .patch(&location)
        .header("tus-resumable", "1.0.0")
        .header("upload-offset", "500000")
        .header("content-type", "application/pdf")
        .body(file[500_000..510_000].to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // A bad checksum: 460, the offset does not move.
    let wrong = format!("sha256 {}", b64(&Sha256::digest(b"something else")));
    let r = patch(
        &c,
        &location,
        500_000,
        &file[500_000..1_000_000],
        Some(&wrong),
    )
    .await;
    assert_eq!(r.status().as_u16(), 460);
    assert_eq!(offset(&c, &location).await, 500_000);
    // A PATCH whose connection breaks: what arrived is kept (no checksum).
    {
        use tokio::io::AsyncWriteExt;
        let addr = s.base.trim_start_matches("http://");
        let path = header(&r, "tus-resumable"); // the header exists on error answers too
        assert_eq!(path, "1.0.0");
        let mut tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
        let target = location.trim_start_matches(&s.base);
        let head = format!(
            "PATCH {target} HTTP/1.1\r\nhost: {addr}\r\ntus-resumable: 1.0.0\r\nupload-offset: 500000\r\ncontent-type: application/offset+octet-stream\r\ncontent-length: 500000\r\n\r\n"
        );
        tcp.write_all(head.as_bytes()).await.unwrap();
        tcp.write_all(&file[500_000..800_000]).await.unwrap();
        tcp.flush().await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        drop(tcp);
    }
    let mut resumed = 0;
    for _ in 0..50 {
        resumed = offset(&c, &location).await;
        if resumed > 500_000 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(resumed > 500_000 && resumed <= 800_000, "kept {resumed}");
    let rest = &file[resumed as usize..];
    let sum = format!("sha256 {}", b64(&Sha256::digest(rest)));
    let r = patch(&c, &location, resumed as usize, rest, Some(&sum)).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&r, "upload-offset"), file.len().to_string());
    let sha = hex(&Sha256::digest(&file));
    assert_eq!(header(&r, "dossier-attachment-sha256"), sha);
    assert_eq!(s.store.attachment_bytes(&sha).await.unwrap().unwrap(), file);
    // Finished: HEAD says complete, with the result (the answer to the last PATCH may be lost
    // on a weak link: the client learns it without sending the file again)…
    let r = bare(&c, reqwest::Method::HEAD, &location).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(header(&r, "upload-offset"), file.len().to_string());
    assert_eq!(header(&r, "dossier-attachment-sha256"), sha);
    // …and the last PATCH sent again gets the same answer; any other offset is a conflict.
    let r = patch(&c, &location, file.len(), b"", None).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&r, "dossier-attachment-sha256"), sha);
    let r = patch(&c, &location, 0, &file[..10], None).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);

    // The attachment is usable in a submission.
    let d = example("conference_permit", &sha);
    let r = common::post_dossier(&c, s, &d).await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );

    // The same checks as a direct upload: not a PDF → 422 at the end, nothing kept.
    let fake = b"GIF89a not a pdf at all".to_vec();
    let r = create(&c, s, fake.len(), "application/pdf").await;
    let location = url(header(&r, "location"));
    let r = patch(&c, &location, 0, &fake, None).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "CONTENT_MISMATCH");
    assert!(s
        .store
        .attachment_meta(&hex(&Sha256::digest(&fake)))
        .await
        .unwrap()
        .is_none());

    // A PATCH in progress holds the upload: neither another PATCH nor DELETE may touch it
    // (409 with Retry-After); once it ends, DELETE removes the upload and its chunks.
    {
        use tokio::io::AsyncWriteExt;
        let file = pdf(300_000);
        let r = create(&c, s, file.len(), "application/pdf").await;
        let location = url(header(&r, "location"));
        let addr = s.base.trim_start_matches("http://");
        let mut tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
        let target = location.trim_start_matches(&s.base);
        let head = format!(
            "PATCH {target} HTTP/1.1\r\nhost: {addr}\r\ntus-resumable: 1.0.0\r\nupload-offset: 0\r\ncontent-type: application/offset+octet-stream\r\ncontent-length: 300000\r\n\r\n"
        );
        tcp.write_all(head.as_bytes()).await.unwrap();
        tcp.write_all(&file[..200_000]).await.unwrap();
        tcp.flush().await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        let r = bare(&c, reqwest::Method::DELETE, &location).await;
        assert_eq!(r.status(), StatusCode::CONFLICT);
        assert!(header(&r, "retry-after").parse::<u64>().unwrap() >= 1);
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "UPLOAD_BUSY");
        let r = patch(&c, &location, 0, &file, None).await;
        assert_eq!(r.status(), StatusCode::CONFLICT);
        assert!(header(&r, "retry-after").parse::<u64>().unwrap() >= 1);
        drop(tcp);
        let id = location.rsplit('/').next().unwrap().to_owned();
        let mut deleted = false;
        for _ in 0..50 {
            let r = bare(&c, reqwest::Method::DELETE, &location).await;
            if r.status() == StatusCode::NO_CONTENT {
                deleted = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(deleted, "DELETE once the PATCH ended");
        assert_eq!(
            s.store.blob_chunk(&id, 0).await.unwrap(),
            None,
            "no chunk left"
        );
    }

    // Termination.
    let r = create(&c, s, 1000, "image/png").await;
    let location = url(header(&r, "location"));
    let r = bare(&c, reqwest::Method::DELETE, &location).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = patch(&c, &location, 0, b"\x89PNG\r\n\x1a\n", None).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // Expiry: an unfinished upload goes with the orphan clean-up.
    let r = create(&c, s, 1000, "image/jpeg").await;
    let location = url(header(&r, "location"));
    let r = patch(&c, &location, 0, &[0xFF, 0xD8, 0xFF, 0xE0], None).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let later = dossier_server::unix_now() + 25 * 3600;
    let done = s
        .store
        .collect_garbage(Duration::from_secs(24 * 3600), later)
        .await
        .unwrap();
    assert!(done.uploads >= 1);
    let r = bare(&c, reqwest::Method::HEAD, &location).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // A lease lasts while its PATCH stores chunks; one that stopped (a client gone without
    // closing its connection) is taken over, and its writer cannot write any more.
    let r = create(&c, s, 1000, "application/pdf").await;
    let id = header(&r, "location")
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    let u = s.store.tus_get(&id).await.unwrap().unwrap();
    let now = dossier_server::unix_now();
    let Claim::Taken(first) = s.store.tus_claim(&u, 0, now, 20).await.unwrap() else {
        panic!("the first claim takes the upload")
    };
    assert!(matches!(
        s.store.tus_claim(&u, 0, now, 20).await.unwrap(),
        Claim::Busy(left) if left > 0
    ));
    // A chunk stored at now + 15 renews the lease to now + 35.
    assert!(s
        .store
        .tus_chunk(&id, &first, 0, b"%PDF".to_vec(), now + 35)
        .await
        .unwrap());
    assert!(
        matches!(
            s.store.tus_claim(&u, 0, now + 25, 20).await.unwrap(),
            Claim::Busy(10)
        ),
        "a chunk renews the lease"
    );
    let Claim::Taken(second) = s.store.tus_claim(&u, 0, now + 40, 20).await.unwrap() else {
        panic!("an idle lease is taken over")
    };
    assert!(!s
        .store
        .tus_chunk(&id, &first, 1, b"-1.4".to_vec(), now + 60)
        .await
        .unwrap());
    assert_eq!(
        s.store.blob_chunk(&id, 0).await.unwrap(),
        None,
        "the new holder starts clean"
    );
    assert!(s
        .store
        .tus_chunk(&id, &second, 0, b"%PDF".to_vec(), now + 60)
        .await
        .unwrap());

    // Chunks that belong to nothing are swept by the clean-up.
    s.store
        .upload_chunk("no-such-upload", 0, vec![1, 2, 3])
        .await
        .unwrap();
    let done = s
        .store
        .collect_garbage(Duration::from_secs(24 * 3600), dossier_server::unix_now())
        .await
        .unwrap();
    assert!(done.chunks >= 1);
    assert_eq!(s.store.blob_chunk("no-such-upload", 0).await.unwrap(), None);
}

/// A request without a body (HEAD, DELETE) with `Tus-Resumable: 1.0.0`.
async fn bare(c: &Client, method: reqwest::Method, url: &str) -> reqwest::Response {
    c.request(method, url)
        .header("tus-resumable", "1.0.0")
        .send()
        .await
        .unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

on_both_engines!(tus_on_sqlite, tus_on_postgres, protocol);

//! The one-stop desk (SPEC §12) through the API: due dates in working days, return →
//! supplement → version 2, "return once", forward, decision with its document, the citizen's
//! view of the result, withdrawal, filing at the counter, the printed forms, the register
//! (XLSX read back, CSV), the queue's order, flags, search and counts, and the scope of every
//! new endpoint. On SQLite, and on PostgreSQL when `DOSSIER_TEST_PG_URL` is set.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

mod common;

use common::{
    account, client_from, example, fresh_ip, pdf, random_key, upload, TestServer, PASSWORD,
};
use dossier_server::staff_store::Unit;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

async fn token(c: &Client, s: &TestServer, unit: Unit) -> String {
    let user = account(s, unit).await;
    let r = common::login(c, s, &user, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    let b: Value = r.json().await.unwrap();
    b["token"].as_str().unwrap().to_owned()
}

/// A conference dossier for Phường Hải Châu (20242), Đà Nẵng (48).
fn conference(sha: &str) -> Value {
    let mut d = example("conference_permit", sha);
    d["applicant"]["name"] = Value::from(format!("Applicant {}", random_key()));
    d
}

async fn send(
    c: &Client,
    s: &TestServer,
    method: reqwest::Method,
    path: &str,
    auth: &str,
    body: Option<&Value>,
) -> (StatusCode, Value, Vec<u8>) {
    let mut r = c
        .request(method, format!("{}{path}", s.base))
        .bearer_auth(auth);
    if let Some(b) = body {
        r = r
            .header("content-type", "application/json")
            .header("idempotency-key", random_key())
            .body(b.to_string());
    }
    let r = r.send().await.unwrap();
    let st = r.status();
    let bytes = r.bytes().await.unwrap().to_vec();
    (
        st,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        bytes,
    )
}

async fn get(c: &Client, s: &TestServer, path: &str, auth: &str) -> (StatusCode, Value, Vec<u8>) {
    send(c, s, reqwest::Method::GET, path, auth, None).await
}

async fn post(
    c: &Client,
    s: &TestServer,
    path: &str,
    auth: &str,
    body: &Value,
) -> (StatusCode, Value) {
    let (st, v, _) = send(c, s, reqwest::Method::POST, path, auth, Some(body)).await;
    (st, v)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `2026-02-24` → `24/02/2026`.
fn vn(date: &str) -> String {
    format!("{}/{}/{}", &date[8..10], &date[5..7], &date[..4])
}

async fn lifecycle(s: &TestServer) {
    let c = client_from(fresh_ip());
    let sha = common::upload_pdf(&c, s, 7).await;
    let mut d = conference(&sha);
    let r = common::post_dossier(&c, s, &d).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let receipt: Value = r.json().await.unwrap();
    let (id, code) = (
        receipt["id"].as_str().unwrap(),
        receipt["code"].as_str().unwrap(),
    );
    let access = receipt["accessToken"].as_str().unwrap();
    // 15 working days from today (the day of receipt not counted).
    let due = dossier_core::calendar::add_working_days(common::today(), 15)
        .unwrap()
        .to_string();
    assert_eq!(receipt["dueDate"], due.as_str());

    let commune = token(&c, s, Unit::Commune(20242)).await;
    let province = token(&c, s, Unit::Province(48)).await;
    let other_commune = token(&c, s, Unit::Commune(20195)).await;
    let other_province = token(&c, s, Unit::Province(1)).await;

    // The citizen sees the procedure, the deadline and who decides, in words.
    let status_path = format!("/api/v1/dossiers/{code}");
    let (st, v, _) = get(&c, s, &status_path, access).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(
        v["desk"]["kindName"]["vi"],
        "Xin phép tổ chức hội nghị, hội thảo quốc tế"
    );
    assert_eq!(v["desk"]["statusName"]["vi"], "Đã tiếp nhận");
    assert_eq!(v["desk"]["dueDate"], due.as_str());
    assert_eq!(v["desk"]["processingDays"], 15);
    assert_eq!(v["desk"]["decisionBy"]["code"], "provincial_chair");
    assert_eq!(
        v["desk"]["decisionBy"]["name"]["vi"],
        "Chủ tịch Ủy ban nhân dân tỉnh, thành phố"
    );
    assert_eq!(v["desk"]["canSupplement"], false);
    assert_eq!(v["desk"]["canWithdraw"], true);

    // Mẫu 01: the receipt with the code and the due date, for the unit in scope only.
    let form = |f: &str| format!("/api/v1/staff/dossiers/{id}/forms/{f}");
    let (st, _, html) = get(&c, s, &form("mau-01"), &commune).await;
    assert_eq!(st, StatusCode::OK);
    let html = text(&html);
    assert!(html.contains(code) && html.contains(&vn(&due)), "{html}");
    assert!(html.contains("BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"));
    assert!(html.contains("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"));
    assert!(!html.contains("<script"));
    for tok in [&other_commune, &other_province] {
        assert_eq!(
            get(&c, s, &form("mau-01"), tok).await.0,
            StatusCode::NOT_FOUND
        );
    }
    assert_eq!(
        get(&c, s, &form("mau-07"), &commune).await.0,
        StatusCode::NOT_FOUND
    );

    // The commune returns it with a finding and a note; Mẫu 02 carries both.
    let act = format!("/api/v1/staff/dossiers/{id}/actions");
    let (st, v) = post(
        &c,
        s,
        &act,
        &commune,
        &json!({"action": "return", "version": 0, "note": "Bổ sung bản dịch <đề án>.", "findingCodes": ["DOCUMENT_MISSING"]}),
    )
    .await;
    assert_eq!(
        (st, v["status"].as_str()),
        (StatusCode::OK, Some("returned")),
        "{v}"
    );
    let (_, _, html) = get(&c, s, &form("mau-02"), &commune).await;
    let html = text(&html);
    assert!(html.contains("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"));
    assert!(
        html.contains("Bổ sung bản dịch &lt;đề án&gt;."),
        "the note, escaped"
    );
    let message = dossier_core::messages::render(
        dossier_core::Code::DocumentMissing,
        &dossier_core::Params::new(),
        dossier_core::Lang::Vi,
    );
    assert!(html.contains(&dossier_server_escape(&message)), "{message}");
    let (_, v, _) = get(&c, s, &status_path, access).await;
    assert_eq!(v["desk"]["canSupplement"], true);

    // The citizen supplements under the same code: version 2, received again. Not to another
    // unit: the dossier stays where it was filed.
    let supp = format!("/api/v1/dossiers/{code}/supplements");
    let mut elsewhere = d.clone();
    elsewhere["receivingUnit"]["communeCode"] = Value::from(20195);
    let (st, v) = post(&c, s, &supp, access, &elsewhere).await;
    assert_eq!(
        (st, v["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("UNIT_CHANGED")),
        "{v}"
    );
    d["applicant"]["phone"] = Value::from("0236 3812 999");
    let (st, v) = post(&c, s, &supp, access, &d).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(
        (v["status"].as_str(), v["bodyVersion"].as_i64()),
        (Some("received"), Some(2))
    );
    // The same supplement again (a retry) answers the same; a wrong token is 404.
    let (st, again) = post(&c, s, &supp, access, &d).await;
    assert_eq!(
        (st, again["bodyVersion"].as_i64()),
        (StatusCode::OK, Some(2))
    );
    assert_eq!(
        post(&c, s, &supp, "wrong", &d).await.0,
        StatusCode::NOT_FOUND
    );
    // Another procedure cannot replace it.
    let (st, v) = post(&c, s, &supp, access, &example("ngo_licence", &sha)).await;
    assert_eq!(st, StatusCode::CONFLICT, "not returned any more: {v}");

    let detail = format!("/api/v1/staff/dossiers/{id}");
    let (_, v, _) = get(&c, s, &detail, &commune).await;
    assert_eq!(v["desk"]["bodyVersion"], 2);
    assert_eq!(v["versions"].as_array().unwrap().len(), 1);
    assert_eq!(v["versions"][0]["version"], 1);
    assert_eq!(
        v["versions"][0]["dossier"]["applicant"]["phone"],
        "0236 3812 345"
    );
    assert_eq!(v["dossier"]["applicant"]["phone"], "0236 3812 999");
    assert_eq!(v["returnsHere"], 1);
    let version = v["version"].as_i64().unwrap();

    // Guide once: a second return by the same unit needs the override.
    let (st, v) = post(
        &c,
        s,
        &act,
        &commune,
        &json!({"action": "return", "version": version, "note": "Lần nữa"}),
    )
    .await;
    assert_eq!(
        (st, v["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("RETURN_ONCE"))
    );

    // Pre-check, forward; the province forwards to the decision and decides.
    let mut version = version;
    for (tok, action, to) in [
        (&commune, "precheck_ok", "prechecked"),
        (&commune, "forward", "forwarded"),
        (&province, "forward", "decision_pending"),
    ] {
        let (st, v) = post(
            &c,
            s,
            &act,
            tok,
            &json!({"action": action, "version": version}),
        )
        .await;
        assert_eq!(
            (st, v["status"].as_str()),
            (StatusCode::OK, Some(to)),
            "{action}: {v}"
        );
        version = v["version"].as_i64().unwrap();
    }
    let (st, v) = post(
        &c,
        s,
        &act,
        &province,
        &json!({"action": "decide", "version": version}),
    )
    .await;
    assert_eq!(
        (st, v["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("DECISION_REQUIRED"))
    );
    let (st, _) = post(&c, s, &act, &commune, &json!({"action": "decide", "version": version,
        "decision": {"result": "approved", "number": "1/QĐ-UBND", "date": "2026-12-01", "signerOffice": "x"}})).await;
    assert_eq!(st, StatusCode::CONFLICT, "a commune cannot decide");
    // The decision's number and signer are not blank; its document is a PDF of this dossier.
    let blank =
        json!({"result": "approved", "number": "   ", "date": "2026-12-01", "signerOffice": "x"});
    let (st, v) = post(
        &c,
        s,
        &act,
        &province,
        &json!({"action": "decide", "version": version, "decision": blank}),
    )
    .await;
    assert_eq!(common::invalid_fields(st, &v)[0].0, "/decision/number");
    let jpeg: Value = upload(&c, s, "image/jpeg", b"\xff\xd8\xff\xe0 a photo".to_vec())
        .await
        .json()
        .await
        .unwrap();
    let other_file = common::upload_pdf(&c, s, 12).await;
    let r = common::post_dossier(&c, s, &conference(&other_file)).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let decide = |decision: Value| {
        let body = json!({"action": "decide", "version": version, "decision": decision});
        let (c, act, province) = (c.clone(), act.clone(), province.clone());
        async move { post(&c, s, &act, &province, &body).await }
    };
    for wrong in [jpeg["sha256"].as_str().unwrap(), other_file.as_str()] {
        let decision = json!({"result": "approved", "number": "1/QĐ-UBND", "date": "2026-12-01", "signerOffice": "x", "documentSha256": wrong});
        let (st, v) = decide(decision).await;
        assert_eq!(
            common::invalid_fields(st, &v)[0].0,
            "/decision/documentSha256",
            "{v}"
        );
    }
    let decision_pdf = pdf(99);
    let decision_sha = common::upload_pdf(&c, s, 99).await;
    let decision = json!({"result": "approved", "number": "125/QĐ-UBND", "date": "2026-12-01",
        "signerOffice": "Chủ tịch UBND thành phố Đà Nẵng", "documentSha256": decision_sha.to_uppercase()});
    let (st, v) = decide(decision).await;
    assert_eq!(
        (st, v["status"].as_str()),
        (StatusCode::OK, Some("decided")),
        "{v}"
    );

    // The citizen sees the result and downloads the decision document.
    let (_, v, _) = get(&c, s, &status_path, access).await;
    assert_eq!(v["status"], "decided");
    let dv = &v["desk"]["decision"];
    assert_eq!(dv["result"], "approved");
    assert_eq!(dv["resultName"]["vi"], "Chấp thuận");
    assert_eq!(dv["number"], "125/QĐ-UBND");
    assert_eq!(dv["date"], "2026-12-01");
    let url = dv["documentUrl"].as_str().unwrap();
    let (st, _, bytes) = get(&c, s, url, access).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(bytes, decision_pdf);
    assert_eq!(get(&c, s, url, "wrong").await.0, StatusCode::NOT_FOUND);
    // Staff in scope download it too, from the detail's address.
    let (_, v, _) = get(&c, s, &detail, &province).await;
    let staff_url = v["desk"]["decision"]["documentUrl"]
        .as_str()
        .unwrap()
        .to_owned();
    let (st, _, bytes) = get(&c, s, &staff_url, &province).await;
    assert_eq!((st, bytes), (StatusCode::OK, decision_pdf.clone()));
    assert_eq!(
        get(&c, s, &staff_url, &other_province).await.0,
        StatusCode::NOT_FOUND
    );
    // Decided: no withdrawal.
    let (st, _) = post(
        &c,
        s,
        &format!("/api/v1/dossiers/{code}/withdraw"),
        access,
        &json!({}),
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT);

    // Mẫu 06: every hand-over with its time and officer.
    let (_, _, html) = get(&c, s, &form("mau-06"), &province).await;
    let html = text(&html);
    assert!(html.contains("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"));
    assert!(html.contains("Ghi nhận kết quả giải quyết") && html.contains("Chuyển xử lý"));
    assert_eq!(
        html.matches("<tr>").count(),
        1 + 1 + 1 + 5,
        "masthead, header, receipt, five actions"
    );

    // The queue: search by code, counts per status.
    let (st, v, _) = get(
        &c,
        s,
        &format!("/api/v1/staff/dossiers?code={}", code.to_lowercase()),
        &province,
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["code"], code);
    assert!(v["counts"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["status"] == "decided" && x["n"].as_i64() >= Some(1)));
    let (st, v, _) = get(
        &c,
        s,
        &format!("/api/v1/staff/dossiers?code={code}"),
        &other_province,
    )
    .await;
    assert_eq!(
        (st, v["items"].as_array().unwrap().len()),
        (StatusCode::OK, 0)
    );

    // The register of today: XLSX read back, CSV, and out of scope nothing.
    let today = common::today().to_string();
    let reg = |ext: &str| format!("/api/v1/staff/register.{ext}?from={today}&to={today}");
    let (st, _, xlsx) = get(&c, s, &reg("xlsx"), &province).await;
    assert_eq!(st, StatusCode::OK);
    let rows = xlsx_rows(&xlsx);
    let ours: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r.get(1).map(String::as_str) == Some(code))
        .collect();
    assert_eq!(ours.len(), 1, "one row for the dossier");
    // The title block (unit, register, period), a blank line, the header, then one row per
    // dossier received in the range: this server's database holds this dossier and the one filed
    // to own the "other dossier's file" above.
    assert_eq!(rows[4][1], "Mã hồ sơ");
    assert_eq!(rows.len(), 5 + 2, "{rows:?}");
    assert!(rows[0][0].contains("THÀNH PHỐ ĐÀ NẴNG"), "{:?}", rows[0]);
    assert_eq!(ours[0][2], "Xin phép tổ chức hội nghị, hội thảo quốc tế");
    assert_eq!(ours[0][8], "Đã có kết quả");
    assert_eq!(ours[0][10], "Chấp thuận");
    assert_eq!(ours[0][11], "125/QĐ-UBND");
    let (_, _, csv) = get(&c, s, &reg("csv"), &province).await;
    let csv = text(&csv);
    assert!(csv.starts_with('\u{feff}') && csv.contains(code));
    let (_, _, other) = get(&c, s, &reg("csv"), &other_province).await;
    assert!(!text(&other).contains(code));
    let (st, v, _) = get(
        &c,
        s,
        &format!("/api/v1/staff/register.csv?from={today}&to=2020-01-01"),
        &province,
    )
    .await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert_eq!(common::invalid_fields(st, &v)[0].0, "/to");
}

/// The same escaping as the printed forms.
fn dossier_server_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Every row of the first sheet, as text.
fn xlsx_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range
        .rows()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect()
}

async fn withdrawal_counter_and_queue(s: &TestServer) {
    let c = client_from(fresh_ip());
    let sha = common::upload_pdf(&c, s, 8).await;
    let r = common::post_dossier(&c, s, &conference(&sha)).await;
    let receipt: Value = r.json().await.unwrap();
    let (code, access) = (
        receipt["code"].as_str().unwrap(),
        receipt["accessToken"].as_str().unwrap(),
    );
    let withdraw = format!("/api/v1/dossiers/{code}/withdraw");
    for _ in 0..2 {
        let (st, v) = post(&c, s, &withdraw, access, &json!({})).await;
        assert_eq!(
            (st, v["status"].as_str()),
            (StatusCode::OK, Some("withdrawn")),
            "{v}"
        );
    }
    let (st, _) = post(
        &c,
        s,
        &format!("/api/v1/dossiers/{code}/supplements"),
        access,
        &conference(&sha),
    )
    .await;
    assert_eq!(st, StatusCode::CONFLICT);
    // A citizen's key cannot name one of the counter's.
    let r = c
        .post(format!("{}/api/v1/dossiers", s.base))
        .header("content-type", "application/json")
        .header("idempotency-key", "counter:someone:1")
        .body(conference(&sha).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);

    // Filing at the counter: the officer's own unit only; recorded as such.
    let commune = token(&c, s, Unit::Commune(20242)).await;
    let other = token(&c, s, Unit::Commune(20195)).await;
    let (st, v) = post(&c, s, "/api/v1/staff/dossiers", &other, &conference(&sha)).await;
    assert_eq!(
        (st, v["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("OUT_OF_SCOPE"))
    );
    let (st, filed) = post(&c, s, "/api/v1/staff/dossiers", &commune, &conference(&sha)).await;
    assert_eq!(st, StatusCode::CREATED, "{filed}");
    let id = filed["id"].as_str().unwrap();
    let (_, v, _) = get(&c, s, &format!("/api/v1/staff/dossiers/{id}"), &commune).await;
    assert_eq!(v["desk"]["channel"], "counter");
    assert_eq!(
        get(&c, s, "/api/v1/staff/dossiers", "no-session").await.0,
        StatusCode::UNAUTHORIZED
    );
    let (st, _) = post(
        &c,
        s,
        "/api/v1/staff/dossiers",
        "no-session",
        &conference(&sha),
    )
    .await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);

    // Overdue and due-soon flags, and the due-date order: make one dossier overdue.
    let yesterday = common::today().add_days(-1).unwrap().to_string();
    sqlx::query("UPDATE dossiers SET due_date = $1 WHERE id = $2")
        .bind(&yesterday)
        .bind(id)
        .execute(s.store.pool())
        .await
        .unwrap();
    let (_, v, _) = get(&c, s, "/api/v1/staff/dossiers?pageSize=100", &commune).await;
    let items = v["items"].as_array().unwrap();
    let first = &items[0];
    assert_eq!(
        (first["id"].as_str(), first["overdue"].as_bool()),
        (Some(id), Some(true))
    );
    // Running deadlines come first, in due-date order; withdrawn ones after them.
    let dues: Vec<&str> = items
        .iter()
        .take_while(|i| i["status"] != "withdrawn" && !i["dueDate"].is_null())
        .map(|i| i["dueDate"].as_str().unwrap())
        .collect();
    assert!(dues.windows(2).all(|w| w[0] <= w[1]), "{dues:?}");
    assert!(items
        .iter()
        .any(|i| i["code"] == code && i["status"] == "withdrawn"));
    let (_, v, _) = get(
        &c,
        s,
        "/api/v1/staff/dossiers?sort=received&pageSize=100",
        &commune,
    )
    .await;
    let received: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["receivedAt"].as_str().unwrap())
        .collect();
    assert!(received.windows(2).all(|w| w[0] >= w[1]));
}

on_both_engines!(lifecycle_on_sqlite, lifecycle_on_postgresql, lifecycle);
on_both_engines!(
    withdrawal_counter_and_queue_on_sqlite,
    withdrawal_counter_and_queue_on_postgresql,
    withdrawal_counter_and_queue
);

/// Takes a dossier of Đà Nẵng from `received` to `decided` (approved).
async fn decide(c: &Client, s: &TestServer, id: &str, commune: &str, province: &str) {
    let act = format!("/api/v1/staff/dossiers/{id}/actions");
    let mut version = 0;
    for (tok, action) in [
        (commune, "precheck_ok"),
        (commune, "forward"),
        (province, "forward"),
    ] {
        let (st, v) = post(
            c,
            s,
            &act,
            tok,
            &json!({"action": action, "version": version}),
        )
        .await;
        assert_eq!(st, StatusCode::OK, "{action}: {v}");
        version = v["version"].as_i64().unwrap();
    }
    let (st, v) = post(c, s, &act, province, &json!({"action": "decide", "version": version,
        "decision": {"result": "approved", "number": "9/QĐ-UBND", "date": "2026-12-01", "signerOffice": "Chủ tịch UBND"}})).await;
    assert_eq!(st, StatusCode::OK, "{v}");
}

async fn overview(s: &TestServer) {
    let c = client_from(fresh_ip());
    let sha = common::upload_pdf(&c, s, 11).await;
    let commune = token(&c, s, Unit::Commune(20242)).await;
    let other_commune = token(&c, s, Unit::Commune(20195)).await;
    let province = token(&c, s, Unit::Province(48)).await;
    let other_province = token(&c, s, Unit::Province(1)).await;
    // Two dossiers at Hải Châu (one decided, one returned), one at the other commune.
    let mut ids = Vec::new();
    for commune_code in [20242, 20242, 20195] {
        let mut d = conference(&sha);
        d["receivingUnit"]["communeCode"] = Value::from(commune_code);
        let r = common::post_dossier(&c, s, &d).await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let receipt: Value = r.json().await.unwrap();
        ids.push(receipt["id"].as_str().unwrap().to_owned());
    }
    decide(&c, s, &ids[0], &commune, &province).await;
    let (st, _) = post(
        &c,
        s,
        &format!("/api/v1/staff/dossiers/{}/actions", ids[1]),
        &commune,
        &json!({"action": "return", "version": 0, "note": "Thiếu chữ ký."}),
    )
    .await;
    assert_eq!(st, StatusCode::OK);

    let today = common::today();
    let first = dossier_core::Date::new(today.year(), today.month(), 1).unwrap();
    let path = |from: &str, to: &str| format!("/api/v1/staff/overview?from={from}&to={to}");
    let this_month = path(&first.to_string(), &today.to_string());

    // The province: both communes, the decision on time, zero working days taken.
    let (st, o, _) = get(&c, s, &this_month, &province).await;
    assert_eq!(st, StatusCode::OK, "{o}");
    assert_eq!(
        o["byKind"],
        json!({"conference_permit": 3, "ngo_licence": 0, "outbound_trip": 0})
    );
    assert_eq!(o["byStatus"]["decided"], 1);
    assert_eq!(o["byStatus"]["returned"], 1);
    assert_eq!(o["byStatus"]["received"], 1);
    assert_eq!(status_total(&o), 3);
    let communes: Vec<(i64, i64)> = o["byCommune"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["communeCode"].as_i64().unwrap(), x["n"].as_i64().unwrap()))
        .collect();
    assert_eq!(communes, [(20195, 1), (20242, 2)]);
    assert_eq!(o["byCommune"][1]["name"], "Phường Hải Châu");
    assert_eq!(
        o["onTime"],
        json!({"decided": 1, "withinDeadline": 1, "overdue": 0})
    );
    assert_eq!(o["medianWorkingDays"], 0.0);
    let month = format!("{:04}-{:02}", today.year(), today.month());
    assert_eq!(
        o["series"],
        json!([{"month": month, "received": 3, "decided": 1}])
    );

    // A commune sees its own numbers only; the other commune and province see theirs.
    let (_, o, _) = get(&c, s, &this_month, &commune).await;
    assert_eq!(
        o["byCommune"],
        json!([{"communeCode": 20242, "name": "Phường Hải Châu", "n": 2}])
    );
    assert_eq!(o["byKind"]["conference_permit"], 2);
    let (_, o, _) = get(&c, s, &this_month, &other_commune).await;
    assert_eq!(o["byKind"]["conference_permit"], 1);
    assert_eq!(o["byCommune"].as_array().unwrap().len(), 1);
    let (_, o, _) = get(&c, s, &this_month, &other_province).await;
    assert_eq!(o["byKind"]["conference_permit"], 0);
    assert_eq!(o["byCommune"], json!([]));

    // An empty period: zeros, every month present.
    let (st, o, _) = get(&c, s, &path("2025-01-01", "2025-03-31"), &province).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(status_total(&o), 0);
    assert_eq!(
        o["onTime"],
        json!({"decided": 0, "withinDeadline": 0, "overdue": 0})
    );
    assert_eq!(o["medianWorkingDays"], Value::Null);
    assert_eq!(o["series"].as_array().unwrap().len(), 3);

    // Bad ranges: 400 with the parameter's pointer.
    for (q, pointer) in [
        ("?from=2026-12-02&to=2026-12-01", "/to"),
        ("?from=2020-01-01&to=2026-12-01", "/to"),
        ("?from=2026-02-30&to=2026-03-01", "/from"),
        ("?from=2026-01-01", "/to"),
        ("", "/from"),
    ] {
        let (st, v, _) = get(&c, s, &format!("/api/v1/staff/overview{q}"), &province).await;
        assert_eq!(common::invalid_fields(st, &v)[0].0, pointer, "{q}: {v}");
    }
    assert_eq!(
        get(&c, s, &this_month, "no-session").await.0,
        StatusCode::UNAUTHORIZED
    );

    // The periodic report: one sheet per table, read back.
    let (st, _, xlsx) = get(
        &c,
        s,
        &this_month.replace("overview?", "overview.xlsx?"),
        &province,
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Theo thang",
            "Theo thu tuc",
            "Theo trang thai",
            "Theo xa phuong",
            "Dung han"
        ]
    );
    let sheet = |book: &mut Xlsx<_>, name: &str| -> Vec<Vec<String>> {
        book.worksheet_range(name)
            .unwrap()
            .rows()
            .map(|r| r.iter().map(ToString::to_string).collect())
            .collect()
    };
    let communes = sheet(&mut book, "Theo xa phuong");
    assert!(
        communes[0][0].contains("THÀNH PHỐ ĐÀ NẴNG")
            || communes[0][0].contains("Thành phố Đà Nẵng"),
        "{:?}",
        communes[0]
    );
    assert_eq!(
        communes[3..],
        [
            vec!["Phường Hải Vân".to_owned(), "1".to_owned()],
            vec!["Phường Hải Châu".to_owned(), "2".to_owned()]
        ]
    );
    let on_time = sheet(&mut book, "Dung han");
    assert_eq!(
        on_time[3..6],
        [
            vec!["Có kết quả".to_owned(), "1".to_owned()],
            vec!["Đúng hạn".to_owned(), "1".to_owned()],
            vec!["Quá hạn (trễ hoặc đang trễ)".to_owned(), "0".to_owned()],
        ]
    );
}

on_both_engines!(overview_on_sqlite, overview_on_postgresql, overview);

/// The number of dossiers over every status of an overview.
fn status_total(o: &Value) -> i64 {
    o["byStatus"]
        .as_object()
        .unwrap()
        .values()
        .filter_map(Value::as_i64)
        .sum()
}

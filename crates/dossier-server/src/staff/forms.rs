//! The printed forms of the one-stop mechanism (NĐ 118/2025/NĐ-CP; forms in Thông tư
//! 03/2025/TT-VPCP Phụ lục I) as A4 HTML pages in Vietnamese: Mẫu 01 (receipt and
//! appointment), Mẫu 02 (request to supplement), Mẫu 03 (refusal to receive), Mẫu 06 (control
//! sheet of the processing). The layout follows the forms' headings and numbered items as the
//! issue lists them (agency, BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ, Mã hồ sơ, applicant, documents,
//! processing time, received at, due date, signatures); the Circular's own text was not read
//! here (see ARCHITECTURE.md, "Printed forms"). No script: the page's only style sheet is
//! `/app/print.css`, so the pages' CSP applies unchanged.

use crate::storage::desk_store::{DeskFacts, HandOver};
use crate::storage::staff_store::{Staff, StaffDossier, Unit};
use crate::storage::store::Event;
use crate::workflow::{Action, Status, UnitKind};
use dossier_core::intake::{self, Attachment, Contact};
use dossier_core::{admin_units, form, Date, Kind, Lang, WireEnum};
use std::fmt::Write;

/// A printed form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormId {
    Mau01,
    Mau02,
    Mau03,
    Mau06,
}

impl FormId {
    pub const ALL: &'static [FormId] =
        &[FormId::Mau01, FormId::Mau02, FormId::Mau03, FormId::Mau06];

    /// The path segment.
    pub fn as_str(self) -> &'static str {
        match self {
            FormId::Mau01 => "mau-01",
            FormId::Mau02 => "mau-02",
            FormId::Mau03 => "mau-03",
            FormId::Mau06 => "mau-06",
        }
    }

    pub fn parse(s: &str) -> Option<FormId> {
        FormId::ALL.iter().copied().find(|f| f.as_str() == s)
    }

    fn title(self) -> &'static str {
        match self {
            FormId::Mau01 => "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            FormId::Mau02 => "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            FormId::Mau03 => "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
            FormId::Mau06 => "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        }
    }

    fn number(self) -> &'static str {
        match self {
            FormId::Mau01 => "Mẫu số 01",
            FormId::Mau02 => "Mẫu số 02",
            FormId::Mau03 => "Mẫu số 03",
            FormId::Mau06 => "Mẫu số 06",
        }
    }
}

/// What a form is made from.
pub struct Input<'a> {
    pub staff: &'a Staff,
    pub dossier: &'a StaffDossier,
    pub facts: &'a DeskFacts,
    pub events: &'a [Event],
    /// (at, username, unit kind, action, to status), in order.
    pub hand_overs: &'a [HandOver],
}

/// Text for HTML.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `2026-11-23T06:35:18+07:00` → `23/11/2026 06:35` (times are stored in Asia/Ho_Chi_Minh).
pub fn date_time(rfc3339: &str) -> String {
    match (rfc3339.get(..10).and_then(Date::parse), rfc3339.get(11..16)) {
        (Some(d), Some(hm)) => format!("{} {hm}", date(d)),
        (Some(d), None) => date(d),
        _ => rfc3339.to_owned(),
    }
}

/// `23/11/2026`.
pub fn date(d: Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

fn date_text(s: &str) -> String {
    Date::parse(s).map_or_else(|| s.to_owned(), date)
}

/// The unit's name: "Ủy ban nhân dân Phường Hải Châu" / "Ủy ban nhân dân thành phố Đà Nẵng".
pub fn unit_name(unit: Unit) -> String {
    match unit {
        Unit::Commune(c) => admin_units::commune(c).map_or_else(
            || format!("xã mã {c}"),
            |x| format!("Ủy ban nhân dân {}", x.name()),
        ),
        Unit::Province(p) => admin_units::province(p).map_or_else(
            || format!("tỉnh mã {p}"),
            |x| format!("Ủy ban nhân dân {}", x.name),
        ),
    }
}

fn place(unit: Unit) -> String {
    match unit {
        Unit::Commune(c) => admin_units::commune(c).map_or_else(String::new, |x| x.name()),
        Unit::Province(p) => {
            admin_units::province(p).map_or_else(String::new, |x| x.name.to_owned())
        }
    }
}

fn kind_title(kind: &str) -> String {
    <Kind as WireEnum>::from_wire(kind).map_or_else(
        || kind.to_owned(),
        |k| form::kind_title(k, Lang::Vi).to_owned(),
    )
}

fn action_name(action: Action) -> &'static str {
    match action {
        Action::PrecheckOk => "Kiểm tra sơ bộ, hồ sơ đủ",
        Action::Return => "Trả lại, yêu cầu bổ sung",
        Action::Forward => "Chuyển xử lý",
        Action::Decide => "Ghi nhận kết quả giải quyết",
    }
}

fn header(out: &mut String, form: FormId, i: &Input<'_>) {
    let today = crate::clock::today();
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">\
         <title>{title} – {code}</title>\
         <link rel=\"stylesheet\" href=\"/app/print.css\"></head>\
         <body><main class=\"sheet\" data-form=\"{id}\">\
         <p class=\"form-number\">{number}</p>\
         <table class=\"masthead\"><tr>\
         <td><p class=\"agency\">{agency}</p><p class=\"office\">BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ</p>\
         <p>Số: {code}</p></td>\
         <td><p class=\"nation\">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>\
         <p class=\"motto\">Độc lập - Tự do - Hạnh phúc</p>\
         <p class=\"dateline\">{place}, ngày {d:02} tháng {m:02} năm {y}</p></td>\
         </tr></table>\
         <h1>{title}</h1>\
         <p class=\"code\">Mã hồ sơ: <strong>{code}</strong></p>",
        title = form.title(),
        number = form.number(),
        id = form.as_str(),
        code = esc(&i.dossier.item.code),
        agency = esc(&unit_name(i.staff.unit).to_uppercase()),
        place = esc(&place(i.staff.unit)),
        d = today.day(),
        m = today.month(),
        y = today.year(),
    );
}

fn applicant(out: &mut String, n: u8, body: &Printed) {
    let a = &body.applicant;
    let text = |v: &Option<String>| esc(v.as_deref().unwrap_or(""));
    let _ = write!(
        out,
        "<h2>{n}. Tổ chức, cá nhân nộp hồ sơ</h2><dl>\
         <dt>Tên</dt><dd class=\"applicant\">{}</dd>\
         <dt>Địa chỉ</dt><dd>{}</dd>\
         <dt>Điện thoại</dt><dd>{}</dd><dt>Thư điện tử</dt><dd>{}</dd></dl>",
        text(&a.name),
        text(&a.street),
        text(&a.phone),
        text(&a.email),
    );
}

/// Sections 1 and 2 of the receipts (Mẫu 01, 02, 03): who received the dossier of whom, and
/// for which procedure.
fn received_from(out: &mut String, i: &Input<'_>, body: &Printed, kind: &str) {
    let _ = write!(
        out,
        "<p>{} tiếp nhận hồ sơ của:</p>",
        esc(&unit_name(i.staff.unit))
    );
    applicant(out, 1, body);
    let _ = write!(
        out,
        "<h2>2. Nội dung yêu cầu giải quyết</h2><p class=\"procedure\">{}</p>",
        esc(kind)
    );
}

fn documents(out: &mut String, n: u8, body: &Printed) {
    let _ = write!(
        out,
        "<h2>{n}. Thành phần hồ sơ</h2><table class=\"grid\"><thead><tr>\
         <th scope=\"col\">STT</th><th scope=\"col\">Tên giấy tờ</th><th scope=\"col\">Tệp</th>\
         <th scope=\"col\">Hình thức</th><th scope=\"col\">Số lượng</th></tr></thead><tbody>"
    );
    for (i, d) in body.documents.iter().enumerate() {
        let kind = d.doc_type.map_or("", |t| t.as_str());
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>Bản điện tử</td><td>01</td></tr>",
            i + 1,
            esc(form::document_type_label(kind, Lang::Vi).unwrap_or(kind)),
            esc(d.file_name.as_deref().unwrap_or("")),
        );
    }
    out.push_str("</tbody></table>");
}

fn signatures(out: &mut String, left: &str, right: &str, officer: &str) {
    let _ = write!(
        out,
        "<table class=\"signatures\"><tr><td><p class=\"role\">{}</p><p class=\"hint\">(Ký và ghi rõ họ tên)</p></td>\
         <td><p class=\"role\">{}</p><p class=\"hint\">(Ký và ghi rõ họ tên)</p><p class=\"officer\">{}</p></td></tr></table>",
        esc(left),
        esc(right),
        esc(officer)
    );
}

/// A stored dossier's applicant and documents, read by the core (nothing for a text that is
/// not JSON, which storage never holds).
pub(crate) fn read_stored(body: &str) -> Printed {
    let options = dossier_core::Options::new(crate::clock::today());
    intake::read(body.as_bytes(), &options).map_or_else(
        |_| Printed {
            applicant: Contact::default(),
            documents: Vec::new(),
        },
        |f| Printed {
            applicant: f.applicant,
            documents: f.documents,
        },
    )
}

/// What the forms print of the dossier itself.
pub(crate) struct Printed {
    pub applicant: Contact,
    pub documents: Vec<Attachment>,
}

/// The reasons of the last return: each finding's message, and the note.
fn last_return(events: &[Event]) -> Option<&Event> {
    events.iter().rev().find(|e| e.status == Status::Returned)
}

/// The form as a complete HTML page.
pub fn render(form: FormId, i: &Input<'_>) -> String {
    let body = read_stored(&i.dossier.body);
    let mut out = String::with_capacity(8 * 1024);
    header(&mut out, form, i);
    // After a supplement, the dossier as it stands was received when the supplement came.
    let received_at = i
        .facts
        .body_received_at
        .as_deref()
        .unwrap_or(&i.dossier.item.received_at);
    let received = date_time(received_at);
    let received_day = received_at
        .get(..10)
        .and_then(Date::parse)
        .unwrap_or_else(crate::clock::today);
    let due = i.facts.due_date.as_deref().map(date_text);
    let kind = kind_title(&i.dossier.item.kind);
    match form {
        FormId::Mau01 => {
            received_from(&mut out, i, &body, &kind);
            documents(&mut out, 3, &body);
            let processing = crate::staff::desk::processing(&i.dossier.item.kind, received_day);
            let _ = write!(
                out,
                "<h2>4. Thời hạn giải quyết</h2><p class=\"processing\">{}</p>\
                 <h2>5. Thời gian nhận hồ sơ</h2><p class=\"received\">{}</p>\
                 <h2>6. Thời gian trả kết quả giải quyết hồ sơ</h2><p class=\"due\">{}</p>\
                 <p>Vào Sổ theo dõi hồ sơ, Quyển số: …… Số thứ tự: ……</p>",
                processing.map_or_else(
                    || "Chưa có thời hạn giải quyết được quy định trong dữ liệu của hệ thống."
                        .to_owned(),
                    |(days, basis)| format!("{days} ngày làm việc ({})", esc(basis))
                ),
                esc(&received),
                due.as_deref().map_or_else(
                    || "Không có hạn (chưa có thời hạn quy định)".to_owned(),
                    |d| format!("Ngày {}", esc(d))
                ),
            );
            signatures(
                &mut out,
                "NGƯỜI NỘP HỒ SƠ",
                "NGƯỜI TIẾP NHẬN HỒ SƠ",
                &i.staff.username,
            );
        }
        FormId::Mau02 | FormId::Mau03 => {
            received_from(&mut out, i, &body, &kind);
            let _ = write!(
                out,
                "<h2>3. Thời gian nhận hồ sơ</h2><p class=\"received\">{}</p>",
                esc(&received)
            );
            let heading = if form == FormId::Mau02 {
                "4. Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau"
            } else {
                "4. Lý do từ chối tiếp nhận hồ sơ"
            };
            let _ = write!(out, "<h2>{heading}</h2><ol class=\"reasons\">");
            if let Some(e) = last_return(i.events) {
                for r in crate::citizen::api::reasons(&e.findings) {
                    let _ = write!(out, "<li>{}</li>", esc(&r.message.vi));
                }
                if !e.note.trim().is_empty() {
                    let _ = write!(out, "<li class=\"note\">{}</li>", esc(e.note.trim()));
                }
            } else {
                out.push_str("<li>…</li>");
            }
            out.push_str("</ol>");
            if form == FormId::Mau02 {
                out.push_str(
                    "<p>Tổ chức, cá nhân bổ sung, hoàn thiện hồ sơ theo các nội dung trên, dùng cùng mã hồ sơ \
                     (trực tuyến hoặc tại Bộ phận Tiếp nhận và Trả kết quả). Xin lỗi về sự bất tiện này.</p>",
                );
            }
            signatures(
                &mut out,
                "NGƯỜI NỘP HỒ SƠ",
                "NGƯỜI TIẾP NHẬN HỒ SƠ",
                &i.staff.username,
            );
        }
        FormId::Mau06 => {
            let _ = write!(
                out,
                "<p>Kèm theo hồ sơ của: <strong class=\"applicant\">{}</strong></p>\
                 <p>Nội dung yêu cầu giải quyết: <span class=\"procedure\">{}</span></p>\
                 <p>Ngày nhận: {} – Ngày hẹn trả: {}</p>\
                 <table class=\"grid\"><thead><tr><th scope=\"col\">Tên cơ quan</th>\
                 <th scope=\"col\">Thời gian giao, nhận hồ sơ</th><th scope=\"col\">Người giao / người nhận</th>\
                 <th scope=\"col\">Kết quả giải quyết</th></tr></thead><tbody>\
                 <tr><td>Bộ phận Tiếp nhận và Trả kết quả</td><td>{}</td><td>Người nộp hồ sơ</td><td>Đã tiếp nhận</td></tr>",
                esc(body.applicant.name.as_deref().unwrap_or("")),
                esc(&kind),
                esc(&received),
                esc(due.as_deref().unwrap_or("—")),
                esc(&received),
            );
            for h in i.hand_overs {
                let office = match h.unit_kind {
                    Some(UnitKind::Commune) => "Ủy ban nhân dân cấp xã",
                    Some(UnitKind::Province) => "Ủy ban nhân dân cấp tỉnh",
                    None => "",
                };
                let _ = write!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} – {}</td></tr>",
                    office,
                    esc(&date_time(&h.at)),
                    esc(&h.username),
                    action_name(h.action),
                    h.to.label(Lang::Vi),
                );
            }
            out.push_str("</tbody></table>");
        }
    }
    out.push_str("</main></body></html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_text_for_people() {
        assert_eq!(date_time("2026-11-23T06:35:18+07:00"), "23/11/2026 06:35");
        assert_eq!(esc("<a href='x'>&"), "&lt;a href=&#39;x&#39;&gt;&amp;");
        assert_eq!(FormId::parse("mau-02"), Some(FormId::Mau02));
        assert_eq!(FormId::parse("mau-07"), None);
    }
}

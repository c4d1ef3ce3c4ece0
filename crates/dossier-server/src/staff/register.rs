//! The register of dossiers (Mẫu 07, Sổ theo dõi hồ sơ) as an XLSX workbook (rust_xlsxwriter)
//! and as CSV: one row per dossier received in the period, the columns of the register.

use crate::staff::forms::{date_time, unit_name};
use crate::storage::desk_store::RegisterRow;
use crate::storage::staff_store::Unit;
use crate::workflow::Channel;
use dossier_core::{form, Date, Kind, Lang, WireEnum};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

/// The register's columns.
pub const COLUMNS: [&str; 12] = [
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Tổ chức, cá nhân nộp hồ sơ",
    "Số điện thoại",
    "Hình thức nộp",
    "Ngày nhận hồ sơ",
    "Ngày hẹn trả kết quả",
    "Tình trạng",
    "Ngày có kết quả",
    "Kết quả",
    "Số quyết định",
];

fn cells(i: usize, r: &RegisterRow) -> [String; 12] {
    let body = crate::staff::forms::read_stored(&r.body);
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        (i + 1).to_string(),
        r.code.clone(),
        <Kind as WireEnum>::from_wire(&r.kind).map_or_else(
            || r.kind.clone(),
            |k| form::kind_title(k, Lang::Vi).to_owned(),
        ),
        text(&body.applicant.name),
        text(&body.applicant.phone),
        match r.channel {
            Channel::Counter => "Trực tiếp",
            Channel::Online => "Trực tuyến",
        }
        .to_owned(),
        date_time(&r.received_at),
        r.due_date
            .as_deref()
            .and_then(Date::parse)
            .map_or_else(String::new, crate::staff::forms::date),
        r.status.label(Lang::Vi).to_owned(),
        r.decided_at.as_deref().map_or_else(String::new, date_time),
        r.result.map_or("", |x| x.label(Lang::Vi)).to_owned(),
        r.decision_number.clone().unwrap_or_default(),
    ]
}

/// The workbook: a title block (unit, period, when it was made) and the table.
pub fn xlsx(unit: Unit, from: Date, to: Date, rows: &[RegisterRow]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("So theo doi ho so")?;
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin);
    let cell = Format::new().set_text_wrap().set_border(FormatBorder::Thin);
    sheet.write_with_format(0, 0, unit_name(unit).to_uppercase(), &bold)?;
    sheet.write_with_format(1, 0, "SỔ THEO DÕI HỒ SƠ (Mẫu số 07)", &bold)?;
    sheet.write(
        2,
        0,
        format!(
            "Từ ngày {} đến ngày {} – lập lúc {}",
            crate::staff::forms::date(from),
            crate::staff::forms::date(to),
            date_time(&crate::clock::now_rfc3339())
        ),
    )?;
    let top = 4u32;
    for (c, name) in COLUMNS.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(0);
        sheet.write_with_format(top, c, *name, &head)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = top + 1 + u32::try_from(i).unwrap_or(u32::MAX - top - 1);
        for (c, v) in cells(i, r).iter().enumerate() {
            sheet.write_with_format(row, u16::try_from(c).unwrap_or(0), v, &cell)?;
        }
    }
    for (c, width) in [5, 14, 40, 32, 16, 12, 17, 14, 20, 17, 16, 16]
        .iter()
        .enumerate()
    {
        sheet.set_column_width(u16::try_from(c).unwrap_or(0), *width)?;
    }
    sheet.set_freeze_panes(top + 1, 0)?;
    book.save_to_buffer()
}

fn csv_field(s: &str) -> String {
    // A leading =, +, -, @, tab or carriage return can start a formula in a spreadsheet
    // (OWASP CSV injection): such a cell is written as text.
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The register as CSV with a byte-order mark.
pub fn csv(rows: &[RegisterRow]) -> String {
    let mut out = String::from('\u{feff}');
    out.push_str(&COLUMNS.join(","));
    out.push_str("\r\n");
    for (i, r) in rows.iter().enumerate() {
        let line: Vec<String> = cells(i, r).iter().map(|c| csv_field(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("Đà Nẵng"), "Đà Nẵng");
    }
}

//! The overview for heads of unit (SPEC §12, last bullet): what came in during a period, of
//! which kind, from which commune, what was decided within its deadline and how long it took in
//! working days, month by month; scoped like the queue. The same numbers as JSON for the page's
//! charts and as the periodic report (XLSX, one sheet per table).

use crate::dto::{self, RangeQuery};
use crate::error::ApiError;
use crate::responses::StaffErrors;
use crate::responses::{ErrorBody, OnTime, Overview, OverviewCommune, OverviewMonth};
use crate::staff::api::officer;
use crate::staff::forms::{date, unit_name};
use crate::storage::staff_store::Unit;
use crate::storage::store::{Result, Store};
use crate::workflow::Status;
use crate::AppState;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use dossier_core::calendar::Calendar;
use dossier_core::{admin_units, form, Date, Kind, Lang, WireEnum};
use sqlx::Row;
use std::collections::BTreeMap;

/// One dossier as the overview counts it.
#[derive(Debug, Clone)]
pub struct Counted {
    pub kind: String,
    pub status: Status,
    pub commune: Option<i64>,
    /// The day it was received (Asia/Ho_Chi_Minh).
    pub received: Date,
    pub due: Option<Date>,
    pub decided: Option<Date>,
}

fn day_of(rfc3339: &str) -> Option<Date> {
    rfc3339.get(..10).and_then(Date::parse)
}

impl Store {
    /// The dossiers in scope received from `from` to `to` (inclusive), as the overview counts
    /// them. One indexed range scan (`dossiers_received`).
    pub async fn counted(&self, unit: Unit, from: Date, to: Date) -> Result<Vec<Counted>> {
        let sql = format!(
            "SELECT kind, status, commune_code, received_at, due_date, decided_at FROM dossiers \
             WHERE {} AND received_at >= $2 AND received_at < $3",
            unit.scope_for_period()
        );
        let end = to.add_days(1).unwrap_or(to);
        let rows = sqlx::query(&sql)
            .bind(unit.code())
            .bind(from.to_string())
            .bind(end.to_string())
            .fetch_all(self.pool())
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let status: String = r.try_get("status")?;
            let received: String = r.try_get("received_at")?;
            let Some(received) = day_of(&received) else {
                continue;
            };
            out.push(Counted {
                kind: r.try_get("kind")?,
                status: Status::parse(&status).ok_or_else(|| {
                    sqlx::Error::Decode(format!("unknown dossier status {status:?}").into())
                })?,
                commune: r.try_get("commune_code")?,
                received,
                due: r
                    .try_get::<Option<String>, _>("due_date")?
                    .as_deref()
                    .and_then(Date::parse),
                decided: r
                    .try_get::<Option<String>, _>("decided_at")?
                    .as_deref()
                    .and_then(day_of),
            });
        }
        Ok(out)
    }
}

/// `YYYY-MM` of a date.
fn month(d: Date) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

/// The overview of `rows` for `unit` over `from..=to`, as of `today`: every status, kind and
/// month of the period present (zero when nothing happened), communes as the unit sees them.
pub fn summarise(unit: Unit, from: Date, to: Date, today: Date, rows: &[Counted]) -> Overview {
    let mut by_status: BTreeMap<String, i64> = Status::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), 0))
        .collect();
    let mut by_kind: BTreeMap<String, i64> = <Kind as WireEnum>::ALL
        .iter()
        .map(|k| (k.as_str().to_owned(), 0))
        .collect();
    let mut communes: BTreeMap<i64, i64> = BTreeMap::new();
    if let Unit::Commune(c) = unit {
        communes.insert(c, 0);
    }
    let mut series: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let mut m = Date::new(from.year(), from.month(), 1).unwrap_or(from);
    while m <= to {
        series.insert(month(m), (0, 0));
        m = m
            .add_months_clamped(1)
            .unwrap_or(to.add_days(1).unwrap_or(to));
    }
    let mut calendar = Calendar::new();
    let (mut decided, mut within, mut overdue) = (0, 0, 0);
    let mut took: Vec<u32> = Vec::new();
    for r in rows {
        *by_status.entry(r.status.as_str().to_owned()).or_default() += 1;
        *by_kind.entry(r.kind.clone()).or_default() += 1;
        // A dossier filed at the province itself has no commune.
        *communes.entry(r.commune.unwrap_or(0)).or_default() += 1;
        if let Some(e) = series.get_mut(&month(r.received)) {
            e.0 += 1;
        }
        match (r.status, r.decided) {
            (Status::Decided, Some(d)) => {
                decided += 1;
                if let Some(e) = series.get_mut(&month(d)) {
                    e.1 += 1;
                }
                took.push(calendar.working_days_between(r.received, d));
                match r.due {
                    Some(due) if d > due => overdue += 1,
                    _ => within += 1,
                }
            }
            // Still with an office past its deadline: late as well.
            (s, _) if s.deadline_runs() && r.due.is_some_and(|due| due < today) => overdue += 1,
            _ => {}
        }
    }
    took.sort_unstable();
    let median = match took.len() {
        0 => None,
        n if n % 2 == 1 => Some(f64::from(took[n / 2])),
        n => Some(f64::midpoint(
            f64::from(took[n / 2 - 1]),
            f64::from(took[n / 2]),
        )),
    };
    Overview {
        by_status,
        by_kind,
        by_commune: communes
            .into_iter()
            .map(|(code, n)| OverviewCommune {
                commune_code: (code != 0).then_some(code),
                name: if code == 0 {
                    "Nộp tại cấp tỉnh".to_owned()
                } else {
                    admin_units::commune(code).map_or_else(|| code.to_string(), |c| c.name())
                },
                n,
            })
            .collect(),
        on_time: OnTime {
            decided,
            within_deadline: within,
            overdue,
        },
        median_working_days: median,
        series: series
            .into_iter()
            .map(|(month, (received, decided))| OverviewMonth {
                month,
                received,
                decided,
            })
            .collect(),
    }
}

async fn load(
    state: &AppState,
    headers: &HeaderMap,
    q: Option<&str>,
) -> std::result::Result<(crate::storage::staff_store::Staff, Date, Date, Overview), ApiError> {
    let staff = officer(state, headers).await?;
    let q: RangeQuery = dto::query(q)?;
    let (from, to) = dto::checked_range(&q)?;
    let rows = state.store.counted(staff.unit, from, to).await?;
    let overview = summarise(staff.unit, from, to, crate::clock::today(), &rows);
    Ok((staff, from, to, overview))
}

/// The overview of the officer's unit for the dossiers received from `from` to `to`.
#[utoipa::path(get, path = "/api/v1/staff/overview", tag = "staff", security(("staff" = [])),
    params(RangeQuery),
    responses(
        (status = 200, description = "The numbers of the period", body = Overview),
        (status = 400, description = "A bad date or range (INVALID_REQUEST: from after to, more than 5 years)", body = ErrorBody),
        StaffErrors,
    ))]
pub async fn overview(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> std::result::Result<Response, ApiError> {
    let (_, _, _, o) = load(&state, &headers, q.as_deref()).await?;
    Ok(Json(o).into_response())
}

/// The periodic report: the overview as an XLSX workbook, one sheet per table, with the unit,
/// the period and when it was made.
#[utoipa::path(get, path = "/api/v1/staff/overview.xlsx", tag = "staff", security(("staff" = [])),
    params(RangeQuery),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 400, description = "A bad date or range (INVALID_REQUEST)", body = ErrorBody),
        StaffErrors,
    ))]
pub async fn overview_xlsx(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(q): RawQuery,
) -> std::result::Result<Response, ApiError> {
    let (staff, from, to, o) = load(&state, &headers, q.as_deref()).await?;
    let unit = staff.unit;
    crate::staff::desk::xlsx_download(
        move || report(unit, from, to, &o),
        &format!("bao-cao-dinh-ky-{from}-{to}.xlsx"),
    )
    .await
}

/// The workbook of the periodic report.
pub fn report(
    unit: Unit,
    from: Date,
    to: Date,
    o: &Overview,
) -> std::result::Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let title = format!(
        "{} – báo cáo định kỳ từ ngày {} đến ngày {} – lập lúc {}",
        unit_name(unit),
        date(from),
        date(to),
        crate::staff::forms::date_time(&crate::clock::now_rfc3339())
    );
    let mut sheet = |name: &str, head: &[&str], rows: Vec<Vec<String>>| {
        let s = book.add_worksheet();
        s.set_name(name)?;
        s.write_with_format(0, 0, title.as_str(), &bold)?;
        for (c, h) in head.iter().enumerate() {
            s.write_with_format(2, u16::try_from(c).unwrap_or(0), *h, &bold)?;
        }
        for (i, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (
                    3 + u32::try_from(i).unwrap_or(0),
                    u16::try_from(c).unwrap_or(0),
                );
                match v.parse::<f64>() {
                    Ok(n) if c > 0 => s.write_number(r, c, n)?,
                    _ => s.write(r, c, v.as_str())?,
                };
            }
        }
        s.set_column_width(0, 40)?;
        Ok::<(), rust_xlsxwriter::XlsxError>(())
    };
    sheet(
        "Theo thang",
        &["Tháng", "Tiếp nhận", "Có kết quả"],
        o.series
            .iter()
            .map(|m| {
                vec![
                    format!("{}/{}", &m.month[5..], &m.month[..4]),
                    m.received.to_string(),
                    m.decided.to_string(),
                ]
            })
            .collect(),
    )?;
    sheet(
        "Theo thu tuc",
        &["Thủ tục", "Số hồ sơ"],
        o.by_kind
            .iter()
            .map(|(k, n)| {
                let name = <Kind as WireEnum>::from_wire(k)
                    .map_or_else(|| k.clone(), |k| form::kind_title(k, Lang::Vi).to_owned());
                vec![name, n.to_string()]
            })
            .collect(),
    )?;
    sheet(
        "Theo trang thai",
        &["Trạng thái", "Số hồ sơ"],
        o.by_status
            .iter()
            .map(|(s, n)| {
                vec![
                    Status::parse(s).map_or_else(|| s.clone(), |s| s.label(Lang::Vi).to_owned()),
                    n.to_string(),
                ]
            })
            .collect(),
    )?;
    sheet(
        "Theo xa phuong",
        &["Xã, phường", "Số hồ sơ"],
        o.by_commune
            .iter()
            .map(|c| vec![c.name.clone(), c.n.to_string()])
            .collect(),
    )?;
    sheet(
        "Dung han",
        &["Chỉ số", "Giá trị"],
        vec![
            vec!["Có kết quả".to_owned(), o.on_time.decided.to_string()],
            vec!["Đúng hạn".to_owned(), o.on_time.within_deadline.to_string()],
            vec![
                "Quá hạn (trễ hoặc đang trễ)".to_owned(),
                o.on_time.overdue.to_string(),
            ],
            vec![
                "Số ngày làm việc (trung vị)".to_owned(),
                o.median_working_days
                    .map_or_else(String::new, |m| m.to_string()),
            ],
        ],
    )?;
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn an_empty_period_is_zeros() {
        let o = summarise(
            Unit::Commune(20242),
            d("2026-01-01"),
            d("2026-03-31"),
            d("2026-12-07"),
            &[],
        );
        assert_eq!(o.by_status.values().sum::<i64>(), 0);
        assert_eq!(o.by_status.len(), Status::ALL.len());
        assert_eq!(o.by_kind.len(), 3);
        assert_eq!(
            o.series
                .iter()
                .map(|m| m.month.as_str())
                .collect::<Vec<_>>(),
            ["2026-01", "2026-02", "2026-03"]
        );
        assert_eq!(o.by_commune.len(), 1);
        assert_eq!(o.by_commune[0].n, 0);
        assert_eq!(o.median_working_days, None);
    }

    #[test]
    fn on_time_late_and_the_median_in_working_days() {
        let row = |status, received, due: &str, decided: Option<&str>| Counted {
            kind: "ngo_licence".into(),
            status,
            commune: Some(20242),
            received: d(received),
            due: Some(d(due)),
            decided: decided.map(d),
        };
        let rows = [
            // Decided in 5 working days (over Tết 2026), on time.
            row(
                Status::Decided,
                "2026-02-10",
                "2026-03-25",
                Some("2026-02-24"),
            ),
            // Decided after its due date.
            row(
                Status::Decided,
                "2026-01-05",
                "2026-01-07",
                Some("2026-01-12"),
            ),
            // Still with the province, past due on 2026-12-07.
            row(Status::DecisionPending, "2026-02-02", "2026-02-05", None),
            // Returned: its clock has stopped.
            row(Status::Returned, "2026-02-02", "2026-02-05", None),
        ];
        let o = summarise(
            Unit::Province(48),
            d("2026-01-01"),
            d("2026-02-28"),
            d("2026-12-07"),
            &rows,
        );
        assert_eq!(
            (
                o.on_time.decided,
                o.on_time.within_deadline,
                o.on_time.overdue
            ),
            (2, 1, 2)
        );
        // 2026-01-05 → 2026-01-12: 6 working days; 2026-02-10 → 2026-02-24: 5.
        // (Saturday 2026-01-10 was worked in exchange for 2 January.)
        assert_eq!(o.median_working_days, Some(5.5));
        assert_eq!(o.by_kind["ngo_licence"], 4);
        assert_eq!(o.by_status["decided"], 2);
        let months: Vec<(i64, i64)> = o.series.iter().map(|m| (m.received, m.decided)).collect();
        assert_eq!(months, [(1, 1), (3, 1)]);
    }
}

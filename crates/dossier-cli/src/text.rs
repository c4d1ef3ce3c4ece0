//! `--format text`: the report for people.

use dossier_core::{Report, Severity};
use std::io::{self, Write};

pub fn write(out: &mut impl Write, r: &Report) -> io::Result<()> {
    let kind = r.kind.map_or("?", |k| k.as_str());
    let verdict = if r.valid {
        "HỢP LỆ / VALID"
    } else {
        "KHÔNG HỢP LỆ / INVALID"
    };
    writeln!(
        out,
        "{kind}: {verdict} (as of {}, rulebook {} / {}, engine {})",
        r.as_of,
        r.rulebook.edition.unwrap_or("-"),
        r.rulebook.profile.unwrap_or("-"),
        r.rulebook.engine
    )?;
    for f in &r.findings {
        let sev = match f.severity {
            Severity::Error => "error  ",
            Severity::Warning => "warning",
        };
        let path = if f.path.is_empty() {
            "(hồ sơ)"
        } else {
            f.path.as_str()
        };
        let params = if f.params.is_empty() {
            String::new()
        } else {
            format!(" {}", f.params.to_json())
        };
        writeln!(out, "  {sev} {} at {path}{params}", f.code)?;
        writeln!(out, "          {}", f.message)?;
        if let Some(b) = &f.basis {
            writeln!(
                out,
                "          [{}: {} ({})]",
                b.rule, b.citation, b.confidence
            )?;
        }
    }
    match &r.routing {
        Some(rt) => {
            let province = rt.province_code.map_or("-".to_owned(), |p| p.to_string());
            write!(
                out,
                "  routing: decided by {} in province {province}, handled by {}",
                rt.decision_by, rt.handled_by
            )?;
            if let Some(c) = rt.commune_code {
                write!(out, ", commune {c}")?;
            }
            if rt.forwarded_from_commune {
                write!(out, ", forwarded from the commune")?;
            }
            if !rt.consult.is_empty() {
                write!(out, ", consult {}", rt.consult.join(", "))?;
            }
            writeln!(out)
        }
        None => writeln!(out, "  routing: not determined (fix the findings above)"),
    }
}

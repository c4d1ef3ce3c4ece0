//! Generated, committed files: the wire format's enums and readers (from the field model), the
//! admin-unit and country tables compiled into the core, and the
//! copies of the shared example dossiers that the conformance corpus uses. `gen --check` fails when a committed
//! file no longer matches its source in `../shared`.

use crate::{countries, wire, Result};
use serde_json::Value;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const ADMIN_SOURCE: &str = "data/admin-units-2025-07.json";
const ADMIN_TARGET: &str = "crates/dossier-core/src/admin_units/table.rs";

pub fn run(root: &Path, check: bool) -> Result {
    let shared = root.join("../shared");
    let shared = shared.canonicalize().unwrap_or(shared);
    // Country names: from inputs committed here (data/countries), always checked.
    let mut outputs: Vec<(PathBuf, String)> = vec![
        (root.join(countries::TARGET), countries::table(root)?),
        (
            root.join(wire::ENUMS_TARGET),
            wire::rustfmt(&wire::enums())?,
        ),
        (
            root.join(wire::READERS_TARGET),
            wire::rustfmt(&wire::readers())?,
        ),
    ];
    if shared.join(ADMIN_SOURCE).exists() {
        let src = read(&shared.join(ADMIN_SOURCE))?;
        outputs.push((root.join(ADMIN_TARGET), admin_table(&src)?));
        // One example dossier per kind.
        for name in dossier_model::options::KIND.opts.iter().map(|o| o.0) {
            let text = read(&shared.join(format!("examples/{name}.json")))?;
            outputs.push((
                root.join(format!("tests/conformance/examples/{name}.json")),
                text,
            ));
        }
    } else {
        eprintln!(
            "gen: {} not found; the files generated from it left as committed",
            shared.join(ADMIN_SOURCE).display()
        );
    }
    let mut stale = Vec::new();
    for (path, text) in &outputs {
        let current = std::fs::read_to_string(path).unwrap_or_default();
        if current == *text {
            continue;
        }
        if check {
            stale.push(path.display().to_string());
        } else {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
            eprintln!("gen: wrote {}", path.display());
        }
    }
    if stale.is_empty() {
        eprintln!("gen: generated files are current");
        Ok(())
    } else {
        Err(format!(
            "generated files are stale, run `cargo xtask gen`: {}",
            stale.join(", ")
        ))
    }
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn unit_type(t: &str) -> Result<&'static str> {
    Ok(match t {
        "municipality" => "Municipality",
        "province" => "Province",
        "ward" => "Ward",
        "commune" => "Commune",
        "special_zone" => "SpecialZone",
        other => return Err(format!("unknown admin unit type {other:?}")),
    })
}

fn admin_table(src: &str) -> Result<String> {
    let doc: Value = serde_json::from_str(src).map_err(|e| format!("{ADMIN_SOURCE}: {e}"))?;
    let provinces = doc["provinces"]
        .as_array()
        .ok_or("provinces is not a list")?;
    let mut prov_rows = Vec::new();
    let mut communes = Vec::new();
    for p in provinces {
        let code = p["code"].as_u64().ok_or("province code")?;
        let name = p["name"].as_str().ok_or("province name")?;
        prov_rows.push((
            code,
            name.to_owned(),
            unit_type(p["type"].as_str().unwrap_or(""))?,
        ));
        for c in p["communes"].as_array().ok_or("communes is not a list")? {
            let ccode = c["code"].as_u64().ok_or("commune code")?;
            let cname = c["name"].as_str().ok_or("commune name")?;
            communes.push((
                ccode,
                code,
                cname.to_owned(),
                unit_type(c["type"].as_str().unwrap_or(""))?,
            ));
        }
    }
    prov_rows.sort_by_key(|r| r.0);
    communes.sort_by_key(|r| r.0);
    if communes.windows(2).any(|w| w[0].0 == w[1].0) {
        return Err("duplicate commune code".into());
    }
    // Communes: one column per attribute (code steps, province, type, name length) and one
    // string of names without the type prefix (the type implies it). Columns of small numbers
    // compress several times better than rows with absolute offsets (measured: 3.7 KB against
    // 16.9 KB gzip for the 3,321 communes); the core rebuilds the rows once, at first use.
    let mut names = String::new();
    let (mut steps, mut provs, mut types, mut lens) =
        (String::new(), String::new(), String::new(), String::new());
    let mut previous = 0u64;
    for (i, (code, prov, name, t)) in communes.iter().enumerate() {
        let prefix = match *t {
            "Ward" => "Phường ",
            "Commune" => "Xã ",
            "SpecialZone" => "Đặc khu ",
            other => return Err(format!("commune {code} has type {other}")),
        };
        let short = name
            .strip_prefix(prefix)
            .ok_or_else(|| format!("commune {code} {name:?} does not start with {prefix:?}"))?;
        let len = u8::try_from(short.len()).map_err(|_| format!("name of {code} too long"))?;
        u16::try_from(*code).map_err(|_| format!("commune code {code} exceeds u16"))?;
        let step = u8::try_from(code - previous)
            .map_err(|_| format!("commune code {code} is more than 255 after {previous}"))?;
        let prov = u8::try_from(*prov).map_err(|_| format!("province code {prov} exceeds u8"))?;
        previous = *code;
        names.push_str(short);
        let sep = if i % 16 == 15 { ",\n    " } else { ", " };
        let _ = write!(steps, "{step}{sep}");
        let _ = write!(provs, "{prov}{sep}");
        let _ = write!(lens, "{len}{sep}");
        let tsep = if i % 8 == 7 { ",\n    " } else { ", " };
        let _ = write!(types, "{t}{tsep}");
    }
    u16::try_from(names.len()).map_err(|_| "commune names exceed 64 KiB")?;
    let mut out = String::new();
    out.push_str(
        "// @generated by `cargo xtask gen` from shared/data/admin-units-2025-07.json. Do not edit.\n\
         // Provinces sorted by code; communes in code order, one column per attribute.\n\n\
         use super::{Province, UnitType::{self, *}};\n\n",
    );
    let _ = writeln!(
        out,
        "pub(super) static PROVINCES: [Province; {}] = [",
        prov_rows.len()
    );
    for (code, name, t) in &prov_rows {
        let _ = writeln!(
            out,
            "    Province {{ code: {code}, name: {name:?}, unit_type: {t} }},"
        );
    }
    out.push_str("];\n\n");
    let n = communes.len();
    let column = |out: &mut String, doc: &str, name: &str, ty: &str, body: &str| {
        let _ = writeln!(out, "/// {doc}");
        let _ = writeln!(out, "pub(super) static {name}: [{ty}; {n}] = [");
        let _ = writeln!(out, "    {}", body.trim_end_matches([' ', '\n', ',']));
        out.push_str("];\n\n");
    };
    for (doc, name, ty, body) in [
        (
            "its code minus the previous commune's (the first: its code)",
            "CODE_STEPS",
            "u8",
            &steps,
        ),
        ("its province's code", "PROVINCE", "u8", &provs),
        (
            "its type (the prefix of its name)",
            "TYPE",
            "UnitType",
            &types,
        ),
        (
            "the byte length of its name in `NAMES`",
            "NAME_LEN",
            "u8",
            &lens,
        ),
    ] {
        column(&mut out, &format!("Per commune: {doc}."), name, ty, body);
    }
    let _ = writeln!(
        out,
        "/// Commune names without their type prefix (\"Phường \", \"Xã \", \"Đặc khu \"), in code order."
    );
    let _ = writeln!(out, "pub(super) static NAMES: &str = {names:?};");
    Ok(out)
}

//! The 34 provinces and 3,321 communes in force since 1 July 2025, compiled in from
//! `shared/data/admin-units-2025-07.json` by `cargo xtask gen` (see `table.rs`).

#[rustfmt::skip]
mod table;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitType {
    /// Thành phố trực thuộc trung ương.
    Municipality,
    /// Tỉnh.
    Province,
    /// Phường.
    Ward,
    /// Xã.
    Commune,
    /// Đặc khu.
    SpecialZone,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Province {
    pub code: u32,
    pub name: &'static str,
    #[serde(rename = "type")]
    pub unit_type: UnitType,
}

/// One commune of the compiled-in table, as rebuilt from its columns (`rows`).
#[derive(Debug, Clone, Copy)]
struct Row {
    code: u16,
    province: u8,
    unit_type: UnitType,
    name_start: u16,
    name_len: u8,
}

/// A commune, ward or special zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Commune {
    pub code: u32,
    pub province: u32,
    pub unit_type: UnitType,
    /// The name without its type prefix ("Hoàn Kiếm" for "Phường Hoàn Kiếm").
    pub short_name: &'static str,
}

impl Commune {
    /// The official name, e.g. "Phường Hoàn Kiếm".
    pub fn name(&self) -> String {
        let prefix = match self.unit_type {
            UnitType::Ward => "Phường",
            UnitType::SpecialZone => "Đặc khu",
            _ => "Xã",
        };
        format!("{prefix} {}", self.short_name)
    }

    fn from_row(r: &Row) -> Commune {
        let start = usize::from(r.name_start);
        Commune {
            code: u32::from(r.code),
            province: u32::from(r.province),
            unit_type: r.unit_type,
            short_name: table::NAMES
                .get(start..start + usize::from(r.name_len))
                .unwrap_or(""),
        }
    }
}

impl Serialize for Commune {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Commune", 4)?;
        st.serialize_field("code", &self.code)?;
        st.serialize_field("provinceCode", &self.province)?;
        st.serialize_field("name", &self.name())?;
        st.serialize_field("type", &self.unit_type)?;
        st.end()
    }
}

/// All provinces, sorted by code.
pub fn provinces() -> &'static [Province] {
    &table::PROVINCES
}

/// The commune table, rebuilt once from its compiled-in columns: running sums of the code steps
/// and name lengths (3,321 rows; the columns are what keeps the WebAssembly package small).
fn rows() -> &'static [Row] {
    static ROWS: std::sync::OnceLock<Box<[Row]>> = std::sync::OnceLock::new();
    ROWS.get_or_init(|| {
        let (mut code, mut name_start) = (0u16, 0u16);
        table::CODE_STEPS
            .iter()
            .zip(&table::PROVINCE)
            .zip(&table::TYPE)
            .zip(&table::NAME_LEN)
            .map(|(((&step, &province), &unit_type), &name_len)| {
                // `cargo xtask gen` checks that codes and name offsets fit in 16 bits.
                code = code.wrapping_add(u16::from(step));
                let row = Row {
                    code,
                    province,
                    unit_type,
                    name_start,
                    name_len,
                };
                name_start = name_start.wrapping_add(u16::from(name_len));
                row
            })
            .collect()
    })
}

/// All communes, sorted by code.
pub fn communes() -> impl ExactSizeIterator<Item = Commune> {
    rows().iter().map(Commune::from_row)
}

pub fn province(code: i64) -> Option<&'static Province> {
    let code = u32::try_from(code).ok()?;
    let list = provinces();
    list.binary_search_by_key(&code, |p| p.code)
        .ok()
        .map(|i| &list[i])
}

pub fn commune(code: i64) -> Option<Commune> {
    let code = u16::try_from(code).ok()?;
    let rows = rows();
    rows.binary_search_by_key(&code, |r| r.code)
        .ok()
        .map(|i| Commune::from_row(&rows[i]))
}

/// The communes of one province, in code order.
pub fn communes_of(province_code: u32) -> impl Iterator<Item = Commune> {
    communes().filter(move |c| c.province == province_code)
}

/// A province with its communes, for pickers and exports.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProvinceWithCommunes {
    pub code: u32,
    pub name: &'static str,
    #[serde(rename = "type")]
    pub unit_type: UnitType,
    pub communes: Vec<CommuneEntry>,
}

/// A commune inside its province.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CommuneEntry {
    pub code: u32,
    pub name: String,
    #[serde(rename = "type")]
    pub unit_type: UnitType,
}

/// Every province with its communes (in code order).
pub fn tree() -> Vec<ProvinceWithCommunes> {
    provinces().iter().map(province_tree).collect()
}

/// One province with its communes.
pub fn province_tree(p: &Province) -> ProvinceWithCommunes {
    ProvinceWithCommunes {
        code: p.code,
        name: p.name,
        unit_type: p.unit_type,
        communes: communes_of(p.code)
            .map(|c| CommuneEntry {
                code: c.code,
                name: c.name(),
                unit_type: c.unit_type,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_the_official_counts() {
        assert_eq!(provinces().len(), 34);
        assert_eq!(communes().len(), 3321);
        let all: Vec<Commune> = communes().collect();
        assert!(all.windows(2).all(|w| w[0].code < w[1].code));
        assert!(provinces().windows(2).all(|w| w[0].code < w[1].code));
        assert!(communes().all(|c| province(i64::from(c.province)).is_some()));
    }

    #[test]
    fn lookups() {
        assert_eq!(province(48).unwrap().name, "Thành phố Đà Nẵng");
        assert_eq!(province(2), None); // Hà Giang, merged into Tuyên Quang in 2025
        assert_eq!(province(-1), None);
        let hk = commune(70).unwrap();
        assert_eq!(
            (hk.name().as_str(), hk.province, hk.unit_type),
            ("Phường Hoàn Kiếm", 1, UnitType::Ward)
        );
        assert_eq!(commune(4).unwrap().name(), "Phường Ba Đình");
        let zones: Vec<String> = communes()
            .filter(|c| c.unit_type == UnitType::SpecialZone)
            .map(|c| c.name())
            .collect();
        assert_eq!(zones.len(), 13);
        assert!(zones.iter().all(|z| z.starts_with("Đặc khu ")), "{zones:?}");
        assert_eq!(
            communes()
                .filter(|c| c.unit_type == UnitType::Commune)
                .count(),
            2621
        );
        assert_eq!(commune(20242).unwrap().province, 48);
        assert_eq!(commune(99_999_999_999), None);
        assert_eq!(communes_of(1).count(), 126);
        assert_eq!(
            provinces()
                .iter()
                .map(|p| communes_of(p.code).count())
                .sum::<usize>(),
            3321
        );
    }
}

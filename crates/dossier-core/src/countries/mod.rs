//! ISO 3166-1 alpha-2 country codes, compiled in.

#[rustfmt::skip]
mod table;

/// The English short name of an ISO 3166-1 alpha-2 code, if the code exists.
/// Codes are upper case: `vn` is not a code, `VN` is.
pub fn name(code: &str) -> Option<&'static str> {
    table::COUNTRIES
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()
        .map(|i| table::COUNTRIES[i].1)
}

pub fn is_known(code: &str) -> bool {
    name(code).is_some()
}

/// Every code with its English name, sorted by code.
pub fn all() -> &'static [(&'static str, &'static str)] {
    &table::COUNTRIES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_codes() {
        assert_eq!(all().len(), 249);
        assert!(all().windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(name("VN"), Some("Viet Nam"));
        for ok in ["JP", "US", "KR", "LA", "KH", "AX"] {
            assert!(is_known(ok), "{ok}");
        }
        for bad in ["vn", "UK", "XK", "EU", "VNM", "V", ""] {
            assert!(!is_known(bad), "{bad}");
        }
    }
}

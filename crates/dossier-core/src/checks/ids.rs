//! Identity numbers: the 12-digit citizen ID (CCCD) and the tax code (mã số thuế).

use crate::date::Date;

/// Why a citizen ID is invalid (the `reason` param of `ID_NUMBER_INVALID`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CccdProblem {
    /// Not exactly 12 digits.
    Length,
    /// The first three digits are not a birth-registration province code.
    Province,
    /// The century/sex digit and the two year digits disagree with the date of birth.
    BirthYear,
}

impl CccdProblem {
    pub fn as_str(self) -> &'static str {
        match self {
            CccdProblem::Length => "length",
            CccdProblem::Province => "province",
            CccdProblem::BirthYear => "birth_year",
        }
    }
}

/// Checks a citizen ID: `PPP G YY NNNNNN` where PPP is the birth-registration province,
/// G the century and sex (0/1: 1900s, 2/3: 2000s, 4/5: 2100s, 6/7: 2200s, 8/9: 2300s, even for
/// men, odd for women) and YY the last two digits of the year of birth.
pub fn check_cccd(
    id: &str,
    date_of_birth: Option<Date>,
    province_codes: &[u16],
) -> Result<(), CccdProblem> {
    let b = id.as_bytes();
    if b.len() != 12 || !b.iter().all(u8::is_ascii_digit) {
        return Err(CccdProblem::Length);
    }
    let digit = |i: usize| u16::from(b[i] - b'0');
    let province = digit(0) * 100 + digit(1) * 10 + digit(2);
    if !province_codes.contains(&province) {
        return Err(CccdProblem::Province);
    }
    if let Some(dob) = date_of_birth {
        let century = 1900 + 100 * (digit(3) / 2);
        let year = century + digit(4) * 10 + digit(5);
        if year != dob.year() {
            return Err(CccdProblem::BirthYear);
        }
    }
    Ok(())
}

/// Checks a tax code: 10 digits, optionally `-` and 3 digits for a branch; the 10th digit is
/// 10 − (Σ dᵢ·wᵢ mod 11) with w = 31, 29, 23, 19, 17, 13, 7, 5, 3 (a result of 10 is never
/// issued).
pub fn is_tax_code(code: &str) -> bool {
    let (main, branch) = match code.split_once('-') {
        Some((m, b)) => (m, Some(b)),
        None => (code, None),
    };
    if main.len() != 10 || !main.bytes().all(|c| c.is_ascii_digit()) {
        return false;
    }
    if let Some(b) = branch {
        if b.len() != 3 || !b.bytes().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    const WEIGHTS: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];
    let d: Vec<u32> = main.bytes().map(|c| u32::from(c - b'0')).collect();
    let sum: u32 = d.iter().zip(WEIGHTS).map(|(a, w)| a * w).sum();
    let check = 10 - sum % 11;
    check != 10 && d[9] == check
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODES: &[u16] = &[1, 2, 48, 79, 96];

    #[test]
    fn citizen_ids() {
        use CccdProblem::{BirthYear, Length, Province};
        let cases: [(&str, Option<&str>, Result<(), CccdProblem>); 14] = [
            ("001090012345", Some("1990-05-01"), Ok(())),
            ("001190012345", Some("1990-05-01"), Ok(())), // woman, 1900s
            ("048203012345", Some("2003-01-01"), Ok(())), // man, 2000s
            ("079305012345", Some("2005-12-31"), Ok(())), // woman, 2000s
            ("002090012345", None, Ok(())),
            ("00109001234", None, Err(Length)),
            ("0010900123456", None, Err(Length)),
            ("00109001234a", None, Err(Length)),
            ("B12345678", None, Err(Length)),
            ("003090012345", None, Err(Province)),
            ("000090012345", None, Err(Province)),
            ("001091012345", Some("1990-05-01"), Err(BirthYear)),
            // Century digit 2 means the 2000s, so "90" would be 2090.
            ("001290012345", Some("1990-05-01"), Err(BirthYear)),
            ("001890012345", Some("1990-05-01"), Err(BirthYear)),
        ];
        for (id, born, expected) in cases {
            let dob = born.and_then(Date::parse);
            assert_eq!(check_cccd(id, dob, CODES), expected, "{id}");
        }
    }

    #[test]
    fn tax_codes() {
        // Σ = 0·31+4·29+0·23+1·19+2·17+3·13+4·7+5·5+6·3 = 279; 279 mod 11 = 4; 10 − 4 = 6.
        assert!(is_tax_code("0401234566"));
        assert!(is_tax_code("0401234566-001"));
        assert!(!is_tax_code("0401234567"));
        assert!(!is_tax_code("0401234566-01"));
        assert!(!is_tax_code("0401234566-0011"));
        assert!(!is_tax_code("040123456"));
        assert!(!is_tax_code("04012345666"));
        assert!(!is_tax_code("04012345a6"));
        assert!(!is_tax_code("0401234566-"));
        // Σ = 0 gives a check value of 10, which is never issued.
        assert!(!is_tax_code("0000000000"));
        assert!(is_tax_code("0100109106")); // a real, published tax code (Viettel)
    }
}

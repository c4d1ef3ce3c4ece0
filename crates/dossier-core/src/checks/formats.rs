//! Field formats of RULES.md §1: phone, email, sha256, passport number.

/// Where a phone number must be valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneRegion {
    /// A Vietnamese address: `0[35789]` + 8 digits (mobile), `02` + 9 digits (landline), or the
    /// same with `+84` in place of the leading 0.
    Vietnam,
    /// Any other country: E.164, `+` and 8–15 digits.
    International,
    /// The address country is not known: either form is accepted.
    Unknown,
}

/// Spaces, dots, hyphens and brackets are ignored.
pub fn is_phone(text: &str, region: PhoneRegion) -> bool {
    let mut compact = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            ' ' | '.' | '-' | '(' | ')' | '[' | ']' => {}
            c => compact.push(c),
        }
    }
    match region {
        PhoneRegion::Vietnam => is_vietnamese_phone(&compact),
        PhoneRegion::International => is_e164(&compact),
        PhoneRegion::Unknown => is_vietnamese_phone(&compact) || is_e164(&compact),
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_vietnamese_phone(s: &str) -> bool {
    let national = if let Some(rest) = s.strip_prefix("+84") {
        rest
    } else if let Some(rest) = s.strip_prefix('0') {
        rest
    } else {
        return false;
    };
    if !all_digits(national) {
        return false;
    }
    let b = national.as_bytes();
    match b[0] {
        b'3' | b'5' | b'7' | b'8' | b'9' => b.len() == 9,
        b'2' => b.len() == 10,
        _ => false,
    }
}

fn is_e164(s: &str) -> bool {
    s.strip_prefix('+')
        .is_some_and(|d| all_digits(d) && (8..=15).contains(&d.len()))
}

/// ASCII `local@domain`, with a dot in the domain.
pub fn is_email(s: &str) -> bool {
    if s.len() > 254 || !s.is_ascii() {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&b));
    let labels_ok = domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    local_ok && labels_ok
}

/// 64 hexadecimal digits.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// 6–9 upper-case letters and digits.
pub fn is_passport_number(s: &str) -> bool {
    (6..=9).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use PhoneRegion::*;

    /// `(region, valid numbers, invalid numbers)`.
    type PhoneCases = (
        PhoneRegion,
        &'static [&'static str],
        &'static [&'static str],
    );

    #[test]
    fn phones_by_region() {
        let cases: [PhoneCases; 2] = [
            (
                Vietnam,
                &[
                    "0236 3812 345",
                    "024 3825 1234",
                    "0912345678",
                    "0312.345.678",
                    "(024) 3825-1234",
                    "+84 912 345 678",
                    "+84 24 3825 1234",
                    "0512345678",
                    "0712345678",
                    "0812345678",
                ],
                &[
                    "0412345678",
                    "0612345678",
                    "091234567",
                    "09123456789",
                    "0236381234",
                    "023638123456",
                    "84912345678",
                    "+1 202 555 0143",
                    "0912 345 67a",
                    "",
                    "+84",
                    "0912_345_678",
                ],
            ),
            // International numbers are E.164.
            (
                International,
                &[
                    "+1 202 555 0143",
                    "+81-3-1234-5678",
                    "+12345678",
                    "+123456789012345",
                ],
                &[
                    "+1234567",
                    "+1234567890123456",
                    "202 555 0143",
                    "0236 3812 345",
                    "++12345678",
                ],
            ),
        ];
        for (region, valid, invalid) in cases {
            for ok in valid {
                assert!(is_phone(ok, region), "{ok} {region:?}");
            }
            for bad in invalid {
                assert!(!is_phone(bad, region), "{bad} {region:?}");
            }
        }
        assert!(is_phone("0236 3812 345", Unknown));
        assert!(is_phone("+1 202 555 0143", Unknown));
        assert!(!is_phone("12345", Unknown));
    }

    #[test]
    fn emails() {
        for ok in [
            "a@b.vn",
            "hoptacquocte@example.edu.vn",
            "first.last+tag@sub-domain.example.org",
        ] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "a@b",
            "@b.vn",
            "a@",
            "a@@b.vn",
            "a b@c.vn",
            "a@b..vn",
            "a@.b.vn",
            "a@b.vn.",
            "a@-b.vn",
            "nguyễn@b.vn",
            "a@bộ.vn",
            ".a@b.vn",
            "a..b@c.vn",
            "a@b_c.vn",
            "",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn sha256_and_passports() {
        assert!(is_sha256(
            "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"
        ));
        assert!(is_sha256(&"AB".repeat(32)));
        assert!(!is_sha256(&"a".repeat(63)));
        assert!(!is_sha256(&"g".repeat(64)));
        for ok in ["A12345678", "B1234567", "C12345", "123456789"] {
            assert!(is_passport_number(ok), "{ok}");
        }
        for bad in ["A1234", "A123456789", "a1234567", "B 123456", "B-123456"] {
            assert!(!is_passport_number(bad), "{bad}");
        }
    }
}

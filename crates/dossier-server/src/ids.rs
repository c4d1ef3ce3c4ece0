//! Identifiers, receipt codes, access tokens and hashes.
//!
//! Receipt code: `HS-XXXX-XXXX`, eight symbols of Crockford's base32 alphabet (digits and
//! upper-case letters without I, L, O, U: no symbol can be misread over the phone), 40 random
//! bits. The code alone shows nothing: reading a dossier needs its access token too.
//!
//! Access token: 32 symbols of the same alphabet (160 bits), derived as HMAC-SHA-256(server
//! secret, dossier id) so that an idempotent replay can return it again; only its SHA-256 is
//! stored.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Random bytes from the operating system.
pub fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // The OS generator failing is not recoverable; every caller needs real randomness.
    getrandom::fill(&mut bytes).unwrap_or_else(|e| panic!("no OS randomness: {e}"));
    bytes
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

/// Base32 (Crockford) of the first `symbols` × 5 bits of `bytes`.
fn base32(bytes: &[u8], symbols: usize) -> String {
    let mut out = String::with_capacity(symbols);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in bytes {
        if out.len() == symbols {
            break;
        }
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 && out.len() < symbols {
            bits -= 5;
            out.push(char::from(CROCKFORD[((acc >> bits) & 31) as usize]));
        }
        acc &= (1 << bits) - 1;
    }
    out
}

pub fn new_dossier_id() -> String {
    hex(&random::<16>())
}

/// `HS-XXXX-XXXX`.
pub fn new_receipt_code() -> String {
    let s = base32(&random::<5>(), 8);
    format!("HS-{}-{}", &s[..4], &s[4..])
}

/// Normalises a receipt code typed by a person: case, spaces, and the look-alikes O→0, I/L→1.
pub fn normalise_code(input: &str) -> Option<String> {
    let mut symbols = String::new();
    for c in input.trim().chars() {
        let c = c.to_ascii_uppercase();
        let c = match c {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if c == '-' || c == ' ' {
            continue;
        }
        if !CROCKFORD.contains(&u8::try_from(c).ok()?) {
            return None;
        }
        symbols.push(c);
    }
    let symbols = symbols.strip_prefix("HS").unwrap_or(&symbols).to_owned();
    (symbols.len() == 8).then(|| format!("HS-{}-{}", &symbols[..4], &symbols[4..]))
}

/// The access token of a dossier.
pub fn access_token(secret: &str, dossier_id: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| panic!("HMAC takes keys of any length"));
    mac.update(dossier_id.as_bytes());
    base32(&mac.finalize().into_bytes(), 32)
}

/// Constant-time comparison of two hex digests.
pub fn same_digest(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipt_codes_are_readable_and_normalised() {
        let code = new_receipt_code();
        assert_eq!(code.len(), 12);
        assert!(code.starts_with("HS-"));
        assert_eq!(normalise_code(&code), Some(code.clone()));
        assert_eq!(
            normalise_code(" hs-1o2i-3l45 "),
            Some("HS-1021-3145".into())
        );
        assert_eq!(normalise_code("HS-ABCD-EFG"), None);
        assert_eq!(normalise_code("HS-ABCD-EFGU"), None); // U is not in the alphabet
    }

    #[test]
    fn tokens_are_stable_per_secret_and_id() {
        let t = access_token("s", "id1");
        assert_eq!(t.len(), 32);
        assert_eq!(t, access_token("s", "id1"));
        assert_ne!(t, access_token("s", "id2"));
        assert_ne!(t, access_token("t", "id1"));
        assert!(same_digest(&sha256_hex(b"x"), &sha256_hex(b"x")));
        assert!(!same_digest(&sha256_hex(b"x"), &sha256_hex(b"y")));
    }
}

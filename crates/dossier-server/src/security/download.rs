//! Safe attachment downloads (SPEC §10): the file name a citizen chose is never trusted as is.
//! The extension comes from the stored media type (checked by magic bytes at upload), the name
//! keeps its Vietnamese letters in `filename*` (RFC 6266 / RFC 8187) and an ASCII fallback in
//! `filename`, and the file is always `attachment`, never rendered by the browser.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// RFC 8187 `attr-char` minus what is safe: everything else is percent-encoded.
const ATTR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// The extension of a stored media type.
pub fn extension(media_type: &str) -> &'static str {
    match media_type {
        "application/pdf" => "pdf",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        _ => "bin",
    }
}

const VOWELS: &[(char, &str)] = &[
    ('a', "àáảãạăằắẳẵặâầấẩẫậ"),
    ('e', "èéẻẽẹêềếểễệ"),
    ('i', "ìíỉĩị"),
    ('o', "òóỏõọôồốổỗộơờớởỡợ"),
    ('u', "ùúủũụưừứửữự"),
    ('y', "ỳýỷỹỵ"),
    ('d', "đ"),
];

/// Vietnamese letters without their marks (`Công văn` → `Cong van`); other non-ASCII → `None`.
fn fold(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c);
    }
    let lower = c.to_lowercase().next().unwrap_or(c);
    let base = VOWELS
        .iter()
        .find(|(_, marked)| marked.contains(lower))
        .map(|(base, _)| *base)?;
    Some(if lower == c {
        base
    } else {
        base.to_ascii_uppercase()
    })
}

/// The stem of a citizen's file name: no directories, no extension, no control characters, no
/// leading dots, at most 100 characters; "tep-dinh-kem" when nothing is left.
fn stem(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or("");
    let base = match base.rfind('.') {
        Some(i) if i > 0 => &base[..i],
        _ => base,
    };
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\\' | '/' | ';'))
        .take(100)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_owned();
    if cleaned.is_empty() {
        "tep-dinh-kem".into()
    } else {
        cleaned
    }
}

/// The `Content-Disposition` of a download.
pub fn content_disposition(file_name: &str, media_type: &str) -> String {
    let ext = extension(media_type);
    let stem = stem(file_name);
    let mut ascii = String::with_capacity(stem.len());
    for c in stem.chars() {
        match fold(c) {
            Some(c) if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') => ascii.push(c),
            _ if ascii.ends_with('-') => {}
            _ => ascii.push('-'),
        }
    }
    let ascii = ascii.trim_matches('-');
    let ascii = if ascii.is_empty() {
        "tep-dinh-kem"
    } else {
        ascii
    };
    let unicode = format!("{stem}.{ext}");
    format!(
        "attachment; filename=\"{ascii}.{ext}\"; filename*=UTF-8''{}",
        utf8_percent_encode(&unicode, ATTR)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_names_keep_their_letters_and_get_the_stored_extension() {
        assert_eq!(
            content_disposition("Công văn xin phép.pdf", "application/pdf"),
            "attachment; filename=\"Cong-van-xin-phep.pdf\"; filename*=UTF-8''C%C3%B4ng%20v%C4%83n%20xin%20ph%C3%A9p.pdf"
        );
        assert_eq!(
            content_disposition("ĐỀ ÁN.exe", "image/png"),
            "attachment; filename=\"DE-AN.png\"; filename*=UTF-8''%C4%90%E1%BB%80%20%C3%81N.png"
        );
    }

    #[test]
    fn hostile_names_are_neutralised() {
        assert_eq!(
            content_disposition("../../etc/passwd", "application/pdf"),
            "attachment; filename=\"passwd.pdf\"; filename*=UTF-8''passwd.pdf"
        );
        assert_eq!(
            content_disposition("a\"; filename=evil.html\r\n.pdf", "application/pdf"),
            "attachment; filename=\"a-filename-evil.html.pdf\"; filename*=UTF-8''a%20filename%3Devil.html.pdf"
        );
        assert_eq!(
            content_disposition(".htaccess", "image/jpeg"),
            "attachment; filename=\"htaccess.jpg\"; filename*=UTF-8''htaccess.jpg"
        );
        assert_eq!(
            content_disposition("", "image/jpeg"),
            "attachment; filename=\"tep-dinh-kem.jpg\"; filename*=UTF-8''tep-dinh-kem.jpg"
        );
        assert_eq!(
            content_disposition("文件.pdf", "application/pdf"),
            "attachment; filename=\"tep-dinh-kem.pdf\"; filename*=UTF-8''%E6%96%87%E4%BB%B6.pdf"
        );
    }
}

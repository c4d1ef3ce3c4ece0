//! The WebAssembly packages' files as the server sends them: `FILE.gz` beside each `.wasm` and
//! JS glue of `www/pkg*`, compressed once with Zopfli (gzip format, a few per cent smaller than
//! `gzip -9`), served as they are by the server's `ServeDir::precompressed_gzip`. Only files
//! that `cargo xtask wasm` itself writes get one, so no hand-edited page can go stale behind
//! its `.gz`.

use crate::Result;
use std::io::Write;
use std::path::Path;

/// Writes `FILE.gz` for every `.wasm` and `.js` of the web package dirs `dirs` (relative to
/// `www`) whose `.gz` is missing or older; returns (file, gzip bytes) of each.
pub fn write(root: &Path, dirs: &[String]) -> Result<Vec<(String, u64)>> {
    let www = root.join("www");
    let mut out = Vec::new();
    for dir in dirs {
        let entries = std::fs::read_dir(www.join(dir)).map_err(|e| format!("www/{dir}: {e}"))?;
        let mut files: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "wasm" || x == "js"))
            .collect();
        files.sort();
        for path in files {
            let gz = path.with_extension(format!(
                "{}.gz",
                path.extension().and_then(|x| x.to_str()).unwrap_or("")
            ));
            let newer = |a: &Path, b: &Path| -> bool {
                let m = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
                matches!((m(a), m(b)), (Some(x), Some(y)) if x >= y)
            };
            if !newer(&gz, &path) {
                let data = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                let mut compressed = Vec::with_capacity(data.len() / 2);
                zopfli::compress(
                    zopfli::Options::default(),
                    zopfli::Format::Gzip,
                    data.as_slice(),
                    &mut compressed,
                )
                .map_err(|e| format!("zopfli {}: {e}", path.display()))?;
                let mut f =
                    std::fs::File::create(&gz).map_err(|e| format!("{}: {e}", gz.display()))?;
                f.write_all(&compressed)
                    .map_err(|e| format!("{}: {e}", gz.display()))?;
            }
            let size = std::fs::metadata(&gz).map(|m| m.len()).unwrap_or(0);
            out.push((
                path.strip_prefix(&www)
                    .unwrap_or(&path)
                    .display()
                    .to_string(),
                size,
            ));
        }
    }
    Ok(out)
}

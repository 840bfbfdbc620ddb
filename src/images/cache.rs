//! The image cache: one small entry file per processed photo, named by the
//! blake3 hash of the photo's bytes and the processing parameters, beside
//! the encoded variants. An entry is written last, so a build interrupted
//! half-way leaves no entry that points at missing variants.

use std::io::Write;
use std::path::Path;

use super::format::{Format, JPEG_QUALITY, WIDTHS};

/// What the cache knows about a processed photo, without decoding it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Entry {
    /// Width after orientation.
    pub width: u32,
    /// Height after orientation.
    pub height: u32,
    /// Format of the variants.
    pub format: Format,
    /// (width, height) of each variant, narrowest first.
    pub sizes: Vec<(u32, u32)>,
}

/// The cache key of a photo: its bytes and everything that shapes its variants.
pub(super) fn key(pipeline: &str, bytes: &[u8]) -> String {
    let mut h = blake3::Hasher::new();
    h.update(pipeline.as_bytes());
    h.update(format!(" q{JPEG_QUALITY} {WIDTHS:?}\n").as_bytes());
    h.update(bytes);
    h.finalize().to_hex()[..32].to_string()
}

/// File name of a variant in the cache.
pub(super) fn variant_name(key: &str, width: u32, format: Format) -> String {
    format!("{key}-{width}w.{}", format.ext())
}

fn entry_name(key: &str) -> String {
    format!("{key}.txt")
}

/// The entry for `key`, when it and all its variants are there.
pub(super) fn lookup(cache: &Path, key: &str) -> Option<Entry> {
    let text = std::fs::read_to_string(cache.join(entry_name(key))).ok()?;
    let entry = parse_entry(&text)?;
    let complete = entry
        .sizes
        .iter()
        .all(|&(w, _)| cache.join(variant_name(key, w, entry.format)).is_file());
    complete.then_some(entry)
}

/// `jpg 4032 3024` then one `width height` line per variant.
fn parse_entry(text: &str) -> Option<Entry> {
    let mut lines = text.lines();
    let mut head = lines.next()?.split(' ');
    let format = match head.next()? {
        "jpg" => Format::Jpeg,
        "png" => Format::Png,
        _ => return None,
    };
    let width = head.next()?.parse().ok()?;
    let height = head.next()?.parse().ok()?;
    let sizes = lines
        .map(|l| {
            let (w, h) = l.split_once(' ')?;
            Some((w.parse().ok()?, h.parse().ok()?))
        })
        .collect::<Option<Vec<_>>>()?;
    (!sizes.is_empty()).then_some(Entry {
        width,
        height,
        format,
        sizes,
    })
}

fn format_entry(entry: &Entry) -> String {
    let mut text = format!("{} {} {}\n", entry.format.ext(), entry.width, entry.height);
    for (w, h) in &entry.sizes {
        text.push_str(&format!("{w} {h}\n"));
    }
    text
}

/// Writes the entry of `key` (after its variants).
pub(super) fn store_entry(cache: &Path, key: &str, entry: &Entry) -> std::io::Result<()> {
    store(cache, &entry_name(key), format_entry(entry).as_bytes())
}

/// Writes a cache file atomically: into a temporary file, then renamed, so
/// that two builds sharing the cache never see half a file.
pub(super) fn store(cache: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(cache)?;
    let tmp = cache.join(format!(
        ".{name}.{}.{:?}.tmp",
        std::process::id(),
        std::thread::current().id()
    ));
    let mut file = std::fs::File::create(&tmp)?;
    file.write_all(bytes)?;
    drop(file);
    std::fs::rename(&tmp, cache.join(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_read_back_what_was_written() {
        let entry = Entry {
            width: 4032,
            height: 3024,
            format: Format::Jpeg,
            sizes: vec![(480, 360), (1600, 1200)],
        };
        assert_eq!(parse_entry(&format_entry(&entry)), Some(entry));
        assert_eq!(parse_entry("gif 1 1\n1 1\n"), None);
        assert_eq!(parse_entry("jpg 1 1\n"), None);
    }

    #[test]
    fn keys_follow_bytes_and_parameters() {
        assert_eq!(key("a", b"x"), key("a", b"x"));
        assert_ne!(key("a", b"x"), key("a", b"y"));
        assert_ne!(key("a", b"x"), key("b", b"x"));
        assert_eq!(key("a", b"x").len(), 32);
    }
}

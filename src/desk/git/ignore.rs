//! The portal's `.gitignore`: whether it keeps the built site and the photo
//! cache out of git, and the lines `init` writes, added when the writer
//! asks (publishing never needs them: it commits sources only, but any
//! other git tool the portal meets would not know that).

use std::path::Path;

use crate::scaffold::GITIGNORE;

/// The file, at the portal's root.
pub const FILE: &str = ".gitignore";

/// The lines of `init`'s `.gitignore` that name something to ignore.
fn wanted() -> impl Iterator<Item = &'static str> {
    GITIGNORE
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Whether `text` already ignores the folder `line` names (`public/`,
/// written as `public`, `/public/` or `/public` too).
fn has(text: &str, line: &str) -> bool {
    let name = line.trim_matches('/');
    text.lines()
        .map(|l| l.trim().trim_matches('/'))
        .any(|l| l == name)
}

/// The lines of `init`'s `.gitignore` that the portal's lacks (all of
/// them when it has none).
pub fn missing(root: &Path) -> Vec<&'static str> {
    let text = std::fs::read_to_string(root.join(FILE)).unwrap_or_default();
    wanted().filter(|l| !has(&text, l)).collect()
}

/// Writes `init`'s `.gitignore`, or adds the lines it lacks to the
/// portal's own (its lines kept), atomically. Returns whether it changed.
pub fn write(root: &Path) -> std::io::Result<bool> {
    let lacking = missing(root);
    if lacking.is_empty() {
        return Ok(false);
    }
    let text = match std::fs::read_to_string(root.join(FILE)) {
        Ok(old) => {
            let mut text = old;
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            let comment = GITIGNORE.lines().find(|l| l.starts_with('#'));
            for line in comment.into_iter().chain(lacking) {
                text.push_str(line);
                text.push('\n');
            }
            text
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => GITIGNORE.to_string(),
        Err(e) => return Err(e),
    };
    crate::output::write_atomic(root, Path::new(FILE), text.as_bytes())?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_lines_are_added_and_the_portals_own_kept() {
        let tmp = tempfile::tempdir().unwrap();
        assert_eq!(missing(tmp.path()), ["public/", ".branchpress-cache/"]);
        std::fs::write(tmp.path().join(FILE), "*.log\n/public").unwrap();
        assert_eq!(missing(tmp.path()), [".branchpress-cache/"]);
        assert!(write(tmp.path()).unwrap());
        let text = std::fs::read_to_string(tmp.path().join(FILE)).unwrap();
        assert!(text.starts_with("*.log\n/public\n# "), "{text}");
        assert!(text.ends_with("\n.branchpress-cache/\n"), "{text}");
        assert!(missing(tmp.path()).is_empty());
        assert!(!write(tmp.path()).unwrap());
    }
}

//! What publishing may commit, decided here and never by a request: the
//! portal's sources (content/, site.yaml, themes/, static/, and the
//! `.gitignore` and CI recipes `init` writes). Never the photo cache, the
//! built site (`public/` or wherever `build --output` wrote it) or any other
//! file, with or without a `.gitignore`. Each change is described for the
//! writer: a story by its title, branch and kind, a photo by the story it
//! belongs to, other files by what they are.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

use super::run::{ask, git};
use crate::content::{is_editor_temp, is_hidden};
use crate::desk::served::ServedSite;
use crate::front_matter::parse_document;

/// Files at the portal's root that are sources besides the source folders:
/// site.yaml and what `init` writes for publishing.
pub const ROOT_FILES: &[&str] = &[
    "site.yaml",
    ".gitignore",
    ".github/workflows/publish.yml",
    ".gitlab-ci.yml",
    "scripts/publish.sh",
    "scripts/install-branchpress.sh",
];

/// The folders whose files are sources.
const SOURCE_DIRS: &[&str] = &["content", "themes", "static"];

/// Photo extensions the dialog shows as thumbnails.
const PHOTOS: &[&str] = &["jpg", "jpeg", "png", "webp"];

/// Whether `rel` (from the portal's root, `/`-separated) is a source the
/// desk may publish: a root file of [`ROOT_FILES`], or a file under a
/// source folder whose every part is a plain name (no dot file, no
/// editor's temporary file, no `..`).
pub fn is_source(rel: &str) -> bool {
    if ROOT_FILES.contains(&rel) {
        return true;
    }
    let mut parts = rel.split('/');
    if !parts.next().is_some_and(|top| SOURCE_DIRS.contains(&top)) {
        return false;
    }
    let rest: Vec<&str> = parts.collect();
    !rest.is_empty()
        && rest.iter().all(|p| {
            !p.is_empty() && *p != ".." && !is_hidden(std::ffi::OsStr::new(p)) && !is_editor_temp(p)
        })
}

/// One changed file: git's two status letters (trimmed; `??` for a new
/// file) and its path from the portal's root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// `M`, `A`, `D`, `??`, …
    pub status: String,
    /// From the portal's root, `/`-separated.
    pub path: String,
}

impl Change {
    /// Whether the file is gone from the disk.
    pub fn deleted(&self) -> bool {
        self.status.contains('D')
    }
}

/// Every changed file of the portal, sources or not, by path.
pub fn all_changes(root: &Path) -> Vec<Change> {
    let args = [
        "status",
        "--porcelain=v1",
        "-z",
        "--untracked-files=all",
        "--",
        ".",
    ];
    let Ok(out) = git(root, &args) else {
        return Vec::new();
    };
    // Paths are from the repository's top; the portal may be a folder in it.
    let prefix = ask(root, &["rev-parse", "--show-prefix"]).unwrap_or_default();
    let text = String::from_utf8_lossy(&out.stdout);
    let mut list = Vec::new();
    let mut entries = text.split('\0').filter(|e| !e.is_empty());
    while let Some(entry) = entries.next() {
        // `XY path`: two status letters (ASCII), a space, the path.
        let (Some(status), Some(path)) = (entry.get(..2), entry.get(3..)) else {
            continue;
        };
        if status.contains(['R', 'C']) {
            entries.next(); // the old name of a rename or copy
        }
        let path = path.strip_prefix(prefix.as_str()).unwrap_or(path);
        list.push(Change {
            status: status.trim().to_string(),
            path: path.to_string(),
        });
    }
    list.sort_by(|a, b| a.path.cmp(&b.path));
    list
}

/// The changed files publishing may commit: [`all_changes`] that are
/// sources.
pub fn changes(root: &Path) -> Vec<Change> {
    let mut list = all_changes(root);
    list.retain(|c| is_source(&c.path));
    list
}

/// The names the dialog speaks of: branches and kinds by their names.
pub struct Names {
    branches: BTreeMap<String, String>,
    kinds: BTreeMap<String, String>,
}

impl Names {
    /// The names of the served site (folder names while it has none).
    pub fn of(dev: &dyn ServedSite) -> Names {
        let lang = dev.lang();
        let (mut branches, mut kinds) = (BTreeMap::new(), BTreeMap::new());
        if let Some(site) = dev.site() {
            for b in &site.branches {
                branches.insert(b.slug.clone(), b.meta.name.clone());
            }
            for k in &site.config.kinds {
                kinds.insert(k.key.clone(), k.display(lang).to_string());
            }
        }
        Names { branches, kinds }
    }
}

/// A change as the dialog shows it: `what` it is (story, photo, file,
/// branch, home, page, site, theme, static, ignore, recipe), with the
/// story's title, branch and kind where it belongs to one.
pub fn describe(root: &Path, names: &Names, change: &Change) -> Value {
    let parts: Vec<&str> = change.path.split('/').collect();
    let mut v = json!({ "path": change.path, "status": change.status });
    let what = match parts.as_slice() {
        ["site.yaml"] => "site",
        [".gitignore"] => "ignore",
        [_] | [".github", ..] | ["scripts", ..] => "recipe",
        ["themes", ..] => "theme",
        ["static", ..] => "static",
        ["content", "_index.md"] => "home",
        ["content", "branches", branch, rest @ ..] => {
            let branch_name = names.branches.get(*branch).map_or(*branch, String::as_str);
            v["branch"] = json!(branch_name);
            describe_in_branch(root, names, change, rest, &mut v)
        }
        ["content", .., last] if is_markdown(last) => {
            v["title"] = json!(title_of(root, &change.path, change.deleted()));
            "page"
        }
        _ => "file",
    };
    v["what"] = json!(what);
    v
}

/// What a file under a branch's folder is: its profile, a story, a photo
/// or another file of a story, or a file of the branch (its logo).
fn describe_in_branch(
    root: &Path,
    names: &Names,
    change: &Change,
    rest: &[&str],
    v: &mut Value,
) -> &'static str {
    let kind = |v: &mut Value| {
        if rest.len() >= 2 {
            let name = names.kinds.get(rest[0]).map_or(rest[0], String::as_str);
            v["kind"] = json!(name);
        }
    };
    match rest {
        ["_branch.md"] => "branch",
        [.., last] if is_markdown(last) && rest.len() >= 2 => {
            kind(v);
            v["title"] = json!(title_of(root, &change.path, change.deleted()));
            "story"
        }
        [_, .., _] if rest.len() >= 3 => {
            kind(v);
            // The story whose bundle holds it: `<folder>/index.md`.
            let dir = change.path.rsplit_once('/').map_or("", |(d, _)| d);
            let story = format!("{dir}/index.md");
            v["story"] = json!(title_of(root, &story, !root.join(&story).is_file()));
            match is_photo(&change.path) {
                true => "photo",
                false => "file",
            }
        }
        _ => "file",
    }
}

/// Whether a source is a photo (by its name; its bytes are judged when read).
pub fn is_photo(rel: &str) -> bool {
    let ext = rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    ext.is_some_and(|e| PHOTOS.contains(&e.as_str()))
}

fn is_markdown(name: &str) -> bool {
    crate::content::is_markdown(Path::new(name))
}

/// The title in a Markdown file's front matter (read from the last commit
/// when the file is gone), or its name when it has none.
fn title_of(root: &Path, rel: &str, deleted: bool) -> String {
    let text = match deleted {
        true => ask(root, &["show", &format!("HEAD:./{rel}")]),
        false => std::fs::read_to_string(root.join(rel)).ok(),
    };
    let title = text.and_then(|t| {
        let doc = parse_document(Path::new(rel), &t, true).ok()?;
        let title = doc.front.get("title")?.as_str()?.trim().to_string();
        (!title.is_empty()).then_some(title)
    });
    title.unwrap_or_else(|| {
        let name = rel.trim_end_matches("/index.md");
        let name = name.rsplit('/').next().unwrap_or(name);
        name.trim_end_matches(".md").to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_are_publishable() {
        for ok in [
            "site.yaml",
            ".gitignore",
            ".gitlab-ci.yml",
            ".github/workflows/publish.yml",
            "scripts/publish.sh",
            "content/branches/a/activities/x/index.md",
            "content/branches/a/activities/x/photo.jpg",
            "themes/mine/templates/base.html",
            "static/logo.png",
        ] {
            assert!(is_source(ok), "{ok}");
        }
        for no in [
            ".branchpress-cache/images/07e7989f-1200w.jpg",
            "public/index.html",
            "site/index.html",
            ".public.staging-12/index.html",
            "content/.DS_Store",
            "content/branches/a/Thumbs.db",
            "content/branches/a/activities/x/index.md~",
            "content/branches/a/activities/x/.index.md.swp",
            "content/../public/index.html",
            "content",
            "content/",
            "scripts/other.sh",
            ".git/config",
            "README.md",
        ] {
            assert!(!is_source(no), "{no}");
        }
    }
}

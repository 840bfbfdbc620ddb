//! Load stage: walks content/ and returns every source file, classified by
//! where it sits (home, page, branch profile, story, asset), sorted by path,
//! with the text of the Markdown files read in parallel.

use crate::error::Code;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::{Diagnostic, Text};
use crate::text::text;

/// What a Markdown file is, from its place in content/.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// content/_index.md
    Home,
    /// Any other Markdown outside branches/.
    Page,
    /// branches/<slug>/_branch.md
    Branch {
        /// The branch's folder name.
        slug: String,
    },
    /// Any other Markdown under branches/<slug>/.
    Story {
        /// The branch's folder name.
        branch: String,
        /// The first folder under the branch (its kind, if configured).
        folder: Option<String>,
        /// The file is the index.md of a bundle.
        bundle: bool,
    },
}

/// A Markdown source file.
#[derive(Clone, Debug)]
pub struct Source {
    /// Path relative to the portal root (`content/branches/x/_branch.md`).
    pub path: PathBuf,
    /// Path relative to content/.
    pub rel: PathBuf,
    /// What it is.
    pub role: Role,
    /// Its text.
    pub text: String,
}

/// A non-Markdown file under content/.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asset {
    /// Absolute path on disk.
    pub abs: PathBuf,
    /// Path relative to content/.
    pub rel: PathBuf,
}

/// Everything content/ holds.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Markdown files, sorted by path.
    pub sources: Vec<Source>,
    /// Other files, sorted by path.
    pub assets: Vec<Asset>,
    /// Branch folders (every folder directly under branches/).
    pub branch_dirs: Vec<String>,
    /// Problems found while walking or reading.
    pub diagnostics: Vec<Diagnostic>,
}

/// Walks `root/content` and reads every Markdown file.
pub fn load_content(root: &Path) -> Loaded {
    let content = root.join("content");
    let mut loaded = Loaded::default();
    if !content.is_dir() {
        loaded.diagnostics.push(
            Diagnostic::error(
                Code::ContentMissing,
                "content",
                Text::new("找不到 content 文件夹", "the content folder does not exist"),
            )
            .hint(Text::new(
                "请在门户根目录下运行，或用 --root 指定",
                "run in the portal's folder or pass --root",
            )),
        );
        return loaded;
    }
    let markdown = walk_content(root, &content, &mut loaded);
    let results: Vec<Result<Source, Diagnostic>> = markdown
        .into_par_iter()
        .map(|(path, rel, comps)| {
            let role =
                classify(&comps).map_err(|m| Diagnostic::error(Code::NotAStory, &path, m))?;
            let text = read_text(&root.join(&path), &path)?;
            Ok(Source {
                path,
                rel,
                role,
                text,
            })
        })
        .collect();
    for r in results {
        match r {
            Ok(s) => loaded.sources.push(s),
            Err(d) => loaded.diagnostics.push(d),
        }
    }
    loaded
}

/// Reads and classifies one Markdown file, `path` being relative to the
/// portal root (`content/branches/x/activities/a.md`): how `serve` reloads
/// a single changed file.
pub fn read_source(root: &Path, path: &Path) -> Result<Source, Diagnostic> {
    let text = read_text(&root.join(path), path)?;
    source_from_text(path, text)
}

/// Classifies `text` as the file `path` (relative to the portal root)
/// would be: how the writing desk checks a story before it is saved.
pub fn source_from_text(path: &Path, text: String) -> Result<Source, Diagnostic> {
    let rel = path
        .strip_prefix("content")
        .map_err(|_| {
            Diagnostic::error(
                Code::NotAStory,
                path,
                Text::new("不在 content 文件夹中", "not under content/"),
            )
        })?
        .to_path_buf();
    let comps: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let role = classify(&comps).map_err(|m| Diagnostic::error(Code::NotAStory, path, m))?;
    Ok(Source {
        path: path.to_path_buf(),
        rel,
        role,
        text,
    })
}

/// A Markdown file found by the walk: (path from the root, path in content/, components).
type Found = (PathBuf, PathBuf, Vec<String>);

/// Walks content/ in file-name order: records assets, branch folders and
/// problems in `loaded`, and returns the Markdown files to read.
fn walk_content(root: &Path, content: &Path, loaded: &mut Loaded) -> Vec<Found> {
    let canonical_content = content
        .canonicalize()
        .unwrap_or_else(|_| content.to_path_buf());
    let mut markdown = Vec::new();
    let mut branch_dirs = BTreeSet::new();
    let walker = WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map_or_else(|| "content".into(), |p| crate::error::relative_to(p, root));
                loaded.diagnostics.push(Diagnostic::error(
                    Code::FileUnreadable,
                    path,
                    text!("无法读取：{}", "cannot read: {}", e),
                ));
                continue;
            }
        };
        let rel = entry
            .path()
            .strip_prefix(content)
            .unwrap_or(entry.path())
            .to_path_buf();
        let display = Path::new("content").join(&rel);
        let mut is_file = entry.file_type().is_file();
        if entry.path_is_symlink() {
            match entry.path().canonicalize() {
                Ok(target) if target.starts_with(&canonical_content) => is_file = target.is_file(),
                _ => {
                    loaded.diagnostics.push(Diagnostic::error(
                        Code::SymlinkOutside,
                        display,
                        Text::new(
                            "符号链接指向 content 文件夹之外（或无法解析）",
                            "symbolic link points outside content/ (or cannot be resolved)",
                        ),
                    ));
                    continue;
                }
            }
        }
        let comps: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if entry.file_type().is_dir() {
            if comps.len() == 2 && comps[0] == "branches" {
                branch_dirs.insert(comps[1].clone());
            }
        } else if !is_file || is_editor_temp(&comps[comps.len() - 1]) {
            continue;
        } else if is_markdown(&rel) {
            markdown.push((display, rel, comps));
        } else {
            loaded.assets.push(Asset {
                abs: entry.path().to_path_buf(),
                rel,
            });
        }
    }
    loaded.branch_dirs = branch_dirs.into_iter().collect();
    markdown
}

/// `.md` or `.markdown`, in any case (Windows users write `.MD`).
pub(crate) fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// Whether Windows reserves `part` for a device (CON, PRN, AUX, NUL, COM1–9,
/// LPT1–9, whatever the case and the extension): a file or folder of that
/// name cannot be made there.
pub fn is_windows_device(part: &str) -> bool {
    let stem = part.split('.').next().unwrap_or("").to_ascii_uppercase();
    matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.ends_with(|c: char| c.is_ascii_digit()))
}

/// Dot files (`.DS_Store`, macOS's `._` resource forks, `.git`) and the
/// files Windows and macOS leave in folders of photos: thumbnail caches
/// (`Thumbs.db` holds thumbnails of every photo of the folder, published or
/// not), folder settings, the macOS folder icon. By name, not by the
/// Windows hidden attribute, so that every system skips the same files.
pub(crate) fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.')
        || ["thumbs.db", "ehthumbs.db", "desktop.ini", "icon\r"]
            .iter()
            .any(|junk| name.eq_ignore_ascii_case(junk))
}

/// Editors' temporary and lock files: vim, emacs and others (`~`, `.swp`,
/// `#…`), `.tmp` in any case (Windows programs write `.TMP`), JetBrains'
/// safe-write copies, and Office/WPS lock files (`~$稿件.docx`, which hold
/// the user's name).
pub(crate) fn is_editor_temp(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.ends_with('~')
        || lower.ends_with(".swp")
        || lower.ends_with(".tmp")
        || name.starts_with('#')
        || name.starts_with("~$")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

/// Classifies a Markdown file by its path components under content/.
fn classify(comps: &[String]) -> Result<Role, Text> {
    let name = comps.last().map(String::as_str).unwrap_or("");
    if comps.len() == 1 && name == "_index.md" {
        return Ok(Role::Home);
    }
    if comps.first().map(String::as_str) != Some("branches") {
        return Ok(Role::Page);
    }
    if comps.len() == 2 {
        return Err(Text::new(
            "branches 文件夹下只能放支部文件夹，不能直接放 Markdown 文件",
            "branches/ may hold only branch folders, not Markdown files",
        ));
    }
    let branch = comps[1].clone();
    if comps.len() == 3 && name == "_branch.md" {
        return Ok(Role::Branch { slug: branch });
    }
    let rest = &comps[2..];
    let bundle = name == "index.md";
    let folder = match (bundle, rest.len()) {
        (true, n) if n >= 3 => Some(rest[0].clone()),
        (false, n) if n >= 2 => Some(rest[0].clone()),
        _ => None,
    };
    if bundle && rest.len() < 2 {
        return Err(Text::new(
            "支部文件夹中的 index.md 无效：支部简介请写在 _branch.md 中",
            "index.md directly in a branch folder is not allowed: the profile goes in _branch.md",
        ));
    }
    Ok(Role::Story {
        branch,
        folder,
        bundle,
    })
}

/// Reads a file as UTF-8, naming the line of the first invalid byte otherwise.
fn read_text(abs: &Path, display: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(abs).map_err(|e| {
        Diagnostic::error(
            Code::FileUnreadable,
            display,
            text!("无法读取文件：{}", "cannot read the file: {}", e),
        )
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..valid].iter().filter(|b| **b == b'\n').count() + 1;
        let column = String::from_utf8_lossy(&bytes[..valid])
            .rsplit('\n')
            .next()
            .map_or(0, |l| l.chars().count())
            + 1;
        Diagnostic::error(
            Code::FileUnreadable,
            display,
            Text::new("文件不是 UTF-8 编码", "the file is not UTF-8 text"),
        )
        .at(line, column)
        .hint(Text::new(
            "请用 UTF-8 编码另存该文件（记事本：另存为 → 编码选 UTF-8）",
            "save the file as UTF-8 (most editors: Save As → Encoding → UTF-8)",
        ))
    })
}

#[cfg(test)]
mod tests;

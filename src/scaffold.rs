//! Scaffolding, outside the build pipeline: `init` writes a new portal that
//! builds at once, `new` writes a branch profile or a story whose fields come
//! from the configured schema. Every file written is checked with the same
//! parser and schema as `build`, and nothing is ever overwritten.

mod lookup;
mod publish;
mod story;

use crate::error::Code;
use std::fs::OpenOptions;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::config::{Config, Kind, is_slug, parse_config};
use crate::error::{Diagnostic, Lang, Text};
use crate::front_matter::parse_document;
use crate::text::text;
use lookup::{content_dir, find_branch, find_kind, list_branches};
pub use story::{StorySeed, story_text, yaml_scalar};

const SITE_YAML: &str = include_str!("scaffold/site.yaml");
const HOME: &str = include_str!("scaffold/_index.md");
/// The `.gitignore` `init` writes (the desk offers the same lines).
pub const GITIGNORE: &str = include_str!("scaffold/gitignore");
const EXAMPLE_BRANCH: &str = include_str!("scaffold/example_branch.md");
const BRANCH: &str = include_str!("scaffold/branch.md");
const BRANCH_EN: &str = include_str!("scaffold/branch.en.md");

/// The folder name of the example branch `init` writes.
pub const EXAMPLE_BRANCH_SLUG: &str = "example";

/// Today's date in the computer's time zone.
pub fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}

/// The site.yaml `init` writes, its lists of default kinds and metrics filled in.
pub fn site_yaml() -> String {
    let defaults = parse_config("").expect("built-in defaults are valid");
    let kinds: Vec<String> = defaults
        .kinds
        .iter()
        .map(|k| {
            let fields: Vec<String> = k
                .fields
                .iter()
                .map(|(key, spec)| {
                    let star = if spec.required { "*" } else { "" };
                    let label = spec.label.as_deref().unwrap_or(key);
                    format!("{key}{star} {label}")
                })
                .collect();
            format!(
                "#   {}：{}，new {}，{}",
                k.key,
                k.name,
                k.singular,
                fields.join("、")
            )
        })
        .collect();
    let metrics: Vec<String> = defaults
        .metrics
        .iter()
        .map(|m| {
            let whole = if m.integer { "，只能是整数" } else { "" };
            format!("#   {}：{}（{}{whole}）", m.key, m.label, m.unit)
        })
        .collect();
    SITE_YAML
        .replace("{default_kinds}", &kinds.join("\n"))
        .replace("{default_metrics}", &metrics.join("\n"))
}

/// Writes a new portal into `dir`, which must not exist or be empty, with
/// its publishing recipes (CI files and scripts/publish.sh).
/// Returns the files written, relative to `dir`.
pub fn init_portal(dir: &Path, date: Date) -> Result<Vec<PathBuf>, Diagnostic> {
    refuse_non_empty(dir)?;
    let site = site_yaml();
    let config = parse_config(&site).map_err(|d| internal(dir, &d))?;
    let mut files: Vec<(PathBuf, String)> = vec![
        ("site.yaml".into(), site),
        (".gitignore".into(), GITIGNORE.to_string()),
        ("content/_index.md".into(), HOME.to_string()),
    ];
    let branch = Path::new("content/branches").join(EXAMPLE_BRANCH_SLUG);
    files.push((branch.join("_branch.md"), EXAMPLE_BRANCH.to_string()));
    for kind in &config.kinds {
        let title = format!("{}示例", kind.name);
        let seed = StorySeed {
            kind,
            title: &title,
            date,
        };
        let text = story_text(&config, &seed);
        check_story_text(&config, kind, &text, &branch)?;
        files.push((story_path(&branch, kind, date, &title), text));
    }
    files.extend(publish::publish_files(env!("CARGO_PKG_VERSION")));
    for (rel, text) in &files {
        write_new(dir, rel, text)?;
    }
    make_executable(dir, Path::new(publish::SCRIPT_PATH))?;
    Ok(files.into_iter().map(|(rel, _)| rel).collect())
}

fn refuse_non_empty(dir: &Path) -> Result<(), Diagnostic> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(_) if dir.is_file() => {
            return Err(Diagnostic::error(
                Code::NotEmpty,
                dir,
                text!(
                    "“{}”是一个文件，不是文件夹",
                    "\"{}\" is a file, not a folder",
                    dir.display()
                ),
            )
            .hint(new_folder_hint()));
        }
        Err(e) => return Err(io_error(dir, &e)),
    };
    if entries.count() > 0 {
        return Err(Diagnostic::error(
            Code::NotEmpty,
            dir,
            text!(
                "文件夹“{}”已存在且不是空的，没有写入任何文件",
                "the folder \"{}\" exists and is not empty; nothing was written",
                dir.display()
            ),
        )
        .hint(new_folder_hint()));
    }
    Ok(())
}

fn new_folder_hint() -> Text {
    Text::new(
        "请换一个新的文件夹名（会自动创建），或先清空这个文件夹",
        "name a new folder (it is created for you), or empty this one first",
    )
}

/// Writes `root/content/branches/<slug>/_branch.md`. Returns its path under `root`.
pub fn new_branch(
    root: &Path,
    config: &Config,
    slug: &str,
    name: &str,
) -> Result<PathBuf, Diagnostic> {
    content_dir(root)?;
    if !is_slug(slug) {
        let suggestion = slug::slugify(slug);
        let suggestion = if suggestion.is_empty() {
            "ying-xiang".into()
        } else {
            suggestion
        };
        return Err(Diagnostic::error(Code::NewInvalid,
            "content/branches",
            text!(
                "支部文件夹名“{}”不可用：它是网址的一部分，只能用小写英文字母、数字、- 和 _",
                "branch folder name \"{}\" cannot be used: it is part of URLs; use lowercase letters, digits, - and _",
                slug
            ),
        )
        .hint(text!("例如 {}", "e.g. {}", suggestion)));
    }
    let template = match config.language {
        Lang::ZhCn => BRANCH,
        Lang::En => BRANCH_EN,
    };
    let text = template.replace("{name}", &yaml_scalar(name));
    let rel = Path::new("content/branches").join(slug).join("_branch.md");
    let doc = parse_document(&rel, &text, true).map_err(|d| internal(&rel, &[d]))?;
    let mut diags = Vec::new();
    crate::schema::check_branch(&rel, &doc.front, &mut diags);
    if !diags.is_empty() {
        return Err(internal(&rel, &diags));
    }
    write_new(root, &rel, &text)?;
    Ok(rel)
}

/// A story to create with `new <kind>`.
pub struct NewStory<'a> {
    /// The kind as typed: singular (`activity`), folder (`activities`) or display name (党建活动).
    pub kind: &'a str,
    /// The branch as typed: folder name or full name; None when the portal has one branch.
    pub branch: Option<&'a str>,
    /// The title.
    pub title: &'a str,
    /// The date.
    pub date: Date,
}

/// Writes a new story as a bundle, `<branch>/<kind>/<date>-<slug>/index.md`.
/// Returns its path under `root`.
pub fn new_story(root: &Path, config: &Config, new: &NewStory) -> Result<PathBuf, Diagnostic> {
    let kind = find_kind(config, new.kind)?;
    let branches = list_branches(root)?;
    let slug = find_branch(&branches, new.branch)?;
    if new.title.trim().is_empty() {
        return Err(Diagnostic::error(
            Code::NewInvalid,
            "content",
            Text::new("请写出稿件标题", "the story needs a title"),
        )
        .hint(text!(
            "例如：branchpress new {} --branch {} \"主题党日活动\"",
            "e.g. branchpress new {} --branch {} \"Party day\"",
            kind.singular,
            slug
        )));
    }
    let title = new.title.trim();
    let folder = Path::new("content/branches").join(slug).join(&kind.key);
    let rel = free_story_path(root, &folder, new.date, &title_slug(title, &kind.singular))?;
    let seed = StorySeed {
        kind,
        title,
        date: new.date,
    };
    let text = story_text(config, &seed);
    check_story_text(config, kind, &text, &rel)?;
    write_new(root, &rel, &text)?;
    Ok(rel)
}

/// `<branch>/<kind>/<date>-<pinyin of the title>/index.md`.
fn story_path(branch: &Path, kind: &Kind, date: Date, title: &str) -> PathBuf {
    branch
        .join(&kind.key)
        .join(format!("{date}-{}", title_slug(title, &kind.singular)))
        .join("index.md")
}

/// `<folder>/<date>-<slug>/index.md`, refused when that story exists. When
/// another story of the folder (another day) has the slug, and so the URL,
/// it becomes `<slug>-2`, `<slug>-3` …
pub(crate) fn free_story_path(
    root: &Path,
    folder: &Path,
    date: Date,
    slug: &str,
) -> Result<PathBuf, Diagnostic> {
    let bundle = folder.join(format!("{date}-{slug}"));
    for taken in [bundle.join("index.md"), bundle.with_extension("md")] {
        if root.join(&taken).exists() {
            return Err(exists(&taken));
        }
    }
    if root.join(&bundle).is_dir() {
        // A folder of photos made before the story: write the story into it.
        return Ok(bundle.join("index.md"));
    }
    let slugs: std::collections::BTreeSet<String> = std::fs::read_dir(root.join(folder))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let stem = name.strip_suffix(".md").unwrap_or(&name);
            crate::model::slug_from_file_name(stem)
        })
        .collect();
    let free = std::iter::once(slug.to_string())
        .chain((2..).map(|n| format!("{slug}-{n}")))
        .find(|s| !slugs.contains(s))
        .expect("an unused suffix");
    Ok(folder.join(format!("{date}-{free}")).join("index.md"))
}

/// The title as a readable ASCII slug (pinyin for Chinese), cut at a word
/// boundary so that file names stay short.
pub fn title_slug(title: &str, fallback: &str) -> String {
    let full = slug::slugify(title);
    let mut out = String::new();
    for word in full.split('-') {
        if !out.is_empty() && out.len() + 1 + word.len() > 60 {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        fallback.to_string()
    } else {
        out
    }
}

/// Validates a generated story with the build's own parser and schema.
fn check_story_text(
    config: &Config,
    kind: &Kind,
    text: &str,
    rel: &Path,
) -> Result<(), Diagnostic> {
    let doc = parse_document(rel, text, true).map_err(|d| internal(rel, &[d]))?;
    let mut diags = Vec::new();
    let index = config.kind_index(&kind.key);
    crate::schema::check_story(rel, &doc.front, index, config, &mut diags);
    if diags.is_empty() {
        Ok(())
    } else {
        Err(internal(rel, &diags))
    }
}

/// A generated file that does not validate: a bug in branchpress, not the writer's mistake.
fn internal(path: &Path, diags: &[Diagnostic]) -> Diagnostic {
    let detail: Vec<String> = diags.iter().map(|d| d.message.en.clone()).collect();
    Diagnostic::error(
        Code::Internal,
        path,
        text!(
            "内部错误：生成的文件未通过检查（{}），请报告此问题",
            "internal error: the generated file does not validate ({}); please report this",
            detail.join("; ")
        ),
    )
}

/// Creates `root/rel` with `text`, never replacing an existing file.
fn write_new(root: &Path, rel: &Path, text: &str) -> Result<(), Diagnostic> {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_error(rel, &e))?;
    }
    let mut file = match OpenOptions::new().write(true).create_new(true).open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(exists(rel)),
        Err(e) => return Err(io_error(rel, &e)),
    };
    file.write_all(text.as_bytes())
        .map_err(|e| io_error(rel, &e))
}

/// Lets `root/rel` be run as a program (`./scripts/publish.sh`) where files have modes.
fn make_executable(root: &Path, rel: &Path) -> Result<(), Diagnostic> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(root.join(rel), std::fs::Permissions::from_mode(0o755))
            .map_err(|e| io_error(rel, &e))?;
    }
    #[cfg(not(unix))]
    let _ = (root, rel);
    Ok(())
}

fn exists(rel: &Path) -> Diagnostic {
    let hint = if rel.ends_with("_branch.md") {
        Text::new(
            "这个支部已经有了；新支部请换一个文件夹名",
            "this branch exists already; give a new branch another folder name",
        )
    } else {
        Text::new(
            "换一个标题，或用 --date 写另一天；要重新生成请先删除这个文件",
            "use another title, or another day with --date; to start over, delete the file first",
        )
    };
    Diagnostic::error(
        Code::NotEmpty,
        rel,
        Text::new(
            "文件已存在，没有覆盖它",
            "the file already exists; it was not overwritten",
        ),
    )
    .hint(hint)
}

fn io_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        Code::WriteFailed,
        path,
        text!("无法写入：{}", "cannot write: {}", e),
    )
}

#[cfg(test)]
mod tests;

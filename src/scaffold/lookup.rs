//! Finding what `new` is asked for: the kind and the branch as typed on the
//! command line, with errors that list what exists.

use crate::error::Code;
use std::path::{Path, PathBuf};

use crate::config::{Config, Kind};
use crate::error::{Diagnostic, Text};
use crate::front_matter::parse_document;
use crate::text::text;

/// The kind typed on the command line, by singular, folder or display name.
pub(super) fn find_kind<'a>(config: &'a Config, typed: &str) -> Result<&'a Kind, Diagnostic> {
    let typed = typed.trim();
    config
        .kinds
        .iter()
        .find(|k| {
            k.singular.eq_ignore_ascii_case(typed)
                || k.key.eq_ignore_ascii_case(typed)
                || k.name == typed
                || k.name_en.eq_ignore_ascii_case(typed)
        })
        .ok_or_else(|| {
            let list = |sep: &str| {
                std::iter::once("branch".to_string())
                    .chain(config.kinds.iter().map(|k| k.singular.clone()))
                    .collect::<Vec<_>>()
                    .join(sep)
            };
            let names: Vec<String> = config
                .kinds
                .iter()
                .map(|k| format!("{}（{}）", k.singular, k.name))
                .collect();
            Diagnostic::error(
                Code::NewInvalid,
                "site.yaml",
                text!("未知的稿件类型“{}”", "unknown kind of story \"{}\"", typed),
            )
            .hint(Text::new(
                format!("可以新建：branch（支部）、{}", names.join("、")),
                format!("you can create: {}", list(", ")),
            ))
        })
}

/// Branch folders under content/branches with their names, sorted by folder.
pub(super) fn list_branches(root: &Path) -> Result<Vec<(String, Option<String>)>, Diagnostic> {
    let dir = content_dir(root)?.join("branches");
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(out);
    };
    for entry in entries.flatten() {
        let slug = entry.file_name().to_string_lossy().into_owned();
        if slug.starts_with('.') || !entry.path().is_dir() {
            continue;
        }
        let profile = entry.path().join("_branch.md");
        let name = std::fs::read_to_string(&profile)
            .ok()
            .and_then(|t| parse_document(&profile, &t, true).ok())
            .and_then(|d| d.front.get("name")?.as_str().map(str::to_string));
        out.push((slug, name));
    }
    out.sort();
    Ok(out)
}

/// The branch typed on the command line, by folder or full name.
pub(super) fn find_branch<'a>(
    branches: &'a [(String, Option<String>)],
    typed: Option<&str>,
) -> Result<&'a str, Diagnostic> {
    let found = match typed.map(str::trim) {
        None if branches.len() == 1 => Some(&branches[0]),
        None => None,
        Some(t) => branches
            .iter()
            .find(|(slug, name)| slug == t || name.as_deref() == Some(t)),
    };
    if let Some((slug, _)) = found {
        return Ok(slug);
    }
    let message = match typed {
        None => Text::new(
            "请用 --branch 写出稿件属于哪个支部",
            "say which branch the story belongs to with --branch",
        ),
        Some(t) => text!("没有名为“{}”的支部", "there is no branch \"{}\"", t),
    };
    let hint = if branches.is_empty() {
        Text::new(
            "还没有支部；先运行 branchpress new branch 文件夹名 --name 支部全称",
            "there are no branches yet; first run branchpress new branch FOLDER --name \"Full name\"",
        )
    } else {
        let names: Vec<String> = branches
            .iter()
            .map(|(s, n)| match n {
                Some(n) => format!("{s}（{n}）"),
                None => s.clone(),
            })
            .collect();
        let slugs: Vec<&str> = branches.iter().map(|(s, _)| s.as_str()).collect();
        Text::new(
            format!("现有支部：{}", names.join("、")),
            format!("existing branches: {}", slugs.join(", ")),
        )
    };
    Err(Diagnostic::error(Code::NewInvalid, "content/branches", message).hint(hint))
}

pub(super) fn content_dir(root: &Path) -> Result<PathBuf, Diagnostic> {
    let content = root.join("content");
    if content.is_dir() {
        return Ok(content);
    }
    Err(
        Diagnostic::error(Code::ContentMissing, "content", Text::new("找不到 content 文件夹", "the content folder does not exist"))
            .hint(Text::new(
                "请在门户文件夹中运行（有 site.yaml 和 content 的那个），或用 --root 指定；新建门户用 branchpress init 文件夹名",
                "run in the portal's folder (the one with site.yaml and content), or pass --root; start a new portal with branchpress init DIR",
            )),
    )
}

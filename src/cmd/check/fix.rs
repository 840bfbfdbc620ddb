//! `check --fix`: the safe typography changes of the findings stage, made
//! in every story, page and branch profile, each file written in one step.

use std::path::Path;

use anyhow::Result;

use crate::error::{Code, Diagnostic};
use crate::findings::typography::Change;
use crate::front_matter::Document;
use crate::text::{Lang, text};

/// `check --fix`: the safe typography changes, each printed (to stderr
/// when stdout carries JSON).
pub(super) fn fix(root: &std::path::Path, lang: Option<Lang>, json: bool) -> Result<()> {
    let lang = lang
        .or_else(|| crate::config::load_config(root).ok().map(|c| c.language))
        .unwrap_or_default();
    let fixed = fix_portal(root).map_err(|d| {
        let failed = crate::error::Failed::new(d, lang);
        // CI tools reading JSON learn of a failed fix the same way.
        if json {
            for d in &failed.diagnostics {
                println!("{}", d.to_json(lang));
            }
        }
        failed
    })?;
    let mut lines = Vec::new();
    for file in &fixed {
        for c in &file.changes {
            let more = match (c.places, lang) {
                (0 | 1, _) => String::new(),
                (n, Lang::ZhCn) => format!("（这一段共 {n} 处）"),
                (n, Lang::En) => format!(" ({n} places in this passage)"),
            };
            lines.push(format!(
                "{}:{}: “{}” → “{}”{more}",
                file.path.display(),
                c.line,
                c.old,
                c.new
            ));
        }
    }
    let n = lines.len();
    lines.push(match lang {
        Lang::ZhCn => format!("已改正 {n} 段排版（{} 个文件）", fixed.len()),
        Lang::En => format!(
            "fixed typography in {n} passage(s) of {} file(s)",
            fixed.len()
        ),
    });
    let text = lines.join("\n");
    if json {
        eprintln!("{text}");
    } else {
        println!("{text}");
    }
    Ok(())
}

/// A story file `check --fix` rewrote, and what changed in it.
#[derive(Debug)]
struct Fixed {
    /// The file, relative to the portal root.
    path: std::path::PathBuf,
    /// Each change, by line.
    changes: Vec<Change>,
}

/// `check --fix`: makes the safe typography changes in every story, each
/// file written in one step (a temporary file renamed over it), so that a
/// failed write leaves it as it was. Files with errors are left alone:
/// `check` reports those.
fn fix_portal(root: &Path) -> Result<Vec<Fixed>, Vec<Diagnostic>> {
    let config = crate::config::load_config(root)?;
    let loaded = crate::content::load_content(root);
    let mut fixed = Vec::new();
    let mut failed = Vec::new();
    for source in &loaded.sources {
        use crate::content::Role;
        let required = match source.role {
            Role::Story { .. } | Role::Branch { .. } => true,
            Role::Home | Role::Page => false,
        };
        // A file reached through a symbolic link is left as it is: writing
        // it would replace the link with a file.
        if std::fs::symlink_metadata(root.join(&source.path))
            .is_ok_and(|m| m.file_type().is_symlink())
        {
            continue;
        }
        let Ok(doc) = crate::front_matter::parse_document(&source.path, &source.text, required)
        else {
            continue;
        };
        let Some((text, changes)) =
            crate::findings::typography::fix_document(&source.text, &doc, &config.typography)
        else {
            continue;
        };
        if !same_fields(
            &source.path,
            &doc,
            &text,
            required,
            &config.typography.fields,
        ) {
            continue;
        }
        match crate::output::write_atomic(root, &source.path, text.as_bytes()) {
            Ok(()) => fixed.push(Fixed {
                path: source.path.clone(),
                changes,
            }),
            Err(e) => failed.push(Diagnostic::error(
                Code::WriteFailed,
                &source.path,
                text!(
                    "无法写入改正后的文件，文件保持原样：{}",
                    "cannot write the corrected file; it is as it was: {}",
                    e
                ),
            )),
        }
    }
    if failed.is_empty() {
        Ok(fixed)
    } else {
        Err(failed)
    }
}

/// Whether the fixed text still parses to the same fields, every one but
/// the prose fields with the same value: the last guard before writing.
fn same_fields(path: &Path, doc: &Document, text: &str, required: bool, fields: &[String]) -> bool {
    let Ok(new) = crate::front_matter::parse_document(path, text, required) else {
        return false;
    };
    let keys: Vec<&str> = doc.front.keys().collect();
    keys == new.front.keys().collect::<Vec<_>>()
        && keys.iter().all(|k| {
            if fields.iter().any(|f| f == k) {
                doc.front.get(k).is_some_and(|v| v.is_string())
                    == new.front.get(k).is_some_and(|v| v.is_string())
            } else {
                doc.front.get(k) == new.front.get(k)
            }
        })
}

//! `branchpress approve`: records a review stage's approval in a story (or,
//! with `--return`, the reviewer's note), every other line kept, through
//! the same code as the desk.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use clap::Args;

use crate::content::{Role, read_source};
use crate::error::{Code, Diagnostic, Failed, Text};
use crate::pipeline::Options;
use crate::review::{Approve, approve, return_story};
use crate::text::{Lang, text};

use super::print::out;

/// `branchpress approve`
#[derive(Debug, Args)]
pub struct ApproveArgs {
    /// The story file (as `review` lists it, relative to the portal).
    #[arg(value_name = "STORY")]
    pub story: PathBuf,
    /// The stage approving (as site.yaml names it).
    #[arg(long, value_name = "STAGE", required_unless_present = "return_")]
    pub stage: Option<String>,
    /// Who approves (or returns).
    #[arg(long, value_name = "NAME", required_unless_present = "return_")]
    pub by: Option<String>,
    /// A remark kept with the approval; with --return, what the writer must change.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Return the story to its writer with --note instead of approving it.
    #[arg(long = "return", id = "return_", requires = "note")]
    pub return_: bool,
}

impl ApproveArgs {
    /// Runs `approve`.
    pub fn run(self, root: PathBuf, lang: Option<Lang>) -> Result<()> {
        let config = crate::config::load_config(&root)
            .map_err(|d| Failed::new(d, lang.unwrap_or_default()))?;
        let lang = lang.unwrap_or(config.language);
        let fail = |d: Diagnostic| anyhow::Error::new(Failed::new(vec![d], lang));
        let rel = relative(&root, &self.story);
        let Some(review) = &config.review else {
            return Err(fail(Diagnostic::error(
                Code::ReviewRefused,
                "site.yaml",
                Text::new(
                    "site.yaml 没有配置审核（review: {stages: [...]}）",
                    "site.yaml configures no review (review: {stages: [...]})",
                ),
            )));
        };
        let source = read_source(&root, &rel).map_err(fail)?;
        let reviewed = match source.role {
            Role::Story { .. } => true,
            Role::Page | Role::Home => review.pages,
            _ => false,
        };
        if !reviewed {
            return Err(fail(Diagnostic::error(
                Code::ReviewRefused,
                &rel,
                Text::new(
                    "这个文件无需审核：只审核稿件（review.pages: true 时还有页面）",
                    "this file is not reviewed: only stories are (and pages, with review.pages: true)",
                ),
            )));
        }
        refuse_with_errors(&root, &rel, lang)?;
        let new = if self.return_ {
            let note = self.note.as_deref().unwrap_or_default();
            return_story(&rel, &source.text, review, note).map_err(fail)?
        } else {
            let approval = Approve {
                stage: self.stage.as_deref().unwrap_or_default(),
                by: self.by.as_deref().unwrap_or_default(),
                date: crate::scaffold::today(),
                note: self.note.as_deref(),
            };
            approve(&rel, &source.text, review, &approval).map_err(fail)?
        };
        crate::output::write_atomic(&root, &rel, new.as_bytes())
            .map_err(|e| anyhow!("{}: {e}", rel.display()))?;
        let done = match (self.return_, lang) {
            (true, Lang::ZhCn) => format!("已退回：{}", rel.display()),
            (true, Lang::En) => format!("Returned: {}", rel.display()),
            (false, _) => {
                let stage = self.stage.as_deref().unwrap_or_default();
                text!(
                    "已记录“{}”审核通过：{}",
                    "Recorded the approval of {}: {}",
                    stage,
                    rel.display()
                )
                .get(lang)
                .to_string()
            }
        };
        out(&done);
        Ok(())
    }
}

/// The story's path relative to the portal: as given when it is under
/// `root` there, else as a path from the current folder inside `root`.
pub(super) fn relative(root: &Path, story: &Path) -> PathBuf {
    if root.join(story).is_file() {
        return story.to_path_buf();
    }
    let (Ok(abs), Ok(base)) = (story.canonicalize(), root.canonicalize()) else {
        return story.to_path_buf();
    };
    abs.strip_prefix(&base)
        .map_or_else(|_| story.to_path_buf(), Path::to_path_buf)
}

/// An error unless the story checks clean with the rest of the site: a
/// reviewer approves only what would build.
fn refuse_with_errors(root: &Path, rel: &Path, lang: Lang) -> Result<()> {
    let options = Options {
        root: root.to_path_buf(),
        drafts: true,
        lang: Some(lang),
        progress: false,
        ..Options::default()
    };
    let Err(e) = crate::pipeline::load_site(&options) else {
        return Ok(());
    };
    let failed = e.downcast::<Failed>()?;
    let own: Vec<Diagnostic> = (failed.diagnostics.into_iter())
        .filter(|d| d.is_error() && d.path == rel)
        .collect();
    if own.is_empty() {
        return Ok(());
    }
    let mut all = own;
    all.push(Diagnostic::error(
        Code::ReviewRefused,
        rel,
        Text::new(
            "稿件有错误，改正后才能审核",
            "the story has errors: fix them before review",
        ),
    ));
    Err(Failed::new(all, lang).into())
}

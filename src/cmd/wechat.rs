//! `branchpress wechat`: one story as an HTML fragment for the WeChat
//! official account's editor, on stdout or in a file; what the editor
//! cannot show is said on stderr.

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::{Result, anyhow};
use clap::{Args, ValueEnum};

use crate::content::{Role, read_source};
use crate::error::{Code, Diagnostic, Failed, Text};
use crate::pipeline::Options;
use crate::text::{Lang, text};
use crate::wechat::{Images, fragment, refusal};

use super::approve::relative;
use super::print::print_warnings;

/// `branchpress wechat`
#[derive(Debug, Args)]
pub struct WechatArgs {
    /// The story file (relative to the portal, or a path to it).
    #[arg(value_name = "STORY")]
    pub story: PathBuf,
    /// Write the fragment to this file instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Photos as the published site's URLs (the editor fetches them), or
    /// embedded as data URIs (for a story not published yet).
    #[arg(long, value_enum, default_value = "public")]
    pub images: ImagesArg,
    /// Make it for a story that waits for review; it then starts with
    /// "待审核，请勿发布".
    #[arg(long)]
    pub unreviewed: bool,
}

/// `--images`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ImagesArg {
    /// Absolute URLs under base_url.
    Public,
    /// Data URIs.
    Inline,
}

impl WechatArgs {
    /// Runs `wechat`.
    pub fn run(self, root: PathBuf, lang: Option<Lang>) -> Result<()> {
        let config = crate::config::load_config(&root)
            .map_err(|d| Failed::new(d, lang.unwrap_or_default()))?;
        let lang = lang.unwrap_or(config.language);
        let fail = |d: Vec<Diagnostic>| anyhow::Error::new(Failed::new(d, lang));
        let rel = relative(&root, &self.story);
        let source = read_source(&root, &rel).map_err(|d| fail(vec![d]))?;
        if !matches!(source.role, Role::Story { .. }) {
            return Err(fail(vec![not_a_story(&rel)]));
        }
        let options = Options {
            root: root.clone(),
            drafts: true,
            lang: Some(lang),
            progress: false,
            ..Options::default()
        };
        let site =
            crate::pipeline::load_site(&options).map_err(|e| match e.downcast::<Failed>() {
                Ok(mut failed) => {
                    if failed
                        .diagnostics
                        .iter()
                        .any(|d| d.is_error() && d.path == rel)
                    {
                        failed.diagnostics.push(Diagnostic::error(
                            Code::WechatRefused,
                            &rel,
                            Text::new(
                                "稿件有错误，改正后才能发到公众号",
                                "the story has errors: fix them first",
                            ),
                        ));
                    }
                    anyhow::Error::new(failed)
                }
                Err(e) => e,
            })?;
        let Some(story) = site.stories.iter().find(|s| s.source == rel) else {
            return Err(fail(vec![not_a_story(&rel)]));
        };
        if let Some(d) = refusal(&site, story, self.unreviewed) {
            return Err(fail(vec![d]));
        }
        let theme = crate::theme::load_theme(&root, &site.config).map_err(fail)?;
        let options = crate::wechat::Options {
            images: match self.images {
                ImagesArg::Public => Images::Public,
                ImagesArg::Inline => Images::Inline,
            },
            unreviewed: self.unreviewed,
        };
        let made = fragment(&site, &theme, story, &options);
        print_warnings(&made.warnings, lang);
        match &self.output {
            Some(file) => {
                let (dir, name) = match (file.parent(), file.file_name()) {
                    (Some(d), Some(n)) => (d, n),
                    _ => return Err(anyhow!("{}: not a file name", file.display())),
                };
                crate::output::write_atomic(dir, std::path::Path::new(name), made.html.as_bytes())
                    .map_err(|e| anyhow!("{}: {e}", file.display()))?;
                eprintln!(
                    "{}",
                    text!(
                        "已写入 {}：在浏览器中打开它，全选、复制，再粘贴到公众号编辑器",
                        "Wrote {}: open it in a browser, select all, copy and paste into the editor",
                        file.display()
                    )
                    .get(lang)
                );
            }
            None => {
                let mut out = std::io::stdout().lock();
                out.write_all(made.html.as_bytes())?;
                out.write_all(b"\n")?;
                out.flush()?;
            }
        }
        Ok(())
    }
}

/// The error for a file that is not a story of this portal.
fn not_a_story(rel: &std::path::Path) -> Diagnostic {
    Diagnostic::error(
        Code::WechatRefused,
        rel,
        Text::new(
            "这不是本网站的稿件：只有 content/branches/<支部>/ 下的稿件能发到公众号",
            "this is not a story of this portal: only stories under content/branches/<branch>/ can go to the official account",
        ),
    )
}

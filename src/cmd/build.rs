//! `branchpress build`: the site into public/ (or `--output`), swapped in
//! whole only when everything is right.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use crate::pipeline::Options;
use crate::text::Lang;

use super::print::{print_warnings, review_line, summary_line};

/// `branchpress build`
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Base URL of the published site (overrides site.yaml), e.g. https://example.org/preview/42/
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include stories marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Output folder (default: public/ in the portal).
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Fail on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// Print only errors and warnings.
    #[arg(long, short)]
    pub quiet: bool,
}

impl BuildArgs {
    /// Runs `build`.
    pub fn run(self, root: PathBuf, lang: Option<Lang>) -> Result<()> {
        let options = Options {
            root,
            output: self.output,
            base_url: self.base_url,
            drafts: self.drafts,
            strict: self.strict,
            lang,
            progress: !self.quiet,
        };
        let summary = crate::pipeline::build(&options)?;
        print_warnings(&summary.warnings, summary.lang);
        if !self.quiet {
            if let Some(line) = review_line(&summary) {
                println!("{line}");
            }
            println!("{}", summary_line(&summary, "已生成", "Built"));
        }
        Ok(())
    }
}

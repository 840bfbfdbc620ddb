//! `branchpress check`: everything a build validates, writing nothing;
//! `--format json` for machines, `--fix` for the safe typography.

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::{Result, anyhow};
use clap::{Args, ValueEnum};

use crate::pipeline::Options;
use crate::text::Lang;

use super::print::{pending_lines, print_warnings, review_line, summary_line};

mod fix;

/// `branchpress check`
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Print only errors and warnings.
    #[arg(long, short)]
    pub quiet: bool,
    /// Check drafts too.
    #[arg(long)]
    pub drafts: bool,
    /// Fail on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// Rewrite the safe typography findings in place (prose fields and body
    /// text only), print each change, then check.
    #[arg(long)]
    pub fix: bool,
    /// How to print findings: for people, or one JSON object a line for CI tools and editors.
    #[arg(long, value_enum, default_value = "text")]
    pub format: CheckFormat,
}

/// Output format of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Messages with the source line, as `build` prints them.
    Text,
    /// One JSON object per finding on stdout: file, line, column, severity,
    /// code, field, message, hint.
    Json,
}

impl CheckArgs {
    /// Runs `check`.
    pub fn run(self, root: PathBuf, lang: Option<Lang>) -> Result<()> {
        let json = self.format == CheckFormat::Json;
        let options = Options {
            root,
            drafts: self.drafts,
            strict: self.strict,
            lang,
            progress: !self.quiet && !json,
            ..Options::default()
        };
        if self.fix {
            fix::fix(&options.root, lang, json)?;
        }
        if json {
            return check_json(&options);
        }
        let summary = crate::pipeline::check(&options)?;
        print_warnings(&summary.warnings, summary.lang);
        if !self.quiet {
            if let Some(line) = review_line(&summary) {
                println!("{line}");
                for line in pending_lines(&summary) {
                    println!("{line}");
                }
            }
            println!("{}", summary_line(&summary, "检查通过", "Check passed"));
        }
        Ok(())
    }
}

/// `check --format json`: every finding as a JSON line on stdout; the
/// exit status as without it.
fn check_json(options: &Options) -> Result<()> {
    let (diagnostics, lang, failed) = match crate::pipeline::check(options) {
        Ok(summary) => (summary.warnings, summary.lang, None),
        Err(e) => match e.downcast::<crate::error::Failed>() {
            Ok(f) => {
                let n = f.error_count();
                (f.diagnostics, f.lang, Some(n))
            }
            Err(e) => return Err(e),
        },
    };
    let mut out = std::io::stdout().lock();
    for d in &diagnostics {
        writeln!(out, "{}", d.to_json(lang))?;
    }
    out.flush()?;
    match failed {
        None => Ok(()),
        Some(n) => Err(match lang {
            Lang::ZhCn => anyhow!("共 {n} 个错误"),
            Lang::En => anyhow!("{n} error(s)"),
        }),
    }
}

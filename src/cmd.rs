//! The command line: the parser lists the commands, each of which lives in
//! a file of its own under `src/cmd/` with its clap arguments and its `run`
//! (mdBook's `src/cmd/`).

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

use crate::text::Lang;

mod approve;
mod build;
mod check;
mod init;
mod new;
mod print;
mod report;
mod review;
mod serve;
mod start;
mod stats;
mod wechat;

pub use approve::ApproveArgs;
pub use build::BuildArgs;
pub use check::{CheckArgs, CheckFormat};
pub use init::InitArgs;
pub use new::NewArgs;
pub use report::{ReportArgs, ReportFormat};
pub use review::{ReviewArgs, ReviewFormat};
pub use serve::ServeArgs;
pub use stats::{StatsArgs, StatsFormat};
pub use wechat::{ImagesArg, WechatArgs};

/// branchpress: build the achievements portal of your Party branches.
#[derive(Debug, Parser)]
#[command(name = "branchpress", version, about)]
pub struct Cli {
    /// The portal's folder (holds site.yaml and content/); default: the current folder.
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Language of messages: zh-CN or en (default: the site's language).
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// Without a command: do not open the browser on the preview.
    #[arg(long)]
    pub no_open: bool,
    /// The command to run; without one, inside a portal: preview it and
    /// open the browser; elsewhere: offer to create a portal.
    #[command(subcommand)]
    pub command: Option<Command>,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unsupported language {s:?}; use zh-CN or en"))
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into public/ (or --output).
    Build(BuildArgs),
    /// Validate everything a build would, writing nothing.
    Check(CheckArgs),
    /// Print statistics: totals, per branch, per year.
    Stats(StatsArgs),
    /// Preview the site: build, serve on 127.0.0.1 (or --bind), rebuild and reload the browser on every save.
    Serve(ServeArgs),
    /// Create a new portal with an example branch and stories.
    Init(InitArgs),
    /// Create a branch, or a story of a kind: `new branch SLUG --name 名称`, `new activity --branch SLUG "标题"`.
    New(NewArgs),
    /// List the stories waiting for review (site.yaml's `review:`) and the stage each waits for.
    Review(ReviewArgs),
    /// Record a review stage's approval of a story (or, with --return, send it back with a note).
    Approve(ApproveArgs),
    /// Write a year's report for the branches: Word, Excel or a print-ready page.
    Report(ReportArgs),
    /// Write a story as one HTML fragment for the WeChat official account's editor (公众号), every style inline.
    Wechat(WechatArgs),
}

impl Cli {
    /// Runs the command.
    pub fn run(self) -> Result<()> {
        let Some(command) = self.command else {
            return start::start(self.root, self.lang, !self.no_open);
        };
        let root = crate::pipeline::portal_root(self.root.as_deref());
        match command {
            Command::Build(args) => args.run(root, self.lang),
            Command::Check(args) => args.run(root, self.lang),
            Command::Stats(args) => args.run(root, self.lang),
            Command::Serve(args) => args.run(root, self.lang),
            Command::Init(args) => args.run(self.lang),
            Command::New(args) => args.run(root, self.lang),
            Command::Review(args) => args.run(root, self.lang),
            Command::Approve(args) => args.run(root, self.lang),
            Command::Report(args) => args.run(root, self.lang),
            Command::Wechat(args) => args.run(root, self.lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}

//! `branchpress serve`: the preview server (and the writing desk with
//! `--desk`), rebuilding and reloading on every save.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use crate::pipeline::Options;
use crate::text::Lang;

/// `branchpress serve`
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on (0: any free port).
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on. 0.0.0.0 lets phones on the same network open
    /// the preview (drafts included).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Leave out drafts (they are shown by default while previewing).
    #[arg(long)]
    pub no_drafts: bool,
    /// With --bind on a network address: turn on the writing desk, behind
    /// the password printed here (on 127.0.0.1 it is always on).
    #[arg(long)]
    pub desk: bool,
    /// Open the default browser on the preview.
    #[arg(long)]
    pub open: bool,
}

impl ServeArgs {
    /// Runs `serve`.
    pub fn run(self, root: PathBuf, lang: Option<Lang>) -> Result<()> {
        let options = Options {
            root,
            drafts: !self.no_drafts,
            lang,
            ..Options::default()
        };
        crate::serve::serve(
            options,
            crate::serve::Listen {
                bind: self.bind,
                port: self.port,
                any_port_if_taken: false,
                desk: self.desk,
                open: self.open,
            },
        )
    }
}

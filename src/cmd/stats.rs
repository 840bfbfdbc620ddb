//! `branchpress stats`: the statistics as a table, JSON or CSV.

use std::path::PathBuf;

use anyhow::{Result, anyhow};
use clap::{Args, ValueEnum};

use crate::pipeline::Options;
use crate::stats::{StatsFilter, compute_stats, stats_csv, stats_json, stats_table};
use crate::text::Lang;

/// Output format of `stats`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum StatsFormat {
    /// Aligned text tables.
    Table,
    /// The stats.json structure.
    Json,
    /// The stats.csv rows.
    Csv,
}

/// `branchpress stats`
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Only stories of this year.
    #[arg(long)]
    pub year: Option<i16>,
    /// Only this branch (its folder name).
    #[arg(long, value_name = "SLUG")]
    pub branch: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: StatsFormat,
}

impl StatsArgs {
    /// Runs `stats`.
    pub fn run(self, root: PathBuf, lang: Option<Lang>) -> Result<()> {
        let options = Options {
            root,
            lang,
            ..Options::default()
        };
        let site = crate::pipeline::load_site(&options)?;
        let branch = match &self.branch {
            None => None,
            Some(slug) => Some(site.branches.iter().position(|b| &b.slug == slug).ok_or_else(|| {
                let all = site.branches.iter().map(|b| b.slug.as_str()).collect::<Vec<_>>().join(", ");
                anyhow!("没有名为“{slug}”的支部 (no branch \"{slug}\"); 现有支部 / branches: {all}")
            })?),
        };
        let stats = compute_stats(
            &site,
            StatsFilter {
                year: self.year,
                branch,
            },
        );
        let out = match self.format {
            StatsFormat::Json => stats_json(&stats),
            StatsFormat::Csv => stats_csv(&stats, &site.config),
            StatsFormat::Table => {
                stats_table(&stats, &site.config, lang.unwrap_or(site.config.language))
            }
        };
        print!("{out}");
        Ok(())
    }
}

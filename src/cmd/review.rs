//! `branchpress review`: the stories waiting for review, with their next
//! stage, as text or JSON (for scripts).

use std::path::PathBuf;

use anyhow::{Result, anyhow};
use clap::{Args, ValueEnum};

use crate::pipeline::Options;
use crate::review::State;
use crate::text::Lang;

use super::print::out;

/// Output format of `review`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReviewFormat {
    /// One line per story.
    Text,
    /// A JSON array of {file, title, branch, stage, changed}.
    Json,
}

/// `branchpress review`
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Only the stories waiting for this stage (as site.yaml names it).
    #[arg(long, value_name = "STAGE")]
    pub stage: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReviewFormat,
}

impl ReviewArgs {
    /// Runs `review`.
    pub fn run(self, root: PathBuf, lang: Option<Lang>) -> Result<()> {
        let options = Options {
            root,
            lang,
            progress: false,
            ..Options::default()
        };
        let site = crate::pipeline::load_site(&options)?;
        let lang = lang.unwrap_or(site.config.language);
        let Some(review) = &site.config.review else {
            return Err(anyhow!(match lang {
                Lang::ZhCn => "site.yaml 没有配置审核（review: {stages: [...]}）",
                Lang::En => "site.yaml configures no review (review: {stages: [...]})",
            }));
        };
        let only = match &self.stage {
            None => None,
            Some(name) => Some(review.stage_index(name).ok_or_else(|| {
                let all = review.stages.join(", ");
                match lang {
                    Lang::ZhCn => anyhow!("没有名为“{name}”的审核环节；现有：{all}"),
                    Lang::En => anyhow!("no review stage \"{name}\"; configured: {all}"),
                }
            })?),
        };
        let waiting: Vec<_> = (site.pending.iter())
            .filter(|p| only.is_none_or(|s| p.state.next_stage() == Some(s)))
            .collect();
        if self.format == ReviewFormat::Json {
            let list: Vec<serde_json::Value> = waiting
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "file": p.source.to_string_lossy().replace('\\', "/"),
                        "title": p.title,
                        "branch": p.branch,
                        "stage": p.state.next_stage().map(|s| &review.stages[s]),
                        "changed": matches!(p.state, State::Changed(_)),
                    })
                })
                .collect();
            out(&serde_json::to_string_pretty(&list)?);
            return Ok(());
        }
        if waiting.is_empty() {
            out(match lang {
                Lang::ZhCn => "没有待审核的稿件",
                Lang::En => "No story is waiting for review",
            });
        }
        for p in waiting {
            let stage = p
                .state
                .next_stage()
                .map_or("", |s| review.stages[s].as_str());
            let changed = matches!(p.state, State::Changed(_));
            out(&match (lang, changed) {
                (Lang::ZhCn, false) => format!(
                    "{}\t待{stage}\t{}\t{}",
                    p.source.display(),
                    p.branch,
                    p.title
                ),
                (Lang::ZhCn, true) => format!(
                    "{}\t待{stage}（审核后被修改）\t{}\t{}",
                    p.source.display(),
                    p.branch,
                    p.title
                ),
                (Lang::En, false) => format!(
                    "{}\twaiting for {stage}\t{}\t{}",
                    p.source.display(),
                    p.branch,
                    p.title
                ),
                (Lang::En, true) => format!(
                    "{}\twaiting for {stage} (changed after approval)\t{}\t{}",
                    p.source.display(),
                    p.branch,
                    p.title
                ),
            });
        }
        Ok(())
    }
}

//! `branchpress new`: a branch, or a story of a kind, from the portal's schema.

use std::path::PathBuf;

use anyhow::{Result, anyhow};
use clap::Args;

use crate::error::Failed;
use crate::text::Lang;

use super::print::out;

/// `branchpress new`
#[derive(Debug, Args)]
pub struct NewArgs {
    /// `branch`, or a kind of story by its singular name (activity, honor, technique …).
    #[arg(value_name = "WHAT")]
    pub what: String,
    /// A branch's folder name, or a story's title (quotes are optional).
    #[arg(value_name = "SLUG|TITLE", num_args = 0..)]
    pub words: Vec<String>,
    /// The story's branch (its folder name or full name).
    #[arg(long, value_name = "SLUG")]
    pub branch: Option<String>,
    /// The branch's full name, e.g. 医学影像党支部.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// The story's date (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
}

impl NewArgs {
    /// Runs `new`.
    pub fn run(self, root: PathBuf, lang: Option<Lang>) -> Result<()> {
        let config = crate::config::load_config(&root)
            .map_err(|d| Failed::new(d, lang.unwrap_or_default()))?;
        let lang = lang.unwrap_or(config.language);
        let say = |t: crate::error::Text| anyhow!("{}", t.get(lang));
        let words = self.words.join(" ");
        let created = if self.what == "branch" {
            let name = self.name.as_deref().map(str::trim).unwrap_or("");
            if words.is_empty() || name.is_empty() {
                return Err(say(crate::error::Text::new(
                    "请写出支部文件夹名和支部全称，例如：branchpress new branch imaging --name 医学影像党支部",
                    "give the branch's folder name and full name, e.g. branchpress new branch imaging --name \"Imaging Party Branch\"",
                )));
            }
            crate::scaffold::new_branch(&root, &config, &words, name)
        } else {
            let date = match &self.date {
                None => crate::scaffold::today(),
                Some(s) => crate::schema::parse_date(s).ok_or_else(|| {
                    say(crate::text::text!(
                        "日期“{}”无效，应写作 2024-03-26",
                        "invalid date \"{}\"; write it as 2024-03-26",
                        s
                    ))
                })?,
            };
            let new = crate::scaffold::NewStory {
                kind: &self.what,
                branch: self.branch.as_deref(),
                title: &words,
                date,
            };
            crate::scaffold::new_story(&root, &config, &new)
        }
        .map_err(|d| Failed::new(vec![d], lang))?;
        let path = if root == std::path::Path::new(".") {
            created.clone()
        } else {
            root.join(&created)
        };
        let folder = path
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let next = match (lang, self.what == "branch") {
            (Lang::ZhCn, true) => format!(
                "支部标志和封面图请放在同一文件夹（{folder}）中；新建稿件：branchpress new activity --branch {words} \"标题\""
            ),
            (Lang::En, true) => format!(
                "Put the logo and cover in the same folder ({folder}); add a story with branchpress new activity --branch {words} \"Title\""
            ),
            (Lang::ZhCn, false) => {
                format!("照片请放在同一文件夹（{folder}）中；运行 branchpress serve 预览。")
            }
            (Lang::En, false) => {
                format!(
                    "Put photos in the same folder ({folder}); run branchpress serve to preview."
                )
            }
        };
        match lang {
            Lang::ZhCn => out(&format!("已创建 {}\n{next}", path.display())),
            Lang::En => out(&format!("Created {}\n{next}", path.display())),
        }
        Ok(())
    }
}

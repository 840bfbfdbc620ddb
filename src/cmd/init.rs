//! `branchpress init DIR`: a new portal with an example branch and stories.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use crate::error::Failed;
use crate::text::Lang;

use super::print::out;

/// `branchpress init`
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the portal in (must not exist, or be empty).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

impl InitArgs {
    /// Runs `init DIR`.
    pub fn run(self, lang: Option<Lang>) -> Result<()> {
        let lang = lang.unwrap_or_default();
        let files = crate::scaffold::init_portal(&self.dir, crate::scaffold::today())
            .map_err(|d| Failed::new(vec![d], lang))?;
        let dir = self.dir.display().to_string();
        let cd = if dir.contains(char::is_whitespace) {
            format!("\"{dir}\"")
        } else {
            dir.clone()
        };
        let (created, next) = match lang {
            Lang::ZhCn => (format!("已在 {dir} 创建新门户："), "接下来运行："),
            Lang::En => (format!("Created a new portal in {dir}:"), "Next, run:"),
        };
        out(&created);
        for f in files {
            out(&format!("  {}", f.display()));
        }
        out(&format!("{next}\n  cd {cd}\n  branchpress serve"));
        Ok(())
    }
}

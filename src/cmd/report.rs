//! `branchpress report`: a year of published work as the documents a
//! branch files — Word, Excel or a print-ready page — for one branch, or
//! for the organisation and every branch in a folder.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use clap::{Args, ValueEnum};

use crate::error::{Code, Diagnostic, Failed, Text};
use crate::model::Site;
use crate::pipeline::Options;
use crate::report::{self, BranchYear, Labels, html::Photos};
use crate::text::{Lang, text};

use super::print::out;

/// `branchpress report`
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The year reported on.
    #[arg(long, value_name = "YEAR")]
    pub year: i16,
    /// Only this branch (its folder name); without it, the organisation's
    /// report and every branch's, in a folder.
    #[arg(long, value_name = "SLUG")]
    pub branch: Option<String>,
    /// Word (docx), Excel (xlsx) or a print-ready page (html).
    #[arg(long, value_enum, default_value = "docx")]
    pub format: ReportFormat,
    /// Where to write: a file with --branch, a folder without it
    /// (default: reports/<YEAR>/ in the portal).
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A Word document (opens in WPS and Word).
    Docx,
    /// An Excel workbook.
    Xlsx,
    /// A print-ready HTML page (A4).
    Html,
}

impl ReportFormat {
    fn extension(self) -> &'static str {
        match self {
            ReportFormat::Docx => "docx",
            ReportFormat::Xlsx => "xlsx",
            ReportFormat::Html => "html",
        }
    }
}

impl ReportArgs {
    /// Runs `report`.
    pub fn run(self, root: PathBuf, lang: Option<Lang>) -> Result<()> {
        let options = Options {
            root: root.clone(),
            lang,
            progress: false,
            ..Options::default()
        };
        let site = crate::pipeline::load_site(&options)?;
        let lang = lang.unwrap_or(site.config.language);
        let fail = |d: Diagnostic| anyhow::Error::new(Failed::new(vec![d], lang));
        check_year(&site, self.year).map_err(fail)?;
        let branch = match &self.branch {
            Some(slug) => Some(find_branch(&site, slug).map_err(fail)?),
            None => None,
        };
        let l = Labels::of(site.config.language);
        let ext = self.format.extension();
        // What to write: (path, bytes), all made before anything is written.
        let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
        match branch {
            Some(b) => {
                let by = report::branch_year(&site, b, self.year);
                let name = format!("{}.{ext}", l.branch_title(&by.branch.meta.name, self.year));
                let path = self.output.clone().unwrap_or_else(|| {
                    root.join("reports").join(self.year.to_string()).join(&name)
                });
                files.push((path, self.branch_bytes(&site, &by)?));
            }
            None => {
                let org = report::org_year(&site, self.year);
                let dir = self
                    .output
                    .clone()
                    .unwrap_or_else(|| root.join("reports").join(self.year.to_string()));
                let name = format!("{}.{ext}", l.org_title(&site.config.title, self.year));
                let bytes = match self.format {
                    ReportFormat::Docx => report::docx::org_document(&site, &org)?,
                    ReportFormat::Xlsx => {
                        let all: Vec<&BranchYear> = org.branches.iter().collect();
                        report::xlsx::workbook(&site, Some(&org), &all)?
                    }
                    ReportFormat::Html => {
                        report::html::org_page(&site, &org, Photos::Embedded).into_bytes()
                    }
                };
                files.push((dir.join(name), bytes));
                for by in &org.branches {
                    let name = format!("{}.{ext}", l.branch_title(&by.branch.meta.name, self.year));
                    files.push((dir.join(name), self.branch_bytes(&site, by)?));
                }
            }
        }
        for (path, _) in &files {
            refuse_inside_sources(&root, path).map_err(fail)?;
        }
        for (path, bytes) in &files {
            let (dir, name) = match (path.parent(), path.file_name()) {
                (Some(d), Some(n)) => (d, n),
                _ => return Err(anyhow!("{}: not a file name", path.display())),
            };
            crate::output::write_atomic(dir, Path::new(name), bytes)
                .map_err(|e| anyhow!("{}: {e}", path.display()))?;
            out(text!("已写入 {}", "Wrote {}", path.display()).get(lang));
        }
        Ok(())
    }

    fn branch_bytes(&self, site: &Site, by: &BranchYear) -> Result<Vec<u8>> {
        Ok(match self.format {
            ReportFormat::Docx => report::docx::branch_document(site, by)?,
            ReportFormat::Xlsx => report::xlsx::workbook(site, None, &[by])?,
            ReportFormat::Html => {
                report::html::branch_page(site, by, Photos::Embedded).into_bytes()
            }
        })
    }
}

/// The year must lie between the portal's first published story's and the
/// later of its last one's and this year.
fn check_year(site: &Site, year: i16) -> Result<(), Diagnostic> {
    let this_year = crate::scaffold::today().year();
    let (lo, hi) = match report::year_range(site) {
        Some((lo, hi)) => (lo, hi.max(this_year)),
        None => (this_year, this_year),
    };
    if (lo..=hi).contains(&year) {
        return Ok(());
    }
    Err(Diagnostic::error(
        Code::ReportRefused,
        "site.yaml",
        text!(
            "{} 年不在本网站稿件的年份范围（{}–{}）内",
            "{} is outside the years of this portal's stories ({}–{})",
            year,
            lo,
            hi
        ),
    )
    .hint(Text::new(
        "请用 --year 指定其中的一年",
        "give one of those years with --year",
    )))
}

/// The index of the branch `slug`, or an error listing the branches.
fn find_branch(site: &Site, slug: &str) -> Result<usize, Diagnostic> {
    if let Some(i) = site.branches.iter().position(|b| b.slug == slug) {
        return Ok(i);
    }
    let known: Vec<String> = (site.branches.iter())
        .map(|b| format!("{}（{}）", b.slug, b.meta.name))
        .collect();
    Err(Diagnostic::error(
        Code::ReportRefused,
        "content/branches",
        text!("没有名为“{}”的支部", "there is no branch \"{}\"", slug),
    )
    .hint(text!(
        "可用的支部：{}",
        "the branches: {}",
        known.join("、")
    )))
}

/// An error when `path` lies inside content/, themes/ or static/: a report
/// must never land among the portal's sources.
fn refuse_inside_sources(root: &Path, path: &Path) -> Result<(), Diagnostic> {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // Resolve what exists of the path (a folder may not exist yet).
        let mut existing = p.clone();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.file_name(), existing.parent()) {
                (Some(n), Some(parent)) => {
                    rest.push(n.to_os_string());
                    existing = parent.to_path_buf();
                }
                _ => break,
            }
        }
        let mut out = existing.canonicalize().unwrap_or(existing);
        for n in rest.into_iter().rev() {
            out.push(n);
        }
        out
    };
    let target = abs(path);
    for part in ["content", "themes", "static"] {
        let dir = abs(&root.join(part));
        if target.starts_with(&dir) {
            return Err(Diagnostic::error(
                Code::ReportRefused,
                path,
                text!(
                    "报告不能写到 {}/ 里：那是网站的源文件",
                    "a report cannot be written into {}/: it holds the portal's sources",
                    part
                ),
            )
            .hint(Text::new(
                "用 --output 指定别的位置，如 reports/",
                "give another place with --output, such as reports/",
            )));
        }
    }
    Ok(())
}

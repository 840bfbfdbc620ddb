//! The command line: one clap struct per command, each with its `run`.

use std::io::Write as _;
use std::path::PathBuf;

use anyhow::{Result, anyhow};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::error::{Diagnostic, Failed, Lang, char_width};
use crate::stats::{Stats, StatsFilter, compute_stats, stats_csv, stats_json};
use crate::{Options, Summary};

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
}

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
    fn run(self, root: PathBuf, lang: Option<Lang>) -> Result<()> {
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

impl Cli {
    /// Runs the command.
    pub fn run(self) -> Result<()> {
        let Some(command) = self.command else {
            return crate::start::start(self.root, self.lang, !self.no_open);
        };
        let root = crate::portal_root(self.root.as_deref());
        match command {
            Command::Build(args) => args.run(root, self.lang),
            Command::Check(args) => args.run(root, self.lang),
            Command::Stats(args) => args.run(root, self.lang),
            Command::Serve(args) => args.run(root, self.lang),
            Command::Init(args) => args.run(self.lang),
            Command::New(args) => args.run(root, self.lang),
        }
    }
}

/// Prints warnings to stderr.
fn print_warnings(warnings: &[Diagnostic], lang: Lang) {
    let mut err = std::io::stderr().lock();
    let github = crate::error::github_actions();
    for w in warnings {
        let _ = writeln!(err, "{}", w.render(lang));
        if github {
            let _ = writeln!(err, "{}", w.github_annotation(lang));
        }
    }
}

fn summary_line(s: &Summary, verb_zh: &str, verb_en: &str) -> String {
    let ms = s.elapsed.as_millis();
    let w = s.warnings.len();
    // `check` copies no files: leave the count out rather than print 0.
    let (files_zh, files_en) = match s.files {
        0 => (String::new(), String::new()),
        n => (format!("{n} 个文件，"), format!("{n} files, ")),
    };
    match s.lang {
        Lang::ZhCn => format!(
            "{verb_zh}：{} 个支部，{} 篇稿件，{} 个页面，{files_zh}{w} 个警告，用时 {ms} 毫秒",
            s.branches, s.stories, s.pages
        ),
        Lang::En => format!(
            "{verb_en}: {} branches, {} stories, {} pages, {files_en}{w} warnings in {ms} ms",
            s.branches, s.stories, s.pages
        ),
    }
}

impl BuildArgs {
    fn run(self, root: PathBuf, lang: Option<Lang>) -> Result<()> {
        let options = Options {
            root,
            output: self.output,
            base_url: self.base_url,
            drafts: self.drafts,
            strict: self.strict,
            lang,
            progress: !self.quiet,
        };
        let summary = crate::build(&options)?;
        print_warnings(&summary.warnings, summary.lang);
        if !self.quiet {
            println!("{}", summary_line(&summary, "已生成", "Built"));
        }
        Ok(())
    }
}

impl CheckArgs {
    fn run(self, root: PathBuf, lang: Option<Lang>) -> Result<()> {
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
            fix(&options.root, lang, json)?;
        }
        if json {
            return check_json(&options);
        }
        let summary = crate::check(&options)?;
        print_warnings(&summary.warnings, summary.lang);
        if !self.quiet {
            println!("{}", summary_line(&summary, "检查通过", "Check passed"));
        }
        Ok(())
    }
}

/// `check --fix`: the safe typography changes, each printed (to stderr
/// when stdout carries JSON).
fn fix(root: &std::path::Path, lang: Option<Lang>, json: bool) -> Result<()> {
    let lang = lang
        .or_else(|| crate::config::load_config(root).ok().map(|c| c.language))
        .unwrap_or_default();
    let fixed = crate::typography::fix_portal(root).map_err(|d| {
        let failed = crate::error::Failed::new(d, lang);
        // CI tools reading JSON learn of a failed fix the same way.
        if json {
            for d in &failed.diagnostics {
                println!("{}", d.to_json(lang));
            }
        }
        failed
    })?;
    let mut lines = Vec::new();
    for file in &fixed {
        for c in &file.changes {
            let more = match (c.places, lang) {
                (0 | 1, _) => String::new(),
                (n, Lang::ZhCn) => format!("（这一段共 {n} 处）"),
                (n, Lang::En) => format!(" ({n} places in this passage)"),
            };
            lines.push(format!(
                "{}:{}: “{}” → “{}”{more}",
                file.path.display(),
                c.line,
                c.old,
                c.new
            ));
        }
    }
    let n = lines.len();
    lines.push(match lang {
        Lang::ZhCn => format!("已改正 {n} 段排版（{} 个文件）", fixed.len()),
        Lang::En => format!(
            "fixed typography in {n} passage(s) of {} file(s)",
            fixed.len()
        ),
    });
    let text = lines.join("\n");
    if json {
        eprintln!("{text}");
    } else {
        println!("{text}");
    }
    Ok(())
}

/// `check --format json`: every finding as a JSON line on stdout; the
/// exit status as without it.
fn check_json(options: &Options) -> Result<()> {
    let (diagnostics, lang, failed) = match crate::check(options) {
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

impl StatsArgs {
    fn run(self, root: PathBuf, lang: Option<Lang>) -> Result<()> {
        let options = Options {
            root,
            lang,
            ..Options::default()
        };
        let site = crate::load_site(&options)?;
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

/// `branchpress init`
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the portal in (must not exist, or be empty).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

impl InitArgs {
    /// Runs `init DIR`.
    pub(crate) fn run(self, lang: Option<Lang>) -> Result<()> {
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
    fn run(self, root: PathBuf, lang: Option<Lang>) -> Result<()> {
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
                    say(crate::text!(
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

/// Prints a line of a report; a closed pipe (`| head`) is not worth a crash.
fn out(line: &str) {
    let _ = writeln!(std::io::stdout(), "{line}");
}

/// Renders statistics as aligned text tables (CJK counted as two columns).
pub fn stats_table(stats: &Stats, config: &crate::config::Config, lang: Lang) -> String {
    use crate::format::label;
    let zh = lang == Lang::ZhCn;
    let mut header = vec![
        if zh { "支部" } else { "Branch" }.to_string(),
        if zh { "党员" } else { "Members" }.into(),
        if zh { "稿件" } else { "Stories" }.into(),
    ];
    header.extend(config.kinds.iter().map(|k| k.display(lang).to_string()));
    header.extend(
        config
            .metrics
            .iter()
            .map(|m| label(&m.label, m.label_en.as_deref(), lang).to_string()),
    );
    let mut rows = vec![header];
    for b in &stats.branches {
        let mut r = vec![b.name.clone(), b.members.to_string(), b.stories.to_string()];
        r.extend(b.by_kind.0.iter().map(|(_, n)| n.to_string()));
        r.extend(b.metrics.0.iter().map(|(_, n)| n.to_string()));
        rows.push(r);
    }
    let mut total = vec![
        if zh { "合计" } else { "Total" }.to_string(),
        stats.totals.members.to_string(),
        stats.totals.stories.to_string(),
    ];
    total.extend(stats.totals.by_kind.0.iter().map(|(_, n)| n.to_string()));
    total.extend(stats.totals.metrics.0.iter().map(|(_, n)| n.to_string()));
    rows.push(total);
    let mut out = table(&rows);
    let mut years = vec![vec![
        if zh { "年度" } else { "Year" }.to_string(),
        if zh { "稿件" } else { "Stories" }.into(),
    ]];
    years[0].extend(config.kinds.iter().map(|k| k.display(lang).to_string()));
    for (y, b) in &stats.by_year {
        let mut r = vec![y.clone(), b.stories.to_string()];
        r.extend(b.by_kind.0.iter().map(|(_, n)| n.to_string()));
        years.push(r);
    }
    out.push('\n');
    out.push_str(&table(&years));
    // The field each kind leads with, in configured order: 荣誉 · 级别 …
    let headlines = config.kinds.iter().filter_map(|k| {
        let field = k.headline.as_deref()?;
        let spec = k.field(field)?;
        let name = label(
            spec.label.as_deref().unwrap_or(field),
            spec.label_en.as_deref(),
            lang,
        );
        let tally = stats.headlines.get(&format!("{}_by_{field}", k.key))?;
        Some((format!("{} · {name}", k.display(lang)), tally))
    });
    for (title, tally) in headlines {
        out.push_str(&format!("\n{title}\n"));
        let rows: Vec<Vec<String>> = tally
            .0
            .iter()
            .map(|(k, n)| vec![k.clone(), n.to_string()])
            .collect();
        out.push_str(&table(&rows));
    }
    out
}

fn table(rows: &[Vec<String>]) -> String {
    let width = |s: &str| s.chars().map(char_width).sum::<usize>();
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| width(s))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(c, s)| {
                let pad = " ".repeat(widths[c] - width(s));
                if c == 0 {
                    format!("{s}{pad}")
                } else {
                    format!("{pad}{s}")
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn tables_align_chinese_text() {
        let t = table(&[
            vec!["支部".into(), "1".into()],
            vec!["ab".into(), "10".into()],
        ]);
        assert_eq!(t, "支部   1\nab    10\n");
    }
}

//! branchpress: a static-site generator for the achievements portal of an
//! organisation's Party branches. The pipeline, one module per stage:
//!
//! 1. [`config`]: site.yaml → `Config` (kinds, metrics, taxonomies).
//! 2. [`content`]: walk content/ → sorted, classified source files.
//! 3. [`front_matter`]: split and parse YAML front matter, keeping positions.
//! 4. [`schema`]: validate front matter against the kind's schema.
//! 5. [`model`]: branches, stories and pages by index; links and assets; Markdown.
//! 6. [`stats`]: aggregate statistics, once.
//! 7. [`render`]: Tera over every route, in parallel.
//! 8. [`output`]: write into a staging folder, then swap it in.
//!
//! Every stage collects all the problems it finds; a run reports them all.

// Diagnostics are the error type of every stage: they are created only for bad
// input, so their size on the error path costs nothing worth boxing for.
#![allow(clippy::result_large_err)]
#![warn(missing_docs)]

pub mod chart;
pub mod cli;
pub mod config;
pub mod content;
pub mod error;
pub mod front_matter;
pub mod highlight;
pub mod images;
pub mod markdown;
pub mod model;
pub mod output;
pub mod qr;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod shortcode;
pub mod stats;
pub mod theme;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Result;
use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Diagnostic, Failed, Lang};
use crate::model::{ModelOptions, Site};

/// What to build and how.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The portal's folder (holds site.yaml and content/).
    pub root: PathBuf,
    /// Output folder; `root/public` when None.
    pub output: Option<PathBuf>,
    /// Overrides site.yaml's base_url.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Treat warnings as errors.
    pub strict: bool,
    /// Message language; the site's language when None.
    pub lang: Option<Lang>,
}

/// What a successful run did.
#[derive(Debug)]
pub struct Summary {
    /// Pages rendered.
    pub pages: usize,
    /// Static files and assets copied.
    pub files: usize,
    /// Published stories.
    pub stories: usize,
    /// Branches.
    pub branches: usize,
    /// Warnings (they did not fail the run).
    pub warnings: Vec<Diagnostic>,
    /// Language to print messages in.
    pub lang: Lang,
    /// Wall time.
    pub elapsed: Duration,
}

/// Loads, validates and models the portal: everything before rendering.
pub fn load_site(options: &Options) -> Result<Site> {
    let fallback = options.lang.unwrap_or_default();
    let mut config: Config =
        config::load_config(&options.root).map_err(|d| Failed::new(d, fallback))?;
    if let Some(url) = &options.base_url {
        config.set_base_url(url);
    }
    if config.build_date {
        config.built_on = config::source_date(&options.root);
    }
    let lang = options.lang.unwrap_or(config.language);
    let mut t = Instant::now();
    let loaded = content::load_content(&options.root);
    lap("load", &mut t);
    let site = model::build_site(
        &options.root,
        config,
        loaded,
        ModelOptions {
            drafts: options.drafts,
        },
    )
    .map_err(|d| Failed::new(d, lang))?;
    let mut site = site;
    if site.config.build_date && site.config.built_on.is_none() {
        site.warnings.push(
            Diagnostic::warning(
                "site.yaml",
                error::Text::new(
                    "build_date: 找不到更新日期，页面不显示它",
                    "build_date: no date to show, so pages do not show one",
                ),
            )
            .field("build_date")
            .hint(error::Text::new(
                "在 git 仓库中生成（取最近一次提交的日期），或设置 SOURCE_DATE_EPOCH",
                "build inside a git repository (the last commit's date is used) or set SOURCE_DATE_EPOCH",
            )),
        );
    }
    if options.strict && !site.warnings.is_empty() {
        return Err(Failed::new(site.warnings.clone(), lang).into());
    }
    Ok(site)
}

/// Everything rendering needs, loaded and checked.
pub(crate) struct Prepared {
    pub(crate) site: Site,
    pub(crate) stats: stats::Stats,
    pub(crate) theme: theme::Theme,
    pub(crate) tera: tera::Tera,
    pub(crate) lang: Lang,
}

/// Loads the site, computes statistics and compiles the theme.
pub(crate) fn prepare(options: &Options, t: &mut Instant) -> Result<Prepared> {
    let site = load_site(options)?;
    lap("model", t);
    let lang = options.lang.unwrap_or(site.config.language);
    let stats = stats::compute_stats(&site, stats::StatsFilter::default());
    lap("stats", t);
    let theme = theme::load_theme(&options.root, &site.config).map_err(|d| Failed::new(d, lang))?;
    let tera = render::compile_templates(&theme, &stats).map_err(|d| Failed::new(d, lang))?;
    Ok(Prepared {
        site,
        stats,
        theme,
        tera,
        lang,
    })
}

impl Prepared {
    fn summary(&self, pages: usize, files: usize, start: Instant) -> Summary {
        Summary {
            pages,
            files,
            stories: self.site.stories.len(),
            branches: self.site.branches.len(),
            warnings: self.site.warnings.clone(),
            lang: self.lang,
            elapsed: start.elapsed(),
        }
    }
}

/// Validates everything a build would, and checks that the theme renders,
/// without writing anything.
pub fn check(options: &Options) -> Result<Summary> {
    let start = Instant::now();
    let mut t = start;
    let p = prepare(options, &mut t)?;
    let fail = |d| Failed::new(d, p.lang);
    let views = render::Views::new(&p.site, &p.stats, &p.theme, &p.tera).map_err(fail)?;
    let renderer = render::Renderer::new(&p.site, &p.stats, &p.tera, &views);
    lap("views", &mut t);
    let pages = renderer.render_all(&|_| Ok(())).map_err(fail)?;
    lap("render", &mut t);
    Ok(p.summary(pages, 0, start))
}

/// Builds the portal into its output folder. On any error the previous
/// output is left exactly as it was.
pub fn build(options: &Options) -> Result<Summary> {
    let start = Instant::now();
    let mut t = start;
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    output::check_output_dir(&options.root, &output)?;
    let p = prepare(options, &mut t)?;
    let fail = |d| Failed::new(d, p.lang);
    let staging = output::Staging::new(&output)?;
    let views = render::Views::new(&p.site, &p.stats, &p.theme, &p.tera).map_err(fail)?;
    let renderer = render::Renderer::new(&p.site, &p.stats, &p.tera, &views);
    staging.create_dirs(renderer.output_dirs().iter().map(String::as_str))?;
    lap("views", &mut t);
    let pages = renderer
        .render_all(&|(path, bytes)| staging.write(&path, &bytes))
        .map_err(fail)?;
    lap("render", &mut t);
    let mut files = write_files(&staging, &p.site, &p.stats, &p.theme)?;
    lap("files", &mut t);
    if p.site.config.search {
        files += write_search_index(&staging, &p.site, &p.theme)?;
        lap("search", &mut t);
    }
    staging.commit()?;
    lap("write", &mut t);
    Ok(p.summary(pages, files, start))
}

/// Writes the data files, theme static files and content assets.
fn write_files(
    staging: &output::Staging,
    site: &Site,
    stats: &stats::Stats,
    theme: &theme::Theme,
) -> Result<usize> {
    staging.write(output::MARKER, output::MARKER_TEXT.as_bytes())?;
    staging.write("stats.json", stats::stats_json(stats).as_bytes())?;
    staging.write(
        "stats.csv",
        stats::stats_csv(stats, &site.config).as_bytes(),
    )?;
    let statics: Vec<_> = theme.statics.iter().collect();
    statics
        .par_iter()
        .try_for_each(|(rel, source)| staging.write_static(rel, source))?;
    site.assets
        .par_iter()
        .try_for_each(|(from, rel)| staging.copy(from, rel))?;
    Ok(3 + statics.len() + site.assets.len())
}

/// Indexes every published story and branch for search, under
/// [`search::DIR`].
fn write_search_index(
    staging: &output::Staging,
    site: &Site,
    theme: &theme::Theme,
) -> Result<usize> {
    let index = search::Index::new(site, &search_branch_label(theme), None);
    index.write(&|rel, bytes| staging.write(&format!("{}/{rel}", search::DIR), bytes))
}

/// The kind search shows for branch profiles, in the theme's words.
pub(crate) fn search_branch_label(theme: &theme::Theme) -> String {
    theme
        .strings
        .get("search_kind_branch")
        .cloned()
        .unwrap_or_else(|| "Branch".into())
}

/// Prints how long a stage took when `BRANCHPRESS_TIMINGS` is set (a profiling aid).
pub(crate) fn lap(stage: &str, since: &mut Instant) {
    if std::env::var_os("BRANCHPRESS_TIMINGS").is_some() {
        eprintln!(
            "{stage:>10}: {:>6.1} ms",
            since.elapsed().as_secs_f64() * 1000.0
        );
    }
    *since = Instant::now();
}

/// The portal folder: `--root`, or the current folder.
pub fn portal_root(root: Option<&Path>) -> PathBuf {
    root.map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

//! The runner: loads the portal, prepares what rendering needs, and runs
//! `check` and `build`; `serve` prepares through it too. It owns the one
//! list of the files a build writes besides its pages ([`extra_files`]),
//! which `build` writes and `serve` answers from, and the progress line.
//! Stages never call back into it.

use crate::error::Code;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Result;
use rayon::prelude::*;

use crate::config::{self, Config};
use crate::content::Source;
use crate::error::{Diagnostic, Failed, Lang, Text};
use crate::model::{self, CheckedStory, ModelOptions, Site, Story, StoryUpdate};
use crate::progress::{Progress, lap};
use crate::theme::{StaticSource, Theme};
use crate::{content, findings, output, render, report, search, stats, theme};

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
    /// Show progress on a terminal when the run takes a while (the command
    /// line's default; `--quiet` turns it off).
    pub progress: bool,
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
    /// Review's stages in order (empty without `review:` in site.yaml).
    pub stages: Vec<String>,
    /// Stories review holds back, by source path.
    pub pending: Vec<crate::model::Pending>,
}

/// A file a build writes besides the rendered pages, and where its bytes
/// come from.
#[derive(Clone, Debug)]
pub enum File {
    /// Bytes made by the build (stats.json, stats.csv, the marker).
    Bytes(Arc<[u8]>),
    /// Bytes built into the binary (the default theme's static files).
    Embedded(&'static [u8]),
    /// A file on disk, copied as it is (assets, a portal's own statics).
    Disk(PathBuf),
    /// The search index: every file under this folder ([`search::DIR`]),
    /// encoded from the model (by `build`) or from the live index (by `serve`).
    SearchIndex,
}

/// Everything a build writes besides its pages, by output path: the marker,
/// stats.json and stats.csv, the search index (when search is on), the
/// theme's static files (the police badge only beside a police filing
/// number) and the content's assets. `build` writes them and
/// `serve` answers from them, so the two cannot drift apart.
pub fn extra_files(site: &Site, stats: &stats::Stats, theme: &Theme) -> BTreeMap<String, File> {
    let mut files = BTreeMap::new();
    let bytes = |s: String| File::Bytes(s.into_bytes().into());
    files.insert(output::MARKER.into(), bytes(output::MARKER_TEXT.into()));
    files.insert("stats.json".into(), bytes(stats::stats_json(stats)));
    files.insert(
        "stats.csv".into(),
        bytes(stats::stats_csv(stats, &site.config)),
    );
    if site.config.search {
        files.insert(search::DIR.into(), File::SearchIndex);
    }
    let police = site
        .config
        .filing
        .as_ref()
        .is_some_and(|f| f.police.is_some());
    for (rel, source) in &theme.statics {
        // The police badge only goes out beside a police filing number.
        if rel == render::POLICE_BADGE && !police {
            continue;
        }
        let file = match source {
            StaticSource::Embedded(b) => File::Embedded(b),
            StaticSource::Disk(p) => File::Disk(p.clone()),
        };
        files.insert(rel.clone(), file);
    }
    for (from, rel) in &site.assets {
        files.insert(rel.clone(), File::Disk(from.clone()));
    }
    if site.config.reports {
        // Each year's reports, as `report --format html` writes them, photos by URL.
        let (first, last) = report::year_range(site).unwrap_or((1, 0));
        for year in first..=last {
            let org = report::org_year(site, year);
            let page = report::html::org_page(site, &org, report::html::Photos::Linked);
            files.insert(format!("{}index.html", report::org_path(year)), bytes(page));
            for by in &org.branches {
                let page = report::html::branch_page(site, by, report::html::Photos::Linked);
                let path = format!("{}index.html", report::branch_path(by.branch, year));
                files.insert(path, bytes(page));
            }
        }
    }
    files
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
    let mut loaded = content::load_content(&options.root);
    lap("load", &mut t);
    let collected = model::collect(
        &options.root,
        config,
        &mut loaded,
        ModelOptions {
            drafts: options.drafts,
        },
    );
    let mut found = findings::check_documents(&collected);
    let site = model::finish(collected);
    if let Ok(site) = &site {
        found.extend(findings::check_bodies(site));
    }
    lap("findings", &mut t);
    let mut site = site.map_err(|mut d| {
        d.extend(found.iter().cloned());
        Failed::new(d, lang)
    })?;
    site.warnings.extend(found);
    if site.warnings.iter().any(Diagnostic::is_error) {
        // `privacy: strict` makes personal data an error.
        let all = std::mem::take(&mut site.warnings);
        return Err(Failed::new(all, lang).into());
    }
    crate::error::sort_diagnostics(&mut site.warnings);
    if site.config.build_date && site.config.built_on.is_none() {
        site.warnings.push(
            Diagnostic::warning(Code::BuildDate,
                "site.yaml",
                Text::new(
                    "build_date: 找不到更新日期，页面不显示它",
                    "build_date: no date to show, so pages do not show one",
                ),
            )
            .field("build_date")
            .hint(Text::new(
                "在 git 仓库中生成（取最近一次提交的日期），或设置 SOURCE_DATE_EPOCH",
                "build inside a git repository (the last commit's date is used) or set SOURCE_DATE_EPOCH",
            )),
        );
    }
    if options.strict && !site.warnings.is_empty() {
        // `--strict`: every warning is an error, and is counted as one.
        let errors = site
            .warnings
            .iter()
            .cloned()
            .map(|mut d| {
                d.severity = crate::error::Severity::Error;
                d
            })
            .collect();
        return Err(Failed::new(errors, lang).into());
    }
    Ok(site)
}

/// Checks a story as a build would, findings included, without changing
/// the site: how the writing desk checks and previews a story.
pub fn preview_story(
    site: &Site,
    source: &Source,
) -> Result<(Story, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut checked = site.preview_story(source)?;
    with_findings(site, &mut checked)?;
    Ok((checked.story, checked.warnings))
}

/// Applies a changed story file as a build would, findings included,
/// without rebuilding the rest (how `serve` applies a save). Errors leave
/// the site as it was.
pub fn update_story(
    site: &mut Site,
    source: &Source,
    options: ModelOptions,
) -> Result<StoryUpdate, Vec<Diagnostic>> {
    if !site.has_story(&source.path) {
        return Ok(StoryUpdate::Rebuild);
    }
    let Some(mut checked) = site.check_story(source, options)? else {
        return Ok(StoryUpdate::Rebuild);
    };
    with_findings(site, &mut checked)?;
    Ok(site.update_story(checked.story, checked.warnings))
}

/// Adds the findings of a story checked on its own to its warnings; every
/// problem, errors first, when one of them is an error (`privacy: strict`).
fn with_findings(site: &Site, checked: &mut CheckedStory) -> Result<(), Vec<Diagnostic>> {
    let found = findings::check_one(&site.config, checked);
    checked.warnings.extend(found);
    if checked.warnings.iter().any(Diagnostic::is_error) {
        return Err(model::errors_first(std::mem::take(&mut checked.warnings)));
    }
    Ok(())
}

/// Everything rendering needs, loaded and checked.
pub(crate) struct Prepared {
    pub(crate) site: Site,
    pub(crate) stats: stats::Stats,
    pub(crate) theme: Theme,
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
            stages: (self.site.config.review.as_ref()).map_or_else(Vec::new, |r| r.stages.clone()),
            pending: self.site.pending.clone(),
        }
    }
}

/// Validates everything a build would, and checks that the theme renders,
/// without writing anything.
pub fn check(options: &Options) -> Result<Summary> {
    let start = Instant::now();
    let mut t = start;
    let mut progress = Progress::new(options.progress, options.lang.unwrap_or_default());
    progress.stage(
        Text::new("读取并检查内容", "reading and checking content"),
        None,
    );
    let p = prepare(options, &mut t)?;
    progress.set_lang(p.lang);
    let fail = |d| Failed::new(d, p.lang);
    let views = render::Views::new(&p.site, &p.theme, &p.tera).map_err(fail)?;
    let renderer = render::Renderer::new(&p.site, &p.stats, &p.tera, &views);
    lap("views", &mut t);
    progress.stage(
        Text::new("检查页面", "checking pages"),
        Some(renderer.page_count()),
    );
    let pages = renderer
        .render_all(&|_| {
            progress.inc();
            Ok(())
        })
        .map_err(fail)?;
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
    let mut progress = Progress::new(options.progress, options.lang.unwrap_or_default());
    progress.stage(
        Text::new("读取并检查内容", "reading and checking content"),
        None,
    );
    let mut p = prepare(options, &mut t)?;
    if !p.site.config.search {
        p.site.release_text();
    }
    // What loading and parsing freed is in pages the rest would hardly
    // reuse: returned now, it is not counted in the peak of the render.
    crate::progress::release_memory();
    progress.set_lang(p.lang);
    let lang = p.lang;
    let fail = |d| Failed::new(d, lang);
    let staging = output::Staging::new(&output)?;
    let views = render::Views::new(&p.site, &p.theme, &p.tera).map_err(fail)?;
    let renderer = render::Renderer::new(&p.site, &p.stats, &p.tera, &views);
    staging.create_dirs(renderer.output_dirs().iter().map(String::as_str))?;
    lap("views", &mut t);
    progress.stage(
        Text::new("生成页面", "rendering pages"),
        Some(renderer.page_count()),
    );
    let write = |(path, bytes): render::Output| {
        staging.write(&path, &bytes)?;
        progress.inc();
        Ok(())
    };
    let mut pages = renderer
        .render(render::Pass::Bodies, &write)
        .map_err(fail)?;
    // The bodies' HTML is not needed any more. Its pages go back to the
    // system, or they would stay beside what the sitemap and the search
    // index allocate (in other size classes, so not reused).
    p.site.release_html();
    crate::progress::release_memory();
    let renderer = render::Renderer::new(&p.site, &p.stats, &p.tera, &views);
    pages += renderer
        .render(render::Pass::Listing, &write)
        .map_err(fail)?;
    lap("render", &mut t);
    drop(views);
    let mut written = 0;
    if p.site.config.search {
        // The index frees each body's text as soon as it is indexed, so
        // the texts and the index are never both held whole.
        progress.stage(Text::new("建立搜索索引", "indexing for search"), None);
        let texts = p.site.take_texts();
        let label = search_branch_label(&p.theme);
        let index = search::Index::with_texts(&p.site, &label, None, Some(texts));
        written +=
            index.write(&|rel, bytes| staging.write(&format!("{}/{rel}", search::DIR), bytes))?;
    }
    let files = extra_files(&p.site, &p.stats, &p.theme);
    written += write_files(&staging, &files, &progress)?;
    lap("files", &mut t);
    progress.stage(Text::new("完成", "finishing"), None);
    staging.commit()?;
    lap("write", &mut t);
    Ok(p.summary(pages, written, start))
}

/// Writes the files of [`extra_files`] but the search index (which
/// [`build`] writes itself); returns how many were written.
fn write_files(
    staging: &output::Staging,
    files: &BTreeMap<String, File>,
    progress: &Progress,
) -> Result<usize> {
    let plain: Vec<(&String, &File)> = files
        .iter()
        .filter(|(_, f)| !matches!(f, File::SearchIndex))
        .collect();
    progress.stage(Text::new("复制文件", "copying files"), Some(plain.len()));
    plain.par_iter().try_for_each(|(rel, file)| {
        match file {
            File::Bytes(b) => staging.write(rel, b)?,
            File::Embedded(b) => staging.write(rel, b)?,
            File::Disk(from) => staging.copy(from, rel)?,
            File::SearchIndex => {}
        }
        progress.inc();
        anyhow::Ok(())
    })?;
    Ok(plain.len())
}

/// The kind search shows for branch profiles, in the theme's words.
pub(crate) fn search_branch_label(theme: &Theme) -> String {
    theme
        .strings
        .get("search_kind_branch")
        .cloned()
        .unwrap_or_else(|| "Branch".into())
}

/// The portal folder: `--root`, or the current folder.
pub fn portal_root(root: Option<&Path>) -> PathBuf {
    root.map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The error of a load that failed, as diagnostics (what `serve` shows).
pub(crate) fn diagnostics_of(e: anyhow::Error) -> Vec<Diagnostic> {
    match e.downcast::<Failed>() {
        Ok(f) => f.diagnostics,
        Err(e) => vec![Diagnostic::error(
            Code::Internal,
            "content",
            Text::new(format!("{e:#}"), format!("{e:#}")),
        )],
    }
}

//! Render stage: every route of the site as a job, rendered through Tera in
//! parallel (rayon) and handed to the writer as soon as it is done. Lists
//! are paginated; views are computed once and shared by all jobs.

mod branch;
mod charts;
mod context;
mod dashboard;
mod diagnostic;
mod feed;
mod figure;
mod image;
mod legacy;
mod list_view;
mod lists;
mod pager;
mod preview;
mod renderer;
mod site;
mod story;
#[cfg(test)]
mod tests;
mod urls;
/// The views templates receive.
pub mod view;

use crate::error::Code;

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::error::{Diagnostic, Text};
use crate::model::Site;
use crate::stats::Stats;
use crate::theme::Theme;
use diagnostic::compile_diagnostic;
use lists::build_lists;
pub use preview::render_preview;
use renderer::{CARD_TEMPLATE, Job, MAX_RENDER_ERRORS};
pub use renderer::{Output, Pass, Renderer, Views};
pub use site::POLICE_BADGE;
use site::base_context;
use urls::Urls;
use view::StoryCard;

/// Compiles the theme's templates, naming the file and line of any syntax
/// error (or of a Tera 1 construct that Tera 2 no longer reads).
pub fn compile_templates(theme: &Theme, stats: &Stats) -> Result<Tera, Vec<Diagnostic>> {
    compile_with(theme, stats, |_| {})
}

/// [`compile_templates`], with `more` registering further functions first
/// (Tera 2 checks every call against the registered functions as it compiles).
fn compile_with(
    theme: &Theme,
    stats: &Stats,
    more: impl FnOnce(&mut Tera),
) -> Result<Tera, Vec<Diagnostic>> {
    let legacy: Vec<Diagnostic> = theme
        .templates
        .values()
        .flat_map(|(text, origin)| legacy::check(origin, text))
        .collect();
    if !legacy.is_empty() {
        return Err(legacy);
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".htm", ".xml"]);
    tera.set_escape_fn(crate::html::escape_to);
    let word = |k: &str| theme.strings.get(k).cloned().unwrap_or_default();
    crate::chart::register(
        &mut tera,
        crate::chart::Words {
            total: word("total"),
            summary: word("chart_summary"),
            empty: word("chart_empty"),
        },
    );
    crate::qr::register(&mut tera);
    register_stats(&mut tera, stats);
    more(&mut tera);
    let templates = theme.templates.iter().map(|(n, (t, _))| (n.as_str(), t));
    if let Err(e) = tera.add_raw_templates(templates) {
        return Err(vec![compile_diagnostic(theme, &e)]);
    }
    Ok(tera)
}

/// Gives templates the `stats()` function (again, when statistics changed).
pub fn register_stats(tera: &mut Tera, stats: &Stats) {
    // Tera's values share their maps and lists: a clone per call is cheap.
    let value = tera::Value::from_serializable(stats);
    tera.register_function("stats", move |_: tera::Kwargs, _: &tera::State| {
        value.clone()
    });
}

impl Views {
    /// Prepares views and list pages. Each story's card (`partials/card.html`)
    /// is rendered once here and reused by every list as `card.html`.
    pub fn new(site: &Site, theme: &Theme, tera: &Tera) -> Result<Views, Vec<Diagnostic>> {
        let urls = Urls::new(&site.config);
        let base = base_context(site, theme, &urls);
        let origins = theme
            .templates
            .iter()
            .map(|(n, (t, o))| (n.clone(), (o.clone(), t.clone())))
            .collect();
        let mut views = Views {
            urls,
            base,
            strings: theme.strings.clone(),
            cards: Vec::new(),
            lists: Vec::new(),
            origins,
        };
        let cards: Vec<Result<StoryCard, Diagnostic>> = (0..site.stories.len())
            .into_par_iter()
            .map(|i| views.card(site, tera, i))
            .collect();
        let mut errors = Vec::new();
        views.cards = cards
            .into_iter()
            .filter_map(|c| c.map_err(|e| errors.push(e)).ok())
            .collect();
        if !errors.is_empty() {
            errors.truncate(1);
            return Err(errors);
        }
        views.lists = build_lists(site);
        Ok(views)
    }

    /// Story `i`'s card, with its HTML rendered from `partials/card.html`.
    fn card(&self, site: &Site, tera: &Tera, i: usize) -> Result<StoryCard, Diagnostic> {
        let mut card = StoryCard::new(site, i, &self.urls);
        let mut ctx = Context::new();
        ctx.insert("s", &card);
        if let Some(t) = self.base.get("t") {
            ctx.insert_value("t", t.clone());
        }
        let html = tera
            .render(CARD_TEMPLATE, &ctx)
            .map_err(|e| self.render_diagnostic(CARD_TEMPLATE, None, &e))?;
        card.html = html;
        // Tera 2 renders into a buffer of twice the template's size: kept
        // for 10,000 cards, the slack would be a tenth of the build's peak.
        card.html.shrink_to_fit();
        Ok(card)
    }

    /// After story `i` changed in place: its card again.
    pub fn update_story(&mut self, site: &Site, tera: &Tera, i: usize) -> Result<(), Diagnostic> {
        self.cards[i] = self.card(site, tera, i)?;
        Ok(())
    }

    /// After story `from` moved to index `to` (see `StoryUpdate::Updated`).
    pub fn move_story(&mut self, from: usize, to: usize) {
        let card = self.cards.remove(from);
        self.cards.insert(to, card);
    }

    /// After anything lists depend on changed: every list again. (What
    /// lists show of the statistics is read when a page is rendered.)
    pub fn relist(&mut self, site: &Site) {
        self.lists = build_lists(site);
    }
}

/// The buffer a page is rendered into, in bytes.
const PAGE_CAPACITY: usize = 32 * 1024;

impl<'a> Renderer<'a> {
    /// A renderer over a site and its views.
    pub fn new(site: &'a Site, stats: &'a Stats, tera: &'a Tera, views: &'a Views) -> Renderer<'a> {
        Renderer {
            site,
            stats,
            tera,
            views,
        }
    }

    fn jobs(&self) -> Vec<Job> {
        let mut jobs = vec![
            Job::Home,
            Job::Branches,
            Job::Stats,
            Job::NotFound,
            Job::Feed(None),
            Job::Sitemap,
        ];
        if self.site.config.search {
            jobs.push(Job::Search);
        }
        jobs.extend((0..self.site.branches.len()).map(Job::Branch));
        jobs.extend((0..self.site.branches.len()).map(|b| Job::Feed(Some(b))));
        jobs.extend((0..self.site.stories.len()).map(Job::Story));
        jobs.extend((0..self.site.pages.len()).map(Job::Page));
        for (i, l) in self.views.lists.iter().enumerate() {
            jobs.extend((0..l.page_count(self.site.config.paginate)).map(|p| Job::List(i, p)));
        }
        jobs
    }

    /// The jobs of a pass.
    fn jobs_of(&self, pass: Pass) -> Vec<Job> {
        let mut jobs = self.jobs();
        let listing = |job: &Job| matches!(job, Job::Sitemap);
        match pass {
            Pass::All => {}
            Pass::Bodies => jobs.retain(|j| !listing(j)),
            Pass::Listing => jobs.retain(listing),
        }
        jobs
    }

    /// How many pages (and feeds and sitemaps) the site has.
    pub fn page_count(&self) -> usize {
        self.jobs().len()
    }

    /// Every folder the pages go into, parents included (`branches/`, `branches/x/` …).
    pub fn output_dirs(&self) -> Vec<String> {
        let site = self.site;
        let per = site.config.paginate;
        let mut leaves: Vec<String> = vec!["branches/".into(), "stats/".into()];
        leaves.extend(site.branches.iter().map(|b| b.path.clone()));
        leaves.extend(site.stories.iter().map(|s| s.path.clone()));
        leaves.extend(site.pages.iter().map(|p| p.path.clone()));
        for l in &self.views.lists {
            leaves.extend((0..l.page_count(per)).map(|n| l.page_path(n)));
        }
        let mut dirs = std::collections::BTreeSet::new();
        for leaf in &leaves {
            for (i, _) in leaf.match_indices('/') {
                dirs.insert(leaf[..=i].to_string());
            }
        }
        dirs.into_iter().collect()
    }

    /// Renders every page in parallel, passing each to `write` at once.
    /// Returns the number of pages, or every template error.
    pub fn render_all(
        &self,
        write: &(dyn Fn(Output) -> anyhow::Result<()> + Sync),
    ) -> Result<usize, Vec<Diagnostic>> {
        self.render(Pass::All, write)
    }

    /// Renders the pages of `pass` in parallel, passing each to `write` at
    /// once. Returns the number of pages, or every template error.
    pub fn render(
        &self,
        pass: Pass,
        write: &(dyn Fn(Output) -> anyhow::Result<()> + Sync),
    ) -> Result<usize, Vec<Diagnostic>> {
        let jobs = self.jobs_of(pass);
        let errors: Vec<Diagnostic> = jobs
            .par_iter()
            .filter_map(|job| match self.render_job_of(*job) {
                Ok(out) => write(out).err().map(|e| {
                    Diagnostic::error(
                        Code::WriteFailed,
                        "public",
                        Text::new(format!("{e:#}"), format!("{e:#}")),
                    )
                }),
                Err(d) => Some(d),
            })
            .collect();
        if errors.is_empty() {
            return Ok(jobs.len());
        }
        // One broken template fails every page that uses it: show a few, count the rest.
        let mut errors = errors;
        crate::error::sort_diagnostics(&mut errors);
        let more = errors.len().saturating_sub(MAX_RENDER_ERRORS);
        errors.truncate(MAX_RENDER_ERRORS);
        if more > 0 {
            errors.push(Diagnostic::error(
                Code::Template,
                "themes",
                crate::text::text!(
                    "另有 {} 个页面因同样的模板错误未能生成",
                    "{} more pages failed with template errors",
                    more
                ),
            ));
        }
        Err(errors)
    }

    /// The output path of a job.
    fn job_path(&self, job: Job) -> String {
        let site = self.site;
        match job {
            Job::Home => "index.html".into(),
            Job::Branches => "branches/index.html".into(),
            Job::Branch(b) => format!("{}index.html", site.branches[b].path),
            Job::Story(s) => format!("{}index.html", site.stories[s].path),
            Job::Page(p) => format!("{}index.html", site.pages[p].path),
            Job::List(l, n) => format!("{}index.html", self.views.lists[l].page_path(n)),
            Job::Stats => "stats/index.html".into(),
            Job::Search => "search/index.html".into(),
            Job::NotFound => "404.html".into(),
            Job::Feed(b) => format!(
                "{}atom.xml",
                b.map_or("", |b| site.branches[b].path.as_str())
            ),
            Job::Sitemap => "sitemap.xml".into(),
        }
    }

    /// Renders the page whose output path is `path` (`branches/x/index.html`),
    /// if the site has one: how `serve` renders on request.
    pub fn render_path(&self, path: &str) -> Option<Result<Output, Diagnostic>> {
        let job = self
            .jobs()
            .into_iter()
            .find(|&j| self.job_path(j) == path)?;
        Some(self.render_job(job))
    }

    /// Renders a job, named as its output path should it crash.
    fn render_job_of(&self, job: Job) -> Result<Output, Diagnostic> {
        let path = format!("public/{}", self.job_path(job));
        crate::error::processing(std::path::Path::new(&path), || self.render_job(job))
    }

    fn render_job(&self, job: Job) -> Result<Output, Diagnostic> {
        let (path, template, context) = self.job_context(job);
        // Bytes, not a String: the page goes to a file as it is, so its
        // UTF-8 need not be checked again; and room for a typical page
        // (about 20 KB at 10,000 stories) saves growing it five times.
        let mut html = Vec::with_capacity(PAGE_CAPACITY);
        self.tera
            .render_to(template, &context, &mut html)
            .map_err(|e| self.views.render_diagnostic(template, Some(&path), &e))?;
        Ok((path, html))
    }

    /// A job's output path, template and context.
    fn job_context(&self, job: Job) -> (String, &'static str, Context) {
        let site = self.site;
        match job {
            Job::Home => ("index.html".into(), "index.html", self.home()),
            Job::Branches => (
                "branches/index.html".into(),
                "branches.html",
                self.branches(),
            ),
            Job::Branch(b) => (
                format!("{}index.html", site.branches[b].path),
                "branch.html",
                self.branch(b),
            ),
            Job::Story(s) => (
                format!("{}index.html", site.stories[s].path),
                "story.html",
                self.story(s),
            ),
            Job::Page(p) => (
                format!("{}index.html", site.pages[p].path),
                "page.html",
                self.page(p),
            ),
            Job::List(l, n) => {
                let list = &self.views.lists[l];
                (
                    format!("{}index.html", list.page_path(n)),
                    list.template,
                    self.list(l, n),
                )
            }
            Job::Stats => ("stats/index.html".into(), "stats.html", self.stats_page()),
            Job::Search => (
                "search/index.html".into(),
                "search.html",
                self.search_page(),
            ),
            Job::NotFound => (
                "404.html".into(),
                "404.html",
                self.page_ctx("404", self.t("not_found"), "404.html", ""),
            ),
            Job::Feed(b) => self.feed(b),
            Job::Sitemap => ("sitemap.xml".into(), "sitemap.xml", self.sitemap()),
        }
    }
}

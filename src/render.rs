//! Render stage: every route of the site as a job, rendered through Tera in
//! parallel (rayon) and handed to the writer as soon as it is done. Lists
//! are paginated; views are computed once and shared by all jobs.

mod lists;
pub mod view;

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{Map, Value, json};
use tera::{Context, Tera};

use crate::error::{Diagnostic, Text};
use crate::model::Site;
use crate::stats::Stats;
use crate::theme::Theme;
use lists::{ListSpec, build_lists};
use view::{Urls, branch_ref, branch_view, figures, format_date, story_card, story_view};

/// Render errors shown before the rest are only counted.
const MAX_RENDER_ERRORS: usize = 5;

/// The partial rendered once per story and reused by every list.
const CARD_TEMPLATE: &str = "partials/card.html";

/// One output file to render.
#[derive(Clone, Copy, Debug)]
enum Job {
    Home,
    Branches,
    Branch(usize),
    Story(usize),
    Page(usize),
    List(usize, usize),
    Stats,
    NotFound,
    Feed(Option<usize>),
    Sitemap,
}

/// A rendered file: output path and bytes.
pub type Output = (String, Vec<u8>);

/// Holds the compiled templates and the views shared by all pages.
pub struct Renderer<'a> {
    site: &'a Site,
    stats: &'a Stats,
    tera: Tera,
    urls: Urls,
    base: Map<String, Value>,
    cards: Vec<Value>,
    /// What lists carry per story: the card's HTML and the fields lists sort and group by.
    light: Vec<Value>,
    lists: Vec<ListSpec>,
}

/// Compiles the theme's templates, naming the file and line of any syntax error.
pub fn compile_templates(theme: &Theme, stats: &Stats) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::default();
    let templates: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|(n, (t, _))| (n.as_str(), t.as_str()))
        .collect();
    if let Err(e) = tera.add_raw_templates(templates) {
        let origin = theme
            .templates
            .iter()
            .find(|(n, _)| e.to_string().contains(n.as_str()))
            .map(|(_, (_, o))| o.clone());
        return Err(vec![template_diagnostic(
            origin.as_deref().unwrap_or("themes"),
            &e,
        )]);
    }
    tera.autoescape_on(vec![".html", ".htm", ".xml"]);
    // Tera's default escaper also escapes `/`, which bloats every URL; quotes and `<>&` suffice.
    tera.set_escape_fn(crate::highlight::escape);
    let stats_value = Arc::new(serde_json::to_value(stats).unwrap_or(Value::Null));
    tera.register_function(
        "stats",
        move |_: &std::collections::HashMap<String, Value>| Ok((*stats_value).clone()),
    );
    Ok(tera)
}

/// A Tera error, with its whole chain (which carries the line and column).
fn template_diagnostic(origin: &str, e: &tera::Error) -> Diagnostic {
    let mut chain = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        chain.push(s.to_string());
        source = s.source();
    }
    let detail = chain.join("\n      ");
    let d = Diagnostic::error(
        origin,
        Text::new(
            format!("模板错误：{detail}"),
            format!("template error: {detail}"),
        ),
    );
    // Tera's parse errors carry the position as ` --> line:column`.
    let position = detail.split("--> ").nth(1).and_then(|rest| {
        let end = rest
            .find(|c: char| !c.is_ascii_digit() && c != ':')
            .unwrap_or(rest.len());
        let (line, column) = rest[..end].split_once(':')?;
        Some((line.parse().ok()?, column.parse().ok()?))
    });
    match position {
        Some((line, column)) => d.at(line, column),
        None => d,
    }
}

impl<'a> Renderer<'a> {
    /// Prepares views and list pages. Each story's card (`partials/card.html`)
    /// is rendered once here and reused by every list as `card.html`.
    pub fn new(
        site: &'a Site,
        stats: &'a Stats,
        theme: &Theme,
        tera: Tera,
    ) -> Result<Renderer<'a>, Vec<Diagnostic>> {
        let urls = Urls::new(&site.config);
        let base = base_context(site, theme, &urls);
        let t = base.get("t").cloned().unwrap_or(Value::Null);
        let cards: Vec<Result<Value, Diagnostic>> = (0..site.stories.len())
            .into_par_iter()
            .map(|i| {
                let mut card = story_card(site, i, &urls);
                let mut ctx = Context::new();
                ctx.insert("s", &card);
                ctx.insert("t", &t);
                let html = tera
                    .render(CARD_TEMPLATE, &ctx)
                    .map_err(|e| template_diagnostic(&format!("templates/{CARD_TEMPLATE}"), &e))?;
                card["html"] = Value::String(html);
                Ok(card)
            })
            .collect();
        let mut errors = Vec::new();
        let cards: Vec<Value> = cards
            .into_iter()
            .filter_map(|c| c.map_err(|e| errors.push(e)).ok())
            .collect();
        if !errors.is_empty() {
            errors.truncate(1);
            return Err(errors);
        }
        let light = cards.iter().map(light_card).collect();
        let lists = build_lists(site, stats, &urls);
        Ok(Renderer {
            site,
            stats,
            tera,
            urls,
            base,
            cards,
            light,
            lists,
        })
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
        jobs.extend((0..self.site.branches.len()).map(Job::Branch));
        jobs.extend((0..self.site.branches.len()).map(|b| Job::Feed(Some(b))));
        jobs.extend((0..self.site.stories.len()).map(Job::Story));
        jobs.extend((0..self.site.pages.len()).map(Job::Page));
        for (i, l) in self.lists.iter().enumerate() {
            jobs.extend((0..l.page_count(self.site.config.paginate)).map(|p| Job::List(i, p)));
        }
        jobs
    }

    /// Every folder the pages go into, parents included (`branches/`, `branches/x/` …).
    pub fn output_dirs(&self) -> Vec<String> {
        let site = self.site;
        let per = site.config.paginate;
        let mut leaves: Vec<String> = vec!["branches/".into(), "stats/".into()];
        leaves.extend(site.branches.iter().map(|b| b.path.clone()));
        leaves.extend(site.stories.iter().map(|s| s.path.clone()));
        leaves.extend(site.pages.iter().map(|p| p.path.clone()));
        for l in &self.lists {
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
        let jobs = self.jobs();
        let errors: Vec<Diagnostic> = jobs
            .par_iter()
            .filter_map(|job| match self.render_job(*job) {
                Ok(out) => write(out).err().map(|e| {
                    Diagnostic::error("public", Text::new(format!("{e:#}"), format!("{e:#}")))
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
                "themes",
                crate::text!(
                    "另有 {} 个页面因同样的模板错误未能生成",
                    "{} more pages failed with template errors",
                    more
                ),
            ));
        }
        Err(errors)
    }

    fn render_job(&self, job: Job) -> Result<Output, Diagnostic> {
        let site = self.site;
        let (path, template, ctx): (String, &str, Map<String, Value>) = match job {
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
                let list = &self.lists[l];
                (
                    format!("{}index.html", list.page_path(n)),
                    list.template,
                    self.list(l, n),
                )
            }
            Job::Stats => ("stats/index.html".into(), "stats.html", self.stats_page()),
            Job::NotFound => (
                "404.html".into(),
                "404.html",
                self.page_ctx("404", &self.t("not_found"), "404.html", ""),
            ),
            Job::Feed(b) => self.feed(b),
            Job::Sitemap => ("sitemap.xml".into(), "sitemap.xml", self.sitemap()),
        };
        let context = Context::from_value(Value::Object(ctx))
            .map_err(|e| template_diagnostic(template, &e))?;
        let html = self
            .tera
            .render(template, &context)
            .map_err(|e| template_diagnostic(&format!("templates/{template} ({path})"), &e))?;
        Ok((path, html.into_bytes()))
    }

    fn t(&self, key: &str) -> String {
        self.base
            .get("t")
            .and_then(|t| t.get(key))
            .and_then(Value::as_str)
            .unwrap_or(key)
            .to_string()
    }

    /// The context every page starts from: site, strings, and `page` (title, URLs, description).
    fn page_ctx(
        &self,
        kind: &str,
        title: &str,
        path: &str,
        description: &str,
    ) -> Map<String, Value> {
        let mut ctx = self.base.clone();
        let url_path = path.trim_end_matches("index.html");
        ctx.insert("page".into(), json!({
            "type": kind, "title": title, "path": url_path, "url": self.urls.url(url_path),
            "permalink": self.urls.permalink(url_path),
            "description": if description.is_empty() { self.site.config.description.as_str() } else { description },
        }));
        ctx
    }

    fn home(&self) -> Map<String, Value> {
        let site = self.site;
        let title = site
            .home
            .as_ref()
            .and_then(|h| h.meta.title.clone())
            .unwrap_or_else(|| site.config.title.clone());
        let mut ctx = self.page_ctx("home", &title, "", "");
        let totals = crate::stats::Bucket {
            stories: self.stats.totals.stories,
            by_kind: self.stats.totals.by_kind.clone(),
            metrics: self.stats.totals.metrics.clone(),
        };
        ctx.insert("home".into(), json!({"title": title, "content": site.home.as_ref().map(|h| h.body.html.as_str()).unwrap_or("")}));
        ctx.insert("figures".into(), figures(&site.config, &totals, &self.urls));
        ctx.insert(
            "totals".into(),
            json!({"branches": self.stats.totals.branches, "members": self.stats.totals.members}),
        );
        ctx.insert(
            "latest".into(),
            Value::Array(self.cards.iter().take(10).cloned().collect()),
        );
        ctx.insert("branches".into(), self.branch_tree());
        ctx
    }

    fn branch_tree(&self) -> Value {
        let site = self.site;
        Value::Array(
            (0..site.branches.len())
                .filter(|&b| site.branches[b].parent.is_none())
                .map(|b| branch_ref(site, b, &self.urls))
                .collect(),
        )
    }

    fn branches(&self) -> Map<String, Value> {
        let mut ctx = self.page_ctx("branches", &self.t("branches"), "branches/", "");
        ctx.insert("branches".into(), self.branch_tree());
        ctx.insert(
            "all_branches".into(),
            Value::Array(
                (0..self.site.branches.len())
                    .map(|b| branch_ref(self.site, b, &self.urls))
                    .collect(),
            ),
        );
        ctx
    }

    fn branch(&self, b: usize) -> Map<String, Value> {
        let site = self.site;
        let br = &site.branches[b];
        let mut ctx = self.page_ctx("branch", &br.meta.name, &br.path, &br.body.summary);
        let bs = &self.stats.branches[b];
        let bucket = crate::stats::Bucket {
            stories: bs.stories,
            by_kind: bs.by_kind.clone(),
            metrics: bs.metrics.clone(),
        };
        let lang = site.config.language;
        let by_kind: Vec<Value> = site.config.kinds.iter().enumerate().map(|(k, kind)| {
            let stories: Vec<Value> = br.stories.iter().filter(|&&s| site.stories[s].meta.kind == k).map(|&s| self.light[s].clone()).collect();
            json!({"key": kind.key, "name": kind.display(lang), "url": self.urls.url(&format!("{}{}/", br.path, kind.key)),
                "count": stories.len(), "stories": stories})
        }).collect();
        let mut timeline: BTreeMap<std::cmp::Reverse<i16>, Vec<Value>> = BTreeMap::new();
        for &s in &br.stories {
            timeline
                .entry(std::cmp::Reverse(site.stories[s].date().year()))
                .or_default()
                .push(self.light[s].clone());
        }
        ctx.insert("branch".into(), branch_view(site, b, &self.urls));
        ctx.insert("figures".into(), figures(&site.config, &bucket, &self.urls));
        ctx.insert("by_kind".into(), Value::Array(by_kind));
        ctx.insert(
            "timeline".into(),
            Value::Array(
                timeline
                    .into_iter()
                    .map(|(y, s)| json!({"year": y.0, "stories": s}))
                    .collect(),
            ),
        );
        ctx
    }

    fn story(&self, i: usize) -> Map<String, Value> {
        let site = self.site;
        let s = &site.stories[i];
        let summary = self.cards[i]["summary"].as_str().unwrap_or("").to_string();
        let mut ctx = self.page_ctx("story", &s.meta.title, &s.path, &summary);
        if let Some(cover) = &s.cover {
            ctx["page"]["image"] = json!(self.urls.permalink(cover));
        }
        // Previous and next within the story's own branch, in time order.
        let own = &site.branches[s.branch].stories;
        let pos = own.iter().position(|&x| x == i);
        let newer = pos
            .and_then(|p| p.checked_sub(1))
            .map(|p| self.light[own[p]].clone());
        let older = pos
            .and_then(|p| own.get(p + 1))
            .map(|&x| self.light[x].clone());
        ctx.insert("story".into(), story_view(site, i, &self.cards[i]));
        ctx.insert("newer".into(), newer.unwrap_or(Value::Null));
        ctx.insert("older".into(), older.unwrap_or(Value::Null));
        ctx
    }

    fn page(&self, p: usize) -> Map<String, Value> {
        let page = &self.site.pages[p];
        let title = page.meta.title.clone().unwrap_or_default();
        let summary = page
            .meta
            .summary
            .clone()
            .unwrap_or_else(|| page.body.summary.clone());
        let mut ctx = self.page_ctx("page", &title, &page.path, &summary);
        ctx.insert("content".into(), json!(page.body.html));
        ctx.insert(
            "date_display".into(),
            json!(
                page.meta
                    .date
                    .map(|d| format_date(d, self.site.config.language))
            ),
        );
        ctx
    }

    fn list(&self, l: usize, n: usize) -> Map<String, Value> {
        let list = &self.lists[l];
        let per = self.site.config.paginate;
        let mut ctx = self.page_ctx(list.kind, &list.title, &list.page_path(n), "");
        let items: Vec<Value> = list
            .items
            .iter()
            .skip(n * per)
            .take(per)
            .map(|&s| self.light[s].clone())
            .collect();
        ctx.insert("groups".into(), list.group(&items, self.site));
        ctx.insert("items".into(), Value::Array(items));
        ctx.insert("paginator".into(), list.paginator(n, per, &self.urls));
        ctx.insert("list".into(), list.extra.clone());
        ctx
    }

    fn stats_page(&self) -> Map<String, Value> {
        let mut ctx = self.page_ctx("stats", &self.t("stats"), "stats/", "");
        ctx.insert(
            "dashboard".into(),
            lists::dashboard(self.site, self.stats, &self.urls),
        );
        ctx
    }

    fn feed(&self, branch: Option<usize>) -> (String, &'static str, Map<String, Value>) {
        let site = self.site;
        let (path, title, stories): (String, String, Vec<usize>) = match branch {
            None => (
                String::new(),
                site.config.title.clone(),
                (0..site.stories.len()).take(20).collect(),
            ),
            Some(b) => {
                let br = &site.branches[b];
                (
                    br.path.clone(),
                    format!("{} - {}", br.meta.name, site.config.title),
                    br.stories.iter().take(20).copied().collect(),
                )
            }
        };
        let updated = stories
            .first()
            .map(|&s| site.stories[s].date())
            .map(|d| format!("{d}T00:00:00Z"))
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
        let entries: Vec<Value> = stories
            .iter()
            .map(|&s| {
                let st = &site.stories[s];
                let mut card = self.cards[s].clone();
                card["content"] = json!(st.body.html);
                card["updated_rfc3339"] = json!(format!(
                    "{}T00:00:00Z",
                    st.meta.updated.unwrap_or(st.date())
                ));
                card["published_rfc3339"] = json!(format!("{}T00:00:00Z", st.date()));
                card
            })
            .collect();
        let mut ctx = self.page_ctx("feed", &title, &path, "");
        ctx.insert(
            "feed".into(),
            json!({
                "title": title, "self_url": self.urls.permalink(&format!("{path}atom.xml")),
                "alternate": self.urls.permalink(&path), "updated": updated, "entries": entries,
            }),
        );
        (format!("{path}atom.xml"), "atom.xml", ctx)
    }

    fn sitemap(&self) -> Map<String, Value> {
        let site = self.site;
        let mut entries: Vec<(String, Option<String>)> = vec![
            (String::new(), None),
            ("branches/".into(), None),
            ("stats/".into(), None),
        ];
        entries.extend(site.branches.iter().map(|b| (b.path.clone(), None)));
        entries.extend(site.stories.iter().map(|s| {
            (
                s.path.clone(),
                Some(s.meta.updated.unwrap_or(s.date()).to_string()),
            )
        }));
        entries.extend(site.pages.iter().map(|p| (p.path.clone(), None)));
        for l in &self.lists {
            entries.extend((0..l.page_count(site.config.paginate)).map(|n| (l.page_path(n), None)));
        }
        entries.sort();
        let mut ctx = self.page_ctx("sitemap", "sitemap", "sitemap.xml", "");
        ctx.insert(
            "entries".into(),
            Value::Array(
                entries
                    .into_iter()
                    .map(|(p, d)| json!({"loc": self.urls.permalink(&p), "lastmod": d}))
                    .collect(),
            ),
        );
        ctx
    }
}

/// The part of a card that lists need: its HTML, and what they sort, group and link by.
fn light_card(card: &Value) -> Value {
    let mut light = Map::new();
    for key in [
        "html",
        "title",
        "url",
        "date",
        "date_display",
        "year",
        "kind",
        "kind_name",
    ] {
        light.insert(key.into(), card[key].clone());
    }
    light.insert("headline".into(), card["headline"]["value"].clone());
    Value::Object(light)
}

/// Pages that set `order`, in that order: they join the menu.
fn menu_pages(site: &Site) -> impl Iterator<Item = &crate::model::Page> {
    let mut pages: Vec<_> = site
        .pages
        .iter()
        .filter(|p| p.meta.order.is_some())
        .collect();
    pages.sort_by_key(|p| (p.meta.order, &p.path));
    pages.into_iter()
}

fn base_context(site: &Site, theme: &Theme, urls: &Urls) -> Map<String, Value> {
    let config = &site.config;
    let lang = config.language;
    let mut ctx = Map::new();
    let nav: Vec<Value> = std::iter::once(json!({"name": theme.strings.get("branches").cloned().unwrap_or_default(), "url": urls.url("branches/")}))
        .chain(config.kinds.iter().map(|k| json!({"name": k.display(lang), "url": urls.url(&format!("{}/", k.key))})))
        .chain(std::iter::once(json!({"name": theme.strings.get("stats").cloned().unwrap_or_default(), "url": urls.url("stats/")})))
        .chain(menu_pages(site).map(|p| json!({"name": p.meta.title, "url": urls.url(&p.path)})))
        .collect();
    ctx.insert("site".into(), json!({
        "title": config.title, "description": config.description, "base_url": config.base_url,
        "base_path": config.base_path(), "language": lang.tag(), "url": urls.url(""),
        "feed_url": urls.url("atom.xml"), "static_url": urls.url(""),
        "kinds": config.kinds.iter().map(|k| json!({"key": k.key, "name": k.display(lang), "url": urls.url(&format!("{}/", k.key))})).collect::<Vec<_>>(),
        "taxonomies": config.taxonomies.iter().map(|t| json!({"name": t.name, "label": view::label(&t.label, t.label_en.as_deref(), lang),
            "url": urls.url(&format!("{}/", t.name))})).collect::<Vec<_>>(),
        "nav": nav,
        "extra": config.extra,
    }));
    ctx.insert(
        "t".into(),
        serde_json::to_value(&theme.strings).unwrap_or(Value::Null),
    );
    ctx
}

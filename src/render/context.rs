//! The context of each page type: what templates receive, assembled from
//! the precomputed views (cards, branch views, figures, lists).

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::view::{
    PageMeta, Urls, branch_ref, branch_view, figures, image_view, story_view, to_value,
};
use super::{Renderer, charts, lists};
use crate::format::format_date;
use crate::model::Site;
use crate::theme::Theme;

impl Renderer<'_> {
    /// What lists carry of story `s`, as a template value.
    fn item(&self, s: usize) -> Value {
        to_value(&self.views.cards[s].item())
    }

    pub(super) fn t(&self, key: &str) -> String {
        self.views
            .base
            .get("t")
            .and_then(|t| t.get(key))
            .and_then(Value::as_str)
            .unwrap_or(key)
            .to_string()
    }

    /// Sets the page's sharing image (`page.image`, and `page.image_width`
    /// and `page.image_height` when known).
    fn set_page_image(&self, page: &mut PageMeta, path: &str) {
        let view = image_view(self.site, path, &self.views.urls);
        page.image = Some(view["og"]["url"].clone());
        page.image_width = Some(view["og"]["width"].clone());
        page.image_height = Some(view["og"]["height"].clone());
    }

    /// What a page knows of itself: kind, title, URLs, description (the
    /// site's when empty).
    fn page_meta(&self, kind: &str, title: &str, path: &str, description: &str) -> PageMeta {
        let url_path = path.trim_end_matches("index.html");
        PageMeta {
            kind: kind.to_string(),
            title: title.to_string(),
            path: url_path.to_string(),
            url: self.views.urls.url(url_path),
            permalink: self.views.urls.permalink(url_path),
            description: if description.is_empty() {
                self.site.config.description.clone()
            } else {
                description.to_string()
            },
            feed_url: None,
            image: None,
            image_width: None,
            image_height: None,
        }
    }

    /// The context every page starts from: site, strings, and `page`.
    pub(super) fn page_ctx(
        &self,
        kind: &str,
        title: &str,
        path: &str,
        description: &str,
    ) -> Map<String, Value> {
        self.with_page(&self.page_meta(kind, title, path, description))
    }

    /// The site and strings, with `page`.
    fn with_page(&self, page: &PageMeta) -> Map<String, Value> {
        let mut ctx = self.views.base.clone();
        ctx.insert("page".into(), to_value(page));
        ctx
    }

    pub(super) fn home(&self) -> Map<String, Value> {
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
        ctx.insert(
            "figures".into(),
            figures(&site.config, &totals, &self.views.urls),
        );
        ctx.insert(
            "totals".into(),
            json!({"branches": self.stats.totals.branches, "members": self.stats.totals.members}),
        );
        ctx.insert(
            "latest".into(),
            Value::Array(self.views.cards.iter().take(10).map(to_value).collect()),
        );
        ctx.insert("branches".into(), self.branch_tree());
        ctx
    }

    pub(super) fn branch_tree(&self) -> Value {
        let site = self.site;
        Value::Array(
            (0..site.branches.len())
                .filter(|&b| site.branches[b].parent.is_none())
                .map(|b| branch_ref(site, b, &self.views.urls))
                .collect(),
        )
    }

    pub(super) fn branches(&self) -> Map<String, Value> {
        let mut ctx = self.page_ctx("branches", &self.t("branches"), "branches/", "");
        ctx.insert("branches".into(), self.branch_tree());
        ctx.insert(
            "all_branches".into(),
            Value::Array(
                (0..self.site.branches.len())
                    .map(|b| branch_ref(self.site, b, &self.views.urls))
                    .collect(),
            ),
        );
        ctx
    }

    pub(super) fn branch(&self, b: usize) -> Map<String, Value> {
        let site = self.site;
        let br = &site.branches[b];
        let mut page = self.page_meta("branch", &br.meta.name, &br.path, &br.body.summary);
        page.feed_url = Some(self.views.urls.url(&format!("{}atom.xml", br.path)));
        if let Some(cover) = br.cover.as_ref().or(br.logo.as_ref()) {
            self.set_page_image(&mut page, cover);
        }
        let mut ctx = self.with_page(&page);
        let bs = &self.stats.branches[b];
        let bucket = crate::stats::Bucket {
            stories: bs.stories,
            by_kind: bs.by_kind.clone(),
            metrics: bs.metrics.clone(),
        };
        let lang = site.config.language;
        let by_kind: Vec<Value> = site.config.kinds.iter().enumerate().map(|(k, kind)| {
            let stories: Vec<Value> = br.stories.iter().filter(|&&s| site.stories[s].meta.kind == k).map(|&s| self.item(s)).collect();
            json!({"key": kind.key, "name": kind.display(lang), "url": self.views.urls.url(&format!("{}{}/", br.path, kind.key)),
                "count": stories.len(), "stories": stories})
        }).collect();
        let mut timeline: BTreeMap<std::cmp::Reverse<i16>, Vec<Value>> = BTreeMap::new();
        for &s in &br.stories {
            timeline
                .entry(std::cmp::Reverse(site.stories[s].date().year()))
                .or_default()
                .push(self.item(s));
        }
        ctx.insert("branch".into(), branch_view(site, b, &self.views.urls));
        ctx.insert(
            "charts".into(),
            json!({
                "by_year": charts::periods(&site.config, &bs.by_year, None),
                "fields": charts::field_charts(&site.config, &bs.by_field, true),
            }),
        );
        ctx.insert(
            "figures".into(),
            figures(&site.config, &bucket, &self.views.urls),
        );
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

    pub(super) fn story(&self, i: usize) -> Map<String, Value> {
        let site = self.site;
        let s = &site.stories[i];
        let summary = self.views.cards[i].summary.clone();
        let mut page = self.page_meta("story", &s.meta.title, &s.path, &summary);
        if let Some(cover) = &s.cover {
            self.set_page_image(&mut page, cover);
        }
        let mut ctx = self.with_page(&page);
        // Previous and next within the story's own branch, in time order.
        let own = &site.branches[s.branch].stories;
        let pos = own.iter().position(|&x| x == i);
        let newer = pos
            .and_then(|p| p.checked_sub(1))
            .map(|p| self.item(own[p]));
        let older = pos.and_then(|p| own.get(p + 1)).map(|&x| self.item(x));
        ctx.insert("story".into(), story_view(site, i, &self.views.cards[i]));
        ctx.insert("newer".into(), newer.unwrap_or(Value::Null));
        ctx.insert("older".into(), older.unwrap_or(Value::Null));
        ctx
    }

    pub(super) fn page(&self, p: usize) -> Map<String, Value> {
        let page = &self.site.pages[p];
        let title = page.meta.title.clone().unwrap_or_default();
        let summary = page
            .meta
            .summary
            .clone()
            .unwrap_or_else(|| page.body.summary.clone());
        let mut ctx = self.page_ctx("page", &title, &page.path, &summary);
        ctx.insert("content".into(), json!(page.body.html));
        ctx.insert("has_code".into(), json!(page.body.html.contains("<pre")));
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

    pub(super) fn list(&self, l: usize, n: usize) -> Map<String, Value> {
        let list = &self.views.lists[l];
        let per = self.site.config.paginate;
        let mut ctx = self.page_ctx(list.kind, &list.title, &list.page_path(n), "");
        let items: Vec<Value> = list
            .items
            .iter()
            .skip(n * per)
            .take(per)
            .map(|&s| self.item(s))
            .collect();
        ctx.insert("groups".into(), list.group(&items));
        ctx.insert("items".into(), Value::Array(items));
        ctx.insert("paginator".into(), list.paginator(n, per, &self.views.urls));
        ctx.insert("list".into(), list.extra.clone());
        ctx
    }

    /// The search page: the filters' values (the search itself runs in the browser).
    pub(super) fn search_page(&self) -> Map<String, Value> {
        let site = self.site;
        let lang = site.config.language;
        let mut ctx = self.page_ctx("search", &self.t("search_title"), "search/", "");
        let published = || site.stories.iter().filter(|s| !s.meta.draft);
        let mut kinds: Vec<String> = site
            .config
            .kinds
            .iter()
            .enumerate()
            .filter(|(k, _)| published().any(|s| s.meta.kind == *k))
            .map(|(_, kind)| kind.display(lang).to_string())
            .collect();
        kinds.push(self.t("search_kind_branch"));
        let years: std::collections::BTreeSet<std::cmp::Reverse<i16>> = published()
            .map(|s| std::cmp::Reverse(s.date().year()))
            .collect();
        ctx.insert(
            "filters".into(),
            json!({
                "branches": site.branches.iter().map(|b| b.meta.name.as_str()).collect::<Vec<_>>(),
                "kinds": kinds,
                "years": years.into_iter().map(|y| y.0).collect::<Vec<_>>(),
            }),
        );
        ctx
    }

    pub(super) fn stats_page(&self) -> Map<String, Value> {
        let mut ctx = self.page_ctx("stats", &self.t("stats"), "stats/", "");
        ctx.insert(
            "dashboard".into(),
            lists::dashboard(self.site, self.stats, &self.views.urls),
        );
        ctx.insert(
            "charts".into(),
            charts::dashboard(&self.site.config, self.stats, &self.views.urls),
        );
        ctx
    }

    pub(super) fn feed(&self, branch: Option<usize>) -> (String, &'static str, Map<String, Value>) {
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
                let mut card = to_value(&self.views.cards[s]);
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
                "title": title, "self_url": self.views.urls.permalink(&format!("{path}atom.xml")),
                "alternate": self.views.urls.permalink(&path), "updated": updated, "entries": entries,
            }),
        );
        (format!("{path}atom.xml"), "atom.xml", ctx)
    }

    pub(super) fn sitemap(&self) -> Map<String, Value> {
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
        for l in &self.views.lists {
            entries.extend((0..l.page_count(site.config.paginate)).map(|n| (l.page_path(n), None)));
        }
        entries.sort();
        let mut ctx = self.page_ctx("sitemap", "sitemap", "sitemap.xml", "");
        ctx.insert(
            "entries".into(),
            Value::Array(
                entries
                    .into_iter()
                    .map(|(p, d)| json!({"loc": self.views.urls.permalink(&p), "lastmod": d}))
                    .collect(),
            ),
        );
        ctx
    }
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

pub(super) fn base_context(site: &Site, theme: &Theme, urls: &Urls) -> Map<String, Value> {
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
        "taxonomies": config.taxonomies.iter().map(|t| json!({"name": t.name, "label": crate::format::label(&t.label, t.label_en.as_deref(), lang),
            "url": urls.url(&format!("{}/", t.name))})).collect::<Vec<_>>(),
        "nav": nav,
        "search_url": if config.search { Value::String(urls.url("search/")) } else { Value::Null },
        "built_on": config.built_on.map(|d| format_date(d, lang)),
        "extra": config.extra,
    }));
    ctx.insert(
        "t".into(),
        serde_json::to_value(&theme.strings).unwrap_or(Value::Null),
    );
    ctx
}

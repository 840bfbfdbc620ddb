//! The context of each page type: what templates receive, assembled from
//! the precomputed views (cards, branch views, figures, lists) and views
//! borrowed from the model for the page at hand.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

use super::figure::figures;
use super::view::{
    BranchRef, ListItem, PageMeta, SharingImage, StoryCard, Urls, branch_ref, branch_view,
    image_view, story_view,
};
use super::{Renderer, charts, dashboard};
use crate::format::{format_date, label};
use crate::model::Site;
use crate::theme::Theme;

/// `site` in every template.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    /// Site title.
    pub title: &'a str,
    /// One-line description.
    pub description: &'a str,
    /// Absolute base URL.
    pub base_url: &'a str,
    /// Its path part (`/`).
    pub base_path: &'a str,
    /// `zh-CN` or `en`.
    pub language: &'static str,
    /// The home page.
    pub url: String,
    /// The site's feed.
    pub feed_url: String,
    /// Where the theme's static files are.
    pub static_url: String,
    /// Every kind, linked to its list.
    pub kinds: Vec<KindLink<'a>>,
    /// Every taxonomy, linked to its index.
    pub taxonomies: Vec<TaxonomyLink<'a>>,
    /// The main menu.
    pub nav: Vec<NavLink<'a>>,
    /// The search page, when search is on.
    pub search_url: Option<String>,
    /// When the site was last updated, for readers (`build_date: true`).
    pub built_on: Option<String>,
    /// Free data for the theme (`extra:` of site.yaml).
    pub extra: &'a serde_json::Value,
}

/// A kind, linked to its list.
#[derive(Debug, Serialize)]
pub struct KindLink<'a> {
    /// Kind key.
    pub key: &'a str,
    /// Name in the site's language.
    pub name: &'a str,
    /// Its list.
    pub url: String,
}

/// A taxonomy, linked to its index.
#[derive(Debug, Serialize)]
pub struct TaxonomyLink<'a> {
    /// Name (`tags`).
    pub name: &'a str,
    /// Label in the site's language.
    pub label: &'a str,
    /// Its index.
    pub url: String,
}

/// An entry of the main menu.
#[derive(Debug, Serialize)]
pub struct NavLink<'a> {
    /// Its text (a page without a title has none).
    pub name: Option<&'a str>,
    /// Where it goes.
    pub url: String,
}

/// `home` of the home page.
#[derive(Debug, Serialize)]
pub struct HomeView<'a> {
    /// The home page's title, or the site's.
    pub title: &'a str,
    /// content/_index.md's HTML.
    pub content: &'a str,
}

/// `totals` of the home page.
#[derive(Debug, Serialize)]
pub struct HomeTotals {
    /// Branches.
    pub branches: u64,
    /// Party members.
    pub members: i64,
}

/// A kind's box on a branch page (`by_kind`).
#[derive(Debug, Serialize)]
pub struct KindSection<'a> {
    /// Kind key.
    pub key: &'a str,
    /// Kind name.
    pub name: &'a str,
    /// The branch's list of the kind.
    pub url: String,
    /// Stories.
    pub count: usize,
    /// The stories, newest first.
    pub stories: Vec<ListItem<'a>>,
}

/// A year of a branch's timeline.
#[derive(Debug, Serialize)]
pub struct TimelineYear<'a> {
    /// The year.
    pub year: i16,
    /// Its stories, newest first.
    pub stories: Vec<ListItem<'a>>,
}

/// `filters` of the search page: the values each filter offers.
#[derive(Debug, Serialize)]
pub struct Filters<'a> {
    /// Branch names.
    pub branches: Vec<&'a str>,
    /// Names of the kinds with published stories, then the word for branches.
    pub kinds: Vec<&'a str>,
    /// Years with published stories, newest first.
    pub years: Vec<i16>,
}

/// `feed` of atom.xml.
#[derive(Debug, Serialize)]
pub struct FeedView<'a> {
    /// Feed title.
    pub title: &'a str,
    /// The feed's own address.
    pub self_url: String,
    /// The page it is the feed of.
    pub alternate: String,
    /// The newest story's date, RFC 3339.
    pub updated: String,
    /// The newest stories.
    pub entries: Vec<FeedEntry<'a>>,
}

/// An entry of a feed: the story's card, and what a feed adds.
#[derive(Debug, Serialize)]
pub struct FeedEntry<'a> {
    /// The card (its keys first).
    #[serde(flatten)]
    pub card: &'a StoryCard,
    /// The body's HTML.
    pub content: &'a str,
    /// `updated` (or the date), RFC 3339.
    pub updated_rfc3339: String,
    /// The date, RFC 3339.
    pub published_rfc3339: String,
}

/// A URL of the sitemap.
#[derive(Debug, Serialize)]
pub struct SitemapEntry {
    /// Absolute URL.
    pub loc: String,
    /// A story's `updated` (or date).
    pub lastmod: Option<String>,
}

impl Renderer<'_> {
    /// What lists carry of story `s`.
    fn item(&self, s: usize) -> ListItem<'_> {
        self.views.cards[s].item()
    }

    /// The theme's string `key` (the key itself when the theme lacks it).
    pub(super) fn t<'k>(&'k self, key: &'k str) -> &'k str {
        self.views.strings.get(key).map_or(key, String::as_str)
    }

    /// The sharing image of a page whose cover (or logo) is at `path`.
    fn sharing_image(&self, path: &str) -> SharingImage {
        let og = image_view(self.site, path, &self.views.urls).og;
        SharingImage {
            image: og.url,
            image_width: og.size.map(|s| s.width),
            image_height: og.size.map(|s| s.height),
        }
    }

    /// What a page knows of itself: kind, title, URLs, description (the
    /// site's when empty).
    fn page_meta<'a>(
        &'a self,
        kind: &'a str,
        title: &'a str,
        path: &'a str,
        description: &'a str,
    ) -> PageMeta<'a> {
        let url_path = path.trim_end_matches("index.html");
        PageMeta {
            kind,
            title,
            path: url_path,
            url: self.views.urls.url(url_path),
            permalink: self.views.urls.permalink(url_path),
            description: if description.is_empty() {
                &self.site.config.description
            } else {
                description
            },
            feed_url: None,
            image: None,
        }
    }

    /// The context every page starts from: site, strings, and `page`.
    pub(super) fn page_ctx(
        &self,
        kind: &str,
        title: &str,
        path: &str,
        description: &str,
    ) -> Context {
        self.with_page(&self.page_meta(kind, title, path, description))
    }

    /// The site and strings, with `page`.
    fn with_page(&self, page: &PageMeta) -> Context {
        let mut ctx = self.views.base.clone();
        ctx.insert("page", page);
        ctx
    }

    pub(super) fn home(&self) -> Context {
        let site = self.site;
        let title = site
            .home
            .as_ref()
            .and_then(|h| h.meta.title.as_deref())
            .unwrap_or(&site.config.title);
        let mut ctx = self.page_ctx("home", title, "", "");
        let content = site.home.as_ref().map_or("", |h| h.body.html.as_str());
        ctx.insert("home", &HomeView { title, content });
        let totals = &self.stats.totals;
        ctx.insert(
            "figures",
            &figures(&site.config, totals.into(), &self.views.urls),
        );
        ctx.insert(
            "totals",
            &HomeTotals {
                branches: totals.branches,
                members: totals.members,
            },
        );
        let latest: Vec<&StoryCard> = self.views.cards.iter().take(10).collect();
        ctx.insert("latest", &latest);
        ctx.insert("branches", &self.branch_tree());
        ctx
    }

    /// The branches without a parent, for the grid.
    fn branch_tree(&self) -> Vec<BranchRef<'_>> {
        let site = self.site;
        (0..site.branches.len())
            .filter(|&b| site.branches[b].parent.is_none())
            .map(|b| branch_ref(site, b, &self.views.urls))
            .collect()
    }

    pub(super) fn branches(&self) -> Context {
        let mut ctx = self.page_ctx("branches", self.t("branches"), "branches/", "");
        ctx.insert("branches", &self.branch_tree());
        let all: Vec<BranchRef> = (0..self.site.branches.len())
            .map(|b| branch_ref(self.site, b, &self.views.urls))
            .collect();
        ctx.insert("all_branches", &all);
        ctx
    }

    pub(super) fn branch(&self, b: usize) -> Context {
        let site = self.site;
        let urls = &self.views.urls;
        let br = &site.branches[b];
        let mut page = self.page_meta("branch", &br.meta.name, &br.path, &br.body.summary);
        page.feed_url = Some(urls.url(&format!("{}atom.xml", br.path)));
        page.image = br
            .cover
            .as_ref()
            .or(br.logo.as_ref())
            .map(|cover| self.sharing_image(cover));
        let mut ctx = self.with_page(&page);
        let bs = &self.stats.branches[b];
        let lang = site.config.language;
        let by_kind: Vec<KindSection> = site
            .config
            .kinds
            .iter()
            .enumerate()
            .map(|(k, kind)| {
                let stories: Vec<ListItem> = br
                    .stories
                    .iter()
                    .filter(|&&s| site.stories[s].meta.kind == k)
                    .map(|&s| self.item(s))
                    .collect();
                KindSection {
                    key: &kind.key,
                    name: kind.display(lang),
                    url: urls.url(&format!("{}{}/", br.path, kind.key)),
                    count: stories.len(),
                    stories,
                }
            })
            .collect();
        let mut years: BTreeMap<std::cmp::Reverse<i16>, Vec<ListItem>> = BTreeMap::new();
        for &s in &br.stories {
            let year = std::cmp::Reverse(site.stories[s].date().year());
            years.entry(year).or_default().push(self.item(s));
        }
        let timeline: Vec<TimelineYear> = years
            .into_iter()
            .map(|(year, stories)| TimelineYear {
                year: year.0,
                stories,
            })
            .collect();
        ctx.insert("branch", &branch_view(site, b, urls));
        ctx.insert("charts", &charts::branch(&site.config, bs));
        ctx.insert("figures", &figures(&site.config, bs.into(), urls));
        ctx.insert("by_kind", &by_kind);
        ctx.insert("timeline", &timeline);
        ctx
    }

    pub(super) fn story(&self, i: usize) -> Context {
        let site = self.site;
        let s = &site.stories[i];
        let card = &self.views.cards[i];
        let mut page = self.page_meta("story", &s.meta.title, &s.path, &card.view.summary);
        page.image = s.cover.as_ref().map(|cover| self.sharing_image(cover));
        let mut ctx = self.with_page(&page);
        // Previous and next within the story's own branch, in time order.
        let own = &site.branches[s.branch].stories;
        let pos = own.iter().position(|&x| x == i);
        let newer = pos
            .and_then(|p| p.checked_sub(1))
            .map(|p| self.item(own[p]));
        let older = pos.and_then(|p| own.get(p + 1)).map(|&x| self.item(x));
        ctx.insert("story", &story_view(site, i, card));
        ctx.insert("newer", &newer);
        ctx.insert("older", &older);
        ctx
    }

    pub(super) fn page(&self, p: usize) -> Context {
        let page = &self.site.pages[p];
        let title = page.meta.title.as_deref().unwrap_or_default();
        let summary = page.meta.summary.as_deref().unwrap_or(&page.body.summary);
        let mut ctx = self.page_ctx("page", title, &page.path, summary);
        let lang = self.site.config.language;
        ctx.insert("content", &page.body.html);
        ctx.insert("has_code", &page.body.html.contains("<pre"));
        ctx.insert(
            "date_display",
            &page.meta.date.map(|d| format_date(d, lang)),
        );
        ctx
    }

    pub(super) fn list(&self, l: usize, n: usize) -> Context {
        let list = &self.views.lists[l];
        let per = self.site.config.paginate;
        let path = list.page_path(n);
        let mut ctx = self.page_ctx(list.kind, &list.title, &path, "");
        let items: Vec<ListItem> = list
            .items
            .iter()
            .skip(n * per)
            .take(per)
            .map(|&s| self.item(s))
            .collect();
        let urls = &self.views.urls;
        ctx.insert("groups", &list.group(&items));
        ctx.insert("items", &items);
        ctx.insert("paginator", &list.paginator(n, per, urls));
        ctx.insert("list", &list.view(self.site, self.stats, urls));
        ctx
    }

    /// The search page: the filters' values (the search itself runs in the browser).
    pub(super) fn search_page(&self) -> Context {
        let site = self.site;
        let lang = site.config.language;
        let mut ctx = self.page_ctx("search", self.t("search_title"), "search/", "");
        let published = || site.stories.iter().filter(|s| !s.meta.draft);
        let mut kinds: Vec<&str> = site
            .config
            .kinds
            .iter()
            .enumerate()
            .filter(|(k, _)| published().any(|s| s.meta.kind == *k))
            .map(|(_, kind)| kind.display(lang))
            .collect();
        kinds.push(self.t("search_kind_branch"));
        let years: std::collections::BTreeSet<std::cmp::Reverse<i16>> = published()
            .map(|s| std::cmp::Reverse(s.date().year()))
            .collect();
        let filters = Filters {
            branches: site.branches.iter().map(|b| b.meta.name.as_str()).collect(),
            kinds,
            years: years.into_iter().map(|y| y.0).collect(),
        };
        ctx.insert("filters", &filters);
        ctx
    }

    pub(super) fn stats_page(&self) -> Context {
        let mut ctx = self.page_ctx("stats", self.t("stats"), "stats/", "");
        let (config, urls) = (&self.site.config, &self.views.urls);
        ctx.insert("dashboard", &dashboard::dashboard(config, self.stats, urls));
        ctx.insert("charts", &charts::dashboard(config, self.stats, urls));
        ctx
    }

    pub(super) fn feed(&self, branch: Option<usize>) -> (String, &'static str, Context) {
        let site = self.site;
        let (path, title, stories): (&str, Cow<str>, Vec<usize>) = match branch {
            None => (
                "",
                Cow::Borrowed(&site.config.title),
                (0..site.stories.len()).take(20).collect(),
            ),
            Some(b) => {
                let br = &site.branches[b];
                (
                    &br.path,
                    Cow::Owned(format!("{} - {}", br.meta.name, site.config.title)),
                    br.stories.iter().take(20).copied().collect(),
                )
            }
        };
        let rfc3339 = |d: jiff::civil::Date| format!("{d}T00:00:00Z");
        let updated = stories
            .first()
            .map(|&s| rfc3339(site.stories[s].date()))
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
        let entries = stories
            .iter()
            .map(|&s| {
                let st = &site.stories[s];
                FeedEntry {
                    card: &self.views.cards[s],
                    content: &st.body.html,
                    updated_rfc3339: rfc3339(st.meta.updated.unwrap_or(st.date())),
                    published_rfc3339: rfc3339(st.date()),
                }
            })
            .collect();
        let mut ctx = self.page_ctx("feed", &title, path, "");
        let urls = &self.views.urls;
        let feed = FeedView {
            title: &title,
            self_url: urls.permalink(&format!("{path}atom.xml")),
            alternate: urls.permalink(path),
            updated,
            entries,
        };
        ctx.insert("feed", &feed);
        (format!("{path}atom.xml"), "atom.xml", ctx)
    }

    pub(super) fn sitemap(&self) -> Context {
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
        let entries: Vec<SitemapEntry> = entries
            .into_iter()
            .map(|(p, lastmod)| SitemapEntry {
                loc: self.views.urls.permalink(&p),
                lastmod,
            })
            .collect();
        let mut ctx = self.page_ctx("sitemap", "sitemap", "sitemap.xml", "");
        ctx.insert("entries", &entries);
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

/// `site`: what every page shows of the site.
fn site_view<'a>(site: &'a Site, theme: &'a Theme, urls: &Urls) -> SiteView<'a> {
    let config = &site.config;
    let lang = config.language;
    let word = |k: &str| Some(theme.strings.get(k).map_or("", String::as_str));
    let kinds: Vec<KindLink> = config
        .kinds
        .iter()
        .map(|k| KindLink {
            key: &k.key,
            name: k.display(lang),
            url: urls.url(&format!("{}/", k.key)),
        })
        .collect();
    let nav = std::iter::once(NavLink {
        name: word("branches"),
        url: urls.url("branches/"),
    })
    .chain(kinds.iter().map(|k| NavLink {
        name: Some(k.name),
        url: k.url.clone(),
    }))
    .chain(std::iter::once(NavLink {
        name: word("stats"),
        url: urls.url("stats/"),
    }))
    .chain(menu_pages(site).map(|p| NavLink {
        name: p.meta.title.as_deref(),
        url: urls.url(&p.path),
    }))
    .collect();
    SiteView {
        title: &config.title,
        description: &config.description,
        base_url: &config.base_url,
        base_path: config.base_path(),
        language: lang.tag(),
        url: urls.url(""),
        feed_url: urls.url("atom.xml"),
        static_url: urls.url(""),
        kinds,
        taxonomies: config
            .taxonomies
            .iter()
            .map(|t| TaxonomyLink {
                name: &t.name,
                label: label(&t.label, t.label_en.as_deref(), lang),
                url: urls.url(&format!("{}/", t.name)),
            })
            .collect(),
        nav,
        search_url: config.search.then(|| urls.url("search/")),
        built_on: config.built_on.map(|d| format_date(d, lang)),
        extra: &config.extra,
    }
}

/// The context every page starts from: `site` and the theme's strings (`t`).
pub(super) fn base_context(site: &Site, theme: &Theme, urls: &Urls) -> Context {
    let mut ctx = Context::new();
    ctx.insert("site", &site_view(site, theme, urls));
    ctx.insert("t", &theme.strings);
    ctx
}

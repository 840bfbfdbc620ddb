//! The context of each page type: what templates receive, assembled from
//! the precomputed views (cards, branch views, figures, lists) and views
//! borrowed from the model for the page at hand.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

use super::branch::{BranchRef, branch_ref, branch_view};
use super::figure::figures;
use super::image::image_view;
use super::renderer::Renderer;
use super::story::story_view;
use super::view::{ListItem, PageMeta, SharingImage, StoryCard};
use super::{charts, dashboard};
use crate::format::format_date;

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
    /// The URL of the branch's report of the year (`reports: true`).
    pub report: Option<String>,
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

    /// The site and strings, with `page`. Tera 2's values share their maps
    /// and lists, so copying `base` copies two handles, not the site's view
    /// (Tera 1 copied the whole of it for every page).
    fn with_page(&self, page: &PageMeta) -> Context {
        let mut ctx = self.views.base.clone();
        ctx.insert("page", page);
        ctx
    }

    /// The home page: its text, the totals, the latest cards and the branches.
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

    /// /branches/: the grid of top branches, and every branch.
    pub(super) fn branches(&self) -> Context {
        let mut ctx = self.page_ctx("branches", self.t("branches"), "branches/", "");
        ctx.insert("branches", &self.branch_tree());
        let all: Vec<BranchRef> = (0..self.site.branches.len())
            .map(|b| branch_ref(self.site, b, &self.views.urls))
            .collect();
        ctx.insert("all_branches", &all);
        ctx
    }

    /// A branch's page: its profile, figures, charts, kinds and timeline.
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
        // The years that have reports on the site (a draft's year may not).
        let reported = (site.config.reports)
            .then(|| crate::report::year_range(site))
            .flatten();
        let timeline: Vec<TimelineYear> = years
            .into_iter()
            .map(|(year, stories)| TimelineYear {
                year: year.0,
                stories,
                report: reported
                    .is_some_and(|(lo, hi)| (lo..=hi).contains(&year.0))
                    .then(|| urls.url(&crate::report::branch_path(br, year.0))),
            })
            .collect();
        ctx.insert("branch", &branch_view(site, b, urls));
        ctx.insert("charts", &charts::branch(&site.config, bs));
        ctx.insert("figures", &figures(&site.config, bs.into(), urls));
        ctx.insert("by_kind", &by_kind);
        ctx.insert("timeline", &timeline);
        ctx
    }

    /// A story's page, with the newer and older story of its branch.
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

    /// A plain page.
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

    /// Page `n` of list `l`: its items (grouped on the honor wall), pager and `list`.
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
        let published = || site.stories.iter().filter(|s| s.published());
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

    /// /stats/: the dashboard's tables and charts.
    pub(super) fn stats_page(&self) -> Context {
        let mut ctx = self.page_ctx("stats", self.t("stats"), "stats/", "");
        let (config, urls) = (&self.site.config, &self.views.urls);
        ctx.insert("dashboard", &dashboard::dashboard(config, self.stats, urls));
        ctx.insert("charts", &charts::dashboard(config, self.stats, urls));
        ctx
    }
}

//! The contexts of the feeds (atom.xml, the site's and each branch's) and
//! of sitemap.xml.

use std::borrow::Cow;

use serde::Serialize;
use tera::Context;

use super::renderer::Renderer;
use super::view::StoryCard;

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
    /// The feed of a branch, or of the whole site: its output path, template and context.
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

    /// sitemap.xml: every page, stories with their last change.
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

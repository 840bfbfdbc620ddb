//! Views: what templates receive, computed once per site, branch and story
//! (URLs, formatted dates, labels) so templates only lay them out. Each is a
//! struct whose fields, in order, are the keys templates see. Here: URLs,
//! story cards, list items and what a page knows of itself; the image,
//! branch and story views have modules of their own.

use serde::Serialize;

use super::image::{ImageView, image_view};
pub use super::urls::Urls;
use crate::format::{format_date, label, term_slug};
use crate::model::{Site, Story};
use crate::schema::field_text;

/// A branch as a story names it: its owner, or one that took part.
#[derive(Clone, Debug, Serialize)]
pub struct BranchLink {
    /// Folder name.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Its page.
    pub url: String,
}

impl BranchLink {
    /// Branch `b`, linked.
    pub fn new(site: &Site, b: usize, urls: &Urls) -> BranchLink {
        let br = &site.branches[b];
        BranchLink {
            slug: br.slug.clone(),
            name: br.meta.name.clone(),
            url: urls.url(&br.path),
        }
    }
}

/// The field a kind shows on cards (`headline`), with its label.
#[derive(Clone, Debug, Serialize)]
pub struct Headline {
    /// Field key.
    pub key: String,
    /// Its label in the site's language.
    pub label: String,
    /// The story's value, as text.
    pub value: String,
}

/// A term of a taxonomy, linked to its page.
#[derive(Clone, Debug, Serialize)]
pub struct TermLink {
    /// The term as written.
    pub name: String,
    /// Its page.
    pub url: String,
}

/// The short form of a story used in every list: what templates get as a
/// card (`s` in `partials/card.html`, the items of `latest`), and, once the
/// partial is rendered, its HTML. Typed, so that a renamed key is a
/// compile error here rather than an empty spot on a page.
#[derive(Clone, Debug, Serialize)]
pub struct StoryCard {
    /// What the card shows (its keys come first).
    #[serde(flatten)]
    pub view: CardView,
    /// The card's HTML (`partials/card.html`); empty until rendered.
    pub html: String,
}

/// A story's card without its HTML; the story's own page starts from it.
#[derive(Clone, Debug, Serialize)]
pub struct CardView {
    /// Title.
    pub title: String,
    /// Site-relative URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// `2024-03-26`.
    pub date: String,
    /// `2024年3月26日` or `March 26, 2024`.
    pub date_display: String,
    /// The date's year.
    pub year: i16,
    /// Kind key (`activities`).
    pub kind: String,
    /// Kind name in the site's language.
    pub kind_name: String,
    /// The kind's list.
    pub kind_url: String,
    /// The branch that published it.
    pub branch: BranchLink,
    /// Branches that took part.
    pub with: Vec<BranchLink>,
    /// Front matter's summary, or the body's first paragraph, cut.
    pub summary: String,
    /// Cover image URL.
    pub cover: Option<String>,
    /// Cover image sizes (see [`image_view`]).
    pub cover_image: Option<ImageView>,
    /// The kind's headline field, when the story has it.
    pub headline: Option<Headline>,
    /// Terms of every taxonomy.
    pub tags: Vec<TermLink>,
    /// `draft: true` (shown only while previewing).
    pub draft: bool,
    /// Not yet approved at every review stage (shown only while previewing).
    pub pending_review: bool,
}

/// What a list carries per story: the card's HTML and what lists sort,
/// group and link by.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct ListItem<'a> {
    /// See [`StoryCard`].
    pub html: &'a str,
    /// Title.
    pub title: &'a str,
    /// Site-relative URL.
    pub url: &'a str,
    /// `2024-03-26`.
    pub date: &'a str,
    /// Date for readers.
    pub date_display: &'a str,
    /// Year.
    pub year: i16,
    /// Kind key.
    pub kind: &'a str,
    /// Kind name.
    pub kind_name: &'a str,
    /// The headline field's value.
    pub headline: Option<&'a str>,
}

/// The kind's headline field of story `s`, labelled, when the story has it.
fn headline(site: &Site, s: &Story) -> Option<Headline> {
    let kind = &site.config.kinds[s.meta.kind];
    let h = kind.headline.as_ref()?;
    let spec = kind.field(h)?;
    let value = s
        .meta
        .fields
        .iter()
        .find(|(k, _)| k == h)
        .map(|(_, v)| field_text(v))?;
    Some(Headline {
        key: h.clone(),
        label: label(
            spec.label.as_deref().unwrap_or(h),
            spec.label_en.as_deref(),
            site.config.language,
        )
        .to_string(),
        value,
    })
}

impl StoryCard {
    /// The card of story `i` (its `html` still empty).
    pub fn new(site: &Site, i: usize, urls: &Urls) -> StoryCard {
        let s = &site.stories[i];
        let config = &site.config;
        let lang = config.language;
        let kind = &config.kinds[s.meta.kind];
        let tags = s
            .meta
            .taxonomies
            .iter()
            .flat_map(|(t, terms)| {
                let tax = &config.taxonomies[*t].name;
                terms.iter().map(move |term| TermLink {
                    name: term.clone(),
                    url: urls.url(&format!("{tax}/{}/", term_slug(term))),
                })
            })
            .collect();
        let view = CardView {
            title: s.meta.title.clone(),
            url: urls.url(&s.path),
            permalink: urls.permalink(&s.path),
            date: s.date().to_string(),
            date_display: format_date(s.date(), lang),
            year: s.date().year(),
            kind: kind.key.clone(),
            kind_name: kind.display(lang).to_string(),
            kind_url: urls.url(&format!("{}/", kind.key)),
            branch: BranchLink::new(site, s.branch, urls),
            with: s
                .with
                .iter()
                .map(|&b| BranchLink::new(site, b, urls))
                .collect(),
            summary: s
                .meta
                .summary
                .clone()
                .unwrap_or_else(|| s.body.summary.clone()),
            cover: s.cover.as_ref().map(|c| urls.url(c)),
            cover_image: s.cover.as_ref().map(|c| image_view(site, c, urls)),
            headline: headline(site, s),
            tags,
            draft: s.meta.draft,
            pending_review: !s.meta.draft && !s.published(),
        };
        StoryCard {
            view,
            html: String::new(),
        }
    }

    /// What lists carry of it.
    pub fn item(&self) -> ListItem<'_> {
        let v = &self.view;
        ListItem {
            html: &self.html,
            title: &v.title,
            url: &v.url,
            date: &v.date,
            date_display: &v.date_display,
            year: v.year,
            kind: &v.kind,
            kind_name: &v.kind_name,
            headline: v.headline.as_ref().map(|h| h.value.as_str()),
        }
    }
}

/// What every page knows of itself: `page` in templates.
#[derive(Debug, Serialize)]
pub struct PageMeta<'a> {
    /// `home`, `story`, `branch`, `list`, `search`, `404` …
    #[serde(rename = "type")]
    pub kind: &'a str,
    /// Title.
    pub title: &'a str,
    /// Output path (`branches/x/`).
    pub path: &'a str,
    /// Site-relative URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// For `<meta name="description">`: its own summary, or the site's description.
    pub description: &'a str,
    /// A branch page's own feed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feed_url: Option<String>,
    /// The sharing image (its keys are absent when the page has none).
    #[serde(flatten)]
    pub image: Option<SharingImage>,
}

/// A page's sharing image: `page.image`, `page.image_width`, `page.image_height`.
#[derive(Debug, Serialize)]
pub struct SharingImage {
    /// Absolute URL.
    pub image: String,
    /// Its width, when known.
    pub image_width: Option<u32>,
    /// Its height, when known.
    pub image_height: Option<u32>,
}

//! Views: what templates receive, computed once per site, branch and story
//! (URLs, formatted dates, labels) so templates only lay them out.

use serde::Serialize;

use super::figure::{MetricValue, metric_value};

use crate::config::Config;
use crate::error::Lang;
use crate::format::{field_text, format_date, label, term_slug};
use crate::model::{Site, Story};
use crate::schema::FieldValue;

/// Turns output paths into URLs under the configured base.
pub struct Urls {
    base_path: String,
    base_url: String,
}

impl Urls {
    /// From the configuration's base URL.
    pub fn new(config: &Config) -> Urls {
        Urls {
            base_path: config.base_path().to_string(),
            base_url: config.base_url.clone(),
        }
    }

    /// Site-relative URL of an output path (`/base/branches/x/`); absolute URLs pass through.
    pub fn url(&self, path: &str) -> String {
        if path.contains("://") {
            path.to_string()
        } else {
            format!("{}{path}", self.base_path)
        }
    }

    /// Absolute URL of an output path.
    pub fn permalink(&self, path: &str) -> String {
        if path.contains("://") {
            path.to_string()
        } else {
            format!("{}{path}", self.base_url)
        }
    }
}

/// A size of a processed photo.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Size {
    /// Pixels.
    pub width: u32,
    /// Pixels.
    pub height: u32,
}

/// One variant of a processed photo: `small` of an [`ImageView`].
#[derive(Clone, Debug, Serialize)]
pub struct Variant {
    /// Site-relative URL.
    pub url: String,
    /// Pixels.
    pub width: u32,
    /// Pixels.
    pub height: u32,
}

/// What a processed photo adds to its [`ImageView`].
#[derive(Clone, Debug, Serialize)]
pub struct Photo {
    /// Every variant, for `srcset`.
    pub srcset: String,
    /// Intrinsic width (the largest variant's).
    pub width: u32,
    /// Intrinsic height.
    pub height: u32,
    /// The list thumbnail.
    pub small: Variant,
}

/// An image for Open Graph: absolute URL, and size when known.
#[derive(Clone, Debug, Serialize)]
pub struct OgImage {
    /// Absolute URL.
    pub url: String,
    /// Size, for a processed photo.
    #[serde(flatten)]
    pub size: Option<Size>,
}

/// What templates get for an image named in front matter (`cover`, `logo`):
/// `url` (the variant for sharing), and for a processed photo also `srcset`,
/// its intrinsic `width` and `height`, `small` (the list thumbnail) and `og`
/// (absolute URL and size, for Open Graph).
#[derive(Clone, Debug, Serialize)]
pub struct ImageView {
    /// Site-relative URL of the variant for sharing (or the file as it is).
    pub url: String,
    /// Sizes, when the image is a processed photo (the keys are absent otherwise).
    #[serde(flatten)]
    pub photo: Option<Photo>,
    /// For Open Graph.
    pub og: OgImage,
}

/// The view of the image at output path `path`.
pub fn image_view(site: &Site, path: &str, urls: &Urls) -> ImageView {
    let Some(image) = site.images.get(path) else {
        return ImageView {
            url: urls.url(path),
            photo: None,
            og: OgImage {
                url: urls.permalink(path),
                size: None,
            },
        };
    };
    let og = image.at_least(crate::images::OG_WIDTH);
    let largest = image.largest();
    let small = image.at_least(crate::images::CARD_WIDTH);
    let srcset: Vec<String> = image
        .variants
        .iter()
        .map(|v| format!("{} {}w", urls.url(&v.path), v.width))
        .collect();
    ImageView {
        url: urls.url(&og.path),
        photo: Some(Photo {
            srcset: srcset.join(", "),
            width: largest.width,
            height: largest.height,
            small: Variant {
                url: urls.url(&small.path),
                width: small.width,
                height: small.height,
            },
        }),
        og: OgImage {
            url: urls.permalink(&og.path),
            size: Some(Size {
                width: og.width,
                height: og.height,
            }),
        },
    }
}

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
    fn new(site: &Site, b: usize, urls: &Urls) -> BranchLink {
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

/// The full view of a story for its own page: its card's keys, then these.
#[derive(Debug, Serialize)]
pub struct StoryView<'a> {
    /// The card, without its HTML (that is for lists).
    #[serde(flatten)]
    pub card: &'a CardView,
    /// The body's HTML.
    pub content: &'a str,
    /// Whether the body has a code block (the page then loads highlight.css).
    pub has_code: bool,
    /// The publishing branch's motto.
    pub branch_motto: Option<&'a str>,
    /// The kind's fields, labelled.
    pub fields: Vec<FieldRow<'a>>,
    /// The story's metrics, labelled.
    pub metrics: Vec<MetricValue<'a>>,
    /// Words in the body.
    pub words: usize,
    /// Minutes to read it.
    pub reading_minutes: usize,
    /// Author.
    pub author: Option<&'a str>,
    /// `updated`, `2024-03-26`.
    pub updated: Option<String>,
    /// `updated` for readers.
    pub updated_display: Option<String>,
    /// The source file, with `/`.
    pub source: String,
}

/// One of a story's fields, labelled.
#[derive(Debug, Serialize)]
pub struct FieldRow<'a> {
    /// Field key.
    pub key: &'a str,
    /// Its label in the site's language.
    pub label: &'a str,
    /// The value as text (是/否 for a yes-or-no in Chinese).
    pub value: String,
    /// The value as written.
    pub raw: &'a FieldValue,
}

/// The full view of story `i` for its own page.
pub fn story_view<'a>(site: &'a Site, i: usize, card: &'a StoryCard) -> StoryView<'a> {
    let s: &Story = &site.stories[i];
    let config = &site.config;
    let lang = config.language;
    let kind = &config.kinds[s.meta.kind];
    let fields = s
        .meta
        .fields
        .iter()
        .map(|(k, v)| {
            let spec = kind.field(k);
            let name = spec.map_or(k.as_str(), |sp| {
                label(
                    sp.label.as_deref().unwrap_or(k),
                    sp.label_en.as_deref(),
                    lang,
                )
            });
            let value = match (v, lang) {
                (FieldValue::Bool(b), Lang::ZhCn) => if *b { "是" } else { "否" }.to_string(),
                _ => field_text(v),
            };
            FieldRow {
                key: k,
                label: name,
                value,
                raw: v,
            }
        })
        .collect();
    let metrics = s
        .meta
        .metrics
        .iter()
        .map(|(m, v)| metric_value(config, &config.metrics[*m], *v))
        .collect();
    StoryView {
        card: &card.view,
        content: &s.body.html,
        has_code: s.body.html.contains("<pre"),
        branch_motto: site.branches[s.branch].meta.motto.as_deref(),
        fields,
        metrics,
        words: s.body.words,
        reading_minutes: s.body.minutes,
        author: s.meta.author.as_deref(),
        updated: s.meta.updated.map(|d| d.to_string()),
        updated_display: s.meta.updated.map(|d| format_date(d, lang)),
        source: s.source.to_string_lossy().replace('\\', "/"),
    }
}

/// The short form of a branch used in grids and links.
#[derive(Debug, Serialize)]
pub struct BranchRef<'a> {
    /// Folder name.
    pub slug: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Its page.
    pub url: String,
    /// Logo URL.
    pub logo: Option<String>,
    /// Motto.
    pub motto: Option<&'a str>,
    /// Its Party-building brand.
    pub brand: Option<&'a str>,
    /// Party members.
    pub members: Option<i64>,
    /// Secretary.
    pub secretary: Option<&'a str>,
    /// Published stories (its own and joint ones).
    pub stories: usize,
    /// The general branch above it (slug).
    pub parent: Option<&'a str>,
    /// Branches below it.
    pub children: Vec<BranchLink>,
}

/// Branch `b` as grids and links show it.
pub fn branch_ref<'a>(site: &'a Site, b: usize, urls: &Urls) -> BranchRef<'a> {
    let br = &site.branches[b];
    BranchRef {
        slug: &br.slug,
        name: &br.meta.name,
        url: urls.url(&br.path),
        logo: br.logo.as_ref().map(|l| urls.url(l)),
        motto: br.meta.motto.as_deref(),
        brand: br.meta.brand.as_deref(),
        members: br.meta.members,
        secretary: br.meta.secretary.as_deref(),
        stories: br.stories.len(),
        parent: br.parent.map(|p| site.branches[p].slug.as_str()),
        children: children(site, b, urls),
    }
}

/// The branches below branch `b`, linked.
fn children(site: &Site, b: usize, urls: &Urls) -> Vec<BranchLink> {
    site.branches[b]
        .children
        .iter()
        .map(|&c| BranchLink::new(site, c, urls))
        .collect()
}

/// The full view of a branch for its own page: the keys of [`BranchRef`]
/// (with `parent` linked instead of a slug), then its profile.
#[derive(Debug, Serialize)]
pub struct BranchView<'a> {
    /// Folder name.
    pub slug: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Its page.
    pub url: String,
    /// Logo URL.
    pub logo: Option<String>,
    /// Motto.
    pub motto: Option<&'a str>,
    /// Its Party-building brand.
    pub brand: Option<&'a str>,
    /// Party members.
    pub members: Option<i64>,
    /// Secretary.
    pub secretary: Option<&'a str>,
    /// Published stories (its own and joint ones).
    pub stories: usize,
    /// The general branch above it.
    pub parent: Option<BranchLink>,
    /// Branches below it.
    pub children: Vec<BranchLink>,
    /// Absolute URL.
    pub permalink: String,
    /// Committee members, in written order.
    pub committee: Vec<CommitteeMember<'a>>,
    /// Departments.
    pub departments: &'a [String],
    /// `founded`, `2019-07-01`.
    pub founded: Option<String>,
    /// `founded` for readers.
    pub founded_display: Option<String>,
    /// Cover image URL.
    pub cover: Option<String>,
    /// Cover image sizes.
    pub cover_image: Option<ImageView>,
    /// The introduction's HTML.
    pub content: &'a str,
    /// The introduction's first paragraph.
    pub summary: &'a str,
    /// The branch's own feed.
    pub feed_url: String,
}

/// A committee member: role and name.
#[derive(Debug, Serialize)]
pub struct CommitteeMember<'a> {
    /// Role (`组织委员`).
    pub role: &'a str,
    /// Name.
    pub name: &'a str,
}

/// The full view of branch `b` for its own page.
pub fn branch_view<'a>(site: &'a Site, b: usize, urls: &Urls) -> BranchView<'a> {
    let br = &site.branches[b];
    let lang = site.config.language;
    BranchView {
        slug: &br.slug,
        name: &br.meta.name,
        url: urls.url(&br.path),
        logo: br.logo.as_ref().map(|l| urls.url(l)),
        motto: br.meta.motto.as_deref(),
        brand: br.meta.brand.as_deref(),
        members: br.meta.members,
        secretary: br.meta.secretary.as_deref(),
        stories: br.stories.len(),
        parent: br.parent.map(|p| BranchLink::new(site, p, urls)),
        children: children(site, b, urls),
        permalink: urls.permalink(&br.path),
        committee: br
            .meta
            .committee
            .iter()
            .map(|(role, name)| CommitteeMember { role, name })
            .collect(),
        departments: &br.meta.departments,
        founded: br.meta.founded.map(|d| d.to_string()),
        founded_display: br.meta.founded.map(|d| format_date(d, lang)),
        cover: br.cover.as_ref().map(|c| urls.url(c)),
        cover_image: br.cover.as_ref().map(|c| image_view(site, c, urls)),
        content: &br.body.html,
        summary: &br.body.summary,
        feed_url: urls.url(&format!("{}atom.xml", br.path)),
    }
}

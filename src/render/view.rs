//! Views: what templates receive, computed once per site, branch and story
//! (URLs, formatted dates, labels) so templates only lay them out.

use serde::Serialize;
use serde_json::{Value, json};

use crate::config::Config;
use crate::error::Lang;
use crate::format::{format_date, label, term_slug};
use crate::model::{Site, Story};
use crate::schema::FieldValue;
use crate::schema::field_text;
use crate::stats::{Bucket, Num, Tally};

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

/// What templates get for an image named in front matter (`cover`, `logo`):
/// `url` (the variant for sharing), and for a processed photo also `srcset`,
/// its intrinsic `width` and `height`, `small` (the list thumbnail) and `og`
/// (absolute URL and size, for Open Graph).
pub fn image_view(site: &Site, path: &str, urls: &Urls) -> Value {
    let Some(image) = site.images.get(path) else {
        return json!({"url": urls.url(path), "og": {"url": urls.permalink(path)}});
    };
    let variant = |v: &crate::images::Variant| json!({"url": urls.url(&v.path), "width": v.width, "height": v.height});
    let og = image.at_least(crate::images::OG_WIDTH);
    let largest = image.largest();
    let srcset: Vec<String> = image
        .variants
        .iter()
        .map(|v| format!("{} {}w", urls.url(&v.path), v.width))
        .collect();
    json!({
        "url": urls.url(&og.path),
        "srcset": srcset.join(", "),
        "width": largest.width,
        "height": largest.height,
        "small": variant(image.at_least(crate::images::CARD_WIDTH)),
        "og": {"url": urls.permalink(&og.path), "width": og.width, "height": og.height},
    })
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
    pub cover_image: Option<Value>,
    /// The kind's headline field, when the story has it.
    pub headline: Option<Headline>,
    /// Terms of every taxonomy.
    pub tags: Vec<TermLink>,
    /// `draft: true` (shown only while previewing).
    pub draft: bool,
    /// The card's HTML (`partials/card.html`); empty until rendered.
    pub html: String,
}

/// What a list carries per story: the card's HTML and what lists sort,
/// group and link by.
#[derive(Debug, Serialize)]
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

impl StoryCard {
    /// The card of story `i` (its `html` still empty).
    pub fn new(site: &Site, i: usize, urls: &Urls) -> StoryCard {
        let s = &site.stories[i];
        let config = &site.config;
        let lang = config.language;
        let kind = &config.kinds[s.meta.kind];
        let headline = kind.headline.as_ref().and_then(|h| {
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
                    lang,
                )
                .to_string(),
                value,
            })
        });
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
        StoryCard {
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
            headline,
            tags,
            draft: s.meta.draft,
            html: String::new(),
        }
    }

    /// What lists carry of it.
    pub fn item(&self) -> ListItem<'_> {
        ListItem {
            html: &self.html,
            title: &self.title,
            url: &self.url,
            date: &self.date,
            date_display: &self.date_display,
            year: self.year,
            kind: &self.kind,
            kind_name: &self.kind_name,
            headline: self.headline.as_ref().map(|h| h.value.as_str()),
        }
    }

    /// The card as a template value, without its HTML (for the story's own page).
    pub fn value_without_html(&self) -> Value {
        let mut v = to_value(self);
        if let Value::Object(m) = &mut v {
            m.shift_remove("html");
        }
        v
    }
}

/// What every page knows of itself: `page` in templates.
#[derive(Debug, Serialize)]
pub struct PageMeta {
    /// `home`, `story`, `branch`, `list`, `search`, `404` …
    #[serde(rename = "type")]
    pub kind: String,
    /// Title.
    pub title: String,
    /// Output path (`branches/x/`).
    pub path: String,
    /// Site-relative URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// For `<meta name="description">`: its own summary, or the site's description.
    pub description: String,
    /// A branch page's own feed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feed_url: Option<String>,
    /// The sharing image's absolute URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<Value>,
    /// Its width, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_width: Option<Value>,
    /// Its height, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_height: Option<Value>,
}

/// A view as a template value (views are plain data: this cannot fail).
pub fn to_value<T: Serialize>(view: &T) -> Value {
    serde_json::to_value(view).unwrap_or(Value::Null)
}

/// The full view of a story for its own page.
pub fn story_view(site: &Site, i: usize, card: &StoryCard) -> Value {
    let s: &Story = &site.stories[i];
    let config = &site.config;
    let lang = config.language;
    let kind = &config.kinds[s.meta.kind];
    let fields: Vec<Value> = s
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
                (FieldValue::Bool(b), Lang::ZhCn) => {
                    if *b {
                        "是".to_string()
                    } else {
                        "否".to_string()
                    }
                }
                _ => field_text(v),
            };
            json!({"key": k, "label": name, "value": value, "raw": v})
        })
        .collect();
    let metrics: Vec<Value> = s
        .meta
        .metrics
        .iter()
        .map(|(m, v)| {
            let m = &config.metrics[*m];
            json!({"key": m.key, "label": label(&m.label, m.label_en.as_deref(), lang),
            "unit": label(&m.unit, m.unit_en.as_deref(), lang), "value": Num(*v)})
        })
        .collect();
    // The card's own HTML is for lists, not for the story's page.
    let mut view = card.value_without_html();
    let extra = json!({
        "content": s.body.html,
        "has_code": s.body.html.contains("<pre"),
        "branch_motto": site.branches[s.branch].meta.motto,
        "fields": fields,
        "metrics": metrics,
        "words": s.body.words,
        "reading_minutes": s.body.minutes,
        "author": s.meta.author,
        "updated": s.meta.updated.map(|d| d.to_string()),
        "updated_display": s.meta.updated.map(|d| format_date(d, lang)),
        "source": s.source.to_string_lossy().replace('\\', "/"),
    });
    if let (Value::Object(v), Value::Object(e)) = (&mut view, extra) {
        v.extend(e);
    }
    view
}

/// The short form of a branch used in grids and links.
#[derive(Debug, Serialize)]
pub struct BranchRef {
    /// Folder name.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Its page.
    pub url: String,
    /// Logo URL.
    pub logo: Option<String>,
    /// Motto.
    pub motto: Option<String>,
    /// Its Party-building brand.
    pub brand: Option<String>,
    /// Party members.
    pub members: Option<i64>,
    /// Secretary.
    pub secretary: Option<String>,
    /// Published stories (its own and joint ones).
    pub stories: usize,
    /// The general branch above it (slug).
    pub parent: Option<String>,
    /// Branches below it.
    pub children: Vec<BranchLink>,
}

/// Branch `b` as grids and links show it.
pub fn branch_ref(site: &Site, b: usize, urls: &Urls) -> Value {
    let br = &site.branches[b];
    to_value(&BranchRef {
        slug: br.slug.clone(),
        name: br.meta.name.clone(),
        url: urls.url(&br.path),
        logo: br.logo.as_ref().map(|l| urls.url(l)),
        motto: br.meta.motto.clone(),
        brand: br.meta.brand.clone(),
        members: br.meta.members,
        secretary: br.meta.secretary.clone(),
        stories: br.stories.len(),
        parent: br.parent.map(|p| site.branches[p].slug.clone()),
        children: br
            .children
            .iter()
            .map(|&c| BranchLink::new(site, c, urls))
            .collect(),
    })
}

/// The full view of a branch for its own page.
pub fn branch_view(site: &Site, b: usize, urls: &Urls) -> Value {
    let br = &site.branches[b];
    let lang = site.config.language;
    let mut view = branch_ref(site, b, urls);
    let extra = json!({
        "permalink": urls.permalink(&br.path),
        "committee": br.meta.committee.iter().map(|(role, name)| json!({"role": role, "name": name})).collect::<Vec<_>>(),
        "departments": br.meta.departments,
        "founded": br.meta.founded.map(|d| d.to_string()),
        "founded_display": br.meta.founded.map(|d| format_date(d, lang)),
        "parent": br.parent.map(|p| json!({"slug": site.branches[p].slug, "name": site.branches[p].meta.name,
            "url": urls.url(&site.branches[p].path)})),
        "cover": br.cover.as_ref().map(|c| urls.url(c)),
        "cover_image": br.cover.as_ref().map(|c| image_view(site, c, urls)),
        "content": br.body.html,
        "summary": br.body.summary,
        "feed_url": urls.url(&format!("{}atom.xml", br.path)),
    });
    if let (Value::Object(v), Value::Object(e)) = (&mut view, extra) {
        v.extend(e);
    }
    view
}

/// A set of figures with labels: stories, per kind (with links) and metrics.
pub fn figures(config: &Config, bucket: &Bucket, urls: &Urls) -> Value {
    let lang = config.language;
    json!({
        "stories": bucket.stories,
        "kinds": config.kinds.iter().map(|k| json!({"key": k.key, "name": k.display(lang),
            "url": urls.url(&format!("{}/", k.key)), "count": Num(bucket.by_kind.get(&k.key))})).collect::<Vec<_>>(),
        "metrics": metric_list(config, &bucket.metrics),
    })
}

/// Metrics with labels and units, in configured order.
pub fn metric_list(config: &Config, tally: &Tally) -> Vec<Value> {
    let lang = config.language;
    config
        .metrics
        .iter()
        .map(|m| {
            json!({"key": m.key, "label": label(&m.label, m.label_en.as_deref(), lang),
        "unit": label(&m.unit, m.unit_en.as_deref(), lang), "value": Num(tally.get(&m.key))})
        })
        .collect()
}

/// Rows of a tally with labels: [{value, count}].
pub fn tally_rows(tally: &Tally) -> Vec<Value> {
    tally
        .0
        .iter()
        .map(|(k, n)| json!({"value": k, "count": n}))
        .collect()
}

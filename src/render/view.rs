//! Views: what templates receive, computed once per site, branch and story
//! (URLs, formatted dates, labels) so templates only lay them out.

use serde_json::{Value, json};

use crate::config::Config;
use crate::error::Lang;
use crate::format::{field_text, format_date, label, term_slug};
use crate::model::{Site, Story};
use crate::schema::FieldValue;
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

/// The short form of a story used in every list.
pub fn story_card(site: &Site, i: usize, urls: &Urls) -> Value {
    let s = &site.stories[i];
    let config = &site.config;
    let lang = config.language;
    let kind = &config.kinds[s.meta.kind];
    let branch = &site.branches[s.branch];
    let headline = kind.headline.as_ref().and_then(|h| {
        let spec = kind.field(h)?;
        let value = s.meta.fields.iter().find(|(k, _)| k == h).map(|(_, v)| field_text(v))?;
        Some(json!({"key": h, "label": label(spec.label.as_deref().unwrap_or(h), spec.label_en.as_deref(), lang), "value": value}))
    });
    let tags: Vec<Value> = s.meta.taxonomies.iter().flat_map(|(t, terms)| {
        let tax = &config.taxonomies[*t].name;
        terms.iter().map(move |term| json!({"name": term, "url": urls.url(&format!("{tax}/{}/", term_slug(term)))}))
    }).collect();
    json!({
        "title": s.meta.title,
        "url": urls.url(&s.path),
        "permalink": urls.permalink(&s.path),
        "date": s.date().to_string(),
        "date_display": format_date(s.date(), lang),
        "year": s.date().year(),
        "kind": kind.key,
        "kind_name": kind.display(lang),
        "kind_url": urls.url(&format!("{}/", kind.key)),
        "branch": {"slug": branch.slug, "name": branch.meta.name, "url": urls.url(&branch.path)},
        "with": s.with.iter().map(|&b| json!({"slug": site.branches[b].slug, "name": site.branches[b].meta.name,
            "url": urls.url(&site.branches[b].path)})).collect::<Vec<_>>(),
        "summary": s.meta.summary.clone().unwrap_or_else(|| s.body.summary.clone()),
        "cover": s.cover.as_ref().map(|c| urls.url(c)),
        "cover_image": s.cover.as_ref().map(|c| image_view(site, c, urls)),
        "headline": headline,
        "tags": tags,
        "draft": s.meta.draft,
    })
}

/// The full view of a story for its own page.
pub fn story_view(site: &Site, i: usize, card: &Value) -> Value {
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
    let mut view: Value = match card {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| *k != "html")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        other => other.clone(),
    };
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
pub fn branch_ref(site: &Site, b: usize, urls: &Urls) -> Value {
    let br = &site.branches[b];
    json!({
        "slug": br.slug, "name": br.meta.name, "url": urls.url(&br.path),
        "logo": br.logo.as_ref().map(|l| urls.url(l)), "motto": br.meta.motto, "brand": br.meta.brand,
        "members": br.meta.members, "secretary": br.meta.secretary, "stories": br.stories.len(),
        "parent": br.parent.map(|p| site.branches[p].slug.clone()),
        "children": br.children.iter().map(|&c| json!({"slug": site.branches[c].slug, "name": site.branches[c].meta.name,
            "url": urls.url(&site.branches[c].path)})).collect::<Vec<_>>(),
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

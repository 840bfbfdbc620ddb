//! The story view: a story in full on its own page, its card's keys first.

use serde::Serialize;

use super::figure::{MetricValue, metric_value};
use super::view::{CardView, StoryCard};
use crate::error::Lang;
use crate::format::{format_date, label};
use crate::model::{Site, Story};
use crate::schema::FieldValue;
use crate::schema::field_text;

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
    /// The cover is also the body's first photo: the page shows it there
    /// only, not twice (`cover` and `cover_image` stay for cards and sharing).
    pub cover_in_body: bool,
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
        cover_in_body: s.cover.is_some() && s.body.cover_in_body,
    }
}

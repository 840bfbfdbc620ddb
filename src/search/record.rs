//! What search indexes: a record per published story and branch profile,
//! its text by class, and the index's shape (kinds, branches, years, shard
//! count). Plain data that the index writer, the live index of `serve`
//! and the fragments read; it imports none of them.

use std::borrow::Cow;

use crate::format::format_date;
use crate::model::Site;
use crate::schema::field_text;
use crate::text::Lang;

/// Classes of text, in rank order: title; tags, fields, branch names, kind,
/// date and author; summary; body.
pub const CLASSES: usize = 4;

/// How much of a body is indexed, in characters. Real stories are a few
/// thousand; a 20 MB body pasted by mistake would otherwise make the
/// fragment and the index of that one story huge.
pub const MAX_INDEXED_CHARS: usize = 50_000;

/// The first [`MAX_INDEXED_CHARS`] characters of a body's text.
pub(super) fn indexed_part(text: &str) -> &str {
    // No more bytes than the limit is no more characters: nothing to count.
    if text.len() <= MAX_INDEXED_CHARS {
        return text;
    }
    match text.char_indices().nth(MAX_INDEXED_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// The indexed part of a body: of `taken` (the body's text, taken from
/// the site so that the index can free it) when given, else of `text`.
fn body_part(text: &str, taken: Option<String>) -> Cow<'_, str> {
    match taken {
        Some(mut owned) => {
            let end = indexed_part(&owned).len();
            owned.truncate(end);
            Cow::Owned(owned)
        }
        None => Cow::Borrowed(indexed_part(text)),
    }
}

/// One searchable record: a story or a branch profile.
#[derive(Clone, Debug, PartialEq)]
pub struct Record<'a> {
    /// Output path from the site root (`branches/x/`).
    pub url: String,
    /// The title as written.
    pub title: &'a str,
    /// Index into [`Index::kinds`].
    pub kind: usize,
    /// Indexes into [`Index::branches`]: its own first, then joint ones.
    pub branches: Vec<usize>,
    /// Year of a story; None for a branch profile.
    pub year: Option<i16>,
    /// The date as shown (empty for a branch profile).
    pub date: String,
    /// Indexed text by class (see [`CLASSES`]), each a list of parts.
    pub classes: [Vec<Cow<'a, str>>; CLASSES],
}

/// The index of a site: its records in id order (stories newest first,
/// then the branch profiles) and what the files are named by.
pub struct Index<'a> {
    /// Records by id.
    pub records: Vec<Record<'a>>,
    /// Kind labels: the configured kinds, then the branch profile's label.
    pub kinds: Vec<String>,
    /// Branch names in site order.
    pub branches: Vec<String>,
    /// Years of stories, newest first.
    pub years: Vec<i16>,
    /// Number of Han shards (a power of two).
    pub shards: u32,
    /// The build's id, in every file: a reader never mixes two builds.
    pub build: u32,
    pub(super) lang: Lang,
    pub(super) stemmer: Option<pagefind_stem::Stemmer>,
}

/// Han characters per shard the shard count aims at.
pub(super) const CHARS_PER_SHARD: usize = 512;

/// The most Han shards an index has.
pub(super) const MAX_SHARDS: u32 = 4096;

/// Single Han characters have shards of their own (`c/<n>.bin`), this
/// many times fewer than the pairs': a query of two or more characters
/// never downloads the long list of a common character that happens to
/// share a hash with its pair. A portal has some thousands of distinct
/// characters and ten or a hundred times as many pairs.
const PAIR_SHARDS_PER_CHAR_SHARD: u32 = 8;

/// The number of single-character shards for `shards` pair shards.
pub fn char_shards(shards: u32) -> u32 {
    (shards / PAIR_SHARDS_PER_CHAR_SHARD).max(1)
}

/// The English stemmer on an English portal.
pub(super) fn stemmer(lang: Lang) -> Option<pagefind_stem::Stemmer> {
    (lang == Lang::En).then(|| pagefind_stem::Stemmer::create(pagefind_stem::Algorithm::English))
}

/// A record's text in bytes over three, about its Han characters: what
/// the number of shards is made from.
pub(super) fn han_estimate(r: &Record<'_>) -> usize {
    r.classes.iter().flatten().map(|p| p.len() / 3).sum()
}

/// The number of Han shards for an estimate of the Han characters: a
/// power of two, about [`CHARS_PER_SHARD`] characters each.
pub(super) fn shard_count(han: usize) -> u32 {
    (han / CHARS_PER_SHARD)
        .max(1)
        .next_power_of_two()
        .min(MAX_SHARDS as usize) as u32
}

/// A body length in four bits: log2(1 + chars) (0 to 15), which
/// search-engine.js turns back into an approximate length. Ranking only
/// needs to tell a long story from a short one.
pub(super) fn length_nibble(chars: usize) -> u8 {
    (1.0 + chars as f64).log2().round().min(15.0) as u8
}

/// Story `i`'s record; its body from `taken` when given (see [`body_part`]).
pub(super) fn story_record(site: &Site, i: usize, taken: Option<String>) -> Record<'_> {
    let story = &site.stories[i];
    let m = &story.meta;
    let lang = site.config.language;
    let mut meta: Vec<Cow<'_, str>> = Vec::new();
    for (_, terms) in &m.taxonomies {
        meta.extend(terms.iter().map(|t| Cow::Borrowed(t.as_str())));
    }
    for (_, value) in &m.fields {
        // A yes/no field says nothing a reader would search for.
        if !matches!(value, crate::schema::FieldValue::Bool(_)) {
            meta.push(Cow::Owned(field_text(value)));
        }
    }
    let mut branches = vec![story.branch];
    branches.extend(story.with.iter().copied());
    for &b in &branches {
        meta.push(Cow::Borrowed(site.branches[b].meta.name.as_str()));
    }
    meta.push(Cow::Borrowed(site.config.kinds[m.kind].display(lang)));
    let date = format_date(story.date(), lang);
    meta.push(Cow::Owned(date.clone()));
    if let Some(author) = &m.author {
        meta.push(Cow::Borrowed(author.as_str()));
    }
    Record {
        url: story.path.clone(),
        title: &m.title,
        kind: m.kind,
        branches,
        year: Some(story.date().year()),
        date,
        classes: [
            vec![Cow::Borrowed(m.title.as_str())],
            meta,
            m.summary
                .iter()
                .map(|s| Cow::Borrowed(s.as_str()))
                .collect(),
            vec![body_part(&story.body.text, taken)],
        ],
    }
}

/// Branch `i`'s record; its body from `taken` when given (see [`body_part`]).
pub(super) fn branch_record(
    branch: &crate::model::Branch,
    i: usize,
    kind: usize,
    taken: Option<String>,
) -> Record<'_> {
    let m = &branch.meta;
    let mut meta: Vec<Cow<'_, str>> = Vec::new();
    for part in [&m.secretary, &m.brand, &m.motto].into_iter().flatten() {
        meta.push(Cow::Borrowed(part.as_str()));
    }
    for (role, name) in &m.committee {
        meta.push(Cow::Borrowed(role.as_str()));
        meta.push(Cow::Borrowed(name.as_str()));
    }
    meta.extend(m.departments.iter().map(|d| Cow::Borrowed(d.as_str())));
    Record {
        url: branch.path.clone(),
        title: &m.name,
        kind,
        branches: vec![i],
        year: None,
        date: String::new(),
        classes: [
            vec![Cow::Borrowed(m.name.as_str())],
            meta,
            Vec::new(),
            vec![body_part(&branch.body.text, taken)],
        ],
    }
}

//! Search stage: a Pagefind index of every published story and branch,
//! written under `pagefind/` next to the pages. Pagefind segments Chinese
//! with ICU4X at build time (and indexes the bigrams inside each word, so
//! 诊 finds 义诊), and the browser segments the query with `Intl.Segmenter`;
//! the index is split into chunks so a first search loads only a little of it.
//!
//! Records are built from the model, not from rendered HTML: no page is
//! parsed twice, and a theme cannot leave anything out by accident.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::error::Lang;
use crate::model::Site;
use crate::render::view::{field_text, format_date};

/// The folder under the output that holds the index and Pagefind's script.
pub const DIR: &str = "pagefind";

/// Files of Pagefind's bundle the default theme does not use (its own UIs,
/// the highlighter for result pages, the playground): not published.
const UNUSED: &[&str] = &[
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
];

/// One searchable record: a story or a branch.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// Output path from the site root (`branches/x/`): Pagefind's script
    /// prefixes the folder it was loaded from, so a sub-path base URL works.
    pub url: String,
    /// Plain text Pagefind indexes and cuts excerpts from, HTML-escaped,
    /// with the title weighted.
    pub content: String,
    /// What a result shows: title, branch, kind, date.
    pub meta: BTreeMap<String, String>,
    /// Filter values: branch, kind, year.
    pub filters: BTreeMap<String, Vec<String>>,
    /// Sort keys: date.
    pub sort: BTreeMap<String, String>,
}

/// The label of branch records in the kind filter.
pub struct Labels {
    /// "党支部" / "Branch".
    pub branch: String,
}

/// How much of a body is indexed, in characters. Real stories are a few
/// thousand; indexing time grows with text, and a 20 MB body pasted by
/// mistake took Pagefind minutes.
pub const MAX_INDEXED_CHARS: usize = 50_000;

/// The first [`MAX_INDEXED_CHARS`] characters of a body's text.
fn indexed_part(text: &str) -> &str {
    match text.char_indices().nth(MAX_INDEXED_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// The records of every published story (drafts never, even when a build
/// includes them) and every branch, in output order.
pub fn records(site: &Site, labels: &Labels) -> Vec<Record> {
    let config = &site.config;
    let lang = config.language;
    let mut out = Vec::with_capacity(site.stories.len() + site.branches.len());
    for story in site.stories.iter().filter(|s| !s.meta.draft) {
        let m = &story.meta;
        let branch = &site.branches[story.branch].meta.name;
        let kind = config.kinds[m.kind].display(lang).to_string();
        let date = format_date(story.date(), lang);
        let mut text = Text::new(&m.title);
        if let Some(summary) = &m.summary {
            text.push(summary);
        }
        text.push(indexed_part(&story.body.text));
        for (_, value) in &m.fields {
            // A yes/no field says nothing a reader would search for.
            if !matches!(value, crate::schema::FieldValue::Bool(_)) {
                text.push(&field_text(value));
            }
        }
        for (_, terms) in &m.taxonomies {
            for term in terms {
                text.push(term);
            }
        }
        let mut branches = vec![branch.clone()];
        for &w in &story.with {
            branches.push(site.branches[w].meta.name.clone());
        }
        for b in &branches {
            text.push(b);
        }
        text.push(&kind);
        text.push(&date);
        if let Some(author) = &m.author {
            text.push(author);
        }
        let year = story.date().year().to_string();
        out.push(Record {
            url: story.path.clone(),
            content: text.finish(),
            meta: BTreeMap::from([
                ("title".into(), m.title.clone()),
                ("branch".into(), branch.clone()),
                ("kind".into(), kind.clone()),
                ("date".into(), date),
            ]),
            filters: BTreeMap::from([
                ("branch".into(), branches),
                ("kind".into(), vec![kind]),
                ("year".into(), vec![year]),
            ]),
            sort: BTreeMap::from([("date".into(), story.date().to_string())]),
        });
    }
    for branch in &site.branches {
        let m = &branch.meta;
        let mut text = Text::new(&m.name);
        for part in [&m.motto, &m.brand, &m.secretary].into_iter().flatten() {
            text.push(part);
        }
        for (role, name) in &m.committee {
            text.push(role);
            text.push(name);
        }
        for d in &m.departments {
            text.push(d);
        }
        text.push(indexed_part(&branch.body.text));
        out.push(Record {
            url: branch.path.clone(),
            content: text.finish(),
            meta: BTreeMap::from([
                ("title".into(), m.name.clone()),
                ("branch".into(), m.name.clone()),
                ("kind".into(), labels.branch.clone()),
            ]),
            filters: BTreeMap::from([
                ("branch".into(), vec![m.name.clone()]),
                ("kind".into(), vec![labels.branch.clone()]),
            ]),
            sort: BTreeMap::new(),
        });
    }
    out
}

/// Builds the index of `records` and returns its files, relative to
/// [`DIR`], sorted by path.
pub fn index(records: Vec<Record>, lang: Lang) -> Result<Vec<(String, Vec<u8>)>> {
    let language = match lang {
        Lang::ZhCn => "zh-cn",
        Lang::En => "en",
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .context("cannot start the search indexer")?;
    let files = runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .force_language(language.to_string())
            .build();
        let mut index = PagefindIndex::new(Some(config))?;
        for r in records {
            index
                .add_custom_record(
                    r.url,
                    r.content,
                    language.to_string(),
                    Some(r.meta),
                    Some(r.filters),
                    Some(r.sort),
                )
                .await?;
        }
        index.get_files().await
    });
    let mut out: Vec<(String, Vec<u8>)> = files
        .context("search index")?
        .into_iter()
        .filter_map(|f| {
            let path = f.filename.to_string_lossy().replace('\\', "/");
            let unused = UNUSED.contains(&path.as_str()) || path.starts_with("playground/");
            (!unused).then_some((path, f.contents))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// Accumulates a record's content: HTML-escaped (Pagefind returns excerpts
/// as HTML with `<mark>` around the hits), with the title weighted above
/// the rest the way Pagefind weights an `<h1>`.
struct Text(String);

impl Text {
    fn new(title: &str) -> Text {
        let mut t = Text(String::from("___PAGEFIND_WEIGHT___7 "));
        t.push(title);
        t.0.push_str(" ___END_PAGEFIND_WEIGHT___\n");
        t
    }

    fn push(&mut self, part: &str) {
        // A word starting with `___` is an instruction to Pagefind: written
        // text never gives one.
        let part = part.replace("___", "_ _ _");
        self.0.push_str(&crate::highlight::escape(&part));
        self.0.push('\n');
    }

    fn finish(self) -> String {
        self.0
    }
}

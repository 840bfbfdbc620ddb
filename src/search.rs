//! Search stage: branchpress's own static index of every published story
//! and branch profile, written under `search/data/` next to the pages and
//! read by the theme's `search-engine.js` (plain JavaScript, no server).
//!
//! Records come from the model, never from rendered HTML. Chinese is
//! matched as substrings: every Han character and every adjacent pair is a
//! term, pairs carry their positions, and a longer run is found by lining
//! pairs up, so a query either occurs in a record or the record is no
//! result. Latin words are whole words (stemmed on English portals). The
//! index is split into shards so that a query downloads only the few it
//! needs; the format is documented in docs/search-index.md.

mod index;
pub mod live;
mod record;
pub mod text;

use record::{CHARS_PER_SHARD, MAX_SHARDS, branch_record, length_nibble, story_record};
pub use record::{CLASSES, Index, MAX_INDEXED_CHARS, Record};

use anyhow::Result;
use rayon::prelude::*;
use serde_json::json;

use crate::error::Lang;
use crate::model::{BodyTexts, Site};

/// The folder under the output that holds the index.
pub const DIR: &str = "search/data";

/// The index format's version, in the manifest.
pub const FORMAT_VERSION: u32 = 3;

/// How hard the stored files are compressed: on libdeflate, 2 makes the
/// index smaller than zlib-rs's 4 did, in 0.6 of its time; 1 is faster
/// still but its files are 3 % bigger (measured at 10,000 stories).
const GZIP_LEVEL: i32 = 2;

/// A file of the index as it is stored and served: gzipped, but for the
/// manifest (the one file a reader opens as text, and small) and the
/// positions (`p/`: varint deltas that gzip makes only 15 % smaller, for
/// a third of the compression time). A host that compresses nothing then
/// still sends compressed files; a host that compresses `.bin` itself
/// sends them gzipped once more, which the browser undoes. Deterministic:
/// libdeflate writes no name and no time in the header.
pub fn stored(name: &str, bytes: &[u8]) -> Vec<u8> {
    if name == "manifest.json" || name.starts_with("p/") {
        return bytes.to_vec();
    }
    thread_local! {
        // One compressor a thread: a new one allocates its tables.
        static GZIP: std::cell::RefCell<libdeflater::Compressor> = std::cell::RefCell::new(
            libdeflater::Compressor::new(
                libdeflater::CompressionLvl::new(GZIP_LEVEL).unwrap_or_default(),
            ),
        );
    }
    GZIP.with_borrow_mut(|gzip| {
        let mut out = vec![0; gzip.gzip_compress_bound(bytes.len())];
        match gzip.gzip_compress(bytes, &mut out) {
            Ok(n) => {
                out.truncate(n);
                out
            }
            // The bound is enough by libdeflate's contract; were it not,
            // the file stored as it is still reads (no gzip magic).
            Err(_) => bytes.to_vec(),
        }
    })
}

impl<'a> Index<'a> {
    /// The records of every published story (drafts never, even when a
    /// build includes them) and every branch. `branch_label` is the kind
    /// shown for branch profiles; `build` names this index (see
    /// [`Index::content_id`]).
    pub fn new(site: &'a Site, branch_label: &str, build: Option<u32>) -> Index<'a> {
        Index::with_texts(site, branch_label, build, None)
    }

    /// [`Index::new`] over the bodies' texts taken from the site
    /// ([`Site::take_texts`]) when `texts` is given: then
    /// [`Index::write`] frees each record's text as soon as it is
    /// written and tokenised, and the index and the texts are never held
    /// whole at once.
    pub fn with_texts(
        site: &'a Site,
        branch_label: &str,
        build: Option<u32>,
        texts: Option<BodyTexts>,
    ) -> Index<'a> {
        let config = &site.config;
        let lang = config.language;
        let mut kinds: Vec<String> = config
            .kinds
            .iter()
            .map(|k| k.display(lang).to_string())
            .collect();
        kinds.push(branch_label.to_string());
        let mut stories: Vec<usize> = (0..site.stories.len())
            .filter(|&i| site.stories[i].published())
            .collect();
        stories.sort_by(|&a, &b| {
            let (a, b) = (&site.stories[a], &site.stories[b]);
            b.date().cmp(&a.date()).then_with(|| a.path.cmp(&b.path))
        });
        let (mut story_texts, mut branch_texts) = match texts {
            Some(t) => (
                t.stories.into_iter().map(Some).collect(),
                t.branches.into_iter().map(Some).collect(),
            ),
            None => (Vec::new(), Vec::new()),
        };
        let take = |texts: &mut Vec<Option<String>>, i: usize| texts.get_mut(i)?.take();
        let taken: Vec<Option<String>> =
            stories.iter().map(|&i| take(&mut story_texts, i)).collect();
        let mut records: Vec<Record<'a>> = stories
            .into_par_iter()
            .zip(taken)
            .map(|(i, text)| story_record(site, i, text))
            .collect();
        let branch_kind = kinds.len() - 1;
        records.extend(
            site.branches
                .iter()
                .enumerate()
                .map(|(i, b)| branch_record(b, i, branch_kind, take(&mut branch_texts, i))),
        );
        let mut years: Vec<i16> = records.iter().filter_map(|r| r.year).collect();
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        let han: usize = records
            .par_iter()
            .map(|r| {
                r.classes
                    .iter()
                    .flatten()
                    .map(|p| p.len() / 3)
                    .sum::<usize>()
            })
            .sum();
        let shards = (han / CHARS_PER_SHARD)
            .max(1)
            .next_power_of_two()
            .min(MAX_SHARDS as usize) as u32;
        let mut t = std::time::Instant::now();
        let mut index = Index {
            records,
            kinds,
            branches: site.branches.iter().map(|b| b.meta.name.clone()).collect(),
            years,
            shards,
            build: 0,
            lang,
            stemmer: (lang == Lang::En)
                .then(|| pagefind_stem::Stemmer::create(pagefind_stem::Algorithm::English)),
        };
        crate::progress::lap("records", &mut t);
        index.build = build.unwrap_or_else(|| index.content_id());
        crate::progress::lap("build id", &mut t);
        index
    }

    /// An id of everything the index holds, the same for the same records:
    /// two builds of one commit write the same bytes.
    pub fn content_id(&self) -> u32 {
        let hashes: Vec<blake3::Hash> = self
            .records
            .par_iter()
            .map(|r| {
                let mut h = blake3::Hasher::new();
                for part in [r.url.as_str(), r.title, &r.date] {
                    h.update(part.as_bytes()).update(&[0]);
                }
                h.update(&(r.kind as u64).to_le_bytes());
                h.update(&r.year.unwrap_or(0).to_le_bytes());
                for &b in &r.branches {
                    h.update(&(b as u64).to_le_bytes());
                }
                for parts in &r.classes {
                    for part in parts {
                        h.update(part.as_bytes()).update(&[0]);
                    }
                    h.update(&[1]);
                }
                h.finalize()
            })
            .collect();
        let mut h = blake3::Hasher::new();
        for x in &hashes {
            h.update(x.as_bytes());
        }
        h.update(self.manifest_json(0, &[]).as_bytes());
        let bytes = h.finalize();
        let b = bytes.as_bytes();
        u32::from_le_bytes([b[0], b[1], b[2], b[3]])
    }

    /// Writes every file of the index through `sink` (paths relative to
    /// [`DIR`]); returns how many. One pass over the records writes each
    /// fragment and collects its terms, then frees its text (when the
    /// index owns it, see [`Index::with_texts`]), so the texts are gone
    /// before the shards are joined.
    pub fn write(mut self, sink: &(dyn Fn(&str, &[u8]) -> Result<()> + Sync)) -> Result<usize> {
        let sink = &|name: &str, bytes: &[u8]| sink(name, &stored(name, bytes));
        let mut t = std::time::Instant::now();
        sink("meta.bin", &self.meta())?;
        sink("branches.bin", &self.branch_lists())?;
        let mut records = std::mem::take(&mut self.records);
        let fragment = |id: usize, r: &Record<'_>| {
            sink(
                &format!("r/{id}.bin"),
                self.fragment_json(r, self.build).as_bytes(),
            )
        };
        let collected = self.collect_releasing(&mut records, &fragment)?;
        self.records = records;
        crate::progress::lap("fragments", &mut t);
        let (shards, words) = self.write_collected(collected, sink)?;
        crate::progress::lap("shards", &mut t);
        // Last: the manifest names the word shards that exist.
        sink(
            "manifest.json",
            self.manifest_json(self.build, &words).as_bytes(),
        )?;
        Ok(3 + self.records.len() + shards)
    }

    /// `manifest.json` naming the word shards `words`.
    pub fn manifest_with(&self, words: &[String]) -> String {
        self.manifest_json(self.build, words)
    }

    /// `manifest.json`: the format, the build, the shard count, the word
    /// shards there are, and the filter values the records' table refers
    /// to by number.
    fn manifest_json(&self, build: u32, words: &[String]) -> String {
        json!({
            "format": "branchpress-search",
            "version": FORMAT_VERSION,
            "build": format!("{build:08x}"),
            "lang": self.lang.tag(),
            "stemmed": self.stemmer.is_some(),
            "records": self.records.len(),
            "shards": self.shards,
            "chars": record::char_shards(self.shards),
            "words": words,
            "kinds": self.kinds,
            "branches": self.branches,
            "years": self.years,
        })
        .to_string()
    }

    /// `meta.bin`: per record, in columns, its kind, its year and the
    /// length of its body in four bits (for ranking): what every query
    /// needs, in as few bytes as gzip can make of it.
    pub fn meta(&self) -> Vec<u8> {
        let mut out = Vec::new();
        index::varint(&mut out, self.records.len() as u64);
        for r in &self.records {
            index::varint(&mut out, r.kind as u64);
        }
        for r in &self.records {
            let year = r.year.and_then(|y| self.years.iter().position(|&x| x == y));
            index::varint(&mut out, year.map_or(0, |i| i as u64 + 1));
        }
        let lengths: Vec<u8> = self
            .records
            .iter()
            .map(|r| {
                length_nibble(
                    r.classes[CLASSES - 1]
                        .iter()
                        .map(|p| p.chars().count())
                        .sum(),
                )
            })
            .collect();
        for pair in lengths.chunks(2) {
            out.push(pair[0] | (pair.get(1).copied().unwrap_or(0) << 4));
        }
        index::framed(self.build, &out)
    }

    /// `branches.bin`: per record the branches it counts for, its own
    /// first. Only the branch filter and its counts need it, so the page
    /// loads it after the first results show.
    pub fn branch_lists(&self) -> Vec<u8> {
        let mut out = Vec::new();
        index::varint(&mut out, self.records.len() as u64);
        for r in &self.records {
            index::varint(&mut out, r.branches.len() as u64);
            for &b in &r.branches {
                index::varint(&mut out, b as u64);
            }
        }
        index::framed(self.build, &out)
    }

    /// `r/<id>.bin` (JSON, stored gzipped) of record `r`: what a result
    /// shows, and the indexed text by class for its excerpt.
    fn fragment_json(&self, r: &Record<'_>, build: u32) -> String {
        /// A fragment's fields, in the order the page has always read them.
        #[derive(serde::Serialize)]
        struct Fragment<'a> {
            build: String,
            url: &'a str,
            title: &'a str,
            kind: &'a str,
            branch: &'a str,
            date: &'a str,
            text: Vec<String>,
        }
        let text: Vec<String> = r.classes.iter().map(|parts| parts.join("\n")).collect();
        serde_json::to_string(&Fragment {
            build: format!("{build:08x}"),
            url: &r.url,
            title: r.title,
            kind: &self.kinds[r.kind],
            branch: &self.branches[r.branches[0]],
            date: &r.date,
            text,
        })
        .unwrap_or_default()
    }
}

/// The fragment of the record at `url` (a story or branch profile of
/// `site`), without building the whole index: what `serve` answers with.
pub fn fragment_for(site: &Site, branch_label: &str, build: u32, url: &str) -> Option<String> {
    let lang = site.config.language;
    let mut kinds: Vec<String> = site
        .config
        .kinds
        .iter()
        .map(|k| k.display(lang).to_string())
        .collect();
    kinds.push(branch_label.to_string());
    let record = match site
        .stories
        .iter()
        .position(|s| s.path == url && s.published())
    {
        Some(i) => story_record(site, i, None),
        None => {
            let i = site.branches.iter().position(|b| b.path == url)?;
            branch_record(&site.branches[i], i, kinds.len() - 1, None)
        }
    };
    let one = Index {
        records: Vec::new(),
        kinds,
        branches: site.branches.iter().map(|b| b.meta.name.clone()).collect(),
        years: Vec::new(),
        shards: 1,
        build,
        lang,
        stemmer: None,
    };
    Some(one.fragment_json(&record, build))
}

#[cfg(test)]
mod tests;

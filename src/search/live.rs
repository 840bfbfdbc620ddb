//! `serve`'s search index: every record's terms kept in memory, tokenised
//! once, so that a saved story replaces its own terms and nothing else,
//! and a shard is encoded on request from what is already there (the same
//! bytes `build` writes, but for the build id).
//!
//! A record's Han terms are sorted by their hash with its bits reversed:
//! the terms of shard s (hash modulo a power of two) are then one range of
//! every record's list, found by binary search, whatever the shard count.
//! Latin words are sorted by their shard's name the same way. Records are
//! held in slots keyed by their source (a story's file, a branch's slug);
//! ids, which follow the stories' dates, are given to the slots per change
//! by the caller (from [`super::Index`]'s order).

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use rayon::prelude::*;

use super::index::{Term, Word, encode_terms, encode_words, pack, unpack};
use super::record::{CLASSES, Record, char_shards, shard_count};
use super::text::{Token, extend_hash, han_hash, tokens, word_shard};
use crate::model::Site;

/// A term in one class of a record: how often, and for pairs where
/// (`positions[start..start + count]`).
struct Occ {
    /// The term's hash with its bits reversed: the order of a record's list.
    rev: u32,
    term: u64,
    class: u8,
    count: u32,
    start: u32,
}

/// A Latin word in one class of a record, under its stem.
struct WordOcc {
    shard: String,
    stem: String,
    class: u8,
    count: u32,
    /// The forms written, where they differ from the stem.
    surfaces: Vec<String>,
}

/// One record's terms: Han terms by reversed hash, then term, then class;
/// words by shard name, stem, class.
struct Entry {
    key: String,
    url: String,
    han: Vec<Occ>,
    positions: Vec<u32>,
    words: Vec<WordOcc>,
    /// Its part of the estimate the shard count is made from.
    han_estimate: usize,
}

/// The in-memory index of a served site.
pub struct Live {
    shards: u32,
    han_estimate: usize,
    stemmer: Option<pagefind_stem::Stemmer>,
    slots: Vec<Option<Entry>>,
    free: Vec<u32>,
    by_key: HashMap<String, u32>,
}

impl Live {
    /// Indexes every record of `site` (in parallel).
    pub fn new(site: &Site) -> Live {
        let stemmer = super::record::stemmer(site.config.language);
        let entries: Vec<Entry> = keyed_records(site, None)
            .into_par_iter()
            .map(|(key, r)| entry(key, &r, stemmer.as_ref()))
            .collect();
        let mut live = Live {
            shards: 1,
            han_estimate: 0,
            stemmer,
            slots: Vec::new(),
            free: Vec::new(),
            by_key: HashMap::new(),
        };
        for e in entries {
            live.insert(e);
        }
        live
    }

    /// Replaces the records of the stories whose source is in `sources`
    /// (paths as the model has them) with what `site` has now: a draft or
    /// a deleted story leaves the index, a published one comes back.
    pub fn update(&mut self, site: &Site, sources: &[std::path::PathBuf]) {
        let keys: Vec<String> = sources
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        for key in &keys {
            self.remove(key);
        }
        for (key, r) in keyed_records(site, Some(sources)) {
            let e = entry(key, &r, self.stemmer.as_ref());
            self.insert(e);
        }
    }

    /// The number of Han shards, as [`super::Index`] counts them.
    pub fn shards(&self) -> u32 {
        self.shards
    }

    /// Ids for the slots, from the urls of the records in id order.
    pub fn ids(&self, urls: &[String]) -> Vec<Option<u32>> {
        let by_url: HashMap<&str, u32> = urls
            .iter()
            .enumerate()
            .map(|(i, u)| (u.as_str(), i as u32))
            .collect();
        self.slots
            .iter()
            .map(|s| s.as_ref().and_then(|e| by_url.get(e.url.as_str()).copied()))
            .collect()
    }

    /// The names of the word shards, sorted.
    pub fn word_shards(&self) -> Vec<String> {
        let names: BTreeSet<&str> = self
            .slots
            .iter()
            .flatten()
            .flat_map(|e| e.words.iter().map(|w| w.shard.as_str()))
            .collect();
        names.into_iter().map(String::from).collect()
    }

    /// The live entries with an id, by id.
    fn by_id<'s>(&'s self, ids: &[Option<u32>]) -> Vec<(u32, &'s Entry)> {
        let mut out: Vec<(u32, &Entry)> = self
            .slots
            .iter()
            .enumerate()
            .filter_map(|(slot, e)| Some((ids.get(slot).copied().flatten()?, e.as_ref()?)))
            .collect();
        out.sort_unstable_by_key(|(id, _)| *id);
        out
    }

    /// The number of single-character shards.
    pub fn char_shards(&self) -> u32 {
        char_shards(self.shards)
    }

    /// Pair shard `s`: its `t/` and `p/` files.
    pub fn han_shard(&self, s: u32, ids: &[Option<u32>], build: u32) -> (Vec<u8>, Vec<u8>) {
        self.encode_han(reversed_range(s, self.shards), true, ids, build)
    }

    /// Single-character shard `s`: its `c/` file.
    pub fn char_shard(&self, s: u32, ids: &[Option<u32>], build: u32) -> Vec<u8> {
        let range = reversed_range(s, char_shards(self.shards));
        self.encode_han(range, false, ids, build).0
    }

    /// The Han terms whose reversed hash is in `range`, pairs or single
    /// characters: a shard's files.
    fn encode_han(
        &self,
        range: Range<u64>,
        pairs: bool,
        ids: &[Option<u32>],
        build: u32,
    ) -> (Vec<u8>, Vec<u8>) {
        let mut terms: HashMap<u64, Term> = HashMap::new();
        for (id, e) in self.by_id(ids) {
            let from = e.han.partition_point(|o| u64::from(o.rev) < range.start);
            let to = e.han.partition_point(|o| u64::from(o.rev) < range.end);
            for o in &e.han[from..to] {
                if (o.term & 0x1F_FFFF != 0) != pairs {
                    continue;
                }
                let t = terms.entry(o.term).or_default();
                let key = u64::from(id) * CLASSES as u64 + u64::from(o.class);
                if o.term & 0x1F_FFFF != 0 {
                    let at = o.start as usize;
                    for &p in &e.positions[at..at + o.count as usize] {
                        t.add(key, Some(p));
                    }
                } else {
                    for _ in 0..o.count {
                        t.add(key, None);
                    }
                }
            }
        }
        let mut terms: Vec<(String, Term)> = terms
            .into_iter()
            .map(|(k, mut t)| {
                t.flush();
                (unpack(k), t)
            })
            .collect();
        terms.sort_by(|a, b| a.0.cmp(&b.0));
        encode_terms(build, &terms)
    }

    /// The word shard `name`, or None when no word has its prefix.
    pub fn word_shard(&self, name: &str, ids: &[Option<u32>], build: u32) -> Option<Vec<u8>> {
        let mut words: HashMap<&str, Word> = HashMap::new();
        for (id, e) in self.by_id(ids) {
            let from = e.words.partition_point(|o| o.shard.as_str() < name);
            for o in e.words[from..].iter().take_while(|o| o.shard == name) {
                let word = words.entry(o.stem.as_str()).or_default();
                let key = u64::from(id) * CLASSES as u64 + u64::from(o.class);
                for _ in 0..o.count {
                    word.term.add(key, None);
                }
                word.surfaces.extend(o.surfaces.iter().cloned());
            }
        }
        if words.is_empty() {
            return None;
        }
        let mut words: Vec<(String, Word)> = words
            .into_iter()
            .map(|(stem, mut w)| {
                w.term.flush();
                (stem.to_string(), w)
            })
            .collect();
        words.sort_by(|a, b| a.0.cmp(&b.0));
        Some(encode_words(build, &words))
    }

    fn insert(&mut self, e: Entry) {
        let slot = self.free.pop().unwrap_or_else(|| {
            self.slots.push(None);
            self.slots.len() as u32 - 1
        });
        self.han_estimate += e.han_estimate;
        self.shards = shard_count(self.han_estimate);
        self.by_key.insert(e.key.clone(), slot);
        self.slots[slot as usize] = Some(e);
    }

    fn remove(&mut self, key: &str) {
        let Some(slot) = self.by_key.remove(key) else {
            return;
        };
        if let Some(e) = self.slots[slot as usize].take() {
            self.han_estimate -= e.han_estimate;
            self.shards = shard_count(self.han_estimate);
            self.free.push(slot);
        }
    }
}

/// The reversed hashes of the terms of shard `s` of `shards` (a power of
/// two): those whose top bits are `s`'s low bits reversed.
fn reversed_range(s: u32, shards: u32) -> Range<u64> {
    let bits = shards.trailing_zeros();
    if bits == 0 {
        return 0..1 << 32;
    }
    let start = u64::from(s.reverse_bits());
    start..start + (1u64 << (32 - bits))
}

/// The published records of `site` with their source keys; with `only`,
/// just the stories whose key is in it.
fn keyed_records<'a>(
    site: &'a Site,
    only: Option<&[std::path::PathBuf]>,
) -> Vec<(String, Record<'a>)> {
    let mut out = Vec::new();
    for (i, story) in site.stories.iter().enumerate() {
        // Paths compared as strings: `Path`'s own comparison parses both
        // into components, which over 10,000 stories took 5 ms.
        let wanted = |paths: &[std::path::PathBuf]| {
            paths
                .iter()
                .any(|p| p.as_os_str() == story.source.as_os_str())
        };
        if !story.published() || only.is_some_and(|paths| !wanted(paths)) {
            continue;
        }
        let key = story.source.to_string_lossy().into_owned();
        out.push((key, super::record::story_record(site, i, None)));
    }
    if only.is_none() {
        // Branch profiles are the kind after the configured ones.
        let kind = site.config.kinds.len();
        for (i, b) in site.branches.iter().enumerate() {
            out.push((
                format!("branch:{}", b.slug),
                super::record::branch_record(b, i, kind, None),
            ));
        }
    }
    out
}

/// Tokenises a record as [`super::Index`] does.
fn entry(key: String, r: &Record<'_>, stemmer: Option<&pagefind_stem::Stemmer>) -> Entry {
    // (reversed hash, term, class, position) packed in one u128: sorting
    // plain integers is most of the cost of a record, and packed it is
    // twice as fast as sorting tuples.
    let mut han: Vec<u128> = Vec::new();
    let packed = |rev: u32, term: u64, class: usize, pos: u32| {
        (u128::from(rev) << 96)
            | (u128::from(term) << 32)
            | ((class as u128) << 30)
            | u128::from(pos.min(0x3FFF_FFFF))
    };
    let mut words: Vec<(String, String, u8, String)> = Vec::new();
    let mut buf = String::new();
    for class in 0..CLASSES {
        let mut base = 0;
        for part in &r.classes[class] {
            base = tokens(part, base, &mut buf, |t| match t {
                Token::Han { pos, first, next } => {
                    let h = han_hash(first, None);
                    han.push(packed(h.reverse_bits(), pack(first, None), class, pos));
                    if let Some(n) = next {
                        let h = extend_hash(h, n);
                        han.push(packed(h.reverse_bits(), pack(first, Some(n)), class, pos));
                    }
                }
                Token::Word(w) => {
                    let stem = stemmer.map_or_else(|| w.to_string(), |s| s.stem(w).into_owned());
                    words.push((word_shard(&stem), stem, class as u8, w.to_string()));
                }
            }) + 1;
        }
    }
    han.sort_unstable();
    let mut occs = Vec::new();
    let mut positions = Vec::new();
    for run in han.chunk_by(|a, b| a >> 30 == b >> 30) {
        let rev = (run[0] >> 96) as u32;
        let term = (run[0] >> 32) as u64;
        let class = ((run[0] >> 30) & 3) as u8;
        let start = positions.len() as u32;
        if term & 0x1F_FFFF != 0 {
            positions.extend(run.iter().map(|x| (x & 0x3FFF_FFFF) as u32));
        }
        occs.push(Occ {
            rev,
            term,
            class,
            count: run.len() as u32,
            start,
        });
    }
    words.sort();
    let words = words
        .chunk_by(|a, b| a.1 == b.1 && a.2 == b.2)
        .map(|run| {
            let mut surfaces: Vec<String> = run
                .iter()
                .filter(|x| x.3 != x.1)
                .map(|x| x.3.clone())
                .collect();
            surfaces.dedup();
            WordOcc {
                shard: run[0].0.clone(),
                stem: run[0].1.clone(),
                class: run[0].2,
                count: run.len() as u32,
                surfaces,
            }
        })
        .collect();
    Entry {
        key,
        url: r.url.clone(),
        han: occs,
        positions,
        words,
        han_estimate: super::record::han_estimate(r),
    }
}

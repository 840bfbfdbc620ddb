//! The index files: the manifest, the records' table (`meta.bin`), one
//! fragment per record (`r/<id>.bin`, what a result shows and its text for
//! the excerpt), and the term shards: pairs of Han characters by hash into
//! `t/<n>.bin` with their positions in `p/<n>.bin`, single characters into
//! `c/<n>.bin`, Latin words by their first two
//! characters into `w/<hex>.bin`. The format is described in
//! docs/search-index.md; `search-engine.js` reads it.
//!
//! Records are tokenised once: the records are split into a few runs of
//! consecutive ids, each run collects every term of its records in
//! parallel, and a term's lists from the runs are joined in id order (its
//! postings are key deltas, so only the first entry of each later run is
//! re-encoded). A shard's bytes depend only on the records in id order,
//! never on the runs or the threads.

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use anyhow::Result;
use rayon::prelude::*;

use super::record::{CLASSES, Index, Record, char_shards};
use super::text::{Token, han_hash, tokens, word_shard};

/// The first bytes of every binary index file.
pub const MAGIC: &[u8; 4] = b"BPS1";

/// Bytes of the header: magic, build id (u32 LE), file length (u32 LE).
const HEADER: usize = 12;

/// How many runs of consecutive records are collected in parallel: more
/// runs keep more cores busy but hold a common term's list once per run.
const RUNS: usize = 2;

/// The LEB128 number at the start of `bytes`, and how many bytes it took.
fn read_varint(bytes: &[u8]) -> (u64, usize) {
    let mut v = 0u64;
    for (i, &b) in bytes.iter().enumerate() {
        v |= u64::from(b & 0x7F) << (7 * i);
        if b < 0x80 {
            return (v, i + 1);
        }
    }
    (v, bytes.len())
}

/// Appends `v` as LEB128.
pub fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Wraps a payload in the header that lets a reader tell a truncated file
/// or one of another build.
pub fn framed(build: u32, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&build.to_le_bytes());
    let len = u32::try_from(HEADER + payload.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// The postings of one term being collected: entries `(record·4 + class,
/// count)` as delta varints, and for Han pairs their positions.
#[derive(Default)]
pub(super) struct Term {
    entries: u32,
    pub(super) postings: Vec<u8>,
    pub(super) positions: Vec<u8>,
    /// Key of the last flushed entry, plus one (0 before the first).
    last: u64,
    /// The open entry: its key, count and last position.
    key: u64,
    count: u32,
    pos: u32,
}

impl Term {
    pub(super) fn add(&mut self, key: u64, pos: Option<u32>) {
        if self.count > 0 && key != self.key {
            self.flush();
        }
        if self.count == 0 {
            self.key = key;
        }
        if let Some(p) = pos {
            let delta = if self.count == 0 { p } else { p - self.pos };
            varint(&mut self.positions, u64::from(delta));
            self.pos = p;
        }
        self.count += 1;
    }

    /// Appends the entries of `later` (flushed, every key above this
    /// term's): its lists as they are but for its first entry's key delta.
    pub(super) fn append(&mut self, later: Term) {
        if later.entries == 0 {
            return;
        }
        let (first, used) = read_varint(&later.postings);
        varint(&mut self.postings, first - self.last);
        self.postings.extend_from_slice(&later.postings[used..]);
        self.positions.extend_from_slice(&later.positions);
        self.entries += later.entries;
        self.last = later.last;
    }

    pub(super) fn flush(&mut self) {
        if self.count == 0 {
            return;
        }
        varint(&mut self.postings, self.key + 1 - self.last);
        varint(&mut self.postings, u64::from(self.count));
        self.last = self.key + 1;
        self.entries += 1;
        self.count = 0;
    }
}

/// Multiplicative hashing for the packed Han terms (a u64 each): they are
/// already well spread, and SipHash would be most of the indexing time.
#[derive(Default)]
struct PackedHasher(u64);

impl Hasher for PackedHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517C_C1B7_2722_0A95);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (v ^ (v >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type HanMap = HashMap<u64, u32, BuildHasherDefault<PackedHasher>>;

pub(super) fn pack(first: char, next: Option<char>) -> u64 {
    (u64::from(first as u32) << 21) | u64::from(next.map_or(0, |c| c as u32))
}

pub(super) fn unpack(key: u64) -> String {
    let first = char::from_u32((key >> 21) as u32).unwrap_or('\u{fffd}');
    let next = (key & 0x1F_FFFF) as u32;
    let mut s = String::from(first);
    if next != 0 {
        s.push(char::from_u32(next).unwrap_or('\u{fffd}'));
    }
    s
}

/// A Latin word's postings, under its stem on an English portal, with the
/// forms it was written in.
#[derive(Default)]
pub(super) struct Word {
    pub(super) term: Term,
    pub(super) surfaces: BTreeSet<String>,
}

/// A run being collected: its postings, the stems of the words seen (so
/// that each distinct word is stemmed once) and a buffer for tokenising.
struct Run {
    out: Collected,
    stems: HashMap<String, String>,
    buf: String,
}

impl Run {
    fn new() -> Run {
        Run {
            out: Collected {
                han: Vec::new(),
                chars: vec![0; CHAR_TABLE],
                pairs: HanMap::default(),
                words: HashMap::new(),
            },
            stems: HashMap::new(),
            buf: String::new(),
        }
    }

    /// The run's postings, every open entry flushed.
    fn finish(self) -> Collected {
        let mut out = self.out;
        for (_, t) in &mut out.han {
            t.flush();
        }
        for w in out.words.values_mut() {
            w.term.flush();
        }
        out
    }
}

/// The postings of one run of records.
pub(super) struct Collected {
    /// Han terms, in the order first seen, keyed by [`pack`].
    han: Vec<(u64, Term)>,
    /// Index into `han` + 1 of each single character, by code point: a
    /// table, not a hash, for the commonest term of all.
    chars: Vec<u32>,
    /// Index into `han` of each pair.
    pairs: HanMap,
    words: HashMap<String, Word>,
}

impl Collected {
    fn char_term(&mut self, c: char) -> &mut Term {
        let slot = &mut self.chars[c as usize];
        if *slot == 0 {
            self.han.push((pack(c, None), Term::default()));
            *slot = self.han.len() as u32;
        }
        &mut self.han[*slot as usize - 1].1
    }

    fn pair_term(&mut self, first: char, next: char) -> &mut Term {
        let han = &mut self.han;
        let i = *self
            .pairs
            .entry(pack(first, Some(next)))
            .or_insert_with(|| {
                han.push((pack(first, Some(next)), Term::default()));
                han.len() as u32 - 1
            });
        &mut self.han[i as usize].1
    }
}

/// Code points below this have a slot in [`Collected::chars`] (the end of
/// the Han extensions).
const CHAR_TABLE: usize = 0x3_1350;

impl Index<'_> {
    /// The bucket of a Han term: its pair shard, or for a single
    /// character [`Index::shards`] + its character shard.
    fn han_bucket(&self, first: char, next: Option<char>) -> u32 {
        let hash = han_hash(first, next);
        match next {
            Some(_) => hash & (self.shards - 1),
            None => self.shards + (hash & (char_shards(self.shards) - 1)),
        }
    }

    /// Walks the text of `records` (the index's, taken out of it) once,
    /// in [`RUNS`] runs of consecutive ids in parallel: each record is
    /// handed to `visit` (which writes its fragment), its terms collected,
    /// and its text freed.
    pub(super) fn collect_releasing(
        &self,
        records: &mut [Record<'_>],
        visit: &(dyn Fn(usize, &Record<'_>) -> Result<()> + Sync),
    ) -> Result<Vec<Collected>> {
        let per_run = records.len().div_ceil(RUNS).max(1);
        records
            .par_chunks_mut(per_run)
            .enumerate()
            .map(|(k, chunk)| {
                let mut run = Run::new();
                for (j, record) in chunk.iter_mut().enumerate() {
                    let id = k * per_run + j;
                    visit(id, record)?;
                    self.collect_record(id, record, &mut run);
                    record.classes = Default::default();
                }
                Ok(run.finish())
            })
            .collect()
    }

    /// Collects the terms of record `id` into `run`.
    fn collect_record(&self, id: usize, record: &Record<'_>, run: &mut Run) {
        let Run { out, stems, buf } = run;
        for class in 0..CLASSES {
            let key = (id as u64) * CLASSES as u64 + class as u64;
            let mut base = 0;
            for part in &record.classes[class] {
                base = tokens(part, base, buf, |t| match t {
                    Token::Han { pos, first, next } => {
                        out.char_term(first).add(key, None);
                        if let Some(n) = next {
                            out.pair_term(first, n).add(key, Some(pos));
                        }
                    }
                    Token::Word(w) => self.add_word(w, key, stems, &mut out.words),
                }) + 1;
            }
        }
    }

    fn add_word(
        &self,
        surface: &str,
        key: u64,
        stems: &mut HashMap<String, String>,
        words: &mut HashMap<String, Word>,
    ) {
        let stem = match &self.stemmer {
            None => surface,
            Some(stemmer) => {
                if !stems.contains_key(surface) {
                    stems.insert(surface.to_string(), stemmer.stem(surface).into_owned());
                }
                stems[surface].as_str()
            }
        };
        // Looked up by &str first: most occurrences are of a word seen
        // before, and need no String.
        let word = match words.get_mut(stem) {
            Some(word) => word,
            None => words.entry(stem.to_string()).or_default(),
        };
        word.term.add(key, None);
        if stem != surface && !word.surfaces.contains(surface) {
            word.surfaces.insert(surface.to_string());
        }
    }

    /// Every term shard's files from the runs collected, in id order: each
    /// shard's terms joined across the runs, encoded and handed to `sink`
    /// in parallel; returns how many files were written and the names of
    /// the word shards, sorted.
    pub(super) fn write_collected(
        &self,
        collected: Vec<Collected>,
        sink: &(dyn Fn(&str, &[u8]) -> Result<()> + Sync),
    ) -> Result<(usize, Vec<String>)> {
        // Each shard's terms, run by run (so in id order within a term).
        let chars = char_shards(self.shards);
        let mut buckets: Vec<Vec<(u64, Term)>> =
            (0..self.shards + chars).map(|_| Vec::new()).collect();
        let mut words: HashMap<String, Word> = HashMap::new();
        for c in collected {
            for (key, term) in c.han {
                buckets[self.packed_bucket(key) as usize].push((key, term));
            }
            for (stem, word) in c.words {
                match words.entry(stem) {
                    Entry::Occupied(mut e) => {
                        let w = e.get_mut();
                        w.term.append(word.term);
                        w.surfaces.extend(word.surfaces);
                    }
                    Entry::Vacant(e) => {
                        e.insert(word);
                    }
                }
            }
        }
        let han_files: usize = buckets
            .into_par_iter()
            .enumerate()
            .map(|(s, mut terms)| {
                // Stable: a term's lists stay in run order.
                terms.sort_by_key(|(key, _)| *key);
                let mut joined: Vec<(String, Term)> = Vec::with_capacity(terms.len());
                let mut last = None;
                for (key, term) in terms {
                    match joined.last_mut() {
                        Some((_, t)) if last == Some(key) => t.append(term),
                        _ => joined.push((unpack(key), term)),
                    }
                    last = Some(key);
                }
                let (t, p) = encode_terms(self.build, &joined);
                match s.checked_sub(self.shards as usize) {
                    // A shard without pairs needs no positions: a reader
                    // asks for them only for a pair its `t/` file lists.
                    None if joined.is_empty() => sink(&format!("t/{s}.bin"), &t).map(|()| 1),
                    None => {
                        sink(&format!("t/{s}.bin"), &t)?;
                        sink(&format!("p/{s}.bin"), &p).map(|()| 2)
                    }
                    Some(c) => sink(&format!("c/{c}.bin"), &t).map(|()| 1),
                }
            })
            .try_reduce(|| 0, |a, b| Ok(a + b))?;
        let mut by_prefix: HashMap<String, Vec<(String, Word)>> = HashMap::new();
        for (stem, word) in words {
            by_prefix
                .entry(word_shard(&stem))
                .or_default()
                .push((stem, word));
        }
        let mut prefixes: Vec<_> = by_prefix.into_iter().collect();
        prefixes.sort_by(|a, b| a.0.cmp(&b.0));
        prefixes.par_iter_mut().try_for_each(|(prefix, words)| {
            words.sort_by(|a, b| a.0.cmp(&b.0));
            sink(&format!("w/{prefix}.bin"), &encode_words(self.build, words))
        })?;
        let names: Vec<String> = prefixes.into_iter().map(|(p, _)| p).collect();
        Ok((han_files + names.len(), names))
    }

    /// The bucket ([`Index::han_bucket`]) of a term packed by [`pack`].
    fn packed_bucket(&self, key: u64) -> u32 {
        let first = char::from_u32((key >> 21) as u32).unwrap_or(' ');
        let next = char::from_u32((key & 0x1F_FFFF) as u32).filter(|&c| c != '\0');
        self.han_bucket(first, next)
    }
}

/// A shard's directory and postings, and its positions file.
pub(super) fn encode_terms(build: u32, terms: &[(String, Term)]) -> (Vec<u8>, Vec<u8>) {
    let mut dir = Vec::new();
    varint(&mut dir, terms.len() as u64);
    let mut postings = Vec::new();
    let mut positions = Vec::new();
    for (text, term) in terms {
        varint(&mut dir, text.len() as u64);
        dir.extend_from_slice(text.as_bytes());
        varint(&mut dir, u64::from(term.entries));
        varint(&mut dir, term.postings.len() as u64);
        // A single character has no positions: its postings are exact.
        let with_positions = text.chars().nth(1).is_some();
        varint(
            &mut dir,
            if with_positions {
                term.positions.len() as u64
            } else {
                0
            },
        );
        postings.extend_from_slice(&term.postings);
        if with_positions {
            positions.extend_from_slice(&term.positions);
        }
    }
    dir.extend_from_slice(&postings);
    (framed(build, &dir), framed(build, &positions))
}

/// A word shard: per stem its postings and the forms it was written in.
pub(super) fn encode_words(build: u32, words: &[(String, Word)]) -> Vec<u8> {
    let mut dir = Vec::new();
    varint(&mut dir, words.len() as u64);
    let mut postings = Vec::new();
    for (stem, word) in words {
        varint(&mut dir, stem.len() as u64);
        dir.extend_from_slice(stem.as_bytes());
        varint(&mut dir, u64::from(word.term.entries));
        varint(&mut dir, word.term.postings.len() as u64);
        varint(&mut dir, word.surfaces.len() as u64);
        for surface in &word.surfaces {
            varint(&mut dir, surface.len() as u64);
            dir.extend_from_slice(surface.as_bytes());
        }
        postings.extend_from_slice(&word.term.postings);
    }
    dir.extend_from_slice(&postings);
    framed(build, &dir)
}

//! The search index files of the served site, encoded from the in-memory
//! index (updated with every saved story) on their first request after a
//! change, and kept until the next.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::built::Built;
use crate::pipeline;
use crate::search::live::Live;

/// A file as the index stores it (gzipped), shared.
fn stored(name: &str, bytes: &[u8]) -> Arc<Vec<u8>> {
    Arc::new(crate::search::stored(name, bytes))
}

/// The search files made since the last change.
#[derive(Default)]
pub(super) struct SearchFiles(Mutex<Option<SearchCache>>);

/// The search files of one change, and what encoding them needs.
struct SearchCache {
    version: u64,
    build: u32,
    /// Record urls by id.
    urls: Vec<String>,
    /// Id of each slot of the in-memory index.
    ids: Vec<Option<u32>>,
    files: HashMap<String, Arc<Vec<u8>>>,
}

impl SearchFiles {
    /// A file of the search index (`search/data/…`) as of change
    /// `version`. None when search is off or `rel` is no index file.
    pub(super) fn get(&self, built: &Built, version: u64, rel: &str) -> Option<Arc<Vec<u8>>> {
        let name = rel.strip_prefix(crate::search::DIR)?.strip_prefix('/')?;
        let live = built.live.as_ref()?;
        let mut cache = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if cache.as_ref().is_none_or(|c| c.version != version) {
            *cache = Some(SearchCache::new(built, live, version));
        }
        let cache = cache.as_mut()?;
        if let Some(bytes) = cache.files.get(name) {
            return Some(bytes.clone());
        }
        cache.make(built, live, name)?;
        cache.files.get(name).cloned()
    }
}

impl SearchCache {
    /// What the search files of a change share: the records' order, and
    /// the manifest and tables, made at once.
    fn new(built: &Built, live: &Live, version: u64) -> SearchCache {
        // A build id of this server and this change: a page of an older
        // change never mixes its files with these.
        let build = (std::process::id() << 16) ^ (version as u32);
        let label = pipeline::search_branch_label(&built.theme);
        let index = crate::search::Index::new(&built.site, &label, Some(build));
        let urls: Vec<String> = index.records.iter().map(|r| r.url.clone()).collect();
        let mut files = HashMap::new();
        let manifest = index.manifest_with(&live.word_shards());
        files.insert("manifest.json".to_string(), Arc::new(manifest.into_bytes()));
        files.insert("meta.bin".to_string(), stored("meta.bin", &index.meta()));
        let branches = index.branch_lists();
        files.insert(
            "branches.bin".to_string(),
            stored("branches.bin", &branches),
        );
        SearchCache {
            version,
            build,
            ids: live.ids(&urls),
            urls,
            files,
        }
    }

    /// Encodes the shard or record file `name` (and its sibling: a Han
    /// shard's two halves are made together). None for no such file.
    fn make(&mut self, built: &Built, live: &Live, name: &str) -> Option<()> {
        let (dir, file) = name.split_once('/')?;
        let stem = file.strip_suffix(".bin")?;
        let n: Option<u32> = stem.parse().ok().filter(|n: &u32| stem == n.to_string());
        match dir {
            "t" | "p" => {
                let s = n.filter(|&s| s < live.shards())?;
                let (t, p) = live.han_shard(s, &self.ids, self.build);
                let (t_name, p_name) = (format!("t/{s}.bin"), format!("p/{s}.bin"));
                self.files.insert(t_name.clone(), stored(&t_name, &t));
                self.files.insert(p_name.clone(), stored(&p_name, &p));
            }
            "c" => {
                let s = n.filter(|&s| s < live.char_shards())?;
                let bytes = live.char_shard(s, &self.ids, self.build);
                self.files.insert(name.to_string(), stored(name, &bytes));
            }
            "w" => {
                let bytes = live.word_shard(stem, &self.ids, self.build)?;
                self.files.insert(name.to_string(), stored(name, &bytes));
            }
            "r" => {
                let url = self.urls.get(n? as usize)?;
                let label = pipeline::search_branch_label(&built.theme);
                let json = crate::search::fragment_for(&built.site, &label, self.build, url)?;
                self.files
                    .insert(name.to_string(), stored(name, json.as_bytes()));
            }
            _ => return None,
        }
        Some(())
    }
}

//! The desk's JSON calls: which handler answers each (the story, its
//! photos, the portal's list and branches, publishing by git), and the
//! lock every write holds.

use std::sync::Mutex;
use std::sync::atomic::AtomicU64;

use super::call::{Answer, Call, fail, localise};
use super::served::{self, Shared};
use super::{files, git, portal, story};
use crate::error::Text;

/// What the calls share over one run of `serve`.
#[derive(Default)]
pub struct Api {
    /// Held by each call that writes, from its checks to its last write.
    writes: Mutex<()>,
    /// Bytes of photos stored in this run, against
    /// [`MAX_UPLOADED`](super::call::MAX_UPLOADED).
    uploaded: AtomicU64,
}

impl Api {
    /// Runs a call.
    ///
    /// The `writes` lock is held by every call that writes, from its check
    /// to its last write, so that two saves of one story (two writers, or
    /// two tabs) never both pass the version check. git runs without the
    /// site's lock held: a push may take long, and the watcher must be able
    /// to apply saves meanwhile.
    pub fn run(&self, site: &Shared, call: &Call) -> Answer {
        let (lang, root) = {
            let site = served::read(site);
            (site.lang(), site.root().to_path_buf())
        };
        let lock = || self.writes.lock().unwrap_or_else(|e| e.into_inner());
        let result = match (call.post, call.name) {
            (false, "schema") => Ok(portal::schema(&*served::read(site))),
            (false, "stories") => Ok(portal::stories(site)),
            (false, "story") => story::open(&*served::read(site), call),
            (false, "publish") => Ok(git::status(&root, lang)),
            (true, "preview") => story::preview(site, call),
            (true, "save") => {
                let _writing = lock();
                story::save(site, call)
            }
            (true, "upload") => {
                let _writing = lock();
                files::upload(site, call, &self.uploaded)
            }
            (true, "branch") => {
                let _writing = lock();
                portal::branch(&*served::read(site), call)
            }
            (true, "publish") => {
                let _writing = lock();
                git::publish(&root, lang, call.body)
            }
            _ => Err(fail(
                404,
                Text::new("找不到这个写作台接口", "no such desk call"),
            )),
        };
        match result {
            Ok(v) => (200, v),
            Err((status, v)) => (status, localise(lang, v)),
        }
    }
}

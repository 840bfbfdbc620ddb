//! The desk's JSON calls: which handler answers each (the story, its
//! photos, the portal's list and branches, publishing by git), and the
//! lock every write holds.

use std::sync::Mutex;
use std::sync::atomic::AtomicU64;

use serde_json::Value;

use super::call::{Answer, Call, fail, localise};
use super::log::{self, Action};
use super::served::{self, Shared};
use super::{files, git, portal, review, story, wechat};
use crate::error::{Lang, Text};

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
            (false, "publish") => Ok(git::status(&root, &names(site))),
            (true, "preview") => story::preview(site, call),
            (true, "wechat") => wechat::copy(site, call),
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
                git::publish(&root, &names(site), lang, call.body)
            }
            (true, "approve") => {
                let _writing = lock();
                review::approve_story(site, call)
            }
            (true, "return") => {
                let _writing = lock();
                review::return_to_writer(site, call)
            }
            (true, "gitignore") => {
                let _writing = lock();
                git::write_gitignore(&root)
            }
            _ => Err(fail(
                404,
                Text::new("找不到这个写作台接口", "no such desk call"),
            )),
        };
        if let Ok(v) = &result {
            record(lang, call, v);
        }
        match result {
            Ok(v) => (200, v),
            Err((status, v)) => (status, localise(lang, v)),
        }
    }
}

/// The names the publish dialog speaks of, read under the site's lock
/// (which git then runs without).
fn names(site: &Shared) -> git::Names {
    git::Names::of(&*served::read(site))
}

/// serve's log line of a write that succeeded: what, which files, and the
/// name the writer gave (`by`, sent with every write).
fn record(lang: Lang, call: &Call, answer: &Value) {
    let text = |v: &Value| v.as_str().map(str::to_string);
    let (action, files): (Action, Vec<String>) = match (call.post, call.name) {
        (true, "save") => (Action::Save, text(&answer["path"]).into_iter().collect()),
        (true, "upload") => {
            let story = text(&answer["path"]).unwrap_or_default();
            let dir = story.rsplit_once('/').map_or("", |(d, _)| d);
            let name = text(&answer["name"]).unwrap_or_default();
            (Action::Upload, vec![format!("{dir}/{name}")])
        }
        (true, "publish") => {
            let files = answer["published"].as_array().into_iter().flatten();
            let mut files: Vec<String> = files.filter_map(|c| text(&c["path"])).collect();
            if let Some(commit) = text(&answer["commit"]) {
                files.push(format!("→ {commit}"));
            }
            let by = text(&answer["author"]["name"]);
            log::record(lang, Action::Publish, &files, by.as_deref());
            return;
        }
        (true, "approve" | "return") => {
            let action = match call.name {
                "approve" => Action::Approve,
                _ => Action::Return,
            };
            let files: Vec<String> = text(&answer["path"]).into_iter().collect();
            log::record(lang, action, &files, text(&answer["by"]).as_deref());
            return;
        }
        (true, "gitignore") if answer["changed"] == true => {
            (Action::Ignore, text(&answer["path"]).into_iter().collect())
        }
        _ => return,
    };
    log::record(lang, action, &files, call.param("by"));
}

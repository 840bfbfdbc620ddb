//! Watching the portal's files and applying each burst of changes (with
//! `update`, or a full reload off the lock), then reloading the browsers.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use notify::{EventKind, RecursiveMode, Watcher as _};
use tokio::sync::broadcast;

use super::built::Built;
use super::report::report_change;
use super::state::{Dev, Outcome, millis, read, write};

/// A burst of events ends after this much quiet (an editor's save is
/// several events within a millisecond or two).
const QUIET: Duration = Duration::from_millis(8);
/// A burst is applied after this long even if events keep coming.
const MAX_WAIT: Duration = Duration::from_millis(100);

/// The folders watched recursively, when they exist.
const DIRS: [&str; 3] = ["content", "themes", "static"];

/// The file watcher and its events.
pub(super) struct Watch {
    watcher: notify::RecommendedWatcher,
    rx: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
    /// Which of [`DIRS`] are watched.
    watched: BTreeSet<&'static str>,
}

impl Watch {
    /// Starts watching content/, themes/, static/ and site.yaml.
    pub(super) fn new(root: &Path) -> Result<Watch> {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let (tx, rx) = channel();
        let mut watcher =
            notify::recommended_watcher(tx).context("无法监视文件 / cannot watch files")?;
        watcher
            .watch(&root, RecursiveMode::NonRecursive)
            .with_context(|| cannot_watch(&root))?;
        let mut watch = Watch {
            watcher,
            rx,
            root,
            watched: BTreeSet::new(),
        };
        watch.watch_dirs(&[])?;
        Ok(watch)
    }

    /// Watches each of [`DIRS`] that exists and is not watched yet, or that
    /// `changed` names itself (created, or replaced, after the start).
    fn watch_dirs(&mut self, changed: &[PathBuf]) -> Result<()> {
        for dir in DIRS {
            let path = self.root.join(dir);
            let named = changed.iter().any(|c| c == Path::new(dir));
            if !path.is_dir() {
                self.watched.remove(dir);
                continue;
            }
            if self.watched.contains(dir) && !named {
                continue;
            }
            let _ = self.watcher.unwatch(&path);
            self.watcher
                .watch(&path, RecursiveMode::Recursive)
                .with_context(|| cannot_watch(&path))?;
            self.watched.insert(dir);
        }
        Ok(())
    }

    /// Applies every change to `dev` and sends a reload to the browsers,
    /// until the watcher stops.
    pub(super) fn run(mut self, dev: Arc<RwLock<Dev>>, reload: broadcast::Sender<u64>) {
        let mut version = 0u64;
        while let Some(changed) = next_burst(&self.rx, &self.root) {
            let start = Instant::now();
            if let Err(e) = self.watch_dirs(&changed) {
                eprintln!("{e:#}");
            }
            // A crash (a bug) must not stop the preview: it becomes an error.
            let applied = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let fast = write(&dev).try_apply(&changed);
                match fast {
                    Some(outcome) => outcome,
                    None => {
                        let options = read(&dev).options.clone();
                        let result = Built::load(&options);
                        write(&dev).apply_rebuild(result)
                    }
                }
            }));
            let outcome = applied.unwrap_or_else(|_| write(&dev).crashed(&changed));
            let elapsed = start.elapsed();
            if outcome == Outcome::Unchanged {
                continue;
            }
            version += 1;
            let _ = reload.send(version);
            report_change(&read(&dev), &outcome, millis(elapsed));
        }
    }
}

/// The error of a folder that cannot be watched, in both languages (the
/// portal's language is not known before it loads).
fn cannot_watch(path: &Path) -> String {
    format!("无法监视 / cannot watch {}", path.display())
}

/// Waits for a change, then collects the rest of its burst: the changed
/// paths relative to the root, sorted, without hidden and editor files.
fn next_burst(rx: &Receiver<notify::Result<notify::Event>>, root: &Path) -> Option<Vec<PathBuf>> {
    loop {
        let mut paths = BTreeSet::new();
        let first = rx.recv().ok()?;
        let deadline = Instant::now() + MAX_WAIT;
        collect(first, root, &mut paths);
        loop {
            match rx.recv_timeout(QUIET) {
                Ok(event) => collect(event, root, &mut paths),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
            if Instant::now() >= deadline {
                break;
            }
        }
        if !paths.is_empty() {
            return Some(paths.into_iter().collect());
        }
    }
}

fn collect(event: notify::Result<notify::Event>, root: &Path, paths: &mut BTreeSet<PathBuf>) {
    let Ok(event) = event else { return };
    // Reading a file, or changing only its attributes (Windows' indexer,
    // Defender and OneDrive, macOS's quarantine and Finder tags), changes
    // nothing of the site.
    if matches!(
        event.kind,
        EventKind::Access(_) | EventKind::Modify(notify::event::ModifyKind::Metadata(_))
    ) {
        return;
    }
    for path in event.paths {
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        if relevant(rel) {
            paths.insert(rel.to_path_buf());
        }
    }
}

/// Whether a change to `rel` (relative to the root) can change the site.
fn relevant(rel: &Path) -> bool {
    let mut comps = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(first) = comps.next() else {
        return false;
    };
    let top = match first.as_ref() {
        "site.yaml" => return rel.components().count() == 1,
        "content" | "themes" | "static" => true,
        _ => false,
    };
    top && rel.components().all(|c| {
        let name = c.as_os_str();
        !crate::content::is_hidden(name)
            && !crate::content::is_editor_temp(&name.to_string_lossy())
            && name != "4913" // vim's probe file
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_site_files_count() {
        assert!(relevant(Path::new("site.yaml")));
        assert!(relevant(Path::new("content/branches/a/activities/x.md")));
        assert!(relevant(Path::new("themes/default/templates/base.html")));
        assert!(!relevant(Path::new("public/index.html")));
        assert!(!relevant(Path::new(".git/index")));
        assert!(!relevant(Path::new("content/branches/a/.x.md.swp")));
        assert!(!relevant(Path::new("content/branches/a/x.md~")));
        assert!(!relevant(Path::new("content/4913")));
        assert!(!relevant(Path::new("README.md")));
        // What Windows, macOS and Office leave beside photos.
        assert!(!relevant(Path::new("content/branches/a/x/Thumbs.db")));
        assert!(!relevant(Path::new("content/branches/a/x/~$稿件.docx")));
        assert!(!relevant(Path::new("content/branches/a/x/SAVE.TMP")));
        assert!(!relevant(Path::new("content/branches/a/x/.DS_Store")));
    }
}

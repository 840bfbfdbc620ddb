//! The state of `serve`: the last good build, the errors of the latest
//! change, and a full reload; what the desk reads of it ([`ServedSite`]).
//! Applying a save is in `update`, answering a request in `respond`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

use super::built::Built;
use super::search_cache::SearchFiles;
use crate::desk::ServedSite;
use crate::error::{Code, Diagnostic, Lang, Text};
use crate::model::{Site, Story};
use crate::pipeline::Options;
use crate::render;
use crate::theme::Theme;

/// What a change did, for the terminal.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    /// Nothing that the site depends on changed.
    Unchanged,
    /// One or more stories were applied on their own.
    Updated(Vec<PathBuf>),
    /// Everything was loaded again.
    Rebuilt,
    /// The change has errors; the last good site is still served.
    Failed,
}

/// The served site: the last good build and the errors of the latest change.
pub struct Dev {
    pub(super) options: Options,
    pub(super) built: Option<Built>,
    pub(super) errors: Vec<Diagnostic>,
    pub(super) lang: Lang,
    /// Text of story files as last applied, to skip saves that changed nothing.
    pub(super) texts: HashMap<PathBuf, String>,
    /// The last full load failed: the model kept is older than the files,
    /// so only another full load can be trusted.
    pub(super) stale: bool,
    /// Counts applied changes: the search index is as of one of them.
    pub(super) version: u64,
    /// Search index files made since the last change: each is encoded from
    /// the in-memory index on its first request.
    pub(super) search: SearchFiles,
    /// Pages carry the writing desk's buttons.
    pub(super) desk: bool,
}

impl Dev {
    /// Builds the site for serving. Errors do not fail: they are kept and shown.
    pub fn new(options: Options) -> Dev {
        let mut dev = Dev {
            lang: options.lang.unwrap_or_default(),
            options,
            built: None,
            errors: Vec::new(),
            texts: HashMap::new(),
            stale: false,
            version: 0,
            search: SearchFiles::default(),
            desk: false,
        };
        dev.rebuild();
        dev
    }

    /// Shows the writing desk's buttons on every page.
    pub fn enable_desk(&mut self) {
        self.desk = true;
    }

    /// Renders a story checked by the desk as its page would be published;
    /// the site is as it was afterwards.
    fn render_preview(&mut self, story: Story) -> Result<Vec<u8>, Diagnostic> {
        let Some(built) = self.built.as_mut() else {
            return Err(Diagnostic::error(
                Code::PreviewBlocked,
                "content",
                Text::new("网站有错误，无法预览", "the site has errors: no preview"),
            ));
        };
        let source = story.source.clone();
        let render = std::panic::AssertUnwindSafe(|| {
            render::render_preview(
                &mut built.site,
                &built.stats,
                &built.tera,
                &mut built.views,
                story,
            )
        });
        match std::panic::catch_unwind(render) {
            Ok(result) => result,
            Err(_) => {
                // `render_preview` puts the site back before a template's
                // panic goes on; loading again is the belt to those braces.
                self.rebuild();
                Err(Diagnostic::error(
                    Code::Internal,
                    source,
                    Text::new(
                        "预览时出现内部错误（详见终端）",
                        "internal error while previewing (see the terminal)",
                    ),
                ))
            }
        }
    }

    /// The language of messages.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The errors of the latest change (empty when the site is good).
    pub fn errors(&self) -> &[Diagnostic] {
        &self.errors
    }

    /// Warnings of the current site.
    pub fn warnings(&self) -> &[Diagnostic] {
        self.built.as_ref().map_or(&[], |b| &b.site.warnings)
    }

    /// Published stories and branches of the current site.
    pub fn counts(&self) -> (usize, usize) {
        self.built
            .as_ref()
            .map_or((0, 0), |b| (b.site.stories.len(), b.site.branches.len()))
    }

    /// Loads everything again.
    pub fn rebuild(&mut self) -> Outcome {
        self.apply_rebuild(Built::load(&self.options))
    }

    /// Installs the result of [`Built::load`] (which may run without the lock).
    pub(super) fn apply_rebuild(&mut self, result: Result<Built, Vec<Diagnostic>>) -> Outcome {
        self.texts.clear();
        self.version += 1;
        match result {
            Ok(built) => {
                self.stale = false;
                self.lang = self.options.lang.unwrap_or(built.site.config.language);
                self.built = Some(built);
                self.errors.clear();
                Outcome::Rebuilt
            }
            Err(errors) => {
                self.stale = true;
                self.errors = errors;
                crate::error::sort_diagnostics(&mut self.errors);
                Outcome::Failed
            }
        }
    }

    /// After a crash while applying `changed`: the model may be half
    /// updated, so only a full load is trusted next; the error is shown.
    pub(super) fn crashed(&mut self, changed: &[PathBuf]) -> Outcome {
        self.stale = true;
        self.texts.clear();
        let path = changed.first().cloned().unwrap_or_else(|| "content".into());
        self.errors = vec![Diagnostic::error(
            Code::Internal,
            path,
            Text::new(
                "内部错误：branchpress 处理这次修改时崩溃了（详见终端）；再保存一次会重新加载全站",
                "internal error: branchpress crashed applying this change (see the terminal); the next save reloads everything",
            ),
        )];
        Outcome::Failed
    }
}

impl ServedSite for Dev {
    fn lang(&self) -> Lang {
        self.lang
    }

    fn root(&self) -> &Path {
        &self.options.root
    }

    fn drafts(&self) -> bool {
        self.options.drafts
    }

    fn site(&self) -> Option<&Site> {
        self.built.as_ref().map(|b| &b.site)
    }

    fn errors(&self) -> &[Diagnostic] {
        &self.errors
    }

    fn version(&self) -> u64 {
        self.version
    }

    fn preview(&mut self, story: Story) -> Result<Vec<u8>, Diagnostic> {
        self.render_preview(story)
    }

    fn published(&mut self, f: &mut dyn FnMut(&Site, &Theme)) -> bool {
        let Some(built) = self.built.as_mut() else {
            return false;
        };
        /// Puts serve's base URL back, even if `f` panics.
        struct Restore<'a>(&'a mut Built, String);
        impl Drop for Restore<'_> {
            fn drop(&mut self) {
                std::mem::swap(&mut self.0.site.config.base_url, &mut self.1);
            }
        }
        let published = built.published_base_url.clone();
        let mut built = Restore(built, published);
        std::mem::swap(&mut built.0.site.config.base_url, &mut built.1);
        f(&built.0.site, &built.0.theme);
        true
    }
}

/// Reads the site; a panic elsewhere while it was held does not stop serving.
pub(super) fn read(dev: &RwLock<Dev>) -> RwLockReadGuard<'_, Dev> {
    dev.read().unwrap_or_else(|e| e.into_inner())
}

/// Changes the site.
pub(super) fn write(dev: &RwLock<Dev>) -> RwLockWriteGuard<'_, Dev> {
    dev.write().unwrap_or_else(|e| e.into_inner())
}

/// How long a change took, in milliseconds, for the terminal.
pub fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

//! Applying a save: a changed story parsed, checked and rendered again on
//! its own, its card, statistics and lists recomputed only when they must
//! be; anything else falls back to a full reload.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::built::Built;
use super::state::{Dev, Outcome};
use crate::content::{self, Source};
use crate::error::Diagnostic;
use crate::model::{ModelOptions, StoryUpdate};
use crate::pipeline;
use crate::render;
use crate::stats;

impl Dev {
    /// Applies changed files (paths relative to the portal root): story
    /// files on their own when possible, anything else by a full rebuild.
    pub fn apply(&mut self, changed: &[PathBuf]) -> Outcome {
        if changed.is_empty() {
            return Outcome::Unchanged;
        }
        match self.try_apply(changed) {
            Some(outcome) => outcome,
            None => self.rebuild(),
        }
    }

    /// The incremental path; None when only a full rebuild is right.
    pub(super) fn try_apply(&mut self, changed: &[PathBuf]) -> Option<Outcome> {
        let sources = match self.changed_stories(changed)? {
            Ok(sources) => sources,
            Err(outcome) => return Some(outcome),
        };
        let built = self.built.as_mut()?;
        // Only stories the site has: nothing is touched before a full load.
        let known = |p: &PathBuf| built.site.stories.iter().any(|s| &s.source == p);
        if !sources.iter().all(|s| known(&s.path)) {
            return None;
        }
        self.version += 1;
        let model = ModelOptions {
            drafts: self.options.drafts,
        };
        let mut t = Instant::now();
        let Some(mut applied) = update_stories(built, &sources, model) else {
            // Earlier files of the burst may be applied already.
            self.stale = true;
            return None;
        };
        crate::progress::lap("update", &mut t);
        let paths: Vec<PathBuf> = sources.iter().map(|s| s.path.clone()).collect();
        refresh(built, &paths, &mut applied, &mut t);
        Some(self.keep(sources, applied.errors, paths))
    }

    /// The stories among `changed` whose text changed since last applied:
    /// None when a full load is needed (a file that is no story, errors
    /// elsewhere), an outcome when there is nothing to apply.
    fn changed_stories(&self, changed: &[PathBuf]) -> Option<Result<Vec<Source>, Outcome>> {
        let changed: Vec<&PathBuf> = changed.iter().filter(|p| !self.passing(p)).collect();
        if changed.is_empty() {
            return Some(Err(Outcome::Unchanged));
        }
        // A site with errors elsewhere may only be fixed by rebuilding.
        if self.stale || (!self.errors.is_empty() && !changed.iter().all(|p| self.erred_in(p))) {
            return None;
        }
        let root = &self.options.root;
        let mut sources = Vec::new();
        for path in changed {
            let story = content::is_markdown(path)
                && path.starts_with("content/branches")
                && !path.ends_with("_branch.md");
            if !story || !root.join(path).is_file() {
                return None;
            }
            sources.push(content::read_source(root, path).ok()?);
        }
        sources.retain(|s| self.texts.get(&s.path) != Some(&s.text));
        if sources.is_empty() {
            return Some(Err(if self.errors.is_empty() {
                Outcome::Unchanged
            } else {
                Outcome::Failed
            }));
        }
        Some(Ok(sources))
    }

    /// Records what was applied: the texts (to skip saving them again) and
    /// the errors.
    fn keep(
        &mut self,
        sources: Vec<Source>,
        mut errors: Vec<Diagnostic>,
        paths: Vec<PathBuf>,
    ) -> Outcome {
        for s in sources {
            if errors.iter().any(|e| e.path == s.path) {
                // Saving the last good text again must apply it.
                self.texts.remove(&s.path);
            } else {
                self.texts.insert(s.path, s.text);
            }
        }
        if errors.is_empty() {
            self.errors.clear();
            Outcome::Updated(paths)
        } else {
            crate::error::sort_diagnostics(&mut errors);
            self.errors = errors;
            Outcome::Failed
        }
    }

    /// Whether `path` is a file that came and went within one save, such as
    /// an editor's or sed's temporary file: gone now, and nothing the site
    /// was built from (a deleted story, photo or folder of them is not).
    fn passing(&self, path: &Path) -> bool {
        // After a failed load the model may not know the files being fixed.
        if self.stale || self.options.root.join(path).exists() || path == Path::new("site.yaml") {
            return false;
        }
        self.built
            .as_ref()
            .is_some_and(|b| !b.site.built_from(path))
    }

    /// Whether the current errors all concern `path`.
    fn erred_in(&self, path: &Path) -> bool {
        self.errors.iter().all(|e| e.path == path)
    }
}

/// What applying the stories of one burst did.
struct Applied {
    errors: Vec<Diagnostic>,
    /// The statistics must be computed again.
    restat: bool,
    /// The lists must be made again.
    relist: bool,
}

/// Applies each story to the model; None when one needs a full load.
fn update_stories(built: &mut Built, sources: &[Source], model: ModelOptions) -> Option<Applied> {
    let mut applied = Applied {
        errors: Vec::new(),
        restat: false,
        relist: false,
    };
    for source in sources {
        match crate::pipeline::update_story(&mut built.site, source, model) {
            Ok(StoryUpdate::Rebuild) => return None,
            Ok(StoryUpdate::Updated {
                moved,
                stats,
                lists,
                ..
            }) => {
                if let Some((from, to)) = moved {
                    built.views.move_story(from, to);
                }
                applied.restat |= stats;
                applied.relist |= lists;
            }
            Err(e) => applied.errors.extend(e),
        }
    }
    Some(applied)
}

/// Makes again what the applied stories change: statistics, the cards of
/// the stories at `paths`, the search index, lists and the files made from
/// statistics.
fn refresh(built: &mut Built, paths: &[PathBuf], applied: &mut Applied, t: &mut Instant) {
    if applied.restat {
        built.stats = stats::compute_stats(&built.site, stats::StatsFilter::default());
        crate::progress::lap("stats", t);
        render::register_stats(&mut built.tera, &built.stats);
        crate::progress::lap("stats()", t);
    }
    // Cards of every touched story (indices are final after all reorders).
    for (i, story) in built.site.stories.iter().enumerate() {
        if paths.contains(&story.source)
            && let Err(e) = built.views.update_story(&built.site, &built.tera, i)
        {
            applied.errors.push(e);
        }
    }
    crate::progress::lap("cards", t);
    if let Some(live) = &mut built.live {
        live.update(&built.site, paths);
        crate::progress::lap("search", t);
    }
    if applied.relist {
        built.views.relist(&built.site);
        crate::progress::lap("lists", t);
    }
    if applied.restat {
        built.files = pipeline::extra_files(&built.site, &built.stats, &built.theme);
    }
}

//! Model stage: turns loaded, parsed and validated sources into the [`Site`]
//! — branches, stories and pages that refer to each other by index, each
//! with its output path and rendered body. Checks references between files
//! (`parent`, `with`, assets, links, duplicate output paths).

mod collect;
mod links;
mod parts;

use crate::error::Code;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Loaded, Role, Source};
use crate::error::Diagnostic;
use crate::front_matter::{Document, parse_document, parse_source};
use crate::images::{self, Image};
use crate::markdown::Rendered;
use collect::{
    check_duplicate_paths, collect_branches, collect_pages, collect_stories, link_parents,
};
use links::Links;
pub(crate) use links::percent_decode;
pub use links::{slug_from_file_name, slug_or};
pub use parts::{Branch, Headline, ModelOptions, Page, Pending, Story, Written};
use parts::{Docs, Parsed, Parts};

/// The whole portal, ready to aggregate and render.
#[derive(Debug)]
pub struct Site {
    /// The configuration.
    pub config: Config,
    /// The home page's intro (content/_index.md), if any.
    pub home: Option<Page>,
    /// Plain pages, sorted by path.
    pub pages: Vec<Page>,
    /// Branches, sorted by `order` then slug.
    pub branches: Vec<Branch>,
    /// Published stories, newest first (with `--drafts`, the unpublished too).
    pub stories: Vec<Story>,
    /// Stories review holds back, by source path (empty without `review:`).
    pub pending: Vec<Pending>,
    /// Files to copy: (source on disk, output path). Processed photos are
    /// here as their variants, the files being in the image cache.
    pub assets: Vec<(PathBuf, String)>,
    /// Processed photos, under the output path of each of their variants
    /// (so a `cover` or `logo` path finds its image).
    pub images: BTreeMap<String, Image>,
    /// How many photos were encoded, and how many came from the cache.
    pub image_counts: images::Counts,
    /// Warnings found on the way.
    pub warnings: Vec<Diagnostic>,
    /// How references resolve, kept to re-render a changed story alone.
    links: Links,
}

/// A story file checked against a built site, with its document: what the
/// findings stage reads before the story is shown or put in place.
#[derive(Debug)]
pub struct CheckedStory {
    /// The story, its body rendered.
    pub story: Story,
    /// Its front matter and body.
    pub doc: Document,
    /// The model's warnings for it.
    pub warnings: Vec<Diagnostic>,
}

/// The model before its bodies are rendered: every file checked and
/// linked, photos processed, each document still held. The findings stage
/// reads the documents here; [`finish`] then renders each body and frees
/// its document, so that all documents and all rendered bodies are never
/// in memory at once.
pub struct Collected<'s> {
    config: Config,
    parsed: Vec<Parsed<'s>>,
    headlines: BTreeMap<PathBuf, Headline>,
    parts: Parts,
    links: Links,
    image_counts: images::Counts,
    diags: Vec<Diagnostic>,
    t: std::time::Instant,
}

impl Collected<'_> {
    /// The configuration the model is built with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Every document that parsed, in path order, with what the model
    /// learnt of it.
    pub fn documents(&self) -> impl Iterator<Item = Written<'_>> {
        self.parsed.iter().map(|p| Written {
            path: &p.source.path,
            role: &p.source.role,
            doc: &p.doc,
            headline: self.headlines.get(&p.source.path),
        })
    }

    /// The stories made (drafts only when included), newest first.
    pub fn stories(&self) -> &[Story] {
        &self.parts.stories
    }
}

/// The plain text of every story's and branch's body, by their index in
/// the site ([`Site::take_texts`]).
#[derive(Debug, Default)]
pub struct BodyTexts {
    /// By story index.
    pub stories: Vec<String>,
    /// By branch index.
    pub branches: Vec<String>,
}

/// Checks and links everything loaded, and processes the photos (through
/// the cache under `root`): the model up to its bodies. `loaded`'s texts
/// are released once parsed.
pub fn collect<'s>(
    root: &Path,
    config: Config,
    loaded: &'s mut Loaded,
    options: ModelOptions,
) -> Collected<'s> {
    let mut t = std::time::Instant::now();
    let mut diags = std::mem::take(&mut loaded.diagnostics);
    let (parsed, sources) = parse_sources(&mut loaded.sources, &mut diags);
    let docs: Docs = parsed
        .iter()
        .map(|p| (p.source.path.as_path(), &p.doc))
        .collect();
    crate::progress::lap("parse", &mut t);
    let mut branches = collect_branches(&parsed, sources, &loaded.branch_dirs, &mut diags);
    link_parents(&mut branches, &docs, &mut diags);
    let (mut stories, draft_dirs, headlines, mut pending) =
        collect_stories(&parsed, &branches, &config, options, &mut diags);
    stories.sort_by(story_order);
    let (home, pages, held_pages) = collect_pages(&parsed, &config, options, &mut diags);
    pending.extend(held_pages);
    pending.sort_by(|a, b| a.source.cmp(&b.source));
    check_duplicate_paths(&stories, &pages, &config, &mut diags);
    let mut parts = Parts {
        home,
        pages,
        branches,
        stories,
        pending,
    };
    let mut links = Links::new(root, &loaded.assets, &parts, &draft_dirs, &config);
    crate::progress::lap("validate", &mut t);
    let (image_counts, media_diags) = links.process_media(root);
    diags.extend(media_diags);
    if std::env::var_os("BRANCHPRESS_TIMINGS").is_some() {
        eprintln!(
            "    images: {} encoded, {} from the cache",
            image_counts.encoded, image_counts.reused
        );
    }
    crate::progress::lap("images", &mut t);
    resolve_images(&links, &docs, &mut parts, &mut diags);
    Collected {
        config,
        parsed,
        headlines,
        parts,
        links,
        image_counts,
        diags,
        t,
    }
}

/// Renders every body, each document dropped as soon as its body is
/// rendered, and assembles the [`Site`]; every problem when there were errors.
pub fn finish(collected: Collected<'_>) -> Result<Site, Vec<Diagnostic>> {
    let Collected {
        config,
        parsed,
        mut parts,
        links,
        image_counts,
        mut diags,
        mut t,
        ..
    } = collected;
    let mut docs: BTreeMap<&Path, Document> = parsed
        .into_iter()
        .map(|p| (p.source.path.as_path(), p.doc))
        .collect();
    render_bodies(&links, &mut docs, &mut parts, &mut diags);
    crate::progress::lap("markdown", &mut t);
    list_branch_stories(&mut parts.branches, &parts.stories);
    let (errors, warnings): (Vec<_>, Vec<_>) = diags.into_iter().partition(Diagnostic::is_error);
    if !errors.is_empty() {
        return Err(errors.into_iter().chain(warnings).collect());
    }
    Ok(Site {
        config,
        home: parts.home,
        pages: parts.pages,
        branches: parts.branches,
        stories: parts.stories,
        pending: parts.pending,
        assets: links.published_assets(),
        images: links.images_by_path(),
        image_counts,
        warnings,
        links,
    })
}

/// Fills each branch's `stories` (its own and joint ones), in story order.
fn list_branch_stories(branches: &mut [Branch], stories: &[Story]) {
    for b in branches.iter_mut() {
        b.stories.clear();
    }
    for (i, s) in stories.iter().enumerate() {
        for b in std::iter::once(s.branch).chain(s.with.iter().copied()) {
            branches[b].stories.push(i);
        }
    }
}

/// Newest first; the output path breaks ties.
fn story_order(a: &Story, b: &Story) -> std::cmp::Ordering {
    b.meta
        .date
        .cmp(&a.meta.date)
        .then_with(|| a.path.cmp(&b.path))
}

/// What [`Site::update_story`] did.
#[derive(Debug, PartialEq)]
pub enum StoryUpdate {
    /// The story changed in place.
    Updated {
        /// Its index now.
        index: usize,
        /// When its date moved it in the story order: (old index, new index);
        /// the stories in between shifted by one.
        moved: Option<(usize, usize)>,
        /// Whether what statistics count changed (date, kind, fields, metrics, branches).
        stats: bool,
        /// Whether what lists sort, group or filter by changed (statistics, tags).
        lists: bool,
    },
    /// The file is no story of this site, or the change moves, hides or
    /// re-homes it: only a full rebuild is right.
    Rebuild,
}

impl Site {
    /// Every body of the site: stories, branches, pages and the home page.
    fn bodies_mut(&mut self) -> impl Iterator<Item = &mut Rendered> {
        let stories = self.stories.iter_mut().map(|s| &mut s.body);
        stories
            .chain(self.branches.iter_mut().map(|b| &mut b.body))
            .chain(self.pages.iter_mut().map(|p| &mut p.body))
            .chain(self.home.iter_mut().map(|h| &mut h.body))
    }

    /// Frees the rendered HTML of every body, once the pages that show it
    /// are written: what comes after (the search index, the data files)
    /// reads the plain text, and a large portal's HTML is its largest part.
    pub fn release_html(&mut self) {
        for body in self.bodies_mut() {
            body.html = String::new();
        }
    }

    /// Frees the plain text of every body, which only the search index
    /// reads: a build with `search: false` needs it no longer once the
    /// findings are made (31 MB at 10,000 generated stories).
    pub fn release_text(&mut self) {
        for body in self.bodies_mut() {
            body.text = String::new();
        }
    }

    /// Takes the plain text of the stories' and branches' bodies out of
    /// the site (the rest is freed, as by [`Site::release_text`]), for a
    /// search index that frees each as it is indexed.
    pub fn take_texts(&mut self) -> BodyTexts {
        let texts = BodyTexts {
            stories: self
                .stories
                .iter_mut()
                .map(|s| std::mem::take(&mut s.body.text))
                .collect(),
            branches: self
                .branches
                .iter_mut()
                .map(|b| std::mem::take(&mut b.body.text))
                .collect(),
        };
        self.release_text();
        texts
    }

    /// Whether `path` (relative to the portal root) is a file this site was
    /// built from, or a folder holding one.
    pub fn built_from(&self, path: &Path) -> bool {
        let sources = self.stories.iter().map(|s| &s.source);
        let sources = sources
            .chain(self.branches.iter().map(|b| &b.source))
            .chain(self.pages.iter().chain(&self.home).map(|p| &p.source));
        sources.into_iter().any(|s| s.starts_with(path)) || self.links.has_input(path)
    }

    /// Checks a story's text as a build would, against this site's
    /// branches, configuration and files, without changing the site: the
    /// story (drafts included) with its document and warnings, or every
    /// problem found. How the writing desk checks and previews a story
    /// before saving it (the pipeline adds the findings); the file need not
    /// exist yet.
    pub fn preview_story(&self, source: &Source) -> Result<CheckedStory, Vec<Diagnostic>> {
        let options = ModelOptions { drafts: true };
        let checked = self.check_story(source, options)?.ok_or_else(|| {
            vec![Diagnostic::error(
                Code::NotAStory,
                &source.path,
                crate::error::Text::new(
                    "这不是一篇稿件：稿件应放在 content/branches/<支部>/<类别>/ 中",
                    "this is no story: stories go in content/branches/<branch>/<kind>/",
                ),
            )]
        })?;
        let story = &checked.story;
        let taken = self
            .stories
            .iter()
            .find(|s| s.path == story.path && s.source != source.path);
        if let Some(other) = taken {
            return Err(vec![
                Diagnostic::error(
                    Code::AddressTaken,
                    &source.path,
                    crate::text::text!(
                        "网址 /{} 已被 {} 使用",
                        "the address /{} is taken by {}",
                        story.path,
                        crate::error::slash(&other.source)
                    ),
                )
                .hint(crate::error::Text::new(
                    "换一个标题或文件名",
                    "use another title or file name",
                )),
            ]);
        }
        Ok(checked)
    }

    /// Parses and checks one story file and renders its body with this
    /// site's link table. None when the file is no story of this site (or
    /// a draft left out); every problem, errors first, when it has errors.
    pub fn check_story(
        &self,
        source: &Source,
        options: ModelOptions,
    ) -> Result<Option<CheckedStory>, Vec<Diagnostic>> {
        let doc = parse_document(&source.path, &source.text, true).map_err(|d| vec![d])?;
        let parsed = Parsed { source, doc };
        let mut diags = Vec::new();
        let story =
            collect::single_story(&parsed, &self.branches, &self.config, options, &mut diags);
        if diags.iter().any(Diagnostic::is_error) {
            return Err(errors_first(diags));
        }
        let Some(mut story) = story else {
            return Ok(None);
        };
        let front = &parsed.doc.front;
        let cover = story.meta.cover.as_deref();
        story.cover =
            self.links
                .front_matter_asset(&source.path, cover, "cover", front, &mut diags);
        story.body = self.links.render(&source.path, &parsed.doc, &mut diags);
        if diags.iter().any(Diagnostic::is_error) {
            return Err(errors_first(diags));
        }
        Ok(Some(CheckedStory {
            story,
            doc: parsed.doc,
            warnings: diags,
        }))
    }

    /// Whether `path` is the source of one of the site's stories.
    pub fn has_story(&self, path: &Path) -> bool {
        self.stories.iter().any(|s| s.source == path)
    }

    /// Puts a changed story, checked by [`Site::check_story`], in place
    /// without rebuilding the rest (re-sorting when its date moved);
    /// `warnings` replace the file's old ones.
    pub fn update_story(&mut self, story: Story, warnings: Vec<Diagnostic>) -> StoryUpdate {
        let Some(i) = self.stories.iter().position(|s| s.source == story.source) else {
            return StoryUpdate::Rebuild;
        };
        let old = &self.stories[i];
        if story.path != old.path || story.branch != old.branch {
            return StoryUpdate::Rebuild;
        }
        let (m, o) = (&story.meta, &old.meta);
        let stats = m.date != o.date
            || m.draft != o.draft
            || story.review != old.review
            || m.kind != o.kind
            || m.fields != o.fields
            || m.metrics != o.metrics
            || story.with != old.with;
        let lists = stats || m.taxonomies != o.taxonomies;
        let moved = m.date != o.date;
        let source = story.source.clone();
        self.stories[i] = story;
        self.warnings.retain(|w| w.path != source);
        self.warnings.extend(warnings);
        crate::error::sort_diagnostics(&mut self.warnings);
        let mut index = i;
        let mut moved_to = None;
        if moved {
            // Everything else is in order: take it out and put it back in place.
            let story = self.stories.remove(i);
            index = self
                .stories
                .partition_point(|s| story_order(s, &story).is_lt());
            self.stories.insert(index, story);
            moved_to = Some((i, index));
        }
        if stats {
            list_branch_stories(&mut self.branches, &self.stories);
        }
        StoryUpdate::Updated {
            index,
            moved: moved_to,
            stats,
            lists,
        }
    }
}

/// Every problem, errors first, as a failed check returns them.
pub fn errors_first(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let (mut errors, warnings): (Vec<_>, Vec<_>) =
        diags.into_iter().partition(Diagnostic::is_error);
    errors.extend(warnings);
    errors
}

/// Splits every source into front matter and body, in parallel.
/// Parses every source. Their texts are released once parsed (the
/// documents hold what later stages need), so that a large portal's
/// sources and its rendered bodies are never in memory at once.
/// Returns the documents and the sources, now shared again.
fn parse_sources<'a>(
    sources: &'a mut [Source],
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Parsed<'a>>, &'a [Source]) {
    // Each document takes its file's text over (its body is the end of
    // it): the sources are never held twice.
    let parsed: Vec<Result<Document, Diagnostic>> = sources
        .par_iter_mut()
        .map(|source| {
            let required = !matches!(source.role, Role::Page | Role::Home);
            let text = std::mem::take(&mut source.text);
            crate::error::processing(&source.path, || parse_source(&source.path, text, required))
        })
        .collect();
    let sources: &'a [Source] = sources;
    let mut docs = Vec::with_capacity(parsed.len());
    for (source, p) in sources.iter().zip(parsed) {
        match p {
            Ok(doc) => docs.push(Parsed { source, doc }),
            Err(d) => diags.push(d),
        }
    }
    (docs, sources)
}

/// Resolves `cover` and `logo` images named in front matter to output paths.
fn resolve_images(links: &Links, docs: &Docs, parts: &mut Parts, diags: &mut Vec<Diagnostic>) {
    let mut resolve = |source: &PathBuf, value: Option<&str>, field: &str| {
        let doc = docs.get(source.as_path())?;
        links.front_matter_asset(source, value, field, &doc.front, diags)
    };
    for s in &mut parts.stories {
        s.cover = resolve(&s.source, s.meta.cover.as_deref(), "cover");
    }
    for b in &mut parts.branches {
        b.logo = resolve(&b.source, b.meta.logo.as_deref(), "logo");
        b.cover = resolve(&b.source, b.meta.cover.as_deref(), "cover");
    }
}

/// Renders every Markdown body (stories in parallel), collecting broken links.
/// Renders every body. Each document is dropped as soon as its body is
/// rendered, so that the model never holds all documents and all rendered
/// bodies at once.
fn render_bodies(
    links: &Links,
    docs: &mut BTreeMap<&Path, Document>,
    parts: &mut Parts,
    diags: &mut Vec<Diagnostic>,
) {
    let render = |source: &Path, doc: Option<Document>| -> (Rendered, Vec<Diagnostic>) {
        let mut local = Vec::new();
        let body = crate::error::processing(source, || {
            doc.map(|doc| links.render(source, &doc, &mut local))
                .unwrap_or_default()
        });
        (body, local)
    };
    let story_docs: Vec<Option<Document>> = parts
        .stories
        .iter()
        .map(|s| docs.remove(s.source.as_path()))
        .collect();
    let results: Vec<_> = parts
        .stories
        .par_iter()
        .zip(story_docs)
        .map(|(s, doc)| render(&s.source, doc))
        .collect();
    for (s, (body, d)) in parts.stories.iter_mut().zip(results) {
        s.body = body;
        diags.extend(d);
    }
    let others = parts.branches.iter_mut().map(|b| (&b.source, &mut b.body));
    let others = others.chain(
        parts
            .pages
            .iter_mut()
            .chain(parts.home.iter_mut())
            .map(|p| (&p.source, &mut p.body)),
    );
    for (source, body) in others {
        let (rendered, d) = render(source, docs.remove(source.as_path()));
        *body = rendered;
        diags.extend(d);
    }
}

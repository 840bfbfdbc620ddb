//! Model stage: turns loaded, parsed and validated sources into the [`Site`]
//! — branches, stories and pages that refer to each other by index, each
//! with its output path and rendered body. Checks references between files
//! (`parent`, `with`, assets, links, duplicate output paths).

mod collect;
mod links;

use crate::error::Code;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Loaded, Role, Source};
use crate::error::Diagnostic;
use crate::front_matter::{Document, parse_document};
use crate::images::{self, Image};
use crate::markdown::Rendered;
use crate::schema::{BranchMeta, PageMeta, StoryMeta};
use collect::{
    check_duplicate_paths, collect_branches, collect_pages, collect_stories, link_parents,
};
use links::Links;
pub(crate) use links::percent_decode;
pub use links::{slug_from_file_name, slug_or};

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
    /// Published stories, newest first.
    pub stories: Vec<Story>,
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

/// A plain page (or the home page).
#[derive(Debug)]
pub struct Page {
    /// Validated front matter.
    pub meta: PageMeta,
    /// Output path (`about/`, `` for home).
    pub path: String,
    /// Source file.
    pub source: PathBuf,
    /// Rendered body.
    pub body: Rendered,
}

/// A branch.
#[derive(Debug)]
pub struct Branch {
    /// Folder name.
    pub slug: String,
    /// Validated profile.
    pub meta: BranchMeta,
    /// The general branch it belongs to.
    pub parent: Option<usize>,
    /// Branches that name it as parent, in listing order.
    pub children: Vec<usize>,
    /// Output path (`branches/imaging/`).
    pub path: String,
    /// Output path of the logo.
    pub logo: Option<String>,
    /// Output path of the cover.
    pub cover: Option<String>,
    /// Source file.
    pub source: PathBuf,
    /// Rendered introduction.
    pub body: Rendered,
    /// Stories it took part in (its own and joint ones), newest first.
    pub stories: Vec<usize>,
}

/// A story.
#[derive(Debug)]
pub struct Story {
    /// Validated front matter.
    pub meta: StoryMeta,
    /// Slug in its URL.
    pub slug: String,
    /// The branch it belongs to.
    pub branch: usize,
    /// Other branches that took part.
    pub with: Vec<usize>,
    /// Output path (`branches/imaging/activities/free-clinic/`).
    pub path: String,
    /// Output path (or absolute URL) of the cover image.
    pub cover: Option<String>,
    /// Source file.
    pub source: PathBuf,
    /// Rendered body.
    pub body: Rendered,
}

impl Story {
    /// The story's date.
    pub fn date(&self) -> Date {
        self.meta.date
    }

    /// Whether `branch` took part (owner or `with`).
    pub fn involves(&self, branch: usize) -> bool {
        self.branch == branch || self.with.contains(&branch)
    }
}

/// Options of the model stage.
#[derive(Clone, Copy, Debug, Default)]
pub struct ModelOptions {
    /// Include stories and pages marked `draft: true`.
    pub drafts: bool,
}

/// A source file with its parsed front matter and body.
struct Parsed<'a> {
    source: &'a Source,
    doc: Document,
}

/// Source path → parsed document, for finding a file's front matter.
type Docs<'a> = BTreeMap<&'a Path, &'a Document>;

/// The site's pages before they are assembled into a [`Site`].
struct Parts {
    home: Option<Page>,
    pages: Vec<Page>,
    branches: Vec<Branch>,
    stories: Vec<Story>,
}

/// Builds the site from loaded content. Returns every error found. Photos
/// are processed here (through the cache under `root`), before bodies are
/// rendered.
pub fn build_site(
    root: &Path,
    config: Config,
    loaded: Loaded,
    options: ModelOptions,
) -> Result<Site, Vec<Diagnostic>> {
    let mut t = std::time::Instant::now();
    let mut loaded = loaded;
    let mut diags = std::mem::take(&mut loaded.diagnostics);
    let (parsed, sources) = parse_sources(&mut loaded.sources, &mut diags);
    let docs: Docs = parsed
        .iter()
        .map(|p| (p.source.path.as_path(), &p.doc))
        .collect();
    crate::progress::lap("parse", &mut t);
    let mut branches = collect_branches(&parsed, sources, &loaded.branch_dirs, &mut diags);
    link_parents(&mut branches, &docs, &mut diags);
    let (mut stories, draft_dirs) =
        collect_stories(&parsed, &branches, &config, options, &mut diags);
    stories.sort_by(story_order);
    let (home, pages) = collect_pages(&parsed, options, &mut diags);
    check_duplicate_paths(&stories, &pages, &config, &mut diags);
    // Branch profiles and pages are published too: personal data and
    // typography are looked for in them as in stories.
    for p in &parsed {
        if matches!(p.source.role, Role::Branch { .. } | Role::Home | Role::Page) {
            crate::privacy::check_document(&p.source.path, &p.doc, &config.privacy, &mut diags);
            crate::typography::check_document(
                &p.source.path,
                &p.doc,
                &config.typography,
                &mut diags,
            );
        }
    }
    let mut parts = Parts {
        home,
        pages,
        branches,
        stories,
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
    // From here each document is needed once more, to render its body.
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
    /// Frees the rendered HTML of every body, once the pages that show it
    /// are written: what comes after (the search index, the data files)
    /// reads the plain text, and a large portal's HTML is its largest part.
    pub fn release_html(&mut self) {
        let bodies = self.stories.iter_mut().map(|s| &mut s.body);
        let bodies = bodies
            .chain(self.branches.iter_mut().map(|b| &mut b.body))
            .chain(self.pages.iter_mut().map(|p| &mut p.body))
            .chain(self.home.iter_mut().map(|h| &mut h.body));
        for body in bodies {
            body.html = String::new();
        }
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
    /// story (drafts included) and its warnings, or every problem found.
    /// How the writing desk checks and previews a story before saving it;
    /// the file need not exist yet.
    pub fn preview_story(
        &self,
        source: &Source,
    ) -> Result<(Story, Vec<Diagnostic>), Vec<Diagnostic>> {
        let options = ModelOptions { drafts: true };
        let (story, diags) = self.checked_story(source, options)?.ok_or_else(|| {
            vec![Diagnostic::error(
                Code::NotAStory,
                &source.path,
                crate::error::Text::new(
                    "这不是一篇稿件：稿件应放在 content/branches/<支部>/<类别>/ 中",
                    "this is no story: stories go in content/branches/<branch>/<kind>/",
                ),
            )]
        })?;
        let taken = self
            .stories
            .iter()
            .find(|s| s.path == story.path && s.source != source.path);
        if let Some(other) = taken {
            return Err(vec![
                Diagnostic::error(
                    Code::AddressTaken,
                    &source.path,
                    crate::text!(
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
        Ok((story, diags))
    }

    /// Parses and checks one story file and renders its body with this
    /// site's link table. None when the file is no story of this site (or
    /// a draft left out); every problem when it has errors.
    fn checked_story(
        &self,
        source: &Source,
        options: ModelOptions,
    ) -> Result<Option<(Story, Vec<Diagnostic>)>, Vec<Diagnostic>> {
        let doc = parse_document(&source.path, &source.text, true).map_err(|d| vec![d])?;
        let parsed = Parsed { source, doc };
        let mut diags = Vec::new();
        let story =
            collect::single_story(&parsed, &self.branches, &self.config, options, &mut diags);
        let fail = |diags: Vec<Diagnostic>| {
            let (mut errors, warnings): (Vec<_>, Vec<_>) =
                diags.into_iter().partition(Diagnostic::is_error);
            errors.extend(warnings);
            errors
        };
        if diags.iter().any(Diagnostic::is_error) {
            return Err(fail(diags));
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
            return Err(fail(diags));
        }
        Ok(Some((story, diags)))
    }

    /// Applies a changed story file without rebuilding the rest: parses and
    /// checks it, renders its body with the same link table, and puts it in
    /// place (re-sorting when its date moved). Errors leave the site as it was.
    pub fn update_story(
        &mut self,
        source: &Source,
        options: ModelOptions,
    ) -> Result<StoryUpdate, Vec<Diagnostic>> {
        let Some(i) = self.stories.iter().position(|s| s.source == source.path) else {
            return Ok(StoryUpdate::Rebuild);
        };
        let Some((story, diags)) = self.checked_story(source, options)? else {
            return Ok(StoryUpdate::Rebuild);
        };
        let old = &self.stories[i];
        if story.path != old.path || story.branch != old.branch {
            return Ok(StoryUpdate::Rebuild);
        }
        let (m, o) = (&story.meta, &old.meta);
        let stats = m.date != o.date
            || m.draft != o.draft
            || m.kind != o.kind
            || m.fields != o.fields
            || m.metrics != o.metrics
            || story.with != old.with;
        let lists = stats || m.taxonomies != o.taxonomies;
        let moved = m.date != o.date;
        self.stories[i] = story;
        self.warnings.retain(|w| w.path != source.path);
        self.warnings.extend(diags);
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
        Ok(StoryUpdate::Updated {
            index,
            moved: moved_to,
            stats,
            lists,
        })
    }
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
    let parsed: Vec<Result<Document, Diagnostic>> = sources
        .par_iter()
        .map(|source| {
            let required = !matches!(source.role, Role::Page | Role::Home);
            crate::error::processing(&source.path, || {
                parse_document(&source.path, &source.text, required)
            })
        })
        .collect();
    for source in sources.iter_mut() {
        source.text = String::new();
    }
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
            doc.as_ref()
                .map(|doc| links.render(source, doc, &mut local))
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

//! The parts of the model: pages, branches and stories as the site holds
//! them, and what the model keeps of each document for the stages after it.
//! Plain data that every file of the model reads; it imports none of them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::content::{Role, Source};
use crate::front_matter::Document;
use crate::markdown::Rendered;
use crate::review::State;
use crate::schema::{BranchMeta, PageMeta, StoryMeta};

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
    /// Where it stands in review; None when site.yaml has no `review:`.
    pub review: Option<State>,
}

/// A story that review holds back (waiting for a stage, or changed after
/// an approval): what `check`, `build` and `review` report of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    /// Source file.
    pub source: PathBuf,
    /// Its title.
    pub title: String,
    /// The slug of its branch.
    pub branch: String,
    /// Its state (never `Draft` or `Approved`).
    pub state: State,
}

impl Story {
    /// Whether the story is published: not a draft and, with review
    /// configured, approved at every stage. `build --drafts` shows the
    /// others, and nothing counts or indexes them.
    pub fn published(&self) -> bool {
        !self.meta.draft && self.review.is_none_or(State::is_approved)
    }

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

/// A story's title and summary as its front matter checked: what the
/// findings stage measures.
#[derive(Clone, Debug)]
pub struct Headline {
    /// The title.
    pub title: String,
    /// The summary, when written.
    pub summary: Option<String>,
}

impl Headline {
    /// The title and summary of checked front matter.
    pub fn of(meta: &StoryMeta) -> Headline {
        Headline {
            title: meta.title.clone(),
            summary: meta.summary.clone(),
        }
    }
}

/// A document the model was built from, as the findings stage reads it,
/// with what the model learnt of it.
#[derive(Clone, Copy, Debug)]
pub struct Written<'a> {
    /// The file, relative to the portal root.
    pub path: &'a Path,
    /// Story, branch profile, home page or page.
    pub role: &'a Role,
    /// Its front matter and body.
    pub doc: &'a Document,
    /// A story's title and summary (None for other documents, or when its
    /// front matter has errors).
    pub headline: Option<&'a Headline>,
}

/// A source file with its parsed front matter and body.
pub(super) struct Parsed<'a> {
    pub(super) source: &'a Source,
    pub(super) doc: Document,
}

/// Source path → parsed document, for finding a file's front matter.
pub(super) type Docs<'a> = BTreeMap<&'a Path, &'a Document>;

/// The site's pages before they are assembled into a [`Site`].
pub(super) struct Parts {
    pub(super) home: Option<Page>,
    pub(super) pages: Vec<Page>,
    pub(super) branches: Vec<Branch>,
    pub(super) stories: Vec<Story>,
    /// Stories review holds back, by source path.
    pub(super) pending: Vec<Pending>,
}

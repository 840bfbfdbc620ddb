//! What rendering holds: the views every page shares, the renderer over a
//! site, and the jobs it renders. Plain types that every file of `render`
//! reads; the methods live with what they do.

use tera::{Context, Tera};

use super::lists::ListSpec;
use super::urls::Urls;
use super::view::StoryCard;
use crate::model::Site;
use crate::stats::Stats;

/// Render errors shown before the rest are only counted.
pub(super) const MAX_RENDER_ERRORS: usize = 5;

/// The partial rendered once per story and reused by every list.
pub(super) const CARD_TEMPLATE: &str = "partials/card.html";

/// One output file to render.
#[derive(Clone, Copy, Debug)]
pub(super) enum Job {
    Home,
    Branches,
    Branch(usize),
    Story(usize),
    Page(usize),
    List(usize, usize),
    Stats,
    Search,
    NotFound,
    Feed(Option<usize>),
    Sitemap,
}

/// Which of a site's pages [`Renderer::render`] renders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
    /// Every page.
    All,
    /// Every page but those that list the whole site: what a build renders
    /// while it holds the bodies.
    Bodies,
    /// The pages that list the whole site (the sitemap): their context, a
    /// few MB at 10,000 stories, is best built once the bodies are freed.
    Listing,
}

/// A rendered file: output path and bytes.
pub type Output = (String, Vec<u8>);

/// What every page shares, computed once per build (or, while serving, kept
/// up to date story by story): URLs, the base context, cards and lists.
pub struct Views {
    pub(super) urls: Urls,
    /// `site` and `t`, which every page starts from.
    pub(super) base: Context,
    /// The theme's strings (`t`).
    pub(super) strings: std::collections::BTreeMap<String, String>,
    pub(super) cards: Vec<StoryCard>,
    pub(super) lists: Vec<ListSpec>,
    /// Template name → (the file it came from, its text), for messages.
    pub(super) origins: std::collections::BTreeMap<String, (String, String)>,
}

/// Renders pages from the site, its statistics, the compiled templates and the views.
pub struct Renderer<'a> {
    pub(super) site: &'a Site,
    pub(super) stats: &'a Stats,
    pub(super) tera: &'a Tera,
    pub(super) views: &'a Views,
}

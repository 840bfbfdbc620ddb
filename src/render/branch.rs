//! Branch views: a branch in grids and links, and in full on its own page.

use serde::Serialize;

use super::image::{ImageView, image_view};
use super::urls::Urls;
use super::view::BranchLink;
use crate::format::format_date;
use crate::model::Site;

/// The short form of a branch used in grids and links.
#[derive(Debug, Serialize)]
pub struct BranchRef<'a> {
    /// Folder name.
    pub slug: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Its page.
    pub url: String,
    /// Logo URL.
    pub logo: Option<String>,
    /// Motto.
    pub motto: Option<&'a str>,
    /// Its Party-building brand.
    pub brand: Option<&'a str>,
    /// Party members.
    pub members: Option<i64>,
    /// Secretary.
    pub secretary: Option<&'a str>,
    /// Published stories (its own and joint ones).
    pub stories: usize,
    /// The general branch above it (slug).
    pub parent: Option<&'a str>,
    /// Branches below it.
    pub children: Vec<BranchLink>,
}

/// Branch `b` as grids and links show it.
pub fn branch_ref<'a>(site: &'a Site, b: usize, urls: &Urls) -> BranchRef<'a> {
    let br = &site.branches[b];
    BranchRef {
        slug: &br.slug,
        name: &br.meta.name,
        url: urls.url(&br.path),
        logo: br.logo.as_ref().map(|l| urls.url(l)),
        motto: br.meta.motto.as_deref(),
        brand: br.meta.brand.as_deref(),
        members: br.meta.members,
        secretary: br.meta.secretary.as_deref(),
        stories: br.stories.len(),
        parent: br.parent.map(|p| site.branches[p].slug.as_str()),
        children: children(site, b, urls),
    }
}

/// The branches below branch `b`, linked.
fn children(site: &Site, b: usize, urls: &Urls) -> Vec<BranchLink> {
    site.branches[b]
        .children
        .iter()
        .map(|&c| BranchLink::new(site, c, urls))
        .collect()
}

/// The full view of a branch for its own page: the keys of [`BranchRef`]
/// (with `parent` linked instead of a slug), then its profile.
#[derive(Debug, Serialize)]
pub struct BranchView<'a> {
    /// Folder name.
    pub slug: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Its page.
    pub url: String,
    /// Logo URL.
    pub logo: Option<String>,
    /// Motto.
    pub motto: Option<&'a str>,
    /// Its Party-building brand.
    pub brand: Option<&'a str>,
    /// Party members.
    pub members: Option<i64>,
    /// Secretary.
    pub secretary: Option<&'a str>,
    /// Published stories (its own and joint ones).
    pub stories: usize,
    /// The general branch above it.
    pub parent: Option<BranchLink>,
    /// Branches below it.
    pub children: Vec<BranchLink>,
    /// Absolute URL.
    pub permalink: String,
    /// Committee members, in written order.
    pub committee: Vec<CommitteeMember<'a>>,
    /// Departments.
    pub departments: &'a [String],
    /// `founded`, `2019-07-01`.
    pub founded: Option<String>,
    /// `founded` for readers.
    pub founded_display: Option<String>,
    /// Cover image URL.
    pub cover: Option<String>,
    /// Cover image sizes.
    pub cover_image: Option<ImageView>,
    /// The introduction's HTML.
    pub content: &'a str,
    /// The introduction's first paragraph.
    pub summary: &'a str,
    /// The branch's own feed.
    pub feed_url: String,
}

/// A committee member: role and name.
#[derive(Debug, Serialize)]
pub struct CommitteeMember<'a> {
    /// Role (`组织委员`).
    pub role: &'a str,
    /// Name.
    pub name: &'a str,
}

/// The full view of branch `b` for its own page.
pub fn branch_view<'a>(site: &'a Site, b: usize, urls: &Urls) -> BranchView<'a> {
    let br = &site.branches[b];
    let lang = site.config.language;
    BranchView {
        slug: &br.slug,
        name: &br.meta.name,
        url: urls.url(&br.path),
        logo: br.logo.as_ref().map(|l| urls.url(l)),
        motto: br.meta.motto.as_deref(),
        brand: br.meta.brand.as_deref(),
        members: br.meta.members,
        secretary: br.meta.secretary.as_deref(),
        stories: br.stories.len(),
        parent: br.parent.map(|p| BranchLink::new(site, p, urls)),
        children: children(site, b, urls),
        permalink: urls.permalink(&br.path),
        committee: br
            .meta
            .committee
            .iter()
            .map(|(role, name)| CommitteeMember { role, name })
            .collect(),
        departments: &br.meta.departments,
        founded: br.meta.founded.map(|d| d.to_string()),
        founded_display: br.meta.founded.map(|d| format_date(d, lang)),
        cover: br.cover.as_ref().map(|c| urls.url(c)),
        cover_image: br.cover.as_ref().map(|c| image_view(site, c, urls)),
        content: &br.body.html,
        summary: &br.body.summary,
        feed_url: urls.url(&format!("{}atom.xml", br.path)),
    }
}

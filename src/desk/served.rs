//! What the desk needs of the site that `serve` keeps in memory, as a trait
//! the desk defines and `serve` implements: the desk never names `serve`,
//! and `serve` mounts the desk beside its pages.

use std::path::Path;
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::error::{Diagnostic, Lang};
use crate::model::{Site, Story};
use crate::theme::Theme;

/// The served site, as the desk reads it and previews a story in it.
pub trait ServedSite: Send + Sync {
    /// The language of messages.
    fn lang(&self) -> Lang;
    /// The portal's root folder.
    fn root(&self) -> &Path;
    /// Whether drafts are served (a draft's page then has an address).
    fn drafts(&self) -> bool;
    /// The last good site, None while the site has never loaded.
    fn site(&self) -> Option<&Site>;
    /// The errors of the latest change (empty when the site is good).
    fn errors(&self) -> &[Diagnostic];
    /// Counts applied changes: a newer version has seen a newer disk.
    fn version(&self) -> u64;
    /// Renders a checked story as its page would be published; the site is
    /// as it was afterwards.
    fn preview(&mut self, story: Story) -> Result<Vec<u8>, Diagnostic>;
    /// Calls `f` with the last good site as it is published (its base URL
    /// site.yaml's, not serve's) and its theme; false while the site has
    /// never loaded.
    fn published(&mut self, f: &mut dyn FnMut(&Site, &Theme)) -> bool;
}

/// The site shared between the preview, the watcher and the desk.
pub type Shared = RwLock<dyn ServedSite>;

/// Reads the site; a panic elsewhere while it was held does not stop the desk.
pub fn read(site: &Shared) -> RwLockReadGuard<'_, dyn ServedSite + 'static> {
    site.read().unwrap_or_else(|e| e.into_inner())
}

/// Writes the site (a preview renders in it and puts it back).
pub fn write(site: &Shared) -> RwLockWriteGuard<'_, dyn ServedSite + 'static> {
    site.write().unwrap_or_else(|e| e.into_inner())
}

//! A good build of the served site, made as `build` makes one minus the
//! rendering: pages are rendered when the browser asks for them.

use std::collections::BTreeMap;
use std::time::Instant;

use crate::error::Diagnostic;
use crate::model::Site;
use crate::pipeline::{self, File, Options, Prepared};
use crate::render::{Renderer, Views};
use crate::search::live::Live;
use crate::stats::Stats;
use crate::theme::Theme;

/// A good build, ready to answer requests.
pub(super) struct Built {
    pub(super) site: Site,
    pub(super) stats: Stats,
    pub(super) theme: Theme,
    pub(super) tera: tera::Tera,
    pub(super) views: Views,
    /// Output path → file, for everything that is not rendered.
    pub(super) files: BTreeMap<String, File>,
    /// The search index, when search is on: updated per saved story.
    pub(super) live: Option<Live>,
    /// site.yaml's base URL: serve's own replaces it in `site`, but what
    /// leaves the preview (the WeChat fragment) points at the portal.
    pub(super) published_base_url: String,
}

impl Built {
    /// Loads, checks and prepares everything, as `build` does, minus rendering.
    pub(super) fn load(options: &Options) -> Result<Built, Vec<Diagnostic>> {
        let mut t = Instant::now();
        let Prepared {
            site,
            stats,
            theme,
            tera,
            ..
        } = pipeline::prepare(options, &mut t).map_err(pipeline::diagnostics_of)?;
        let views = Views::new(&site, &theme, &tera)?;
        let live = site.config.search.then(|| Live::new(&site));
        crate::progress::lap("search", &mut t);
        let files = pipeline::extra_files(&site, &stats, &theme);
        let published_base_url = crate::config::load_config(&options.root)
            .map_or_else(|_| site.config.base_url.clone(), |c| c.base_url);
        Ok(Built {
            site,
            stats,
            theme,
            tera,
            views,
            files,
            live,
            published_base_url,
        })
    }

    pub(super) fn renderer(&self) -> Renderer<'_> {
        Renderer::new(&self.site, &self.stats, &self.tera, &self.views)
    }
}

//! The findings stage: what a reader, a superior or the law notices before
//! anything else, reported as warnings at the place to fix. It reads the
//! model and changes nothing of it; the model never calls it. It runs in
//! two passes: [`check_documents`] over the documents the model holds
//! before it renders their bodies (so that each document is freed as its
//! body is rendered), and [`check_bodies`] over the facts the model
//! recorded while rendering (photos without alt text, `http://` links).
//!
//! - [`privacy`]: personal data (over the patterns of `personal_data.rs`);
//! - [`typography`]: Chinese typography (autocorrect, quotes, repetitions);
//! - [`writers`]: lengths, duplicates, photos without alt text, `http://` links.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::Role;
use crate::error::Diagnostic;
use crate::front_matter::Document;
use crate::model::{CheckedStory, Collected, Headline, Site, Written};

pub mod privacy;
pub mod typography;
pub mod writers;

/// The findings of every document the model holds before rendering its
/// bodies: each document's own text (stories, branch profiles and pages),
/// the lengths of a story's title and summary, and duplicate stories.
pub fn check_documents(collected: &Collected<'_>) -> Vec<Diagnostic> {
    let config = collected.config();
    let documents: Vec<Written<'_>> = collected.documents().collect();
    let mut diags: Vec<Diagnostic> = documents
        .par_iter()
        .flat_map_iter(|w| {
            let mut found = Vec::new();
            match w.role {
                Role::Story { .. } => {
                    writers::check_story(w.path, w.doc, w.headline, config, &mut found)
                }
                Role::Branch { .. } | Role::Home | Role::Page => {
                    privacy::check_document(w.path, w.doc, &config.privacy, &mut found);
                    typography::check_document(w.path, w.doc, &config.typography, &mut found);
                }
            }
            found
        })
        .collect();
    let docs: BTreeMap<&Path, &Document> = documents.iter().map(|w| (w.path, w.doc)).collect();
    // Stories in path order, so that of two alike the first one stays.
    let mut stories: Vec<_> = collected.stories().iter().collect();
    stories.sort_by(|a, b| a.source.cmp(&b.source));
    let mut duplicates = writers::Duplicates::default();
    for story in stories {
        if let Some(doc) = docs.get(story.source.as_path()) {
            duplicates.add(doc, story, &mut diags);
        }
    }
    diags
}

/// The findings the model recorded while rendering the site's bodies:
/// photos without alt text and `http://` links, at their places.
pub fn check_bodies(site: &Site) -> Vec<Diagnostic> {
    let bodies = site.stories.iter().map(|s| (&s.source, &s.body));
    let bodies = bodies
        .chain(site.branches.iter().map(|b| (&b.source, &b.body)))
        .chain(
            site.pages
                .iter()
                .chain(&site.home)
                .map(|p| (&p.source, &p.body)),
        );
    let mut diags = Vec::new();
    for (source, body) in bodies {
        writers::body_findings(source, body, &mut diags);
    }
    diags
}

/// The findings of one story checked on its own (a save in `serve` or the
/// writing desk): its text and its body; not duplicates.
pub fn check_one(config: &Config, checked: &CheckedStory) -> Vec<Diagnostic> {
    let story = &checked.story;
    let mut diags = Vec::new();
    let headline = Headline::of(&story.meta);
    writers::check_story(
        &story.source,
        &checked.doc,
        Some(&headline),
        config,
        &mut diags,
    );
    writers::body_findings(&story.source, &story.body, &mut diags);
    diags
}

//! The findings stage: what a reader, a superior or the law notices before
//! anything else, reported as warnings at the place to fix. It runs after
//! the model, over the documents the model was built from and the facts it
//! recorded (photos without alt text, `http://` links), and changes
//! neither; the model never calls it.
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
use crate::model::{CheckedStory, Headline, Site, Written};

pub mod privacy;
pub mod typography;
pub mod writers;

/// Every finding of a built portal: each document's own text (stories,
/// branch profiles and pages), duplicate stories, and what the model
/// recorded of each body. Without a site (the model had errors) only the
/// documents' own text is checked.
pub fn check_site(config: &Config, documents: &[Written], site: Option<&Site>) -> Vec<Diagnostic> {
    let mut diags: Vec<Diagnostic> = documents
        .par_iter()
        .flat_map_iter(|w| {
            let mut found = Vec::new();
            match w.role {
                Role::Story { .. } => {
                    writers::check_story(&w.path, &w.doc, w.headline.as_ref(), config, &mut found)
                }
                Role::Branch { .. } | Role::Home | Role::Page => {
                    privacy::check_document(&w.path, &w.doc, &config.privacy, &mut found);
                    typography::check_document(&w.path, &w.doc, &config.typography, &mut found);
                }
            }
            found
        })
        .collect();
    let Some(site) = site else { return diags };
    let docs: BTreeMap<&Path, &Document> = documents
        .iter()
        .map(|w| (w.path.as_path(), &w.doc))
        .collect();
    // Stories in path order, so that of two alike the first one stays.
    let mut stories: Vec<_> = site.stories.iter().collect();
    stories.sort_by(|a, b| a.source.cmp(&b.source));
    let mut duplicates = writers::Duplicates::default();
    for story in stories {
        if let Some(doc) = docs.get(story.source.as_path()) {
            duplicates.add(doc, story, &mut diags);
        }
    }
    let bodies = site.stories.iter().map(|s| (&s.source, &s.body));
    let bodies = bodies
        .chain(site.branches.iter().map(|b| (&b.source, &b.body)))
        .chain(
            site.pages
                .iter()
                .chain(&site.home)
                .map(|p| (&p.source, &p.body)),
        );
    for (source, body) in bodies {
        if let Some(doc) = docs.get(source.as_path()) {
            writers::body_findings(source, doc, body, &mut diags);
        }
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
    writers::body_findings(&story.source, &checked.doc, &story.body, &mut diags);
    diags
}

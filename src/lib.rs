//! branchpress: a static-site generator for the achievements portal of an
//! organisation's Party branches. The pipeline, one module per stage:
//!
//! 1. [`config`]: site.yaml → `Config` (kinds, metrics, taxonomies).
//! 2. [`content`]: walk content/ → sorted, classified source files.
//! 3. [`front_matter`]: split and parse YAML front matter, keeping positions.
//! 4. [`schema`]: validate front matter against the kind's schema.
//! 5. [`model`]: branches, stories and pages by index; links and assets; Markdown.
//! 6. [`stats`]: aggregate statistics, once.
//! 7. [`render`]: Tera over every route, in parallel.
//! 8. [`output`]: write into a staging folder, then swap it in.
//!
//! [`pipeline`] runs them in order for `build`, `check` and `serve`.
//!
//! Every stage collects all the problems it finds; a run reports them all.

// Diagnostics are the error type of every stage: they are created only for bad
// input, so their size on the error path costs nothing worth boxing for.
#![allow(clippy::result_large_err)]
#![warn(missing_docs)]

pub mod chart;
pub mod cli;
pub mod config;
pub mod content;
pub mod desk;
pub mod error;
pub mod findings;
pub mod format;
pub mod front_matter;
pub mod highlight;
pub mod http;
pub mod images;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod privacy;
pub mod progress;
pub mod qr;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod shortcode;
pub mod start;
pub mod stats;
pub mod theme;
pub mod typography;

pub use pipeline::{Options, Summary, build, check, load_site, portal_root};

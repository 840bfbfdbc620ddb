//! branchpress: a static-site generator for the achievements portal of an
//! organisation's Party branches. The pipeline, one module per stage:
//!
//! 1. [`config`]: site.yaml → `Config` (kinds, metrics, taxonomies).
//! 2. [`content`]: walk content/ → sorted, classified source files.
//! 3. [`front_matter`]: split and parse YAML front matter, keeping positions.
//! 4. [`schema`]: validate front matter against the kind's schema.
//! 5. [`model`]: branches, stories and pages by index; links and assets; Markdown.
//! 6. [`findings`]: writers' checks over the model (personal data, typography …).
//! 7. [`stats`]: aggregate statistics, once.
//! 8. [`render`]: Tera over every route, in parallel.
//! 9. [`output`]: write into a staging folder, then swap it in.
//!
//! [`pipeline`] runs them in order for `build`, `check` and `serve`; the
//! commands ([`cmd`]) call it. Every stage collects all the problems it
//! finds; a run reports them all. ARCHITECTURE.md names the layers these
//! modules stand in, from the leaf helpers up, and a test keeps every
//! import pointing down.

// Diagnostics are the error type of every stage: they are created only for bad
// input, so their size on the error path costs nothing worth boxing for.
#![allow(clippy::result_large_err)]
#![warn(missing_docs)]

pub mod chart;
pub mod cmd;
pub mod config;
pub mod content;
pub mod desk;
pub mod error;
pub mod findings;
pub mod format;
pub mod front_matter;
pub mod han;
pub mod highlight;
pub mod html;
pub mod http;
pub mod images;
pub mod markdown;
pub mod model;
pub mod output;
pub mod personal_data;
pub mod pipeline;
pub mod progress;
pub mod qr;
pub mod render;
pub mod report;
pub mod review;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod shortcode;
pub mod stats;
pub mod text;
pub mod theme;
pub mod wechat;
pub mod yaml;

pub use pipeline::{Options, Summary, build, check, load_site, portal_root};

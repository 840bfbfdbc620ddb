//! `branchpress serve`: the site kept in memory, pages rendered when the
//! browser asks for them, files watched, the browser reloaded, and the
//! writing desk ([`crate::desk`]) mounted on a listener beside the preview.
//!
//! A saved story is applied on its own ([`crate::model::Site::update_story`]): its file is
//! parsed, checked and rendered again, its card and (when its front matter
//! changed) the statistics and lists are recomputed, and nothing else. Any
//! other change (site.yaml, themes, a branch, a new or deleted file) rebuilds
//! the model in the background while the old site keeps being served. A
//! broken file never stops the server: its errors are printed and shown over
//! every page until the file is fixed.
//!
//! One job per file, each importing only those before it:
//!
//! - `built`: a good build, minus rendering;
//! - `search_cache`: the search index files, encoded on first request;
//! - `state`: [`Dev`], the last good build and the latest errors, a full
//!   reload, and what the desk reads of it;
//! - `update`: applying a save, one story on its own;
//! - `inject`: what previewed pages carry (reload, errors, warnings, the
//!   desk's buttons);
//! - `respond`: a GET answered from memory;
//! - `wechat`: a story's fragment for the official account's editor, for
//!   the "复制到公众号" button;
//! - `watch`: the file watcher;
//! - `report`: what the terminal says;
//! - `route`: the preview's HTTP routes;
//! - `listen`: [`serve`] itself: the listeners, the desk, the runtime.

mod built;
mod inject;
mod listen;
mod report;
mod respond;
mod route;
mod search_cache;
mod state;
mod update;
mod watch;
mod wechat;

pub use listen::{Listen, serve};
pub use respond::{Body, Reply, clean_path, content_type};
pub use state::{Dev, Outcome, millis};

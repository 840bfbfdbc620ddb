//! The writing desk (`/__branchpress/desk/`), which `serve` mounts beside
//! the preview on a listener of its own: a form made from
//! site.yaml for every kind, a Markdown editor with a live preview in the
//! theme, photo uploads into the story's bundle, saving that keeps every
//! untouched line, and publishing by git.
//!
//! Safety, in the order requests meet it:
//! - the host must name this server (as for every page: no DNS rebinding);
//! - with `--bind` on a network address the desk is off unless `--desk`,
//!   and then every request needs the session of the password printed on
//!   the terminal;
//! - every API request carries the per-server token that only the desk's
//!   own page holds, and every write comes from the desk's own origin
//!   (`Origin`, and `Sec-Fetch-Site` where the browser sends it);
//! - no path from a request is trusted: `files::StoryPath` accepts only
//!   `content/branches/<branch>/<kind>/<name>` of a known branch and kind,
//!   and nothing is written outside that story's folder;
//! - bodies are size-limited before they are read; photos are judged by
//!   their bytes.
//!
//! Nothing of the desk is in a build: its page and scripts live in the
//! binary, and only `serve` adds its buttons to pages.
//!
//! Flow goes one way. `route` checks and dispatches requests, using
//! `secret` and `asset`; `api` sends each JSON call to its handler
//! (`story`, `files`, `portal`, `git`) and `log` prints each write on
//! serve's terminal; `wechat` answers "复制到公众号" (for the desk
//! and for serve's preview pages); every handler speaks the
//! types of `call` and reads the site through `served`, the trait that
//! `serve` implements. Nothing here imports `serve`.

mod api;
mod asset;
mod call;
mod files;
mod git;
mod log;
mod portal;
mod review;
mod route;
mod secret;
mod served;
mod story;
mod wechat;
mod words;

pub use call::PATH;
pub use route::{Desk, router};
pub use served::{ServedSite, Shared};
pub use wechat::{answer as wechat_answer, not_loaded as wechat_not_loaded};

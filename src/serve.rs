//! `branchpress serve`: the site kept in memory, pages rendered when the
//! browser asks for them, files watched, and the browser reloaded.
//!
//! A saved story is applied on its own ([`Site::update_story`]): its file is
//! parsed, checked and rendered again, its card and (when its front matter
//! changed) the statistics and lists are recomputed, and nothing else. Any
//! other change (site.yaml, themes, a branch, a new or deleted file) rebuilds
//! the model in the background while the old site keeps being served. A
//! broken file never stops the server: its errors are printed and shown over
//! every page until the file is fixed.

mod desk;
mod http;
mod watch;

use crate::error::Code;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::content;
use crate::error::{Diagnostic, Lang};
use crate::model::{ModelOptions, Site, StoryUpdate};
use crate::pipeline::{self, File, Options, Prepared};
use crate::render::{self, Renderer, Views};
use crate::stats::{self, Stats};
use crate::theme::Theme;

pub use http::{Listen, serve};

/// A good build, ready to answer requests.
struct Built {
    site: Site,
    stats: Stats,
    theme: Theme,
    tera: tera::Tera,
    views: Views,
    /// Output path → file, for everything that is not rendered.
    files: BTreeMap<String, File>,
    /// The search index, when search is on: updated per saved story.
    live: Option<crate::search::live::Live>,
}

impl Built {
    /// Loads, checks and prepares everything, as `build` does, minus rendering.
    fn load(options: &Options) -> Result<Built, Vec<Diagnostic>> {
        let mut t = Instant::now();
        let Prepared {
            site,
            stats,
            theme,
            tera,
            ..
        } = pipeline::prepare(options, &mut t).map_err(pipeline::diagnostics_of)?;
        let views = Views::new(&site, &stats, &theme, &tera)?;
        let live = site
            .config
            .search
            .then(|| crate::search::live::Live::new(&site));
        crate::progress::lap("search", &mut t);
        let files = pipeline::extra_files(&site, &stats, &theme);
        Ok(Built {
            site,
            stats,
            theme,
            tera,
            views,
            files,
            live,
        })
    }

    fn renderer(&self) -> Renderer<'_> {
        Renderer::new(&self.site, &self.stats, &self.tera, &self.views)
    }
}

/// What a change did, for the terminal.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    /// Nothing that the site depends on changed.
    Unchanged,
    /// One or more stories were applied on their own.
    Updated(Vec<PathBuf>),
    /// Everything was loaded again.
    Rebuilt,
    /// The change has errors; the last good site is still served.
    Failed,
}

/// The served site: the last good build and the errors of the latest change.
pub struct Dev {
    options: Options,
    built: Option<Built>,
    errors: Vec<Diagnostic>,
    lang: Lang,
    /// Text of story files as last applied, to skip saves that changed nothing.
    texts: HashMap<PathBuf, String>,
    /// The last full load failed: the model kept is older than the files,
    /// so only another full load can be trusted.
    stale: bool,
    /// Counts applied changes: the search index is as of one of them.
    version: u64,
    /// Search index files made since the last change: each is encoded from
    /// the in-memory index on its first request.
    search: Mutex<Option<SearchCache>>,
    /// Pages carry the writing desk's buttons.
    desk: bool,
}

/// The search files of one change, and what encoding them needs.
struct SearchCache {
    version: u64,
    build: u32,
    /// Record urls by id.
    urls: Vec<String>,
    /// Id of each slot of the in-memory index.
    ids: Vec<Option<u32>>,
    files: HashMap<String, Arc<Vec<u8>>>,
}

/// A response body and its type.
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Content type.
    pub content_type: &'static str,
    /// The body.
    pub body: Body,
}

/// A reply's body.
pub enum Body {
    /// Bytes in memory.
    Bytes(Vec<u8>),
    /// Static bytes.
    Static(&'static [u8]),
    /// A file to read.
    Disk(PathBuf),
    /// Redirect to this location.
    Redirect(String),
}

/// The URL path of the reload events.
pub const EVENTS_PATH: &str = "/__branchpress/events";

impl Dev {
    /// Builds the site for serving. Errors do not fail: they are kept and shown.
    pub fn new(options: Options) -> Dev {
        let mut dev = Dev {
            lang: options.lang.unwrap_or_default(),
            options,
            built: None,
            errors: Vec::new(),
            texts: HashMap::new(),
            stale: false,
            version: 0,
            search: Mutex::new(None),
            desk: false,
        };
        dev.rebuild();
        dev
    }

    /// Shows the writing desk's buttons on every page.
    pub fn enable_desk(&mut self) {
        self.desk = true;
    }

    /// Renders a story checked by the desk as its page would be published;
    /// the site is as it was afterwards.
    fn preview(&mut self, story: crate::model::Story) -> Result<Vec<u8>, Diagnostic> {
        let Some(built) = self.built.as_mut() else {
            return Err(Diagnostic::error(
                Code::PreviewBlocked,
                "content",
                crate::error::Text::new("网站有错误，无法预览", "the site has errors: no preview"),
            ));
        };
        let source = story.source.clone();
        let render = std::panic::AssertUnwindSafe(|| {
            render::render_preview(
                &mut built.site,
                &built.stats,
                &built.tera,
                &mut built.views,
                story,
            )
        });
        match std::panic::catch_unwind(render) {
            Ok(result) => result,
            Err(_) => {
                // `render_preview` puts the site back before a template's
                // panic goes on; loading again is the belt to those braces.
                self.rebuild();
                Err(Diagnostic::error(
                    Code::Internal,
                    source,
                    crate::error::Text::new(
                        "预览时出现内部错误（详见终端）",
                        "internal error while previewing (see the terminal)",
                    ),
                ))
            }
        }
    }

    /// The language of messages.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The errors of the latest change (empty when the site is good).
    pub fn errors(&self) -> &[Diagnostic] {
        &self.errors
    }

    /// Warnings of the current site.
    pub fn warnings(&self) -> &[Diagnostic] {
        self.built.as_ref().map_or(&[], |b| &b.site.warnings)
    }

    /// Published stories and branches of the current site.
    pub fn counts(&self) -> (usize, usize) {
        self.built
            .as_ref()
            .map_or((0, 0), |b| (b.site.stories.len(), b.site.branches.len()))
    }

    /// Loads everything again.
    pub fn rebuild(&mut self) -> Outcome {
        self.apply_rebuild(Built::load(&self.options))
    }

    /// Installs the result of [`Built::load`] (which may run without the lock).
    fn apply_rebuild(&mut self, result: Result<Built, Vec<Diagnostic>>) -> Outcome {
        self.texts.clear();
        self.version += 1;
        match result {
            Ok(built) => {
                self.stale = false;
                self.lang = self.options.lang.unwrap_or(built.site.config.language);
                self.built = Some(built);
                self.errors.clear();
                Outcome::Rebuilt
            }
            Err(errors) => {
                self.stale = true;
                self.errors = errors;
                crate::error::sort_diagnostics(&mut self.errors);
                Outcome::Failed
            }
        }
    }

    /// Applies changed files (paths relative to the portal root): story
    /// files on their own when possible, anything else by a full rebuild.
    pub fn apply(&mut self, changed: &[PathBuf]) -> Outcome {
        if changed.is_empty() {
            return Outcome::Unchanged;
        }
        match self.try_apply(changed) {
            Some(outcome) => outcome,
            None => self.rebuild(),
        }
    }

    /// The incremental path; None when only a full rebuild is right.
    fn try_apply(&mut self, changed: &[PathBuf]) -> Option<Outcome> {
        let changed: Vec<PathBuf> = changed
            .iter()
            .filter(|p| !self.passing(p))
            .cloned()
            .collect();
        if changed.is_empty() {
            return Some(Outcome::Unchanged);
        }
        let changed = changed.as_slice();
        // A site with errors elsewhere may only be fixed by rebuilding.
        if self.stale || (!self.errors.is_empty() && !changed.iter().all(|p| self.erred_in(p))) {
            return None;
        }
        let root = self.options.root.clone();
        let mut sources = Vec::new();
        for path in changed {
            let story = crate::content::is_markdown(path)
                && path.starts_with("content/branches")
                && !path.ends_with("_branch.md");
            if !story || !root.join(path).is_file() {
                return None;
            }
            sources.push(content::read_source(&root, path).ok()?);
        }
        sources.retain(|s| self.texts.get(&s.path) != Some(&s.text));
        if sources.is_empty() {
            return Some(if self.errors.is_empty() {
                Outcome::Unchanged
            } else {
                Outcome::Failed
            });
        }
        let built = self.built.as_mut()?;
        // Only stories the site has: nothing is touched before a full load.
        let known = |p: &PathBuf| built.site.stories.iter().any(|s| &s.source == p);
        if !sources.iter().all(|s| known(&s.path)) {
            return None;
        }
        self.version += 1;
        let model = ModelOptions {
            drafts: self.options.drafts,
        };
        let mut t = Instant::now();
        let mut errors = Vec::new();
        let (mut restat, mut relist) = (false, false);
        let mut touched = Vec::new();
        for source in &sources {
            match crate::pipeline::update_story(&mut built.site, source, model) {
                Ok(StoryUpdate::Rebuild) => {
                    // Earlier files of the burst may be applied already.
                    self.stale = true;
                    return None;
                }
                Ok(StoryUpdate::Updated {
                    index,
                    moved,
                    stats,
                    lists,
                }) => {
                    if let Some((from, to)) = moved {
                        built.views.move_story(from, to);
                    }
                    restat |= stats;
                    relist |= lists;
                    touched.push(index);
                }
                Err(e) => errors.extend(e),
            }
        }
        crate::progress::lap("update", &mut t);
        if restat {
            built.stats = stats::compute_stats(&built.site, stats::StatsFilter::default());
            crate::progress::lap("stats", &mut t);
            render::register_stats(&mut built.tera, &built.stats);
            crate::progress::lap("stats()", &mut t);
        }
        // Cards of every touched story (indices are final after all reorders).
        let paths: Vec<PathBuf> = sources.iter().map(|s| s.path.clone()).collect();
        for (i, story) in built.site.stories.iter().enumerate() {
            if paths.contains(&story.source)
                && let Err(e) = built.views.update_story(&built.site, &built.tera, i)
            {
                errors.push(e);
            }
        }
        crate::progress::lap("cards", &mut t);
        if let Some(live) = &mut built.live {
            live.update(&built.site, &paths);
            crate::progress::lap("search", &mut t);
        }
        if relist {
            built.views.relist(&built.site, &built.stats);
            crate::progress::lap("lists", &mut t);
        }
        if restat {
            built.files = pipeline::extra_files(&built.site, &built.stats, &built.theme);
        }
        for s in sources {
            if errors.iter().any(|e| e.path == s.path) {
                // Saving the last good text again must apply it.
                self.texts.remove(&s.path);
            } else {
                self.texts.insert(s.path, s.text);
            }
        }
        if errors.is_empty() {
            self.errors.clear();
            Some(Outcome::Updated(paths))
        } else {
            crate::error::sort_diagnostics(&mut errors);
            self.errors = errors;
            Some(Outcome::Failed)
        }
    }

    /// After a crash while applying `changed`: the model may be half
    /// updated, so only a full load is trusted next; the error is shown.
    fn crashed(&mut self, changed: &[PathBuf]) -> Outcome {
        self.stale = true;
        self.texts.clear();
        let path = changed.first().cloned().unwrap_or_else(|| "content".into());
        self.errors = vec![Diagnostic::error(
            Code::Internal,
            path,
            crate::error::Text::new(
                "内部错误：branchpress 处理这次修改时崩溃了（详见终端）；再保存一次会重新加载全站",
                "internal error: branchpress crashed applying this change (see the terminal); the next save reloads everything",
            ),
        )];
        Outcome::Failed
    }

    /// Whether `path` is a file that came and went within one save, such as
    /// an editor's or sed's temporary file: gone now, and nothing the site
    /// was built from (a deleted story, photo or folder of them is not).
    fn passing(&self, path: &Path) -> bool {
        // After a failed load the model may not know the files being fixed.
        if self.stale || self.options.root.join(path).exists() || path == Path::new("site.yaml") {
            return false;
        }
        self.built
            .as_ref()
            .is_some_and(|b| !b.site.built_from(path))
    }

    /// Whether the current errors all concern `path`.
    fn erred_in(&self, path: &Path) -> bool {
        self.errors.iter().all(|e| e.path == path)
    }

    /// A file of the search index (`search/data/…`), encoded from the
    /// in-memory index (updated with every saved story) on its first
    /// request after a change. None when search is off or `rel` is no
    /// index file.
    fn search_file(&self, built: &Built, rel: &str) -> Option<Arc<Vec<u8>>> {
        let name = rel.strip_prefix(crate::search::DIR)?.strip_prefix('/')?;
        let live = built.live.as_ref()?;
        let mut cache = self.search.lock().unwrap_or_else(|e| e.into_inner());
        if cache.as_ref().is_none_or(|c| c.version != self.version) {
            *cache = Some(self.search_cache(built, live));
        }
        let cache = cache.as_mut()?;
        if let Some(bytes) = cache.files.get(name) {
            return Some(bytes.clone());
        }
        let (dir, file) = name.split_once('/')?;
        let stem = file.strip_suffix(if dir == "r" { ".json" } else { ".bin" })?;
        let n: Option<u32> = stem.parse().ok().filter(|n: &u32| stem == n.to_string());
        match dir {
            "t" | "p" => {
                let s = n.filter(|&s| s < live.shards())?;
                let (t, p) = live.han_shard(s, &cache.ids, cache.build);
                cache.files.insert(format!("t/{s}.bin"), Arc::new(t));
                cache.files.insert(format!("p/{s}.bin"), Arc::new(p));
            }
            "w" => {
                let bytes = live.word_shard(stem, &cache.ids, cache.build)?;
                cache.files.insert(name.to_string(), Arc::new(bytes));
            }
            "r" => {
                let url = cache.urls.get(n? as usize)?;
                let label = pipeline::search_branch_label(&built.theme);
                let json = crate::search::fragment_for(&built.site, &label, cache.build, url)?;
                cache
                    .files
                    .insert(name.to_string(), Arc::new(json.into_bytes()));
            }
            _ => return None,
        }
        cache.files.get(name).cloned()
    }

    /// What the search files of the current change share: the records'
    /// order, and the manifest and tables, made at once.
    fn search_cache(&self, built: &Built, live: &crate::search::live::Live) -> SearchCache {
        // A build id of this server and this change: a page of an older
        // change never mixes its files with these.
        let build = (std::process::id() << 16) ^ (self.version as u32);
        let label = pipeline::search_branch_label(&built.theme);
        let index = crate::search::Index::new(&built.site, &label, Some(build));
        let urls: Vec<String> = index.records.iter().map(|r| r.url.clone()).collect();
        let mut files = HashMap::new();
        let manifest = index.manifest_with(&live.word_shards());
        files.insert("manifest.json".to_string(), Arc::new(manifest.into_bytes()));
        files.insert("meta.bin".to_string(), Arc::new(index.meta()));
        files.insert("branches.bin".to_string(), Arc::new(index.branch_lists()));
        SearchCache {
            version: self.version,
            build,
            ids: live.ids(&urls),
            urls,
            files,
        }
    }

    /// Answers a GET for `url_path` (percent-decoded, starting with `/`).
    pub fn respond(&self, url_path: &str) -> Reply {
        let Some(rel) = clean_path(url_path) else {
            return self.not_found();
        };
        let Some(built) = &self.built else {
            return self.error_page();
        };
        if let Some(bytes) = self.search_file(built, &rel) {
            return Reply {
                status: 200,
                content_type: content_type(&rel),
                body: Body::Bytes(bytes.to_vec()),
            };
        }
        if let Some(file) = built.files.get(&rel) {
            return Reply {
                status: 200,
                content_type: content_type(&rel),
                body: match file {
                    File::Bytes(b) => Body::Bytes(b.to_vec()),
                    File::Embedded(b) => Body::Static(b),
                    File::Disk(p) => Body::Disk(p.clone()),
                    // Its files are answered by `search_file` above.
                    File::SearchIndex => return self.not_found(),
                },
            };
        }
        let page = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.clone()
        };
        let renderer = built.renderer();
        match renderer.render_path(&page) {
            Some(Ok((_, bytes))) => Reply {
                status: 200,
                content_type: content_type(&page),
                body: Body::Bytes(self.decorate(&page, bytes)),
            },
            Some(Err(e)) => {
                let mut errors = self.errors.clone();
                errors.push(e);
                self.page_with_errors(&errors)
            }
            None if renderer.render_path(&format!("{rel}/index.html")).is_some() => Reply {
                status: 301,
                content_type: "text/plain; charset=utf-8",
                body: Body::Redirect(format!("/{rel}/")),
            },
            None => self.not_found(),
        }
    }

    fn not_found(&self) -> Reply {
        let bytes = self
            .built
            .as_ref()
            .and_then(|b| b.renderer().render_path("404.html"))
            .and_then(Result::ok)
            .map(|(_, b)| b)
            .unwrap_or_else(|| b"<!doctype html><title>404</title><body></body>".to_vec());
        Reply {
            status: 404,
            content_type: "text/html; charset=utf-8",
            body: Body::Bytes(self.decorate("404.html", bytes)),
        }
    }

    /// A page that only shows the errors (no good build yet).
    fn error_page(&self) -> Reply {
        self.page_with_errors(&self.errors)
    }

    fn page_with_errors(&self, errors: &[Diagnostic]) -> Reply {
        let title = match self.lang {
            Lang::ZhCn => "branchpress：构建出错",
            Lang::En => "branchpress: build failed",
        };
        let page = format!(
            "<!doctype html><html lang=\"{}\"><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{title}</title><body>{}{}</body></html>",
            self.lang.tag(),
            overlay(errors, self.lang),
            reload_script()
        );
        Reply {
            status: 500,
            content_type: "text/html; charset=utf-8",
            body: Body::Bytes(page.into_bytes()),
        }
    }

    /// Adds the reload script (and the errors, if any) to an HTML page.
    fn decorate(&self, path: &str, mut bytes: Vec<u8>) -> Vec<u8> {
        if !path.ends_with(".html") {
            return bytes;
        }
        let mut extra = String::new();
        if !self.errors.is_empty() {
            extra.push_str(&overlay(&self.errors, self.lang));
        } else if let Some(box_) = self.warnings_box(path) {
            extra.push_str(&box_);
        }
        extra.push_str(&reload_script());
        if self.desk {
            extra.push_str(&self.desk_buttons(path));
        }
        let at = find_last(&bytes, b"</body>").unwrap_or(bytes.len());
        bytes.splice(at..at, extra.into_bytes());
        bytes
    }
}

impl Dev {
    /// The source file a page is made from (a story, branch or page).
    fn page_source(&self, page: &str) -> Option<&Path> {
        let site = &self.built.as_ref()?.site;
        let dir = page.strip_suffix("index.html")?;
        let story = site
            .stories
            .iter()
            .find(|s| s.path == dir)
            .map(|s| &s.source);
        let branch = || {
            site.branches
                .iter()
                .find(|b| b.path == dir)
                .map(|b| &b.source)
        };
        let other = || site.pages.iter().find(|p| p.path == dir).map(|p| &p.source);
        story.or_else(branch).or_else(other).map(PathBuf::as_path)
    }

    /// The warnings of the page's own file in a box at the foot of the page,
    /// which the writer may close: nothing blocks the preview.
    fn warnings_box(&self, page: &str) -> Option<String> {
        let source = self.page_source(page)?;
        let own: Vec<&Diagnostic> = self
            .warnings()
            .iter()
            .filter(|w| w.path == source)
            .collect();
        if own.is_empty() {
            return None;
        }
        let (title, note, close) = match self.lang {
            Lang::ZhCn => (
                format!("本页有 {} 处提醒", own.len()),
                "不影响预览和生成；改正后保存，页面会自动刷新。",
                "关闭",
            ),
            Lang::En => (
                format!("{} warning(s) on this page", own.len()),
                "They do not stop the preview or the build; fix and save, and the page reloads.",
                "Close",
            ),
        };
        let text: Vec<String> = own.iter().map(|w| w.render(self.lang)).collect();
        Some(format!(
            concat!(
                "<aside id=\"bp-warnings\" role=\"status\" aria-labelledby=\"bp-warnings-title\" ",
                "style=\"position:fixed;left:.75rem;right:.75rem;bottom:4rem;z-index:2147483645;max-height:40vh;overflow:auto;",
                "background:#fff8e1;color:#3b2a00;border:2px solid #b7791f;border-radius:8px;padding:.75rem 1rem;",
                "font:15px/1.5 system-ui,sans-serif;box-shadow:0 2px 12px rgba(0,0,0,.25)\">",
                "<h2 id=\"bp-warnings-title\" style=\"margin:0;font-size:1rem\">{}</h2><p style=\"margin:.25rem 0 .5rem\">{}</p>",
                "<pre style=\"white-space:pre-wrap;margin:0 0 .5rem;font:13px/1.5 ui-monospace,monospace\">{}</pre>",
                "<button type=\"button\" onclick=\"this.parentNode.remove()\" style=\"font:inherit;padding:.3rem .9rem\">{}</button></aside>"
            ),
            crate::html::escape(&title),
            note,
            crate::html::escape(&text.join("\n")),
            close
        ))
    }

    /// The desk's buttons on a page: "写稿" everywhere (for the page's
    /// branch, on its pages), "编辑本文" on a story.
    fn desk_buttons(&self, page: &str) -> String {
        let enc = |s: &str| form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        let site = self.built.as_ref().map(|b| &b.site);
        let story = site.and_then(|site| {
            site.stories
                .iter()
                .find(|s| page.strip_suffix("index.html") == Some(s.path.as_str()))
        });
        let branch = site.and_then(|site| {
            site.branches
                .iter()
                .find(|b| page.starts_with(b.path.as_str()))
                .map(|b| b.slug.as_str())
        });
        let (write, edit, label) = match self.lang {
            Lang::ZhCn => ("写稿", "编辑本文", "写作台"),
            Lang::En => ("Write", "Edit this story", "Writing desk"),
        };
        let style = "display:inline-block;margin-left:.5rem;padding:.55rem .9rem;border-radius:2rem;background:#9f1b1b;color:#fff;font:600 15px/1.2 system-ui,sans-serif;text-decoration:none;box-shadow:0 2px 8px rgba(0,0,0,.3)";
        let mut html = format!(
            "<nav id=\"bp-desk-entry\" aria-label=\"{label}\" style=\"position:fixed;right:.75rem;bottom:.75rem;z-index:2147483646\">"
        );
        if let Some(story) = story {
            html.push_str(&format!(
                "<a style=\"{style}\" href=\"{}#/edit?path={}\">{edit}</a>",
                desk::PATH,
                enc(&desk::api::slash(&story.source))
            ));
        }
        let new = branch.map_or(String::new(), |b| format!("?branch={}", enc(b)));
        html.push_str(&format!(
            "<a style=\"{style}\" href=\"{}#/new{new}\">{write}</a></nav>",
            desk::PATH
        ));
        html
    }
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The script that reloads the page when the site changes.
fn reload_script() -> String {
    format!(
        "<script>new EventSource(\"{EVENTS_PATH}\").onmessage=function(){{location.reload()}};</script>"
    )
}

/// The errors, over the page, until they are fixed.
fn overlay(errors: &[Diagnostic], lang: Lang) -> String {
    let (title, note, close) = match lang {
        Lang::ZhCn => ("有错误，网站未更新", "改正后保存，页面会自动刷新。", "关闭"),
        Lang::En => (
            "The site has errors and was not updated",
            "Fix them and save: the page reloads by itself.",
            "Close",
        ),
    };
    let text: Vec<String> = errors.iter().map(|e| e.render(lang)).collect();
    format!(
        concat!(
            "<div id=\"bp-errors\" role=\"alertdialog\" aria-modal=\"true\" aria-labelledby=\"bp-errors-title\" ",
            "style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(40,10,10,.94);",
            "color:#fff;padding:1.25rem;font:15px/1.6 system-ui,sans-serif\">",
            "<h2 id=\"bp-errors-title\" style=\"margin:0 0 .25rem;color:#ffb4a8\">{}</h2><p style=\"margin:0 0 1rem\">{}</p>",
            "<pre style=\"white-space:pre-wrap;font:14px/1.5 ui-monospace,monospace;background:#1b0f0f;padding:1rem;border-radius:6px\">{}</pre>",
            "<button type=\"button\" onclick=\"this.parentNode.remove()\" style=\"font:inherit;padding:.4rem 1rem\">{}</button></div>"
        ),
        title,
        note,
        crate::html::escape(&text.join("\n")),
        close
    )
}

/// A URL path as an output path (`/a/b/` → `a/b/`); None when it would
/// leave the site (`..`, backslashes, NUL).
pub fn clean_path(url_path: &str) -> Option<String> {
    let path = url_path.trim_start_matches('/');
    if path.contains('\\') || path.contains('\0') {
        return None;
    }
    let mut parts = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p => parts.push(p),
        }
    }
    let mut out = parts.join("/");
    if path.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// The content type of an output path, by extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// How long a change took, in milliseconds, for the terminal.
pub fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_never_leave_the_site() {
        assert_eq!(clean_path("/"), Some(String::new()));
        assert_eq!(clean_path("/a/b/"), Some("a/b/".into()));
        assert_eq!(clean_path("/a//./b"), Some("a/b".into()));
        assert_eq!(clean_path("/a/../../etc/passwd"), None);
        assert_eq!(clean_path("/..%2f"), Some("..%2f".into()));
        assert_eq!(clean_path("/a\\..\\b"), None);
    }

    #[test]
    fn the_reload_script_goes_before_the_end_of_body() {
        let bytes = b"<html><body><p>x</p></body></html>".to_vec();
        let at = find_last(&bytes, b"</body>");
        assert_eq!(at, Some(20));
    }
}

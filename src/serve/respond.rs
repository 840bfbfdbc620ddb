//! Answering a GET from the in-memory site: a search file, a static file,
//! a page rendered on demand (with what `inject` adds), a redirect, the
//! not-found page, or the errors.

use std::path::PathBuf;

use super::inject::{overlay, reload_script};
use super::state::Dev;
use crate::error::{Diagnostic, Lang};
use crate::pipeline::File;

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

impl Dev {
    /// Answers a GET for `url_path` (percent-decoded, starting with `/`).
    pub fn respond(&self, url_path: &str) -> Reply {
        let Some(rel) = clean_path(url_path) else {
            return self.not_found();
        };
        let Some(built) = &self.built else {
            return self.error_page();
        };
        if let Some(bytes) = self.search.get(built, self.version, &rel) {
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
}

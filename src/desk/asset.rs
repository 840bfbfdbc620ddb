//! The desk's files, embedded in the binary: its page (with the token
//! filled in), the login form, the style, the script modules and the
//! publishing help in both languages. Every file is listed once in
//! [`FILES`]; nothing is bundled or generated: the browser loads
//! `js/main.js` as a module, and it imports the others. Libraries from
//! npm are vendored unchanged under `js/vendor/` (versions and licences in
//! its README.md).

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::call::PATH;
use crate::error::Lang;

const HTML: &str = "text/html; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";

/// One embedded file, at `PATH` + `path`.
pub struct File {
    /// Its path under the desk's address.
    pub path: &'static str,
    /// Its content type.
    pub content_type: &'static str,
    /// Its bytes.
    pub body: &'static str,
}

/// A script module of the desk, `assets/js/<name>.js` at `js/<name>.js`.
macro_rules! js {
    ($name:literal) => {
        File {
            path: concat!("js/", $name, ".js"),
            content_type: JS,
            body: include_str!(concat!("assets/js/", $name, ".js")),
        }
    };
}

/// Every file the desk serves as it is (its page and login form are made
/// from templates, below).
pub const FILES: &[File] = &[
    File {
        path: "desk.css",
        content_type: CSS,
        body: include_str!("assets/desk.css"),
    },
    js!("messages"),
    js!("dom"),
    js!("store"),
    js!("api"),
    js!("state"),
    js!("dialog"),
    js!("field"),
    js!("diagnostic"),
    js!("front"),
    js!("body"),
    js!("vendor/turndown"),
    js!("vendor/turndown-plugin-gfm"),
    js!("paste"),
    js!("table"),
    js!("preview"),
    js!("wechat"),
    js!("photo"),
    js!("check"),
    js!("save"),
    js!("form"),
    js!("editor"),
    js!("guard"),
    js!("publish"),
    js!("review"),
    js!("home"),
    js!("branch"),
    js!("main"),
    File {
        path: "help/publishing.zh-CN.html",
        content_type: HTML,
        body: include_str!("assets/help/publishing.zh-CN.html"),
    },
    File {
        path: "help/publishing.en.html",
        content_type: HTML,
        body: include_str!("assets/help/publishing.en.html"),
    },
];

/// The file at `path` (under the desk's address), if the desk has one.
pub fn find(path: &str) -> Option<&'static File> {
    FILES.iter().find(|f| f.path == path)
}

/// Whether `path` may be served before the password is given: the login
/// form and its style.
pub fn open_before_login(path: &str) -> bool {
    matches!(path, "" | "desk.css")
}

/// An embedded file.
pub fn serve_file(file: &File) -> Response {
    strict(file.content_type, file.body.to_string())
}

/// The desk's page, carrying the token its scripts send.
pub fn desk_page(lang: Lang, token: &str, title: &str) -> Response {
    let page = include_str!("assets/desk.html")
        .replace("{{lang}}", lang.tag())
        .replace("{{token}}", token)
        .replace("{{title}}", &crate::html::escape(title));
    strict(HTML, page)
}

/// The publishing help in the desk's language.
pub fn help_page(lang: Lang) -> Response {
    let name = match lang {
        Lang::ZhCn => "help/publishing.zh-CN.html",
        Lang::En => "help/publishing.en.html",
    };
    match find(name) {
        Some(file) => serve_file(file),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The form that asks for the password printed on the terminal.
pub fn login_page(lang: Lang) -> Response {
    let (title, label, go) = match lang {
        Lang::ZhCn => (
            "写作台登录",
            "密码（显示在运行 branchpress serve 的终端上）",
            "进入写作台",
        ),
        Lang::En => (
            "Desk login",
            "Password (shown in the terminal running branchpress serve)",
            "Open the desk",
        ),
    };
    let page = format!(
        concat!(
            "<!doctype html><html lang=\"{}\"><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>{}</title><link rel=\"stylesheet\" href=\"{}desk.css\"><main class=\"bp-login\"><h1>{}</h1>",
            "<form method=\"post\" action=\"{}login\"><label for=\"bp-password\">{}</label>",
            "<input id=\"bp-password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>",
            "<button type=\"submit\">{}</button></form></main></html>"
        ),
        lang.tag(),
        title,
        PATH,
        title,
        PATH,
        label,
        go
    );
    strict(HTML, page)
}

/// A reply that is never cached, never framed, and runs only the desk's
/// own scripts (the preview's frame is sandboxed besides).
fn strict(content_type: &'static str, body: String) -> Response {
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-store"),
            (header::X_FRAME_OPTIONS, "DENY"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            ),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_is_listed_once_with_the_type_of_its_extension() {
        for (i, file) in FILES.iter().enumerate() {
            assert!(
                FILES[..i].iter().all(|f| f.path != file.path),
                "{}",
                file.path
            );
            let ty = match file.path.rsplit_once('.').map(|(_, e)| e) {
                Some("js") => JS,
                Some("css") => CSS,
                Some("html") => HTML,
                _ => "",
            };
            assert_eq!(file.content_type, ty, "{}", file.path);
        }
    }

    #[test]
    fn every_script_module_is_listed_and_imports_only_listed_modules() {
        // Every `.js` file under assets/js/, vendored libraries included
        // (their licences and notes beside them are not served).
        fn scripts(dir: &std::path::Path, prefix: &str, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let entry = entry.unwrap();
                let name = entry.file_name().to_string_lossy().into_owned();
                if entry.file_type().unwrap().is_dir() {
                    scripts(&entry.path(), &format!("{prefix}{name}/"), out);
                } else if name.ends_with(".js") {
                    out.push(format!("{prefix}{name}"));
                }
            }
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/desk/assets/js");
        let mut on_disk = Vec::new();
        scripts(&dir, "js/", &mut on_disk);
        on_disk.sort();
        let mut listed: Vec<String> = FILES
            .iter()
            .filter(|f| f.path.starts_with("js/"))
            .map(|f| f.path.to_string())
            .collect();
        listed.sort();
        assert_eq!(on_disk, listed);
        for file in FILES.iter().filter(|f| f.content_type == JS) {
            for rest in file.body.split("from './").skip(1) {
                let name = rest.split('\'').next().unwrap_or("");
                assert!(
                    find(&format!("js/{name}")).is_some(),
                    "{}: {name}",
                    file.path
                );
            }
        }
    }
}

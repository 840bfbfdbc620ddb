//! The writing desk of `serve` (`/__branchpress/desk/`): a form made from
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
//! - no path from a request is trusted: [`files::StoryPath`] accepts only
//!   `content/branches/<branch>/<kind>/<name>` of a known branch and kind,
//!   and nothing is written outside that story's folder;
//! - bodies are size-limited before they are read; photos are judged by
//!   their bytes.
//!
//! Nothing of the desk is in a build: its page and scripts live in the
//! binary, and only `serve` adds its buttons to pages.

pub(super) mod api;
mod files;
mod git;
mod portal;

use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

use axum::body::Body as HttpBody;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::error::Lang;

/// Where the desk lives.
pub const PATH: &str = "/__branchpress/desk/";

/// The largest photo accepted.
pub const MAX_PHOTO: usize = 30 * 1024 * 1024;
/// The largest JSON request (a story with its front matter).
const MAX_JSON: usize = 4 * 1024 * 1024;
/// Wrong passwords after which the desk refuses to log a machine in.
const MAX_FAILURES: u32 = 10;
/// Wrong passwords from all machines after which it logs nobody in.
const MAX_ALL_FAILURES: u32 = 100;

const HTML: &str = include_str!("desk/assets/desk.html");
const JS: &str = include_str!("desk/assets/desk.js");
const CSS: &str = include_str!("desk/assets/desk.css");

/// The desk's secrets for one run of `serve`.
pub struct Desk {
    /// Sent with every API request; only the desk's own page has it.
    token: String,
    /// Asked for when the preview is open to the network (`--bind … --desk`).
    password: Option<String>,
    /// Sessions of those who gave the password.
    sessions: Mutex<Vec<String>>,
    /// Wrong passwords by machine, and in all.
    failures: Mutex<std::collections::BTreeMap<Option<std::net::IpAddr>, u32>>,
    all_failures: AtomicU32,
    /// Held by each call that writes, from its checks to its last write.
    writes: Mutex<()>,
    /// Bytes of photos stored in this run, against [`MAX_UPLOADED`].
    uploaded: std::sync::atomic::AtomicU64,
}

/// The most bytes of photos one run of `serve` stores: each is at most
/// [`MAX_PHOTO`], and new stories' folders could otherwise fill a disk.
pub const MAX_UPLOADED: u64 = 2 << 30;

impl Desk {
    /// The desk of this server; `password` when other machines may reach
    /// it. Fails only when the system gives no random numbers for its secrets.
    pub fn new(password: bool) -> Result<Desk, getrandom::Error> {
        Ok(Desk {
            token: random_hex(16)?,
            password: password.then(|| random_code(10)).transpose()?,
            sessions: Mutex::new(Vec::new()),
            failures: Mutex::new(std::collections::BTreeMap::new()),
            all_failures: AtomicU32::new(0),
            writes: Mutex::new(()),
            uploaded: std::sync::atomic::AtomicU64::new(0),
        })
    }

    /// The password to print on the terminal, if one is asked for.
    pub fn password(&self) -> Option<&str> {
        self.password.as_deref()
    }

    fn logged_in(&self, headers: &HeaderMap) -> bool {
        if self.password.is_none() {
            return true;
        }
        let Some(session) = cookie(headers, "bp_desk") else {
            return false;
        };
        let sessions = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        sessions.iter().any(|s| same(s, &session))
    }
}

/// What the HTTP side hands the desk for one request.
pub struct Request {
    pub method: Method,
    pub uri: Uri,
    pub headers: HeaderMap,
    /// `http://host:port` as the browser named this server.
    pub origin: String,
    /// The machine asking.
    pub peer: Option<std::net::IpAddr>,
}

/// The most bytes a desk request's body may have, judged before it is read.
pub fn body_limit(uri: &Uri) -> usize {
    match uri.path().strip_prefix(PATH) {
        Some("api/upload") => MAX_PHOTO,
        Some("login") => 4096,
        _ => MAX_JSON,
    }
}

/// Answers a request under [`PATH`]. `body` is None when it was over the limit.
pub fn respond(
    desk: &Desk,
    dev: &std::sync::RwLock<super::Dev>,
    req: &Request,
    body: Option<&[u8]>,
) -> Response {
    let (lang, title) = {
        let dev = super::http::app_dev(dev);
        let title = dev.built.as_ref().map(|b| b.site.config.title.clone());
        (dev.lang(), title.unwrap_or_else(|| "branchpress".into()))
    };
    if let Some(refused) = refusal(desk, lang, req) {
        return refused;
    }
    let rest = req.uri.path().strip_prefix(PATH).unwrap_or("");
    if !desk.logged_in(&req.headers) {
        return match (&req.method, rest) {
            (&Method::POST, "login") => login(desk, lang, req.peer, body.unwrap_or_default()),
            _ => asset(rest, desk, (lang, &title), true),
        };
    }
    match (&req.method, rest) {
        (&Method::GET, "" | "desk.js" | "desk.css") => {
            return asset(rest, desk, (lang, &title), false);
        }
        (&Method::GET, "help/publishing") => return help_page(lang),
        _ => {}
    }
    let Some(call) = rest.strip_prefix("api/") else {
        return error(lang, 404, "desk_missing");
    };
    let Some(body) = body else {
        return error(lang, 413, "desk_too_large");
    };
    let query: Vec<(String, String)> =
        form_urlencoded::parse(req.uri.query().unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    let call = api::Call {
        name: call,
        post: req.method == Method::POST,
        query: &query,
        body,
    };
    let (status, value) = api::run(desk, dev, &call);
    json_response(status, &value)
}

/// Refuses a request before its body is read, so that nobody without the
/// password, the token or the desk's origin can make the server read one:
/// a write from elsewhere, anything but the login before the password, an
/// API call without the token.
pub fn refusal(desk: &Desk, lang: Lang, req: &Request) -> Option<Response> {
    let rest = req.uri.path().strip_prefix(PATH).unwrap_or("");
    if req.method == Method::POST && !same_origin(req) {
        return Some(error(lang, 403, "desk_origin"));
    }
    if !desk.logged_in(&req.headers) {
        let open = matches!(
            (&req.method, rest),
            (&Method::POST, "login") | (&Method::GET, "" | "desk.css")
        );
        return (!open).then(|| error(lang, 401, "desk_login"));
    }
    let token = req
        .headers
        .get("x-branchpress-token")
        .and_then(|v| v.to_str().ok());
    let api = rest.starts_with("api/");
    (api && !token.is_some_and(|t| same(t, &desk.token))).then(|| error(lang, 403, "desk_token"))
}

/// A JSON reply.
fn json_response(status: u16, value: &Value) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        value.to_string(),
    )
        .into_response()
}

/// A refusal: `{"error": message}`.
fn error(lang: Lang, status: u16, what: &str) -> Response {
    json_response(status, &json!({ "error": message(lang, what) }))
}

/// The desk's own messages.
fn message(lang: Lang, what: &str) -> &'static str {
    let (zh, en) = match what {
        "desk_origin" => (
            "拒绝：写入请求必须来自本机写作台页面",
            "refused: writes must come from this server's own desk page",
        ),
        "desk_token" => (
            "拒绝：请求没有写作台的凭据，请重新打开写作台页面",
            "refused: the request lacks the desk's token; reopen the desk page",
        ),
        "desk_login" => (
            "请先输入终端上显示的写作台密码",
            "enter the desk password shown in the terminal first",
        ),
        "desk_password" => ("密码不对", "wrong password"),
        "desk_locked" => (
            "这台设备输错密码的次数太多，写作台已不再接受它登录；请在电脑上重启 branchpress serve",
            "too many wrong passwords from this device: the desk no longer lets it in; restart branchpress serve",
        ),
        "desk_random" => (
            "系统没有提供随机数，无法建立登录；请重启电脑后再试",
            "the system gave no random numbers for a session; restart the computer and try again",
        ),
        "desk_too_large" => (
            "文件太大：每张照片最多 30 MB",
            "too large: each photo may be at most 30 MB",
        ),
        _ => ("找不到这个写作台地址", "no such desk address"),
    };
    match lang {
        Lang::ZhCn => zh,
        Lang::En => en,
    }
}

/// Whether a write comes from the desk's own page: its `Origin` is this
/// server as the browser named it, and the browser, when it says so,
/// calls it same-origin.
fn same_origin(req: &Request) -> bool {
    let origin = req
        .headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok());
    let site = req
        .headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok());
    origin == Some(req.origin.as_str()) && site.is_none_or(|s| s == "same-origin")
}

/// The desk page, its script and style (or, before the password, the login form).
fn asset(name: &str, desk: &Desk, (lang, title): (Lang, &str), login: bool) -> Response {
    let (body, ty) = match name {
        "desk.js" => (JS.to_string(), "text/javascript; charset=utf-8"),
        "desk.css" => (CSS.to_string(), "text/css; charset=utf-8"),
        _ if login => (login_page(lang), "text/html; charset=utf-8"),
        _ => (
            HTML.replace("{{lang}}", lang.tag())
                .replace("{{token}}", &desk.token)
                .replace("{{title}}", &crate::html::escape(title)),
            "text/html; charset=utf-8",
        ),
    };
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, ty),
            (header::CACHE_CONTROL, "no-store"),
            (header::X_FRAME_OPTIONS, "DENY"),
            // Only the desk's own script runs; the preview's frame is
            // sandboxed besides.
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            ),
        ],
        body,
    )
        .into_response()
}

fn login_page(lang: Lang) -> String {
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
    format!(
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
    )
}

/// Checks the password of the login form; a session cookie when it is right.
fn login(desk: &Desk, lang: Lang, peer: Option<std::net::IpAddr>, body: &[u8]) -> Response {
    let mut failures = desk.failures.lock().unwrap_or_else(|e| e.into_inner());
    let mine = failures.get(&peer).copied().unwrap_or(0);
    if mine >= MAX_FAILURES || desk.all_failures.load(Ordering::Relaxed) >= MAX_ALL_FAILURES {
        return error(lang, 429, "desk_locked");
    }
    let given = form_urlencoded::parse(body)
        .find(|(k, _)| k == "password")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let right = desk
        .password
        .as_deref()
        .is_some_and(|p| same(p, given.trim()));
    if !right {
        failures.insert(peer, mine + 1);
        desk.all_failures.fetch_add(1, Ordering::Relaxed);
        drop(failures);
        // Slows guessing down.
        std::thread::sleep(std::time::Duration::from_millis(500));
        return error(lang, 403, "desk_password");
    }
    drop(failures);
    let Ok(session) = random_hex(16) else {
        return error(lang, 500, "desk_random");
    };
    desk.sessions
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(session.clone());
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, PATH.to_string()),
            (
                header::SET_COOKIE,
                format!("bp_desk={session}; Path={PATH}; HttpOnly; SameSite=Strict"),
            ),
        ],
    )
        .into_response()
}

/// The section on publishing of docs/publishing.md, for a portal that has not set it up.
fn help_page(lang: Lang) -> Response {
    const README: &str = include_str!("../../docs/publishing.md");
    let section = README
        .split_once("\n## Publishing\n")
        .map(|(_, rest)| rest.split("\n## ").next().unwrap_or(rest))
        .unwrap_or("");
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(section));
    let title = match lang {
        Lang::ZhCn => "发布（README：Publishing）",
        Lang::En => "Publishing (from the README)",
    };
    let page = format!(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title><link rel=\"stylesheet\" href=\"{PATH}desk.css\"><main class=\"bp-help\"><h1>{title}</h1>{html}</main></html>"
    );
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}

/// A cookie's value.
fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Compares secrets in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Bytes from the system's random source; without it no secret can be made.
fn random_bytes(n: usize) -> Result<Vec<u8>, getrandom::Error> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes)?;
    Ok(bytes)
}

fn random_hex(n: usize) -> Result<String, getrandom::Error> {
    Ok(random_bytes(n)?
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// A password easy to type from a terminal: no 0/o, 1/l.
fn random_code(n: usize) -> Result<String, getrandom::Error> {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    Ok(random_bytes(n)?
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect())
}

/// The body of an HTTP request, unless it is over `limit`.
pub async fn read_body(body: HttpBody, headers: &HeaderMap, limit: usize) -> Option<Vec<u8>> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return None;
    }
    axum::body::to_bytes(body, limit)
        .await
        .ok()
        .map(|b| b.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_whole() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "abcd"));
        assert_eq!(random_hex(16).unwrap().len(), 32);
        assert_ne!(random_hex(16).unwrap(), random_hex(16).unwrap());
        assert!(
            random_code(10)
                .unwrap()
                .chars()
                .all(|c| c.is_ascii_alphanumeric())
        );
    }
}

//! The desk's router, which `serve` mounts on the desk's own listener:
//! every request is checked (host, origin, password, token, size) before
//! its body is read, then answered off the event loop by a file, the
//! login, or an API call.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};

use super::api::Api;
use super::asset;
use super::call::{self, Call, MAX_JSON, MAX_PHOTO, PATH, Refusal};
use super::secret::Secrets;
use super::served::{self, Shared};

/// The desk of one run of `serve`: its secrets, its calls' shared state,
/// and the site it writes to.
pub struct Desk {
    secrets: Secrets,
    api: Api,
    site: Arc<Shared>,
}

impl Desk {
    /// The desk of this server over `site`; `password` when other machines
    /// may reach it. Fails only when the system gives no random numbers
    /// for its secrets.
    pub fn new(password: bool, site: Arc<Shared>) -> Result<Desk, getrandom::Error> {
        Ok(Desk {
            secrets: Secrets::new(password)?,
            api: Api::default(),
            site,
        })
    }

    /// The password to print on the terminal, if one is asked for.
    pub fn password(&self) -> Option<&str> {
        self.secrets.password()
    }
}

#[derive(Clone)]
struct App {
    desk: Arc<Desk>,
    /// The desk listener's port: requests naming another are refused.
    port: u16,
}

/// The desk's routes under [`PATH`], for the listener on `port`; the
/// caller adds what answers other paths.
pub fn router(desk: Arc<Desk>, port: u16) -> Router {
    Router::new()
        .route(PATH.trim_end_matches('/'), get(redirect))
        .route(PATH, any(handle))
        .route(&format!("{PATH}{{*rest}}"), any(handle))
        .with_state(App { desk, port })
}

async fn redirect() -> Response {
    (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, PATH)]).into_response()
}

/// What the desk knows of one request.
struct Request {
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    /// `http://host:port` as the browser named this server.
    origin: String,
    /// The machine asking.
    peer: Option<IpAddr>,
}

impl Request {
    /// The path under [`PATH`].
    fn rest(&self) -> &str {
        self.uri.path().strip_prefix(PATH).unwrap_or("")
    }
}

/// A request to the writing desk: checked, read (within its limit), then
/// answered off the event loop, as it may render, write files or run git.
async fn handle(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    method: Method,
    headers: HeaderMap,
    uri: Uri,
    body: Body,
) -> Response {
    if !crate::http::names_this_server(&headers, app.port) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let request = Request {
        origin: format!("http://{}", crate::http::host(&headers)),
        peer: Some(peer.ip()),
        method,
        uri,
        headers,
    };
    let desk = app.desk;
    let lang = served::read(&desk.site).lang();
    if let Some(refused) = refusal(&desk.secrets, &request) {
        return refused.reply(lang);
    }
    let limit = body_limit(request.rest());
    let bytes = read_body(body, &request.headers, limit).await;
    let answer =
        tokio::task::spawn_blocking(move || respond(&desk, &request, bytes.as_deref())).await;
    answer.unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// Refuses a request before its body is read, so that nobody without the
/// password, the token or the desk's origin can make the server read one:
/// a write from elsewhere, anything but the login before the password, an
/// API call without the token.
fn refusal(secrets: &Secrets, req: &Request) -> Option<Refusal> {
    let rest = req.rest();
    if req.method == Method::POST && !same_origin(req) {
        return Some(Refusal::Origin);
    }
    if !secrets.logged_in(&req.headers) {
        let open = match req.method {
            Method::POST => rest == "login",
            Method::GET => asset::open_before_login(rest),
            _ => false,
        };
        return (!open).then_some(Refusal::Login);
    }
    let api = rest.starts_with("api/");
    (api && !secrets.has_token(&req.headers)).then_some(Refusal::Token)
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

/// The most bytes a desk request's body may have, judged before it is read.
fn body_limit(rest: &str) -> usize {
    match rest {
        "api/upload" => MAX_PHOTO,
        "login" => 4096,
        _ => MAX_JSON,
    }
}

/// The body of an HTTP request, unless it is over `limit`.
async fn read_body(body: Body, headers: &HeaderMap, limit: usize) -> Option<Vec<u8>> {
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

/// Answers a request that passed [`refusal`]. `body` is None when it was
/// over the limit.
fn respond(desk: &Desk, req: &Request, body: Option<&[u8]>) -> Response {
    let (lang, title) = {
        let site = served::read(&desk.site);
        let title = site.site().map(|s| s.config.title.clone());
        (site.lang(), title.unwrap_or_else(|| "branchpress".into()))
    };
    let rest = req.rest();
    let get = req.method == Method::GET;
    if !desk.secrets.logged_in(&req.headers) {
        return match (get, asset::find(rest)) {
            (false, _) => desk.secrets.login(lang, req.peer, body.unwrap_or_default()),
            (true, Some(file)) => asset::serve_file(file),
            (true, None) => asset::login_page(lang),
        };
    }
    match (get, rest) {
        (true, "") => return asset::desk_page(lang, &desk.secrets.token, &title),
        (true, "help/publishing") => return asset::help_page(lang),
        (true, _) => {
            if let Some(file) = asset::find(rest) {
                return asset::serve_file(file);
            }
        }
        _ => {}
    }
    let Some(name) = rest.strip_prefix("api/") else {
        return Refusal::Missing.reply(lang);
    };
    let Some(body) = body else {
        return Refusal::TooLarge.reply(lang);
    };
    if get && name == "publish-photo" {
        return publish_photo(desk, req, lang);
    }
    api_call(desk, req, name, body)
}

/// A thumbnail of a photo the publish dialog lists (bytes, not JSON).
fn publish_photo(desk: &Desk, req: &Request, lang: crate::error::Lang) -> Response {
    let query = queries(req);
    let call = Call {
        name: "publish-photo",
        post: false,
        query: &query,
        body: &[],
    };
    let root = served::read(&desk.site).root().to_path_buf();
    match super::git::thumbnail(&root, &call) {
        Ok((content_type, bytes)) => (
            [
                (header::CONTENT_TYPE, content_type),
                (header::CACHE_CONTROL, "no-store"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            bytes,
        )
            .into_response(),
        Err((status, v)) => call::reply(status, &call::localise(lang, v)),
    }
}

fn queries(req: &Request) -> Vec<(String, String)> {
    form_urlencoded::parse(req.uri.query().unwrap_or("").as_bytes())
        .into_owned()
        .collect()
}

/// Runs an API call and answers with its JSON.
fn api_call(desk: &Desk, req: &Request, name: &str, body: &[u8]) -> Response {
    let query = queries(req);
    let call = Call {
        name,
        post: req.method == Method::POST,
        query: &query,
        body,
    };
    let (status, value) = desk.api.run(&desk.site, &call);
    call::reply(status, &value)
}

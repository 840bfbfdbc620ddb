//! The preview's HTTP routes: pages and files from the in-memory site, the
//! reload events (server-sent events) the pages listen to, and, on the
//! desk's listener, the files its preview shows. The desk's own routes are
//! the desk's ([`crate::desk::router`]).

use std::convert::Infallible;
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::Body as HttpBody;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};
use futures_util::Stream;
use tokio::sync::broadcast;

use super::inject::EVENTS_PATH;
use super::respond::{Body, content_type};
use super::state::{Dev, read, write};
use super::wechat::WECHAT_PATH;
use crate::desk;
use crate::http::{host, names_this_server};

/// What every route of one listener shares.
#[derive(Clone)]
pub(super) struct App {
    /// The desk is on (its address is then on its own listener).
    pub(super) desk: bool,
    /// The port served: requests for other ports or for host names other
    /// than `localhost` are refused.
    pub(super) port: u16,
    /// The other listener's port: the desk's, from the preview, and the
    /// preview's, from the desk (0 when the desk is off).
    pub(super) other_port: u16,
    pub(super) dev: Arc<RwLock<Dev>>,
    pub(super) reload: broadcast::Sender<u64>,
}

/// The preview's routes: pages, reload events, and the desk's address
/// sent on to the desk's listener.
pub(super) fn preview_router(app: App) -> Router {
    let path = desk::PATH;
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(WECHAT_PATH, get(wechat))
        .route(path.trim_end_matches('/'), get(to_other))
        .route(path, get(to_other))
        .route(&format!("{path}{{*rest}}"), get(to_other))
        .fallback(get(page))
        .with_state(app)
}

/// What the desk's listener answers outside the desk's own address.
pub(super) fn desk_fallback(app: App) -> MethodRouter {
    get(desk_file).with_state(app)
}

async fn page(State(app): State<App>, headers: HeaderMap, uri: Uri) -> Response {
    if !names_this_server(&headers, app.port) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let path = crate::model::percent_decode(uri.path());
    let reply = { read(&app.dev).respond(&path) };
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::OK);
    let body = match reply.body {
        Body::Bytes(b) => HttpBody::from(b),
        Body::Static(b) => HttpBody::from(b),
        Body::Disk(p) => match std::fs::read(&p) {
            Ok(b) => HttpBody::from(b),
            Err(_) => return StatusCode::NOT_FOUND.into_response(),
        },
        Body::Redirect(to) => {
            return (status, [(header::LOCATION, to)]).into_response();
        }
    };
    (
        status,
        [
            (header::CONTENT_TYPE, reply.content_type),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

async fn events(
    State(app): State<App>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, StatusCode> {
    if !names_this_server(&headers, app.port) {
        return Err(StatusCode::FORBIDDEN);
    }
    let rx = app.reload.subscribe();
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(v) => return Some((Ok(Event::default().data(format!("reload {v}"))), rx)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

/// A story's fragment for the official account's editor (`?path=` its
/// source file), as JSON.
async fn wechat(State(app): State<App>, headers: HeaderMap, uri: Uri) -> Response {
    if !names_this_server(&headers, app.port) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let query = uri.query().unwrap_or("");
    let source = form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "path")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let dev = app.dev.clone();
    let answer = tokio::task::spawn_blocking(move || write(&dev).wechat(&source)).await;
    let Ok((status, value)) = answer else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
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

/// The same path (and query) on the other listener, under the host name
/// the browser used: the desk's address on the preview, and the preview's
/// pages on the desk. Browsers keep the `#…` part across the redirect.
fn other_origin(app: &App, headers: &HeaderMap, uri: &Uri) -> Response {
    let host = host(headers);
    let name = host.rsplit_once(':').map_or(host, |(name, _)| name);
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let to = format!("http://{name}:{}{path}", app.other_port);
    (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, to)]).into_response()
}

/// On the preview: the desk is on its own listener.
async fn to_other(State(app): State<App>, headers: HeaderMap, uri: Uri) -> Response {
    if !names_this_server(&headers, app.port) {
        return StatusCode::FORBIDDEN.into_response();
    }
    if !app.desk {
        return page(State(app), headers, uri).await;
    }
    other_origin(&app, &headers, &uri)
}

/// On the desk's listener, the files its preview shows (styles, photos,
/// fonts); pages and scripts are the preview's, and go there.
async fn desk_file(State(app): State<App>, headers: HeaderMap, uri: Uri) -> Response {
    if !names_this_server(&headers, app.port) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let path = crate::model::percent_decode(uri.path());
    let last = path.rsplit('/').next().unwrap_or("");
    let ty = content_type(last);
    let page_like = !last.contains('.')
        || ["text/html", "text/javascript", "application/json"]
            .iter()
            .any(|t| ty.starts_with(t));
    if page_like {
        return other_origin(&app, &headers, &uri);
    }
    let mut response = page(State(app), headers, uri).await;
    // An SVG opened by itself could run a script in the desk's origin.
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static("sandbox"),
    );
    response
}

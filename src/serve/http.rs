//! The HTTP side of `serve`: pages and files from the in-memory site, and
//! the reload events (server-sent events) the pages listen to.

use std::convert::Infallible;
use std::io::Write as _;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, UdpSocket};
use std::sync::{Arc, RwLock};

use anyhow::{Context as _, Result};
use axum::Router;
use axum::body::Body as HttpBody;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use futures_util::Stream;
use tokio::sync::broadcast;

use super::{Body, Dev, EVENTS_PATH, millis};
use crate::error::Lang;
use crate::pipeline::Options;

#[derive(Clone)]
struct App {
    /// The writing desk, when it is on.
    desk: Option<Arc<super::desk::Desk>>,
    /// The port served: requests for other ports or for host names other
    /// than `localhost` are refused.
    port: u16,
    /// The other listener's port: the desk's, from the preview, and the
    /// preview's, from the desk (0 when the desk is off).
    other_port: u16,
    dev: Arc<RwLock<Dev>>,
    reload: broadcast::Sender<u64>,
}

/// Where and how `serve` listens.
#[derive(Clone, Copy, Debug)]
pub struct Listen {
    /// Address to listen on (127.0.0.1 unless told otherwise).
    pub bind: IpAddr,
    /// Port (0: any free port).
    pub port: u16,
    /// When `port` is taken (another preview is running), take any free one
    /// instead of failing: the double-click start, which names no port.
    pub any_port_if_taken: bool,
    /// The writing desk on a network address (on loopback it is always on).
    pub desk: bool,
    /// Open the default browser on the preview once it answers.
    pub open: bool,
}

/// Builds the site, serves it on `bind`:`port` and rebuilds on every
/// change until interrupted. Drafts are included when `options.drafts` is
/// set; the base URL becomes the address other devices can open.
pub fn serve(mut options: Options, listen: Listen) -> Result<()> {
    let Listen {
        bind, port, desk, ..
    } = listen;
    let lang = options.lang.unwrap_or_default();
    let bound = TcpListener::bind(SocketAddr::from((bind, port)));
    let bound = match bound {
        Err(_) if listen.any_port_if_taken => TcpListener::bind(SocketAddr::from((bind, 0))),
        other => other,
    };
    let listener = bound.with_context(|| match lang {
        Lang::ZhCn => format!(
            "无法在 {bind} 的端口 {port} 上提供预览（端口可能已被占用，或本机没有这个地址），请用 --port 或 --bind 换一个"
        ),
        Lang::En => format!(
            "cannot listen on {bind} port {port} (port in use, or not an address of this machine); try another --port or --bind"
        ),
    })?;
    let addr = listener.local_addr()?;
    let port = addr.port();
    // Where this machine opens it, and where other devices do (a LAN bind).
    let local = match addr.ip() {
        ip if ip.is_unspecified() => SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
        _ => addr,
    };
    let url = format!("http://{local}/");
    let shared = if addr.ip().is_loopback() {
        None
    } else if addr.ip().is_unspecified() {
        lan_address().map(|ip| format!("http://{}/", SocketAddr::from((ip, port))))
    } else {
        Some(url.clone())
    };
    options.base_url = Some(shared.clone().unwrap_or_else(|| url.clone()));
    let watch = super::watch::Watch::new(&options.root)?;
    let start = std::time::Instant::now();
    let mut dev = Dev::new(options);
    // On loopback the desk is on; open to the network, only when asked
    // for, and then behind a password.
    let desk = match desk || addr.ip().is_loopback() {
        true => Some(Arc::new(
            super::desk::Desk::new(!addr.ip().is_loopback()).map_err(|e| match lang {
                Lang::ZhCn => anyhow::anyhow!("系统没有提供随机数，无法生成写作台的密钥：{e}"),
                Lang::En => {
                    anyhow::anyhow!("the system gave no random numbers for the desk's secrets: {e}")
                }
            })?,
        )),
        false => None,
    };
    let desk_listener = match &desk {
        Some(_) => Some(desk_listener(bind, port)?),
        None => None,
    };
    if desk.is_some() {
        dev.enable_desk();
    }
    let dev = Arc::new(RwLock::new(dev));
    let (reload, _) = broadcast::channel(16);
    {
        let (dev, reload) = (dev.clone(), reload.clone());
        std::thread::Builder::new()
            .name("watch".into())
            .spawn(move || watch.run(dev, reload))?;
    }
    report_start(
        &app_dev(&dev),
        &url,
        shared.as_deref(),
        millis(start.elapsed()),
    );
    let desk_url = desk_listener
        .as_ref()
        .and_then(|l| l.local_addr().ok())
        .map(|a| {
            let mut at = local;
            at.set_port(a.port());
            format!("http://{at}{}", super::desk::PATH)
        });
    report_desk(app_dev(&dev).lang(), desk_url.as_deref(), desk.as_deref());
    if listen.open {
        // The listener is bound: the browser's request waits for the
        // server below rather than failing.
        open_browser(&url, app_dev(&dev).lang());
    }
    if !addr.ip().is_loopback() {
        warn_shared(lang, shared.as_deref());
    }
    let desk_path = super::desk::PATH;
    let preview = App {
        desk,
        port,
        other_port: desk_listener
            .as_ref()
            .map_or(0, |l| l.local_addr().map_or(0, |a| a.port())),
        dev,
        reload,
    };
    let desk_app = App {
        port: preview.other_port,
        other_port: port,
        ..preview.clone()
    };
    let app = Router::new()
        .route(EVENTS_PATH, get(events))
        .route(desk_path.trim_end_matches('/'), get(to_other))
        .route(desk_path, get(to_other))
        .route(&format!("{desk_path}{{*rest}}"), get(to_other))
        .fallback(get(page))
        .with_state(preview);
    let desk_router = Router::new()
        .route(desk_path.trim_end_matches('/'), get(desk_redirect))
        .route(desk_path, any(desk_route))
        .route(&format!("{desk_path}{{*rest}}"), any(desk_route))
        .fallback(get(desk_file))
        .with_state(desk_app);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let serve = |listener: TcpListener, router: Router| async move {
            listener.set_nonblocking(true)?;
            let listener = tokio::net::TcpListener::from_std(listener)?;
            let service = router.into_make_service_with_connect_info::<SocketAddr>();
            axum::serve(listener, service)
                .await
                .map_err(anyhow::Error::from)
        };
        match desk_listener {
            Some(desk) => {
                tokio::try_join!(serve(listener, app), serve(desk, desk_router)).map(|_| ())
            }
            None => serve(listener, app).await,
        }
    })?;
    Ok(())
}

/// The desk's own listener, beside the preview's: a page of the previewed
/// site (its scripts included: a theme's, an analytics snippet, a story's
/// raw HTML) is of another origin than the desk, so it can neither read
/// the desk's token nor write through it. The port after the preview's
/// when it is free, else any.
fn desk_listener(bind: IpAddr, preview: u16) -> Result<TcpListener> {
    let next = if preview == 0 {
        0
    } else {
        preview.saturating_add(1)
    };
    TcpListener::bind(SocketAddr::from((bind, next)))
        .or_else(|_| TcpListener::bind(SocketAddr::from((bind, 0))))
        .context("cannot listen for the writing desk")
}

pub(super) fn app_dev(dev: &RwLock<Dev>) -> std::sync::RwLockReadGuard<'_, Dev> {
    dev.read().unwrap_or_else(|e| e.into_inner())
}

/// Opens the default browser on `url` (`BRANCHPRESS_BROWSER` names a
/// program to run with the URL instead: the tests' stand-in, or a browser
/// of one's own). The system's opener differs per platform — `open` on
/// macOS, the URL handler on Windows, xdg-open and `$BROWSER` on Linux —
/// which the webbrowser crate knows. Failing to open is no error: the
/// address is printed.
fn open_browser(url: &str, lang: Lang) {
    let opened = match std::env::var_os("BRANCHPRESS_BROWSER") {
        Some(program) => std::process::Command::new(program)
            .arg(url)
            .spawn()
            .map(|mut child| {
                std::thread::spawn(move || child.wait());
            }),
        None => webbrowser::open(url),
    };
    if let Err(e) = opened {
        let _ = match lang {
            Lang::ZhCn => writeln!(std::io::stderr(), "无法打开浏览器（{e}），请手动打开 {url}"),
            Lang::En => writeln!(
                std::io::stderr(),
                "cannot open a browser ({e}); open {url} yourself"
            ),
        };
    }
}

/// The address and the first build's result, then how to stop.
fn report_start(dev: &Dev, url: &str, shared: Option<&str>, ms: f64) {
    let lang = dev.lang();
    let mut err = std::io::stderr().lock();
    for d in dev.errors().iter().chain(dev.warnings()) {
        let _ = writeln!(err, "{}", d.render(lang));
    }
    let (stories, branches) = dev.counts();
    let _ = match (lang, dev.errors().is_empty()) {
        (Lang::ZhCn, true) => writeln!(
            err,
            "已生成：{branches} 个支部，{stories} 篇稿件（{ms:.0} 毫秒）"
        ),
        (Lang::En, true) => writeln!(
            err,
            "built: {branches} branches, {stories} stories ({ms:.0} ms)"
        ),
        (Lang::ZhCn, false) => writeln!(err, "有错误：请改正上面的错误，浏览器中也会显示。"),
        (Lang::En, false) => writeln!(err, "errors: fix them above (the browser shows them too)"),
    };
    drop(err);
    // stdout carries only the address, so scripts and tests can read it.
    let mut out = std::io::stdout().lock();
    let _ = match lang {
        Lang::ZhCn => writeln!(
            out,
            "预览地址：{url}  （保存文件后页面自动刷新；按 Ctrl+C 退出）"
        ),
        Lang::En => writeln!(
            out,
            "serving at {url}  (pages reload when you save; Ctrl+C to stop)"
        ),
    };
    if let Some(shared) = shared.filter(|s| *s != url) {
        let _ = match lang {
            Lang::ZhCn => writeln!(out, "其他设备：{shared}"),
            Lang::En => writeln!(out, "other devices: {shared}"),
        };
    }
    let _ = out.flush();
}

/// Where the writing desk is, and its password when it asks for one.
fn report_desk(lang: Lang, at: Option<&str>, desk: Option<&super::desk::Desk>) {
    let (Some(desk), Some(at)) = (desk, at) else {
        return;
    };
    let mut out = std::io::stdout().lock();
    let _ = match lang {
        Lang::ZhCn => writeln!(out, "写作台：{at}"),
        Lang::En => writeln!(out, "writing desk: {at}"),
    };
    if let Some(password) = desk.password() {
        let _ = match lang {
            Lang::ZhCn => writeln!(out, "写作台密码：{password}  （只告诉需要写稿的人）"),
            Lang::En => writeln!(
                out,
                "desk password: {password}  (tell it only to those who write)"
            ),
        };
    }
    let _ = out.flush();
}

/// The warning for a preview other devices can open.
fn warn_shared(lang: Lang, shared: Option<&str>) {
    let _ = match (lang, shared) {
        (Lang::ZhCn, Some(_)) => writeln!(
            std::io::stderr(),
            "注意：同一网络中的其他设备（如手机）也能打开此预览，包括草稿。预览完请按 Ctrl+C 退出。"
        ),
        (Lang::En, Some(_)) => writeln!(
            std::io::stderr(),
            "note: other devices on this network (phones, too) can open this preview, drafts included. Press Ctrl+C when done."
        ),
        (Lang::ZhCn, None) => writeln!(
            std::io::stderr(),
            "注意：同一网络中的其他设备也能打开此预览（包括草稿），请用本机的局域网地址加端口访问。"
        ),
        (Lang::En, None) => writeln!(
            std::io::stderr(),
            "note: other devices on this network can open this preview (drafts included) at this machine's LAN address and port."
        ),
    };
}

/// This machine's address on its local network: the source address the
/// system would use to reach a private address (no packet is sent).
fn lan_address() -> Option<IpAddr> {
    let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).ok()?;
    socket.connect((Ipv4Addr::new(192, 168, 0, 1), 9)).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified() && !ip.is_loopback()).then_some(ip)
}

/// Whether the request names this server: `localhost` or an IP address,
/// with its port. A page elsewhere cannot read the preview (drafts
/// included) through DNS rebinding, which needs a host name.
fn trusted(app: &App, headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let Some((name, port)) = host.rsplit_once(':') else {
        return false;
    };
    let name = name.trim_start_matches('[').trim_end_matches(']');
    port.parse() == Ok(app.port)
        && (name.eq_ignore_ascii_case("localhost") || name.parse::<IpAddr>().is_ok())
}

async fn page(State(app): State<App>, headers: HeaderMap, uri: Uri) -> Response {
    if !trusted(&app, &headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let path = crate::model::percent_decode(uri.path());
    let reply = { app_dev(&app.dev).respond(&path) };
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
    if !trusted(&app, &headers) {
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

/// The same path (and query) on the other listener, under the host name
/// the browser used: the desk's address on the preview, and the preview's
/// pages on the desk. Browsers keep the `#…` part across the redirect.
fn other_origin(app: &App, headers: &HeaderMap, uri: &Uri) -> Response {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    let name = host.rsplit_once(':').map_or(host, |(name, _)| name);
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let to = format!("http://{name}:{}{path}", app.other_port);
    (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, to)]).into_response()
}

/// On the preview: the desk is on its own listener.
async fn to_other(State(app): State<App>, headers: HeaderMap, uri: Uri) -> Response {
    if !trusted(&app, &headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    if app.desk.is_none() {
        return page(State(app), headers, uri).await;
    }
    other_origin(&app, &headers, &uri)
}

/// On the desk's listener, the files its preview shows (styles, photos,
/// fonts); pages and scripts are the preview's, and go there.
async fn desk_file(State(app): State<App>, headers: HeaderMap, uri: Uri) -> Response {
    if !trusted(&app, &headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let path = crate::model::percent_decode(uri.path());
    let last = path.rsplit('/').next().unwrap_or("");
    let ty = super::content_type(last);
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

async fn desk_redirect() -> Response {
    (
        StatusCode::MOVED_PERMANENTLY,
        [(header::LOCATION, super::desk::PATH)],
    )
        .into_response()
}

/// A request to the writing desk: read (within its limit), then answered
/// off the event loop, as it may render, write files or run git.
async fn desk_route(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    method: Method,
    headers: HeaderMap,
    uri: Uri,
    body: HttpBody,
) -> Response {
    if !trusted(&app, &headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let Some(desk) = app.desk.clone() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    let request = super::desk::Request {
        origin: format!("http://{host}"),
        peer: Some(peer.ip()),
        method,
        uri,
        headers,
    };
    let lang = app_dev(&app.dev).lang();
    if let Some(refused) = super::desk::refusal(&desk, lang, &request) {
        return refused;
    }
    let limit = super::desk::body_limit(&request.uri);
    let bytes = super::desk::read_body(body, &request.headers, limit).await;
    let dev = app.dev.clone();
    let answer = tokio::task::spawn_blocking(move || {
        super::desk::respond(&desk, &dev, &request, bytes.as_deref())
    })
    .await;
    answer.unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

//! [`serve`] itself: the preview's listener and, beside it, the desk's;
//! the first build, the watcher's thread, the terminal's report, and the
//! runtime that answers both listeners until interrupted.

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, UdpSocket};
use std::sync::{Arc, RwLock};

use anyhow::{Context as _, Result};
use axum::Router;
use tokio::sync::broadcast;

use super::report;
use super::route::{self, App};
use super::state::{Dev, millis, read};
use super::watch::Watch;
use crate::desk::{self, Desk};
use crate::error::Lang;
use crate::pipeline::Options;

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

/// The preview's addresses: where this machine opens it, and where other
/// devices do (a LAN bind).
struct Addresses {
    /// The bound address.
    addr: SocketAddr,
    /// As this machine opens it (`0.0.0.0` becomes `127.0.0.1`).
    local: SocketAddr,
    /// `http://local/`.
    url: String,
    /// The address other devices open, when they can.
    shared: Option<String>,
}

impl Addresses {
    fn of(addr: SocketAddr) -> Addresses {
        let port = addr.port();
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
        Addresses {
            addr,
            local,
            url,
            shared,
        }
    }
}

/// Builds the site, serves it on `bind`:`port` and rebuilds on every
/// change until interrupted. Drafts are included when `options.drafts` is
/// set; the base URL becomes the address other devices can open.
pub fn serve(mut options: Options, listen: Listen) -> Result<()> {
    let lang = options.lang.unwrap_or_default();
    let listener = bind_preview(&listen, lang)?;
    let at = Addresses::of(listener.local_addr()?);
    let loopback = at.addr.ip().is_loopback();
    options.base_url = Some(at.shared.clone().unwrap_or_else(|| at.url.clone()));
    let watch = Watch::new(&options.root)?;
    let start = std::time::Instant::now();
    let mut dev = Dev::new(options);
    // On loopback the desk is on; open to the network, only when asked
    // for, and then behind a password.
    let desk_on = listen.desk || loopback;
    if desk_on {
        dev.enable_desk();
    }
    let dev = Arc::new(RwLock::new(dev));
    let desk = match desk_on {
        true => Some(start_desk(&dev, &listen, &at, lang)?),
        false => None,
    };
    let (reload, _) = broadcast::channel(16);
    {
        let (dev, reload) = (dev.clone(), reload.clone());
        std::thread::Builder::new()
            .name("watch".into())
            .spawn(move || watch.run(dev, reload))?;
    }
    let elapsed = millis(start.elapsed());
    report::report_start(&read(&dev), &at.url, at.shared.as_deref(), elapsed);
    if let Some(desk) = &desk {
        report::report_desk(read(&dev).lang(), &desk.url, desk.desk.password());
    }
    if listen.open {
        // The listener is bound: the browser's request waits for the
        // server below rather than failing.
        open_browser(&at.url, read(&dev).lang());
    }
    if !loopback {
        report::warn_shared(lang, at.shared.as_deref());
    }
    let preview = App {
        desk: desk.is_some(),
        port: at.addr.port(),
        other_port: desk.as_ref().map_or(0, |d| d.port),
        dev,
        reload,
    };
    let desk = desk.map(|d| {
        let app = App {
            port: d.port,
            other_port: preview.port,
            ..preview.clone()
        };
        let router = desk::router(d.desk, d.port).fallback_service(route::desk_fallback(app));
        (d.listener, router)
    });
    run(listener, route::preview_router(preview), desk)
}

/// The preview's listener.
fn bind_preview(listen: &Listen, lang: Lang) -> Result<TcpListener> {
    let Listen { bind, port, .. } = *listen;
    let bound = TcpListener::bind(SocketAddr::from((bind, port)));
    let bound = match bound {
        Err(_) if listen.any_port_if_taken => TcpListener::bind(SocketAddr::from((bind, 0))),
        other => other,
    };
    bound.with_context(|| report::cannot_listen(lang, bind, port))
}

/// The desk, on a listener of its own.
struct DeskListener {
    desk: Arc<Desk>,
    listener: TcpListener,
    port: u16,
    /// Its address, for the terminal.
    url: String,
}

/// The desk over `dev`, and its listener.
fn start_desk(
    dev: &Arc<RwLock<Dev>>,
    listen: &Listen,
    at: &Addresses,
    lang: Lang,
) -> Result<DeskListener> {
    let site: Arc<desk::Shared> = dev.clone();
    let desk = Desk::new(!at.addr.ip().is_loopback(), site)
        .map_err(|e| anyhow::anyhow!(report::no_random(lang, e)))?;
    let listener = desk_listener(listen.bind, at.addr.port())?;
    let port = listener.local_addr()?.port();
    let mut desk_at = at.local;
    desk_at.set_port(port);
    Ok(DeskListener {
        desk: Arc::new(desk),
        listener,
        port,
        url: format!("http://{desk_at}{}", desk::PATH),
    })
}

/// Answers the preview's listener, and the desk's when it is on, until
/// interrupted.
fn run(listener: TcpListener, app: Router, desk: Option<(TcpListener, Router)>) -> Result<()> {
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
        match desk {
            Some((desk, router)) => {
                tokio::try_join!(serve(listener, app), serve(desk, router)).map(|_| ())
            }
            None => serve(listener, app).await,
        }
    })
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
        report::cannot_open_browser(lang, e, url);
    }
}

/// This machine's address on its local network: the source address the
/// system would use to reach a private address (no packet is sent).
fn lan_address() -> Option<IpAddr> {
    let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).ok()?;
    socket.connect((Ipv4Addr::new(192, 168, 0, 1), 9)).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified() && !ip.is_loopback()).then_some(ip)
}

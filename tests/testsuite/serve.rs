//! `branchpress serve` end to end: the real binary on a free port, real
//! file edits, pages fetched over HTTP and reload events read from the
//! event stream the pages listen to.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{copy_fixture, write};

/// A running `serve`, killed when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(root: &Path) -> Server {
        Server::start_with(root, &[])
    }

    fn start_with(root: &Path, extra: &[&str]) -> Server {
        let mut child = crate::common::spawn_serve(root, extra);
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read address");
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        Server { child, addr }
    }

    /// GET `path` as sent (no normalisation): (status, body).
    fn get(&self, path: &str) -> (u16, String) {
        let (status, body) = self.get_bytes(path);
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    /// The status and body bytes of a GET.
    fn get_bytes(&self, path: &str) -> (u16, Vec<u8>) {
        let head = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.addr
        );
        let (status, _, body) = crate::common::http(&self.addr, &head, b"");
        (status, body)
    }

    /// Subscribes to reload events.
    fn events(&self) -> Events {
        let mut s = TcpStream::connect(&self.addr).expect("connect");
        write!(
            s,
            "GET /__branchpress/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.addr
        )
        .expect("send");
        s.set_read_timeout(Some(Duration::from_millis(200)))
            .expect("timeout");
        let mut events = Events {
            stream: s,
            seen: String::new(),
        };
        // The response head arrives at once: the subscription is live.
        assert!(events.wait_for("text/event-stream", Duration::from_secs(10)));
        events
    }
}

struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    /// Waits until `needle` appears in the stream; consumes what was read.
    fn wait_for(&mut self, needle: &str, limit: Duration) -> bool {
        let start = Instant::now();
        let mut buf = [0u8; 4096];
        while start.elapsed() < limit {
            if let Some(i) = self.seen.find(needle) {
                self.seen.drain(..i + needle.len());
                return true;
            }
            match self.stream.read(&mut buf) {
                Ok(0) => return false,
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {}
            }
        }
        false
    }

    fn reload(&mut self) -> bool {
        self.wait_for("data: reload", Duration::from_secs(20))
    }
}

const STORY: &str = "content/branches/general/activities/2023-05-01-party-day.md";
const STORY_URL: &str = "/branches/general/activities/party-day/";

fn story(title: &str, participants: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\ndate: 2023-05-01\ntype: 主题党日\ntags: [主题党日]\nmetrics:\n  participants: {participants}\n---\n{body}\n"
    )
}

#[test]
fn saving_a_story_updates_its_page_and_reloads_the_browser() {
    let tmp = copy_fixture("basic");
    let server = Server::start(tmp.path());
    let (status, page) = server.get(STORY_URL);
    assert_eq!(status, 200);
    assert!(page.contains("党总支开展主题党日活动"), "{page}");
    assert!(
        page.contains("/__branchpress/events"),
        "pages listen for reloads"
    );

    let manifest = |server: &Server| {
        let (status, m) = server.get("/search/data/manifest.json");
        assert_eq!(status, 200, "the search index is served");
        serde_json::from_str::<serde_json::Value>(&m).expect("manifest json")
    };
    let pages = |server: &Server| manifest(server)["records"].as_u64().expect("records");
    // The shard that holds the pair 纠缠, as search-engine.js finds it.
    let shard = |server: &Server| {
        let shards = manifest(server)["shards"].as_u64().expect("shards") as u32;
        let s = branchpress::search::text::han_hash('纠', Some('缠')) & (shards - 1);
        let (status, bytes) = server.get_bytes(&format!("/search/data/t/{s}.bin"));
        assert_eq!(status, 200);
        String::from_utf8_lossy(&crate::common::inflated(&bytes)).into_owned()
    };
    let before = pages(&server);
    assert!(!shard(&server).contains("纠缠"));

    let mut events = server.events();
    write(
        tmp.path(),
        STORY,
        &story(
            "主题党日活动（修订）",
            "77",
            "今天补充了活动照片和心得，讲到量子纠缠。",
        ),
    );
    assert!(events.reload(), "a reload event after the save");
    // A search right after the save finds the new words.
    assert!(
        shard(&server).contains("纠缠"),
        "the index follows the save"
    );
    let (_, page) = server.get(STORY_URL);
    assert!(page.contains("今天补充了活动照片和心得"), "{page}");
    assert!(page.contains("主题党日活动（修订）"));
    // The lists and the statistics follow the front matter.
    let (_, home) = server.get("/");
    assert!(home.contains("主题党日活动（修订）"), "{home}");
    let (_, stats) = server.get("/stats.json");
    let stats: serde_json::Value = serde_json::from_str(&stats).expect("stats.json");
    let general = stats["branches"]
        .as_array()
        .expect("branches")
        .iter()
        .find(|b| b["slug"] == "general")
        .expect("general");
    assert_eq!(general["metrics"]["participants"], 77, "{general}");

    // A new story is a structural change: the site is loaded again.
    write(
        tmp.path(),
        "content/branches/general/activities/2024-09-01-new.md",
        &story("新的活动", "5", "新稿件。"),
    );
    assert!(events.reload());
    let (status, page) = server.get("/branches/general/activities/new/");
    assert_eq!(status, 200);
    assert!(page.contains("新稿件"));
    assert_eq!(pages(&server), before + 1, "the index follows the change");
}

#[test]
fn a_broken_field_shows_over_the_page_until_it_is_fixed() {
    let tmp = copy_fixture("basic");
    let server = Server::start(tmp.path());
    let mut events = server.events();

    write(
        tmp.path(),
        STORY,
        &story("主题党日活动", "很多", "党总支开展主题党日活动。"),
    );
    assert!(events.reload(), "errors are shown at once too");
    for url in [STORY_URL, "/", "/branches/"] {
        let (status, page) = server.get(url);
        assert_eq!(status, 200, "the last good site is still served");
        assert!(page.contains("id=\"bp-errors\""), "{url}: {page}");
        // File, line, field and what is allowed.
        assert!(page.contains(&format!("{STORY}:7")), "{page}");
        assert!(page.contains("metrics.participants"), "{page}");
    }
    let (_, page) = server.get(STORY_URL);
    assert!(
        page.contains("党总支开展主题党日活动"),
        "the last good version"
    );

    write(
        tmp.path(),
        STORY,
        &story("主题党日活动", "12", "改正后的正文。"),
    );
    assert!(events.reload());
    let (_, page) = server.get(STORY_URL);
    assert!(!page.contains("bp-errors"), "{page}");
    assert!(page.contains("改正后的正文"));
}

#[test]
fn a_portal_that_does_not_build_is_still_served_with_its_errors() {
    let tmp = copy_fixture("basic");
    write(tmp.path(), "site.yaml", "title: [unclosed\n");
    let server = Server::start(tmp.path());
    let (status, page) = server.get("/");
    assert_eq!(status, 500);
    assert!(
        page.contains("bp-errors") && page.contains("site.yaml"),
        "{page}"
    );
    let mut events = server.events();
    write(tmp.path(), "site.yaml", "title: 修好了\n");
    assert!(events.reload());
    let (status, page) = server.get("/");
    assert_eq!(status, 200);
    assert!(page.contains("修好了") && !page.contains("bp-errors"));
}

#[test]
fn requests_stay_inside_the_site() {
    let tmp = copy_fixture("basic");
    std::fs::write(tmp.path().join("secret.txt"), "secret").expect("write");
    let server = Server::start(tmp.path());
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/branches/../../secret.txt",
        "/..%5csecret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/%252e%252e/secret.txt",
        "/..%2f..%2fsecret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/branches/%2e%2e/%2e%2e/secret.txt",
        "/.%00./secret.txt",
        "//secret.txt",
        "/site.yaml",
        "/content/about.md",
    ] {
        let (status, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("secret"), "{path}");
    }
    let (status, _) = server.get("/branches");
    assert_eq!(status, 301, "a folder without its slash redirects");
    let (status, css) = server.get("/style.css");
    assert_eq!(status, 200);
    assert!(css.contains('{'));
}

/// Every page and data file a fresh `build` of the same files writes, as served.
/// An index file, inflated, with its build id blanked: in a binary file's
/// header, or as `"build":"…"` in JSON.
fn without_build_id(bytes: &[u8]) -> Vec<u8> {
    let bytes = &crate::common::inflated(bytes)[..];
    if bytes.starts_with(b"BPS1") && bytes.len() >= 12 {
        let mut b = bytes.to_vec();
        b[4..8].fill(0);
        return b;
    }
    let text = String::from_utf8_lossy(bytes);
    match text.find("\"build\":\"") {
        Some(i) => {
            let at = i + "\"build\":\"".len();
            format!("{}{}", &text[..at], &text[at + 8..]).into_bytes()
        }
        None => bytes.to_vec(),
    }
}

fn assert_served_like_a_fresh_build(server: &Server, root: &Path) {
    let out = tempfile::tempdir().expect("tempdir");
    let site = out.path().join("site");
    let url = format!("http://{}/", server.addr);
    let built = crate::common::run(
        root,
        &[
            "build",
            "--drafts",
            "--quiet",
            "--base-url",
            &url,
            "--output",
            site.to_str().expect("utf-8 path"),
        ],
    );
    assert!(built.status.success(), "{}", crate::common::text(&built));
    let script = "<script>new EventSource(\"/__branchpress/events\").onmessage=function(){location.reload()};</script>";
    let mut compared = 0;
    let mut index_files = 0;
    let mut others = 0;
    for entry in walkdir::WalkDir::new(&site) {
        let entry = entry.expect("walk");
        let rel = entry
            .path()
            .strip_prefix(&site)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        let wanted = ["html", "xml", "json", "csv"]
            .iter()
            .any(|e| rel.ends_with(&format!(".{e}")));
        if rel.starts_with("search/data/") && entry.file_type().is_file() {
            // The search index: the same bytes but for the build id.
            let (status, body) = server.get_bytes(&format!("/{rel}"));
            assert_eq!(status, 200, "/{rel}");
            assert_eq!(
                without_build_id(&body),
                without_build_id(&std::fs::read(entry.path()).expect("read")),
                "/{rel} differs from a fresh build"
            );
            index_files += 1;
            continue;
        }
        if rel == "404.html" || !entry.file_type().is_file() {
            continue;
        }
        if !wanted {
            // Static files, assets, the marker: the same list, the same bytes.
            let (status, body) = server.get_bytes(&format!("/{rel}"));
            assert_eq!(status, 200, "/{rel}");
            assert!(
                body == std::fs::read(entry.path()).expect("read"),
                "/{rel} differs from a fresh build"
            );
            others += 1;
            continue;
        }
        let expected = std::fs::read_to_string(entry.path()).expect("read");
        let path = format!("/{}", rel.trim_end_matches("index.html"));
        let (status, body) = server.get(&path);
        assert_eq!(status, 200, "{path}");
        assert_eq!(
            without_desk_buttons(&body.replace(script, "")),
            expected,
            "{path} differs from a fresh build"
        );
        compared += 1;
    }
    assert!(compared > 30, "only {compared} files compared");
    assert!(index_files > 10, "only {index_files} index files compared");
    assert!(others > 5, "only {others} other files compared");
}

#[test]
fn after_story_edits_every_page_is_what_a_fresh_build_makes() {
    let tmp = copy_fixture("basic");
    let server = Server::start(tmp.path());
    let mut events = server.events();
    let edits = [
        // Body and title: the story and its cards.
        story("主题党日活动", "10", "正文改了。"),
        story("新的标题", "10", "正文改了。"),
        // A metric: statistics.
        story("新的标题", "64", "正文改了。"),
        // Tags and the date: lists, and the story moves to the front.
        story("新的标题", "64", "正文改了。")
            .replace("2023-05-01", "2025-02-03")
            .replace("tags: [主题党日]", "tags: [主题党日, 新标签]"),
        // And back behind the others.
        story("新的标题", "64", "正文改了。").replace("2023-05-01", "2021-01-01"),
    ];
    for text in edits {
        write(tmp.path(), STORY, &text);
        assert!(events.reload());
        assert_served_like_a_fresh_build(&server, tmp.path());
    }
}

#[test]
fn a_finding_shows_as_a_warning_on_its_page_without_blocking() {
    let tmp = copy_fixture("basic");
    let server = Server::start(tmp.path());
    let mut events = server.events();
    write(
        tmp.path(),
        STORY,
        &story(
            "主题党日活动",
            "10",
            "活动结束后,大家合影留念。报名请联系 13812345678。",
        ),
    );
    assert!(events.reload());
    let (status, page) = server.get(STORY_URL);
    assert_eq!(status, 200);
    // The new text is served: a warning blocks nothing.
    assert!(page.contains("活动结束后,大家合影留念"), "{page}");
    assert!(!page.contains("id=\"bp-errors\""), "{page}");
    let start = page
        .find("id=\"bp-warnings\"")
        .unwrap_or_else(|| panic!("no warnings box: {page}"));
    let aside = &page[start
        ..page[start..]
            .find("</aside>")
            .map_or(page.len(), |i| start + i)];
    assert!(aside.contains("本页有 2 处提醒"), "{aside}");
    assert!(
        aside.contains("[BP0801]") && aside.contains("[BP0702]"),
        "{aside}"
    );
    assert!(aside.contains(&format!("{STORY}:9")), "{aside}");
    assert!(
        aside.contains("138****5678") && !aside.contains("13812345678"),
        "{aside}"
    );
    // Other pages have no warnings of their own to show.
    assert!(!server.get("/branches/").1.contains("bp-warnings"));
    // Fixed: the box is gone.
    write(
        tmp.path(),
        STORY,
        &story("主题党日活动", "10", "活动结束后，大家合影留念。"),
    );
    assert!(events.reload());
    assert!(!server.get(STORY_URL).1.contains("bp-warnings"));
}

#[test]
fn undoing_a_mistake_takes_the_error_box_away() {
    let tmp = copy_fixture("basic");
    let server = Server::start(tmp.path());
    let mut events = server.events();
    let good = story("主题党日活动", "10", "第一版。");
    write(tmp.path(), STORY, &good);
    assert!(events.reload());
    write(tmp.path(), STORY, &good.replace("2023-05-01", "2023-02-30"));
    assert!(events.reload());
    assert!(server.get(STORY_URL).1.contains("bp-errors"));
    // The editor's undo: exactly the text that was applied before.
    write(tmp.path(), STORY, &good);
    assert!(events.reload());
    let (_, page) = server.get(STORY_URL);
    assert!(!page.contains("bp-errors"), "{page}");
}

#[test]
fn deleted_stories_and_late_theme_folders_are_noticed() {
    let tmp = copy_fixture("basic");
    let server = Server::start(tmp.path());
    let mut events = server.events();
    std::fs::remove_file(tmp.path().join(STORY)).expect("delete");
    assert!(events.reload());
    assert_eq!(server.get(STORY_URL).0, 404, "a deleted story is gone");

    // themes/ did not exist when serve started.
    write(
        tmp.path(),
        "themes/default/templates/404.html",
        "<!doctype html><html lang=\"zh-CN\"><body><h1>找不到：自定义</h1></body></html>",
    );
    assert!(events.reload());
    std::thread::sleep(Duration::from_millis(300));
    write(
        tmp.path(),
        "themes/default/templates/404.html",
        "<!doctype html><html lang=\"zh-CN\"><body><h1>找不到：改过了</h1></body></html>",
    );
    assert!(events.reload(), "a file in the new folder is watched");
    let (status, page) = server.get("/no-such-page/");
    assert_eq!(status, 404);
    assert!(page.contains("找不到：改过了"), "{page}");
}

/// Status of `GET /` sent to `addr` with `Host: host`.
fn status_for_host(addr: &str, host: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = String::new();
    s.read_to_string(&mut raw).expect("read");
    raw.lines().next().unwrap_or_default().to_string()
}

#[test]
fn other_host_names_are_refused() {
    let tmp = copy_fixture("basic");
    let server = Server::start(tmp.path());
    assert!(
        server.addr.starts_with("127.0.0.1:"),
        "loopback unless told otherwise: {}",
        server.addr
    );
    let port = server.addr.rsplit(':').next().unwrap();
    for host in [
        "attacker.example".to_string(),
        format!("attacker.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("localhost:{}", port.parse::<u32>().unwrap() + 1),
    ] {
        assert_eq!(
            status_for_host(&server.addr, &host),
            "HTTP/1.1 403 Forbidden",
            "{host}"
        );
    }
    // Not reachable from the network at all: the machine's own LAN address is refused.
    if let Some(ip) = lan_address() {
        assert!(
            TcpStream::connect((ip, port.parse::<u16>().unwrap())).is_err(),
            "{ip} must not reach a default serve"
        );
    }
    for host in [format!("localhost:{port}"), format!("[::1]:{port}")] {
        assert_eq!(
            status_for_host(&server.addr, &host),
            "HTTP/1.1 200 OK",
            "{host}"
        );
    }
}

/// This machine's LAN address, if it has one (no packet is sent).
fn lan_address() -> Option<std::net::IpAddr> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.168.0.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

#[test]
fn bind_lets_other_devices_in_by_address_and_still_refuses_host_names() {
    let tmp = copy_fixture("basic");
    let server = Server::start_with(tmp.path(), &["--bind", "0.0.0.0"]);
    let port = server.addr.rsplit(':').next().unwrap();
    // A phone on the network asks for this machine by its address.
    assert_eq!(
        status_for_host(&server.addr, &format!("192.168.1.23:{port}")),
        "HTTP/1.1 200 OK"
    );
    assert_eq!(
        status_for_host(&server.addr, &format!("rebind.example:{port}")),
        "HTTP/1.1 403 Forbidden"
    );
    if let Some(ip) = lan_address() {
        let there = std::net::SocketAddr::from((ip, port.parse::<u16>().unwrap()));
        assert_eq!(
            status_for_host(&there.to_string(), &there.to_string()),
            "HTTP/1.1 200 OK",
            "reachable at {there}"
        );
    }
}

#[test]
fn a_crash_while_applying_a_change_keeps_the_server_up() {
    let tmp = copy_fixture("basic");
    let mut child = Command::new(env!("CARGO_BIN_EXE_branchpress"))
        .current_dir(tmp.path())
        .args(["serve", "--port", "0"])
        // Fault injection: panics whenever this file is processed.
        .env("BRANCHPRESS_TEST_PANIC", "2024-09-09-crash")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("address");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .expect("addr")
        .to_string();
    let server = Server { child, addr };
    let mut events = server.events();
    write(
        tmp.path(),
        "content/branches/general/activities/2024-09-09-crash.md",
        &story("会崩溃", "1", "x"),
    );
    assert!(events.reload());
    let (status, page) = server.get("/");
    assert_eq!(status, 200, "still serving");
    assert!(page.contains("内部错误"), "{page}");
    std::fs::remove_file(
        tmp.path()
            .join("content/branches/general/activities/2024-09-09-crash.md"),
    )
    .unwrap();
    assert!(events.reload());
    let (_, page) = server.get("/");
    assert!(!page.contains("bp-errors"), "{page}");
}

/// A served page without the writing desk's buttons, which only `serve` adds.
fn without_desk_buttons(page: &str) -> String {
    match page.find("<nav id=\"bp-desk-entry\"") {
        Some(start) => {
            let end = page[start..]
                .find("</nav>")
                .map_or(page.len(), |e| start + e + 6);
            format!("{}{}", &page[..start], &page[end..])
        }
        None => page.to_string(),
    }
}

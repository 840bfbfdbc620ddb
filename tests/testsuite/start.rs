//! `branchpress` with no command, as a double-click starts it: inside a
//! portal it previews it and opens the browser (a stand-in program named
//! by `BRANCHPRESS_BROWSER` records the URL); outside one it offers to
//! create a portal and creates nothing without an answer.

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

/// A running `branchpress` with no command; killed when dropped.
struct Started {
    child: Child,
    addr: String,
}

impl Drop for Started {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A stand-in browser: a script that writes the URL it is given to `log`.
#[cfg(unix)]
fn browser(dir: &Path, log: &Path) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt as _;
    let script = dir.join("browser.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", log.display()),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

/// Starts `branchpress ARGS` in `dir` with `input` on stdin and reads the
/// preview's address from its first line of output.
fn start(dir: &Path, args: &[&str], input: &str, browser: &Path) -> Started {
    let mut child = Command::new(env!("CARGO_BIN_EXE_branchpress"))
        .current_dir(dir)
        .args(args)
        .env("BRANCHPRESS_BROWSER", browser)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start branchpress");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.as_bytes()).unwrap();
    drop(stdin);
    let stdout = child.stdout.take().unwrap();
    let mut reader = BufReader::new(stdout);
    let mut addr = None;
    for _ in 0..50 {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        if let Some(rest) = line.split("http://").nth(1) {
            addr = rest.split('/').next().map(str::to_string);
            break;
        }
    }
    let addr = addr.unwrap_or_else(|| panic!("no address printed"));
    Started { child, addr }
}

/// GET / of the preview at `addr`: (status, head, body).
fn get(addr: &str) -> (u16, String, Vec<u8>) {
    http(
        addr,
        &format!("GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
        b"",
    )
}

fn eventually(limit: Duration, mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

#[cfg(unix)]
#[test]
fn in_a_portal_it_previews_and_opens_the_browser() {
    let tmp = copy_fixture("basic");
    let scratch = tempfile::tempdir().unwrap();
    let log = scratch.path().join("opened");
    let script = browser(scratch.path(), &log);
    let started = start(tmp.path(), &[], "", &script);
    let (status, _, body) = get(&started.addr);
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("测试门户"));
    // The stand-in writes the URL and a newline: wait for the whole line.
    let written = || std::fs::read_to_string(&log).is_ok_and(|t| t.ends_with('\n'));
    assert!(
        eventually(Duration::from_secs(10), written),
        "the browser was not opened"
    );
    let opened = std::fs::read_to_string(&log).unwrap();
    assert_eq!(opened.trim(), format!("http://{}/", started.addr));
}

#[cfg(unix)]
#[test]
fn no_open_previews_without_opening_the_browser() {
    let tmp = copy_fixture("basic");
    let scratch = tempfile::tempdir().unwrap();
    let log = scratch.path().join("opened");
    let script = browser(scratch.path(), &log);
    let started = start(tmp.path(), &["--no-open"], "", &script);
    let (status, _, _) = get(&started.addr);
    assert_eq!(status, 200);
    std::thread::sleep(Duration::from_millis(300));
    assert!(!log.exists());
}

#[cfg(unix)]
#[test]
fn a_taken_port_is_no_obstacle() {
    // Two previews at once: the second takes another port.
    let (one, two) = (copy_fixture("basic"), copy_fixture("basic"));
    let scratch = tempfile::tempdir().unwrap();
    let script = browser(scratch.path(), &scratch.path().join("opened"));
    let first = start(one.path(), &["--no-open"], "", &script);
    let second = start(two.path(), &["--no-open"], "", &script);
    assert_ne!(first.addr, second.addr);
    for s in [&first, &second] {
        let (status, _, _) = get(&s.addr);
        assert_eq!(status, 200);
    }
}

#[test]
fn outside_a_portal_it_offers_init_and_creates_nothing_unasked() {
    let tmp = tempfile::tempdir().unwrap();
    for lang in [&[][..], &["--lang", "en"][..]] {
        let out = Command::new(env!("CARGO_BIN_EXE_branchpress"))
            .current_dir(tmp.path())
            .args(lang)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out));
        let said = text(&out);
        let offer = if lang.is_empty() {
            "要新建一个门户吗"
        } else {
            "Create a new portal?"
        };
        assert!(said.contains(offer), "{said}");
        assert!(
            said.contains(if lang.is_empty() {
                "没有新建任何文件"
            } else {
                "Nothing was created"
            }),
            "{said}"
        );
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            0,
            "something was created"
        );
    }
}

#[cfg(unix)]
#[test]
fn an_answer_creates_the_portal_and_previews_it() {
    let tmp = tempfile::tempdir().unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let log = scratch.path().join("opened");
    let script = browser(scratch.path(), &log);
    let started = start(tmp.path(), &[], "dangjian\n", &script);
    assert!(tmp.path().join("dangjian/site.yaml").is_file());
    let (status, _, _) = get(&started.addr);
    assert_eq!(status, 200);
    assert!(eventually(Duration::from_secs(10), || log.exists()));
}

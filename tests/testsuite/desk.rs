//! The writing desk of `serve`, over real HTTP against the real binary:
//! saving keeps every untouched byte, problems come back at their field
//! with nothing written, a file changed meanwhile is a conflict, photos are
//! judged by their bytes, publishing commits and pushes into a real (bare)
//! git repository, and every write without the token, from another origin,
//! with a path that leaves the story, too large or not a photo is refused
//! with nothing written.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use crate::common::{copy_fixture, run, snapshot, text};
use serde_json::{Value, json};

const STORY: &str = "content/branches/general/activities/2023-05-01-party-day.md";
const BUNDLE: &str = "content/branches/child/activities/2024-03-26-free-clinic/index.md";

/// A running `serve` with its desk, killed when dropped.
struct Desk {
    child: Child,
    /// The preview's address.
    addr: String,
    /// The desk's own address (another port: another origin).
    desk_addr: String,
    token: String,
    /// The lines serve printed on stdout before it was ready.
    lines: Vec<String>,
}

impl Drop for Desk {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A reply: status, head, body.
struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|_| {
            panic!(
                "not JSON ({}): {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

impl Desk {
    fn start(root: &Path, extra: &[&str]) -> Desk {
        Desk::start_until(root, extra, None)
    }

    /// A portal whose messages are not in Chinese: the desk's line starts with `last`.
    fn start_lang(root: &Path, last: &str) -> Desk {
        Desk::start_until(root, &[], Some(last))
    }

    fn start_until(root: &Path, extra: &[&str], last: Option<&str>) -> Desk {
        let mut child = crate::common::spawn_serve(root, extra);
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut lines = Vec::new();
        let mut line = String::new();
        // The address, then the desk's line and its password, if any.
        let last_line = if let Some(last) = last {
            last
        } else if extra.contains(&"--desk") {
            "写作台密码："
        } else if extra.contains(&"--bind") {
            "预览地址："
        } else {
            "写作台："
        };
        while stdout.read_line(&mut line).expect("read") > 0 {
            lines.push(std::mem::take(&mut line).trim().to_string());
            if lines.len() > 6 || lines.last().is_some_and(|l| l.starts_with(last_line)) {
                break;
            }
        }
        let address = |line: &str| {
            line.split("http://")
                .nth(1)
                .and_then(|rest| rest.split('/').next())
                .map(str::to_string)
        };
        let addr = address(&lines[0]).unwrap_or_else(|| panic!("no address in {lines:?}"));
        let desk_addr = lines
            .iter()
            .find(|l| l.starts_with("写作台：") || l.starts_with("writing desk: "))
            .and_then(|l| address(l))
            .unwrap_or_else(|| addr.clone());
        let mut desk = Desk {
            child,
            addr,
            desk_addr,
            token: String::new(),
            lines,
        };
        let page = desk.request("GET", "/__branchpress/desk/", &[], b"");
        if page.status == 200 {
            desk.token = token_of(&String::from_utf8_lossy(&page.body)).unwrap_or_default();
        }
        desk
    }

    /// A GET of the preview (not the desk).
    fn page(&self, path: &str) -> Reply {
        let head = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.addr
        );
        let (status, head, body) = crate::common::http(&self.addr, &head, b"");
        Reply { status, head, body }
    }

    /// Any request to the desk, as sent: `headers` come after Host.
    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        self.request_declaring(method, path, headers, body, body.len())
    }

    /// A request whose Content-Length says `declared` (the body sent may be shorter).
    fn request_declaring(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
        declared: usize,
    ) -> Reply {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {declared}\r\n",
            self.desk_addr
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        let (status, head, body) = crate::common::http(&self.desk_addr, &head, body);
        Reply { status, head, body }
    }

    fn origin(&self) -> String {
        format!("http://{}", self.desk_addr)
    }

    /// A desk API call as the desk's page makes it.
    fn api(&self, method: &str, call: &str, body: &[u8], ty: &str) -> Reply {
        let origin = self.origin();
        let headers = [
            ("Origin", origin.as_str()),
            ("X-Branchpress-Token", self.token.as_str()),
            ("Content-Type", ty),
            ("Sec-Fetch-Site", "same-origin"),
        ];
        self.request(
            method,
            &format!("/__branchpress/desk/api/{call}"),
            &headers,
            body,
        )
    }

    fn get(&self, call: &str) -> Reply {
        self.api("GET", call, b"", "application/json")
    }

    fn post(&self, call: &str, body: &Value) -> Reply {
        self.api(
            "POST",
            call,
            body.to_string().as_bytes(),
            "application/json",
        )
    }

    /// Uploads a photo (`query` after `upload?`) as the page does.
    fn upload(&self, query: &str, bytes: &[u8]) -> Reply {
        self.api(
            "POST",
            &format!("upload?{query}"),
            bytes,
            "application/octet-stream",
        )
    }

    fn story(&self, path: &str) -> Value {
        let reply = self.get(&format!("story?path={}", enc(path)));
        assert_eq!(
            reply.status,
            200,
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
        reply.json()
    }

    /// Saves a story as the form would send it back unchanged, with `edit` applied.
    fn save_with(&self, path: &str, edit: impl FnOnce(&mut Value)) -> Reply {
        let story = self.story(path);
        let mut req = json!({
            "path": story["path"], "branch": story["branch"], "kind": story["kind"],
            "front": story["front"], "body": story["body"], "version": story["version"],
        });
        edit(&mut req);
        self.post("save", &req)
    }
}

/// A real PNG of `w` × `h` pixels.
fn png(w: u32, h: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    image::RgbImage::from_pixel(w, h, image::Rgb([200, 30, 30]))
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

fn token_of(html: &str) -> Option<String> {
    let at = html.find("name=\"bp-token\"")?;
    let rest = &html[at..];
    let start = rest.find("content=\"")? + 9;
    let end = rest[start..].find('"')?;
    Some(rest[start..start + end].to_string())
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Waits until `cond` holds (the watcher applies saved files).
fn eventually(mut cond: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        if cond() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

/// Every story file of a portal.
fn story_files(root: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(root.join("content/branches"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter(|e| e.file_name() != "_branch.md")
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

#[test]
fn stories_opened_and_saved_unchanged_stay_byte_identical() {
    let tmp = copy_fixture("basic");
    // CRLF, a BOM and comments, which a form must not disturb.
    let crlf = "\u{feff}---\r\ntitle: 荣誉\r\ndate: 2024-06-01   # 发文日期\r\nlevel: 省级\r\n\r\n# 颁奖单位\r\nawarded_by: 省卫健委\r\n---\r\n\r\n正文第一段。\r\n\r\n第二段。\r\n";
    std::fs::write(
        tmp.path()
            .join("content/branches/other/honors/2024-06-01-award.md"),
        crlf,
    )
    .unwrap();
    let desk = Desk::start(tmp.path(), &[]);
    assert_eq!(desk.token.len(), 32, "the desk page carries its token");
    save_all_unchanged(&desk, tmp.path(), 5);
}

/// Opens and saves every story of the portal as the form would, unchanged:
/// not one byte of content/ may differ.
fn save_all_unchanged(desk: &Desk, root: &Path, at_least: usize) {
    let before = snapshot(&root.join("content"));
    let files = story_files(root);
    assert!(files.len() >= at_least, "{}", files.len());
    for path in &files {
        let reply = desk.save_with(path, |_| {});
        let body = String::from_utf8_lossy(&reply.body);
        assert_eq!(reply.status, 200, "{path}: {body}");
    }
    assert_eq!(before, snapshot(&root.join("content")));
}

#[test]
fn every_demo_story_saved_unchanged_stays_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for part in ["site.yaml", "content", "themes"] {
        let from = repo.join(part);
        if from.is_dir() {
            crate::common::copy_dir(&from, &tmp.path().join(part));
        } else {
            std::fs::copy(&from, tmp.path().join(part)).unwrap();
        }
    }
    let desk = Desk::start(tmp.path(), &[]);
    save_all_unchanged(&desk, tmp.path(), 40);
}

#[test]
fn an_edit_changes_only_its_lines_and_keeps_comments() {
    let tmp = copy_fixture("basic");
    let path = tmp.path().join(STORY);
    let original = "---\ntitle: 主题党日活动\n# 活动日期\ndate: 2023-05-01\ntype: 主题党日   # 按年度计划\ntags: [主题党日]\nmetrics:\n  participants: 10\n---\n党总支开展主题党日活动。\n\n第二段。\n";
    std::fs::write(&path, original).unwrap();
    let desk = Desk::start(tmp.path(), &[]);
    let reply = desk.save_with(STORY, |req| {
        req["front"]["metrics"]["participants"] = json!(25);
        req["front"]["location"] = json!("党员活动室");
        req["body"] = json!("党总支开展主题党日活动。\n\n第二段，补充一句。\n");
    });
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let saved = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        saved,
        "---\ntitle: 主题党日活动\n# 活动日期\ndate: 2023-05-01\ntype: 主题党日   # 按年度计划\ntags: [主题党日]\nmetrics:\n  participants: 25\nlocation: 党员活动室\n---\n党总支开展主题党日活动。\n\n第二段，补充一句。\n"
    );
    assert_eq!(
        reply.json()["url"],
        "/branches/general/activities/party-day/"
    );
    // The watcher applies it: the page shows the new sentence.
    assert!(eventually(|| {
        let page = desk.page("/branches/general/activities/party-day/");
        String::from_utf8_lossy(&page.body).contains("补充一句")
    }));
}

#[test]
fn a_wrong_metric_comes_back_at_its_field_and_nothing_is_written() {
    let tmp = copy_fixture("basic");
    let desk = Desk::start(tmp.path(), &[]);
    let before = std::fs::read(tmp.path().join(STORY)).unwrap();
    let reply = desk.save_with(STORY, |req| {
        req["front"]["metrics"]["participants"] = json!("很多");
    });
    assert_eq!(reply.status, 422);
    let diags = reply.json()["diagnostics"].as_array().cloned().unwrap();
    assert!(
        diags
            .iter()
            .any(|d| d["field"] == "metrics.participants" && d["severity"] == "error"),
        "{diags:?}"
    );
    // An unknown metric is named as written and sent to the form's figures.
    let reply = desk.save_with(STORY, |req| {
        req["front"]["metrics"]["visitors"] = json!(3);
    });
    assert_eq!(reply.status, 422);
    let diags = reply.json()["diagnostics"].to_string();
    assert!(
        diags.contains("metrics.visitors") && diags.contains("网站没有设置的数据“visitors”"),
        "{diags}"
    );
    // A broken link in the body is placed at its line of the body.
    let reply = desk.save_with(STORY, |req| {
        req["body"] = json!("第一段。\n\n![照片](missing.jpg)\n");
    });
    assert_eq!(reply.status, 422);
    let diags = reply.json()["diagnostics"].as_array().cloned().unwrap();
    assert!(diags.iter().any(|d| d["body_line"] == 3), "{diags:?}");
    assert_eq!(before, std::fs::read(tmp.path().join(STORY)).unwrap());
}

#[test]
fn findings_come_back_as_warnings_at_their_line_and_the_story_is_saved() {
    let tmp = copy_fixture("basic");
    let desk = Desk::start(tmp.path(), &[]);
    let reply = desk.save_with(STORY, |req| {
        req["body"] = json!("第一段。\n\n报名请联系 13812345678。\n");
    });
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let diags = reply.json()["diagnostics"].as_array().cloned().unwrap();
    assert!(
        diags.iter().any(|d| d["code"] == "BP0702"
            && d["severity"] == "warning"
            && d["body_line"] == 3
            && d["message"].as_str().unwrap().contains("138****5678")),
        "{diags:?}"
    );
    assert!(
        !reply.json()["diagnostics"]
            .to_string()
            .contains("13812345678")
    );
    let saved = std::fs::read_to_string(tmp.path().join(STORY)).unwrap();
    assert!(saved.contains("报名请联系 13812345678。"), "{saved}");
}

#[test]
fn a_file_changed_on_disk_meanwhile_is_a_conflict_not_an_overwrite() {
    let tmp = copy_fixture("basic");
    let desk = Desk::start(tmp.path(), &[]);
    let opened = desk.story(STORY);
    let theirs = "---\ntitle: 主题党日活动（在编辑器中改过）\ndate: 2023-05-01\ntype: 主题党日\n---\n另一个人写的正文。\n";
    std::fs::write(tmp.path().join(STORY), theirs).unwrap();
    let mut req = json!({
        "path": STORY, "branch": "general", "kind": "activities",
        "front": opened["front"], "body": "我的正文。\n", "version": opened["version"],
    });
    let reply = desk.post("save", &req);
    assert_eq!(reply.status, 409);
    let conflict = &reply.json()["conflict"];
    assert_eq!(conflict["body"], "另一个人写的正文。\n");
    assert_eq!(conflict["front"]["title"], "主题党日活动（在编辑器中改过）");
    assert_eq!(
        std::fs::read_to_string(tmp.path().join(STORY)).unwrap(),
        theirs
    );
    // Choosing "keep mine" sends the version seen in the conflict.
    req["version"] = conflict["version"].clone();
    let reply = desk.post("save", &req);
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert!(
        std::fs::read_to_string(tmp.path().join(STORY))
            .unwrap()
            .contains("我的正文。")
    );
}

#[test]
fn a_new_story_with_a_photo_is_checked_built_and_published_without_gps() {
    let tmp = copy_fixture("basic");
    let desk = Desk::start(tmp.path(), &[]);
    let photo = std::fs::read(
        crate::common::fixture("photos")
            .join("content/branches/clinic/activities/2024-05-10-village-clinic/wide.jpg"),
    )
    .unwrap();
    assert!(
        photo.windows(11).any(|w| w == b"GPSLatitude"),
        "the fixture has GPS"
    );
    // The photo comes first, before the story was ever saved.
    let reply = desk.upload(
        &format!(
            "branch=general&kind=activities&title={}&date=2024-10-12&name={}",
            enc("重阳节志愿服务"),
            enc("微信图片_20241012.JPG")
        ),
        &photo,
    );
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let up = reply.json();
    let path = up["path"].as_str().unwrap().to_string();
    assert!(
        path.starts_with("content/branches/general/activities/2024-10-12-"),
        "{path}"
    );
    assert!(path.ends_with("/index.md"));
    let name = up["name"].as_str().unwrap().to_string();
    assert!(name.ends_with(".jpg") && name.is_ascii(), "{name}");
    // Stored without its GPS (and upright), so the repository never has it.
    let stored = std::fs::read(tmp.path().join(&path).parent().unwrap().join(&name)).unwrap();
    assert!(
        !stored.windows(3).any(|w| w == b"GPS") && !stored.windows(6).any(|w| w == b"Exif\0\0")
    );
    let original = image::load_from_memory(&photo).unwrap();
    let kept = image::load_from_memory(&stored).unwrap();
    assert_eq!(
        (kept.width(), kept.height()),
        (original.width(), original.height())
    );
    let req = json!({
        "path": path, "branch": "general", "kind": "activities", "version": null,
        "front": {
            "title": "重阳节志愿服务", "date": "2024-10-12", "type": "志愿服务",
            "cover": name, "tags": ["志愿服务"], "with": ["other"],
            "metrics": {"participants": 12, "volunteer_hours": 36},
        },
        "body": format!("支部党员走进社区，为老人测量血压。\n\n![为老人测量血压]({name})\n"),
    });
    let preview = desk.post("preview", &req);
    assert_eq!(preview.status, 200);
    let html = preview.json()["html"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        html.contains("为老人测量血压") && html.contains("重阳节志愿服务"),
        "{}",
        preview.json()
    );
    // The first save makes the file; a second "first" save is a conflict.
    let reply = desk.post("save", &req);
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert_eq!(desk.post("save", &req).status, 409);
    drop(desk);
    let out = run(tmp.path(), &["check", "--strict"]);
    assert!(out.status.success(), "{}", text(&out));
    let public = crate::common::build_ok(tmp.path(), &[]);
    let dir = public.join("branches/general/activities");
    let page = walkdir::WalkDir::new(&dir)
        .into_iter()
        .flatten()
        .find(|e| {
            e.path().to_string_lossy().contains("zhong-yang") && e.file_name() == "index.html"
        })
        .expect("the new story's page");
    let story_dir = page.path().parent().unwrap();
    let jpgs: Vec<_> = std::fs::read_dir(story_dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "jpg"))
        .collect();
    assert!(!jpgs.is_empty());
    for jpg in jpgs {
        let bytes = std::fs::read(jpg.path()).unwrap();
        assert!(
            !bytes.windows(3).any(|w| w == b"GPS"),
            "{:?} keeps GPS",
            jpg.path()
        );
    }
    let everything = snapshot(&public);
    assert!(
        everything
            .values()
            .all(|b| !b.windows(14).any(|w| w == b"__branchpress/")),
        "nothing of the desk reaches the build"
    );
}

#[test]
fn a_photo_makes_a_one_file_story_a_bundle() {
    let tmp = copy_fixture("basic");
    let desk = Desk::start(tmp.path(), &[]);
    let png = png(64, 48);
    let reply = desk.upload(&format!("path={}&name=screenshot.png", enc(STORY)), &png);
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let up = reply.json();
    let bundle = "content/branches/general/activities/2023-05-01-party-day/index.md";
    assert_eq!(up["path"], bundle);
    assert_eq!(up["photos"], json!(["screenshot.png"]));
    assert!(!tmp.path().join(STORY).exists() && tmp.path().join(bundle).is_file());
}

#[test]
fn writes_without_the_token_from_elsewhere_or_outside_are_refused() {
    let tmp = copy_fixture("basic");
    let desk = Desk::start(tmp.path(), &[]);
    let before = snapshot(tmp.path());
    let opened = desk.story(STORY);
    let save = json!({
        "path": STORY, "branch": "general", "kind": "activities",
        "front": opened["front"], "body": "被篡改的正文\n", "version": opened["version"],
    })
    .to_string();
    let origin = desk.origin();
    let url = "/__branchpress/desk/api/save";
    // No token.
    let reply = desk.request(
        "POST",
        url,
        &[("Origin", &origin), ("Content-Type", "application/json")],
        save.as_bytes(),
    );
    assert_eq!(reply.status, 403);
    // A wrong token.
    let reply = desk.request(
        "POST",
        url,
        &[
            ("Origin", &origin),
            ("X-Branchpress-Token", "0123456789abcdef0123456789abcdef"),
        ],
        save.as_bytes(),
    );
    assert_eq!(reply.status, 403);
    // The right token, from another web page.
    for (k, v) in [
        ("Origin", "http://evil.example"),
        ("Sec-Fetch-Site", "cross-site"),
    ] {
        let mut headers = vec![("X-Branchpress-Token", desk.token.as_str())];
        headers.push(("Origin", if k == "Origin" { v } else { origin.as_str() }));
        if k == "Sec-Fetch-Site" {
            headers.push((k, v));
        }
        let reply = desk.request("POST", url, &headers, save.as_bytes());
        assert_eq!(reply.status, 403, "{k}: {v}");
    }
    // No Origin at all.
    let reply = desk.request(
        "POST",
        url,
        &[("X-Branchpress-Token", &desk.token)],
        save.as_bytes(),
    );
    assert_eq!(reply.status, 403);
    // Paths that leave the story or content/.
    for bad in [
        "content/branches/general/activities/../../../../site.yaml",
        "content/branches/general/../other/activities/x.md",
        "content/branches/general/activities/..%2F..%2Fx.md",
        "content/branches/general/_branch.md",
        "content/about.md",
        "/etc/passwd",
        "content/branches/nobody/activities/x.md",
        "content/branches/general/secrets/x.md",
        "content\\branches\\general\\activities\\x.md",
    ] {
        let mut req: Value = serde_json::from_str(&save).unwrap();
        req["path"] = json!(bad);
        req["version"] = Value::Null;
        let reply = desk.post("save", &req);
        assert!(matches!(reply.status, 400 | 422), "{bad}: {}", reply.status);
        let reply = desk.upload(&format!("path={}&name=a.png", enc(bad)), b"x");
        assert!(
            matches!(reply.status, 400 | 415 | 422),
            "{bad}: {}",
            reply.status
        );
    }
    // A photo name with `..` stays a name in the story's folder.
    let png = png(8, 8);
    // (checked below: nothing else was written, so only that file is new)
    let reply = desk.upload(
        &format!("path={}&name={}", enc(BUNDLE), enc("../../../../evil.png")),
        &png,
    );
    assert_eq!(reply.status, 200);
    let name = reply.json()["name"].as_str().unwrap().to_string();
    assert!(!name.contains('/') && !name.contains(".."), "{name}");
    let photo = tmp.path().join(BUNDLE).parent().unwrap().join(&name);
    assert!(photo.is_file());
    std::fs::remove_file(photo).unwrap();
    // Not photos, whatever their names say.
    for (name, bytes) in [
        (
            "x.jpg",
            b"<!doctype html><script>alert(1)</script>".as_slice(),
        ),
        (
            "x.jpg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".as_slice(),
        ),
        ("x.png", b"\x89PNG\r\n\x1a\n not really".as_slice()),
    ] {
        let reply = desk.upload(&format!("path={}&name={name}", enc(BUNDLE)), bytes);
        assert_eq!(reply.status, 415, "{name}");
        assert!(reply.json()["error"].as_str().unwrap().contains("JPEG"));
    }
    // 100 MB, refused before it is read.
    let headers = [
        ("Origin", origin.as_str()),
        ("X-Branchpress-Token", desk.token.as_str()),
        ("Content-Type", "application/octet-stream"),
    ];
    let reply = desk.request_declaring(
        "POST",
        &format!(
            "/__branchpress/desk/api/upload?path={}&name=big.jpg",
            enc(BUNDLE)
        ),
        &headers,
        &[0xff, 0xd8, 0xff, 0xe0],
        100 * 1024 * 1024,
    );
    assert_eq!(reply.status, 413, "{}", reply.head);
    // Reading needs the token too.
    let reply = desk.request(
        "GET",
        &format!("/__branchpress/desk/api/story?path={}", enc(STORY)),
        &[],
        b"",
    );
    assert_eq!(reply.status, 403);
    // Nothing was written by any of these (the photo cache aside).
    let after = snapshot(tmp.path());
    let changed: Vec<&String> = after
        .keys()
        .chain(before.keys())
        .filter(|k| !k.starts_with(".branchpress") && before.get(*k) != after.get(*k))
        .collect();
    assert!(changed.is_empty(), "{changed:?}");
}

#[test]
fn the_desk_is_off_on_a_network_address_unless_asked_and_then_needs_the_password() {
    let tmp = copy_fixture("basic");
    let open = Desk::start(tmp.path(), &["--bind", "0.0.0.0"]);
    assert_eq!(open.page("/__branchpress/desk/").status, 404);
    let page = open.page("/");
    assert!(!String::from_utf8_lossy(&page.body).contains("bp-desk-entry"));
    drop(open);
    let desk = Desk::start(tmp.path(), &["--bind", "0.0.0.0", "--desk"]);
    let password = desk
        .lines
        .iter()
        .find_map(|l| l.strip_prefix("写作台密码："))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("no password in {:?}", desk.lines))
        .to_string();
    assert!(
        desk.token.is_empty(),
        "the desk page needs the password first"
    );
    let api = desk.request("GET", "/__branchpress/desk/api/schema", &[], b"");
    assert_eq!(api.status, 401);
    let origin = desk.origin();
    let form = [
        ("Origin", origin.as_str()),
        ("Content-Type", "application/x-www-form-urlencoded"),
    ];
    let wrong = desk.request(
        "POST",
        "/__branchpress/desk/login",
        &form,
        b"password=guess",
    );
    assert_eq!(wrong.status, 403);
    let body = format!("password={password}");
    let login = desk.request("POST", "/__branchpress/desk/login", &form, body.as_bytes());
    assert_eq!(login.status, 303, "{}", login.head);
    let cookie = login
        .head
        .lines()
        .find_map(|l| {
            l.strip_prefix("set-cookie: ")
                .or_else(|| l.strip_prefix("Set-Cookie: "))
        })
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_string();
    let page = desk.request("GET", "/__branchpress/desk/", &[("Cookie", &cookie)], b"");
    let token = token_of(&String::from_utf8_lossy(&page.body)).expect("token after login");
    let schema = desk.request(
        "GET",
        "/__branchpress/desk/api/schema",
        &[("Cookie", &cookie), ("X-Branchpress-Token", &token)],
        b"",
    );
    assert_eq!(schema.status, 200);
    assert!(
        schema.json()["kinds"]
            .as_array()
            .is_some_and(|k| k.len() >= 3)
    );
}

#[test]
fn pages_carry_the_desk_buttons_only_while_previewing() {
    let tmp = copy_fixture("basic");
    let desk = Desk::start(tmp.path(), &[]);
    let page = desk.page("/branches/general/activities/party-day/");
    let html = String::from_utf8_lossy(&page.body);
    assert!(html.contains("编辑本文") && html.contains("#/edit?path=content%2Fbranches%2Fgeneral"));
    let home = desk.page("/");
    let html = String::from_utf8_lossy(&home.body);
    assert!(html.contains("写稿") && !html.contains("编辑本文"));
    let stories = desk.get("stories").json();
    let list = stories["stories"].as_array().unwrap();
    assert!(list.iter().any(|s| s["draft"] == true), "drafts are listed");
    assert!(list.iter().any(|s| s["path"] == STORY));
}

#[test]
fn the_desk_has_its_own_origin_so_preview_pages_cannot_reach_it() {
    let tmp = copy_fixture("basic");
    let desk = Desk::start(tmp.path(), &[]);
    assert_ne!(desk.addr, desk.desk_addr);
    let location = |r: &Reply| {
        r.head
            .lines()
            .find_map(|l| l.strip_prefix("location: "))
            .unwrap_or("")
            .trim()
            .to_string()
    };
    // The preview's buttons lead to the desk's origin.
    let to_desk = desk.page("/__branchpress/desk/");
    assert_eq!(to_desk.status, 307);
    assert_eq!(
        location(&to_desk),
        format!("http://{}/__branchpress/desk/", desk.desk_addr)
    );
    // The preview answers no desk call, even with the token; a POST there is no write.
    let call = desk.page("/__branchpress/desk/api/schema");
    assert_eq!(call.status, 307);
    let head = format!(
        "POST /__branchpress/desk/api/save HTTP/1.1\r\nHost: {0}\r\nOrigin: http://{0}\r\nX-Branchpress-Token: {1}\r\nContent-Length: 2\r\nConnection: close\r\n",
        desk.addr, desk.token
    );
    let (status, _, _) = crate::common::http(&desk.addr, &head, b"{}");
    assert_eq!(status, 405);
    // The desk's origin serves styles and photos to its preview, but no page or script.
    assert_eq!(desk.request("GET", "/style.css", &[], b"").status, 200);
    for page in [
        "/",
        "/branches/general/activities/party-day/",
        "/search.js",
        "/stats.json",
    ] {
        let reply = desk.request("GET", page, &[], b"");
        assert_eq!(reply.status, 307, "{page}");
        assert_eq!(location(&reply), format!("http://{}{page}", desk.addr));
    }
}

#[test]
fn publishing_commits_and_pushes_into_the_remote() {
    let tmp = copy_fixture("basic");
    let root = tmp.path();
    let remote = tempfile::tempdir().unwrap();
    let git = |dir: &Path, args: &[&str]| {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .env("GIT_AUTHOR_NAME", "CI")
            .env("GIT_AUTHOR_EMAIL", "ci@example.org")
            .env("GIT_COMMITTER_NAME", "CI")
            .env("GIT_COMMITTER_EMAIL", "ci@example.org")
            .output()
            .expect("git");
        assert!(out.status.success(), "git {args:?}: {}", text(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    git(remote.path(), &["init", "--bare", "-q", "-b", "main"]);
    git(root, &["init", "-q", "-b", "main"]);
    std::fs::write(root.join(".gitignore"), "public/\n.branchpress-cache/\n").unwrap();
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "start"]);
    let desk = Desk::start(root, &[]);
    let status = desk.get("publish").json();
    assert_eq!(status["repo"], true);
    assert!(
        status["remote"].is_null() && !status["help"].is_null(),
        "{status}"
    );
    git(
        root,
        &["remote", "add", "origin", &remote.path().to_string_lossy()],
    );
    let reply = desk.save_with(STORY, |req| {
        req["body"] = json!("党总支开展主题党日活动，重温入党誓词。\n");
    });
    assert_eq!(reply.status, 200);
    let status = desk.get("publish").json();
    let changes = status["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{status}");
    assert_eq!(
        (
            &changes[0]["status"],
            &changes[0]["path"],
            &changes[0]["what"]
        ),
        (&json!("M"), &json!(STORY), &json!("story")),
        "{status}"
    );
    let reply = desk.post(
        "publish",
        &json!({"message": "更新稿件：主题党日活动", "name": "宣传委员", "email": "xc@example.org", "files": [STORY]}),
    );
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let log = git(remote.path(), &["log", "-1", "--format=%an|%s", "main"]);
    assert_eq!(log.trim(), "宣传委员|更新稿件：主题党日活动");
    let files = git(remote.path(), &["show", "--name-only", "--format=", "main"]);
    assert_eq!(files.trim(), STORY);
    let shown = git(remote.path(), &["show", &format!("main:{STORY}")]);
    assert!(shown.contains("重温入党誓词"));
    // Nothing left: publishing again says so.
    assert_eq!(desk.post("publish", &json!({"message": "x"})).status, 409);
}

#[test]
fn the_desk_speaks_the_portals_language() {
    let tmp = copy_fixture("english");
    let desk = Desk::start_lang(tmp.path(), "writing desk: ");
    let page = desk.request("GET", "/__branchpress/desk/", &[], b"");
    let html = String::from_utf8_lossy(&page.body);
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    let schema = desk.get("schema").json();
    assert_eq!(schema["lang"], "en");
    let honors = schema["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["key"] == "honors")
        .cloned()
        .unwrap();
    assert_eq!(honors["name"], "Honors");
    assert_eq!(honors["fields"][0]["label"], "Level");
    let reply = desk.post("save", &json!({"path": "content/branches/../x.md"}));
    assert!(
        reply.json()["error"]
            .as_str()
            .unwrap()
            .starts_with("refused"),
        "{}",
        reply.json()
    );
}

#[test]
fn a_branch_is_made_from_its_name_and_folder_name() {
    let tmp = copy_fixture("basic");
    let desk = Desk::start(tmp.path(), &[]);
    let reply = desk.post("branch", &json!({"slug": "影像", "name": "医学影像党支部"}));
    assert_eq!(reply.status, 422);
    let answer = reply.json();
    assert_eq!(answer["field"], "slug");
    assert!(
        answer["error"].as_str().unwrap().contains("小写英文字母"),
        "{answer}"
    );
    let reply = desk.post("branch", &json!({"slug": "imaging", "name": ""}));
    assert_eq!(
        (reply.status, reply.json()["field"].clone()),
        (422, json!("name"))
    );
    assert!(!tmp.path().join("content/branches/imaging").exists());
    let reply = desk.post(
        "branch",
        &json!({"slug": "imaging", "name": "医学影像党支部"}),
    );
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let profile =
        std::fs::read_to_string(tmp.path().join("content/branches/imaging/_branch.md")).unwrap();
    assert!(profile.contains("name: 医学影像党支部"), "{profile}");
    // Made twice: refused, the first kept.
    let reply = desk.post("branch", &json!({"slug": "imaging", "name": "另一个"}));
    assert_eq!(reply.status, 422);
    assert!(
        std::fs::read_to_string(tmp.path().join("content/branches/imaging/_branch.md"))
            .unwrap()
            .contains("医学影像党支部")
    );
    // The new branch can take a story at once.
    assert!(eventually(|| desk.get("schema").json()["branches"]
        .to_string()
        .contains("imaging")));
}

#[test]
fn without_a_remote_publishing_explains_and_serves_the_help_page() {
    let tmp = copy_fixture("basic");
    let desk = Desk::start(tmp.path(), &[]);
    let status = desk.get("publish").json();
    assert_eq!(status["repo"], false);
    let help = status["help"].as_str().unwrap().to_string();
    let page = desk.request("GET", &help, &[], b"");
    assert_eq!(page.status, 200);
    let html = String::from_utf8_lossy(&page.body);
    assert!(
        html.contains("<html lang=\"zh-CN\">")
            && html.contains("设置发布")
            && html.contains("GitHub Pages")
            && html.contains("publish.yml"),
        "{html}"
    );
    let reply = desk.post("publish", &json!({"message": "x"}));
    assert_eq!(reply.status, 409);
    assert!(reply.json()["error"].as_str().unwrap().contains("git"));
}

#[test]
fn the_publishing_help_is_a_page_in_each_language() {
    let tmp = copy_fixture("english");
    let desk = Desk::start_lang(tmp.path(), "writing desk: ");
    let help = desk.get("publish").json()["help"]
        .as_str()
        .unwrap()
        .to_string();
    let page = desk.request("GET", &help, &[], b"");
    let html = String::from_utf8_lossy(&page.body);
    assert!(
        html.contains("<html lang=\"en\">") && html.contains("Setting up publishing"),
        "{html}"
    );
    // Each language at its own address, linking to the other; as strict as the desk.
    for (lang, other, words) in [
        ("zh-CN", "en", "设置发布"),
        ("en", "zh-CN", "Setting up publishing"),
    ] {
        let page = desk.request(
            "GET",
            &format!("/__branchpress/desk/help/publishing.{lang}.html"),
            &[],
            b"",
        );
        assert_eq!(page.status, 200);
        let head = page.head.to_ascii_lowercase();
        assert!(
            head.contains("content-type: text/html; charset=utf-8"),
            "{head}"
        );
        assert!(
            head.contains("content-security-policy: default-src 'self'"),
            "{head}"
        );
        let html = String::from_utf8_lossy(&page.body);
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{html}");
        assert!(html.contains(words), "{html}");
        assert!(
            html.contains(&format!("help/publishing.{other}.html")),
            "{html}"
        );
        assert!(html.contains("GitHub Pages") && html.contains("publish.yml"));
    }
}

/// The modules a script imports (`from './x.js'`), as paths beside it.
fn imports_of(script: &str) -> Vec<String> {
    script
        .split("from './")
        .skip(1)
        .filter_map(|rest| rest.split_once('\'').map(|(name, _)| name.to_string()))
        .collect()
}

#[test]
fn the_desk_page_loads_its_script_modules_each_served_as_javascript() {
    let tmp = copy_fixture("basic");
    let desk = Desk::start(tmp.path(), &[]);
    let page = desk.request("GET", "/__branchpress/desk/", &[], b"");
    let html = String::from_utf8_lossy(&page.body);
    let entry = "/__branchpress/desk/js/main.js";
    assert!(
        html.contains(&format!(
            "<script type=\"module\" src=\"{entry}\"></script>"
        )),
        "{html}"
    );
    // Every module the entry reaches, by its imports.
    let mut todo = vec![entry.to_string()];
    let mut seen = std::collections::BTreeSet::new();
    while let Some(path) = todo.pop() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let reply = desk.request("GET", &path, &[], b"");
        assert_eq!(reply.status, 200, "{path}");
        let head = reply.head.to_ascii_lowercase();
        assert!(
            head.contains("content-type: text/javascript; charset=utf-8"),
            "{path}: {head}"
        );
        assert!(
            head.contains("content-security-policy: default-src 'self'"),
            "{path}: {head}"
        );
        let script = String::from_utf8_lossy(&reply.body);
        for name in imports_of(&script) {
            todo.push(format!("/__branchpress/desk/js/{name}"));
        }
    }
    assert!(seen.len() > 10, "{seen:?}");
    // The preview serves none of them: it sends them to the desk's origin.
    assert_ne!(desk.page(entry).status, 200);
    // The old single script is gone.
    assert_eq!(
        desk.request("GET", "/__branchpress/desk/desk.js", &[], b"")
            .status,
        404
    );
}

#[test]
fn what_json_or_the_browser_cannot_carry_is_never_changed() {
    let tmp = copy_fixture("basic");
    let path = tmp.path().join(STORY);
    // An 18-digit number is past what a browser's numbers hold exactly.
    let original = "---\ntitle: 主题党日活动\ndate: 2023-05-01\ntype: 主题党日\nserial: 110101199003071234\nratio: .inf\n---\n正文。\n";
    std::fs::write(&path, original).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let desk = Desk::start(tmp.path(), &[]);
    // As a browser sends it back: every number a double, infinity as null.
    let reply = desk.save_with(STORY, |req| {
        req["front"]["serial"] = json!(110101199003071234u64 as f64);
        assert!(req["front"]["ratio"].is_null());
    });
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    // A real edit keeps the number's text and the file's permissions.
    let reply = desk.save_with(STORY, |req| {
        req["front"]["serial"] = json!(110101199003071234u64 as f64);
        req["body"] = json!("改过的正文。\n");
    });
    assert_eq!(reply.status, 200);
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(
        saved.contains("serial: 110101199003071234\nratio: .inf\n") && saved.contains("改过的正文"),
        "{saved}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }
    // A file that is not UTF-8 (saved as GBK by an old editor while the
    // desk was open) is refused, not mangled.
    let gbk = tmp
        .path()
        .join("content/branches/other/honors/2024-06-01-award.md");
    let gbk_bytes =
        b"---\ntitle: \xc8\xd9\xd3\xfe\ndate: 2024-06-01\nlevel: \xca\xa1\xbc\xb6\n---\n".to_vec();
    std::fs::write(&gbk, &gbk_bytes).unwrap();
    let rel = "content/branches/other/honors/2024-06-01-award.md";
    let reply = desk.get(&format!("story?path={}", enc(rel)));
    assert_eq!(reply.status, 422);
    assert!(reply.json()["error"].as_str().unwrap().contains("UTF-8"));
    let reply = desk.post(
        "save",
        &json!({"path": rel, "branch": "other", "kind": "honors", "front": {"title": "x"}, "body": "", "version": null}),
    );
    assert!(matches!(reply.status, 409 | 422), "{}", reply.status);
    assert_eq!(std::fs::read(&gbk).unwrap(), gbk_bytes);
}

#[cfg(unix)]
#[test]
fn a_kind_folder_linked_out_of_content_takes_nothing() {
    let tmp = copy_fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    let kind = tmp.path().join("content/branches/general/honors");
    // Linked after the start (a site with such a link does not load at all).
    let desk = Desk::start(tmp.path(), &[]);
    std::os::unix::fs::symlink(outside.path(), &kind).unwrap();
    let png = png(8, 8);
    let reply = desk.upload(
        "branch=general&kind=honors&title=x&date=2024-01-01&name=a.png",
        &png,
    );
    assert_eq!(
        reply.status,
        400,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let reply = desk.post(
        "save",
        &json!({"path": "content/branches/general/honors/a.md", "branch": "general", "kind": "honors",
                "front": {"title": "x", "date": "2024-01-01", "level": "省级"}, "body": "x\n", "version": null}),
    );
    assert_eq!(reply.status, 400);
    let reply = desk.post(
        "save",
        &json!({"path": null, "branch": "general", "kind": "honors",
                "front": {"title": "x", "date": "2024-01-01", "level": "省级"}, "body": "x\n", "version": null}),
    );
    assert_eq!(reply.status, 400);
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
}

#[test]
fn of_two_saves_of_the_same_version_at_once_exactly_one_is_written() {
    let tmp = copy_fixture("basic");
    let desk = Desk::start(tmp.path(), &[]);
    for round in 0..5 {
        let opened = desk.story(STORY);
        let replies: Vec<u16> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4)
                .map(|n| {
                    let (desk, opened) = (&desk, &opened);
                    s.spawn(move || {
                        let req = json!({
                            "path": STORY, "branch": "general", "kind": "activities",
                            "front": opened["front"], "version": opened["version"],
                            "body": format!("第 {round} 轮，写作者 {n} 的正文。\n"),
                        });
                        desk.post("save", &req).status
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let mut sorted = replies.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, [200, 409, 409, 409], "round {round}: {replies:?}");
        let text = std::fs::read_to_string(tmp.path().join(STORY)).unwrap();
        assert!(text.contains(&format!("第 {round} 轮")), "{text}");
    }
}

#[test]
fn a_device_that_keeps_guessing_the_password_is_shut_out() {
    let tmp = copy_fixture("basic");
    let desk = Desk::start(tmp.path(), &["--bind", "0.0.0.0", "--desk"]);
    let password = desk
        .lines
        .iter()
        .find_map(|l| l.strip_prefix("写作台密码："))
        .and_then(|l| l.split_whitespace().next())
        .unwrap()
        .to_string();
    let origin = desk.origin();
    let form = [
        ("Origin", origin.as_str()),
        ("Content-Type", "application/x-www-form-urlencoded"),
    ];
    for guess in 0..10 {
        let body = format!("password=guess{guess}");
        let reply = desk.request("POST", "/__branchpress/desk/login", &form, body.as_bytes());
        assert_eq!(reply.status, 403);
    }
    let body = format!("password={password}");
    let reply = desk.request("POST", "/__branchpress/desk/login", &form, body.as_bytes());
    assert_eq!(reply.status, 429);
    assert!(reply.json()["error"].as_str().unwrap().contains("重启"));
}

/// Every problem of one save in one answer, each at its field and named by
/// its label from site.yaml, never by a YAML key (issue 25, problem 4).
fn assert_in_writers_words(diags: &[Value]) {
    for d in diags {
        let said = format!("{} {}", d["message"], d["hint"]);
        assert!(
            !said.contains('`') && !said.contains("participants") && !said.contains("activities"),
            "{said}"
        );
    }
}

fn message_at<'a>(diags: &'a [Value], field: &str) -> &'a str {
    diags
        .iter()
        .find(|d| d["field"] == field)
        .and_then(|d| d["message"].as_str())
        .unwrap_or_else(|| panic!("nothing at {field}: {diags:?}"))
}

#[test]
fn a_new_story_hears_every_problem_at_once_by_label() {
    let tmp = copy_fixture("basic");
    let desk = Desk::start(tmp.path(), &[]);
    let before = snapshot(&tmp.path().join("content"));
    // No branch, no title, no 活动类型, and 3.5 people: four problems, one answer.
    let reply = desk.post(
        "save",
        &json!({
            "branch": "", "kind": "activities", "body": "正文。",
            "front": {"date": "2024-05-18", "metrics": {"participants": 3.5, "volunteer_hours": 2.5}},
        }),
    );
    assert_eq!(reply.status, 422, "{}", reply.json());
    let diags = reply.json()["diagnostics"].as_array().cloned().unwrap();
    assert_eq!(message_at(&diags, "branch"), "请选择支部");
    assert_eq!(message_at(&diags, "title"), "请填写“标题”");
    assert_eq!(message_at(&diags, "type"), "请填写“活动类型”");
    assert_eq!(
        message_at(&diags, "metrics.participants"),
        "“参与人数”应为不小于 0 的整数"
    );
    assert!(
        !diags
            .iter()
            .any(|d| d["field"] == "metrics.volunteer_hours"),
        "{diags:?}"
    );
    assert_eq!(diags.len(), 4, "{diags:?}");
    assert_in_writers_words(&diags);
    assert_eq!(before, snapshot(&tmp.path().join("content")));
}

#[test]
fn a_saved_storys_problems_are_named_by_their_labels() {
    let tmp = copy_fixture("basic");
    let desk = Desk::start(tmp.path(), &[]);
    let before = std::fs::read(tmp.path().join(STORY)).unwrap();
    let reply = desk.save_with(STORY, |req| {
        let front = req["front"].as_object_mut().unwrap();
        front.remove("type");
        front.insert("location".into(), json!(["甲", "乙"]));
        front.insert(
            "metrics".into(),
            json!({"participants": 3.5, "patients_served": -2}),
        );
    });
    assert_eq!(reply.status, 422);
    let diags = reply.json()["diagnostics"].as_array().cloned().unwrap();
    assert_eq!(message_at(&diags, "type"), "请填写“活动类型”");
    assert_eq!(message_at(&diags, "location"), "“地点”应为一行文字");
    assert_eq!(
        message_at(&diags, "metrics.participants"),
        "“参与人数”应为不小于 0 的整数"
    );
    assert_eq!(
        message_at(&diags, "metrics.patients_served"),
        "“服务群众”应为不小于 0 的数字"
    );
    assert_in_writers_words(&diags);
    assert_eq!(before, std::fs::read(tmp.path().join(STORY)).unwrap());
    // The schema says which metrics are whole, for the number boxes.
    let schema = desk.get("schema").json();
    let whole: Vec<&str> = schema["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["integer"] == true)
        .filter_map(|m| m["key"].as_str())
        .collect();
    assert_eq!(whole, ["participants", "patients_served"]);
}

#[test]
fn an_english_desk_names_fields_by_their_english_labels() {
    let tmp = copy_fixture("english");
    let desk = Desk::start_lang(tmp.path(), "writing desk: ");
    let reply = desk.post(
        "save",
        &json!({
            "branch": "", "kind": "activities", "body": "Text.",
            "front": {"date": "2024-05-18", "metrics": {"participants": 3.5}},
        }),
    );
    let diags = reply.json()["diagnostics"].as_array().cloned().unwrap();
    assert_eq!(message_at(&diags, "branch"), "Choose a branch");
    assert_eq!(message_at(&diags, "title"), "Fill in “Title”");
    assert_eq!(message_at(&diags, "type"), "Fill in “Type”");
    assert_eq!(
        message_at(&diags, "metrics.participants"),
        "“Participants” must be a whole number, 0 or more"
    );
    assert_in_writers_words(&diags);
}

/// The save a form makes of `opened` with its front and body as given,
/// carrying the file as opened (the base of a three-way merge).
fn save_request(opened: &Value, front: Value, body: &str) -> Value {
    json!({
        "path": opened["path"], "branch": opened["branch"], "kind": opened["kind"],
        "front": front, "body": body, "version": opened["version"], "base": opened["text"],
    })
}

/// Issue 25, problem 2: a colleague's change to another field is kept.
#[test]
fn a_field_changed_on_disk_and_a_body_changed_in_the_form_merge() {
    let tmp = copy_fixture("basic");
    let desk = Desk::start(tmp.path(), &[]);
    let opened = desk.story(STORY);
    assert_eq!(
        opened["text"],
        std::fs::read_to_string(tmp.path().join(STORY)).unwrap()
    );
    // A colleague adds a location, with a comment, in a text editor.
    let theirs = "---\ntitle: 主题党日活动\ndate: 2023-05-01\ntype: 主题党日\nlocation:   党员活动室  # 三楼\ntags: [主题党日]\nmetrics:\n  participants: 10\n---\n党总支开展主题党日活动。\n";
    std::fs::write(tmp.path().join(STORY), theirs).unwrap();
    let reply = desk.post(
        "save",
        &save_request(
            &opened,
            opened["front"].clone(),
            "党总支开展主题党日活动，全体党员参加。\n",
        ),
    );
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let saved = std::fs::read_to_string(tmp.path().join(STORY)).unwrap();
    assert_eq!(
        saved,
        theirs.replace(
            "党总支开展主题党日活动。",
            "党总支开展主题党日活动，全体党员参加。"
        )
    );
    let answer = reply.json();
    let merged = answer["merged"].as_array().unwrap();
    assert!(
        merged.contains(&json!({"field": "location", "label": "地点", "by": "theirs"}))
            && merged.contains(&json!({"field": "body", "label": "正文", "by": "mine"})),
        "{answer}"
    );
    assert_eq!(answer["front"]["location"], "党员活动室");
    assert_eq!(answer["text"], saved.as_str());
    assert_eq!(answer["version"], desk.story(STORY)["version"]);
}

/// Issue 25, problem 2: a figure changed on each side (metrics one by one)
/// and a field the writer removed while the colleague kept it merge too.
#[test]
fn figures_changed_on_each_side_merge_one_by_one() {
    let tmp = copy_fixture("basic");
    let desk = Desk::start(tmp.path(), &[]);
    let opened = desk.story(STORY);
    let theirs = std::fs::read_to_string(tmp.path().join(STORY))
        .unwrap()
        .replace("title: 主题党日活动\n", "title: 五月主题党日\n");
    std::fs::write(tmp.path().join(STORY), &theirs).unwrap();
    let mut front = opened["front"].clone();
    front["metrics"]["volunteer_hours"] = json!(12);
    let reply = desk.post(
        "save",
        &save_request(&opened, front, opened["body"].as_str().unwrap()),
    );
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let saved = std::fs::read_to_string(tmp.path().join(STORY)).unwrap();
    assert!(
        saved.starts_with("---\ntitle: 五月主题党日\n")
            && saved.contains("  participants: 10\n  volunteer_hours: 12\n"),
        "{saved}"
    );
    let merged = reply.json()["merged"].clone();
    assert!(
        merged
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["field"] == "metrics.volunteer_hours" && m["by"] == "mine"),
        "{merged}"
    );
}

/// Issue 25, problem 2: the same field changed on both sides is a conflict
/// naming it by its label, with nothing written; the writer's choice of the
/// colleague's value keeps that line exactly, the rest of the form applied.
#[test]
fn the_same_field_changed_on_both_sides_is_a_conflict_settled_by_choice() {
    let tmp = copy_fixture("basic");
    let desk = Desk::start(tmp.path(), &[]);
    let opened = desk.story(STORY);
    let theirs = std::fs::read_to_string(tmp.path().join(STORY))
        .unwrap()
        .replace("type: 主题党日\n", "type: '义诊'   # 同事改的\n");
    std::fs::write(tmp.path().join(STORY), &theirs).unwrap();
    let mut front = opened["front"].clone();
    front["type"] = json!("志愿服务");
    front["title"] = json!("主题党日活动（网页中改过）");
    let mut req = save_request(&opened, front, opened["body"].as_str().unwrap());
    let reply = desk.post("save", &req);
    assert_eq!(
        reply.status,
        409,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let conflict = reply.json()["conflict"].clone();
    assert_eq!(
        conflict["fields"],
        json!([{"field": "type", "label": "活动类型", "mine": "志愿服务", "theirs": "义诊"}])
    );
    assert_eq!(
        conflict["merged"],
        json!([{"field": "title", "label": "标题", "by": "mine"}])
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join(STORY)).unwrap(),
        theirs
    );
    // Choices made on an older version of the file do not count.
    req["resolve"] = json!({"version": opened["version"], "choices": {"type": "theirs"}});
    assert_eq!(desk.post("save", &req).status, 409);
    req["resolve"] = json!({"version": conflict["version"], "choices": {"type": "theirs"}});
    let reply = desk.post("save", &req);
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join(STORY)).unwrap(),
        theirs.replace(
            "title: 主题党日活动\n",
            "title: 主题党日活动（网页中改过）\n"
        )
    );
}

/// Issue 25, problem 2: the body merges by paragraphs; the same paragraph
/// changed on both sides is a conflicting passage, settled by choice.
#[test]
fn body_edits_merge_by_paragraph_and_clash_in_the_same_one() {
    let tmp = copy_fixture("basic");
    let path = tmp.path().join(STORY);
    let three = std::fs::read_to_string(&path).unwrap().replace(
        "党总支开展主题党日活动。\n",
        "第一段。\n\n第二段。\n\n第三段。\n",
    );
    std::fs::write(&path, &three).unwrap();
    let desk = Desk::start(tmp.path(), &[]);
    let opened = desk.story(STORY);
    // Different paragraphs: both kept.
    std::fs::write(&path, three.replace("第三段。", "第三段，同事补充。")).unwrap();
    let mine = "第一段，我改过。\n\n第二段。\n\n第三段。\n";
    let reply = desk.post(
        "save",
        &save_request(&opened, opened["front"].clone(), mine),
    );
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        three
            .replace("第一段。", "第一段，我改过。")
            .replace("第三段。", "第三段，同事补充。")
    );
    assert_eq!(
        reply.json()["merged"],
        json!([{"field": "body", "label": "正文", "by": "both"}])
    );
    // The same paragraph: a conflict, nothing written.
    let opened = desk.story(STORY);
    let disk = std::fs::read_to_string(&path)
        .unwrap()
        .replace("第二段。", "第二段，同事写的。");
    std::fs::write(&path, &disk).unwrap();
    let mine = opened["body"]
        .as_str()
        .unwrap()
        .replace("第二段。", "第二段，我写的。");
    let mut req = save_request(&opened, opened["front"].clone(), &mine);
    let reply = desk.post("save", &req);
    assert_eq!(
        reply.status,
        409,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let conflict = reply.json()["conflict"].clone();
    assert_eq!(
        conflict["fields"],
        json!([{"field": "body.0", "label": "正文", "mine": "第二段，我写的。", "theirs": "第二段，同事写的。"}])
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), disk);
    req["resolve"] = json!({"version": conflict["version"], "choices": {"body.0": "both"}});
    let reply = desk.post("save", &req);
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert!(std::fs::read_to_string(&path).unwrap().ends_with(
        "第一段，我改过。\n\n第二段，同事写的。\n\n第二段，我写的。\n\n第三段，同事补充。\n"
    ));
}

/// Issue 25, problem 2: a base that is not the file the form was opened on
/// (its version does not match) is not trusted: nothing merges by itself,
/// every difference is the writer's to choose.
#[test]
fn a_base_whose_version_does_not_match_merges_nothing_by_itself() {
    let tmp = copy_fixture("basic");
    let desk = Desk::start(tmp.path(), &[]);
    let opened = desk.story(STORY);
    let theirs = std::fs::read_to_string(tmp.path().join(STORY))
        .unwrap()
        .replace("type: 主题党日\n", "type: 主题党日\nlocation: 党员活动室\n");
    std::fs::write(tmp.path().join(STORY), &theirs).unwrap();
    let mut req = save_request(&opened, opened["front"].clone(), "我的正文。\n");
    req["base"] = json!(theirs.replace("主题党日活动", "别的标题"));
    let reply = desk.post("save", &req);
    assert_eq!(
        reply.status,
        409,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let fields = reply.json()["conflict"]["fields"].clone();
    assert_eq!(
        fields,
        json!([
            {"field": "location", "label": "地点", "mine": null, "theirs": "党员活动室"},
            {"field": "body.0", "label": "正文", "mine": "我的正文。", "theirs": "党总支开展主题党日活动。"},
        ])
    );
    assert_eq!(
        std::fs::read_to_string(tmp.path().join(STORY)).unwrap(),
        theirs
    );
}

/// Issue 25, photos: a stored photo loses its metadata without growing
/// (its pixels untouched), only a photo to be turned is encoded again, and
/// the same photo uploaded twice into one story is stored once.
#[test]
fn an_uploaded_photo_loses_its_metadata_without_growing_and_is_stored_once() {
    let tmp = copy_fixture("basic");
    let desk = Desk::start(tmp.path(), &[]);
    let fixtures = crate::common::fixture("photos");
    let bundle_dir = fixtures.join("content/branches/clinic/activities/2024-05-10-village-clinic");
    let folder = tmp.path().join(Path::new(BUNDLE).parent().unwrap());
    let photos_in = |ext: &str| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(&folder)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(ext))
            .collect();
        v.sort();
        v
    };
    let before = photos_in(".jpg");
    let upload = |file: &Path, name: &str| {
        let reply = desk.upload(
            &format!("path={}&name={name}", enc(BUNDLE)),
            &std::fs::read(file).unwrap(),
        );
        assert_eq!(
            reply.status,
            200,
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
        reply.json()
    };
    let wide = std::fs::read(bundle_dir.join("wide.jpg")).unwrap();
    let up = upload(&bundle_dir.join("wide.jpg"), "wide.jpg");
    let name = up["name"].as_str().unwrap().to_string();
    let stored = std::fs::read(folder.join(&name)).unwrap();
    assert!(
        stored.len() <= wide.len() + 16,
        "{} bytes stored from {}",
        stored.len(),
        wide.len()
    );
    for needle in [
        &b"Exif\0\0"[..],
        b"GPS",
        b"http://ns.adobe.com/xap/",
        b"Photoshop 3.0",
        "石桥镇".as_bytes(),
    ] {
        assert!(
            !stored.windows(needle.len()).any(|w| w == needle),
            "{} kept",
            String::from_utf8_lossy(needle)
        );
    }
    // Not encoded again: the very same pixels.
    assert_eq!(
        image::load_from_memory(&stored)
            .unwrap()
            .to_rgb8()
            .into_raw(),
        image::load_from_memory(&wide).unwrap().to_rgb8().into_raw()
    );
    // The same photo again (under another name): nothing new is stored.
    let again = upload(&bundle_dir.join("wide.jpg"), "IMG_0001.jpg");
    assert_eq!(again["name"], name.as_str(), "{again}");
    assert_eq!(again["reused"], true);
    let mut expected = before.clone();
    expected.push(name.clone());
    expected.sort();
    assert_eq!(photos_in(".jpg"), expected);
    // A photo whose EXIF says to turn it is stored upright, without EXIF.
    let up = upload(&bundle_dir.join("rotated.jpg"), "rotated.jpg");
    let turned = std::fs::read(folder.join(up["name"].as_str().unwrap())).unwrap();
    assert!(!turned.windows(6).any(|w| w == b"Exif\0\0"));
    let img = image::load_from_memory(&turned).unwrap();
    assert_eq!((img.width(), img.height()), (300, 600));
    // A PNG loses its text and EXIF chunks, pixels kept.
    let logo = std::fs::read(fixtures.join("content/branches/clinic/logo.png")).unwrap();
    let up = upload(
        &fixtures.join("content/branches/clinic/logo.png"),
        "logo.png",
    );
    let png = std::fs::read(folder.join(up["name"].as_str().unwrap())).unwrap();
    assert!(png.len() < logo.len());
    for chunk in [b"tEXt", b"eXIf"] {
        assert!(!png.windows(4).any(|w| w == chunk));
    }
    assert_eq!(
        image::load_from_memory(&png).unwrap().to_rgba8().into_raw(),
        image::load_from_memory(&logo)
            .unwrap()
            .to_rgba8()
            .into_raw()
    );
    // A WebP loses its EXIF chunk, pixels kept.
    let webp = std::fs::read(bundle_dir.join("screen.webp")).unwrap();
    assert!(
        webp.windows(4).any(|w| w == b"EXIF"),
        "the fixture has EXIF"
    );
    let up = upload(&bundle_dir.join("screen.webp"), "screen.webp");
    let kept = std::fs::read(folder.join(up["name"].as_str().unwrap())).unwrap();
    assert!(kept.len() < webp.len());
    assert!(!kept.windows(4).any(|w| w == b"EXIF") && !kept.windows(3).any(|w| w == b"GPS"));
    assert_eq!(
        image::load_from_memory(&kept)
            .unwrap()
            .to_rgba8()
            .into_raw(),
        image::load_from_memory(&webp)
            .unwrap()
            .to_rgba8()
            .into_raw()
    );
}

/// Issue 25, problem 2: tags added on both sides are not a conflict: the
/// list keeps the colleague's new tag and the writer's, and drops the one
/// the writer removed.
#[test]
fn tags_changed_on_both_sides_merge_item_by_item() {
    let tmp = copy_fixture("basic");
    let desk = Desk::start(tmp.path(), &[]);
    let opened = desk.story(STORY);
    let theirs = std::fs::read_to_string(tmp.path().join(STORY))
        .unwrap()
        .replace("tags: [主题党日]\n", "tags: [主题党日, 同事加的]\n");
    std::fs::write(tmp.path().join(STORY), &theirs).unwrap();
    let mut front = opened["front"].clone();
    front["tags"] = json!(["我加的"]);
    let reply = desk.post(
        "save",
        &save_request(&opened, front, opened["body"].as_str().unwrap()),
    );
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let answer = reply.json();
    assert_eq!(
        answer["front"]["tags"],
        json!(["同事加的", "我加的"]),
        "{answer}"
    );
    assert!(
        answer["merged"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["field"] == "tags" && m["by"] == "both"),
        "{answer}"
    );
    let saved = std::fs::read_to_string(tmp.path().join(STORY)).unwrap();
    assert!(
        saved.starts_with("---\ntitle: 主题党日活动\ndate: 2023-05-01\ntype: 主题党日\n"),
        "{saved}"
    );
}

const ACT: &str = "content/branches/general/activities";

/// The list entry of the story at `path`.
fn listed(desk: &Desk, path: &str) -> Value {
    let list = desk.get("stories").json();
    let stories = list["stories"].as_array().expect("stories");
    let found = stories.iter().find(|s| s["path"] == path);
    found.unwrap_or_else(|| panic!("{path} not listed")).clone()
}

/// Issue 26: the list shows each story's review state; without review, none.
#[test]
fn the_list_shows_each_storys_review_state() {
    let tmp = copy_fixture("review");
    let desk = Desk::start(tmp.path(), &[]);
    let expect = [
        ("2024-05-01-none.md", "waiting", "待支部审核"),
        ("2024-05-02-first.md", "waiting", "待宣传科审核"),
        ("2024-05-03-both.md", "approved", "已通过"),
        ("2024-05-04-edited.md", "changed", "已修改需重审"),
        ("2024-05-05-draft.md", "draft", "草稿"),
    ];
    for (file, state, label) in expect {
        let s = listed(&desk, &format!("{ACT}/{file}"));
        assert_eq!(s["review"]["state"], state, "{file}: {s}");
        assert_eq!(s["review"]["label"], label, "{file}: {s}");
    }
    let schema = desk.get("schema").json();
    assert_eq!(
        schema["review"]["stages"],
        json!(["支部审核", "宣传科审核"])
    );
    drop(desk);
    let plain = copy_fixture("basic");
    let desk = Desk::start(plain.path(), &[]);
    assert_eq!(listed(&desk, STORY)["review"], Value::Null);
    assert_eq!(desk.get("schema").json()["review"], Value::Null);
}

/// Issue 26: an approval adds exactly its lines; out of order, on a changed
/// version or without the token, nothing is written.
#[test]
fn approve_writes_exactly_the_approval_lines_and_refuses_what_it_must() {
    let tmp = copy_fixture("review");
    let desk = Desk::start(tmp.path(), &[]);
    let path = format!("{ACT}/2024-05-01-none.md");
    let file = tmp.path().join(&path);
    let before = std::fs::read_to_string(&file).unwrap();
    let opened = desk.story(&path);
    let ask = |stage: &str, version: &Value| json!({ "path": path, "version": version, "stage": stage, "by": "刘强" });
    // Out of order.
    let r = desk.post("approve", &ask("宣传科审核", &opened["version"]));
    assert_eq!(r.status, 422);
    assert!(
        r.json()["error"].as_str().unwrap().contains("须先通过"),
        "{}",
        r.json()
    );
    // A version other than the file's.
    let r = desk.post("approve", &ask("支部审核", &json!("0123")));
    assert_eq!(r.status, 409, "{}", r.json());
    // Without the token.
    let origin = desk.origin();
    let body = ask("支部审核", &opened["version"]).to_string();
    let r = desk.request(
        "POST",
        "/__branchpress/desk/api/approve",
        &[("Origin", &origin), ("Content-Type", "application/json")],
        body.as_bytes(),
    );
    assert_eq!(r.status, 403);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
    // In order, on the version read: exactly the approval's lines.
    let r = desk.post("approve", &ask("支部审核", &opened["version"]));
    assert_eq!(r.status, 200, "{}", r.json());
    assert_eq!(r.json()["label"], "待宣传科审核");
    let after = std::fs::read_to_string(&file).unwrap();
    assert_eq!(listed(&desk, &path)["review"]["state"], "waiting");
    let lines: Vec<&str> = after.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == "reviewed:")
        .expect("reviewed");
    let mut expected: Vec<String> = before.lines().map(str::to_string).collect();
    let added: Vec<&str> = lines[at..at + 5].to_vec();
    assert_eq!(added[1], "  - stage: 支部审核");
    assert_eq!(added[2], "    by: 刘强");
    assert!(added[3].starts_with("    date: 20"), "{added:?}");
    assert!(added[4].starts_with("    digest: "), "{added:?}");
    let close = expected.iter().rposition(|l| l == "---").unwrap();
    for (i, l) in added.iter().enumerate() {
        expected.insert(close + i, l.to_string());
    }
    assert_eq!(lines, expected, "only the approval's lines were added");
    // The same stage again is refused: it has approved this text.
    let v = desk.story(&path)["version"].clone();
    let r = desk.post("approve", &ask("支部审核", &v));
    assert_eq!(r.status, 422);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), after);
}

/// Issue 26: a return writes the note the writer then sees; the next
/// approval clears it.
#[test]
fn a_return_writes_review_note_and_the_next_approval_clears_it() {
    let tmp = copy_fixture("review");
    let desk = Desk::start(tmp.path(), &[]);
    let path = format!("{ACT}/2024-05-01-none.md");
    let file = tmp.path().join(&path);
    let before = std::fs::read_to_string(&file).unwrap();
    let v = desk.story(&path)["version"].clone();
    let r = desk.post(
        "return",
        &json!({ "path": path, "version": v, "by": "刘强", "note": "" }),
    );
    assert_eq!(r.status, 422);
    let r = desk.post(
        "return",
        &json!({ "path": path, "version": v, "by": "刘强", "note": "请补充活动人数" }),
    );
    assert_eq!(r.status, 200, "{}", r.json());
    let after = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        after,
        before.replacen("\n---\n", "\nreview_note: 请补充活动人数\n---\n", 1)
    );
    assert_eq!(desk.story(&path)["front"]["review_note"], "请补充活动人数");
    assert_eq!(listed(&desk, &path)["review"]["note"], "请补充活动人数");
    let v = desk.story(&path)["version"].clone();
    let r = desk.post(
        "approve",
        &json!({ "path": path, "version": v, "stage": "支部审核", "by": "刘强" }),
    );
    assert_eq!(r.status, 200, "{}", r.json());
    assert!(
        !std::fs::read_to_string(&file)
            .unwrap()
            .contains("review_note")
    );
}

/// Issue 26: a writer cannot approve through a save; an edit after
/// approval shows 已修改需重审.
#[test]
fn a_save_cannot_change_reviewed_and_an_edit_needs_review_again() {
    let tmp = copy_fixture("review");
    let desk = Desk::start(tmp.path(), &[]);
    let path = format!("{ACT}/2024-05-02-first.md");
    let file = tmp.path().join(&path);
    let before = std::fs::read_to_string(&file).unwrap();
    let r = desk.save_with(&path, |req| {
        let mut second = req["front"]["reviewed"][0].clone();
        second["stage"] = json!("宣传科审核");
        req["front"]["reviewed"]
            .as_array_mut()
            .unwrap()
            .push(second);
    });
    assert_eq!(r.status, 422, "{}", String::from_utf8_lossy(&r.body));
    assert!(r.json()["error"].as_str().unwrap().contains("reviewed"));
    let r = desk.save_with(&path, |req| {
        req["front"].as_object_mut().unwrap().remove("reviewed");
    });
    assert_eq!(r.status, 422);
    // A new story cannot arrive approved either.
    let none = desk.story(&format!("{ACT}/2024-05-03-both.md"));
    let r = desk.post(
        "save",
        &json!({ "branch": "general", "kind": "activities", "front": none["front"],
                 "body": none["body"] }),
    );
    assert_eq!(r.status, 422, "{}", String::from_utf8_lossy(&r.body));
    assert!(r.json()["error"].as_str().unwrap().contains("reviewed"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
    // Unchanged `reviewed`, edited body: saved, and changed after approval.
    let r = desk.save_with(&path, |req| {
        req["body"] = json!("支部已审的讲座的正文，又改了一句。\n");
    });
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(listed(&desk, &path)["review"]["label"], "已修改需重审");
}

/// Issue 26: a story with errors is not approved (a reviewer approves only
/// what would build), and nothing is written.
#[test]
fn a_story_with_errors_is_not_approved() {
    let tmp = copy_fixture("review");
    let desk = Desk::start(tmp.path(), &[]);
    let path = format!("{ACT}/2024-05-01-none.md");
    let file = tmp.path().join(&path);
    let broken = std::fs::read_to_string(&file)
        .unwrap()
        .replace("participants: 10", "participants: -10");
    std::fs::write(&file, &broken).unwrap();
    let v = desk.story(&path)["version"].clone();
    let r = desk.post(
        "approve",
        &json!({ "path": path, "version": v, "stage": "支部审核", "by": "刘强" }),
    );
    assert_eq!(r.status, 422, "{}", r.json());
    assert!(
        r.json()["error"].as_str().unwrap().contains("错误"),
        "{}",
        r.json()
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), broken);
}

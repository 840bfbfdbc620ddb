//! "复制到公众号" while previewing: serve's read-only fragment endpoint
//! answers what `branchpress wechat` prints, finds stories only among the
//! site's own, refuses drafts; the desk's call needs the token and takes
//! the form's unsaved text; a built site never carries the button.

use std::io::BufRead as _;
use std::io::BufReader;
use std::path::Path;
use std::process::Child;

use serde_json::{Value, json};

use crate::common::{build_ok, copy_dir, copy_fixture, run, text};

const STORY: &str = "content/branches/admin/activities/2022-02-18-clinical-one-plus-one-launch.md";
const DRAFT: &str = "content/branches/admin/activities/2025-11-20-patient-feedback-party-day.md";
/// Its page.
const PAGE: &str = "/branches/admin/activities/clinical-one-plus-one-launch/";
const ENDPOINT: &str = "/__branchpress/wechat";

/// The demo portal in a temporary folder.
fn demo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for part in ["site.yaml", "content", "themes"] {
        let from = repo.join(part);
        if from.is_dir() {
            copy_dir(&from, &tmp.path().join(part));
        } else {
            std::fs::copy(&from, tmp.path().join(part)).unwrap();
        }
    }
    tmp
}

/// A running `serve` with its desk, killed when dropped.
struct Serve {
    child: Child,
    addr: String,
    desk_addr: String,
    token: String,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn address(line: &str) -> Option<String> {
    line.split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .map(str::to_string)
}

impl Serve {
    fn start(root: &Path) -> Serve {
        let mut child = crate::common::spawn_serve(root, &[]);
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        while stdout.read_line(&mut line).expect("read") > 0 {
            lines.push(std::mem::take(&mut line).trim().to_string());
            let desk = |l: &String| l.starts_with("写作台：") || l.starts_with("writing desk: ");
            if lines.len() > 6 || lines.last().is_some_and(desk) {
                break;
            }
        }
        let addr = address(&lines[0]).unwrap_or_else(|| panic!("no address in {lines:?}"));
        let desk_addr = lines
            .iter()
            .find(|l| l.starts_with("写作台：") || l.starts_with("writing desk: "))
            .and_then(|l| address(l))
            .unwrap_or_else(|| panic!("no desk in {lines:?}"));
        let mut serve = Serve {
            child,
            addr,
            desk_addr,
            token: String::new(),
        };
        let (_, _, page) = serve.desk("GET", "/__branchpress/desk/", &[], b"");
        let page = String::from_utf8_lossy(&page).into_owned();
        let at = page.find("name=\"bp-token\"").expect("token meta");
        let rest = &page[at..];
        let start = rest.find("content=\"").unwrap() + 9;
        let end = rest[start..].find('"').unwrap();
        serve.token = rest[start..start + end].to_string();
        serve
    }

    /// A GET of the preview: status and body.
    fn get(&self, path: &str) -> (u16, Vec<u8>) {
        let head = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.addr
        );
        let (status, _, body) = crate::common::http(&self.addr, &head, b"");
        (status, body)
    }

    /// The fragment endpoint for `path` (sent as given): status and JSON.
    fn wechat(&self, path: &str) -> (u16, Value) {
        let (status, body) = self.get(&format!("{ENDPOINT}?path={}", enc(path)));
        let value = serde_json::from_slice(&body)
            .unwrap_or_else(|_| panic!("not JSON ({status}): {}", String::from_utf8_lossy(&body)));
        (status, value)
    }

    /// A request to the desk's listener.
    fn desk(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> (u16, String, Vec<u8>) {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.desk_addr,
            body.len()
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        crate::common::http(&self.desk_addr, &head, body)
    }

    /// The desk's `wechat` call, with or without the token.
    fn desk_wechat(&self, body: &Value, token: Option<&str>) -> (u16, Value) {
        let origin = format!("http://{}", self.desk_addr);
        let mut headers = vec![
            ("Origin", origin.as_str()),
            ("Content-Type", "application/json"),
            ("Sec-Fetch-Site", "same-origin"),
        ];
        if let Some(token) = token {
            headers.push(("X-Branchpress-Token", token));
        }
        let (status, _, body) = self.desk(
            "POST",
            "/__branchpress/desk/api/wechat",
            &headers,
            body.to_string().as_bytes(),
        );
        (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
    }
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// What `branchpress wechat` prints for `story`, without the last newline.
fn command_output(root: &Path, story: &str) -> String {
    let out = run(root, &["wechat", story]);
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    stdout.strip_suffix('\n').unwrap_or(&stdout).to_string()
}

#[test]
fn the_preview_endpoint_answers_what_the_command_prints() {
    let tmp = demo();
    let expected = command_output(tmp.path(), STORY);
    let serve = Serve::start(tmp.path());
    let (status, v) = serve.wechat(STORY);
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["html"].as_str(), Some(expected.as_str()));
    let text = v["text"].as_str().unwrap();
    assert!(text.contains("院党委启动“临床1+1”联系点工程"), "{text}");
    assert!(v["warnings"].is_array());
    // The fragment points at the portal, never at the preview.
    assert!(!expected.contains(&serve.addr));

    // The story's page carries the button, beside 编辑本文.
    let (status, page) = serve.get(PAGE);
    let page = String::from_utf8_lossy(&page);
    assert_eq!(status, 200);
    assert!(page.contains("id=\"bp-wechat\""), "{page}");
    assert!(page.contains("复制到公众号"));
    assert!(page.contains("编辑本文"));

    // Only GET.
    let head = format!(
        "POST {ENDPOINT}?path={} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: 0\r\n",
        enc(STORY),
        serve.addr
    );
    let (status, _, _) = crate::common::http(&serve.addr, &head, b"");
    assert_eq!(status, 405);

    // Another host name (DNS rebinding) is refused.
    let port = serve.addr.rsplit(':').next().unwrap();
    let head = format!(
        "GET {ENDPOINT}?path={} HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n",
        enc(STORY)
    );
    let (status, _, _) = crate::common::http(&serve.addr, &head, b"");
    assert_eq!(status, 403);
}

#[test]
fn unknown_and_outside_paths_are_not_found_and_nothing_is_read() {
    let tmp = demo();
    // A file outside the portal that is a well-formed story, and one
    // inside content/ that is not a story of the site.
    let outside = tmp.path().join("secret.md");
    std::fs::write(
        &outside,
        "---\ntitle: 秘密\ndate: 2024-01-01\n---\n\n机密内容\n",
    )
    .unwrap();
    let serve = Serve::start(tmp.path());
    for path in [
        "content/branches/admin/activities/no-such-story.md",
        "../secret.md",
        "content/branches/admin/activities/../../../../secret.md",
        outside.to_str().unwrap(),
        "/etc/passwd",
        "",
    ] {
        let (status, v) = serve.wechat(path);
        assert_eq!(status, 404, "{path}: {v}");
        assert!(v.get("html").is_none(), "{path}: {v}");
        assert!(!v.to_string().contains("机密内容"), "{path}: {v}");
        assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()));
    }
}

#[test]
fn a_draft_is_refused_with_its_reason() {
    let tmp = demo();
    let serve = Serve::start(tmp.path());
    let (status, v) = serve.wechat(DRAFT);
    assert_eq!(status, 422, "{v}");
    assert!(v.get("html").is_none(), "{v}");
    assert!(v["error"].as_str().unwrap().contains("草稿"), "{v}");
}

#[test]
fn the_desk_call_needs_the_token_and_takes_the_form_as_it_is() {
    let tmp = demo();
    let serve = Serve::start(tmp.path());
    let (_, _, opened) = serve.desk(
        "GET",
        &format!("/__branchpress/desk/api/story?path={}", enc(STORY)),
        &[("X-Branchpress-Token", serve.token.as_str())],
        b"",
    );
    let story: Value = serde_json::from_slice(&opened).unwrap();
    let mut form = json!({
        "path": story["path"], "branch": story["branch"], "kind": story["kind"],
        "front": story["front"], "body": story["body"],
    });

    // Without the token, or with a wrong one: refused, nothing made.
    for token in [None, Some("0123456789abcdef0123456789abcdef")] {
        let (status, v) = serve.desk_wechat(&form, token);
        assert_eq!(status, 403, "{v}");
        assert!(v.get("html").is_none());
    }

    // Unchanged: what the command prints.
    let expected = command_output(tmp.path(), STORY);
    let (status, v) = serve.desk_wechat(&form, Some(&serve.token));
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["html"].as_str(), Some(expected.as_str()));

    // The unsaved title is in the fragment; the file is untouched.
    let before = std::fs::read(tmp.path().join(STORY)).unwrap();
    form["front"]["title"] = json!("尚未保存的新标题");
    let (status, v) = serve.desk_wechat(&form, Some(&serve.token));
    assert_eq!(status, 200, "{v}");
    assert!(v["html"].as_str().unwrap().contains("尚未保存的新标题"));
    assert!(v["text"].as_str().unwrap().contains("尚未保存的新标题"));
    assert_eq!(std::fs::read(tmp.path().join(STORY)).unwrap(), before);

    // Ticked as a draft in the form: refused.
    form["front"]["draft"] = json!(true);
    let (status, v) = serve.desk_wechat(&form, Some(&serve.token));
    assert_eq!(status, 422, "{v}");
    assert!(v["error"].as_str().unwrap().contains("草稿"), "{v}");

    // A path outside the branches: refused by the desk's path check.
    form["path"] = json!("../secret.md");
    let (status, v) = serve.desk_wechat(&form, Some(&serve.token));
    assert!(status >= 400, "{v}");
    assert!(v.get("html").is_none());
}

#[test]
fn a_built_site_never_carries_the_button() {
    let tmp = demo();
    let out = build_ok(tmp.path(), &[]);
    let page = out.join(PAGE.trim_start_matches('/')).join("index.html");
    let html = std::fs::read_to_string(&page).expect("the story's page");
    assert!(html.contains("院党委启动"));
    for needle in ["bp-wechat", "复制到公众号", "__branchpress"] {
        assert!(!html.contains(needle), "{needle} in a built page");
    }
}

#[test]
fn an_english_portal_says_it_in_english() {
    let tmp = copy_fixture("english");
    let story = "content/branches/cardio/activities/2024-05-11-saturday-clinic.md";
    let expected = command_output(tmp.path(), story);
    let serve = Serve::start(tmp.path());
    let (status, v) = serve.wechat(story);
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["html"].as_str(), Some(expected.as_str()));
    let (status, v) = serve.wechat("content/branches/cardio/activities/nothing.md");
    assert_eq!(status, 404);
    assert_eq!(v["error"], "no such story");
    let (_, page) = serve.get("/");
    let page = String::from_utf8_lossy(&page);
    let link = page
        .split("href=\"")
        .filter_map(|p| p.split('"').next())
        .find(|h| h.contains("saturday-clinic"))
        .unwrap_or_else(|| panic!("no link to the story in {page}"))
        .to_string();
    let (status, page) = serve.get(&link);
    assert_eq!(status, 200, "{link}");
    let page = String::from_utf8_lossy(&page);
    assert!(page.contains(">Copy for WeChat</button>"), "{page}");
    assert!(page.contains("Copied: paste it into the official account's editor"));
    assert!(!page.contains("复制到公众号"));
}

#[test]
fn a_story_waiting_for_review_is_made_marked_unreviewed() {
    let tmp = copy_fixture("review");
    let story = "content/branches/general/activities/2024-05-01-none.md";
    let out = run(tmp.path(), &["wechat", story]);
    assert!(
        !out.status.success(),
        "the command refuses it without --unreviewed"
    );
    let out = run(tmp.path(), &["wechat", "--unreviewed", story]);
    assert!(out.status.success(), "{}", text(&out));
    let expected = String::from_utf8(out.stdout).unwrap();
    let serve = Serve::start(tmp.path());
    let (status, v) = serve.wechat(story);
    assert_eq!(status, 200, "{v}");
    let html = v["html"].as_str().unwrap();
    assert_eq!(html, expected.trim_end_matches('\n'));
    assert!(html.contains("待审核，请勿发布"));
    assert!(v["text"].as_str().unwrap().starts_with("待审核，请勿发布"));
}

#[test]
fn under_a_published_sub_path_the_preview_answers_what_the_command_prints() {
    let tmp = demo();
    let site = std::fs::read_to_string(tmp.path().join("site.yaml")).unwrap();
    let site: String = (site.lines())
        .map(|l| {
            if l.starts_with("base_url:") {
                "base_url: https://dangjian.example.org/portal/".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(tmp.path().join("site.yaml"), site + "\n").unwrap();
    let expected = command_output(tmp.path(), STORY);
    assert!(expected.contains("https://dangjian.example.org/portal/branches/"));
    let serve = Serve::start(tmp.path());
    let (status, v) = serve.wechat(STORY);
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["html"].as_str(), Some(expected.as_str()));
}

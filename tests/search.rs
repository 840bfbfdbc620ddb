//! The search index a build writes under pagefind/: what is in it (every
//! published story and branch, never a draft), what each record carries,
//! escaping, languages, and the `search: false` switch. Queries in a real
//! browser are in tests/browser/search.mjs.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use common::*;
use serde_json::Value;

/// Every record of the index: the fragments, decompressed, by URL.
fn records(out: &Path) -> BTreeMap<String, Value> {
    let mut records = BTreeMap::new();
    for entry in std::fs::read_dir(out.join("pagefind/fragment")).expect("fragment folder") {
        let bytes = std::fs::read(entry.expect("entry").path()).expect("read fragment");
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut raw)
            .expect("gzip");
        let json = raw
            .strip_prefix(b"pagefind_dcd")
            .expect("Pagefind's fragment signature");
        let record: Value = serde_json::from_slice(json).expect("fragment JSON");
        let url = record["url"].as_str().expect("url").to_string();
        assert!(records.insert(url.clone(), record).is_none(), "{url} twice");
    }
    records
}

/// The basic fixture with one more line in its site.yaml.
fn basic_with(line: &str) -> tempfile::TempDir {
    let tmp = copy_fixture("basic");
    let site = std::fs::read_to_string(tmp.path().join("site.yaml")).expect("site.yaml");
    write(tmp.path(), "site.yaml", &format!("{site}\n{line}\n"));
    tmp
}

fn entry(out: &Path) -> Value {
    serde_json::from_str(&read(out, "pagefind/pagefind-entry.json")).expect("entry JSON")
}

#[test]
fn indexes_every_published_story_and_branch_and_no_draft() {
    let tmp = copy_fixture("basic");
    // Even a build that previews drafts keeps them out of the index.
    let out = build_ok(tmp.path(), &["--drafts"]);
    assert!(
        out.join("branches/other/activities/draft/index.html")
            .is_file()
    );
    let records = records(&out);
    let urls: Vec<&str> = records.keys().map(String::as_str).collect();
    assert_eq!(
        urls,
        [
            "branches/child/",
            "branches/child/activities/free-clinic/",
            "branches/general/",
            "branches/general/activities/party-day/",
            "branches/other/",
            "branches/other/honors/award/",
            "branches/other/techniques/xin-ji-shu/",
        ]
    );
    assert!(
        !records
            .values()
            .any(|r| r["content"].as_str().unwrap_or("").contains("尚未发布"))
    );
    let e = entry(&out);
    assert_eq!(e["languages"]["zh-cn"]["page_count"], 7);
    for file in ["pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind"] {
        assert!(out.join("pagefind").join(file).is_file(), "missing {file}");
    }
    // Pagefind's own UIs are not published: the theme has its own.
    assert!(!out.join("pagefind/pagefind-ui.js").exists());
    assert!(out.join("search/index.html").is_file());
}

#[test]
fn records_carry_title_branch_kind_date_and_filters() {
    let tmp = copy_fixture("basic");
    let out = build_ok(tmp.path(), &[]);
    let records = records(&out);
    let story = &records["branches/child/activities/free-clinic/"];
    let title = read(&out, "branches/child/activities/free-clinic/index.html");
    let meta = &story["meta"];
    assert!(title.contains(meta["title"].as_str().expect("title")));
    assert_eq!(meta["kind"], "党建活动");
    assert_eq!(meta["date"], "2024年3月26日");
    assert_eq!(story["filters"]["year"], serde_json::json!(["2024"]));
    assert_eq!(story["filters"]["kind"], serde_json::json!(["党建活动"]));
    let branch_name = meta["branch"].as_str().expect("branch");
    assert_eq!(story["filters"]["branch"][0], branch_name);
    // The body is indexed, code included, not just the title.
    let content: String = story["content"]
        .as_str()
        .expect("content")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{200b}')
        .collect();
    for words in [
        "走进乡村义诊",
        "服务群众三百人次",
        "print(&quot;义诊&quot;)",
        "主题党日",
    ] {
        assert!(content.contains(words), "{words} not in {content}");
    }
    // A branch record: its secretary is searchable, and its kind is the branch label.
    let general = &records["branches/general/"];
    assert_eq!(general["meta"]["kind"], "党支部简介");
    assert!(
        general["content"]
            .as_str()
            .expect("content")
            .contains("张三")
    );
    // The search page offers the filters' values.
    let page = read(&out, "search/index.html");
    assert!(page.contains("<option>2024</option>"));
    assert!(page.contains(&format!("<option>{branch_name}</option>")));
}

#[test]
fn indexed_text_is_escaped_and_cannot_steer_the_indexer() {
    let tmp = copy_fixture("basic");
    write(
        tmp.path(),
        "content/branches/general/activities/2024-09-01-xss.md",
        "---\ntitle: 转义测试\ndate: 2024-09-01\ntype: 义诊\n---\n\n\
         正文里写着 `<script>alert(1)</script>` 和 ___PAGEFIND_WEIGHT___0 这样的字样。\n",
    );
    let out = build_ok(tmp.path(), &[]);
    let records = records(&out);
    // Pagefind separates the segments of Chinese text with U+200B.
    let content = records["branches/general/activities/xss/"]["content"]
        .as_str()
        .expect("content")
        .replace('\u{200b}', "");
    assert!(!content.contains("<script"), "{content}");
    assert!(content.contains("&lt;"), "{content}");
    assert!(content.contains("PAGEFIND"), "{content}");
}

#[test]
fn an_english_portal_gets_an_english_index() {
    let tmp = basic_with("language: en");
    let out = build_ok(tmp.path(), &[]);
    let e = entry(&out);
    assert_eq!(e["languages"]["en"]["page_count"], 7);
    // English gets Pagefind's stemming (volunteers → volunteer).
    assert!(out.join("pagefind/wasm.en.pagefind").is_file());
    let records = records(&out);
    assert_eq!(
        records["branches/child/activities/free-clinic/"]["meta"]["date"],
        "March 26, 2024"
    );
}

#[test]
fn search_false_writes_no_index_and_no_search_box() {
    let tmp = basic_with("search: false");
    let out = build_ok(tmp.path(), &[]);
    assert!(!out.join("pagefind").exists());
    assert!(!out.join("search").exists());
    assert!(!read(&out, "index.html").contains("role=\"search\""));
}

#[test]
fn every_page_has_the_header_search_box() {
    let tmp = copy_fixture("basic");
    let out = build_ok(tmp.path(), &[]);
    for page in [
        "index.html",
        "branches/child/index.html",
        "404.html",
        "stats/index.html",
    ] {
        let html = read(&out, page);
        assert!(
            html.contains("<form class=\"site-search\" role=\"search\"")
                && html.contains("action=\"/search/\"")
                && html.contains("name=\"q\""),
            "{page} has no search box"
        );
    }
}

#[test]
fn a_sub_path_base_url_reaches_the_index_and_the_search_page() {
    let tmp = copy_fixture("basic");
    let out = build_ok(
        tmp.path(),
        &["--base-url", "https://example.org/preview/pr-7/"],
    );
    let page = read(&out, "search/index.html");
    assert!(page.contains("data-search=\"/preview/pr-7/pagefind/pagefind.js\""));
    assert!(page.contains("src=\"/preview/pr-7/search.js\""));
    assert!(read(&out, "index.html").contains("action=\"/preview/pr-7/search/\""));
    // Records stay relative to the site's root; Pagefind's script adds the
    // folder it was loaded from.
    assert!(records(&out).contains_key("branches/child/activities/free-clinic/"));
}

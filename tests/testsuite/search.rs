//! The search index a build writes under search/data/: what is in it (every
//! published story and branch, never a draft), what each record carries,
//! languages, determinism, and the `search: false` switch. Queries through
//! the theme's engine are in tests/browser/oracle.mjs (against a brute-force
//! scan) and tests/browser/search.mjs (in Chromium).

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::*;
use serde_json::Value;

/// Every record's fragment, by URL.
fn records(out: &Path) -> BTreeMap<String, Value> {
    let mut records = BTreeMap::new();
    for entry in std::fs::read_dir(out.join("search/data/r")).expect("fragment folder") {
        // Stored gzipped, as every index file but the manifest.
        let bytes = inflated(&std::fs::read(entry.expect("entry").path()).expect("read fragment"));
        let record: Value = serde_json::from_slice(&bytes).expect("fragment JSON");
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

fn manifest(out: &Path) -> Value {
    serde_json::from_str(&read(out, "search/data/manifest.json")).expect("manifest JSON")
}

/// All the text of a record, its classes joined.
fn all_text(record: &Value) -> String {
    record["text"]
        .as_array()
        .expect("text")
        .iter()
        .map(|t| t.as_str().expect("class text"))
        .collect::<Vec<_>>()
        .join("\n")
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
    assert!(!records.values().any(|r| all_text(r).contains("尚未发布")));
    let m = manifest(&out);
    assert_eq!(m["records"], 7);
    assert_eq!(m["format"], "branchpress-search");
    // Every pair shard a query may name exists, and its positions where
    // it holds a pair (a reader asks for them only for a pair it lists).
    let shards = m["shards"].as_u64().expect("shards");
    assert!(shards.is_power_of_two());
    let mut positions = 0;
    for s in 0..shards {
        let t = inflated(&std::fs::read(out.join(format!("search/data/t/{s}.bin"))).expect("t"));
        let p = out.join(format!("search/data/p/{s}.bin"));
        // The term count, a varint after the 12-byte header.
        assert_eq!(p.is_file(), t[12] != 0, "p/{s}.bin");
        positions += usize::from(p.is_file());
        for dir in ["t", "p"].into_iter().filter(|&d| d == "t" || p.is_file()) {
            let stored =
                std::fs::read(out.join(format!("search/data/{dir}/{s}.bin"))).expect("shard");
            // Postings stored gzipped; positions, which gzip hardly
            // shrinks, as they are.
            assert_eq!(
                stored.starts_with(&[0x1f, 0x8b]),
                dir == "t",
                "{dir}/{s}.bin"
            );
            let bytes = inflated(&stored);
            assert_eq!(&bytes[..4], b"BPS1");
            assert_eq!(
                u32::from_le_bytes(bytes[8..12].try_into().unwrap()) as usize,
                bytes.len()
            );
        }
    }
    assert!(positions > 0);
    // Single characters have shards of their own, fewer, gzipped.
    let chars = m["chars"].as_u64().expect("chars");
    assert_eq!(chars, (shards / 8).max(1));
    for s in 0..chars {
        let stored = std::fs::read(out.join(format!("search/data/c/{s}.bin"))).expect("c shard");
        assert!(stored.starts_with(&[0x1f, 0x8b]), "c/{s}.bin");
    }
    assert!(!out.join(format!("search/data/c/{chars}.bin")).exists());
    assert!(out.join("search/data/meta.bin").is_file());
    assert_eq!(m["version"], 3);
    assert!(out.join("search-engine.js").is_file());
    assert!(out.join("search/index.html").is_file());
    // Stories newest first, then the branch profiles.
    let first: Value =
        serde_json::from_slice(&read_index(&out, "search/data/r/0.bin")).expect("json");
    let last: Value =
        serde_json::from_slice(&read_index(&out, "search/data/r/6.bin")).expect("json");
    assert!(first["date"].as_str().unwrap().starts_with("20"), "{first}");
    assert_eq!(last["date"], "");
}

#[test]
fn records_carry_title_branch_kind_date_and_filters() {
    let tmp = copy_fixture("basic");
    let out = build_ok(tmp.path(), &[]);
    let records = records(&out);
    let story = &records["branches/child/activities/free-clinic/"];
    let title = read(&out, "branches/child/activities/free-clinic/index.html");
    assert!(title.contains(story["title"].as_str().expect("title")));
    assert_eq!(story["kind"], "党建活动");
    assert_eq!(story["date"], "2024年3月26日");
    let branch_name = story["branch"].as_str().expect("branch");
    let m = manifest(&out);
    assert!(
        m["years"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!(2024))
    );
    assert!(
        m["kinds"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("党建活动"))
    );
    assert!(
        m["branches"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!(branch_name))
    );
    // The body is indexed, code included, not just the title; and the
    // fields, the branch, the kind and the date, each in its class.
    let content: String = all_text(story)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert_eq!(story["text"][0], story["title"]);
    let fields = story["text"][1].as_str().expect("fields");
    assert!(
        fields.contains(branch_name)
            && fields.contains("党建活动")
            && fields.contains("2024年3月26日"),
        "{fields}"
    );
    for words in [
        "走进乡村义诊",
        "服务群众三百人次",
        "print(\"义诊\")",
        "主题党日",
    ] {
        assert!(content.contains(words), "{words} not in {content}");
    }
    // A branch record: its secretary is searchable, and its kind is the branch label.
    let general = &records["branches/general/"];
    assert_eq!(general["kind"], "党支部简介");
    assert!(all_text(general).contains("张三"));
    // The search page offers the filters' values.
    let page = read(&out, "search/index.html");
    assert!(page.contains("<option value=\"2024\">2024</option>"));
    assert!(page.contains(&format!(
        "<option value=\"{branch_name}\">{branch_name}</option>"
    )));
}

#[test]
fn fragments_keep_text_as_written_for_the_page_to_escape() {
    let tmp = copy_fixture("basic");
    write(
        tmp.path(),
        "content/branches/general/activities/2024-09-01-xss.md",
        "---\ntitle: 转义测试\ndate: 2024-09-01\ntype: 义诊\n---\n\n\
         正文里写着 `<script>alert(1)</script>` 这样的字样。\n",
    );
    let out = build_ok(tmp.path(), &[]);
    let records = records(&out);
    // The fragment is JSON text, never HTML: the search page puts it into
    // text nodes, so the reader sees the tag and no script runs.
    let body = records["branches/general/activities/xss/"]["text"][3]
        .as_str()
        .expect("body")
        .to_string();
    assert!(body.contains("<script>alert(1)</script>"), "{body}");
    let script = read(&out, "search.js");
    assert!(
        !script.contains("innerHTML"),
        "search.js never parses index text as HTML"
    );
}

#[test]
fn the_index_is_the_same_bytes_whatever_the_threads() {
    let tmp = copy_fixture("basic");
    let one = tempfile::tempdir().expect("tmp");
    let two = tempfile::tempdir().expect("tmp");
    for (dir, threads, tz) in [
        (&one, "1", "Asia/Shanghai"),
        (&two, "3", "America/New_York"),
    ] {
        let out = dir.path().join("out");
        let done = run_env(
            tmp.path(),
            &["build", "--quiet", "--output", out.to_str().expect("utf-8")],
            &[("RAYON_NUM_THREADS", threads), ("TZ", tz)],
        );
        assert!(done.status.success(), "{}", text(&done));
    }
    let files = |root: &Path| -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(root.join("out/search/data"))
            .into_iter()
            .map(|e| e.expect("walk"))
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (rel, std::fs::read(e.path()).expect("read"))
            })
            .collect()
    };
    let (a, b) = (files(one.path()), files(two.path()));
    assert!(a.len() > 10);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(&b[k] == v, "{k} differs between 1 and 3 threads");
    }
}

#[test]
fn an_english_portal_gets_an_english_index() {
    let tmp = basic_with("language: en");
    let out = build_ok(tmp.path(), &[]);
    let m = manifest(&out);
    assert_eq!(m["records"], 7);
    assert_eq!(m["lang"], "en");
    // English words are indexed by their stems (volunteers → volunt).
    assert_eq!(m["stemmed"], true);
    let records = records(&out);
    assert_eq!(
        records["branches/child/activities/free-clinic/"]["date"],
        "March 26, 2024"
    );
}

#[test]
fn search_false_writes_no_index_and_no_search_box() {
    let tmp = basic_with("search: false");
    let out = build_ok(tmp.path(), &[]);
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
    assert!(page.contains("data-search=\"/preview/pr-7/search/data/manifest.json\""));
    assert!(page.contains("src=\"/preview/pr-7/search.js\""));
    assert!(read(&out, "index.html").contains("action=\"/preview/pr-7/search/\""));
    // Records stay relative to the site's root; the page resolves them
    // against the folder the index was loaded from.
    assert!(records(&out).contains_key("branches/child/activities/free-clinic/"));
}

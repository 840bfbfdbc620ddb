//! Huge and hostile inputs: each builds, or fails with a clear error, and
//! never hangs or crashes. (Bounded in time by the test run itself; the
//! figures measured with /usr/bin/time are in docs/testing.md.)

use crate::common::*;

const DIR: &str = "content/branches/general/activities";

fn story(name: &str, extra: &str, body: &str) -> (String, String) {
    (
        format!("{DIR}/{name}.md"),
        format!("---\ntitle: {name}\ndate: 2023-05-01\ntype: 主题党日\n{extra}---\n{body}"),
    )
}

fn builds_with(name: &str, extra: &str, body: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = copy_fixture("basic");
    let (rel, text) = story(name, extra, body);
    write(tmp.path(), &rel, &text);
    let out = build_ok(tmp.path(), &[]);
    let page = out.join(format!(
        "branches/general/activities/{}/index.html",
        &name[11..]
    ));
    assert!(page.is_file(), "{name}: no page");
    (tmp, out)
}

#[test]
fn a_twenty_megabyte_story_builds() {
    let para = "党支部组织党员开展主题党日活动，学习贯彻会议精神，并到社区开展义诊服务。"
        .repeat(20)
        + "\n\n";
    let body = para.repeat(20_000_000 / para.len());
    let (_tmp, out) = builds_with("2023-05-02-big", "", &body);
    assert!(out.join("search/data/manifest.json").is_file());
    // The fragment holds the indexed part only (50,000 characters).
    let fragments = std::fs::read_dir(out.join("search/data/r")).expect("fragments");
    let largest = fragments
        .map(|e| e.expect("entry").metadata().expect("metadata").len())
        .max()
        .expect("a fragment");
    assert!(largest < 400_000, "{largest} bytes");
}

#[test]
fn ten_thousand_nested_quotes_and_lists_build() {
    builds_with("2023-05-03-quotes", "", &("> ".repeat(10_000) + "x\n"));
    builds_with("2023-05-04-lists", "", &("- ".repeat(10_000) + "x\n"));
    builds_with("2023-05-05-mixed", "", &("> - ".repeat(5_000) + "x\n"));
}

#[test]
fn a_one_megabyte_line_builds() {
    builds_with(
        "2023-05-06-line",
        "",
        &("很长的一行".repeat(1_000_000 / 15) + "\n"),
    );
}

#[test]
fn a_hundred_thousand_tags_are_an_error_not_a_hundred_thousand_pages() {
    let tmp = copy_fixture("basic");
    let before = build_ok(tmp.path(), &[]);
    let old = snapshot(&before);
    let tags: Vec<String> = (0..100_000).map(|i| format!("t{i}")).collect();
    let (rel, source) = story(
        "2023-05-07-tags",
        &format!("tags: [{}]\n", tags.join(", ")),
        "x\n",
    );
    write(tmp.path(), &rel, &source);
    let out = run(tmp.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let msg = text(&out);
    assert!(
        msg.contains(&format!("{rel}:5:7")),
        "{}",
        &msg[..msg.len().min(600)]
    );
    assert!(msg.contains("100000 个词") && msg.contains("最多 50 个"));
    assert!(msg.len() < 2_000, "the megabyte line is not printed whole");
    assert_eq!(snapshot(&before), old, "public/ untouched");
}

#[test]
fn a_hundred_thousand_nested_brackets_fail_at_once() {
    let tmp = copy_fixture("basic");
    let before = build_ok(tmp.path(), &[]);
    let old = snapshot(&before);
    let deep = format!("tags: {}x{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let (rel, source) = story("2023-05-08-deep", &deep, "x\n");
    write(tmp.path(), &rel, &source);
    write(
        tmp.path(),
        "site.yaml",
        &format!("title: {}\n", "{".repeat(100_000)),
    );
    let out = run(tmp.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let msg = text(&out);
    assert!(msg.contains("site.yaml:1:136"), "{msg}");
    assert!(msg.contains("嵌套太深"), "{msg}");
    write(
        tmp.path(),
        "site.yaml",
        "title: 测试门户\nbase_url: https://example.org/\n",
    );
    let msg = text(&run(tmp.path(), &["build"]));
    assert!(msg.contains(&format!("{rel}:5:135")), "{msg}");
    assert!(msg.len() < 2_000, "the long line is not printed whole");
    assert_eq!(snapshot(&before), old, "public/ untouched");
}

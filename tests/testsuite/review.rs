//! Review before publishing: the `review` fixture (two stages; stories
//! waiting for the first, waiting for the second, approved, edited after
//! approval, and a draft) built, checked and counted; `review` and
//! `approve` on the command line.

use serde_json::Value;

use crate::common::*;

const DIR: &str = "content/branches/general/activities";

fn story(name: &str) -> String {
    format!("{DIR}/{name}.md")
}

/// The titles of the stories review holds back, and the draft's.
const HELD: &[&str] = &[
    "未送审的义诊",
    "支部已审的讲座",
    "审后被改的宣讲",
    "草稿中的活动",
];

#[test]
fn build_publishes_exactly_the_fully_approved_stories() {
    let tmp = copy_fixture("review");
    let out = run(tmp.path(), &["build"]);
    assert!(out.status.success(), "{}", text(&out));
    let public = tmp.path().join("public");
    assert!(
        public
            .join("branches/general/activities/both/index.html")
            .is_file()
    );
    for slug in ["none", "first", "edited", "draft"] {
        assert!(
            !public
                .join("branches/general/activities")
                .join(slug)
                .exists(),
            "{slug} is not published"
        );
    }
    for (file, bytes) in snapshot(&public) {
        let page = String::from_utf8_lossy(&bytes);
        for title in HELD {
            assert!(!page.contains(title), "{file} names {title}");
        }
    }
    let stats: Value = serde_json::from_str(&read(&public, "stats.json")).unwrap();
    assert_eq!(
        stats["totals"]["stories"], 1,
        "only the approved story counts"
    );
    assert_eq!(stats["totals"]["metrics"]["participants"], 30.0);
    let said = text(&out);
    assert!(
        said.contains(
            "审核：待支部审核 2 篇，待宣传科审核 1 篇（其中 1 篇审核后被修改），均未发布"
        ),
        "{said}"
    );
    let en = text(&run(tmp.path(), &["--lang", "en", "build"]));
    assert!(
        en.contains("Review: 2 waiting for 支部审核, 1 waiting for 宣传科审核 (1 changed after approval), none published"),
        "{en}"
    );
}

#[test]
fn check_lists_each_waiting_story_with_its_next_stage_and_warns_of_a_change() {
    let tmp = copy_fixture("review");
    let out = run(tmp.path(), &["check"]);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    for line in [
        "content/branches/general/activities/2024-05-01-none.md：待支部审核（未送审的义诊）",
        "content/branches/general/activities/2024-05-02-first.md：待宣传科审核（支部已审的讲座）",
        "content/branches/general/activities/2024-05-04-edited.md：审核后被修改，需从“支部审核”重审（审后被改的宣讲）",
        "警告[BP1003]",
        "2024-05-04-edited.md:7:1",
    ] {
        assert!(said.contains(line), "check must say {line:?}:\n{said}");
    }
    assert!(!said.contains("2024-05-03-both.md："), "{said}");
    assert!(!said.contains("2024-05-05-draft.md"), "{said}");
    let strict = run(tmp.path(), &["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1), "{}", text(&strict));
    assert!(text(&strict).contains("BP1003"));
}

#[test]
fn build_drafts_marks_the_stories_waiting_for_review() {
    let tmp = copy_fixture("review");
    build_ok(tmp.path(), &["--drafts"]);
    let public = tmp.path().join("public");
    let mark = "<mark class=\"review-mark\">待审核</mark>";
    for slug in ["none", "first", "edited"] {
        let page = read(
            &public,
            &format!("branches/general/activities/{slug}/index.html"),
        );
        assert!(page.contains(mark), "{slug} is marked");
    }
    for slug in ["both", "draft"] {
        let page = read(
            &public,
            &format!("branches/general/activities/{slug}/index.html"),
        );
        assert!(!page.contains(mark), "{slug} is not marked");
    }
    let stats: Value = serde_json::from_str(&read(&public, "stats.json")).unwrap();
    assert_eq!(stats["totals"]["stories"], 1, "previews count nothing more");
}

#[test]
fn review_lists_the_waiting_stories_as_text_and_json() {
    let tmp = copy_fixture("review");
    let out = run(tmp.path(), &["review"]);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert_eq!(said.lines().count(), 3, "{said}");
    assert!(said.contains(&format!(
        "{}\t待支部审核\tgeneral\t未送审的义诊",
        story("2024-05-01-none")
    )));
    assert!(said.contains("待支部审核（审核后被修改）\tgeneral\t审后被改的宣讲"));
    let json = run(
        tmp.path(),
        &["review", "--format", "json", "--stage", "支部审核"],
    );
    let list: Value = serde_json::from_slice(&json.stdout).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["file"], story("2024-05-01-none"));
    assert_eq!(list[0]["stage"], "支部审核");
    assert_eq!(list[0]["changed"], false);
    assert_eq!(list[1]["title"], "审后被改的宣讲");
    assert_eq!(list[1]["changed"], true);
    let unknown = run(tmp.path(), &["review", "--stage", "终审"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(text(&unknown).contains("没有名为“终审”的审核环节"));
}

#[test]
fn approve_adds_only_its_lines_and_two_stages_publish_the_story() {
    let tmp = copy_fixture("review");
    let root = tmp.path();
    let file = story("2024-05-01-none");
    let before = read(root, &file);
    let out = run(
        root,
        &["approve", &file, "--stage", "支部审核", "--by", "刘强"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let after = read(root, &file);
    let (head, body) = before.split_once("---\n未送审").unwrap();
    assert!(
        after.starts_with(head),
        "every line before is kept:\n{after}"
    );
    assert!(
        after.ends_with(&format!("---\n未送审{body}")),
        "the body is kept"
    );
    let added = &after[head.len()..after.len() - body.len() - "---\n未送审".len()];
    let lines: Vec<&str> = added.lines().collect();
    assert_eq!(lines.len(), 5, "{added}");
    assert_eq!(lines[0], "reviewed:");
    assert_eq!(lines[1], "  - stage: 支部审核");
    assert_eq!(lines[2], "    by: 刘强");
    assert!(lines[3].starts_with("    date: 20"));
    assert!(lines[4].starts_with("    digest: "));
    let out = run(
        root,
        &["approve", &file, "--stage", "宣传科审核", "--by", "王芳"],
    );
    assert!(out.status.success(), "{}", text(&out));
    build_ok(root, &[]);
    assert!(
        root.join("public/branches/general/activities/none/index.html")
            .is_file()
    );
}

#[test]
fn approve_refuses_a_stage_out_of_order_an_unknown_stage_and_a_story_with_errors() {
    let tmp = copy_fixture("review");
    let root = tmp.path();
    let file = story("2024-05-01-none");
    let before = read(root, &file);
    for (stage, says) in [
        ("宣传科审核", "不能记录“宣传科审核”：须先通过“支部审核”"),
        ("终审", "site.yaml 的 review.stages 中没有“终审”"),
    ] {
        let out = run(root, &["approve", &file, "--stage", stage, "--by", "王芳"]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        assert!(text(&out).contains(says), "{}", text(&out));
        assert!(text(&out).contains("BP1004"));
        assert_eq!(read(root, &file), before, "the file is unchanged");
    }
    let broken = before.replace("type: 主题党日", "type: 不存在的类型");
    write(root, &file, &broken);
    let out = run(
        root,
        &["approve", &file, "--stage", "支部审核", "--by", "刘强"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("稿件有错误，改正后才能审核"),
        "{}",
        text(&out)
    );
    assert_eq!(read(root, &file), broken);
}

#[test]
fn a_returned_story_carries_the_note_until_the_next_approval() {
    let tmp = copy_fixture("review");
    let root = tmp.path();
    let file = story("2024-05-02-first");
    let before = read(root, &file);
    let out = run(
        root,
        &["approve", &file, "--return", "--note", "请补充活动照片"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let returned = read(root, &file);
    assert_eq!(
        returned,
        before.replacen("---\n支部", "review_note: 请补充活动照片\n---\n支部", 1)
    );
    let out = run(
        root,
        &["approve", &file, "--stage", "宣传科审核", "--by", "王芳"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let approved = read(root, &file);
    assert!(!approved.contains("review_note"), "{approved}");
    let missing = run(root, &["approve", &file, "--return"]);
    assert_eq!(missing.status.code(), Some(2), "--return needs --note");
}

#[test]
fn without_review_configured_reviewed_is_an_unknown_field_as_before() {
    let tmp = copy_fixture("basic");
    let root = tmp.path();
    let file = "content/branches/general/activities/2023-05-01-party-day.md";
    let text_before = read(root, file);
    write(
        root,
        file,
        &text_before.replacen("---\n党总支", "reviewed: []\n---\n党总支", 1),
    );
    let out = run(root, &["check"]);
    assert!(out.status.success());
    assert!(text(&out).contains("BP0305"), "{}", text(&out));
    assert!(
        !text(&out).contains("审核："),
        "no review line without review"
    );
    let refused = run(
        root,
        &["approve", file, "--stage", "支部审核", "--by", "刘强"],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(&refused).contains("site.yaml 没有配置审核"));
}

#[test]
fn with_pages_reviewed_a_page_waits_and_a_plain_page_gets_front_matter_from_its_approval() {
    let tmp = copy_fixture("review");
    let root = tmp.path();
    let site = read(root, "site.yaml");
    write(root, "site.yaml", &format!("{site}  pages: true\n"));
    let plain = "# 指南\r\n\r\n正文。\r\n";
    write(root, "content/guide.md", plain);
    let out = run(root, &["check"]);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("content/about.md：待支部审核（关于）"),
        "{said}"
    );
    assert!(said.contains("content/guide.md：待支部审核"), "{said}");
    build_ok(root, &[]);
    assert!(!root.join("public/about/index.html").exists(), "held back");
    for stage in ["支部审核", "宣传科审核"] {
        for page in ["content/about.md", "content/guide.md"] {
            let out = run(root, &["approve", page, "--stage", stage, "--by", "刘强"]);
            assert!(out.status.success(), "{}", text(&out));
        }
    }
    let guide = read(root, "content/guide.md");
    assert!(
        guide.starts_with("---\r\nreviewed:\r\n  - stage: 支部审核\r\n"),
        "{guide:?}"
    );
    assert!(guide.ends_with(&format!("---\r\n{plain}")), "{guide:?}");
    build_ok(root, &[]);
    assert!(root.join("public/about/index.html").is_file());
    assert!(root.join("public/guide/index.html").is_file());
    // Without `pages: true`, a page is never reviewed.
    write(root, "site.yaml", &site);
    let refused = run(
        root,
        &[
            "approve",
            "content/about.md",
            "--stage",
            "支部审核",
            "--by",
            "刘强",
        ],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(&refused).contains("这个文件无需审核"));
}

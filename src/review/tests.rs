use std::path::Path;

use jiff::civil::date;

use super::*;
use crate::config::Review;
use crate::front_matter::parse_document;

const STORY: &str = "---\ntitle: 义诊\ndate: 2024-05-01\n# 备注\ntags: [义诊]\nmetrics:\n  participants: 10\n---\n正文第一段。\n\n第二段。\n";

fn review() -> Review {
    Review {
        stages: vec!["支部审核".into(), "宣传科审核".into()],
        pages: false,
    }
}

fn digest_of(text: &str) -> String {
    digest(&parse_document(Path::new("a.md"), text, true).unwrap())
}

fn approval<'a>(stage: &'a str, by: &'a str) -> Approve<'a> {
    Approve {
        stage,
        by,
        date: date(2024, 5, 2),
        note: None,
    }
}

fn approved(text: &str, stage: &str, by: &str) -> String {
    approve(Path::new("a.md"), text, &review(), &approval(stage, by)).unwrap()
}

fn state_of(text: &str) -> State {
    read(Path::new("a.md"), text, &review()).unwrap().state
}

#[test]
fn digest_is_twelve_hex_characters_stable_across_crlf_and_bom() {
    let d = digest_of(STORY);
    assert_eq!(d.len(), DIGEST_LEN);
    assert!(
        d.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
    assert_eq!(digest_of(&STORY.replace('\n', "\r\n")), d);
    assert_eq!(digest_of(&format!("\u{feff}{STORY}")), d);
    assert_eq!(
        digest_of(&format!("\u{feff}{}", STORY.replace('\n', "\r\n"))),
        d
    );
}

#[test]
fn digest_changes_with_any_edit_of_title_field_metric_or_body() {
    let d = digest_of(STORY);
    for (from, to) in [
        ("title: 义诊", "title: 义诊活动"),
        ("date: 2024-05-01", "date: 2024-05-02"),
        ("tags: [义诊]", "tags: [义诊, 志愿服务]"),
        ("participants: 10", "participants: 11"),
        ("第二段。", "第二段！"),
        ("# 备注\n", ""),
    ] {
        let edited = STORY.replace(from, to);
        assert_ne!(digest_of(&edited), d, "{from} → {to}");
    }
}

#[test]
fn digest_leaves_out_the_review_blocks_wherever_they_stand() {
    let d = digest_of(STORY);
    let with = STORY.replace(
        "tags: [义诊]\n",
        "reviewed:\n  - stage: 支部审核\n    by: 刘强\n    date: 2024-05-02\n    digest: 3f9a61c0d2e4\nreview_note: \"请补充照片\"\ntags: [义诊]\n",
    );
    assert_eq!(digest_of(&with), d);
    let top = STORY.replace("---\ntitle", "---\nreviewed: []\ntitle");
    assert_eq!(digest_of(&top), d);
}

#[test]
fn approval_adds_exactly_its_lines_and_keeps_every_other_byte() {
    let once = approved(STORY, "支部审核", "刘强");
    let d = digest_of(STORY);
    let lines = format!(
        "reviewed:\n  - stage: 支部审核\n    by: 刘强\n    date: 2024-05-02\n    digest: {}\n",
        digest_scalar(&d)
    );
    assert_eq!(
        once,
        STORY.replace("---\n正文", &format!("{lines}---\n正文"))
    );
    assert_eq!(state_of(&once), State::Waiting(1));
    let twice = approved(&once, "宣传科审核", "王芳");
    assert!(twice.starts_with(&once[..once.find("---\n正文").unwrap()]));
    assert_eq!(state_of(&twice), State::Approved);
}

#[test]
fn approval_keeps_crlf_bom_comments_and_a_hand_written_block() {
    let crlf = format!("\u{feff}{}", STORY.replace('\n', "\r\n"));
    let once = approved(&crlf, "支部审核", "刘强");
    assert!(once.starts_with('\u{feff}'));
    assert!(!once.replace("\r\n", "").contains('\n'), "CRLF kept");
    assert_eq!(state_of(&once), State::Waiting(1));
    // A block indented its own way keeps its lines; the new item follows it.
    let d = digest_of(STORY);
    let hand = STORY.replace(
        "---\n正文",
        &format!("reviewed:\n- stage: 支部审核   # 书记\n  by: 刘强\n  date: 2024-05-02\n  digest: '{d}'\n---\n正文"),
    );
    let twice = approved(&hand, "宣传科审核", "王芳");
    assert!(
        twice.contains("- stage: 支部审核   # 书记\n  by: 刘强\n  date: 2024-05-02\n  digest: '")
    );
    assert!(twice.contains("\n- stage: 宣传科审核\n  by: 王芳\n"));
    assert_eq!(state_of(&twice), State::Approved);
}

#[test]
fn approval_refuses_unknown_stage_out_of_order_twice_and_drafts() {
    let path = Path::new("a.md");
    let rv = review();
    let refused = |text: &str, stage: &str| {
        approve(path, text, &rv, &approval(stage, "刘强"))
            .unwrap_err()
            .code
    };
    assert_eq!(refused(STORY, "终审"), crate::error::Code::ReviewRefused);
    assert_eq!(
        refused(STORY, "宣传科审核"),
        crate::error::Code::ReviewRefused
    );
    let once = approved(STORY, "支部审核", "刘强");
    assert_eq!(
        refused(&once, "支部审核"),
        crate::error::Code::ReviewRefused
    );
    let draft = STORY.replace("date: 2024", "draft: true\ndate: 2024");
    assert_eq!(
        refused(&draft, "支部审核"),
        crate::error::Code::ReviewRefused
    );
    assert!(approve(path, STORY, &rv, &approval("支部审核", "  ")).is_err());
}

#[test]
fn an_edit_after_approval_is_changed_and_a_new_approval_replaces_the_stale_ones() {
    let both = approved(&approved(STORY, "支部审核", "刘强"), "宣传科审核", "王芳");
    let edited = both.replace("第二段。", "第二段，改过。");
    assert_eq!(state_of(&edited), State::Changed(0));
    let again = approved(&edited, "支部审核", "刘强");
    let r = read(Path::new("a.md"), &again, &review()).unwrap();
    assert_eq!(
        r.record.approvals.len(),
        1,
        "the stale second approval is gone"
    );
    assert_eq!(r.state, State::Waiting(1));
}

#[test]
fn a_return_writes_the_note_and_the_next_approval_clears_it() {
    let path = Path::new("a.md");
    let once = approved(STORY, "支部审核", "刘强");
    let back = return_story(path, &once, &review(), "请补充活动照片").unwrap();
    assert_eq!(
        back,
        once.replace("---\n正文", "review_note: 请补充活动照片\n---\n正文")
    );
    let r = read(path, &back, &review()).unwrap();
    assert_eq!(r.record.note.as_deref(), Some("请补充活动照片"));
    assert_eq!(r.state, State::Waiting(1), "a return keeps the approvals");
    let again = return_story(path, &back, &review(), "还缺人数").unwrap();
    assert!(again.contains("review_note: 还缺人数\n") && !again.contains("补充"));
    let on = approved(&back, "宣传科审核", "王芳");
    assert!(!on.contains("review_note"));
    assert!(return_story(path, STORY, &review(), " ").is_err());
}

#[test]
fn state_is_draft_waiting_changed_or_approved() {
    let rv = review();
    let a = |stage, digest: &str| Approval {
        stage,
        by: "刘强".into(),
        date: date(2024, 5, 2),
        digest: digest.into(),
        note: None,
    };
    let rec = |approvals| Record {
        approvals,
        note: None,
    };
    let d = "aaaaaaaaaaaa";
    assert_eq!(state(&rv, true, &rec(vec![]), d), State::Draft);
    assert_eq!(state(&rv, false, &rec(vec![]), d), State::Waiting(0));
    assert_eq!(state(&rv, false, &rec(vec![a(0, d)]), d), State::Waiting(1));
    assert_eq!(
        state(&rv, false, &rec(vec![a(0, d), a(1, d)]), d),
        State::Approved
    );
    let old = "bbbbbbbbbbbb";
    assert_eq!(
        state(&rv, false, &rec(vec![a(0, d), a(1, old)]), d),
        State::Changed(1)
    );
    assert_eq!(
        state(&rv, false, &rec(vec![a(0, old), a(1, d)]), d),
        State::Changed(0)
    );
    assert_eq!(State::Changed(0).label(&rv).zh, "已修改需重审");
    assert_eq!(State::Waiting(1).label(&rv).zh, "待宣传科审核");
}

#[test]
fn an_all_digit_digest_is_quoted_so_yaml_keeps_it_text() {
    assert_eq!(digest_scalar("123456789012"), "\"123456789012\"");
    assert_eq!(digest_scalar("3f9a61c0d2e4"), "3f9a61c0d2e4");
    // Whatever the YAML reader makes of a digest, it reads back as the same text.
    for d in [
        "123e45678901",
        "000000000000",
        "0e0000000000",
        "3f9a61c0d2e4",
    ] {
        let line = format!("digest: {}", digest_scalar(d));
        let map: crate::yaml::Mapping = crate::yaml::parse(&line).unwrap();
        assert_eq!(
            map.get("digest").and_then(|v| v.as_str()),
            Some(d),
            "{line}"
        );
    }
}

#[test]
fn a_flow_list_of_approvals_is_rewritten_as_a_block_keeping_the_earlier_ones() {
    let d = digest_of(STORY);
    let flow = STORY.replace(
        "---\n正文",
        &format!("reviewed: [{{stage: 支部审核, by: 刘强, date: 2024-05-02, digest: '{d}', note: 好}}]\n---\n正文"),
    );
    let twice = approved(&flow, "宣传科审核", "王芳");
    assert!(
        twice.contains("reviewed:\n  - stage: 支部审核\n    by: 刘强\n    date: 2024-05-02\n"),
        "{twice}"
    );
    assert!(
        twice.contains("    note: 好\n  - stage: 宣传科审核\n"),
        "{twice}"
    );
    assert_eq!(state_of(&twice), State::Approved);
    let empty = STORY.replace("---\n正文", "reviewed: []\n---\n正文");
    assert_eq!(
        state_of(&approved(&empty, "支部审核", "刘强")),
        State::Waiting(1)
    );
}

//! The findings suite: one fixture per kind of finding and one per accepted
//! form that must not be flagged, under `tests/fixtures/findings/<case>.yaml`.
//! Each case's story is written into the `basic` portal (beside any other
//! files it names, and site.yaml settings it adds), then `check --format
//! json` runs on it:
//!
//! - a finding case must give its code at its line and column, say what it
//!   says (`message`), never repeat what it must not (`absent`: the number
//!   unmasked), and give no other finding on the story;
//! - an accepted case must give no finding at all;
//! - `check` in text form and in English must agree, and exit as expected.
//!
//! Also here: `check --fix`, `check --format json`, the demo portal with
//! zero findings. (docs/codes.md listing every code is `docs.rs`'s.)

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::*;

/// `<case>.yaml`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// What the case is, in a sentence.
    #[allow(dead_code)]
    about: String,
    /// The story, written as `content/branches/child/activities/2030-01-01-case.md`.
    story: String,
    /// The code expected; none for an accepted form.
    #[serde(default)]
    code: Option<String>,
    /// `line:column` of the finding in the story.
    #[serde(default)]
    at: Option<String>,
    /// Texts the finding's message or hint must contain (in Chinese).
    #[serde(default)]
    message: Vec<String>,
    /// Texts no output may contain (personal data unmasked).
    #[serde(default)]
    absent: Vec<String>,
    /// Lines appended to site.yaml.
    #[serde(default)]
    site: Option<String>,
    /// Arguments of `check` besides `--format json`.
    #[serde(default)]
    args: Vec<String>,
    /// Exit status of `check`.
    #[serde(default)]
    exit: i32,
    /// Other files to write: path → text.
    #[serde(default)]
    also: BTreeMap<String, String>,
    /// Copies of the basic portal's photo to make, by path.
    #[serde(default)]
    photos: Vec<String>,
}

const STORY: &str = "content/branches/child/activities/2030-01-01-case.md";
const PHOTO: &str = "content/branches/child/activities/2024-03-26-free-clinic/photo.jpg";

fn cases_dir() -> std::path::PathBuf {
    fixture("findings")
}

/// Every finding of a `check --format json` run, parsed.
fn findings(out: &std::process::Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// Codes of personal data, typography and writers' checks.
fn is_finding(d: &serde_json::Value) -> bool {
    d["code"]
        .as_str()
        .is_some_and(|c| c.starts_with("BP07") || c.starts_with("BP08") || c.starts_with("BP09"))
}

fn set_up(case: &Case) -> tempfile::TempDir {
    let tmp = copy_fixture("basic");
    let root = tmp.path();
    write(root, STORY, &case.story);
    for (rel, text) in &case.also {
        write(root, rel, text);
    }
    for rel in &case.photos {
        std::fs::copy(root.join(PHOTO), root.join(rel)).unwrap();
    }
    if let Some(site) = &case.site {
        let mut yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
        yaml.push_str(site);
        std::fs::write(root.join("site.yaml"), yaml).unwrap();
    }
    tmp
}

fn check_case(name: &str) {
    let path = cases_dir().join(format!("{name}.yaml"));
    let case: Case = serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap())
        .unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let tmp = set_up(&case);
    let root = tmp.path();
    let mut args = vec!["check", "--format", "json"];
    args.extend(case.args.iter().map(String::as_str));
    let out = run(root, &args);
    let all = findings(&out);
    assert_eq!(
        out.status.code(),
        Some(case.exit),
        "{name}: {all:#?}\n{}",
        text(&out)
    );
    let own: Vec<&serde_json::Value> = all
        .iter()
        .filter(|d| d["file"] == STORY && is_finding(d))
        .collect();
    // Nothing else in the portal may be flagged by the case.
    let elsewhere: Vec<&serde_json::Value> = all
        .iter()
        .filter(|d| {
            d["file"] != STORY
                && is_finding(d)
                && !case
                    .also
                    .contains_key(d["file"].as_str().unwrap_or_default())
        })
        .collect();
    assert!(elsewhere.is_empty(), "{name}: {elsewhere:#?}");
    match (&case.code, &case.at) {
        (None, _) => assert!(own.is_empty(), "{name} must not be flagged: {own:#?}"),
        (Some(code), at) => {
            let at = at
                .as_deref()
                .unwrap_or_else(|| panic!("{name}: a code needs `at`"));
            assert_eq!(
                own.len(),
                1,
                "{name}: exactly one finding expected, got {own:#?}"
            );
            let d = own[0];
            let place = format!("{}:{}", d["line"], d["column"]);
            assert_eq!(
                (d["code"].as_str(), place.as_str()),
                (Some(code.as_str()), at),
                "{name}: {d:#?}"
            );
            let severity = if case.exit == 1 { "error" } else { "warning" };
            assert_eq!(d["severity"], severity, "{name}");
            let said = format!("{} {}", d["message"], d["hint"]);
            for needle in &case.message {
                assert!(
                    said.contains(needle.as_str()),
                    "{name} must say {needle:?}: {said}"
                );
            }
        }
    }
    // The text form and English say the same, in the same place.
    for lang in ["zh-CN", "en"] {
        let mut args = vec!["--lang", lang, "check"];
        args.extend(case.args.iter().map(String::as_str));
        let out = run(root, &args);
        let msg = text(&out);
        assert_eq!(
            out.status.code(),
            Some(case.exit),
            "{name} ({lang}):\n{msg}"
        );
        assert!(!msg.contains("panicked"), "{name}:\n{msg}");
        if let (Some(code), Some(at)) = (&case.code, &case.at) {
            assert!(
                msg.contains(&format!("[{code}]")),
                "{name} ({lang}):\n{msg}"
            );
            assert!(
                msg.contains(&format!("{STORY}:{at}")),
                "{name} ({lang}):\n{msg}"
            );
        }
        for needle in &case.absent {
            assert!(
                !msg.contains(needle.as_str()),
                "{name} ({lang}) repeats {needle:?}:\n{msg}"
            );
        }
    }
    for needle in &case.absent {
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains(needle.as_str()),
            "{name} repeats {needle:?}"
        );
    }
}

macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        $(#[test] fn $name() { check_case(stringify!($name)); })*
        const CASES: &[&str] = &[$(stringify!($name)),*];
    };
}

cases! {
    alt_missing,
    duplicate,
    http_link,
    id_15,
    id_18,
    mobile,
    mobile_hyphens,
    mobile_in_photo_name,
    mobile_spaces,
    ok_allow,
    ok_anon_family,
    ok_anon_mou,
    ok_anon_moumou,
    ok_anon_nvshi,
    ok_anon_parents,
    ok_anon_x,
    ok_anon_xiansheng,
    ok_comment_body,
    ok_comment_front,
    ok_local_link,
    ok_news,
    ok_order_number,
    ok_service_number,
    ok_typo_allow,
    ok_typo_code,
    ok_typo_no_spacing,
    patient,
    patient_child,
    patient_in_alt,
    patient_in_caption,
    patient_in_field,
    patient_in_title,
    record_bed,
    record_case,
    record_inpatient,
    record_outpatient,
    strict_flag,
    strict_site,
    summary_long,
    title_long,
    typo_comma,
    typo_field,
    typo_repeated,
    typo_spacing,
    typo_straight_quotes,
    typo_title,
    typo_unpaired,
}

#[test]
fn every_fixture_has_a_test_and_every_test_a_fixture() {
    let mut names: Vec<String> = std::fs::read_dir(cases_dir())
        .unwrap()
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".yaml")
                .map(str::to_string)
        })
        .collect();
    names.sort();
    let mut listed: Vec<String> = CASES.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(names, listed);
}

/// Every finding kind of personal data, typography and writers' checks has
/// a case, and each is flagged by one.
#[test]
fn every_finding_code_has_a_case() {
    let mut covered = std::collections::BTreeSet::new();
    for name in CASES {
        let text = std::fs::read_to_string(cases_dir().join(format!("{name}.yaml"))).unwrap();
        let case: Case = serde_yaml::from_str(&text).unwrap();
        covered.extend(case.code);
    }
    for code in branchpress::error::Code::ALL {
        let code = code.to_string();
        if code.starts_with("BP07") || code.starts_with("BP08") || code.starts_with("BP09") {
            assert!(covered.contains(&code), "no case for {code}");
        }
    }
}

/// The demo portal has no finding at all.
#[test]
fn the_demo_portal_has_no_findings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(root.join("site.yaml"), tmp.path().join("site.yaml")).unwrap();
    copy_dir(&root.join("content"), &tmp.path().join("content"));
    let out = run(tmp.path(), &["check", "--format", "json"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(findings(&out), Vec::<serde_json::Value>::new());
}

/// The source articles the demo was written from (real news text, in
/// `../shared/seeds` beside the project) hold no personal data to find.
#[test]
fn real_news_text_has_no_personal_data_findings() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&seeds) else {
        eprintln!("no {}: skipped", seeds.display());
        return;
    };
    let mut found = Vec::new();
    let mut read = 0;
    for entry in entries.flatten() {
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        read += text.len();
        for f in branchpress::personal_data::scan(&text) {
            found.push(format!(
                "{}: {:?} {}",
                entry.path().display(),
                f.kind,
                &text[f.start..f.end]
            ));
        }
    }
    assert!(read > 0);
    assert!(found.is_empty(), "{found:#?}");
}

const FIX_STORY: &str = "---\ntitle: 义诊进社区,服务暖人心\ndate: 2030-01-01\ntype: 义诊\ntags: [义诊, 志愿服务]\n---\n活动结束后,大家合影留念.欢迎咨询!\n\n详见 <https://example.org/a?x=1,2> 和 `a,b.` 说明.\n\n```text\n注释,测试.\n```\n\n~~~\n波浪线,代码.\n~~~\n\n> ```\n> echo 引用里的,代码.\n> ```\n\n- 列表：\n\n  ```\n  列表里的,代码.\n  ```\n\n<p title=\"属性,不改.\">HTML 段落</p>\n\n{{ figure(src=\"2024-03-26-free-clinic/photo.jpg\", caption=\"义诊现场,村民排队\") }}\n\n报名请联系13812345678,谢谢.\n";

#[test]
fn fix_rewrites_the_safe_findings_and_only_them() {
    let tmp = copy_fixture("basic");
    let root = tmp.path();
    write(root, STORY, FIX_STORY);
    let out = run(root, &["check", "--fix"]);
    let msg = text(&out);
    assert!(out.status.success(), "{msg}");
    // Each change printed with its line.
    assert!(msg.contains(&format!("{STORY}:2: ")), "{msg}");
    assert!(msg.contains(&format!("{STORY}:7: ")), "{msg}");
    assert!(msg.contains("已改正 3 段排版（1 个文件）"), "{msg}");
    let fixed = read(root, STORY);
    assert_eq!(
        fixed,
        FIX_STORY
            .replace("义诊进社区,服务暖人心", "义诊进社区，服务暖人心")
            .replace(
                "活动结束后,大家合影留念.欢迎咨询!",
                "活动结束后，大家合影留念。欢迎咨询！"
            )
            .replace("` 说明.", "` 说明。"),
        "{fixed}"
    );
    // Code, URLs, keys, shortcodes and personal data are as written.
    for kept in [
        "波浪线,代码.",
        "引用里的,代码.",
        "列表里的,代码.",
        "属性,不改.",
        "x=1,2",
        "`a,b.`",
        "注释,测试.",
        "tags: [义诊, 志愿服务]",
        "caption=\"义诊现场,村民排队\"",
        "13812345678,谢谢.",
    ] {
        assert!(fixed.contains(kept), "{kept}: {fixed}");
    }
    // What is left is reported, and shown as to be fixed by hand; no
    // message repeats the number.
    let out = run(root, &["check", "--format", "json"]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("13812345678"));
    let after = findings(&out);
    let typography: Vec<_> = after.iter().filter(|d| d["code"] == "BP0801").collect();
    assert!(
        !typography.is_empty()
            && typography
                .iter()
                .all(|d| d["hint"].as_str().unwrap().contains("手动")),
        "{typography:#?}"
    );
    // A second run changes nothing.
    let again = run(root, &["check", "--fix"]);
    assert!(
        text(&again).contains("已改正 0 段排版（0 个文件）"),
        "{}",
        text(&again)
    );
    assert_eq!(read(root, STORY), fixed);
}

#[test]
fn fix_keeps_crlf_and_a_bom() {
    let tmp = copy_fixture("basic");
    let root = tmp.path();
    let story = "\u{feff}---\r\ntitle: 社区义诊\r\ndate: 2030-01-01\r\ntype: 义诊\r\n---\r\n活动结束后,大家合影留念.\r\n";
    write(root, STORY, story);
    assert!(run(root, &["check", "--fix"]).status.success());
    assert_eq!(
        read(root, STORY),
        story.replace("后,大家合影留念.", "后，大家合影留念。")
    );
}

#[test]
fn a_failed_fix_leaves_the_file_as_it_was() {
    let tmp = copy_fixture("basic");
    let root = tmp.path();
    write(root, STORY, FIX_STORY);
    // The write fails after the temporary file is written, before the rename.
    let out = run_env(
        root,
        &["check", "--fix"],
        &[("BRANCHPRESS_TEST_WRITE_FAIL", "2030-01-01-case")],
    );
    let msg = text(&out);
    assert_eq!(out.status.code(), Some(1), "{msg}");
    assert!(
        msg.contains("[BP0603]") && msg.contains(STORY) && msg.contains("文件保持原样"),
        "{msg}"
    );
    assert_eq!(read(root, STORY), FIX_STORY);
    // In JSON too.
    let out = run_env(
        root,
        &["check", "--fix", "--format", "json"],
        &[("BRANCHPRESS_TEST_WRITE_FAIL", "2030-01-01-case")],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        findings(&out)
            .iter()
            .any(|d| d["code"] == "BP0603" && d["file"] == STORY)
    );
    let dir = root.join(STORY).parent().unwrap().to_path_buf();
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".branchpress-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn json_lines_carry_every_field_in_the_chosen_language() {
    let tmp = copy_fixture("basic");
    let root = tmp.path();
    write(
        root,
        STORY,
        "---\ntitle: 社区义诊\ndate: 2030-01-01\ntype: 义诊\ncolour: red\n---\n报名请联系 13812345678。\n",
    );
    for (lang, message) in [
        ("zh-CN", "可能公开了个人信息"),
        ("en", "this may publish personal data"),
    ] {
        let out = run(root, &["--lang", lang, "check", "--format", "json"]);
        assert!(out.status.success(), "{}", text(&out));
        let all = findings(&out);
        assert_eq!(all.len(), 2, "{all:#?}");
        for d in &all {
            for key in [
                "file", "line", "column", "severity", "code", "message", "hint",
            ] {
                assert!(!d[key].is_null(), "{key} missing: {d}");
            }
        }
        assert_eq!(all[0]["code"], "BP0305");
        assert_eq!(all[0]["field"], "colour");
        assert_eq!(all[1]["code"], "BP0702");
        assert!(
            all[1]["message"].as_str().unwrap().contains(message),
            "{}",
            all[1]
        );
        // Progress and summary stay off stdout.
        assert!(
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .all(|l| l.starts_with('{'))
        );
    }
    // Errors too, and the exit status says so.
    write(
        root,
        STORY,
        "---\ntitle: 社区义诊\ndate: 2030-13-01\ntype: 义诊\n---\n正文。\n",
    );
    let out = run(root, &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let all = findings(&out);
    assert!(
        all.iter()
            .any(|d| d["code"] == "BP0304" && d["severity"] == "error" && d["line"] == 3),
        "{all:#?}"
    );
}

#[test]
fn fix_corrects_pages_too_and_nothing_when_typography_is_off() {
    let tmp = copy_fixture("basic");
    let root = tmp.path();
    write(
        root,
        "content/about.md",
        "---\ntitle: 关于\n---\n关于本站,欢迎来信.\n",
    );
    let mut yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    std::fs::write(
        root.join("site.yaml"),
        format!("{yaml}typography:\n  check: false\n"),
    )
    .unwrap();
    let out = run(root, &["check", "--fix"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("已改正 0 段排版"), "{}", text(&out));
    assert_eq!(
        read(root, "content/about.md"),
        "---\ntitle: 关于\n---\n关于本站,欢迎来信.\n"
    );
    yaml.push_str("typography:\n  check: true\n");
    std::fs::write(root.join("site.yaml"), yaml).unwrap();
    assert!(run(root, &["check", "--fix"]).status.success());
    assert_eq!(
        read(root, "content/about.md"),
        "---\ntitle: 关于\n---\n关于本站，欢迎来信。\n"
    );
}

/// A large portal's many warnings of one code: the first ten are printed,
/// then one line with how many more and how to see them; `check --format
/// json` lists every one; `--strict` errors are never folded.
#[test]
fn after_ten_warnings_of_one_code_the_rest_are_one_line() {
    let tmp = copy_fixture("basic");
    for i in 1..=15 {
        write(
            tmp.path(),
            &format!("content/branches/general/activities/2024-03-{i:02}-long-{i}.md"),
            &format!(
                "---\ntitle: 这是一个非常非常长的标题用于测试警告折叠功能是否按预期工作第{i}篇稿件\ndate: 2024-03-{i:02}\ntype: 义诊\n---\n正文。\n"
            ),
        );
    }
    for command in ["build", "check"] {
        let out = run(tmp.path(), &[command]);
        assert!(out.status.success(), "{}", text(&out));
        let said = text(&out);
        let shown = said
            .lines()
            .filter(|l| l.starts_with("警告[BP0902]"))
            .count();
        assert_eq!(shown, 10, "{command}: {said}");
        assert!(
            said.contains("另有 5 个 BP0902 警告未显示（每种只显示前 10 个）；运行 branchpress check --format json 可列出全部"),
            "{command}: {said}"
        );
        assert!(said.contains("15 个警告"), "the summary counts them all");
    }
    let out = run(tmp.path(), &["check", "--format", "json"]);
    let listed = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.contains("\"BP0902\""))
        .count();
    assert_eq!(listed, 15);
    // Under --strict they are errors: every one is shown.
    let out = run(tmp.path(), &["check", "--strict"]);
    assert!(!out.status.success());
    let said = text(&out);
    assert_eq!(said.matches("[BP0902]").count(), 15, "{said}");
    assert!(!said.contains("另有"));
}

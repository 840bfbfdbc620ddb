//! Bad input: every case exits non-zero, names the file, line and field,
//! reports all problems of the run together, and leaves public/ untouched.

mod common;

use common::*;

/// Builds a copy of the basic fixture with `rel` replaced by `text`; returns the output.
fn build_with(rel: &str, text: &str, extra: &[&str]) -> (tempfile::TempDir, String) {
    let tmp = copy_fixture("basic");
    write(tmp.path(), rel, text);
    let mut args = vec!["build"];
    args.extend_from_slice(extra);
    let out = run(tmp.path(), &args);
    assert!(
        !out.status.success(),
        "build of a broken {rel} must fail:\n{}",
        common::text(&out)
    );
    let msg = common::text(&out);
    (tmp, msg)
}

const HONOR: &str = "content/branches/other/honors/2024-06-01-award.md";

#[test]
fn errors_on_unknown_honor_level_with_file_line_and_allowed_values() {
    let (_, msg) = build_with(
        HONOR,
        "---\ntitle: 获奖\ndate: 2024-06-01\nlevel: 国家\n---\n",
        &[],
    );
    assert!(msg.contains(&format!("{HONOR}:4:8")), "{msg}");
    assert!(
        msg.contains("字段 `level` 的值“国家”不在允许范围内"),
        "{msg}"
    );
    assert!(msg.contains("国家级、省级、市级、县级、院级"), "{msg}");
    assert!(msg.contains("4| level: 国家"), "{msg}");
}

#[test]
fn errors_on_missing_required_field() {
    let (_, msg) = build_with(HONOR, "---\ntitle: 获奖\ndate: 2024-06-01\n---\n", &[]);
    assert!(msg.contains("缺少必填字段 `level`"), "{msg}");
    assert!(msg.contains(&format!("{HONOR}:1:1")), "{msg}");
}

#[test]
fn errors_on_wrong_types() {
    let tech = "content/branches/other/techniques/2022-11-11-新技术.md";
    let (_, msg) = build_with(
        tech,
        "---\ntitle: 新技术\ndate: 2022-11-11\nmilestone: 市内首例\ncases: 很多\n---\n",
        &[],
    );
    assert!(msg.contains(&format!("{tech}:5:8")), "{msg}");
    assert!(msg.contains("字段 `cases` 应为整数"), "{msg}");
}

#[test]
fn errors_on_impossible_dates() {
    let (_, msg) = build_with(
        HONOR,
        "---\ntitle: 获奖\ndate: 2024-02-30\nlevel: 省级\n---\n",
        &[],
    );
    assert!(msg.contains(&format!("{HONOR}:3:7")), "{msg}");
    assert!(msg.contains("日期“2024-02-30”无效或不存在"), "{msg}");
}

#[test]
fn errors_on_unknown_metric_naming_the_configured_ones() {
    let (_, msg) = build_with(
        HONOR,
        "---\ntitle: 获奖\ndate: 2024-06-01\nlevel: 省级\nmetrics:\n  visitors: 5\n---\n",
        &[],
    );
    assert!(msg.contains(&format!("{HONOR}:6:13")), "{msg}");
    assert!(msg.contains("未配置的指标“visitors”"), "{msg}");
    assert!(msg.contains("participants（参与人数）"), "{msg}");
}

#[test]
fn errors_on_unknown_branch_in_with_and_parent() {
    // A branch's full name is accepted as well as its folder name.
    let tmp = copy_fixture("basic");
    write(
        tmp.path(),
        HONOR,
        "---\ntitle: 获奖\ndate: 2024-06-01\nlevel: 省级\nwith: [测试党总支]\n---\n",
    );
    build_ok(tmp.path(), &[]);
    let (tmp, msg) = build_with(
        HONOR,
        "---\ntitle: 获奖\ndate: 2024-06-01\nlevel: 省级\nwith: [nowhere]\n---\n",
        &[],
    );
    assert!(msg.contains(&format!("{HONOR}:5:7")), "{msg}");
    assert!(msg.contains("联合开展的支部“nowhere”不存在"), "{msg}");
    assert!(
        msg.contains(
            "请写支部的文件夹名：general（测试党总支）、child（子党支部）、other（其他党支部）"
        ),
        "{msg}"
    );
    write(
        tmp.path(),
        "content/branches/child/_branch.md",
        "---\nname: 子\nparent: gone\n---\n",
    );
    let out = run(tmp.path(), &["build"]);
    assert!(
        text(&out).contains("content/branches/child/_branch.md:3:9"),
        "{}",
        text(&out)
    );
}

#[test]
fn errors_on_missing_assets_and_assets_outside_content() {
    let (tmp, msg) = build_with(
        HONOR,
        "---\ntitle: 获奖\ndate: 2024-06-01\nlevel: 省级\ncover: nope.jpg\n---\n",
        &[],
    );
    assert!(msg.contains(&format!("{HONOR}:5:8")), "{msg}");
    assert!(msg.contains("图片“nope.jpg”不存在"), "{msg}");
    write(
        tmp.path(),
        HONOR,
        "---\ntitle: 获奖\ndate: 2024-06-01\nlevel: 省级\ncover: ../../../../../etc/passwd\n---\n",
    );
    let msg = text(&run(tmp.path(), &["build"]));
    assert!(
        msg.contains(&format!("{HONOR}:5:8")) && msg.contains("指向 content 文件夹之外"),
        "{msg}"
    );
    write(
        tmp.path(),
        HONOR,
        "---\ntitle: 获奖\ndate: 2024-06-01\nlevel: 省级\n---\n正文\n\n![照片](../../../../../etc/passwd)\n",
    );
    let msg = text(&run(tmp.path(), &["build"]));
    assert!(msg.contains(&format!("{HONOR}:8:1")), "{msg}");
}

#[test]
fn errors_on_broken_relative_links_with_their_line() {
    let (_, msg) = build_with(
        HONOR,
        "---\ntitle: 获奖\ndate: 2024-06-01\nlevel: 省级\n---\n第一段\n\n见[另一篇](missing.md)\n",
        &[],
    );
    assert!(msg.contains(&format!("{HONOR}:8:2")), "{msg}");
    assert!(msg.contains("“missing.md”指向的文件不存在"), "{msg}");
}

#[test]
fn errors_on_duplicate_output_paths_naming_both_files() {
    let (_, msg) = build_with(
        "content/branches/other/honors/2023-01-01-award.md",
        "---\ntitle: 另一个\ndate: 2023-01-01\nlevel: 省级\n---\n",
        &[],
    );
    assert!(
        msg.contains("输出路径 /branches/other/honors/award/ 与"),
        "{msg}"
    );
    assert!(
        msg.contains("2023-01-01-award.md") && msg.contains("2024-06-01-award.md"),
        "{msg}"
    );
}

#[test]
fn errors_on_branch_folder_without_profile() {
    let (_, msg) = build_with(
        "content/branches/orphan/activities/2024-01-01-x.md",
        "---\ntitle: x\ndate: 2024-01-01\ntype: 党课\n---\n",
        &[],
    );
    assert!(msg.contains("content/branches/orphan"), "{msg}");
    assert!(msg.contains("缺少 _branch.md"), "{msg}");
}

#[test]
fn errors_on_invalid_yaml_and_unclosed_front_matter() {
    let (tmp, msg) = build_with(
        HONOR,
        "---\ntitle: 获奖\ndate: 2024-06-01\nlevel: [省级\n---\n",
        &[],
    );
    assert!(msg.contains("YAML 格式错误"), "{msg}");
    assert!(msg.contains(&format!("{HONOR}:5:")), "{msg}");
    write(tmp.path(), HONOR, "---\ntitle: 获奖\n");
    let msg = text(&run(tmp.path(), &["build"]));
    assert!(
        msg.contains(&format!("{HONOR}:1:1")) && msg.contains("front matter 没有结束"),
        "{msg}"
    );
}

#[test]
fn errors_on_unknown_kind_and_on_kindless_stories() {
    let (tmp, msg) = build_with(
        HONOR,
        "---\ntitle: 获奖\ndate: 2024-06-01\nkind: awards\n---\n",
        &[],
    );
    assert!(
        msg.contains(&format!("{HONOR}:4:7")) && msg.contains("未知的类型“awards”"),
        "{msg}"
    );
    write(
        tmp.path(),
        HONOR,
        "---\ntitle: 获奖\ndate: 2024-06-01\nlevel: 省级\n---\n",
    );
    write(
        tmp.path(),
        "content/branches/other/loose.md",
        "---\ntitle: 散稿\ndate: 2024-06-01\n---\n",
    );
    let msg = text(&run(tmp.path(), &["build"]));
    assert!(
        msg.contains("content/branches/other/loose.md") && msg.contains("无法确定稿件类型"),
        "{msg}"
    );
}

#[test]
fn errors_on_invalid_utf8_with_its_line() {
    let tmp = copy_fixture("basic");
    std::fs::write(tmp.path().join(HONOR), b"---\ntitle: ok\n\xff\xfe\n---\n").unwrap();
    let out = run(tmp.path(), &["build"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains(&format!("{HONOR}:3:1")) && text(&out).contains("不是 UTF-8"),
        "{}",
        text(&out)
    );
}

#[test]
fn reports_all_errors_of_a_run_together_sorted_by_file() {
    let tmp = copy_fixture("basic");
    write(
        tmp.path(),
        HONOR,
        "---\ntitle: 获奖\ndate: 2024-06-01\nlevel: 国家\n---\n",
    );
    write(
        tmp.path(),
        "content/branches/general/activities/2023-05-01-party-day.md",
        "---\ntitle: 党日\ndate: 2023-05-01\ntype: 聚餐\n---\n",
    );
    let msg = text(&run(tmp.path(), &["build"]));
    let a = msg
        .find("content/branches/general/activities/2023-05-01-party-day.md:4:7")
        .expect(&msg);
    let b = msg.find(&format!("{HONOR}:4:8")).expect(&msg);
    assert!(a < b, "sorted by path");
    assert!(msg.contains("共 2 个错误"), "{msg}");
}

#[test]
fn messages_are_in_english_with_lang_en() {
    let (tmp, _) = build_with(
        HONOR,
        "---\ntitle: 获奖\ndate: 2024-06-01\nlevel: 国家\n---\n",
        &[],
    );
    let msg = text(&run(tmp.path(), &["--lang", "en", "build"]));
    assert!(
        msg.contains("error: value \"国家\" is not allowed for `level`"),
        "{msg}"
    );
    assert!(msg.contains("allowed values: 国家级, 省级, 市级, 县级, 院级 (or city, county, hospital, municipal, national, provincial)"), "{msg}");
    assert!(msg.contains("1 error(s); nothing was written."), "{msg}");
}

#[test]
fn a_failed_build_leaves_public_byte_for_byte_as_it_was() {
    let tmp = copy_fixture("basic");
    let public = build_ok(tmp.path(), &[]);
    let before = snapshot(&public);
    write(
        tmp.path(),
        HONOR,
        "---\ntitle: 获奖\ndate: 2024-06-01\nlevel: 国家\n---\n",
    );
    let out = run(tmp.path(), &["build"]);
    assert!(!out.status.success());
    assert_eq!(snapshot(&public), before);
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != ".branchpress-cache")
        .collect();
    assert!(
        leftovers.is_empty(),
        "no staging folder left behind: {leftovers:?}"
    );
}

#[test]
fn template_errors_name_the_template_and_leave_public_alone() {
    let tmp = copy_fixture("basic");
    let public = build_ok(tmp.path(), &[]);
    let before = snapshot(&public);
    write(
        tmp.path(),
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title \n{% endblock content %}\n",
    );
    let msg = text(&run(tmp.path(), &["build"]));
    assert!(msg.contains("themes/default/templates/page.html"), "{msg}");
    assert!(
        msg.contains("themes/default/templates/page.html:4:1"),
        "the line is named: {msg}"
    );
    write(
        tmp.path(),
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{{ no_such_value }}{% endblock content %}",
    );
    let out = run(tmp.path(), &["build"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("page.html") && text(&out).contains("no_such_value"),
        "{}",
        text(&out)
    );
    assert_eq!(snapshot(&public), before);
}

#[test]
fn warnings_do_not_fail_unless_strict() {
    let tmp = copy_fixture("basic");
    write(
        tmp.path(),
        HONOR,
        "---\ntitle: 获奖\ndate: 2024-06-01\nlevel: 省级\ncolour: red\n---\n",
    );
    let out = run(tmp.path(), &["build"]);
    assert!(out.status.success());
    assert!(
        text(&out).contains("警告: 未知字段 `colour`，已忽略"),
        "{}",
        text(&out)
    );
    assert!(!run(tmp.path(), &["build", "--strict"]).status.success());
}

#[test]
fn refuses_an_output_folder_that_holds_the_portal() {
    let tmp = copy_fixture("basic");
    for (bad, why) in [
        (".", "会覆盖门户自身的文件"),
        ("..", "会覆盖门户自身的文件"),
        ("content", "位于门户的源文件夹"),
        ("content/public", "位于门户的源文件夹"),
    ] {
        let out = run(tmp.path(), &["build", "--output", bad]);
        assert!(!out.status.success(), "--output {bad} must be refused");
        assert!(text(&out).contains(why), "{}", text(&out));
    }
    assert!(tmp.path().join("content/_index.md").is_file());
}

#[test]
fn check_reports_the_same_errors_as_build() {
    let tmp = copy_fixture("basic");
    write(
        tmp.path(),
        HONOR,
        "---\ntitle: 获奖\ndate: 2024-06-01\nlevel: 国家\n---\n",
    );
    let out = run(tmp.path(), &["check"]);
    assert!(!out.status.success());
    assert!(text(&out).contains(&format!("{HONOR}:4:8")));
}

#[test]
fn errors_on_pages_and_branch_folders_that_would_break_urls() {
    let (tmp, msg) = build_with("content/index.md", "---\ntitle: 首页？\n---\n", &[]);
    assert!(
        msg.contains("content/index.md") && msg.contains("该页面会覆盖首页"),
        "{msg}"
    );
    std::fs::remove_file(tmp.path().join("content/index.md")).unwrap();
    write(
        tmp.path(),
        "content/branches/影像 科/_branch.md",
        "---\nname: 影像\n---\n",
    );
    let msg = text(&run(tmp.path(), &["build"]));
    assert!(msg.contains("支部文件夹名“影像 科”不能用作网址"), "{msg}");
}

#[test]
fn errors_on_implausible_years_and_explains_full_width_colons() {
    let (tmp, msg) = build_with(
        HONOR,
        "---\ntitle: 获奖\ndate: 0224-06-01\nlevel: 省级\n---\n",
        &[],
    );
    assert!(
        msg.contains(&format!("{HONOR}:3:7")) && msg.contains("年份 224 不合理"),
        "{msg}"
    );
    write(
        tmp.path(),
        HONOR,
        "---\ntitle: 获奖\ndate：2024-06-01\nlevel: 省级\n---\n",
    );
    let msg = text(&run(tmp.path(), &["build"]));
    assert!(msg.contains(&format!("{HONOR}:3:5")), "{msg}");
    assert!(msg.contains("第 3 行的字段名后用了中文冒号“：”"), "{msg}");
}

#[test]
fn a_story_with_an_unsluggable_name_gets_a_fallback_slug() {
    let tmp = copy_fixture("basic");
    write(
        tmp.path(),
        "content/branches/other/honors/！！.md",
        "---\ntitle: 符号\ndate: 2024-01-01\nlevel: 院级\n---\n",
    );
    let out = build_ok(tmp.path(), &[]);
    assert!(
        out.join("branches/other/honors/untitled/index.html")
            .is_file()
    );
    assert!(read(&out, "branches/other/honors/index.html").contains("符号"));
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let tmp = copy_fixture("basic");
    write(tmp.path(), "elsewhere/thesis.docx", "precious");
    let out = run(tmp.path(), &["build", "--output", "elsewhere"]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains("不是 branchpress 生成的"),
        "{}",
        text(&out)
    );
    assert_eq!(
        read(&tmp.path().join("elsewhere"), "thesis.docx"),
        "precious"
    );
    // Its own output is replaced without fuss.
    build_ok(tmp.path(), &[]);
    build_ok(tmp.path(), &[]);
}

#[test]
fn a_crash_is_an_internal_error_naming_the_file() {
    let tmp = copy_fixture("basic");
    let before = build_ok(tmp.path(), &[]);
    let snapshot_before = snapshot(&before);
    // Fault injection: the binary panics while processing this file.
    let out = run_env(
        tmp.path(),
        &["build"],
        &[("BRANCHPRESS_TEST_PANIC", "2023-05-01-party-day.md")],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let msg = text(&out);
    assert!(msg.contains("内部错误"), "{msg}");
    assert!(
        msg.contains(
            "crashed while processing content/branches/general/activities/2023-05-01-party-day.md"
        ),
        "{msg}"
    );
    assert_eq!(
        snapshot(&before),
        snapshot_before,
        "the last good site is untouched"
    );
    // A page being rendered is named by its output path.
    let out = run_env(
        tmp.path(),
        &["build"],
        &[("BRANCHPRESS_TEST_PANIC", "public/about/")],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("processing public/about/index.html"),
        "{}",
        text(&out)
    );
}

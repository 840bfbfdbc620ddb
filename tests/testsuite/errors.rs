//! Errors across a run: all problems reported together, sorted, in either
//! language; warnings and `--strict`; output-folder refusals. One case per
//! kind of bad input lives in the fixture suite, `tests/bad_input.rs`.

use crate::common::*;

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
        crate::common::text(&out)
    );
    let msg = crate::common::text(&out);
    (tmp, msg)
}

const HONOR: &str = "content/branches/other/honors/2024-06-01-award.md";

#[test]
fn joint_branches_are_found_by_full_name_as_well_as_folder_name() {
    let tmp = copy_fixture("basic");
    write(
        tmp.path(),
        HONOR,
        "---\ntitle: 获奖\ndate: 2024-06-01\nlevel: 省级\nwith: [测试党总支]\n---\n",
    );
    let out = build_ok(tmp.path(), &[]);
    // The joint branch, named by its full name, lists the story too.
    assert!(read(&out, "branches/general/index.html").contains("获奖"));
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
        msg.contains("error[BP0303]: value \"国家\" is not allowed for `level`"),
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
        text(&out).contains("警告[BP0305]: 未知字段 `colour`，已忽略"),
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
        ("static", "位于门户的源文件夹"),
        ("themes/default", "位于门户的源文件夹"),
        (".branchpress-cache", "位于门户的源文件夹"),
        (".git/pages", "位于门户的源文件夹"),
    ] {
        let out = run(tmp.path(), &["build", "--output", bad]);
        assert!(!out.status.success(), "--output {bad} must be refused");
        assert!(text(&out).contains(why), "{}", text(&out));
    }
    assert!(tmp.path().join("content/_index.md").is_file());
    // A public/ that is a link back to the portal is the portal.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(".", tmp.path().join("public")).unwrap();
        let out = run(tmp.path(), &["build"]);
        assert!(!out.status.success());
        assert!(
            text(&out).contains("会覆盖门户自身的文件"),
            "{}",
            text(&out)
        );
        assert!(tmp.path().join("site.yaml").is_file());
    }
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
    let first = build_ok(tmp.path(), &[]);
    let page = read(&first, "index.html");
    let again = build_ok(tmp.path(), &[]);
    assert_eq!(read(&again, "index.html"), page);
    assert!(again.join(".branchpress").is_file());
}

/// A story whose address holds a name Windows reserves builds (here) with a
/// warning that says it cannot be built on Windows.
#[test]
fn a_windows_device_name_in_an_address_is_a_warning() {
    let tmp = copy_fixture("basic");
    write(
        tmp.path(),
        "content/branches/general/activities/con.md",
        "---\ntitle: 主题党日\ndate: 2024-05-01\ntype: 主题党日\n---\n正文。\n",
    );
    let out = run(tmp.path(), &["build"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("警告[BP0208]") && text(&out).contains("“con”是 Windows 保留的名字"),
        "{}",
        text(&out)
    );
}

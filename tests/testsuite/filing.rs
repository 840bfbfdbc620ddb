//! Filing numbers and mourning: the `filing` fixture (an ICP number, a
//! public-security number and a 事业单位 label) built in both languages,
//! each number linked at the foot of every page; malformed numbers refused
//! at their line with the form they should have; without `filing` nothing
//! shown and nothing else changed; `mourning: true` greys every page.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::*;

const STORY: &str = "branches/general/activities/party-day/index.html";
const ICP: &str = r#"<a href="https://beian.miit.gov.cn/">陕ICP备2024000123号-1</a>"#;
const POLICE: &str = r#"<a href="https://beian.mps.gov.cn/#/query/webSearch?code=61090202000123"><img src="/police-filing.svg" alt="" width="16" height="16" />陕公网安备 61090202000123号</a>"#;
const INSTITUTION: &str =
    r#"<a href="https://bszs.conac.cn/sitename?method=show&amp;id=1A2B3C4D5E6F">事业单位</a>"#;

/// The fixture's site.yaml with its `filing:` block replaced by `filing`
/// (its lines, or nothing) and `extra` lines added.
fn site_yaml(filing: &str, extra: &str) -> String {
    let yaml = std::fs::read_to_string(fixture("filing").join("site.yaml")).expect("site.yaml");
    let head = &yaml[..yaml.find("filing:\n").expect("a filing block")];
    format!("{head}{filing}{extra}")
}

/// The HTML pages of a build, by path.
fn pages(out: &Path) -> BTreeMap<String, String> {
    snapshot(out)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8(b).expect("utf-8")))
        .collect()
}

/// The footer of a page.
fn footer(page: &str) -> &str {
    let at = page
        .find(r#"<footer class="site-footer">"#)
        .expect("a footer");
    &page[at..]
}

#[test]
fn the_footer_links_each_filing_on_every_page() {
    let tmp = copy_fixture("filing");
    let out = build_ok(tmp.path(), &[]);
    for rel in ["index.html", STORY] {
        let foot = footer(&read(&out, rel)).to_string();
        for link in [ICP, POLICE, INSTITUTION] {
            assert!(foot.contains(link), "{rel} lacks {link}:\n{foot}");
        }
        assert!(!foot.contains("target="), "links open normally");
    }
    let all = pages(&out);
    assert!(all.len() > 10);
    for (rel, page) in &all {
        let foot = footer(page);
        assert!(foot.contains(ICP) && foot.contains(POLICE), "{rel}");
        assert!(!page.contains(r#"class="mourning""#), "{rel}");
    }
    let badge = read(&out, "police-filing.svg");
    assert!(badge.starts_with("<svg"), "the theme's own badge");
    assert!(
        !badge.contains("href") && !badge.contains("<image"),
        "no image from another host"
    );
}

#[test]
fn each_filing_alone_shows_alone() {
    let tmp = copy_fixture("filing");
    let cases = [
        ("filing:\n  icp: 京ICP备12345678号\n", true, false, false),
        (
            "filing:\n  police: 京公网安备11010502030143号\n",
            false,
            true,
            false,
        ),
        ("filing:\n  institution: {id: ABC123}\n", false, false, true),
    ];
    for (filing, icp, police, institution) in cases {
        write(tmp.path(), "site.yaml", &site_yaml(filing, ""));
        let out = build_ok(tmp.path(), &[]);
        let home = read(&out, "index.html");
        let foot = footer(&home);
        assert_eq!(foot.contains("beian.miit.gov.cn"), icp, "{filing}");
        assert_eq!(
            foot.contains("webSearch?code=11010502030143"),
            police,
            "{filing}"
        );
        assert_eq!(out.join("police-filing.svg").is_file(), police, "{filing}");
        assert_eq!(
            foot.contains("method=show&amp;id=ABC123\">事业单位</a>"),
            institution,
            "{filing}"
        );
    }
}

#[test]
fn malformed_numbers_are_refused_at_their_line_with_the_form() {
    let tmp = copy_fixture("filing");
    let icp_form = "省份简称 + ICP备 + 数字 + 号，可再加 -序号，如 陕ICP备2024000123号-1";
    let police_form = "省份简称 + 公网安备 + 14 位数字 + 号，如 陕公网安备61090202000123号";
    // The fixture's `filing:` is on line 6: icp on 7, police on 8.
    let cases = [
        ("icp", "陕ICP2024000123号", icp_form),
        ("icp", "陕ICP备2024000123", icp_form),
        ("icp", "ICP备2024000123号-1", icp_form),
        ("icp", "沪ICP备号", icp_form),
        ("icp", "陕ICP备2024000123号-", icp_form),
        ("icp", "陕ICP证2024000123号", icp_form),
        ("icp", "Shaanxi ICP 2024000123", icp_form),
        ("police", "陕公网安备6109020200012号", police_form),
        ("police", "陕公网安备610902020001234号", police_form),
        ("police", "陕公网安备61090202000123", police_form),
        ("police", "公网安备61090202000123号", police_form),
        ("police", "陕ICP备2024000123号-1", police_form),
        ("police", "陕公网安备 6109O202000123号", police_form),
    ];
    for (key, number, form) in cases {
        let (icp, police) = match key {
            "icp" => (number, "陕公网安备61090202000123号"),
            _ => ("陕ICP备2024000123号-1", number),
        };
        let line = if key == "icp" { 7 } else { 8 };
        write(
            tmp.path(),
            "site.yaml",
            &site_yaml(&format!("filing:\n  icp: {icp}\n  police: {police}\n"), ""),
        );
        let out = run(tmp.path(), &["build"]);
        let said = text(&out);
        assert!(!out.status.success(), "{number} accepted");
        assert!(said.contains("错误[BP0106]"), "{number}: {said}");
        assert!(
            said.contains(&format!("site.yaml:{line}:3")),
            "{number}: {said}"
        );
        assert!(said.contains(&format!("filing.{key}")), "{number}: {said}");
        assert!(said.contains(form), "{number}: {said}");
        assert!(said.contains(number), "{number}: {said}");
        assert!(!tmp.path().join("public").exists(), "nothing written");
        let en = text(&run(tmp.path(), &["--lang", "en", "build"]));
        assert!(en.contains("expected: a province abbreviation"), "{en}");
        assert!(en.contains(&format!("site.yaml:{line}:3")), "{en}");
    }
}

#[test]
fn unknown_keys_under_filing_are_refused() {
    let tmp = copy_fixture("filing");
    write(
        tmp.path(),
        "site.yaml",
        &site_yaml("filing:\n  icp: 陕ICP备2024000123号-1\n  gongan: 1\n", ""),
    );
    let out = run(tmp.path(), &["build"]);
    let said = text(&out);
    assert!(!out.status.success());
    assert!(said.contains("site.yaml:8"), "{said}");
    assert!(said.contains("gongan"), "{said}");
}

#[test]
fn without_filing_nothing_is_shown_and_nothing_else_changes() {
    let with = copy_fixture("filing");
    let with_out = build_ok(with.path(), &[]);
    let without = copy_fixture("filing");
    write(without.path(), "site.yaml", &site_yaml("", ""));
    let without_out = build_ok(without.path(), &[]);
    let mut with_files = snapshot(&with_out);
    let without_files = snapshot(&without_out);
    assert!(with_files.remove("police-filing.svg").is_some());
    assert!(!without_files.contains_key("police-filing.svg"));
    assert_eq!(
        with_files.keys().collect::<Vec<_>>(),
        without_files.keys().collect::<Vec<_>>()
    );
    for (rel, bytes) in &without_files {
        let page = String::from_utf8_lossy(bytes);
        if !rel.ends_with(".html") {
            assert_eq!(&with_files[rel], bytes, "{rel}");
            continue;
        }
        for word in ["beian", "conac", "ICP备", "公网安备", "filings", "mourning"] {
            assert!(!page.contains(word), "{rel} has {word}");
        }
        // The same page with the filings: the one paragraph more, nothing else.
        let with_page = String::from_utf8_lossy(&with_files[rel]).into_owned();
        let at = with_page
            .find("    <p class=\"filings\">")
            .unwrap_or_else(|| panic!("{rel} shows no filings"));
        let end = at + with_page[at..].find("</p>\n").expect("closed") + 5;
        let stripped = format!("{}{}", &with_page[..at], &with_page[end..]);
        assert_eq!(
            stripped.as_bytes(),
            bytes.as_slice(),
            "{rel} differs beyond the filings"
        );
    }
    // `filing: {}` sets nothing: the same bytes as no `filing` at all.
    let empty = copy_fixture("filing");
    write(empty.path(), "site.yaml", &site_yaml("filing: {}\n", ""));
    assert_eq!(snapshot(&build_ok(empty.path(), &[])), without_files);
}

#[test]
fn an_english_portal_keeps_the_numbers_in_chinese() {
    let tmp = copy_fixture("filing");
    let yaml = std::fs::read_to_string(tmp.path().join("site.yaml")).unwrap();
    write(tmp.path(), "site.yaml", &format!("language: en\n{yaml}"));
    let out = build_ok(tmp.path(), &[]);
    for rel in ["index.html", STORY] {
        let page = read(&out, rel);
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
        let foot = footer(&page);
        for (url, number) in [
            ("https://beian.miit.gov.cn/", "陕ICP备2024000123号-1"),
            (
                "https://beian.mps.gov.cn/#/query/webSearch?code=61090202000123",
                "陕公网安备 61090202000123号",
            ),
        ] {
            assert!(
                foot.contains(&format!(r#"<a href="{url}" lang="zh-CN">"#)),
                "{rel}: {foot}"
            );
            assert!(foot.contains(number), "{rel}: {foot}");
        }
        assert!(
            foot.contains(r#"lang="zh-CN">事业单位</a>"#),
            "{rel}: {foot}"
        );
    }
}

#[test]
fn mourning_greys_every_page_and_is_off_by_default() {
    let tmp = copy_fixture("filing");
    let plain = pages(&build_ok(tmp.path(), &[]));
    write(tmp.path(), "site.yaml", &site_yaml("", "mourning: true\n"));
    let out = build_ok(tmp.path(), &[]);
    let grey = pages(&out);
    assert_eq!(grey.len(), plain.len());
    for (rel, page) in &grey {
        assert!(
            page.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\" class=\"mourning\">"),
            "{rel}"
        );
    }
    for (rel, page) in &plain {
        assert!(!page.contains("mourning"), "{rel}");
    }
    let css = read(&out, "style.css");
    assert!(css.contains("html.mourning { filter: grayscale(1); }"));
    write(tmp.path(), "site.yaml", &site_yaml("", "mourning: false\n"));
    for (rel, page) in pages(&build_ok(tmp.path(), &[])) {
        assert!(!page.contains("mourning"), "{rel}");
    }
}

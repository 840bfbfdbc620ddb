//! `branchpress report` on the `report` fixture (two branches, 2023 and
//! 2024, hand-counted): the Word document's sections, figures and story
//! titles read back from its XML; the workbook's cells (numbers as numbers,
//! dates as dates, frozen headers); the HTML page's figures against
//! stats.json; an empty year; bad input; the same bytes twice.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::Path;

use serde_json::Value;

use crate::common::*;

/// The files of a zip archive (a .docx or .xlsx), by name.
fn unzip(path: &Path) -> BTreeMap<String, String> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut zip = zip::ZipArchive::new(file).expect("a zip archive");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        out.insert(
            f.name().expect("a file name").to_string(),
            String::from_utf8_lossy(&bytes).into_owned(),
        );
    }
    out
}

/// A Word document's paragraphs (text and style) and tables (rows of cell texts).
struct Word {
    paragraphs: Vec<(String, String)>,
    tables: Vec<Vec<Vec<String>>>,
    media: usize,
}

fn read_docx(path: &Path) -> Word {
    let files = unzip(path);
    let xml = &files["word/document.xml"];
    let doc = roxmltree::Document::parse(xml).expect("document.xml parses");
    let text_of = |n: roxmltree::Node| -> String {
        n.descendants()
            .filter(|d| d.has_tag_name("t"))
            .filter_map(|d| d.text())
            .collect()
    };
    let mut paragraphs = Vec::new();
    let mut tables = Vec::new();
    let body = doc.descendants().find(|n| n.has_tag_name("body")).unwrap();
    for child in body.children() {
        if child.has_tag_name("p") {
            let style = child
                .descendants()
                .find(|d| d.has_tag_name("pStyle"))
                .and_then(|d| {
                    d.attributes()
                        .find(|a| a.name() == "val")
                        .map(|a| a.value().to_string())
                })
                .unwrap_or_default();
            paragraphs.push((text_of(child), style));
        } else if child.has_tag_name("tbl") {
            let rows = child
                .children()
                .filter(|r| r.has_tag_name("tr"))
                .map(|r| {
                    r.children()
                        .filter(|c| c.has_tag_name("tc"))
                        .map(text_of)
                        .collect()
                })
                .collect();
            tables.push(rows);
        }
    }
    let media = (files.keys())
        .filter(|k| k.starts_with("word/media/") && !k.ends_with('/'))
        .count();
    for (name, _) in files
        .iter()
        .filter(|(k, _)| k.starts_with("word/media/") && !k.ends_with('/'))
    {
        let bytes = {
            let file = std::fs::File::open(path).unwrap();
            let mut zip = zip::ZipArchive::new(file).unwrap();
            let mut f = zip.by_name(name).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            b
        };
        assert!(
            bytes.starts_with(b"\x89PNG"),
            "{name} is a PNG, as its name says"
        );
    }
    Word {
        paragraphs,
        tables,
        media,
    }
}

impl Word {
    fn has(&self, text: &str) -> bool {
        self.paragraphs.iter().any(|(t, _)| t.contains(text))
    }

    fn heading(&self, text: &str) -> bool {
        (self.paragraphs.iter()).any(|(t, s)| t == text && s.starts_with("Heading"))
    }

    /// The row of the figures table whose first cell is `label`.
    fn figure(&self, label: &str) -> Vec<String> {
        (self.tables.iter().flatten())
            .find(|r| r.first().is_some_and(|c| c == label))
            .unwrap_or_else(|| panic!("no row {label}"))[1..]
            .to_vec()
    }
}

#[test]
fn the_word_report_has_every_section_and_the_hand_counted_figures() {
    let tmp = copy_fixture("report");
    let out = run(
        tmp.path(),
        &[
            "report",
            "--year",
            "2024",
            "--branch",
            "neike",
            "--output",
            "out/neike.docx",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let w = read_docx(&tmp.path().join("out/neike.docx"));
    assert_eq!(w.paragraphs[0].0, "内科党支部2024年度党建工作成果报告");
    assert_eq!(w.paragraphs[0].1, "Title");
    for h in [
        "支部概况",
        "主要数据（与上一年对比）",
        "党建活动（按活动类型）",
        "荣誉（按级别）",
        "新技术新项目（按首创范围）",
        "与其他支部联合开展",
        "存在问题",
        "下一步打算",
    ] {
        assert!(w.heading(h), "heading {h}: {:?}", w.paragraphs);
    }
    for profile in ["刘强", "24", "心内科、消化内科", "健康守门人"] {
        assert!(w.has(profile), "{profile}");
    }
    // The figures beside last year's, counted by hand.
    assert_eq!(w.figure("稿件总数"), ["4", "2", "+2"]);
    assert_eq!(w.figure("党建活动"), ["2", "1", "+1"]);
    assert_eq!(w.figure("新技术新项目"), ["1", "0", "+1"]);
    assert_eq!(w.figure("参与人数（人）"), ["70", "20", "+50"]);
    assert_eq!(w.figure("服务群众（人次）"), ["200", "0", "+200"]);
    assert_eq!(w.figure("荣誉 · 省级"), ["1", "0", "+1"]);
    assert_eq!(w.figure("荣誉 · 市级"), ["0", "1", "-1"]);
    assert_eq!(w.figure("新技术新项目 · 市内首例"), ["1", "0", "+1"]);
    // Every story of the year, with its details; no draft, no other year.
    for title in [
        "春季社区义诊",
        "内外科联合主题党日",
        "首例床旁超声引导穿刺",
        "省级优秀党支部",
    ] {
        assert!(w.has(title), "{title}");
    }
    assert!(w.has("已开展例数：12"), "a technique's cases");
    assert!(w.has("地点：明湖社区卫生服务中心"));
    for absent in ["还没写完的活动", "二〇二三年社区义诊", "999"] {
        assert!(!w.has(absent), "{absent}");
    }
    assert!(w.has("联合支部：外科党支部"));
    // The secretary's sections are left to write, with a prompt.
    assert!(w.has("请支部书记填写"));
    assert_eq!(w.media, 0, "no photo that year");

    // The other branch: the joint story once, and its photo.
    let out = run(
        tmp.path(),
        &[
            "report",
            "--year",
            "2024",
            "--branch",
            "waike",
            "--output",
            "out/waike.docx",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let w = read_docx(&tmp.path().join("out/waike.docx"));
    let joint = (w.paragraphs.iter())
        .filter(|(t, _)| t.contains("内外科联合主题党日"))
        .count();
    assert_eq!(joint, 2, "once among activities, once under joint work");
    assert!(w.has("联合支部：内科党支部"));
    assert_eq!(w.media, 1, "the cover of 外科志愿服务进车站");
    assert!(w.has("外科志愿服务进车站（2024年9月1日）"));
    assert_eq!(w.figure("志愿服务时长（小时）"), ["50", "0", "+50"]);
}

/// A worksheet's cells: reference → (type attribute, style, value).
fn cells(xml: &str, shared: &[String]) -> BTreeMap<String, (String, String, String)> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("c"))
        .map(|c| {
            let t = c.attribute("t").unwrap_or_default().to_string();
            let s = c.attribute("s").unwrap_or_default().to_string();
            let v = c
                .descendants()
                .find(|d| d.has_tag_name("v"))
                .and_then(|d| d.text())
                .unwrap_or_default()
                .to_string();
            let v = if t == "s" {
                shared[v.parse::<usize>().unwrap()].clone()
            } else {
                v
            };
            (c.attribute("r").unwrap().to_string(), (t, s, v))
        })
        .collect()
}

#[test]
fn the_workbook_has_numbers_as_numbers_dates_as_dates_and_frozen_headers() {
    let tmp = copy_fixture("report");
    let out = run(
        tmp.path(),
        &[
            "report", "--year", "2024", "--format", "xlsx", "--output", "out",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let book = tmp
        .path()
        .join("out/报告测试门户2024年度党建工作成果汇总.xlsx");
    let files = unzip(&book);
    let workbook = &files["xl/workbook.xml"];
    assert!(workbook.contains("name=\"汇总\""));
    assert!(workbook.contains("name=\"内科党支部\"") && workbook.contains("name=\"外科党支部\""));
    let shared: Vec<String> = {
        let doc = roxmltree::Document::parse(&files["xl/sharedStrings.xml"]).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name("si"))
            .map(|si| {
                si.descendants()
                    .filter(|d| d.has_tag_name("t"))
                    .filter_map(|d| d.text())
                    .collect()
            })
            .collect()
    };
    // The summary: a row per branch, this year's and last year's figures as numbers.
    let summary = cells(&files["xl/worksheets/sheet1.xml"], &shared);
    assert_eq!(summary["A3"].2, "内科党支部");
    assert_eq!(summary["B1"].2, "稿件总数");
    assert_eq!(summary["B2"].2, "本年");
    assert_eq!(summary["C2"].2, "上年");
    assert_eq!(
        (summary["B3"].0.as_str(), summary["B3"].2.as_str()),
        ("", "4")
    );
    assert_eq!(
        (summary["C3"].0.as_str(), summary["C3"].2.as_str()),
        ("", "2")
    );
    assert_eq!(summary["B4"].2, "2", "外科党支部: 2 stories");
    assert_eq!(
        summary["B5"].2, "5",
        "the organisation: the joint story once"
    );
    assert!(files["xl/worksheets/sheet1.xml"].contains("state=\"frozen\""));
    assert!(files["xl/worksheets/sheet1.xml"].contains("<col "));

    // A branch's sheet: each story with a real date and its metrics as numbers.
    let neike = cells(&files["xl/worksheets/sheet2.xml"], &shared);
    assert_eq!(neike["A1"].2, "日期");
    let titles: Vec<&str> = (neike.iter())
        .filter(|(r, _)| r.starts_with('B') && *r != "B1")
        .map(|(_, c)| c.2.as_str())
        .collect();
    assert_eq!(titles.len(), 4, "{titles:?}");
    assert!(titles.contains(&"春季社区义诊"));
    let (t, style, serial) = &neike["A2"];
    assert!(t.is_empty(), "a date is a number");
    let serial: f64 = serial.parse().unwrap();
    assert!(
        (45292.0..45658.0).contains(&serial),
        "a day of 2024: {serial}"
    );
    // Its style is a date format.
    let styles = &files["xl/styles.xml"];
    assert!(styles.contains("yyyy-mm-dd"), "{styles}");
    assert!(!style.is_empty());
    let participants: Vec<&str> = (neike.iter())
        .filter(|(r, c)| r.starts_with('E') && *r != "E1" && c.0.is_empty())
        .map(|(_, c)| c.2.as_str())
        .collect();
    assert_eq!(
        participants
            .iter()
            .map(|v| v.parse::<f64>().unwrap())
            .sum::<f64>(),
        70.0
    );
    assert!(files["xl/worksheets/sheet2.xml"].contains("state=\"frozen\""));
}

#[test]
fn the_html_report_figures_equal_stats_json() {
    let tmp = copy_fixture("report");
    let public = build_ok(tmp.path(), &[]);
    let stats: Value = serde_json::from_str(&read(&public, "stats.json")).unwrap();
    let out = run(
        tmp.path(),
        &[
            "report", "--year", "2024", "--format", "html", "--output", "out",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let row = |html: &str, label: &str| -> f64 {
        let at = html
            .find(&format!("<td>{label}</td>"))
            .unwrap_or_else(|| panic!("{label}"));
        let rest = &html[at..];
        let v = rest.split("<td class=\"n\">").nth(1).unwrap();
        v.split('<').next().unwrap().parse().unwrap()
    };
    for (i, name) in ["内科党支部", "外科党支部"].iter().enumerate() {
        let html = std::fs::read_to_string(
            tmp.path()
                .join(format!("out/{name}2024年度党建工作成果报告.html")),
        )
        .unwrap();
        let year = &stats["branches"][i]["by_year"]["2024"];
        assert_eq!(row(&html, "稿件总数"), year["stories"].as_f64().unwrap());
        assert_eq!(
            row(&html, "党建活动"),
            year["by_kind"]["activities"].as_f64().unwrap()
        );
        assert_eq!(
            row(&html, "荣誉"),
            year["by_kind"]["honors"].as_f64().unwrap()
        );
        assert_eq!(
            row(&html, "参与人数（人）"),
            year["metrics"]["participants"].as_f64().unwrap()
        );
        assert_eq!(
            row(&html, "志愿服务时长（小时）"),
            year["metrics"]["volunteer_hours"].as_f64().unwrap()
        );
        assert!(html.contains("size:A4"), "print-ready");
    }
    let org = std::fs::read_to_string(
        tmp.path()
            .join("out/报告测试门户2024年度党建工作成果汇总.html"),
    )
    .unwrap();
    let year = &stats["by_year"]["2024"];
    assert_eq!(row(&org, "稿件总数"), year["stories"].as_f64().unwrap());
    assert_eq!(
        row(&org, "参与人数（人）"),
        year["metrics"]["participants"].as_f64().unwrap()
    );
    assert!(org.contains("break-before:page"), "a page per branch");
    assert!(org.contains("不作排名"));
    // The photo is embedded, so the page prints anywhere.
    assert!(org.contains("src=\"data:image/jpeg;base64,"));
}

#[test]
fn a_year_without_stories_gives_a_report_that_says_so() {
    let tmp = copy_fixture("report");
    let out = run(
        tmp.path(),
        &[
            "report", "--year", "2025", "--branch", "neike", "--format", "html", "--output",
            "r.html",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let html = std::fs::read_to_string(tmp.path().join("r.html")).unwrap();
    assert!(html.contains("本年度没有已发布的稿件。"));
    assert!(html.contains(
        "<td>稿件总数</td><td class=\"n\">0</td><td class=\"n\">4</td><td class=\"n\">-4</td>"
    ));
}

#[test]
fn bad_input_is_refused_and_nothing_is_written() {
    let tmp = copy_fixture("report");
    let before = snapshot(tmp.path());
    let cases: [(&[&str], &str); 5] = [
        (&["--year", "2019"], "不在本网站稿件的年份范围"),
        (
            &["--year", "2024", "--branch", "nope"],
            "neike（内科党支部）",
        ),
        (
            &[
                "--year",
                "2024",
                "--branch",
                "neike",
                "--output",
                "content/r.docx",
            ],
            "content/",
        ),
        (
            &["--year", "2024", "--output", "themes/default/r"],
            "themes/",
        ),
        (&["--year", "2024", "--output", "static"], "static/"),
    ];
    for (args, says) in cases {
        let mut all = vec!["report"];
        all.extend_from_slice(args);
        let out = run(tmp.path(), &all);
        let said = text(&out);
        assert!(!out.status.success(), "{args:?}: {said}");
        assert!(said.contains(says), "{args:?}: {said}");
        assert!(said.contains("BP0606"), "{said}");
        assert!(!said.contains("panicked"));
    }
    let after = snapshot(tmp.path());
    let written: Vec<&String> = after
        .keys()
        .filter(|k| !before.contains_key(*k) && !k.starts_with(".branchpress-cache"))
        .collect();
    assert!(written.is_empty(), "{written:?}");
}

#[test]
fn two_runs_write_the_same_bytes_and_english_portals_get_english_labels() {
    let tmp = copy_fixture("report");
    for n in ["a", "b"] {
        for format in ["docx", "xlsx", "html"] {
            let out = run(
                tmp.path(),
                &[
                    "report", "--year", "2024", "--format", format, "--output", n,
                ],
            );
            assert!(out.status.success(), "{}", text(&out));
        }
    }
    let (a, b) = (
        snapshot(&tmp.path().join("a")),
        snapshot(&tmp.path().join("b")),
    );
    assert_eq!(a.len(), 9);
    assert_eq!(a, b);

    let site = std::fs::read_to_string(tmp.path().join("site.yaml")).unwrap();
    std::fs::write(
        tmp.path().join("site.yaml"),
        format!("{site}language: en\n"),
    )
    .unwrap();
    let out = run(
        tmp.path(),
        &[
            "report", "--year", "2024", "--branch", "neike", "--output", "en.docx",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let w = read_docx(&tmp.path().join("en.docx"));
    assert_eq!(
        w.paragraphs[0].0,
        "内科党支部 2024 annual report of Party-building work"
    );
    assert!(w.heading("Figures, beside last year's"));
    assert_eq!(w.figure("Stories"), ["4", "2", "+2"]);
}

#[test]
fn with_reports_on_the_build_publishes_each_years_reports_linked_from_the_branch_page() {
    let tmp = copy_fixture("report");
    let public = build_ok(tmp.path(), &[]);
    assert!(!public.join("report").exists(), "off by default");
    assert!(!read(&public, "branches/neike/index.html").contains("year-report"));

    let site = std::fs::read_to_string(tmp.path().join("site.yaml")).unwrap();
    std::fs::write(
        tmp.path().join("site.yaml"),
        format!("{site}reports: true\n"),
    )
    .unwrap();
    let public = build_ok(tmp.path(), &[]);
    for year in ["2023", "2024"] {
        let org = read(&public, &format!("report/{year}/index.html"));
        assert!(org.contains(&format!("报告测试门户{year}年度党建工作成果汇总")));
        let neike = read(&public, &format!("branches/neike/report/{year}/index.html"));
        assert!(neike.contains(&format!("内科党支部{year}年度党建工作成果报告")));
    }
    let page = read(&public, "branches/neike/index.html");
    assert!(
        page.contains("href=\"/branches/neike/report/2024/\""),
        "the year links its report"
    );
    assert!(page.contains("年度报告（可打印）"));
    // On the site, photos are linked, not embedded.
    let waike = read(&public, "branches/waike/report/2024/index.html");
    assert!(waike.contains("src=\"/branches/waike/activities/volunteers/station-"));
    assert!(!waike.contains("data:image"));
}

#[test]
fn a_preview_with_drafts_links_no_report_for_a_year_of_drafts_only() {
    let tmp = copy_fixture("report");
    let site = std::fs::read_to_string(tmp.path().join("site.yaml")).unwrap();
    std::fs::write(
        tmp.path().join("site.yaml"),
        format!("{site}reports: true\n"),
    )
    .unwrap();
    write(
        tmp.path(),
        "content/branches/neike/activities/2026-01-05-plan.md",
        "---\ntitle: 明年的计划\ndate: 2026-01-05\ntype: 其他\ndraft: true\n---\n计划。\n",
    );
    let public = build_ok(tmp.path(), &["--drafts"]);
    let page = read(&public, "branches/neike/index.html");
    assert!(page.contains("明年的计划"), "the draft is previewed");
    assert!(page.contains("href=\"/branches/neike/report/2024/\""));
    assert!(
        !page.contains("report/2026/"),
        "no report for a year of drafts"
    );
    assert!(!public.join("branches/neike/report/2026").exists());
}

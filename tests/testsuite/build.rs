//! Builds fixture portals and the demo portal and checks what comes out:
//! routes, statistics counted by hand, feeds, determinism, base URLs.

use crate::common::*;
use serde_json::Value;

#[test]
fn builds_every_route_of_the_design() {
    let tmp = copy_fixture("basic");
    let out = build_ok(tmp.path(), &[]);
    for route in [
        "index.html",
        "404.html",
        "branches/index.html",
        "branches/general/index.html",
        "branches/child/index.html",
        "branches/child/activities/free-clinic/index.html",
        "branches/child/activities/free-clinic/photo-40w.jpg",
        "branches/child/activities/index.html",
        "branches/other/techniques/xin-ji-shu/index.html",
        "activities/index.html",
        "honors/index.html",
        "techniques/index.html",
        "tags/index.html",
        "tags/yi-zhen/index.html",
        "years/index.html",
        "years/2024/index.html",
        "stats/index.html",
        "stats.json",
        "stats.csv",
        "atom.xml",
        "branches/other/atom.xml",
        "sitemap.xml",
        "about/index.html",
        "style.css",
        "highlight.css",
    ] {
        assert!(out.join(route).is_file(), "missing /{route}");
    }
    assert!(
        !out.join("branches/other/activities/draft").exists(),
        "drafts are not published"
    );
    assert!(
        !out.join("branches/child/activities/free-clinic/photo.jpg")
            .exists(),
        "original photos are not published, their variants are"
    );
}

#[test]
fn stats_json_matches_hand_counted_figures() {
    let tmp = copy_fixture("basic");
    let out = build_ok(tmp.path(), &[]);
    let stats: Value = serde_json::from_str(&read(&out, "stats.json")).unwrap();
    let totals = &stats["totals"];
    assert_eq!(totals["branches"], 3);
    assert_eq!(totals["members"], 22);
    // The joint free clinic counts once; the draft not at all.
    assert_eq!(totals["stories"], 4);
    assert_eq!(
        totals["by_kind"],
        serde_json::json!({"activities": 2, "honors": 1, "techniques": 1})
    );
    assert_eq!(
        totals["metrics"],
        serde_json::json!({"participants": 30, "patients_served": 300, "volunteer_hours": 40})
    );
    let branch = |slug: &str| {
        stats["branches"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["slug"] == slug)
            .unwrap()
            .clone()
    };
    // The joint story counts for both branches, metrics included.
    assert_eq!(branch("other")["stories"], 3);
    assert_eq!(branch("other")["metrics"]["participants"], 20);
    assert_eq!(branch("child")["stories"], 1);
    assert_eq!(branch("child")["parent"], "general");
    assert_eq!(branch("general")["metrics"]["participants"], 10);
    assert_eq!(branch("other")["by_year"]["2024"]["by_kind"]["honors"], 1);
    assert_eq!(stats["by_year"]["2022"]["stories"], 1);
    assert_eq!(stats["by_year"]["2023"]["stories"], 1);
    assert_eq!(stats["by_year"]["2024"]["stories"], 2);
    assert_eq!(
        stats["by_month"]["2024-03"]["metrics"]["patients_served"],
        300
    );
    assert_eq!(
        stats["honors_by_level"],
        serde_json::json!({"国家级": 0, "省级": 1, "市级": 0, "县级": 0, "院级": 0})
    );
    assert_eq!(stats["techniques_by_milestone"]["市内首例"], 1);
    assert_eq!(stats["by_field"]["activities.type"]["义诊"], 1);
    assert_eq!(stats["by_field"]["activities.type"]["主题党日"], 1);
    // stats.csv carries the same totals.
    let csv = read(&out, "stats.csv");
    assert!(csv.starts_with('\u{feff}'));
    assert!(
        csv.contains("\r\nsite,,测试门户,all,22,4,2,1,1,30,300,40\r\n"),
        "{csv}"
    );
}

#[test]
fn drafts_are_previewed_with_the_drafts_flag_but_never_counted() {
    let tmp = copy_fixture("basic");
    let out = build_ok(tmp.path(), &["--drafts"]);
    let stats: Value = serde_json::from_str(&read(&out, "stats.json")).unwrap();
    assert_eq!(stats["totals"]["stories"], 4);
    assert_eq!(stats["totals"]["metrics"]["participants"], 30);
    assert!(
        out.join("branches/other/activities/draft/index.html")
            .is_file()
    );
}

#[test]
fn joint_stories_show_on_every_branch_that_took_part() {
    let tmp = copy_fixture("basic");
    let out = build_ok(tmp.path(), &[]);
    for branch in ["child", "other"] {
        let html = read(&out, &format!("branches/{branch}/index.html"));
        assert!(
            html.contains("/branches/child/activities/free-clinic/"),
            "{branch} lists the joint clinic"
        );
    }
    assert!(!read(&out, "branches/general/index.html").contains("free-clinic"));
}

#[test]
fn story_pages_show_kind_fields_dates_and_highlighted_code() {
    let tmp = copy_fixture("basic");
    let out = build_ok(tmp.path(), &[]);
    let html = read(&out, "branches/child/activities/free-clinic/index.html");
    assert!(html.contains("2024年3月26日"));
    assert!(html.contains("<dd>义诊</dd>"));
    assert!(html.contains("<dd><strong>300</strong> 人次</dd>"));
    assert!(html.contains(
        r#"<img src="/branches/child/activities/free-clinic/photo-40w.jpg" srcset="/branches/child/activities/free-clinic/photo-40w.jpg 40w" sizes="(max-width: 48rem) 100vw, 48rem" width="40" height="30" alt="义诊现场" loading="lazy" decoding="async" />"#
    ), "{html}");
    assert!(html.contains(r#"<pre class="code" data-lang="python">"#));
    // The code stylesheet is loaded by pages with code only.
    assert!(html.contains("/highlight.css"));
    assert!(!read(&out, "index.html").contains("/highlight.css"));
    assert!(html.contains(r#"<meta property="og:image" content="https://example.org/branches/child/activities/free-clinic/photo-40w.jpg" />"#));
    let honor = read(&out, "branches/other/honors/award/index.html");
    assert!(
        honor.contains("<dd>省级</dd>"),
        "the English alias is shown as its canonical value"
    );
    let about = read(&out, "about/index.html");
    assert!(
        about.contains(r#"href="/branches/child/activities/free-clinic/""#),
        "links to .md files resolve to pages"
    );
}

#[test]
fn paginates_long_lists() {
    let tmp = copy_fixture("basic");
    write(
        tmp.path(),
        "site.yaml",
        "title: 测试门户\nbase_url: https://example.org/\npaginate: 1\n",
    );
    let out = build_ok(tmp.path(), &[]);
    assert!(out.join("activities/page/2/index.html").is_file());
    assert!(!out.join("activities/page/3").exists());
    let first = read(&out, "activities/index.html");
    assert!(
        first.contains(r#"<a rel="next" href="/activities/page/2/">"#),
        "{first}"
    );
}

#[test]
fn feeds_and_sitemap_are_well_formed_xml() {
    let tmp = copy_fixture("basic");
    let out = build_ok(tmp.path(), &[]);
    let atom = read(&out, "atom.xml");
    let doc = roxmltree::Document::parse(&atom).expect("atom.xml parses");
    let root = doc.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let entries: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 4);
    for e in &entries {
        for child in ["title", "id", "updated", "link", "content"] {
            assert!(
                e.children().any(|n| n.has_tag_name(child)),
                "entry has <{child}>"
            );
        }
    }
    assert!(
        root.children()
            .any(|n| n.has_tag_name("updated") && n.text() == Some("2024-06-01T00:00:00Z"))
    );
    roxmltree::Document::parse(&read(&out, "branches/other/atom.xml")).expect("branch feed parses");
    let sitemap = read(&out, "sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap parses");
    let locs: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&"https://example.org/branches/other/honors/award/"));
    assert!(locs.iter().all(|l| l.starts_with("https://example.org/")));
}

#[test]
fn two_builds_are_byte_identical_whatever_the_thread_count() {
    let tmp = copy_fixture("basic");
    let one = run_env(
        tmp.path(),
        &["build", "--output", "one"],
        &[("RAYON_NUM_THREADS", "1")],
    );
    let two = run_env(
        tmp.path(),
        &["build", "--output", "two"],
        &[
            ("RAYON_NUM_THREADS", "2"),
            ("TZ", "America/New_York"),
            ("LANG", "en_US.UTF-8"),
            ("LC_ALL", "en_US.UTF-8"),
        ],
    );
    assert!(one.status.success() && two.status.success());
    let (a, b) = (
        snapshot(&tmp.path().join("one")),
        snapshot(&tmp.path().join("two")),
    );
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(v == &b[k], "{k} differs between builds");
    }
}

#[test]
fn rebuild_removes_stale_files() {
    let tmp = copy_fixture("basic");
    let out = build_ok(tmp.path(), &[]);
    std::fs::write(out.join("stale.html"), "old").unwrap();
    std::fs::remove_file(tmp.path().join("content/about.md")).unwrap();
    build_ok(tmp.path(), &[]);
    assert!(!out.join("stale.html").exists());
    assert!(!out.join("about").exists());
}

#[test]
fn base_url_with_a_sub_path_prefixes_every_link() {
    let tmp = copy_fixture("basic");
    let out = build_ok(
        tmp.path(),
        &["--base-url", "https://preview.example.org/pr/7/"],
    );
    let html = read(&out, "branches/child/activities/free-clinic/index.html");
    assert!(html.contains(r#"<link rel="canonical" href="https://preview.example.org/pr/7/branches/child/activities/free-clinic/" />"#));
    assert!(html.contains(r#"src="/pr/7/branches/child/activities/free-clinic/photo-40w.jpg""#));
    assert!(
        html.contains(r#"srcset="/pr/7/branches/child/activities/free-clinic/photo-40w.jpg 40w""#)
    );
    for page in snapshot(&out).keys().filter(|k| k.ends_with(".html")) {
        let html = read(&out, page);
        for attr in ["href=\"/", "src=\"/"] {
            for (i, _) in html.match_indices(attr) {
                assert!(
                    html[i + attr.len()..].starts_with("pr/7/"),
                    "{page}: link escapes the base path: {}",
                    &html[i..(i + 60).min(html.len())]
                );
            }
        }
    }
    assert!(read(&out, "sitemap.xml").contains("<loc>https://preview.example.org/pr/7/</loc>"));
}

#[test]
fn portal_templates_override_the_built_in_theme() {
    let tmp = copy_fixture("basic");
    write(
        tmp.path(),
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}自定义404{% endblock content %}",
    );
    write(
        tmp.path(),
        "themes/default/i18n/zh-CN.yaml",
        "latest: 近期动态\n",
    );
    let out = build_ok(tmp.path(), &[]);
    assert!(read(&out, "404.html").contains("自定义404"));
    let home = read(&out, "index.html");
    assert!(home.contains("近期动态"), "an overridden string");
    assert!(
        home.contains("主要数据"),
        "strings not overridden keep the built-in text"
    );
    assert!(
        read(&out, "index.html").contains("测试医院党建"),
        "other templates still come from the built-in theme"
    );
}

#[test]
fn stats_command_prints_table_json_and_csv_with_filters() {
    let tmp = copy_fixture("basic");
    let out = build_ok(tmp.path(), &[]);
    let json = run(tmp.path(), &["stats", "--format", "json"]);
    assert!(json.status.success());
    assert_eq!(
        String::from_utf8_lossy(&json.stdout),
        read(&out, "stats.json")
    );
    let year: Value = serde_json::from_slice(
        &run(tmp.path(), &["stats", "--format", "json", "--year", "2024"]).stdout,
    )
    .unwrap();
    assert_eq!(year["totals"]["stories"], 2);
    let branch: Value = serde_json::from_slice(
        &run(
            tmp.path(),
            &["stats", "--format", "json", "--branch", "other"],
        )
        .stdout,
    )
    .unwrap();
    assert_eq!(branch["totals"]["stories"], 3);
    assert_eq!(branch["branches"].as_array().unwrap().len(), 1);
    let table = text(&run(tmp.path(), &["stats"]));
    assert!(table.contains("其他党支部"), "{table}");
    assert!(table.contains("合计"));
    let csv = run(tmp.path(), &["stats", "--format", "csv"]);
    assert_eq!(
        String::from_utf8_lossy(&csv.stdout),
        read(&out, "stats.csv")
    );
    let unknown = run(tmp.path(), &["stats", "--branch", "nope"]);
    assert!(!unknown.status.success());
    assert!(text(&unknown).contains("general, child, other"));
}

#[test]
fn check_validates_without_writing() {
    let tmp = copy_fixture("basic");
    let out = run(tmp.path(), &["check"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(!tmp.path().join("public").exists());
}

#[test]
fn english_portals_get_english_pages() {
    let tmp = copy_fixture("basic");
    write(
        tmp.path(),
        "site.yaml",
        "title: Test portal\nlanguage: en\n",
    );
    let out = build_ok(tmp.path(), &[]);
    let html = read(&out, "branches/child/activities/free-clinic/index.html");
    assert!(html.contains("March 26, 2024"));
    assert!(html.contains(r#"<html lang="en">"#));
    assert!(html.contains("Activities"));
}

#[test]
fn demo_portal_builds_cleanly_with_a_fourth_kind() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let output = tmp.path().join("public");
    let out = run(
        root,
        &["build", "--strict", "--output", output.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out));
    let stats: Value = serde_json::from_str(&read(&output, "stats.json")).unwrap();
    assert!(stats["totals"]["branches"].as_u64().unwrap() >= 6);
    assert!(stats["totals"]["stories"].as_u64().unwrap() >= 40);
    assert!(stats["totals"]["by_kind"]["models"].as_u64().unwrap() >= 1);
    assert!(stats["models_by_category"].is_object());
    assert_eq!(stats["by_year"].as_object().unwrap().len(), 4);
    assert!(output.join("models/index.html").is_file());
}

#[test]
fn front_matter_kind_overrides_the_folder() {
    let tmp = copy_fixture("basic");
    write(
        tmp.path(),
        "content/branches/general/activities/2024-09-09-moved.md",
        "---\ntitle: 写错文件夹的荣誉\ndate: 2024-09-09\nkind: honors\nlevel: 院级\n---\n正文\n",
    );
    write(
        tmp.path(),
        "content/branches/general/2024-10-10-loose.md",
        "---\ntitle: 直接放在支部下\ndate: 2024-10-10\nkind: techniques\nmilestone: 院内首例\n---\n正文\n",
    );
    let out = build_ok(tmp.path(), &[]);
    assert!(
        out.join("branches/general/honors/moved/index.html")
            .is_file()
    );
    assert!(
        out.join("branches/general/techniques/loose/index.html")
            .is_file()
    );
    let stats: Value = serde_json::from_str(&read(&out, "stats.json")).unwrap();
    assert_eq!(stats["totals"]["by_kind"]["honors"], 2);
    assert_eq!(stats["honors_by_level"]["院级"], 1);
    assert_eq!(stats["techniques_by_milestone"]["院内首例"], 1);
}

#[test]
fn nested_pages_and_bundles_get_pretty_urls() {
    let tmp = copy_fixture("basic");
    write(
        tmp.path(),
        "content/guide/index.md",
        "---\ntitle: 指南\n---\n见[关于](../about.md)。\n",
    );
    write(tmp.path(), "content/guide/写作.md", "写作要点。\n");
    let out = build_ok(tmp.path(), &[]);
    let guide = read(&out, "guide/index.html");
    assert!(guide.contains(r#"<a href="/about/">关于</a>"#), "{guide}");
    let untitled = read(&out, "guide/xie-zuo/index.html");
    assert!(
        untitled.contains("<h1>写作</h1>"),
        "an untitled page is named after its file"
    );
}

#[test]
fn pages_show_an_update_date_only_when_asked_and_never_the_clock() {
    let tmp = copy_fixture("basic");
    let out = build_ok(tmp.path(), &[]);
    assert!(!read(&out, "index.html").contains("更新于"));

    let site = std::fs::read_to_string(tmp.path().join("site.yaml")).unwrap();
    write(
        tmp.path(),
        "site.yaml",
        &format!("{site}\nbuild_date: true\n"),
    );
    // SOURCE_DATE_EPOCH, the reproducible-builds convention (UTC).
    let built = run_env(
        tmp.path(),
        &["build"],
        &[("SOURCE_DATE_EPOCH", "1700000000"), ("TZ", "Asia/Shanghai")],
    );
    assert!(built.status.success(), "{}", text(&built));
    assert!(read(&tmp.path().join("public"), "index.html").contains("，更新于 2023年11月14日"));

    // Otherwise the last commit's date, in the committer's time zone.
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .current_dir(tmp.path())
            .args(args)
            .env("GIT_AUTHOR_NAME", "宣传委员")
            .env("GIT_AUTHOR_EMAIL", "x@example.org")
            .env("GIT_COMMITTER_NAME", "宣传委员")
            .env("GIT_COMMITTER_EMAIL", "x@example.org")
            .env("GIT_COMMITTER_DATE", "2024-03-26T23:30:00+08:00")
            .output()
            .expect("git");
        assert!(out.status.success(), "{}", text(&out));
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "稿件"]);
    let one = run_env(tmp.path(), &["build", "--output", "one"], &[("TZ", "UTC")]);
    let two = run_env(
        tmp.path(),
        &["build", "--output", "two"],
        &[("TZ", "America/New_York")],
    );
    assert!(one.status.success() && two.status.success());
    assert!(read(&tmp.path().join("one"), "index.html").contains("，更新于 2024年3月26日"));
    assert_eq!(
        snapshot(&tmp.path().join("one")),
        snapshot(&tmp.path().join("two"))
    );

    // Neither: a warning, and no date.
    std::fs::remove_dir_all(tmp.path().join(".git")).unwrap();
    let out = run(tmp.path(), &["build", "--output", "three"]);
    assert!(out.status.success());
    assert!(text(&out).contains("build_date"), "{}", text(&out));
    assert!(!read(&tmp.path().join("three"), "index.html").contains("更新于"));
}

#[test]
fn errors_become_github_annotations_in_github_actions() {
    let tmp = copy_fixture("basic");
    write(
        tmp.path(),
        "content/branches/general/activities/2023-05-01-party-day.md",
        "---\ntitle: 主题党日活动\ndate: 2023-13-01\ntype: 主题党日\n---\n正文\n",
    );
    let plain = run(tmp.path(), &["check"]);
    assert!(!plain.status.success());
    assert!(!text(&plain).contains("::error"));
    assert!(
        text(&plain).contains("content/branches/general/activities/2023-05-01-party-day.md:3:7")
    );
    let ci = run_env(tmp.path(), &["check"], &[("GITHUB_ACTIONS", "true")]);
    assert!(!ci.status.success());
    let annotation = text(&ci)
        .lines()
        .find(|l| l.starts_with("::error "))
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no annotation in {}", text(&ci)));
    assert!(
        annotation.starts_with(
            "::error file=content/branches/general/activities/2023-05-01-party-day.md,line=3,col=7,title=branchpress BP0304%3A date::"
        ),
        "{annotation}"
    );
}

/// Every URL in an attribute of `html` that points into the site.
fn site_links(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    for attr in [
        " href=\"",
        " src=\"",
        " action=\"",
        " srcset=\"",
        " content=\"",
        " data-search=\"",
    ] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len()..];
            let value = &rest[..rest.find('"').unwrap_or(0)];
            let value = value.replace("&amp;", "&");
            if attr == " srcset=\"" {
                links.extend(
                    value
                        .split(',')
                        .filter_map(|c| c.split_whitespace().next())
                        .map(String::from),
                );
            } else if attr != " content=\"" || value.starts_with("http") {
                links.push(value);
            }
        }
    }
    links
}

#[test]
fn a_sub_path_preview_is_a_closed_world() {
    // The demo portal, as a pull-request preview under a sub-path.
    let tmp = tempfile::tempdir().unwrap();
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&demo.join("content"), &tmp.path().join("content"));
    std::fs::copy(demo.join("site.yaml"), tmp.path().join("site.yaml")).unwrap();
    let base = "https://preview.example.org/pr/42/";
    let out = build_ok(tmp.path(), &["--base-url", base]);
    let mut seen = std::collections::BTreeSet::new();
    let mut queue = vec!["/pr/42/".to_string()];
    let mut files = 0;
    while let Some(url) = queue.pop() {
        if !seen.insert(url.clone()) {
            continue;
        }
        let rel = url
            .strip_prefix("/pr/42/")
            .unwrap_or_else(|| panic!("{url} escapes /pr/42/"));
        let file = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        };
        assert!(
            out.join(&file).is_file(),
            "{url} is linked but does not exist"
        );
        files += 1;
        if !(file.ends_with(".html") || file.ends_with(".xml")) {
            continue;
        }
        let page = read(&out, &file);
        let mut links = site_links(&page);
        // Feeds and the sitemap: <loc>, <id> and <link href>.
        for tag in ["<loc>", "<id>"] {
            for (i, _) in page.match_indices(tag) {
                let rest = &page[i + tag.len()..];
                links.push(rest[..rest.find('<').unwrap_or(0)].to_string());
            }
        }
        for link in links {
            if link.starts_with('#')
                || link.starts_with("mailto:")
                || link.starts_with("tel:")
                || link.starts_with("data:")
                || link.is_empty()
            {
                continue;
            }
            let path = if let Some(rest) = link.strip_prefix("https://preview.example.org") {
                rest.to_string()
            } else if link.contains("://") || link.starts_with("urn:") {
                continue; // another site
            } else if link.starts_with('/') {
                link.clone()
            } else {
                panic!("{file}: relative link {link:?}");
            };
            let path = path.split(['?', '#']).next().unwrap_or("").to_string();
            assert!(
                path.starts_with("/pr/42/"),
                "{file}: {link} escapes the preview"
            );
            queue.push(path);
        }
    }
    // Every page of the site is reachable by links, except the 404 page.
    let pages = snapshot(&out)
        .into_keys()
        .filter(|k| k.ends_with("index.html"))
        .count();
    let reached = seen.iter().filter(|u| u.ends_with('/')).count();
    assert_eq!(reached, pages, "pages not reachable by links");
    assert!(files > 150, "{files}");
}

/// What Windows and macOS leave in a folder of photos is not published:
/// `Thumbs.db` holds thumbnails of every photo of the folder, an Office
/// lock file the user's name; a `.TMP` is an editor's.
#[test]
fn system_and_lock_files_in_content_are_not_published() {
    let tmp = copy_fixture("basic");
    let bundle = "content/branches/child/activities/2024-03-26-free-clinic";
    let junk_files = [
        "Thumbs.db",
        "desktop.ini",
        "~$稿件.docx",
        "SAVE1234.TMP",
        ".DS_Store",
        "index.md___jb_tmp___",
    ];
    for junk in junk_files {
        write(tmp.path(), &format!("{bundle}/{junk}"), "junk");
    }
    let public = build_ok(tmp.path(), &[]);
    let names: Vec<String> = walkdir::WalkDir::new(&public)
        .into_iter()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for junk in junk_files {
        assert!(!names.iter().any(|n| n == junk), "{junk} was published");
    }
    assert!(
        names.iter().any(|n| n.starts_with("photo")),
        "the photo itself is"
    );
}

/// Issue 25, photos: a lone photo shows its caption under it, and a cover
/// that is also the body's first photo is shown once on the story page.
#[test]
fn a_cover_that_is_the_first_photo_of_the_body_is_shown_once_with_its_caption() {
    let tmp = copy_fixture("photos");
    let story = "content/branches/clinic/activities/2024-05-10-village-clinic/index.md";
    let page = "branches/clinic/activities/village-clinic/index.html";
    let article = |out: &std::path::Path| {
        let html = read(out, page);
        let start = html.find("<article").expect("article");
        html[start..html.find("</article>").expect("end")].to_string()
    };
    // Today's fixture: the cover (wide.jpg) is not in the body's text.
    let out = build_ok(tmp.path(), &[]);
    let html = article(&out);
    assert_eq!(
        html.matches("<figure class=\"cover\">").count(),
        1,
        "{html}"
    );
    assert!(
        html.contains("alt=\"医生为村民测血压\" loading=\"lazy\" decoding=\"async\" /><figcaption>石桥镇</figcaption></figure>"),
        "the title is the caption: {html}"
    );
    write(
        tmp.path(),
        story,
        "---\ntitle: 走进石桥镇义诊\ndate: 2024-05-10\ntype: 义诊\ncover: wide.jpg\n---\n\
         ![党员医生为村民测量血压](wide.jpg)\n\n义诊当天来了很多村民，![动图](anim.gif) 也在。\n",
    );
    let out = build_ok(tmp.path(), &[]);
    let html = article(&out);
    assert_eq!(
        html.matches("<figure class=\"cover\">").count(),
        0,
        "{html}"
    );
    assert_eq!(html.matches("wide-480w.jpg 480w").count(), 1, "{html}");
    assert!(
        html.contains("<figcaption>党员医生为村民测量血压</figcaption></figure>"),
        "{html}"
    );
    // An image inside text stays an <img> in its paragraph.
    assert!(html.contains("村民，<img src="), "{html}");
    // The card still has the cover, and so does sharing.
    assert!(read(&out, page).contains("og:image"));
    assert!(read(&out, "activities/index.html").contains("wide-480w.jpg"));
}

//! `branchpress wechat`: the fragment of every demo story and of the
//! `wechat` fixture (lists four deep, code in three languages, a table,
//! outside and mp.weixin links, a video, an iframe, photos) parsed and held
//! to what the official account's editor keeps; the refusals.

use std::path::Path;

use dom_query::Document;

use crate::common::*;

const EVERYTHING: &str = "content/branches/neike/activities/2024-06-01-everything/index.md";

/// Elements the editor drops or cannot show.
const FORBIDDEN_ELEMENTS: &str =
    "style, script, link, meta, iframe, video, audio, object, embed, svg, picture, source, form";

/// Runs `wechat` and returns the fragment (stdout) and what it said (stderr).
fn wechat(root: &Path, args: &[&str]) -> (String, String) {
    let mut all = vec!["wechat"];
    all.extend_from_slice(args);
    let out = run(root, &all);
    assert!(out.status.success(), "{}", text(&out));
    (
        String::from_utf8(out.stdout).expect("UTF-8"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every rule the editor imposes, checked on one fragment; `base` is the
/// portal's base URL (every photo lives under it, or is a data URI).
fn assert_editor_safe(html: &str, base: &str, what: &str) {
    assert!(html.trim_start().starts_with("<section"), "{what}: {html}");
    let doc = Document::fragment(html);
    assert!(
        !doc.select(FORBIDDEN_ELEMENTS).exists(),
        "{what}: a forbidden element: {}",
        doc.select(FORBIDDEN_ELEMENTS).html()
    );
    for el in doc.select("*").iter() {
        for attr in el.attrs() {
            let name = attr.name.local.to_string();
            let ok = matches!(
                name.as_str(),
                "style" | "href" | "src" | "alt" | "colspan" | "rowspan"
            );
            assert!(ok, "{what}: attribute {name} in {}", el.html());
            if name == "style" {
                let v = attr.value.to_ascii_lowercase();
                for bad in ["position", "var(", "--", "@import", "font-face", "url("] {
                    assert!(!v.contains(bad), "{what}: {bad} in style {v}");
                }
            }
        }
    }
    // Links: only to the editor's own pages.
    for a in doc.select("a").iter() {
        let href = a.attr("href").map(|h| h.to_string()).unwrap_or_default();
        assert!(
            href.starts_with("https://mp.weixin.qq.com/"),
            "{what}: a link to {href}"
        );
    }
    // Lists at most two deep; every item carries its marker as text.
    assert!(
        !doc.select("li li li, li li ul, li li ol").exists(),
        "{what}: a list three deep"
    );
    for li in doc.select("li").iter() {
        let t = li.text();
        let marker = t.trim_start().chars().next().unwrap_or(' ');
        assert!(
            "•◦▪".contains(marker) || marker.is_ascii_digit(),
            "{what}: an item without a visible marker: {t}"
        );
    }
    // Photos: absolute under the base URL, or data URIs under 1 MB; their
    // width in style, never as attributes.
    for img in doc.select("img").iter() {
        let src = img.attr("src").map(|s| s.to_string()).unwrap_or_default();
        if let Some(data) = src.strip_prefix("data:") {
            assert!(
                data.len() < 1024 * 1024 * 4 / 3 + 100,
                "{what}: data URI too big"
            );
        } else {
            assert!(
                src.starts_with(base),
                "{what}: photo {src} not under {base}"
            );
            let style = img.attr("style").map(|s| s.to_string()).unwrap_or_default();
            assert!(style.contains("width"), "{what}: {style}");
        }
    }
    // Code: no raw line breaks left inside <pre>.
    for pre in doc.select("pre").iter() {
        assert!(
            !pre.inner_html().contains('\n'),
            "{what}: a raw newline in code"
        );
    }
}

#[test]
fn every_demo_story_gives_a_fragment_the_editor_keeps() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&demo.join("content"), &tmp.path().join("content"));
    std::fs::copy(demo.join("site.yaml"), tmp.path().join("site.yaml")).unwrap();
    let site = std::fs::read_to_string(demo.join("site.yaml")).unwrap();
    let base = (site.lines())
        .find_map(|l| l.strip_prefix("base_url:"))
        .map(|b| b.trim().trim_matches('"').to_string())
        .expect("the demo has a base_url");
    let mut stories = 0;
    for entry in walkdir::WalkDir::new(tmp.path().join("content/branches")) {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy();
        if !name.ends_with(".md") || name == "_branch.md" {
            continue;
        }
        let rel = entry.path().strip_prefix(tmp.path()).unwrap();
        let rel = rel.to_string_lossy().replace('\\', "/");
        let out = run(tmp.path(), &["wechat", &rel]);
        let said = text(&out);
        if said.contains("BP1101") {
            // A draft of the demo: refused, nothing on stdout.
            assert!(!out.status.success() && out.stdout.is_empty(), "{said}");
            continue;
        }
        assert!(out.status.success(), "{rel}: {said}");
        let html = String::from_utf8(out.stdout).unwrap();
        assert_editor_safe(&html, &base, &rel);
        stories += 1;
    }
    assert!(stories >= 40, "{stories} demo stories");
}

#[test]
fn the_fixture_story_keeps_its_look_through_inline_styles() {
    let tmp = copy_fixture("wechat");
    let (html, said) = wechat(tmp.path(), &[EVERYTHING]);
    assert_editor_safe(&html, "https://example.org/portal/", "everything");
    let doc = Document::fragment(html.as_str());

    // The title, the branches and date line, the summary as a lead.
    assert_eq!(doc.select("h1").text().as_ref(), "社区义诊与健康讲座");
    assert!(html.contains("内科党支部 · 联合 外科党支部 · 2024年6月1日"));
    assert!(html.contains("义诊 300 人次，讲座一场"));

    // Links: mp.weixin stays; others are text with [n], the same address
    // the same number; in-page links lose their target; autolinks stay text.
    assert_eq!(
        doc.select("a").attr("href").unwrap().as_ref(),
        "https://mp.weixin.qq.com/s/AbCdEf123"
    );
    assert!(html.contains("明湖社区<sup"), "{html}");
    let refs: Vec<String> = doc
        .select("sup")
        .iter()
        .map(|s| s.text().to_string())
        .collect();
    assert_eq!(refs, ["[1]", "[2]", "[1]"]);
    assert!(html.contains("引用链接"));
    assert!(html.contains("[1] 明湖社区：https://www.example.gov.cn/minghu/"));
    assert!(
        html.contains("[2] 上一篇：https://example.org/portal/branches/waike/activities/lecture/"),
        "a link to another story becomes its address on the portal"
    );
    assert!(html.contains("详见本文第二节。"));
    assert!(!html.contains("#huo-dong"));

    // Lists: four levels become two; the deeper items keep their order.
    let items: Vec<String> = (doc.select("li").iter())
        .map(|li| li.text().split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    // The last item that names it is its own (an item's text includes its sub-list).
    let pos = |t: &str| items.iter().rposition(|i| i.contains(t)).unwrap();
    assert!(pos("测血压") < pos("收缩压") && pos("收缩压") < pos("记录在表"));
    assert!(pos("记录在表") < pos("舒张压") && pos("舒张压") < pos("测血糖"));
    assert!(
        items
            .iter()
            .any(|i| i.starts_with("1.") && i.contains("签到"))
    );
    assert!(
        items
            .iter()
            .any(|i| i.starts_with("2.") && i.contains("讲座"))
    );

    // Code in three languages: colours inline, <br> for lines, &nbsp; for indentation.
    assert_eq!(doc.select("pre").length(), 3);
    assert!(
        html.contains("<br>&nbsp;&nbsp;&nbsp;&nbsp;"),
        "indentation kept"
    );
    for pre in doc.select("pre").iter() {
        assert!(pre.html().contains("<br>"));
        assert!(
            pre.html().contains("color: #"),
            "highlighted: {}",
            pre.html()
        );
    }
    let inline_code = doc.select("p code");
    assert_eq!(inline_code.text().as_ref(), "npm install");
    assert!(inline_code.attr("style").unwrap().contains("font-family"));

    // The table, the quote, the stat and the figures keep a look of their own.
    for sel in ["table", "th", "td", "blockquote", "h2"] {
        let el = doc.select(sel).first();
        assert!(el.attr("style").is_some(), "{sel} is styled");
    }
    assert!(html.contains(">300<span"), "the stat's figure: {html}");
    assert!(html.contains("服务群众"));
    assert!(html.contains(">义诊现场</p>") && html.contains(">讲座现场</p>"));

    // Photos: the 960 px variant (the widest at most 1080), by URL.
    assert!(html.contains(
        "src=\"https://example.org/portal/branches/neike/activities/everything/wide-960w.jpg\""
    ));

    // The video and the iframe: plain addresses, and a warning naming each.
    assert!(html.contains("clip.mp4"));
    assert!(html.contains("https://player.example.com/embed/42"));
    assert!(
        said.contains("BP1102") && said.contains("clip.mp4"),
        "{said}"
    );
    assert!(said.contains("嵌入的网页"), "{said}");

    // The story's address and its QR code at the end.
    assert!(
        html.contains("原文地址：https://example.org/portal/branches/neike/activities/everything/")
    );
    let qr = doc.select("img[alt=扫码在网站上阅读]");
    assert!(
        qr.attr("src")
            .unwrap()
            .starts_with("data:image/png;base64,")
    );
}

#[test]
fn inline_images_are_data_uris_of_the_same_variant() {
    let tmp = copy_fixture("wechat");
    let (html, _) = wechat(tmp.path(), &[EVERYTHING, "--images", "inline"]);
    assert_editor_safe(&html, "https://example.org/portal/", "inline");
    let doc = Document::fragment(html.as_str());
    let photos: Vec<String> = (doc.select("img").iter())
        .filter_map(|i| i.attr("src").map(|s| s.to_string()))
        .collect();
    assert_eq!(photos.len(), 3, "two photos and the QR code");
    assert!(photos.iter().all(|s| s.starts_with("data:image/")));
    use base64::Engine as _;
    let jpeg = base64::engine::general_purpose::STANDARD
        .decode(photos[0].strip_prefix("data:image/jpeg;base64,").unwrap())
        .unwrap();
    let img = image::load_from_memory(&jpeg).unwrap();
    assert_eq!(img.width(), 960);
}

#[test]
fn output_goes_to_a_file_and_english_portals_get_english_labels() {
    let tmp = copy_fixture("wechat");
    let site = std::fs::read_to_string(tmp.path().join("site.yaml")).unwrap();
    std::fs::write(
        tmp.path().join("site.yaml"),
        format!("{site}language: en\n"),
    )
    .unwrap();
    let out = run(
        tmp.path(),
        &["wechat", EVERYTHING, "--output", "out/wx.html"],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(out.stdout.is_empty());
    let html = std::fs::read_to_string(tmp.path().join("out/wx.html")).unwrap();
    assert!(html.contains("On the portal: https://example.org/portal/"));
    assert!(html.contains(">Links</p>"));
    assert!(html.contains("June 1, 2024"));
}

#[test]
fn refuses_what_is_not_a_finished_story_and_writes_nothing() {
    let tmp = copy_fixture("wechat");
    let cases = [
        (
            "content/branches/waike/activities/2024-05-25-draft.md",
            "草稿",
        ),
        ("content/branches/neike/_branch.md", "不是本网站的稿件"),
        ("content/nope.md", "nope.md"),
        ("site.yaml", "content"),
    ];
    for (path, says) in cases {
        let out = run(tmp.path(), &["wechat", path, "--output", "wx.html"]);
        let said = text(&out);
        assert!(!out.status.success(), "{path}: {said}");
        assert!(said.contains(says), "{path}: {said}");
        assert!(!said.contains("panicked"), "{said}");
        assert!(!tmp.path().join("wx.html").exists());
    }
    // A story with an error: the error, and BP1101.
    let lecture = "content/branches/waike/activities/2024-05-20-lecture.md";
    let text_of = std::fs::read_to_string(tmp.path().join(lecture)).unwrap();
    std::fs::write(
        tmp.path().join(lecture),
        text_of.replace("type: 党课", "type: 讲座"),
    )
    .unwrap();
    let out = run(tmp.path(), &["wechat", lecture]);
    let said = text(&out);
    assert!(!out.status.success());
    assert!(said.contains("BP0303") && said.contains("BP1101"), "{said}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_story_waiting_for_review_is_refused_unless_unreviewed_and_then_says_so() {
    let tmp = copy_fixture("review");
    let waiting = "content/branches/general/activities/2024-05-02-first.md";
    let out = run(tmp.path(), &["wechat", waiting]);
    let said = text(&out);
    assert!(!out.status.success(), "{said}");
    assert!(
        said.contains("BP1101") && said.contains("宣传科审核"),
        "{said}"
    );
    assert!(out.stdout.is_empty());

    let (html, _) = wechat(tmp.path(), &[waiting, "--unreviewed"]);
    let doc = Document::fragment(html.as_str());
    let first = doc.select("section > p").first();
    assert_eq!(first.text().as_ref(), "待审核，请勿发布");

    // The approved story needs no flag and carries no such line.
    let (html, _) = wechat(
        tmp.path(),
        &["content/branches/general/activities/2024-05-03-both.md"],
    );
    assert!(!html.contains("待审核"));
}

#[test]
fn a_theme_overrides_wechat_css_and_what_the_editor_drops_is_warned() {
    let tmp = copy_fixture("wechat");
    write(
        tmp.path(),
        "themes/default/wechat.css",
        ".wx-title { color: #123456; position: relative; }\n.wx-body p { color: var(--ink); }\n",
    );
    let (html, said) = wechat(tmp.path(), &[EVERYTHING]);
    assert!(html.contains("color: #123456"), "{html}");
    assert!(!html.contains("position"));
    assert!(!html.contains("var("));
    assert!(said.contains("BP1103"), "{said}");
    assert!(said.contains("wechat.css:1"), "{said}");
    assert!(said.contains("wechat.css:2"), "{said}");
}

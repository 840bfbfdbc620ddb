//! Raw HTML in stories is sanitized unless the portal trusts its writers:
//! a list of XSS payloads written into a story, built for real, and the
//! published page searched for anything that could run.

use crate::common::*;

const STORY: &str = "content/branches/general/activities/2023-05-01-party-day.md";
const PAGE: &str = "branches/general/activities/party-day/index.html";

/// Payloads from the usual XSS cheat sheets, one per paragraph or line.
const PAYLOADS: &[&str] = &[
    "<script>alert('s1')</script>",
    "<img src=x onerror=alert('s2')>",
    "<svg onload=alert('s3')><circle r=1></circle></svg>",
    "<a href=\"javascript:alert('s4')\">点我</a>",
    "<a href=\"JaVaScRiPt:alert('s5')\">点我</a>",
    "<a href=\"&#106;avascript:alert('s6')\">点我</a>",
    "<a href=\" javascript:alert('s7')\">点我</a>",
    "[链接](javascript:alert('s8'))",
    "[链接](JAVASCRIPT:alert('s9'))",
    "![图](javascript:alert('s10'))",
    "<iframe src=\"https://evil.example/\"></iframe>",
    "<object data=\"https://evil.example/x.swf\"></object>",
    "<embed src=\"https://evil.example/x.swf\">",
    "<div style=\"background:url(javascript:alert('s11'))\">样式</div>",
    "<form action=\"https://evil.example/\"><input name=q><button>提交</button></form>",
    "<base href=\"https://evil.example/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
    "<style>body{display:none}</style>",
    "<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('s12')></style></mglyph></table></mtext></math>",
    "<details open ontoggle=alert('s13')><summary>展开</summary>内容</details>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">数据</a>",
    "<video src=x onerror=alert('s14')></video>",
    "<p onclick=\"alert('s15')\">段落</p>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('s16')>\"></noscript>",
];

fn story_with(body: &str) -> String {
    format!("---\ntitle: 主题党日活动\ndate: 2023-05-01\ntype: 主题党日\n---\n{body}\n")
}

fn body() -> String {
    let mut body = String::from("正文开头。\n\n");
    for p in PAYLOADS {
        body.push_str(p);
        body.push_str("\n\n");
    }
    // A safe subset stays.
    body.push_str("<details><summary>会议议程</summary>学习、讨论、总结</details>\n\n");
    body.push_str("按 <kbd>Ctrl</kbd> 键，H<sub>2</sub>O，10<sup>3</sup>，<mark>重点</mark>。\n\n");
    body.push_str("<a href=\"https://example.org/\" title=\"外链\">外部链接</a>\n");
    body
}

/// Every tag in `html`, without its angle brackets.
fn tags(html: &str) -> Vec<&str> {
    html.split('<')
        .skip(1)
        .map(|t| &t[..t.find('>').unwrap_or(t.len())])
        .collect()
}

/// The part of the page that is the story's body.
fn article(html: &str) -> &str {
    let start = html.find("<p>正文开头").expect("body");
    let end = html[start..]
        .find("外部链接")
        .map_or(html.len(), |i| start + i + 20);
    &html[start..end]
}

#[test]
fn raw_html_is_sanitized_by_default() {
    let tmp = copy_fixture("basic");
    write(tmp.path(), STORY, &story_with(&body()));
    let out = build_ok(tmp.path(), &[]);
    let page = read(&out, PAGE);
    let body = article(&page).to_ascii_lowercase();
    // Escaped text (`&lt;img … onerror=…&gt;`) is harmless: look at the tags.
    for tag in tags(&body) {
        let name = tag.split([' ', '>', '/']).next().unwrap_or("");
        assert!(
            // (`input` stays, for task-list checkboxes, with no name or form.)
            ![
                "script", "iframe", "object", "embed", "base", "meta", "style", "link", "form",
                "button", "math", "svg", "noscript"
            ]
            .contains(&name),
            "<{tag}> survived in:\n{body}"
        );
        for bad in [
            " on",
            "javascript:",
            "data:",
            "alert(",
            "evil.example",
            "style=",
            "name=",
            "form",
        ] {
            assert!(!tag.contains(bad), "{bad:?} survived in <{tag}>:\n{body}");
        }
    }
    for good in [
        "<details><summary>会议议程</summary>",
        "<kbd>ctrl</kbd>",
        "<sub>2</sub>",
        "<sup>3</sup>",
        "<mark>重点</mark>",
        "<a href=\"https://example.org/\" title=\"外链\">外部链接</a>",
    ] {
        assert!(
            body.contains(&good.to_ascii_lowercase()),
            "{good:?} missing in:\n{body}"
        );
    }
    // The page as a whole has no script but the theme's own three (the
    // 长辈模式 switch, inline and care.js, and speak.js for 朗读).
    assert_eq!(page.matches("<script").count(), 3, "{page}");
    assert_eq!(page.matches("<script src=\"").count(), 2, "{page}");
}

#[test]
fn markdown_without_raw_html_still_loses_javascript_links() {
    let tmp = copy_fixture("basic");
    write(
        tmp.path(),
        STORY,
        &story_with(
            "正文开头。[点我](javascript:alert(1)) [好链接](https://example.org/) 外部链接",
        ),
    );
    let out = build_ok(tmp.path(), &[]);
    let page = read(&out, PAGE);
    assert!(!page.to_ascii_lowercase().contains("javascript:"));
    assert!(
        page.contains("<a href=\"#\">点我</a>"),
        "{}",
        article(&page)
    );
    assert!(page.contains("<a href=\"https://example.org/\">好链接</a>"));
}

#[test]
fn trust_html_publishes_raw_html_as_written() {
    let tmp = copy_fixture("basic");
    let site = std::fs::read_to_string(tmp.path().join("site.yaml")).unwrap();
    write(
        tmp.path(),
        "site.yaml",
        &format!("{site}\ntrust_html: true\n"),
    );
    write(
        tmp.path(),
        STORY,
        &story_with(
            "正文开头。\n\n<div class=\"map\" data-lat=\"1\"><iframe src=\"https://map.example/\"></iframe></div>\n\n外部链接",
        ),
    );
    let out = build_ok(tmp.path(), &[]);
    let page = read(&out, PAGE);
    assert!(
        page.contains(
            "<div class=\"map\" data-lat=\"1\"><iframe src=\"https://map.example/\"></iframe></div>"
        ),
        "{}",
        article(&page)
    );
}

#[test]
fn front_matter_is_escaped_everywhere_it_is_shown() {
    let tmp = copy_fixture("basic");
    let evil = "<script>alert('fm')</script><img src=x onerror=alert('fm')>";
    write(
        tmp.path(),
        STORY,
        &format!(
            "---\ntitle: \"党日{evil}\"\nsummary: \"摘要{evil}\"\ndate: 2023-05-01\ntype: 主题党日\ntags: [\"标签{evil}\"]\n---\n正文\n"
        ),
    );
    write(
        tmp.path(),
        "content/branches/general/_branch.md",
        &format!(
            "---\nname: \"党总支\\\"><svg onload=alert('fm')>\"\nsecretary: \"{evil}\"\norder: 1\n---\n"
        ),
    );
    let out = build_ok(tmp.path(), &[]);
    let mut seen = 0;
    // What browsers render as markup (data files carry the text as data).
    for (path, bytes) in snapshot(&out)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html") || p.ends_with(".xml") || p.ends_with(".svg"))
    {
        let text = String::from_utf8_lossy(&bytes);
        if !text.contains("alert(") {
            continue;
        }
        seen += 1;
        for raw in ["<script>alert", "<img src=x", "<svg onload"] {
            assert!(
                !text.contains(raw),
                "{path} shows front matter unescaped: {raw}"
            );
        }
    }
    assert!(seen >= 5, "the fields are shown on several pages ({seen})");
}

//! Unit tests of the WeChat fragment's parts.

use super::body::{inner, pick_variant};
use super::style::{check_css, clean_style, strip};

#[test]
fn picks_the_widest_variant_the_editor_takes() {
    let srcset =
        "/a/p-480w.jpg 480w, /a/p-960w.jpg 960w, /a/p-1200w.jpg 1200w, /a/p-1600w.jpg 1600w";
    assert_eq!(
        pick_variant("/a/p-960w.jpg", srcset),
        ("/a/p-960w.jpg".to_string(), Some(960))
    );
    // All wider than 1080: the narrowest.
    assert_eq!(
        pick_variant("x", "/a/p-1200w.jpg 1200w, /a/p-1600w.jpg 1600w"),
        ("/a/p-1200w.jpg".to_string(), Some(1200))
    );
    // No srcset (a GIF shown as it is): its src.
    assert_eq!(
        pick_variant("/a/anim.gif", ""),
        ("/a/anim.gif".to_string(), None)
    );
}

#[test]
fn drops_what_the_editor_drops_from_styles() {
    assert_eq!(
        clean_style("color: red; position: absolute; --x: 1; margin: var(--m); top: 0"),
        "color: red; top: 0"
    );
}

#[test]
fn stylesheet_problems_are_warned_at_their_line_and_comments_are_not() {
    let css = "/* no position: here,\n   nor var(--x) */\n.a { color: red; }\n.b { position: relative; }\n.c { color: var(--x); }\n@import url(x.css);\n:root { --accent: red; }\n";
    let lines: Vec<usize> = check_css(css, "wechat.css")
        .iter()
        .map(|d| d.line)
        .collect();
    assert_eq!(lines, [4, 5, 6, 7]);
    let default = include_str!("../../themes/default/wechat.css");
    assert!(check_css(default, "wechat.css").is_empty());
}

#[test]
fn strips_every_attribute_but_style_and_the_few_kept() {
    let html = r##"<section class="wx" id="x" data-a="1" onclick="alert(1)" style="color: red"><a href="javascript:alert(1)" class="k">a</a><a href="https://mp.weixin.qq.com/s/x" target="_blank" rel="noopener">b</a><img src="https://e.org/p.jpg" alt="p" srcset="x 1w" loading="lazy" width="9"><table><tr><td colspan="2" class="c">c</td></tr></table></section>"##;
    let out = strip(html);
    assert_eq!(
        out,
        r#"<section style="color: red"><a>a</a><a href="https://mp.weixin.qq.com/s/x">b</a><img src="https://e.org/p.jpg" alt="p"><table><tbody><tr><td colspan="2">c</td></tr></tbody></table></section>"#
    );
}

#[test]
fn a_fragment_serializes_without_the_parser_wrapper() {
    let doc = dom_query::Document::fragment("<p>一</p><p>二</p>");
    assert_eq!(inner(&doc), "<p>一</p><p>二</p>");
}

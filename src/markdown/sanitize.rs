//! Raw HTML that writers put in Markdown, made safe (ammonia): scripts,
//! styles, frames, forms and event handlers go, URLs keep only safe
//! schemes, and a subset of tags stays — what Markdown and branchpress's
//! own figures, galleries, videos and highlighted code produce, plus
//! harmless extras writers use (`<details>`, `<kbd>`, `<sup>`, `<mark>` …).
//! Only bodies with raw HTML go through it; `trust_html: true` turns it off.

use std::collections::HashSet;
use std::sync::LazyLock;

/// Schemes a link or image may use (relative URLs are always allowed).
const SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_tags(["video", "source", "figure", "figcaption", "picture", "mark"])
        .add_generic_attributes(["class", "id"])
        .add_tag_attributes("img", ["srcset", "sizes", "loading", "decoding"])
        .add_tag_attributes(
            "video",
            [
                "controls",
                "preload",
                "playsinline",
                "poster",
                "src",
                "width",
                "height",
            ],
        )
        .add_tag_attributes("source", ["src", "type", "srcset", "sizes", "media"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes("ol", ["start"])
        // Task-list boxes only: every <input> becomes a disabled checkbox,
        // so raw HTML cannot put a text field (a fake login) in a story.
        .add_tags(["input"])
        .add_tag_attributes("input", ["checked"])
        .set_tag_attribute_value("input", "type", "checkbox")
        .set_tag_attribute_value("input", "disabled", "")
        .filter_style_properties(HashSet::from(["text-align"]))
        .url_schemes(SCHEMES.iter().copied().collect::<HashSet<_>>())
        .link_rel(None);
    b
});

/// The safe part of `html`.
pub fn clean(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

/// Whether a link destination written in Markdown is safe: relative, or
/// with one of the allowed schemes (`javascript:` and `data:` are not).
pub fn safe_url(dest: &str) -> bool {
    // Browsers ignore ASCII whitespace and control characters in schemes.
    let squeezed: String = dest
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take(32)
        .collect();
    match squeezed.find(':') {
        Some(i) if !squeezed[..i].contains(['/', '?', '#']) => {
            SCHEMES.contains(&squeezed[..i].to_ascii_lowercase().as_str())
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_only_safe_schemes() {
        for ok in [
            "https://a.org/",
            "/x/",
            "x.jpg",
            "#top",
            "mailto:a@b.c",
            "a/b:c",
            "?q=1:2",
        ] {
            assert!(safe_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:x",
            " java\tscript:x",
            "data:text/html,x",
            "vbscript:x",
        ] {
            assert!(!safe_url(bad), "{bad}");
        }
    }

    #[test]
    fn keeps_what_branchpress_writes() {
        let ours = "<figure class=\"bp-figure\"><img src=\"/a-480w.jpg\" srcset=\"/a-480w.jpg 480w\" sizes=\"100vw\" width=\"480\" height=\"360\" alt=\"x\" loading=\"lazy\" decoding=\"async\"><figcaption>说明</figcaption></figure>";
        assert_eq!(clean(ours), ours);
        let code = "<pre class=\"code\"><code><span class=\"k\">fn</span></code></pre>";
        assert_eq!(clean(code), code);
        assert_eq!(clean("<td style=\"text-align: right\">1</td>"), "1");
        assert!(
            clean("<table><tr><td style=\"text-align: right\">1</td></tr></table>")
                .contains("style=\"text-align:right\"")
        );
    }

    #[test]
    fn inputs_are_only_disabled_checkboxes() {
        for html in [
            "<input type=\"password\" name=\"pw\" placeholder=\"密码\">",
            "<input name=\"id\">",
            "<input type=\"submit\" formaction=\"https://evil.example/\">",
        ] {
            let out = clean(html);
            assert!(out.contains("type=\"checkbox\""), "{out}");
            assert!(out.contains("disabled"), "{out}");
            for gone in ["password", "name=", "placeholder", "submit", "formaction"] {
                assert!(!out.contains(gone), "{out}");
            }
        }
        // A task list from Markdown keeps its ticked box.
        let task = clean("<li><input disabled=\"\" type=\"checkbox\" checked=\"\"/> 完成</li>");
        assert!(
            task.contains("checked") && task.contains("type=\"checkbox\""),
            "{task}"
        );
    }
}

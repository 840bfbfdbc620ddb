//! Code highlighting for Markdown fences: syntect's default syntaxes, loaded
//! once on first use and shared by all threads, emitting CSS classes
//! (`hl-*`) that the theme's `highlight.css` colours.

use std::sync::LazyLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::html::escape;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The class style shared by the generator and the stylesheet.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Renders a code block; unknown languages come out escaped, unhighlighted.
pub fn highlight_code(code: &str, lang: &str) -> String {
    let lang_attr = escape(lang);
    let body = (!lang.is_empty())
        .then(|| SYNTAXES.find_syntax_by_token(lang))
        .flatten()
        .and_then(|syntax| {
            let mut generator =
                ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASS_STYLE);
            for line in LinesWithEndings::from(code) {
                generator
                    .parse_html_for_line_which_includes_newline(line)
                    .ok()?;
            }
            Some(generator.finalize())
        })
        .unwrap_or_else(|| escape(code));
    if lang.is_empty() {
        format!("<pre class=\"code\"><code>{body}</code></pre>\n")
    } else {
        format!("<pre class=\"code\" data-lang=\"{lang_attr}\"><code>{body}</code></pre>\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_unknown_languages() {
        let html = highlight_code("<b>&</b>\n", "nosuchlang");
        assert_eq!(
            html,
            "<pre class=\"code\" data-lang=\"nosuchlang\"><code>&lt;b&gt;&amp;&lt;/b&gt;\n</code></pre>\n"
        );
    }

    #[test]
    fn shipped_highlight_css_colours_every_top_level_scope() {
        // syntect emits one class per scope segment (`hl-entity hl-name hl-function`),
        // so a rule for each TextMate top-level scope colours all code.
        let css = include_str!("../themes/default/static/highlight.css");
        for scope in [
            "comment", "string", "constant", "keyword", "storage", "entity", "support", "variable",
            "markup", "invalid",
        ] {
            assert!(
                css.contains(&format!(".hl-{scope}")),
                "highlight.css has no rule for {scope}"
            );
        }
        let html = highlight_code("fn main() { let x = \"a\"; } // c\n", "rust");
        for class in ["hl-storage", "hl-string", "hl-comment"] {
            assert!(html.contains(class), "{html}");
        }
    }
}

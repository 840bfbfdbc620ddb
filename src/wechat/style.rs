//! `wechat.css` into style attributes (css-inline), then everything the
//! editor drops taken off: classes, ids, `data-*`, event attributes, and
//! any declaration it would not keep (`position`, CSS variables).

use std::path::Path;

use dom_query::Document;

use crate::error::{Code, Diagnostic};
use crate::text::text;

/// Attributes kept, by element (`style` is kept everywhere).
const KEPT: [(&str, &[&str]); 4] = [
    ("a", &["href"]),
    ("img", &["src", "alt"]),
    ("td", &["colspan", "rowspan"]),
    ("th", &["colspan", "rowspan"]),
];

/// Declarations the editor drops, so that none is written: by property
/// name, and any value that reads a CSS variable.
fn dropped(property: &str, value: &str) -> bool {
    let p = property.trim().to_ascii_lowercase();
    p == "position" || p.starts_with("--") || value.contains("var(")
}

/// The stylesheet's rules that the editor would drop, as warnings with
/// their line: `position`, CSS variables, `@import` and web fonts.
pub(super) fn check_css(css: &str, origin: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let bare = without_comments(css);
    for (i, line) in bare.lines().enumerate() {
        let lower = line.to_ascii_lowercase();
        let found = if lower.contains("@import") {
            Some("@import")
        } else if lower.contains("@font-face") {
            Some("@font-face")
        } else if lower.contains("var(") {
            Some("var()")
        } else if has_property(&lower, "position") {
            Some("position")
        } else if has_custom_property(&lower) {
            Some("--*")
        } else {
            None
        };
        if let Some(what) = found {
            out.push(
                Diagnostic::warning(
                    Code::WechatStyle,
                    Path::new(origin),
                    text!(
                        "公众号编辑器会丢弃 {}：这条样式已略去",
                        "the official account's editor drops {}: the declaration is left out",
                        what
                    ),
                )
                .at(i + 1, 1)
                .snippet(css.lines().nth(i).unwrap_or(line)),
            );
        }
    }
    out
}

/// `css` with its comments blanked out, lines kept.
fn without_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        let end = rest[start + 2..]
            .find("*/")
            .map_or(rest.len(), |e| start + 2 + e + 2);
        out.extend(
            rest[start..end]
                .chars()
                .map(|c| if c == '\n' { '\n' } else { ' ' }),
        );
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Whether `line` declares `property` (`position:` after `{`, `;` or the
/// line's start).
fn has_property(line: &str, property: &str) -> bool {
    line.match_indices(property).any(|(i, _)| {
        let before = line[..i].trim_end();
        let after = line[i + property.len()..].trim_start();
        (before.is_empty() || before.ends_with('{') || before.ends_with(';'))
            && after.starts_with(':')
    })
}

/// Whether `line` declares a custom property (`--x: …`).
fn has_custom_property(line: &str) -> bool {
    line.match_indices("--").any(|(i, _)| {
        let before = line[..i].trim_end();
        (before.is_empty() || before.ends_with('{') || before.ends_with(';'))
            && line[i..].contains(':')
    })
}

/// `css` written into the style attribute of every element it selects.
pub(super) fn inline(html: &str, css: &str) -> String {
    let inliner = css_inline::CSSInliner::options()
        .load_remote_stylesheets(false)
        .keep_style_tags(false)
        .keep_link_tags(false)
        .keep_at_rules(false)
        .build();
    // Fails only on a stylesheet it cannot load (none here: no links are
    // followed) or an I/O error of the String it writes into.
    inliner
        .inline_fragment(html, css)
        .unwrap_or_else(|_| html.to_string())
}

/// Every attribute but `style` and the few in [`KEPT`] taken off, and the
/// declarations the editor drops taken out of `style`.
pub(super) fn strip(html: &str) -> String {
    let doc = Document::fragment(html);
    for el in doc.select("*").iter() {
        let name = el.nodes()[0]
            .node_name()
            .map(|n| n.to_string())
            .unwrap_or_default();
        let mut keep = vec!["style"];
        if let Some((_, extra)) = KEPT.iter().find(|(n, _)| *n == name) {
            keep.extend_from_slice(extra);
        }
        el.retain_attrs(&keep);
        if let Some(style) = el.attr("style") {
            let cleaned = clean_style(&style);
            if cleaned.is_empty() {
                el.remove_attr("style");
            } else if cleaned != style.as_ref() {
                el.set_attr("style", &cleaned);
            }
        }
        if (el.attr("href")).is_some_and(|h| {
            h.trim_start()
                .to_ascii_lowercase()
                .starts_with("javascript:")
        }) {
            el.remove_attr("href");
        }
    }
    super::body::inner(&doc)
}

/// A style attribute without the declarations the editor drops.
pub(super) fn clean_style(style: &str) -> String {
    style
        .split(';')
        .filter_map(|d| {
            let (property, value) = d.split_once(':')?;
            (!dropped(property, value)).then(|| format!("{}: {}", property.trim(), value.trim()))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

//! Tera 1 constructs that Tera 2 no longer reads, found in a portal's
//! template overrides before Tera compiles them: each becomes an error at
//! its file and line saying what to write instead (docs/themes.md, "From
//! Tera 1 to Tera 2"), rather than Tera's bare "unknown filter" or parse error.

use crate::error::{Code, Diagnostic, Text};

/// What replaces a construct, in Chinese and English.
type Instead = (&'static str, &'static str);

/// Tera 1 filters that Tera 2 does not have, and what to write instead.
const FILTERS: &[(&str, Instead)] = &[
    ("as_str", ("改用 `str` 过滤器", "use the `str` filter")),
    (
        "slice",
        (
            "改用切片 `列表[开始:结束]`",
            "use a slice: `list[start:end]`",
        ),
    ),
    (
        "linebreaksbr",
        ("改用 `newlines_to_br`", "use `newlines_to_br`"),
    ),
    (
        "date",
        (
            "视图已给出写好的日期（`date_display` 等），直接输出即可",
            "the views carry dates already written (`date_display` …): print those",
        ),
    ),
    ("slugify", DROPPED),
    ("urlencode", DROPPED),
    ("urlencode_strict", DROPPED),
    ("addslashes", DROPPED),
    ("striptags", DROPPED),
    ("spaceless", DROPPED),
    ("filesizeformat", DROPPED),
    ("json_encode", DROPPED),
    (
        "trim_start_matches",
        ("改用 `trim_start(pat=…)`", "use `trim_start(pat=…)`"),
    ),
    (
        "trim_end_matches",
        ("改用 `trim_end(pat=…)`", "use `trim_end(pat=…)`"),
    ),
    ("concat", DROPPED),
    ("filter", DROPPED),
    ("map", DROPPED),
];

/// Tera 1 tests that Tera 2 renamed or dropped.
const TESTS: &[(&str, Instead)] = &[
    ("divisibleby", ("改用 `divisible_by`", "use `divisible_by`")),
    ("object", ("改用 `map`", "use `map`")),
    ("matching", DROPPED),
];

/// Tera 1 functions that Tera 2 does not have.
const FUNCTIONS: &[(&str, Instead)] = &[
    ("now", DROPPED),
    ("get_random", DROPPED),
    ("get_env", DROPPED),
];

/// The replacement of something Tera 2 dropped.
const DROPPED: Instead = (
    "Tera 2 已去掉它，模板请改用视图里已算好的值",
    "Tera 2 dropped it: use the values the views have already computed",
);

/// A Tera 1 construct, where it stands in the template.
struct Found {
    line: usize,
    column: usize,
    what: Text,
}

/// Every Tera 1 construct of `text` (from the file `origin`) that Tera 2
/// no longer reads, as errors at their lines.
pub(super) fn check(origin: &str, text: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut raw = false;
    let mut at = 0;
    while let Some(open) = next_tag(text, at) {
        let Some(close) = text[open + 2..]
            .find(closer(&text[open..]))
            .map(|c| c + open + 2)
        else {
            break;
        };
        at = close + 2;
        let inner_at = open + 2;
        let inner = &text[inner_at..close];
        let word = first_word(inner);
        if text[open..].starts_with("{#") {
            continue;
        }
        match word {
            "raw" if text[open..].starts_with("{%") => raw = true,
            "endraw" => raw = false,
            _ if raw => {}
            "macro" => found.push(at_offset(text, inner_at + word_at(inner), macro_text())),
            "import" => found.push(at_offset(text, inner_at + word_at(inner), import_text())),
            _ => expression(text, inner_at, inner, &mut found),
        }
    }
    found
        .into_iter()
        .map(|f| {
            Diagnostic::error(Code::Template, origin, f.what)
                .at(f.line, f.column)
                .hint(Text::new(
                    "见 docs/themes.md 的“From Tera 1 to Tera 2”一节",
                    "see \"From Tera 1 to Tera 2\" in docs/themes.md",
                ))
        })
        .collect()
}

fn macro_text() -> Text {
    Text::new(
        "Tera 1 的 macro 在 Tera 2 中已改为 component（`{% component 名称(参数) %}…{% endcomponent 名称 %}`，调用写作 `{{ <名称 参数={值} /> }}`）；见 docs/themes.md",
        "Tera 1's macro is a component in Tera 2 (`{% component name(args) %}…{% endcomponent name %}`, called as `{{ <name arg={value} /> }}`); see docs/themes.md",
    )
}

fn import_text() -> Text {
    Text::new(
        "Tera 1 的 import 在 Tera 2 中已去掉：component 在所有模板中都可直接调用，删掉这一行；见 docs/themes.md",
        "Tera 1's import is gone in Tera 2: components can be called from every template, delete the line; see docs/themes.md",
    )
}

/// Where the next `{{`, `{%` or `{#` opens, from byte `at`.
fn next_tag(text: &str, at: usize) -> Option<usize> {
    ["{{", "{%", "{#"]
        .iter()
        .filter_map(|o| text[at..].find(o).map(|i| i + at))
        .min()
}

/// The closing delimiter of the tag `tag` starts with.
fn closer(tag: &str) -> &'static str {
    if tag.starts_with("{{") {
        "}}"
    } else if tag.starts_with("{%") {
        "%}"
    } else {
        "#}"
    }
}

/// The first word of a tag's inside, past any `-` of whitespace control.
fn first_word(inner: &str) -> &str {
    let rest = &inner[word_at(inner)..];
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// Byte offset of the first word of a tag's inside.
fn word_at(inner: &str) -> usize {
    inner
        .find(|c: char| !(c == '-' || c.is_whitespace()))
        .unwrap_or(inner.len())
}

/// The construct `what`, at byte `offset` of `text`.
fn at_offset(text: &str, offset: usize, what: Text) -> Found {
    let head = &text[..offset];
    let line = head.matches('\n').count() + 1;
    let column = head.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Found { line, column, what }
}

/// The tokens of an expression, strings left out: (byte offset, token).
fn tokens(inner: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '"' || c == '\'' || c == '`' {
            for (_, d) in chars.by_ref() {
                if d == c {
                    break;
                }
            }
        } else if c.is_alphabetic() || c == '_' {
            let mut end = inner.len();
            while let Some(&(j, d)) = chars.peek() {
                if d.is_alphanumeric() || d == '_' {
                    chars.next();
                } else {
                    end = j;
                    break;
                }
            }
            out.push((i, &inner[i..end]));
        } else if c == ':' && chars.peek().is_some_and(|&(_, d)| d == ':') {
            chars.next();
            out.push((i, "::"));
        } else if !c.is_whitespace() {
            out.push((i, &inner[i..i + c.len_utf8()]));
        }
    }
    out
}

/// The Tera 1 filters, tests, functions and macro calls of an expression.
fn expression(text: &str, inner_at: usize, inner: &str, found: &mut Vec<Found>) {
    let toks = tokens(inner);
    let lookup = |table: &[(&str, Instead)], name: &str| {
        table.iter().find(|(n, _)| *n == name).map(|(_, i)| *i)
    };
    for (k, &(offset, tok)) in toks.iter().enumerate() {
        let prev = k.checked_sub(1).map(|p| toks[p].1);
        let next = toks.get(k + 1).map(|t| t.1);
        let place = inner_at + offset;
        if next == Some("::") {
            found.push(at_offset(
                text,
                place,
                Text::new(
                    format!(
                        "Tera 1 的宏调用 `{tok}::…()` 在 Tera 2 中已改为 component 调用 `{{{{ <名称 参数={{值}} /> }}}}`；见 docs/themes.md"
                    ),
                    format!(
                        "Tera 1's macro call `{tok}::…()` is a component call `{{{{ <name arg={{value}} /> }}}}` in Tera 2; see docs/themes.md"
                    ),
                ),
            ));
            continue;
        }
        if tok == ")" && next == Some(".") {
            found.push(at_offset(
                text,
                place + 1,
                Text::new(
                    "Tera 2 不能直接取函数结果的属性（如 `stats().totals`）：先写 `{% set s = stats() %}`，再用 `s.totals`；见 docs/themes.md",
                    "Tera 2 reads no attribute of a call's result (as in `stats().totals`): write `{% set s = stats() %}`, then `s.totals`; see docs/themes.md",
                ),
            ));
            continue;
        }
        let after_is =
            prev == Some("is") || (prev == Some("not") && k >= 2 && toks[k - 2].1 == "is");
        let kind = if prev == Some("|") {
            lookup(FILTERS, tok).map(|i| ("过滤器", "filter", i))
        } else if after_is {
            lookup(TESTS, tok).map(|i| ("测试", "test", i))
        } else if matches!(prev, Some("." | "::")) || next != Some("(") {
            None
        } else {
            lookup(FUNCTIONS, tok).map(|i| ("函数", "function", i))
        };
        if let Some((zh, en, (zh_instead, en_instead))) = kind {
            found.push(at_offset(
                text,
                place,
                Text::new(
                    format!(
                        "Tera 1 的{zh} `{tok}` 在 Tera 2 中已没有：{zh_instead}；见 docs/themes.md"
                    ),
                    format!(
                        "Tera 1's {en} `{tok}` is gone in Tera 2: {en_instead}; see docs/themes.md"
                    ),
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(text: &str) -> Vec<(usize, usize, String)> {
        check("x.html", text)
            .into_iter()
            .map(|d| (d.line, d.column, d.message.en))
            .collect()
    }

    #[test]
    fn macros_imports_and_macro_calls_are_found_at_their_lines() {
        let t = "{% import \"m.html\" as m %}\n<ul>{{ m::tree(b=page) }}</ul>\n{%- macro tree(b) %}x{% endmacro tree %}";
        let found = places(t);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!((found[0].0, found[0].1), (1, 4));
        assert!(found[0].2.contains("import is gone"), "{}", found[0].2);
        assert_eq!((found[1].0, found[1].1), (2, 8));
        assert!(found[1].2.contains("macro call `m::…()`"), "{}", found[1].2);
        assert_eq!((found[2].0, found[2].1), (3, 5));
        assert!(
            found[2].2.contains("macro is a component"),
            "{}",
            found[2].2
        );
    }

    #[test]
    fn removed_filters_tests_and_functions_name_what_to_write_instead() {
        let t = "<p>{{ n | as_str }} {{ xs | slice(end=5) | length }}</p>\n\
                 {% if n is divisibleby(3) %}{{ now() }}{% endif %}{{ stats().totals }}";
        let found = places(t);
        let words: Vec<&str> = found.iter().map(|f| f.2.as_str()).collect();
        assert_eq!(found.len(), 5, "{words:?}");
        assert!(words[0].contains("filter `as_str`") && words[0].contains("`str`"));
        assert!(words[1].contains("filter `slice`"));
        assert!(words[2].contains("test `divisibleby`"));
        assert!(words[3].contains("function `now`"));
        assert_eq!((found[3].0, found[3].1), (2, 32));
        assert!(words[4].contains("`{% set s = stats() %}`"));
        assert_eq!((found[4].0, found[4].1), (2, 61));
    }

    #[test]
    fn tera_2_templates_strings_comments_and_raw_blocks_pass() {
        let t = "{# {{ x | as_str }} #}{% raw %}{% macro m() %}{% endraw %}\
                 {{ t.x | replace(from=\"| date\", to=n | str) }}{{ xs[:5] | length }}\
                 {% component card(s) %}{{ s.date }}{% endcomponent card %}{{ <card s={s} /> }}";
        assert!(places(t).is_empty(), "{:?}", places(t));
    }
}

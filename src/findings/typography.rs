//! Chinese typography of published text: half-width punctuation inside
//! Chinese sentences and, when the portal asks for it, the space between
//! Chinese and Latin letters or digits, through the maintained `autocorrect`
//! crate; mixed or unpaired quotation marks and repeated punctuation, which
//! `autocorrect` does not look for, by two small rules of ours. Only the
//! text a reader sees is looked at: code, URLs, shortcodes, HTML and
//! front-matter keys never are.
//!
//! [`check_document`] reports findings as warnings; [`fix_document`]
//! rewrites the safe ones (`autocorrect`'s) for `check --fix`.

use std::ops::Range;
use std::path::Path;
use std::sync::Once;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::config::Typography;
use crate::error::{Code, Diagnostic, Text};
use crate::front_matter::Document;
use crate::text::text;

/// `autocorrect`'s spacing rules, off unless the portal asks for spacing.
const SPACING_RULES: &str =
    "space-word,space-punctuation,space-bracket,space-dash,space-backticks,space-dollar";

/// One change `autocorrect` would make: 1-based line and column (in
/// characters) within the text it was given, and the segment before and after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// 1-based line within the text given.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The segment as written.
    pub old: String,
    /// The segment as it should be.
    pub new: String,
}

/// A change `check --fix` made, for printing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// 1-based line of the file.
    pub line: usize,
    /// The part that changed, before.
    pub old: String,
    /// The part that changed, after.
    pub new: String,
    /// How many places changed on the line (`old` and `new` show the first).
    pub places: usize,
}

fn configure() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Fenced code keeps its comments and strings as written; the
        // ideographic space that indents a Chinese paragraph and full-width
        // digits are the writer's (halfwidth-word), and English spelling is
        // not ours to check.
        let _ = autocorrect::config::load(
            "context:\n  codeblock: 0\nrules:\n  halfwidth-word: 0\n  spellcheck: 0\n",
        );
    });
}

/// What `autocorrect` would change in `markdown`, per the policy.
pub fn lint(markdown: &str, policy: &Typography) -> Vec<Edit> {
    if !worth_linting(markdown, policy.spacing) {
        return Vec::new();
    }
    configure();
    let (header, skip) = if policy.spacing {
        (String::new(), 0)
    } else {
        (
            format!("<!-- autocorrect-disable {SPACING_RULES} -->\n\n"),
            2,
        )
    };
    // Line by line, and only the lines that need it: `autocorrect` parses
    // what it is given whole, and a line of prose is prose on its own
    // (its indent set aside, so that it is not read as code). Code is
    // known from the Markdown around it.
    let code = code_lines(markdown);
    let mut edits = Vec::new();
    for (index, line) in markdown.lines().enumerate() {
        if code.get(index).copied().unwrap_or(false) || !worth_linting(line, policy.spacing) {
            continue;
        }
        let text = line.trim_start();
        let indent = line[..line.len() - text.len()].chars().count();
        let result = autocorrect::lint_for(&format!("{header}{text}"), "markdown");
        edits.extend(
            result
                .lines
                .into_iter()
                .filter(|l| l.line > skip && l.old != l.new && !l.old.contains('\n'))
                .map(|l| Edit {
                    line: index + 1,
                    column: indent + l.col,
                    old: l.old,
                    new: l.new,
                }),
        );
    }
    edits.retain(|e| {
        !policy
            .allow
            .iter()
            .any(|a| !a.is_empty() && e.old.contains(a.as_str()))
    });
    edits.sort_by_key(|e| (e.line, e.column));
    edits
}

/// Whether any line could have something for `autocorrect`: a Chinese
/// character next to half-width punctuation or (with spacing) to a Latin
/// letter or digit. Most good text has none, and is not parsed again.
fn worth_linting(text: &str, spacing: bool) -> bool {
    if spacing {
        let mut previous = ' ';
        for c in text.chars() {
            let latin = |c: char| c.is_ascii_alphanumeric() || is_half_punctuation(c);
            if (crate::han::is_ideograph(previous) && latin(c))
                || (latin(previous) && crate::han::is_ideograph(c))
            {
                return true;
            }
            previous = c;
        }
        return false;
    }
    // Only half-width punctuation matters: look around each such byte.
    text.bytes().enumerate().any(|(i, b)| {
        is_half_punctuation(b as char)
            && (text[..i]
                .chars()
                .next_back()
                .is_some_and(crate::han::is_ideograph)
                || text[i + 1..]
                    .chars()
                    .next()
                    .is_some_and(crate::han::is_ideograph))
    })
}

fn is_half_punctuation(c: char) -> bool {
    matches!(c, ',' | '.' | ':' | '!' | '?' | ';')
}

/// For each line of a body, whether it is code or HTML as Markdown reads it
/// (fenced with ``` or ~~~, indented, in a list or a quote): `autocorrect`
/// knows only some of these, so its findings there are dropped.
fn code_lines(body: &str) -> Vec<bool> {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut code = vec![false; starts.len()];
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset).saturating_sub(1);
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        if matches!(
            event,
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock)
                | Event::Html(_)
                | Event::InlineHtml(_)
        ) {
            let first = line_of(range.start);
            let last = line_of(range.end.saturating_sub(1).max(range.start));
            for c in code.iter_mut().take(last + 1).skip(first) {
                *c = true;
            }
        }
    }
    code
}

/// Lines of a body that hold a shortcode or personal data: never rewritten.
fn protected_line(line: &str) -> bool {
    line.contains("{{") || line.contains("{%") || !crate::personal_data::scan(line).is_empty()
}

/// Warns about every typography finding in a story's prose fields and body.
pub fn check_document(
    path: &Path,
    doc: &Document,
    policy: &Typography,
    diags: &mut Vec<Diagnostic>,
) {
    if !policy.check {
        return;
    }
    for field in &policy.fields {
        let Some((line_no, line, start)) = prose_value(doc, field) else {
            continue;
        };
        let value = &line[start..];
        let offset = line[..start].chars().count();
        for e in lint(value, policy) {
            let column = place(value, &e);
            diags.push(finding(path, line_no, offset + column, line, &e.old, &e.new).field(field));
        }
        for (range, message) in quote_findings(value) {
            let column = offset + value[..range.start].chars().count() + 1;
            diags.push(rule_finding(path, line_no, column, line, message).field(field));
        }
    }
    let lines: Vec<&str> = doc.body().lines().collect();
    for e in lint(doc.body(), policy) {
        let Some(line) = lines.get(e.line - 1) else {
            continue;
        };
        let mut d = finding(
            path,
            doc.body_line + e.line - 1,
            place(line, &e),
            line,
            &e.old,
            &e.new,
        );
        if protected_line(line) {
            d.hint = Some(Text::new(
                "中文句子里用全角标点（，。：！？）；这一行有短代码或个人信息，请手动改正",
                "Chinese sentences take full-width punctuation (，。：！？); this line has a shortcode or personal data: correct it by hand",
            ));
        }
        diags.push(d);
    }
    for (range, message) in body_rule_findings(doc.body()) {
        let before = &doc.body()[..range.start];
        let line_index = before.matches('\n').count();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = doc.body()[line_start..range.start].chars().count() + 1;
        let line = lines.get(line_index).copied().unwrap_or_default();
        diags.push(rule_finding(
            path,
            doc.body_line + line_index,
            column,
            line,
            message,
        ));
    }
}

/// A prose field written as a plain one-line value (`title: 标题`): its
/// line number, the line, and the byte offset of the value in it. Quoted,
/// block and flow values are left alone.
fn prose_value<'d>(doc: &'d Document, field: &str) -> Option<(usize, &'d str, usize)> {
    let (index, line) = doc
        .front
        .text()
        .lines()
        .enumerate()
        .find(|(_, l)| l.strip_prefix(field).is_some_and(|r| r.starts_with(':')))?;
    let after = &line[field.len() + 1..];
    let value = after.trim();
    let plain = !value.is_empty()
        && !value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!', '#'])
        && !value.contains(" #");
    plain.then(|| (index + 1, line, line.len() - after.trim_start().len()))
}

/// Where `old` and `new` differ: the first changed place (its offset in
/// characters, and it with a character either side, so that an added
/// space shows), and how many places changed.
fn difference(old: &str, new: &str) -> (usize, String, String, usize) {
    let o: Vec<char> = old.chars().collect();
    let n: Vec<char> = new.chars().collect();
    let prefix = o.iter().zip(&n).take_while(|(a, b)| a == b).count();
    let suffix = o[prefix..]
        .iter()
        .rev()
        .zip(n[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (o_mid, n_mid) = (&o[prefix..o.len() - suffix], &n[prefix..n.len() - suffix]);
    // Places in the middle: (start, end) in `o`, and what replaces them.
    let mut places: Vec<(usize, usize, String)> = Vec::new();
    if o_mid.len() * n_mid.len() <= 1 << 22 {
        let (o_mid, n_mid): (String, String) = (o_mid.iter().collect(), n_mid.iter().collect());
        let mut at = prefix;
        let mut open: Option<(usize, String)> = None;
        for r in diff::chars(&o_mid, &n_mid) {
            match r {
                diff::Result::Both(..) => {
                    if let Some((start, text)) = open.take() {
                        places.push((start, at, text));
                    }
                    at += 1;
                }
                diff::Result::Left(_) => {
                    open.get_or_insert((at, String::new()));
                    at += 1;
                }
                diff::Result::Right(c) => open.get_or_insert((at, String::new())).1.push(c),
            }
        }
        places.extend(open.map(|(start, text)| (start, at, text)));
    } else {
        // Too long to align: one place, the whole middle.
        places.push((prefix, o.len() - suffix, n_mid.iter().collect()));
    }
    let Some((start, end, text)) = places.first() else {
        return (0, old.to_string(), new.to_string(), 0);
    };
    let (from, to) = (start.saturating_sub(1), (end + 1).min(o.len()));
    let was: String = o[from..to].iter().collect();
    let should = format!(
        "{}{text}{}",
        o[from..*start].iter().collect::<String>(),
        o[*end..to].iter().collect::<String>()
    );
    (*start, was, should, places.len())
}

fn finding(
    path: &Path,
    line_no: usize,
    column: usize,
    line: &str,
    old: &str,
    new: &str,
) -> Diagnostic {
    let (offset, was, should, places) = difference(old, new);
    let message = if places > 1 {
        text!(
            "中文排版：“{}”应为“{}”（这一段共 {} 处）",
            "Chinese typography: \"{}\" should be \"{}\" ({} places in this passage)",
            was,
            should,
            places
        )
    } else {
        text!(
            "中文排版：“{}”应为“{}”",
            "Chinese typography: \"{}\" should be \"{}\"",
            was,
            should
        )
    };
    Diagnostic::warning(Code::Typography, path, message)
    .at(line_no, column + offset)
    .snippet(line)
    .hint(Text::new(
        "中文句子里用全角标点（，。：！？）；branchpress check --fix 可自动改正",
        "Chinese sentences take full-width punctuation (，。：！？); branchpress check --fix corrects it",
    ))
}

fn rule_finding(
    path: &Path,
    line_no: usize,
    column: usize,
    line: &str,
    message: Text,
) -> Diagnostic {
    Diagnostic::warning(Code::Typography, path, message)
        .at(line_no, column)
        .snippet(line)
        .hint(Text::new(
            "中文用成对的全角引号“”（引号里再用‘’），标点不重复",
            "Chinese takes paired full-width quotes “” (‘’ inside them), and no repeated punctuation",
        ))
}

/// Quotation marks and repeated punctuation in the text a reader sees
/// (Markdown text, not code, links' targets or HTML), as byte ranges of the body.
fn body_rule_findings(body: &str) -> Vec<(Range<usize>, Text)> {
    let mut out = Vec::new();
    if !may_break_rules(body) {
        return out;
    }
    let mut paragraph: Vec<(Range<usize>, String)> = Vec::new();
    // A paragraph's runs of text are looked at together (a quotation may
    // hold inline code), joined by a mark that is neither Chinese nor a
    // quote, each run's place in the body kept.
    let flush = |paragraph: &mut Vec<(Range<usize>, String)>,
                 out: &mut Vec<(Range<usize>, Text)>| {
        let mut joined = String::new();
        let mut starts: Vec<(usize, usize)> = Vec::new();
        for (range, text) in paragraph.iter() {
            // Text events are the source as written, but for escapes and entities.
            if &body[range.clone()] != text {
                continue;
            }
            starts.push((joined.len(), range.start));
            joined.push_str(text);
            joined.push('\u{fffc}');
        }
        for (r, m) in quote_findings(&joined) {
            let Some(&(from, at)) = starts.iter().rev().find(|(from, _)| *from <= r.start) else {
                continue;
            };
            let start = at + r.start - from;
            let len = r.end.min(
                joined[r.start..]
                    .find('\u{fffc}')
                    .map_or(r.end, |i| r.start + i),
            ) - r.start;
            out.push((start..start + len, m));
        }
        paragraph.clear();
    };
    let mut in_code = false;
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) if !in_code => paragraph.push((range, t.into_string())),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => flush(&mut paragraph, &mut out),
            _ => {}
        }
    }
    flush(&mut paragraph, &mut out);
    out.retain(|(range, _)| {
        let line_start = body[..range.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = body[range.start..]
            .find('\n')
            .map_or(body.len(), |i| range.start + i);
        !body[line_start..line_end].contains("{{") && !body[line_start..line_end].contains("{%")
    });
    out
}

/// Whether `text` has a straight quote beside a Chinese character, more “
/// than ”, or a full-width mark twice in a row: without any, the rules
/// have nothing to find and the body is not parsed again.
fn may_break_rules(text: &str) -> bool {
    let (mut open, mut close) = (0usize, 0usize);
    let mut previous = ' ';
    for c in text.chars() {
        match c {
            '“' => open += 1,
            '”' if close == open => return true,
            '”' => close += 1,
            '"' if crate::han::is_ideograph(previous) => return true,
            c if crate::han::is_ideograph(c) && previous == '"' => return true,
            '。' | '，' | '、' | '；' | '：' | '！' | '？' if previous == c => return true,
            _ => {}
        }
        previous = c;
    }
    open != close
}

/// Straight quotes in Chinese text, unpaired “”, and repeated full-width
/// punctuation, in one run of text.
fn quote_findings(text: &str) -> Vec<(Range<usize>, Text)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut open: Option<usize> = None;
    // Straight quotes come in pairs: one finding for the run of text.
    let mut straight = false;
    for (i, &(at, c)) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j].1);
        let next = chars.get(i + 1).map(|&(_, c)| c);
        match c {
            '"' if !straight
                && (prev.is_some_and(crate::han::is_ideograph)
                    || next.is_some_and(crate::han::is_ideograph)) =>
            {
                straight = true;
                out.push((
                    at..at + 1,
                    Text::new(
                        "中文里用了英文引号 \"：应为“”",
                        "a straight quote \" in Chinese text: use “”",
                    ),
                ));
            }
            '“' => {
                if let Some(first) = open {
                    out.push((first..first + c.len_utf8(), unpaired()));
                }
                open = Some(at);
            }
            // A closing mark pairs with the open one (taken), or with none.
            '”' if open.take().is_none() => out.push((at..at + c.len_utf8(), unpaired())),
            '。' | '，' | '、' | '；' | '：' | '！' | '？'
                if next == Some(c) && prev != Some(c) =>
            {
                let run = chars[i..].iter().take_while(|&&(_, d)| d == c).count();
                out.push((
                    at..at + c.len_utf8() * run,
                    text!(
                        "标点“{}”重复了 {} 次",
                        "the punctuation mark \"{}\" is repeated {} times",
                        c.to_string(),
                        run
                    ),
                ));
            }
            _ => {}
        }
    }
    if let Some(first) = open {
        out.push((first..first + '“'.len_utf8(), unpaired()));
    }
    out
}

fn unpaired() -> Text {
    Text::new("引号“”不成对", "quotation marks “” that do not pair")
}

/// The file with `autocorrect`'s safe changes made in its prose fields and
/// body, and each change; None when nothing changes. Lines with shortcodes
/// or personal data, code, URLs and keys stay as written.
pub fn fix_document(
    text: &str,
    doc: &Document,
    policy: &Typography,
) -> Option<(String, Vec<Change>)> {
    if !policy.check {
        return None;
    }
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let mut changes = Vec::new();
    for field in &policy.fields {
        let Some((line_no, line, start)) = prose_value(doc, field) else {
            continue;
        };
        if protected_line(line) {
            continue;
        }
        let value = &line[start..];
        let fixed = apply(value, &lint(value, policy));
        if fixed != value {
            let (_, old, new, places) = difference(value, &fixed);
            changes.push(Change {
                line: line_no,
                old,
                new,
                places,
            });
            if let Some(l) = lines.get_mut(line_no - 1) {
                let cr = if l.ends_with('\r') { "\r" } else { "" };
                *l = format!("{}{fixed}{cr}", &line[..start]);
            }
        }
    }
    let body_lines: Vec<&str> = doc.body().split('\n').collect();
    for e in lint(doc.body(), policy) {
        let Some(original) = body_lines.get(e.line - 1) else {
            continue;
        };
        if protected_line(original) || e.old.contains('\n') {
            continue;
        }
        let file_index = doc.body_line + e.line - 2;
        let Some(line) = lines.get_mut(file_index) else {
            continue;
        };
        let Some(start) = locate(line, e.column, &e.old) else {
            continue;
        };
        let (_, old, new, places) = difference(&e.old, &e.new);
        line.replace_range(start..start + e.old.len(), &e.new);
        changes.push(Change {
            line: file_index + 1,
            old,
            new,
            places,
        });
    }
    if changes.is_empty() {
        return None;
    }
    changes.sort_by_key(|c| c.line);
    Some((lines.join("\n"), changes))
}

/// Where `old` is in `line`: the occurrence nearest to the 1-based
/// character column `autocorrect` gave (which may be off by a character
/// after inline code), as a byte offset.
fn locate(line: &str, column: usize, old: &str) -> Option<usize> {
    if old.is_empty() {
        return None;
    }
    let found: Vec<(usize, usize)> = line
        .match_indices(old)
        .map(|(at, _)| {
            (
                at,
                line[..at]
                    .chars()
                    .count()
                    .abs_diff(column.saturating_sub(1)),
            )
        })
        .collect();
    // One occurrence is the one; of several, only one near the column.
    match found.as_slice() {
        [(at, _)] => Some(*at),
        _ => found
            .iter()
            .min_by_key(|(_, d)| *d)
            .filter(|(_, d)| *d <= 2)
            .map(|(at, _)| *at),
    }
}

/// The 1-based character column of an edit in its line.
fn place(line: &str, e: &Edit) -> usize {
    locate(line, e.column, &e.old).map_or(e.column, |at| line[..at].chars().count() + 1)
}

/// `text` with the edits of one line of it made.
fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = text.to_string();
    for e in edits.iter().rev().filter(|e| e.line == 1) {
        if let Some(start) = locate(&out, e.column, &e.old) {
            out.replace_range(start..start + e.old.len(), &e.new);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(spacing: bool) -> Typography {
        Typography {
            spacing,
            ..Typography::default()
        }
    }

    #[test]
    fn half_width_punctuation_in_chinese_is_found() {
        let edits = lint("咨询,欢迎来电.\n", &policy(false));
        assert_eq!(edits.len(), 1, "{edits:?}");
        assert_eq!((edits[0].line, edits[0].column), (1, 1));
        assert_eq!(edits[0].new, "咨询，欢迎来电。");
    }

    #[test]
    fn spacing_only_when_the_portal_asks() {
        let text = "服务群众120人次，CT检查30例。\n";
        assert!(lint(text, &policy(false)).is_empty());
        let edits = lint(text, &policy(true));
        assert_eq!(edits[0].new, "服务群众 120 人次，CT 检查 30 例。");
    }

    #[test]
    fn code_and_urls_are_not_looked_at() {
        let text = "见 `a,b.c` 和 <https://a.b/c?x=1,2>。\n\n```rust\n// 注释,测试.\n```\n";
        assert!(
            lint(text, &policy(false)).is_empty(),
            "{:?}",
            lint(text, &policy(false))
        );
    }

    #[test]
    fn quotes_and_repeats() {
        let found: Vec<String> = quote_findings("他说\"好\"，真的“太好了！！！")
            .into_iter()
            .map(|(r, t)| format!("{}:{}", r.start, t.en))
            .collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(quote_findings("他说：“好的，‘马上’办。”……——").is_empty());
    }

    #[test]
    fn differences_show_the_changed_part() {
        assert_eq!(
            difference("咨询,欢迎来电.", "咨询，欢迎来电。"),
            (2, "询,欢".to_string(), "询，欢".to_string(), 2)
        );
        // An added space shows with a character either side.
        assert_eq!(
            difference("服务群众120人次", "服务群众 120 人次"),
            (4, "众1".to_string(), "众 1".to_string(), 2)
        );
    }
}

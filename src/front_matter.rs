//! Parse stage: splits a Markdown file into YAML front matter and body, and
//! parses the YAML. The only module that reads YAML of content files; it
//! keeps the front matter's text so that later stages can point at the line
//! of any field.

pub mod edit;

use crate::error::Code;
use std::path::Path;

use crate::yaml::{Mapping, Value};

use crate::error::{Diagnostic, Text};

/// Front matter as written: a YAML mapping plus the text it came from.
#[derive(Clone, Debug, Default)]
pub struct RawFrontMatter {
    /// The parsed mapping (empty when the file has none).
    pub map: Mapping,
    /// The file's text up to the closing `---`, so that line N here is line N of the file.
    yaml: String,
}

/// A parsed content file.
#[derive(Clone, Debug, Default)]
pub struct Document {
    /// Its front matter.
    pub front: RawFrontMatter,
    /// The file's text as read: the body is the end of it, not a copy, so
    /// a portal's sources are held once while they are parsed.
    source: String,
    /// Where in `source` the body starts.
    body_start: usize,
    /// 1-based line of the file on which the body starts.
    pub body_line: usize,
}

impl Document {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.source[self.body_start..]
    }

    /// The line, column and line text of a byte offset in the body.
    pub fn body_place(&self, offset: usize) -> (usize, usize, &str) {
        let body = self.body();
        let before = &body[..offset.min(body.len())];
        let line = self.body_line + before.matches('\n').count();
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let snippet = body.lines().nth(line - self.body_line).unwrap_or("");
        (line, column, snippet)
    }
}

/// A place in the file: line, column and the text of that line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// The line's text.
    pub snippet: String,
}

impl RawFrontMatter {
    /// The value of a top-level key.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.map.get(key)
    }

    /// The file's text up to the closing `---` (line N here is line N of the file).
    pub fn text(&self) -> &str {
        &self.yaml
    }

    /// Top-level keys in the order written (non-string keys are skipped).
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.map.keys().filter_map(Value::as_str)
    }

    /// Where a field (`level`, or `metrics.participants`) is written.
    /// Finds block-style keys; a key inside a flow mapping points at its parent.
    pub fn locate(&self, field: &str) -> Option<Place> {
        let mut parts = field.split('.');
        let top = parts.next()?;
        let lines: Vec<&str> = self.yaml.lines().collect();
        let (mut index, mut indent) = find_key(&lines, 0, lines.len(), top, Some(0))?;
        for part in parts {
            let end = block_end(&lines, index, indent);
            match find_key(&lines, index + 1, end, part, None) {
                Some((i, ind)) => {
                    index = i;
                    indent = ind;
                }
                None => break,
            }
        }
        let line = lines[index];
        let key_col = line.chars().take_while(|c| c.is_whitespace()).count();
        let after_colon = line
            .find(':')
            .map(|b| line[..b + 1].chars().count())
            .unwrap_or(key_col);
        let value_col = after_colon
            + line[line.find(':').map(|b| b + 1).unwrap_or(0)..]
                .chars()
                .take_while(|c| *c == ' ')
                .count();
        let column = if value_col >= line.chars().count() {
            key_col
        } else {
            value_col
        };
        Some(Place {
            line: index + 1,
            column: column + 1,
            snippet: line.to_string(),
        })
    }

    /// A diagnostic at `field`, or at the top of the file when it is not written.
    pub fn error_at(&self, code: Code, path: &Path, field: &str, message: Text) -> Diagnostic {
        let d = Diagnostic::error(code, path, message).field(field);
        match self.locate(field) {
            Some(p) => d.at(p.line, p.column).snippet(p.snippet),
            None => d.at(1, 1),
        }
    }

    /// A warning at `field`.
    pub fn warning_at(&self, code: Code, path: &Path, field: &str, message: Text) -> Diagnostic {
        let mut d = self.error_at(code, path, field, message);
        d.severity = crate::error::Severity::Warning;
        d
    }
}

fn find_key(
    lines: &[&str],
    from: usize,
    to: usize,
    key: &str,
    indent: Option<usize>,
) -> Option<(usize, usize)> {
    (from..to).find_map(|i| {
        let line = lines[i];
        let trimmed = line.trim_start();
        let ind = line.len() - trimmed.len();
        if indent.is_some_and(|want| want != ind) {
            return None;
        }
        let rest = trimmed
            .strip_prefix(key)
            .or_else(|| trimmed.strip_prefix(&format!("\"{key}\"")))
            .or_else(|| trimmed.strip_prefix(&format!("'{key}'")))?;
        rest.trim_start().starts_with(':').then_some((i, ind))
    })
}

fn block_end(lines: &[&str], start: usize, indent: usize) -> usize {
    (start + 1..lines.len())
        .find(|&i| {
            let l = lines[i];
            let t = l.trim_start();
            !t.is_empty() && !t.starts_with('#') && l.len() - t.len() <= indent
        })
        .unwrap_or(lines.len())
}

/// Splits and parses a content file. `required` says whether a file without
/// front matter is an error (stories, branch profiles) or a page of plain Markdown.
pub fn parse_document(path: &Path, text: &str, required: bool) -> Result<Document, Diagnostic> {
    parse_source(path, text.to_string(), required)
}

/// [`parse_document`] of a file's text that the document then keeps (its
/// body is not copied out of it).
pub fn parse_source(path: &Path, source: String, required: bool) -> Result<Document, Diagnostic> {
    let bom = if source.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let text = &source[bom..];
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        without_front_matter(path, text, first, required)?;
        return Ok(Document {
            body_start: bom,
            source,
            body_line: 1,
            ..Document::default()
        });
    }
    let Some((yaml_end, body_start, close_line)) = closing_line(text) else {
        return Err(Diagnostic::error(
            Code::FrontMatter,
            path,
            Text::new(
                "front matter 没有结束：缺少第二个 --- 行",
                "unclosed front matter: the closing --- line is missing",
            ),
        )
        .at(1, 1)
        .snippet(first)
        .hint(front_matter_hint()));
    };
    // Keep the newline after the opening `---` so YAML line numbers are file line numbers.
    let yaml_slice = &text[3..yaml_end];
    let map = if yaml_slice.trim().is_empty() {
        Mapping::new()
    } else {
        match crate::yaml::from_yaml::<Value>(Code::FrontMatter, path, text, yaml_slice) {
            Ok(Value::Mapping(m)) => m,
            Ok(Value::Null) => Mapping::new(),
            Ok(_) => {
                return Err(Diagnostic::error(
                    Code::FrontMatter,
                    path,
                    Text::new(
                        "front matter 必须是“字段: 值”的形式",
                        "front matter must be a list of `field: value` lines",
                    ),
                )
                .at(2, 1)
                .hint(front_matter_hint()));
            }
            Err(d) => return Err(d),
        }
    };
    let yaml = text[..yaml_end].to_string();
    Ok(Document {
        front: RawFrontMatter { map, yaml },
        body_start: bom + body_start.min(text.len()),
        source,
        body_line: close_line + 1,
    })
}

/// A file whose first line is no `---`: a page of plain Markdown (all of
/// it the body), or an error for an empty file and for files that need
/// front matter.
fn without_front_matter(
    path: &Path,
    text: &str,
    first: &str,
    required: bool,
) -> Result<(), Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(
            Code::FrontMatter,
            path,
            Text::new("文件是空的", "the file is empty"),
        )
        .at(1, 1)
        .hint(front_matter_hint()));
    }
    if required {
        return Err(Diagnostic::error(
            Code::FrontMatter,
            path,
            Text::new(
                "缺少开头的 front matter（文件第一行应为 ---）",
                "missing front matter (the first line must be ---)",
            ),
        )
        .at(1, 1)
        .snippet(first)
        .hint(front_matter_hint()));
    }
    Ok(())
}

/// The closing `---` (or `...`) of front matter: where the YAML ends, where
/// the body starts, and the delimiter's 1-based line.
fn closing_line(text: &str) -> Option<(usize, usize, usize)> {
    let mut offset = text.find('\n').map_or(text.len(), |i| i + 1);
    for (line_no, line) in (2..).zip(text[offset.min(text.len())..].split_inclusive('\n')) {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Some((offset, offset + line.len(), line_no));
        }
        offset += line.len();
    }
    None
}

fn front_matter_hint() -> Text {
    Text::new(
        "格式：第一行 ---，然后每行“字段: 值”（如 title: 标题），再以 --- 结束",
        "format: a --- line, then `field: value` lines (e.g. title: My story), then a closing --- line",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Document, Diagnostic> {
        parse_document(Path::new("a.md"), text, true)
    }

    #[test]
    fn splits_front_matter_and_body_with_line_numbers() {
        let d = parse("---\ntitle: 标题\ndate: 2024-03-26\n---\n正文\n").unwrap();
        assert_eq!(d.front.get("title").and_then(Value::as_str), Some("标题"));
        assert_eq!(d.body(), "正文\n");
        assert_eq!(d.body_line, 5);
    }

    #[test]
    fn a_byte_order_mark_is_no_part_of_the_front_matter_or_the_body() {
        let d = parse("\u{feff}---\r\ntitle: 标题\r\n---\r\n正文\r\n").unwrap();
        assert_eq!(d.front.get("title").and_then(Value::as_str), Some("标题"));
        assert!(d.front.text().starts_with("---"));
        assert_eq!(d.body(), "正文\r\n");
        assert_eq!(d.body_place(3), (4, 2, "正文"));
        let page = parse_source(Path::new("p.md"), "\u{feff}# 关于\n".into(), false).unwrap();
        assert_eq!(page.body(), "# 关于\n");
        assert_eq!(page.body_line, 1);
    }

    #[test]
    fn yaml_errors_carry_the_files_line() {
        let e = parse("---\ntitle: a\nlevel: [国家级\n---\n").unwrap_err();
        assert!(e.line >= 3, "{e:?}");
        assert!(e.message.en.starts_with("invalid YAML"));
    }

    #[test]
    fn reports_unclosed_and_missing_front_matter() {
        assert!(
            parse("---\ntitle: a\n")
                .unwrap_err()
                .message
                .en
                .contains("unclosed")
        );
        assert!(
            parse("# no front matter")
                .unwrap_err()
                .message
                .en
                .contains("missing front matter")
        );
        assert!(parse("").unwrap_err().message.en.contains("empty"));
        assert!(parse_document(Path::new("p.md"), "# page", false).is_ok());
    }

    #[test]
    fn locates_top_level_and_nested_fields() {
        let d = parse(
            "---\ntitle: a\nmetrics:\n  participants: 3\n  patients_served: x\nlevel: 国家\n---\n",
        )
        .unwrap();
        let p = d.front.locate("metrics.patients_served").unwrap();
        assert_eq!((p.line, p.column), (5, 20));
        let p = d.front.locate("level").unwrap();
        assert_eq!((p.line, p.column), (6, 8));
        assert!(d.front.locate("nothing").is_none());
    }
}

//! The one door to `serde_yaml`: every YAML text of a portal (site.yaml,
//! front matter, a theme's strings) is parsed here, and its syntax errors
//! become diagnostics at the file's line and column, in Chinese for the
//! common cases, with a hint for the usual slips (full-width colons, tabs,
//! unquoted `: ` in values).

pub use serde_yaml::{Mapping, Number, Value};

use crate::error::Code;
use crate::error::{Diagnostic, Text};

/// Parses YAML that is no file of the portal (a built-in default, a token
/// being edited): the error, if any, is the caller's to turn into words.
pub fn parse<T: serde::de::DeserializeOwned>(yaml: &str) -> Result<T, serde_yaml::Error> {
    serde_yaml::from_str(yaml)
}

/// A value as YAML, for writing it back into front matter.
pub fn to_value<T: serde::Serialize>(value: T) -> Result<Value, serde_yaml::Error> {
    serde_yaml::to_value(value)
}

/// Flow collections (`[…]`, `{…}`) nested deeper than this are refused
/// before parsing: the YAML scanner's time grows with the square of the
/// depth (100,000 brackets took 18 s), and serde stops at 128 levels anyway.
const MAX_FLOW_DEPTH: usize = 128;

/// Parses `yaml` (the YAML part of `source`, lines aligned with the file's)
/// into `T`; errors carry the file's line and column.
pub fn from_yaml<T: serde::de::DeserializeOwned>(
    code: Code,
    path: impl Into<std::path::PathBuf>,
    source: &str,
    yaml: &str,
) -> Result<T, Diagnostic> {
    let path = path.into();
    if let Some((line, column)) = too_deep(yaml) {
        let snippet = source.lines().nth(line - 1).unwrap_or_default();
        return Err(Diagnostic::error(
            code,
            path,
            Text::new(
                format!("嵌套太深：方括号或花括号超过 {MAX_FLOW_DEPTH} 层"),
                format!("nested too deep: more than {MAX_FLOW_DEPTH} levels of brackets or braces"),
            ),
        )
        .at(line, column)
        .snippet(snippet)
        .hint(Text::new(
            "列表一般只需一层，如 tags: [义诊, 主题党日]",
            "a list needs one level, e.g. tags: [clinic, volunteers]",
        )));
    }
    serde_yaml::from_str(yaml).map_err(|e| yaml_diagnostic(code, path, source, &e))
}

/// Where flow brackets first nest deeper than [`MAX_FLOW_DEPTH`] (1-based
/// line and column). Brackets inside quotes and comments count too: a
/// false alarm needs 129 unclosed brackets in one value.
fn too_deep(yaml: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    for (n, line) in yaml.lines().enumerate() {
        for (col, c) in line.chars().enumerate() {
            match c {
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Some((n + 1, col + 1));
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    None
}

/// Turns a serde_yaml error into a diagnostic with the file's line and column.
pub fn yaml_diagnostic(
    code: Code,
    path: impl Into<std::path::PathBuf>,
    source: &str,
    e: &serde_yaml::Error,
) -> Diagnostic {
    let message = yaml_message(e);
    let shape = shape_zh(&message);
    // site.yaml's shape is checked as it is read: name the kind of slip.
    let code = match code {
        Code::ConfigUnreadable if message.starts_with("unknown field") => Code::ConfigUnknownKey,
        Code::ConfigUnreadable if shape.is_some() => Code::ConfigValue,
        code => code,
    };
    let text = yaml_text(&message, shape.as_deref());
    let mut d = Diagnostic::error(code, path, text);
    let Some(loc) = e.location() else { return d };
    d = d.at(loc.line(), loc.column());
    let lines: Vec<&str> = source.lines().collect();
    // A full-width colon makes the parser fail on a later line: point at the colon itself.
    let colon = (loc.line().saturating_sub(2).max(1)..=loc.line())
        .rev()
        .filter_map(|n| Some((n, *lines.get(n - 1)?)))
        .find(|(_, l)| l.contains('：') && !l.contains(':'));
    if let Some((n, line)) = colon {
        let column = line.chars().take_while(|c| *c != '：').count() + 1;
        d.message = Text::new(
            format!("第 {n} 行的字段名后用了中文冒号“：”"),
            format!("line {n} has a full-width colon (：) after the field name"),
        );
        return d.at(n, column).snippet(line).hint(Text::new(
            "字段名后请用英文半角冒号“:”并空一格，如 date: 2024-03-26",
            "use an ASCII colon and a space, e.g. date: 2024-03-26",
        ));
    }
    let here = lines
        .get(loc.line().saturating_sub(1))
        .copied()
        .unwrap_or("");
    let before = lines
        .get(loc.line().saturating_sub(2))
        .copied()
        .unwrap_or("");
    d = d.snippet(here);
    if shape.is_some() {
        return d;
    }
    d.hint = Some(yaml_hint(here, before, &message));
    d
}

/// The message: the shape expected (site.yaml's fields), or the YAML
/// parser's own words, in Chinese for the common ones.
fn yaml_text(message: &str, shape: Option<&str>) -> Text {
    match shape {
        Some(zh) => Text::new(
            format!("设置有误：{zh}"),
            format!("invalid setting: {message}"),
        ),
        None => {
            let zh = YAML_MESSAGES
                .iter()
                .find(|(en, _)| message.starts_with(en))
                .map_or(message, |(_, zh)| zh);
            Text::new(
                format!("YAML 格式错误：{zh}"),
                format!("invalid YAML: {message}"),
            )
        }
    }
}

/// What to do about a YAML syntax error, from the line it is on and the
/// one before: the usual slips first (full-width colons, tabs, `: ` in a value).
fn yaml_hint(here: &str, before: &str, message: &str) -> Text {
    if [here, before]
        .iter()
        .any(|l| l.contains('：') && !l.contains(':'))
    {
        Text::new(
            "字段名后请用英文半角冒号“:”并空一格，不要用中文冒号“：”",
            "use an ASCII colon and a space after the field name, not a full-width colon (：)",
        )
    } else if here.contains('\t') {
        Text::new("请用空格缩进，不要用 Tab", "indent with spaces, not tabs")
    } else if message.starts_with("mapping values are not allowed") {
        Text::new(
            "值里有“: ”时请用英文引号括起来，如 title: \"标题: 副标题\"",
            "quote values that contain \": \", e.g. title: \"Title: subtitle\"",
        )
    } else {
        Text::new(
            "每行写作“字段: 值”，冒号后空一格；列表写作 [甲, 乙]",
            "write one `field: value` per line with a space after the colon; lists as [a, b]",
        )
    }
}

/// Chinese for serde_yaml's most common messages (English prefix → Chinese).
const YAML_MESSAGES: &[(&str, &str)] = &[
    (
        "mapping values are not allowed in this context",
        "此处不能出现“: ”",
    ),
    ("could not find expected ':'", "缺少冒号“:”"),
    ("did not find expected key", "缺少字段名或缩进不一致"),
    ("did not find expected ',' or ']'", "列表缺少“,”或“]”"),
    ("did not find expected ',' or '}'", "映射缺少“,”或“}”"),
    (
        "found character that cannot start any token",
        "出现了不能用在此处的字符",
    ),
    (
        "found unexpected end of stream",
        "内容意外结束（引号或括号未闭合？）",
    ),
    ("duplicate entry with key", "字段重复"),
    ("found a tab character", "出现了 Tab 字符"),
];

/// Chinese for serde's messages about a value's shape (unknown or missing
/// fields, wrong types), which start with the field's path when nested:
/// `paginate: invalid type: string "很多", expected usize`.
fn shape_zh(message: &str) -> Option<String> {
    let (path, rest) = match message.split_once(": ") {
        Some((p, r)) if !p.contains(' ') => (Some(p), r),
        _ => (None, message),
    };
    let names = |list: &str| list.replace('`', "").replace(", ", "、");
    let body = if let Some(r) = rest.strip_prefix("unknown field `") {
        let (name, tail) = r.split_once('`')?;
        match tail
            .strip_prefix(", expected one of ")
            .or_else(|| tail.strip_prefix(", expected "))
        {
            Some(allowed) => format!("未知的字段 `{name}`（可用的字段：{}）", names(allowed)),
            None => format!("未知的字段 `{name}`（此处不能有字段）"),
        }
    } else if let Some(r) = rest.strip_prefix("unknown variant `") {
        let (name, tail) = r.split_once('`')?;
        let allowed = tail
            .strip_prefix(", expected one of ")
            .or_else(|| tail.strip_prefix(", expected "))?;
        format!("不认识的值“{name}”（可用的值：{}）", names(allowed))
    } else if let Some(r) = rest.strip_prefix("missing field `") {
        format!("缺少字段 `{}`", r.split('`').next()?)
    } else if let Some(r) = rest.strip_prefix("invalid type: ") {
        let (found, expected) = r.split_once(", expected ")?;
        let (expected, found) = (noun(expected), noun(found));
        let gap = if expected.starts_with(|c: char| c.is_ascii()) {
            " "
        } else {
            ""
        };
        format!("应为{gap}{expected}，写的却是{found}")
    } else {
        return None;
    };
    Some(match path {
        Some(p) => format!("{p}：{body}"),
        None => body,
    })
}

/// A serde type description (`a string`, `integer `5``, `usize` …) in Chinese.
fn noun(what: &str) -> String {
    let what = what.trim();
    let quoted = |prefix: &str| {
        what.strip_prefix(prefix)
            .map(|v| v.trim_matches(['`', '"']))
    };
    if let Some(v) = quoted("string ") {
        return format!("文字“{v}”");
    }
    if let Some(v) = quoted("integer ") {
        return format!("整数 {v}");
    }
    if let Some(v) = quoted("floating point ") {
        return format!("小数 {v}");
    }
    if let Some(v) = quoted("boolean ") {
        return format!("布尔值 {v}");
    }
    let bare = what
        .strip_prefix("a ")
        .or_else(|| what.strip_prefix("an "))
        .unwrap_or(what);
    match bare {
        "string" | "str" | "char" | "path string" => "文字".into(),
        "integer" | "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64"
        | "isize" => "整数".into(),
        "f32" | "f64" | "floating point" => "数字".into(),
        "boolean" | "bool" => "true 或 false".into(),
        "sequence" => "列表（如 [甲, 乙]）".into(),
        "map" => "“字段: 值”".into(),
        "unit value" => "空值".into(),
        _ if bare.starts_with("struct ") => "“字段: 值”".into(),
        _ => what.to_string(),
    }
}

/// serde_yaml's message without the " at line X column Y" it sometimes appends.
fn yaml_message(e: &serde_yaml::Error) -> String {
    let s = e.to_string();
    match s.find(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::{shape_zh, too_deep};

    #[test]
    fn deep_flow_nesting_is_found_before_parsing() {
        let deep = format!("a: 1\nb: {}{}\n", "[".repeat(200), "]".repeat(200));
        assert_eq!(too_deep(&deep), Some((2, 132)));
        let wide = format!("tags: {}\n", "[x], ".repeat(10_000));
        assert_eq!(too_deep(&wide), None);
    }

    #[test]
    fn shape_messages_are_translated_with_their_field() {
        let cases = [
            (
                "paginate: invalid type: string \"很多\", expected usize",
                "paginate：应为整数，写的却是文字“很多”",
            ),
            (
                "search: invalid type: integer `3`, expected a boolean",
                "search：应为 true 或 false，写的却是整数 3",
            ),
            (
                "unknown field `titel`, expected one of `title`, `description`",
                "未知的字段 `titel`（可用的字段：title、description）",
            ),
            (
                "kinds.models: missing field `name`",
                "kinds.models：缺少字段 `name`",
            ),
        ];
        for (en, zh) in cases {
            assert_eq!(shape_zh(en).as_deref(), Some(zh), "{en}");
        }
        assert_eq!(shape_zh("did not find expected key"), None);
    }
}

//! YAML syntax errors as diagnostics: the file's line and column, the
//! message in Chinese for the common cases, and a hint for the usual slips
//! (full-width colons, tabs, unquoted `: ` in values).

use crate::error::{Diagnostic, Text};

/// Turns a serde_yaml error into a diagnostic with the file's line and column.
pub fn yaml_diagnostic(
    path: impl Into<std::path::PathBuf>,
    source: &str,
    e: &serde_yaml::Error,
) -> Diagnostic {
    let message = yaml_message(e);
    let zh = YAML_MESSAGES
        .iter()
        .find(|(en, _)| message.starts_with(en))
        .map_or(message.as_str(), |(_, zh)| zh);
    let mut d = Diagnostic::error(
        path,
        Text::new(
            format!("YAML 格式错误：{zh}"),
            format!("invalid YAML: {message}"),
        ),
    );
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
    let hint = if [here, before]
        .iter()
        .any(|l| l.contains('：') && !l.contains(':'))
    {
        Some(Text::new(
            "字段名后请用英文半角冒号“:”并空一格，不要用中文冒号“：”",
            "use an ASCII colon and a space after the field name, not a full-width colon (：)",
        ))
    } else if here.contains('\t') {
        Some(Text::new(
            "请用空格缩进，不要用 Tab",
            "indent with spaces, not tabs",
        ))
    } else if message.starts_with("mapping values are not allowed") {
        Some(Text::new(
            "值里有“: ”时请用英文引号括起来，如 title: \"标题: 副标题\"",
            "quote values that contain \": \", e.g. title: \"Title: subtitle\"",
        ))
    } else {
        Some(Text::new(
            "每行写作“字段: 值”，冒号后空一格；列表写作 [甲, 乙]",
            "write one `field: value` per line with a space after the colon; lists as [a, b]",
        ))
    };
    d.hint = hint;
    d
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

/// serde_yaml's message without the " at line X column Y" it sometimes appends.
fn yaml_message(e: &serde_yaml::Error) -> String {
    let s = e.to_string();
    match s.find(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

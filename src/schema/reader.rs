//! Reading typed fields off one file's raw front matter, recording a
//! diagnostic (at the field's line) for every value of the wrong type.

use crate::yaml::Value;
use jiff::civil::Date;
use std::path::Path;

use crate::config::FieldType;
use crate::error::{Code, Diagnostic, Text};
use crate::front_matter::RawFrontMatter;
use crate::text::text;

/// Reads fields off one file's front matter, collecting problems.
pub(super) struct Reader<'a> {
    pub(super) path: &'a Path,
    pub(super) front: &'a RawFrontMatter,
    pub(super) diagnostics: &'a mut Vec<Diagnostic>,
}

impl Reader<'_> {
    pub(super) fn error(&mut self, code: Code, field: &str, message: Text, hint: Option<Text>) {
        let mut d = self.front.error_at(code, self.path, field, message);
        d.hint = hint;
        self.diagnostics.push(d);
    }

    pub(super) fn wrong_type(&mut self, field: &str, ty: FieldType, got: &Value) {
        let want = ty.describe();
        self.error(
            Code::FieldType,
            field,
            Text::new(
                format!(
                    "字段 `{field}` 应为{}，实际是{}",
                    want.zh,
                    describe_value(got).zh
                ),
                format!(
                    "field `{field}` must be {}, not {}",
                    want.en,
                    describe_value(got).en
                ),
            ),
            None,
        );
    }

    pub(super) fn missing(&mut self, field: &str, hint: Option<Text>) {
        self.error(
            Code::FieldMissing,
            field,
            text!("缺少必填字段 `{}`", "missing required field `{}`", field),
            hint,
        );
    }

    pub(super) fn value(&self, field: &str) -> Option<&Value> {
        self.front.get(field).filter(|v| !v.is_null())
    }

    pub(super) fn string(&mut self, field: &str, required: bool) -> Option<String> {
        match self.value(field) {
            None => {
                if required {
                    self.missing(field, None);
                }
                None
            }
            Some(v) => match scalar_string(v) {
                Some(s) if required && s.trim().is_empty() => {
                    self.missing(field, None);
                    None
                }
                Some(s) => Some(s),
                None => {
                    self.wrong_type(field, FieldType::String, &v.clone());
                    None
                }
            },
        }
    }

    pub(super) fn date(&mut self, field: &str, required: bool) -> Option<Date> {
        let s = self.string(field, required)?;
        match parse_date(&s) {
            Some(d) if (1921..=2100).contains(&d.year()) => Some(d),
            Some(d) => {
                self.error(
                    Code::FieldDate,
                    field,
                    text!(
                        "日期“{}”的年份 {} 不合理（应在 1921 至 2100 年之间）",
                        "the year {1} of \"{0}\" is implausible (expected 1921 to 2100)",
                        s,
                        d.year()
                    ),
                    None,
                );
                None
            }
            None => {
                self.error(
                    Code::FieldDate,
                    field,
                    text!("日期“{}”无效或不存在", "\"{}\" is not a valid date", s),
                    Some(Text::new(
                        "日期写作 2024-03-26，或带时间的 2024-03-26T09:30:00+08:00",
                        "write dates as 2024-03-26, or 2024-03-26T09:30:00+08:00 with a time",
                    )),
                );
                None
            }
        }
    }

    pub(super) fn bool(&mut self, field: &str) -> bool {
        match self.value(field) {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(v) => {
                self.wrong_type(field, FieldType::Bool, &v.clone());
                false
            }
        }
    }

    pub(super) fn integer(&mut self, field: &str) -> Option<i64> {
        match self.value(field) {
            None => None,
            Some(Value::Number(n)) if n.as_i64().is_some() => n.as_i64(),
            Some(v) => {
                self.wrong_type(field, FieldType::Integer, &v.clone());
                None
            }
        }
    }

    pub(super) fn list(&mut self, field: &str) -> Vec<String> {
        let items = self.list_items(field);
        if !items.iter().any(|s| s.contains('，')) {
            return items;
        }
        // `[义诊，健康宣教]` is one item to YAML but two to the writer.
        self.diagnostics.push(self.front.warning_at(Code::ListComma,
            self.path,
            field,
            Text::new(
                "列表中用了中文逗号“，”，已按它拆分；请改用英文逗号，如 [义诊, 健康宣教]",
                "a full-width comma (，) in a list was taken as a separator; write [a, b] with ASCII commas",
            ),
        ));
        items
            .iter()
            .flat_map(|s| s.split('，'))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }

    fn list_items(&mut self, field: &str) -> Vec<String> {
        match self.value(field) {
            None => Vec::new(),
            Some(Value::Sequence(items)) => {
                let items = items.clone();
                let mut out = Vec::with_capacity(items.len());
                for item in &items {
                    match scalar_string(item) {
                        Some(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
                        Some(_) => {}
                        None => self.wrong_type(field, FieldType::List, item),
                    }
                }
                out
            }
            // A single value where a list is expected is a common slip: accept it.
            Some(v) => match scalar_string(v) {
                Some(s) => vec![s],
                None => {
                    self.wrong_type(field, FieldType::List, &v.clone());
                    Vec::new()
                }
            },
        }
    }

    pub(super) fn warn_unknown(&mut self, known: &dyn Fn(&str) -> bool, allowed: &[&str]) {
        let unknown: Vec<String> = self
            .front
            .keys()
            .filter(|k| !known(k))
            .map(String::from)
            .collect();
        let mut seen = std::collections::HashSet::new();
        let allowed: Vec<&str> = allowed
            .iter()
            .copied()
            .filter(|k| seen.insert(*k))
            .collect();
        for key in unknown {
            let hint = match closest(&key, &allowed, 2) {
                Some(near) => Text::new(
                    format!("是否想写 `{near}`？可用字段：{}", allowed.join("、")),
                    format!(
                        "did you mean `{near}`? known fields: {}",
                        allowed.join(", ")
                    ),
                ),
                None => Text::new(
                    format!("可用字段：{}", allowed.join("、")),
                    format!("known fields: {}", allowed.join(", ")),
                ),
            };
            let d = self
                .front
                .warning_at(
                    Code::FieldUnknown,
                    self.path,
                    &key,
                    text!(
                        "未知字段 `{}`，已忽略",
                        "unknown field `{}` is ignored",
                        key
                    ),
                )
                .hint(hint);
            self.diagnostics.push(d);
        }
    }
}

/// The known name within `max` edits of `key` (`levle` → `level`), if any.
pub(super) fn closest<'a>(key: &str, known: &[&'a str], max: usize) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(key, k), *k))
        .filter(|(d, _)| *d <= max)
        .min()
        .map(|(_, k)| k)
}

/// Levenshtein distance, counting characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// A YAML scalar as text (numbers and booleans too, since `title: 2024` is a title).
pub(super) fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub(super) fn describe_value(v: &Value) -> Text {
    match v {
        Value::Null => Text::new("空值", "empty"),
        Value::Bool(b) => text!("布尔值 {}", "the boolean {}", b),
        Value::Number(n) => text!("数字 {}", "the number {}", n),
        Value::String(s) => text!("文字“{}”", "the text \"{}\"", s),
        Value::Sequence(_) => Text::new("列表", "a list"),
        Value::Mapping(_) => Text::new("映射（字段: 值）", "a mapping"),
        Value::Tagged(_) => Text::new("带标签的值", "a tagged value"),
    }
}

/// Parses `2024-03-26` or an RFC 3339 timestamp into its calendar date.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.len() == 10 {
        return s.parse::<Date>().ok();
    }
    let date: Date = s.get(..10)?.parse().ok()?;
    let valid_time =
        s.parse::<jiff::Timestamp>().is_ok() || s.parse::<jiff::civil::DateTime>().is_ok();
    valid_time.then_some(date)
}

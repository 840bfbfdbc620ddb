//! A story's problems in the writer's words: the desk names every field by
//! its label from site.yaml, kinds and branches by their names, and shows
//! no YAML key or backtick. `check` keeps its own messages, which point at a
//! file's lines; the desk's writer sees a form, so the same problem is said
//! in the form's terms, at its field. A new story's problems all come back
//! in one answer, even before it has a branch, a kind, a title or a date.

use std::path::Path;

use serde_json::{Value, json};

use super::call::{Answer, Call, read_json};
use super::served::ServedSite;
use crate::config::Config;
use crate::error::{Code, Diagnostic, Lang, Text};

/// What the words of one story's problems are made from.
pub struct Words<'a> {
    /// The desk's language.
    pub lang: Lang,
    config: Option<&'a Config>,
    kind: Option<usize>,
}

/// The common fields as the form labels them.
const COMMON: &[(&str, &str, &str)] = &[
    ("title", "标题", "Title"),
    ("date", "日期", "Date"),
    ("updated", "更新日期", "Updated"),
    ("branch", "支部", "Branch"),
    ("kind", "稿件类型", "Kind of story"),
    ("summary", "摘要", "Summary"),
    ("cover", "封面照片", "Cover photo"),
    ("with", "联合支部", "Joint branches"),
    ("draft", "草稿", "Draft"),
    ("author", "作者", "Author"),
    ("slug", "网址名", "Address name"),
    ("metrics", "数据", "Figures"),
];

impl<'a> Words<'a> {
    /// The words for a story of `kind` (a folder name) on the served site.
    pub fn new(dev: &'a dyn ServedSite, kind: &str) -> Words<'a> {
        let config = dev.site().map(|s| &s.config);
        Words {
            lang: dev.lang(),
            config,
            kind: config.and_then(|c| c.kind_index(kind)),
        }
    }

    /// The label of a front-matter field (`type` → 活动类型,
    /// `metrics.participants` → 参与人数), None when site.yaml has none.
    fn label(&self, field: &str) -> Option<String> {
        let pick = |zh: &str, en: Option<&str>| match self.lang {
            Lang::ZhCn => zh.to_string(),
            Lang::En => en.unwrap_or(zh).to_string(),
        };
        let config = self.config;
        if let Some(key) = field.strip_prefix("metrics.") {
            let m = config?.metrics.iter().find(|m| m.key == key)?;
            return Some(pick(&m.label, m.label_en.as_deref()));
        }
        let head = field.split(['.', '[']).next().unwrap_or(field);
        if let Some((_, zh, en)) = COMMON.iter().find(|(k, _, _)| *k == head) {
            return Some(pick(zh, Some(en)));
        }
        let config = config?;
        if let Some(t) = config.taxonomies.iter().find(|t| t.name == head) {
            return Some(pick(&t.label, t.label_en.as_deref()));
        }
        let spec = config.kinds.get(self.kind?)?.field(head)?;
        let label = spec.label.as_deref()?;
        Some(pick(label, spec.label_en.as_deref()))
    }

    /// The message and hint the desk shows for `d`.
    pub fn say(&self, d: &Diagnostic) -> (String, Option<String>) {
        let lang = self.lang;
        let core_hint = || d.hint.as_ref().map(|h| plain(h.get(lang), self));
        let Some(field) = d.field.as_deref() else {
            return (plain(d.message.get(lang), self), core_hint());
        };
        let Some(label) = self.label(field) else {
            return (plain(d.message.get(lang), self), core_hint());
        };
        let said = |zh: String, en: String| Text::new(zh, en).get(lang).to_string();
        let l = &label;
        match (d.code, field) {
            (Code::FieldMissing | Code::KindUnknown, "branch") => {
                (said("请选择支部".into(), "Choose a branch".into()), None)
            }
            (Code::FieldMissing | Code::KindUnknown, "kind") => (
                said("请选择稿件类型".into(), "Choose the kind of story".into()),
                None,
            ),
            (Code::FieldValue, "branch") => (
                said(
                    "没有这个支部，请重新选择".into(),
                    "There is no such branch; choose one".into(),
                ),
                None,
            ),
            (Code::FieldMissing, _) => {
                (said(format!("请填写“{l}”"), format!("Fill in “{l}”")), None)
            }
            (Code::FieldType, _) => {
                let want = self
                    .kind_field_type(field)
                    .map(|t| t.describe().get(lang).to_string());
                match want {
                    Some(w) => (
                        said(format!("“{l}”应为{w}"), format!("“{l}” must be {w}")),
                        None,
                    ),
                    None => (
                        said(
                            format!("“{l}”的写法不对"),
                            format!("“{l}” is not written right"),
                        ),
                        None,
                    ),
                }
            }
            (Code::FieldValue, _) => (
                said(
                    format!("“{l}”的值不在可选范围内"),
                    format!("“{l}” does not allow this value"),
                ),
                core_hint(),
            ),
            (Code::FieldDate, _) => (
                said(
                    format!("“{l}”不是有效的日期"),
                    format!("“{l}” is not a valid date"),
                ),
                Some(said(
                    "请选择 1921 至 2100 年之间的一天".into(),
                    "choose a day between 1921 and 2100".into(),
                )),
            ),
            (Code::MetricValue, _) => (
                said(
                    format!("“{l}”应为不小于 0 的数字"),
                    format!("“{l}” must be a number, 0 or more"),
                ),
                Some(said(
                    "只填数字，如 410；单位会自动显示".into(),
                    "numbers only, e.g. 410; the unit is shown for you".into(),
                )),
            ),
            (Code::MetricFraction, _) => (
                said(
                    format!("“{l}”应为不小于 0 的整数"),
                    format!("“{l}” must be a whole number, 0 or more"),
                ),
                Some(said(
                    "只填整数，如 35；不能有小数".into(),
                    "a whole number, e.g. 35, without a fraction".into(),
                )),
            ),
            (Code::TooManyTerms, _) => (
                said(format!("“{l}”写得太多了"), format!("“{l}” lists too many")),
                core_hint(),
            ),
            (Code::ListComma, _) => (
                said(
                    format!("“{l}”中的中文逗号“，”已被当作分隔"),
                    format!("a full-width comma in “{l}” was taken as a separator"),
                ),
                None,
            ),
            _ => (plain(d.message.get(lang), self), core_hint()),
        }
    }

    fn kind_field_type(&self, field: &str) -> Option<crate::config::FieldType> {
        let kind = self.config?.kinds.get(self.kind?)?;
        kind.field(field).map(|s| s.ty)
    }
}

/// A core message without backticks: a quoted field becomes its label.
fn plain(text: &str, words: &Words) -> String {
    let mut out = String::with_capacity(text.len());
    let mut parts = text.split('`');
    out.push_str(parts.next().unwrap_or(""));
    let mut quoted = true;
    for part in parts {
        if quoted {
            let name = words.label(part).unwrap_or_else(|| part.to_string());
            out.push('“');
            out.push_str(&name);
            out.push('”');
        } else {
            out.push_str(part);
        }
        quoted = !quoted;
    }
    out
}

/// A diagnostic for the form: at its field, or at its line of the body.
pub fn diagnostic(d: &Diagnostic, words: &Words, body_line: usize) -> Value {
    let in_body = d.field.is_none() && body_line > 0 && d.line >= body_line;
    let (message, hint) = words.say(d);
    json!({
        "severity": if d.is_error() { "error" } else { "warning" },
        "code": d.code.to_string(),
        "field": d.field,
        "line": d.line,
        "column": d.column,
        "body_line": in_body.then(|| d.line - body_line + 1),
        "message": message,
        "hint": hint,
    })
}

/// A new story that could not be placed (no branch, kind, title or date):
/// every problem of its form in one answer, rather than the first alone.
/// Any other refusal is returned as it was.
pub fn every_problem(dev: &dyn ServedSite, call: &Call, refusal: Answer) -> Answer {
    let Ok(req) = read_json(call.body) else {
        return refusal;
    };
    let given = req.get("path").and_then(Value::as_str).unwrap_or("");
    let (Some(site), true, 422) = (dev.site(), given.is_empty(), refusal.0) else {
        return refusal;
    };
    let str_of = |k: &str| req.get(k).and_then(Value::as_str).unwrap_or("").trim();
    let (branch, kind) = (str_of("branch"), str_of("kind"));
    let place = Path::new("content/branches/new.md");
    let mut found = Vec::new();
    if branch.is_empty() {
        found.push(problem(place, Code::FieldMissing, "branch"));
    } else if !site.branches.iter().any(|b| b.slug == branch) {
        found.push(problem(place, Code::FieldValue, "branch"));
    }
    let kind_index = site.config.kind_index(kind);
    if kind_index.is_none() {
        found.push(problem(place, Code::FieldMissing, "kind"));
    }
    let front = req.get("front").cloned().unwrap_or(Value::Null);
    let mapping = match crate::yaml::to_value(&front) {
        Ok(crate::yaml::Value::Mapping(m)) => m,
        _ => Default::default(),
    };
    let text = crate::front_matter::edit::compose(&mapping, "");
    if let Ok(doc) = crate::front_matter::parse_document(place, &text, true) {
        let mut diags = Vec::new();
        crate::schema::check_story(place, &doc.front, kind_index, &site.config, &mut diags);
        found.extend(diags.into_iter().filter(Diagnostic::is_error));
    }
    let mut seen = std::collections::HashSet::new();
    found.retain(|d| seen.insert(d.field.clone()));
    if found.is_empty() {
        return refusal;
    }
    let words = Words::new(dev, kind);
    let list: Vec<Value> = found.iter().map(|d| diagnostic(d, &words, 0)).collect();
    (422, json!({ "ok": false, "diagnostics": list }))
}

fn problem(place: &Path, code: Code, field: &str) -> Diagnostic {
    Diagnostic::error(code, place, Text::new(field, field)).field(field)
}

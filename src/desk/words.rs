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
use crate::text::text;

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
        let said = d.field.as_deref().and_then(|field| {
            unlabelled(d.code, field).or_else(|| self.labelled(d.code, field, &self.label(field)?))
        });
        match said {
            Some((message, hint)) => {
                let hint = match hint {
                    Hint::Own(h) => Some(h.get(lang).to_string()),
                    Hint::Core => core_hint(),
                    Hint::None => None,
                };
                (message.get(lang).to_string(), hint)
            }
            None => (plain(d.message.get(lang), self), core_hint()),
        }
    }

    /// A problem of the field labelled `l`, by its code.
    fn labelled(&self, code: Code, field: &str, l: &str) -> Option<(Text, Hint)> {
        let own = |zh: &str, en: &str| Hint::Own(Text::new(zh, en));
        Some(match (code, field) {
            (Code::FieldMissing | Code::KindUnknown, "branch") => {
                (Text::new("请选择支部", "Choose a branch"), Hint::None)
            }
            (Code::FieldMissing | Code::KindUnknown, "kind") => (
                Text::new("请选择稿件类型", "Choose the kind of story"),
                Hint::None,
            ),
            (Code::FieldValue, "branch") => (
                Text::new(
                    "没有这个支部，请重新选择",
                    "There is no such branch; choose one",
                ),
                Hint::None,
            ),
            (Code::FieldMissing, _) => (text!("请填写“{}”", "Fill in “{}”", l), Hint::None),
            (Code::FieldType, _) => match self.kind_field_type(field) {
                Some(ty) => {
                    let want = ty.describe();
                    (
                        Text::new(
                            format!("“{l}”应为{}", want.zh),
                            format!("“{l}” must be {}", want.en),
                        ),
                        Hint::None,
                    )
                }
                None => (
                    text!("“{}”的写法不对", "“{}” is not written right", l),
                    Hint::None,
                ),
            },
            (Code::FieldValue, _) => (
                text!(
                    "“{}”的值不在可选范围内",
                    "“{}” does not allow this value",
                    l
                ),
                Hint::Core,
            ),
            (Code::FieldDate, _) => (
                text!("“{}”不是有效的日期", "“{}” is not a valid date", l),
                own(
                    "请选择 1921 至 2100 年之间的一天",
                    "choose a day between 1921 and 2100",
                ),
            ),
            (Code::MetricValue, _) => (
                text!(
                    "“{}”应为不小于 0 的数字",
                    "“{}” must be a number, 0 or more",
                    l
                ),
                own(
                    "只填数字，如 410；单位会自动显示",
                    "numbers only, e.g. 410; the unit is shown for you",
                ),
            ),
            (Code::MetricFraction, _) => (
                text!(
                    "“{}”应为不小于 0 的整数",
                    "“{}” must be a whole number, 0 or more",
                    l
                ),
                own(
                    "只填整数，如 35；不能有小数",
                    "a whole number, e.g. 35, without a fraction",
                ),
            ),
            (Code::TooManyTerms, _) => (
                text!("“{}”写得太多了", "“{}” lists too many", l),
                Hint::Core,
            ),
            (Code::ListComma, _) => (
                text!(
                    "“{}”中的中文逗号“，”已被当作分隔",
                    "a full-width comma in “{}” was taken as a separator",
                    l
                ),
                Hint::None,
            ),
            _ => return None,
        })
    }

    fn kind_field_type(&self, field: &str) -> Option<crate::config::FieldType> {
        let kind = self.config?.kinds.get(self.kind?)?;
        kind.field(field).map(|s| s.ty)
    }
}

/// The hint the desk shows with its own message.
enum Hint {
    None,
    /// The core diagnostic's (allowed values, a limit), keys replaced by labels.
    Core,
    Own(Text),
}

/// A key the form has no box for, which has no label: named as written.
fn unlabelled(code: Code, field: &str) -> Option<(Text, Hint)> {
    let key = field.strip_prefix("metrics.").unwrap_or(field);
    match code {
        Code::MetricUnknown => Some((
            text!(
                "这篇稿件里有一项网站没有设置的数据“{}”",
                "this story reports a figure “{}” the site does not have",
                key
            ),
            Hint::Own(Text::new(
                "请改填到“数据”中已有的一项；要增加新的一项，请网站管理员在网站设置中添加",
                "enter it under one of the figures below; to add a new one, ask whoever runs the site",
            )),
        )),
        Code::FieldUnknown => Some((
            text!(
                "这篇稿件里有一项写作台不认识的内容“{}”，网站不会显示它",
                "this story has an item “{}” the desk does not know; the site does not show it",
                key
            ),
            Hint::None,
        )),
        _ => None,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_named_by_their_labels_and_backticks_go() {
        let config = crate::config::parse_config("").unwrap();
        let words = |lang| Words {
            lang,
            config: Some(&config),
            kind: config.kind_index("activities"),
        };
        let zh = words(Lang::ZhCn);
        assert_eq!(zh.label("type").as_deref(), Some("活动类型"));
        assert_eq!(
            zh.label("metrics.participants").as_deref(),
            Some("参与人数")
        );
        assert_eq!(zh.label("tags").as_deref(), Some("标签"));
        assert_eq!(zh.label("with[0]").as_deref(), Some("联合支部"));
        assert_eq!(words(Lang::En).label("type").as_deref(), Some("Type"));
        assert_eq!(
            plain("字段 `type` 与 `nothing` 不对", &zh),
            "字段 “活动类型” 与 “nothing” 不对"
        );
        let d = Diagnostic::error(Code::FieldMissing, "a.md", Text::new("x", "x")).field("type");
        assert_eq!(zh.say(&d).0, "请填写“活动类型”");
    }
}

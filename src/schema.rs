//! Validate stage: checks raw front matter against the common fields and the
//! kind's schema from configuration, and turns it into typed metadata
//! (RawFrontMatter → StoryMeta / BranchMeta / PageMeta). Every problem is
//! collected; unknown fields are warnings, the rest errors.

mod profile;
mod reader;

use crate::error::Code;
use std::path::Path;

use crate::yaml::Value;
use jiff::civil::Date;
use serde::Serialize;

use crate::config::{COMMON_FIELDS, Config, FieldSpec, FieldType, Kind};
use crate::error::{Diagnostic, Text};
use crate::front_matter::RawFrontMatter;
use crate::review::{REVIEW_FIELDS, Record, check_record};
use crate::text::text;
pub use profile::{BranchMeta, PageMeta, check_branch, check_page};
pub use reader::parse_date;
use reader::{Reader, scalar_string};

/// A validated value of a kind's field.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FieldValue {
    /// string, text, or an enumerated value (canonical spelling).
    Text(String),
    /// integer.
    Integer(i64),
    /// number.
    Number(f64),
    /// bool.
    Bool(bool),
    /// date, as `YYYY-MM-DD`.
    Date(String),
    /// list.
    List(Vec<String>),
}

/// Terms (tags …) one story may list per taxonomy: each has its own page,
/// and hundreds are a mistake (a pasted list), not a story.
pub const MAX_TERMS: usize = 50;

/// A story's validated front matter.
#[derive(Clone, Debug, PartialEq)]
pub struct StoryMeta {
    /// title
    pub title: String,
    /// date
    pub date: Date,
    /// updated
    pub updated: Option<Date>,
    /// Index of the kind in the configuration.
    pub kind: usize,
    /// slug (overrides the file name)
    pub slug: Option<String>,
    /// summary
    pub summary: Option<String>,
    /// tags and other taxonomies: (taxonomy index, terms)
    pub taxonomies: Vec<(usize, Vec<String>)>,
    /// cover, as written
    pub cover: Option<String>,
    /// with: branch slugs as written
    pub with: Vec<String>,
    /// metrics: (metric index, value)
    pub metrics: Vec<(usize, f64)>,
    /// draft
    pub draft: bool,
    /// author
    pub author: Option<String>,
    /// The kind's fields, in schema order.
    pub fields: Vec<(String, FieldValue)>,
    /// `reviewed` and `review_note` (empty unless site.yaml has `review:`).
    pub review: Record,
}

/// Validates a story's front matter. `folder_kind` is the kind its folder names, if any.
pub fn check_story(
    path: &Path,
    front: &RawFrontMatter,
    folder_kind: Option<usize>,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<StoryMeta> {
    let before = diagnostics.iter().filter(|d| d.is_error()).count();
    let mut r = Reader {
        path,
        front,
        diagnostics,
    };
    let kind = story_kind(&mut r, folder_kind, config);
    let title = r.string("title", true);
    let date = r.date("date", true);
    let updated = r.date("updated", false);
    let slug = r.string("slug", false);
    let summary = r.string("summary", false);
    let cover = r.string("cover", false);
    let author = r.string("author", false);
    let draft = r.bool("draft");
    let with = r.list("with");
    let taxonomies = config
        .taxonomies
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut terms = dedup(r.list(&t.name));
            if terms.len() > MAX_TERMS {
                r.error(
                    Code::TooManyTerms,
                    &t.name,
                    text!(
                        "“{}”写了 {} 个词，太多了",
                        "\"{}\" lists {} terms, too many",
                        t.name,
                        terms.len()
                    ),
                    Some(text!(
                        "每篇稿件最多 {} 个",
                        "at most {} per story",
                        MAX_TERMS
                    )),
                );
                terms.truncate(MAX_TERMS);
            }
            (i, terms)
        })
        .collect();
    let metrics = check_metrics(&mut r, config);
    let fields = kind
        .map(|k| check_kind_fields(&mut r, &config.kinds[k]))
        .unwrap_or_default();
    let review = config
        .review
        .as_ref()
        .map(|rv| check_record(path, front, rv, r.diagnostics))
        .unwrap_or_default();
    let allowed = allowed_fields(config, kind);
    r.warn_unknown(&|k| allowed.contains(&k), &allowed);
    if diagnostics.iter().filter(|d| d.is_error()).count() > before {
        return None;
    }
    Some(StoryMeta {
        title: title?,
        date: date?,
        updated,
        kind: kind?,
        slug,
        summary,
        taxonomies,
        cover,
        with,
        metrics,
        draft,
        author,
        fields,
        review,
    })
}

/// The kind from the `kind` field, else from the folder; an error when neither names one.
fn story_kind(r: &mut Reader, folder_kind: Option<usize>, config: &Config) -> Option<usize> {
    let names = config
        .kinds
        .iter()
        .map(|k| k.key.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let Some(k) = r.string("kind", false) else {
        if folder_kind.is_none() {
            r.error(
                Code::KindUnknown,
                "kind",
                Text::new(
                    "无法确定稿件类型：文件不在类型文件夹中，也没有写 kind 字段",
                    "cannot tell the story's kind: it is not in a kind folder and has no `kind` field",
                ),
                Some(Text::new(
                    format!("放入类型文件夹（{names}）或写 kind 字段"),
                    format!("put it in a kind folder ({names}) or set `kind`"),
                )),
            );
        }
        return folder_kind;
    };
    let found = config.kind_index(&k);
    if found.is_none() {
        r.error(
            Code::KindUnknown,
            "kind",
            text!("未知的类型“{}”", "unknown kind \"{}\"", k),
            Some(Text::new(
                format!("可用类型：{names}"),
                format!("configured kinds: {names}"),
            )),
        );
    }
    found
}

/// Every field a story of `kind` may set: the common ones, the kind's and the taxonomies.
fn allowed_fields(config: &Config, kind: Option<usize>) -> Vec<&str> {
    let own = kind
        .into_iter()
        .flat_map(|k| config.kinds[k].fields.iter().map(|(f, _)| f.as_str()));
    let tax = config.taxonomies.iter().map(|t| t.name.as_str());
    let review = REVIEW_FIELDS.iter().filter(|_| config.review.is_some());
    COMMON_FIELDS
        .iter()
        .copied()
        .chain(own)
        .chain(tax)
        .chain(review.copied())
        .collect()
}

fn dedup(mut terms: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    terms.retain(|t| seen.insert(t.clone()));
    terms
}

fn check_metrics(r: &mut Reader, config: &Config) -> Vec<(usize, f64)> {
    let Some(value) = r.value("metrics").cloned() else {
        return Vec::new();
    };
    let Value::Mapping(map) = value else {
        r.error(
            Code::MetricValue,
            "metrics",
            Text::new(
                "metrics 应为“指标: 数字”的映射",
                "metrics must be a mapping of metric: number",
            ),
            None,
        );
        return Vec::new();
    };
    let names = config
        .metrics
        .iter()
        .map(|m| format!("{}（{}）", m.key, m.label))
        .collect::<Vec<_>>()
        .join("、");
    let names_en = config
        .metrics
        .iter()
        .map(|m| m.key.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let mut out = Vec::new();
    for (k, v) in &map {
        let key = scalar_string(k).unwrap_or_default();
        let field = format!("metrics.{key}");
        let Some(index) = config.metric_index(&key) else {
            r.error(
                Code::MetricUnknown,
                &field,
                text!("未配置的指标“{}”", "metric \"{}\" is not configured", key),
                Some(Text::new(
                    format!("已配置的指标：{names}（可在 site.yaml 的 metrics 中添加）"),
                    format!(
                        "configured metrics: {names_en} (add more under `metrics` in site.yaml)"
                    ),
                )),
            );
            continue;
        };
        // `participants:` left empty (as `new` writes it) reports nothing.
        if v.is_null() {
            continue;
        }
        let metric = &config.metrics[index];
        match v.as_f64() {
            Some(n) if metric.integer && n >= 0.0 && n.is_finite() && n.fract() != 0.0 => {
                r.error(
                    Code::MetricFraction,
                    &field,
                    fraction_message(metric, v),
                    Some(whole_hint(metric)),
                );
            }
            Some(n) if n >= 0.0 && n.is_finite() => out.push((index, n)),
            _ => r.error(
                Code::MetricValue,
                &field,
                text!(
                    "指标“{}”（{}）应为不小于 0 的数字",
                    "metric \"{}\" ({}) must be a number, 0 or more",
                    metric.label,
                    key
                ),
                Some(Text::new(
                    "只写数字，如 410；单位（人、人次、小时）会自动显示",
                    "write the number alone, e.g. 410; the unit is shown automatically",
                )),
            ),
        }
    }
    out.sort_by_key(|(i, _)| *i);
    out
}

/// "“参与人数”（participants）应为整数": the metric by its label, the value as written.
fn fraction_message(metric: &crate::config::Metric, value: &Value) -> Text {
    let written = scalar_string(value).unwrap_or_default();
    let en = metric.label_en.as_deref().unwrap_or(&metric.label);
    Text::new(
        format!(
            "指标“{}”（{}）应为不小于 0 的整数，这里写了 {written}",
            metric.label, metric.key
        ),
        format!(
            "metric \"{en}\" ({}) must be a whole number, 0 or more, not {written}",
            metric.key
        ),
    )
}

/// What a whole-number metric allows.
fn whole_hint(metric: &crate::config::Metric) -> Text {
    Text::new(
        format!(
            "site.yaml 规定“{}”只能是整数（integer: true），如 35；不要写小数",
            metric.label
        ),
        format!(
            "site.yaml declares \"{}\" whole (integer: true): write e.g. 35, without a fraction",
            metric.label_en.as_deref().unwrap_or(&metric.label)
        ),
    )
}

fn check_kind_fields(r: &mut Reader, kind: &Kind) -> Vec<(String, FieldValue)> {
    let mut out = Vec::new();
    for (key, spec) in &kind.fields {
        let value = r.value(key).cloned();
        let Some(value) = value else {
            if spec.required {
                r.missing(key, allowed_hint(spec));
            }
            continue;
        };
        if let Some(v) = check_field_value(r, key, spec, &value) {
            out.push((key.clone(), v));
        }
    }
    out
}

fn allowed_hint(spec: &FieldSpec) -> Option<Text> {
    if spec.values.is_empty() {
        return Some(Text::new(
            format!("应为{}", spec.ty.describe().zh),
            format!("must be {}", spec.ty.describe().en),
        ));
    }
    let mut zh = format!("允许的值：{}", spec.values.join("、"));
    let mut en = format!("allowed values: {}", spec.values.join(", "));
    if !spec.aliases.is_empty() {
        let aliases: Vec<&str> = spec.aliases.keys().map(String::as_str).collect();
        zh.push_str(&format!("（也可写 {}）", aliases.join("、")));
        en.push_str(&format!(" (or {})", aliases.join(", ")));
    }
    Some(Text::new(zh, en))
}

/// "Did you mean 省级?" for 省级荣誉 or 省部级, with the allowed values.
fn suggest(written: &str, spec: &FieldSpec) -> Option<Text> {
    let values: Vec<&str> = spec.values.iter().map(String::as_str).collect();
    let near = values
        .iter()
        .copied()
        .find(|v| written.contains(v))
        .or_else(|| reader::closest(written, &values, 1))?;
    let allowed = allowed_hint(spec)?;
    Some(Text::new(
        format!("是否想写“{near}”？{}", allowed.zh),
        format!("did you mean \"{near}\"? {}", allowed.en),
    ))
}

fn check_field_value(
    r: &mut Reader,
    key: &str,
    spec: &FieldSpec,
    value: &Value,
) -> Option<FieldValue> {
    let v = match spec.ty {
        FieldType::String | FieldType::Text => scalar_string(value).map(FieldValue::Text),
        FieldType::Integer => value.as_i64().map(FieldValue::Integer),
        FieldType::Number => value.as_f64().map(FieldValue::Number),
        FieldType::Bool => value.as_bool().map(FieldValue::Bool),
        FieldType::Date => {
            let s = scalar_string(value)?;
            return match parse_date(&s) {
                Some(d) => Some(FieldValue::Date(d.to_string())),
                None => {
                    r.error(
                        Code::FieldDate,
                        key,
                        text!("日期“{}”无效或不存在", "\"{}\" is not a valid date", s),
                        None,
                    );
                    None
                }
            };
        }
        FieldType::List => Some(FieldValue::List(r.list(key))),
    };
    let Some(v) = v else {
        r.wrong_type(key, spec.ty, value);
        return None;
    };
    if spec.values.is_empty() {
        return Some(v);
    }
    let check = |s: &str| -> Option<String> {
        let s = s.trim();
        if spec.values.iter().any(|x| x == s) {
            return Some(s.to_string());
        }
        spec.aliases
            .iter()
            .find(|(a, _)| a.eq_ignore_ascii_case(s))
            .map(|(_, v)| v.clone())
    };
    let mut check_or_report = |s: String| {
        let found = check(&s);
        if found.is_none() {
            r.error(
                Code::FieldValue,
                key,
                text!(
                    "字段 `{0}` 的值“{1}”不在允许范围内",
                    "value \"{1}\" is not allowed for `{0}`",
                    key,
                    s
                ),
                suggest(&s, spec).or_else(|| allowed_hint(spec)),
            );
        }
        found
    };
    match v {
        FieldValue::Text(s) => check_or_report(s).map(FieldValue::Text),
        FieldValue::List(items) => Some(FieldValue::List(
            items.into_iter().filter_map(&mut check_or_report).collect(),
        )),
        other => Some(other),
    }
}

/// The text of a field value for display.
pub fn field_text(v: &FieldValue) -> String {
    match v {
        FieldValue::Text(s) | FieldValue::Date(s) => s.clone(),
        FieldValue::Integer(n) => n.to_string(),
        FieldValue::Number(n) => crate::format::Num(*n).to_string(),
        FieldValue::Bool(b) => b.to_string(),
        FieldValue::List(items) => items.join("、"),
    }
}

#[cfg(test)]
mod tests;

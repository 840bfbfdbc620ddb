//! A front-matter field by the name the writer knows it by: its label from
//! site.yaml (a kind's field, a metric, the tags taxonomy) or the form's
//! own word for the fixed fields, so a merge or a conflict never speaks keys.

use crate::config::Config;
use crate::error::{Lang, Text};

/// The label of `field` (`location`, `metrics.participants`, `body`,
/// `body.0`) of a story of `kind`; the key itself when nothing names it.
pub fn label(config: Option<&Config>, kind: &str, field: &str, lang: Lang) -> String {
    let pick = |zh: &str, en: &Option<String>| match lang {
        Lang::ZhCn => zh.to_string(),
        Lang::En => en.clone().unwrap_or_else(|| zh.to_string()),
    };
    let fixed = |zh: &str, en: &str| Text::new(zh, en).get(lang).to_string();
    if let Some(key) = field.strip_prefix("metrics.") {
        let metric = config.and_then(|c| c.metrics.iter().find(|m| m.key == key));
        return metric.map_or_else(|| key.to_string(), |m| pick(&m.label, &m.label_en));
    }
    if field == "body" || field.starts_with("body.") {
        return fixed("正文", "Body");
    }
    let spec = config
        .and_then(|c| c.kinds.iter().find(|k| k.key == kind))
        .and_then(|k| k.field(field));
    if let Some(zh) = spec.and_then(|s| s.label.as_deref()) {
        return pick(zh, &spec.and_then(|s| s.label_en.clone()));
    }
    let taxonomy = config.and_then(|c| c.taxonomies.iter().find(|t| t.name == field));
    if let Some(t) = taxonomy {
        return pick(&t.label, &t.label_en);
    }
    match field {
        "title" => fixed("标题", "Title"),
        "date" => fixed("日期", "Date"),
        "kind" => fixed("稿件类型", "Kind"),
        "tags" => fixed("标签", "Tags"),
        "with" => fixed("联合支部", "Joint branches"),
        "summary" => fixed("摘要", "Summary"),
        "cover" => fixed("封面照片", "Cover photo"),
        "draft" => fixed("草稿（不发布）", "Draft (not published)"),
        "metrics" => fixed("数据", "Figures"),
        other => other.to_string(),
    }
}

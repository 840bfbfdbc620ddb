//! The text of a new story: front matter with every field of its kind, read
//! off the configured schema, each under a comment saying what it takes, and
//! placeholder values that pass validation.

use jiff::civil::Date;

use crate::config::{Config, FieldSpec, FieldType, Kind};
use crate::error::Lang;

/// What a new story is about.
pub struct StorySeed<'a> {
    /// Its kind.
    pub kind: &'a Kind,
    /// Its title, as the writer typed it.
    pub title: &'a str,
    /// Its date.
    pub date: Date,
}

/// Writes a comment line, then `key: value` (or `key:` when value is empty).
fn field(out: &mut String, comment: &str, key: &str, value: &str) {
    out.push_str(&format!("# {comment}\n"));
    if value.is_empty() {
        out.push_str(&format!("{key}:\n"));
    } else {
        out.push_str(&format!("{key}: {value}\n"));
    }
}

/// The full text of a new story of `seed.kind`, in the portal's language.
pub fn story_text(config: &Config, seed: &StorySeed) -> String {
    let zh = config.language == Lang::ZhCn;
    let t = |zh_text: &str, en_text: &str| if zh { zh_text } else { en_text }.to_string();
    let mut out = String::from("---\n");
    field(
        &mut out,
        &t("标题（必填）", "Title (required)"),
        "title",
        &yaml_scalar(seed.title),
    );
    field(
        &mut out,
        &t(
            "日期（必填），写作 2024-03-26",
            "Date (required), written 2024-03-26",
        ),
        "date",
        &seed.date.to_string(),
    );
    // The kind's own fields, required ones first, in schema order.
    let (required, optional): (Vec<_>, Vec<_>) =
        seed.kind.fields.iter().partition(|(_, s)| s.required);
    for (key, spec) in required.into_iter().chain(optional) {
        let value = if spec.required {
            placeholder(spec, label(key, spec, zh), seed.date, zh)
        } else {
            String::new()
        };
        field(&mut out, &field_comment(key, spec, zh), key, &value);
    }
    common_fields(&mut out, config, zh);
    out.push_str("---\n");
    out.push_str(&t(
        "在这里写正文：时间、地点、谁参加、做了什么、效果如何。照片放进本文件所在的文件夹。写好后请删去这句提示。\n",
        "Write the story here: when, where, who took part, what was done and what came of it. Put photos in this file's folder. Delete this line once you have written it.\n",
    ));
    out
}

/// summary, taxonomies, cover, with, metrics, author, draft.
fn common_fields(out: &mut String, config: &Config, zh: bool) {
    let t = |zh_text: &str, en_text: &str| if zh { zh_text } else { en_text }.to_string();
    field(
        out,
        &t(
            "摘要（选填）：一两句话；不写则取正文第一段",
            "Summary (optional): a sentence or two; otherwise the first paragraph",
        ),
        "summary",
        "",
    );
    for tax in &config.taxonomies {
        let name = if zh {
            tax.label.as_str()
        } else {
            tax.label_en.as_deref().unwrap_or(&tax.name)
        };
        let comment = if zh {
            format!("{name}（选填）：列表，如 [义诊, 乡村振兴]")
        } else {
            format!("{name} (optional): a list, e.g. [free clinic, rural health]")
        };
        field(out, &comment, &tax.name, "[]");
    }
    field(
        out,
        &t(
            "封面图（选填）：把照片放进本文件夹，写文件名，如 cover.jpg",
            "Cover image (optional): put the photo in this folder and write its file name, e.g. cover.jpg",
        ),
        "cover",
        "",
    );
    field(
        out,
        &t(
            "一起开展的其他支部（选填）：写支部文件夹名，如 [emergency]",
            "Other branches that took part (optional): their folder names, e.g. [emergency]",
        ),
        "with",
        "[]",
    );
    out.push_str(&t(
        "# 数据（选填）：只写数字，单位会自动显示；不适用的留空\nmetrics:\n",
        "# Figures (optional): numbers only, the unit is shown automatically; leave empty what does not apply\nmetrics:\n",
    ));
    let width = config
        .metrics
        .iter()
        .map(|m| m.key.len())
        .max()
        .unwrap_or(0);
    for m in &config.metrics {
        let (label, unit) = if zh {
            (m.label.as_str(), m.unit.as_str())
        } else {
            (
                m.label_en.as_deref().unwrap_or(&m.label),
                m.unit_en.as_deref().unwrap_or(&m.unit),
            )
        };
        let unit = match (unit.is_empty(), zh) {
            (true, _) => String::new(),
            (false, true) => format!("（{unit}）"),
            (false, false) => format!(" ({unit})"),
        };
        let pad = " ".repeat(width - m.key.len());
        out.push_str(&format!("  {}:{pad} # {label}{unit}\n", m.key));
    }
    field(out, &t("作者（选填）", "Author (optional)"), "author", "");
    field(
        out,
        &t(
            "草稿：改为 true 则不发布、不计入统计（预览时仍可见）",
            "Draft: true keeps it unpublished and out of the figures (still shown while previewing)",
        ),
        "draft",
        "false",
    );
}

fn label<'a>(key: &'a str, spec: &'a FieldSpec, zh: bool) -> &'a str {
    let zh_label = spec.label.as_deref();
    let en_label = spec.label_en.as_deref();
    match zh {
        true => zh_label.or(en_label),
        false => en_label.or(zh_label),
    }
    .unwrap_or(key)
}

/// `活动类型（必填）：可选 主题党日、三会一课…` or `地点（选填）：一行文字`.
fn field_comment(key: &str, spec: &FieldSpec, zh: bool) -> String {
    let name = label(key, spec, zh);
    let mut s = match (zh, spec.required) {
        (true, true) => format!("{name}（必填）："),
        (true, false) => format!("{name}（选填）："),
        (false, true) => format!("{name} (required): "),
        (false, false) => format!("{name} (optional): "),
    };
    let lang = if zh { Lang::ZhCn } else { Lang::En };
    match (spec.values.is_empty(), zh) {
        (true, _) => s.push_str(spec.ty.describe().get(lang)),
        (false, true) => s.push_str(&format!("可选 {}", spec.values.join("、"))),
        (false, false) => s.push_str(&format!("one of {}", spec.values.join(", "))),
    }
    if spec.ty == FieldType::List && !spec.values.is_empty() {
        s.push_str(if zh {
            "（可写多个）"
        } else {
            " (several allowed)"
        });
    }
    if let Some(help) = &spec.help {
        s.push_str(if zh { "。" } else { ". " });
        s.push_str(help);
    }
    s
}

/// A value a required field can hold until the writer replaces it.
fn placeholder(spec: &FieldSpec, label: &str, today: Date, zh: bool) -> String {
    if let Some(first) = spec.values.first() {
        let v = yaml_scalar(first);
        return if spec.ty == FieldType::List {
            format!("[{v}]")
        } else {
            v
        };
    }
    match spec.ty {
        FieldType::String | FieldType::Text => yaml_scalar(&if zh {
            format!("（请填写{label}）")
        } else {
            format!("(fill in {label})")
        }),
        FieldType::Integer | FieldType::Number => "0".into(),
        FieldType::Bool => "false".into(),
        FieldType::Date => today.to_string(),
        FieldType::List => "[]".into(),
    }
}

pub use crate::front_matter::edit::yaml_scalar;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_yaml_would_misread() {
        assert_eq!(yaml_scalar("主题党日活动"), "主题党日活动");
        assert_eq!(yaml_scalar("义诊：走进石桥镇"), "义诊：走进石桥镇");
        assert_eq!(yaml_scalar("2024 年度总结"), "\"2024 年度总结\"");
        assert_eq!(yaml_scalar("a: b"), "\"a: b\"");
        assert_eq!(yaml_scalar("[急救]"), "\"[急救]\"");
        assert_eq!(yaml_scalar("true"), "\"true\"");
    }
}

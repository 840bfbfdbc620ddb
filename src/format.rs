//! Formatting that several stages share (render, search, charts, shortcodes,
//! serve's overlay): dates in both languages, labels, term slugs, field
//! values as text, and HTML escaping. It depends on nothing above the model.

use jiff::civil::Date;

use crate::error::Lang;
use crate::schema::FieldValue;
use crate::stats::Num;

/// A date as readers expect it: 2024年3月26日, or March 26, 2024.
pub fn format_date(date: Date, lang: Lang) -> String {
    match lang {
        Lang::ZhCn => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
        Lang::En => {
            const MONTHS: [&str; 12] = [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ];
            format!(
                "{} {}, {}",
                MONTHS[(date.month() - 1) as usize],
                date.day(),
                date.year()
            )
        }
    }
}

/// A display label in the site's language.
pub fn label<'a>(zh: &'a str, en: Option<&'a str>, lang: Lang) -> &'a str {
    match (lang, en) {
        (Lang::En, Some(en)) => en,
        _ => zh,
    }
}

/// A term's slug: pinyin for Chinese, never empty.
pub fn term_slug(term: &str) -> String {
    match slug::slugify(term) {
        s if s.is_empty() => "term".to_string(),
        s => s,
    }
}

/// The text of a field value for display.
pub fn field_text(v: &FieldValue) -> String {
    match v {
        FieldValue::Text(s) | FieldValue::Date(s) => s.clone(),
        FieldValue::Integer(n) => n.to_string(),
        FieldValue::Number(n) => Num(*n).to_string(),
        FieldValue::Bool(b) => b.to_string(),
        FieldValue::List(items) => items.join("、"),
    }
}

/// Escapes text for HTML: `& < > " '`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_into(s, &mut out);
    out
}

/// Appends `s`, escaped for HTML, to `out`: the runs between special
/// characters are copied whole (they are ASCII, so a byte scan is exact).
pub fn escape_into(s: &str, out: &mut String) {
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&s[from..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters_and_keeps_the_rest() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("党日 & 义诊"), "党日 &amp; 义诊");
        assert_eq!(escape(""), "");
        assert_eq!(escape("无需转义"), "无需转义");
    }

    #[test]
    fn formats_dates_the_chinese_way() {
        let d: Date = "2024-03-26".parse().unwrap();
        assert_eq!(format_date(d, Lang::ZhCn), "2024年3月26日");
        assert_eq!(format_date(d, Lang::En), "March 26, 2024");
    }

    #[test]
    fn tag_slugs_are_pinyin() {
        assert_eq!(term_slug("义诊"), "yi-zhen");
        assert_eq!(term_slug("IVUS"), "ivus");
        assert_eq!(term_slug("！"), "term");
    }
}

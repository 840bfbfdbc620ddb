//! Formatting that several stages share (render, search, charts, shortcodes,
//! serve's overlay): dates in both languages, labels, term slugs and
//! numbers as readers see them. A leaf helper: it imports nothing from the crate.

use jiff::civil::Date;

use serde::{Serialize, Serializer};

use crate::text::Lang;

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

/// A count or sum that prints as an integer when it is whole.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct Num(pub f64);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let n = self.rounded();
        if n.fract() == 0.0 && n.abs() < 9.0e15 {
            s.serialize_i64(n as i64)
        } else {
            s.serialize_f64(n)
        }
    }
}

impl Num {
    /// Rounded to two decimals, so that sums like 0.1 + 0.2 print as 0.3 everywhere.
    fn rounded(self) -> f64 {
        (self.0 * 100.0).round() / 100.0
    }
}

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.rounded();
        if n.fract() == 0.0 {
            write!(f, "{}", n as i64)
        } else {
            write!(f, "{n}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

//! The words of every message: [`Lang`], a bilingual [`Text`] and the
//! [`text!`] macro that builds one. The ground floor of the crate: it
//! imports nothing from it, and every stage speaks through it.

/// The language of messages and of the generated site.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    /// Simplified Chinese, the default.
    #[default]
    ZhCn,
    /// English.
    En,
}

impl Lang {
    /// Parses `zh-CN`, `zh`, `en`, `en-US` … (case-insensitive).
    pub fn parse(s: &str) -> Option<Lang> {
        let lower = s.trim().to_ascii_lowercase();
        if lower == "zh" || lower.starts_with("zh-") || lower.starts_with("zh_") {
            Some(Lang::ZhCn)
        } else if lower == "en" || lower.starts_with("en-") || lower.starts_with("en_") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The BCP 47 tag used in `<html lang>` and feeds.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }
}

/// A message in both languages; the printer picks one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    /// Simplified Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Text {
    /// A message given in both languages.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The message in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// Builds a [`Text`] from two format strings sharing the same arguments.
macro_rules! text {
    ($zh:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        $crate::text::Text::new(format!($zh $(, $arg)*), format!($en $(, $arg)*))
    };
}

pub(crate) use text;

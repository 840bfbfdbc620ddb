//! Stable codes of diagnostics (`BP` and four digits). A code names a kind
//! of problem, never one message: tools and editors filter on it, the README
//! lists every one with an example, and a code once given keeps its meaning.
//! The hundreds group them: 01 site.yaml, 02 files and front matter,
//! 03 fields, 04 links, photos and videos, 05 the theme, 06 commands and
//! writing, 07 personal data, 08 typography, 09 writers' checks.

use crate::text::Text;

macro_rules! codes {
    ($($name:ident = $number:literal, $zh:literal, $en:literal;)*) => {
        /// The kind of a diagnostic.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(
                #[doc = $en]
                $name,
            )*
        }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$name),*];

            /// The number after `BP`.
            pub fn number(self) -> u16 {
                match self {
                    $(Code::$name => $number,)*
                }
            }

            /// What the code is about, in a few words.
            pub fn title(self) -> Text {
                match self {
                    $(Code::$name => Text::new($zh, $en),)*
                }
            }
        }
    };
}

codes! {
    ConfigUnreadable = 101, "site.yaml 无法读取或不是有效的 YAML", "site.yaml cannot be read or is not valid YAML";
    ConfigLanguage = 102, "不支持的语言", "unsupported language";
    ConfigValue = 103, "site.yaml 中的设置不可用", "a setting in site.yaml is not allowed";
    ConfigUnknownKey = 104, "site.yaml 中的未知设置", "an unknown setting in site.yaml";
    BuildDate = 105, "找不到更新日期", "no date for build_date";
    ContentMissing = 201, "找不到 content 文件夹", "no content folder";
    FileUnreadable = 202, "文件无法读取或不是 UTF-8", "a file cannot be read or is not UTF-8";
    SymlinkOutside = 203, "符号链接指向 content 之外", "a symbolic link points outside content/";
    FrontMatter = 204, "front matter 缺失、未结束、不是有效的 YAML 或不是映射", "front matter missing, unclosed, not valid YAML or not a mapping";
    NotAStory = 205, "文件不在稿件、支部或页面的位置", "a file where no story, branch or page goes";
    BranchFolder = 206, "支部文件夹名不可用或缺少 _branch.md", "a branch folder with an unusable name or no _branch.md";
    AddressTaken = 207, "两个文件发布到同一网址", "two files published at one address";
    WindowsName = 208, "网址中有 Windows 保留的名字", "an address with a name Windows reserves";
    FieldMissing = 301, "缺少必填字段", "a required field is missing";
    FieldType = 302, "字段的值类型不对", "a field has the wrong type of value";
    FieldValue = 303, "字段的值不在允许范围内", "a field's value is not allowed";
    FieldDate = 304, "日期无效", "a date is not valid";
    FieldUnknown = 305, "未知字段", "an unknown field";
    ListComma = 306, "列表中用了中文逗号", "a list split at Chinese commas";
    KindUnknown = 307, "稿件类型未知", "an unknown kind of story";
    MetricUnknown = 308, "指标未配置", "a metric that is not configured";
    MetricValue = 309, "指标的值不是非负数字", "a metric that is not a number, 0 or more";
    TooManyTerms = 310, "标签等写得太多", "too many tags or terms";
    BranchRelation = 311, "上级支部或联合支部不对", "a parent or joint branch that does not work";
    BranchProfile = 312, "支部简介字段不对", "a branch profile field that does not work";
    AssetOutside = 401, "路径指向 content 之外", "a path points outside content/";
    AssetMissing = 402, "图片或文件不存在", "a photo or file does not exist";
    LinkBroken = 403, "站内链接指向不存在的页面", "a link to a page that does not exist";
    Shortcode = 404, "短代码写得不对", "a shortcode that does not work";
    PhotoFormat = 405, "照片格式无法安全处理", "a photo format that cannot be processed safely";
    PhotoBroken = 406, "照片无法读取、太大或已损坏", "a photo cannot be read, is too large or is damaged";
    Video = 407, "视频无法发布", "a video cannot be published";
    ImageCache = 408, "图片缓存无法写入", "the image cache cannot be written";
    ThemeMissing = 501, "主题、模板或主题的文件无法读取", "a theme, template or theme file cannot be read";
    Template = 502, "模板错误", "a template error";
    NotEmpty = 601, "目标已存在，没有覆盖", "the target exists and was not overwritten";
    NewInvalid = 602, "新建时给的名称、类型或标题不可用", "a name, kind or title for `new` that does not work";
    WriteFailed = 603, "无法写入", "cannot write";
    Internal = 604, "内部错误", "an internal error";
    PreviewBlocked = 605, "网站有错误，无法预览", "the site has errors and cannot be previewed";
    ResidentId = 701, "身份证号", "a resident ID number";
    Mobile = 702, "手机号", "a mobile number";
    RecordNumber = 703, "住院号、病案号、门诊号或床号", "a hospital record, outpatient or bed number";
    PatientName = 704, "患者的全名", "a patient named in full";
    Typography = 801, "中文排版", "Chinese typography";
    PhotoAlt = 901, "照片没有替代文字", "a photo without alt text";
    TitleLong = 902, "标题太长", "a title that is too long";
    SummaryLong = 903, "摘要太长", "a summary that is too long";
    Duplicate = 904, "重复的稿件", "a duplicate story";
    InsecureLink = 905, "http:// 链接", "a link to an http:// page";
}

impl Code {
    /// `BP0101`.
    pub fn as_str(self) -> String {
        format!("BP{:04}", self.number())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BP{:04}", self.number())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_in_order() {
        let numbers: Vec<u16> = Code::ALL.iter().map(|c| c.number()).collect();
        let mut sorted = numbers.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(numbers, sorted);
        assert_eq!(Code::Mobile.to_string(), "BP0702");
    }
}

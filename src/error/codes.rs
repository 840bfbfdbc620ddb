//! Stable codes of diagnostics (`BP` and four digits). A code names a kind
//! of problem, never one message: tools and editors filter on it, docs/codes.md
//! lists every one with an example, and a code once given keeps its meaning.
//! The hundreds group them: 01 site.yaml, 02 files and front matter,
//! 03 fields, 04 links, photos and videos, 05 the theme, 06 commands and
//! writing, 07 personal data, 08 typography, 09 writers' checks, 10 review,
//! 11 channels (the WeChat official account).

use crate::text::Text;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Fails the run.
    Error,
    /// Reported; fails the run only with `--strict`.
    Warning,
}

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
    ConfigFiling = 106, "备案号的格式不对", "a filing number of the wrong form";
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
    MetricFraction = 313, "整数指标写了小数", "a fraction in a whole-number metric";
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
    ReportRefused = 606, "无法生成年度报告", "a yearly report that cannot be made";
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
    ReviewField = 1001, "审核记录写得不对", "a review record that does not work";
    ReviewOrder = 1002, "审核环节顺序不对", "review stages out of order";
    ReviewChanged = 1003, "稿件在审核通过后又被修改", "a story changed after it was approved";
    ReviewRefused = 1004, "无法记录审核", "a review that cannot be recorded";
    WechatRefused = 1101, "不能生成公众号版本", "a story that cannot go to the official account";
    WechatDropped = 1102, "公众号编辑器不能显示的内容", "something the official account's editor cannot show";
    WechatStyle = 1103, "wechat.css 中公众号编辑器会丢弃的样式", "a wechat.css rule the official account's editor drops";
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

/// What docs/codes.md says of each code; a test of the integration suite
/// renders its table from this and fails when the file is stale.
impl Code {
    /// Whether the code is an error or a warning (before `--strict`).
    pub fn severity(self) -> Severity {
        self.reference().0
    }

    /// What the code is about, in English Markdown, for the table of codes.
    pub fn description(self) -> &'static str {
        self.reference().1
    }

    /// A message the code is given with, as branchpress prints it.
    pub fn example(self) -> &'static str {
        self.reference().2
    }

    /// Severity, description and example; a new code must add its row here.
    // One arm per code: a table, long because there are fifty codes, not
    // because it does much; the match keeps it exhaustive.
    fn reference(self) -> (Severity, &'static str, &'static str) {
        match self {
            Code::ConfigUnreadable => (
                Severity::Error,
                "site.yaml cannot be read or is not valid YAML",
                "YAML 格式错误：此处不能出现“: ”",
            ),
            Code::ConfigLanguage => (
                Severity::Error,
                "unsupported `language`",
                "不支持的语言“fr”",
            ),
            Code::ConfigValue => (
                Severity::Error,
                "a setting in site.yaml is not allowed",
                "设置有误：paginate：应为整数，写的却是文字“很多”",
            ),
            Code::ConfigUnknownKey => (
                Severity::Error,
                "an unknown setting in site.yaml",
                "设置有误：未知的字段 `titel`（可用的字段：title、description、…）",
            ),
            Code::BuildDate => (
                Severity::Warning,
                "`build_date` but no date (no git, no `SOURCE_DATE_EPOCH`)",
                "build_date: 找不到更新日期，页面不显示它",
            ),
            Code::ConfigFiling => (
                Severity::Error,
                "a `filing` number in site.yaml (ICP, public-security, the 事业单位 label's id) is not of its form",
                "ICP 备案号“陕ICP2024000123”的格式不对",
            ),
            Code::ContentMissing => (
                Severity::Error,
                "no content folder",
                "找不到 content 文件夹",
            ),
            Code::FileUnreadable => (
                Severity::Error,
                "a file cannot be read or is not UTF-8",
                "文件不是 UTF-8 编码",
            ),
            Code::SymlinkOutside => (
                Severity::Error,
                "a symbolic link points outside content/",
                "符号链接指向 content 文件夹之外（或无法解析）",
            ),
            Code::FrontMatter => (
                Severity::Error,
                "front matter missing, unclosed, not valid YAML or not a mapping",
                "front matter 没有结束：缺少第二个 --- 行",
            ),
            Code::NotAStory => (
                Severity::Error,
                "a file where no story, branch or page goes",
                "branches 文件夹下只能放支部文件夹，不能直接放 Markdown 文件",
            ),
            Code::BranchFolder => (
                Severity::Error,
                "a branch folder with an unusable name or no `_branch.md`",
                "支部文件夹“orphan”缺少 _branch.md",
            ),
            Code::AddressTaken => (
                Severity::Error,
                "two files published at one address",
                "输出路径 /branches/other/honors/award/ 与 content/…/2024-06-01-award.md 重复",
            ),
            Code::WindowsName => (
                Severity::Warning,
                "an address with a name Windows reserves (`con`, `nul`, `com1` …)",
                "网址 /branches/general/activities/con/ 中的“con”是 Windows 保留的名字：…",
            ),
            Code::FieldMissing => (
                Severity::Error,
                "a required field is missing",
                "缺少必填字段 `level`",
            ),
            Code::FieldType => (
                Severity::Error,
                "a field has the wrong type of value",
                "字段 `cases` 应为整数，实际是文字“很多”",
            ),
            Code::FieldValue => (
                Severity::Error,
                "a field's value is not allowed",
                "字段 `level` 的值“国家”不在允许范围内",
            ),
            Code::FieldDate => (
                Severity::Error,
                "a date is not valid",
                "日期“2024-02-30”无效或不存在",
            ),
            Code::FieldUnknown => (
                Severity::Warning,
                "an unknown field (ignored)",
                "未知字段 `awardedby`，已忽略",
            ),
            Code::ListComma => (
                Severity::Warning,
                "a list split at Chinese commas",
                "列表中用了中文逗号“，”，已按它拆分；请改用英文逗号，如 [义诊, 健康宣教]",
            ),
            Code::KindUnknown => (
                Severity::Error,
                "an unknown kind of story",
                "未知的类型“awards”",
            ),
            Code::MetricUnknown => (
                Severity::Error,
                "a metric that is not configured",
                "未配置的指标“visitors”",
            ),
            Code::MetricValue => (
                Severity::Error,
                "a metric that is not a number, 0 or more",
                "指标“参与人数”（participants）应为不小于 0 的数字",
            ),
            Code::TooManyTerms => (
                Severity::Error,
                "too many tags or terms",
                "“tags”写了 60 个词，太多了",
            ),
            Code::BranchRelation => (
                Severity::Error,
                "a parent or joint branch that does not work (the story's own branch in `with`: a warning)",
                "上级支部“gone”不存在",
            ),
            Code::BranchProfile => (
                Severity::Error,
                "a branch profile field that does not work",
                "党员人数应在 0 到 1000000 之间",
            ),
            Code::MetricFraction => (
                Severity::Error,
                "a fraction in a metric that site.yaml declares whole (`integer: true`), such as 3.5 people",
                "指标“参与人数”（participants）应为不小于 0 的整数，这里写了 3.5",
            ),
            Code::AssetOutside => (
                Severity::Error,
                "a path points outside content/",
                "图片路径“../../../../../etc/passwd”指向 content 文件夹之外",
            ),
            Code::AssetMissing => (
                Severity::Error,
                "a photo or file does not exist",
                "图片“nope.jpg”不存在（应在 content/branches/other/honors/nope.jpg）",
            ),
            Code::LinkBroken => (
                Severity::Error,
                "a link to a page that does not exist",
                "链接或图片“missing.md”指向的文件不存在",
            ),
            Code::Shortcode => (
                Severity::Error,
                "a shortcode that does not work",
                "未知的短代码“map”",
            ),
            Code::PhotoFormat => (
                Severity::Error,
                "a photo format that cannot be processed safely (HEIC, AVIF, TIFF…)",
                "无法处理 HEIC 格式的照片：它可能带有拍摄位置等信息，不能原样发布",
            ),
            Code::PhotoBroken => (
                Severity::Error,
                "a photo cannot be read, is too large or is damaged",
                "图片太大：超过 12000 万像素",
            ),
            Code::Video => (
                Severity::Error,
                "a video cannot be published (not MP4, or records where it was filmed)",
                "视频“clip.mp4”不是有效的 MP4 文件",
            ),
            Code::ImageCache => (
                Severity::Error,
                "the image cache cannot be written",
                "无法写入图片缓存 .branchpress-cache/images：Not a directory (os error 20)",
            ),
            Code::ThemeMissing => (
                Severity::Error,
                "a theme, template or theme file cannot be read",
                "找不到主题文件夹 themes/nope",
            ),
            Code::Template => (
                Severity::Error,
                "a template error",
                "模板错误：Variable `no_such_value` is not defined…",
            ),
            Code::NotEmpty => (
                Severity::Error,
                "the target exists and was not overwritten (`init`, `new`)",
                "文件夹“content”已存在且不是空的，没有写入任何文件",
            ),
            Code::NewInvalid => (
                Severity::Error,
                "a name, kind or title for `new` that does not work",
                "支部文件夹名“Imaging Dept”不可用：它是网址的一部分，只能用小写英文字母、数字、- 和 _",
            ),
            Code::WriteFailed => (
                Severity::Error,
                "cannot write (`new`, `check --fix`, `build`)",
                "无法写入：Not a directory (os error 20)",
            ),
            Code::Internal => (
                Severity::Error,
                "an internal error (please report it)",
                "内部错误：生成的文件未通过检查（…），请报告此问题",
            ),
            Code::PreviewBlocked => (
                Severity::Error,
                "`serve`: the site has errors and cannot be previewed",
                "网站有错误，无法预览",
            ),
            Code::ResidentId => (
                Severity::Warning,
                "a resident ID number",
                "可能公开了个人信息：身份证号“110105********002X”",
            ),
            Code::Mobile => (
                Severity::Warning,
                "a mobile number",
                "可能公开了个人信息：手机号码“138****5678”",
            ),
            Code::RecordNumber => (
                Severity::Warning,
                "a hospital record, outpatient or bed number",
                "可能公开了个人信息：住院号等病历编号“住院号********”",
            ),
            Code::PatientName => (
                Severity::Warning,
                "a patient named in full",
                "可能公开了个人信息：患者全名“张**”",
            ),
            Code::Typography => (
                Severity::Warning,
                "Chinese typography (`check --fix` corrects the safe ones)",
                "中文排版：“查,效”应为“查，效”",
            ),
            Code::PhotoAlt => (
                Severity::Warning,
                "a photo without alt text",
                "照片没有替代文字：读屏软件无法向视障读者描述它",
            ),
            Code::TitleLong => (
                Severity::Warning,
                "a title that is too long",
                "标题有 40 个字，超过 30 个字：微信分享卡片会截断它",
            ),
            Code::SummaryLong => (
                Severity::Warning,
                "a summary that is too long",
                "摘要有 180 个字，超过 120 个字：列表中的卡片会截断它",
            ),
            Code::Duplicate => (
                Severity::Warning,
                "a duplicate story (same title and date)",
                "与 content/…/2024-06-01-award-copy.md 标题和日期相同，像是同一篇稿件发了两次",
            ),
            Code::ReviewField => (
                Severity::Error,
                "`reviewed` is not a list of stage, by, date and digest, names a stage site.yaml does not list, or `review_note` is not text",
                "审核记录中的环节“终审”不在 site.yaml 的 review.stages 中",
            ),
            Code::ReviewOrder => (
                Severity::Error,
                "the approvals in `reviewed` are not in the order of `review.stages`, or one stage is approved twice",
                "“宣传科审核”写在“支部审核”之前：审核须按 review.stages 的顺序",
            ),
            Code::ReviewChanged => (
                Severity::Warning,
                "the story was edited after an approval: the approval no longer counts and the story is not published until approved again (an error under `--strict`)",
                "稿件在“支部审核”通过后又被修改，需重新审核",
            ),
            Code::ReviewRefused => (
                Severity::Error,
                "`approve` refused: review is not configured, the stage is unknown or out of order, or the story has errors",
                "不能记录“宣传科审核”：须先通过“支部审核”",
            ),
            Code::ReportRefused => (
                Severity::Error,
                "`report` refused: a year outside the portal's range, an unknown branch, or an output path inside content/ or the theme",
                "2019 年不在本网站稿件的年份范围（2022–2025）内",
            ),
            Code::WechatRefused => (
                Severity::Error,
                "`wechat` refused: the file is not a story of this portal, is a draft, has errors, or waits for review (without `--unreviewed`)",
                "《春季义诊》还在等待“宣传科审核”：审核通过后才能发到公众号",
            ),
            Code::WechatDropped => (
                Severity::Warning,
                "the story has something the official account's editor cannot show (a video, an iframe, a photo over 1 MB): it becomes a plain link or is left out",
                "公众号编辑器不能播放视频“clinic.mp4”：已换成一个链接，请在编辑器中另行上传视频",
            ),
            Code::WechatStyle => (
                Severity::Warning,
                "a rule of the theme's wechat.css uses what the editor drops (`position`, CSS variables, web fonts, `@import`): the declaration is left out",
                "themes/hospital/wechat.css 第 12 行：公众号编辑器会丢弃 position，已略去",
            ),
            Code::InsecureLink => (
                Severity::Warning,
                "a link to an http:// page",
                "链接“http://www.example.gov.cn/notice.html”用的是 http://：浏览器会标为“不安全”…",
            ),
        }
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

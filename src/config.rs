//! site.yaml → [`Config`]: the first stage. Defaults (three kinds, three
//! metrics, tags) come from `config/defaults.yaml`; a portal's file adds to
//! them or replaces an entry by key. Unknown keys are rejected.

use crate::error::Code;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::path::Path;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Lang, Text};
use crate::text::text;

const DEFAULTS: &str = include_str!("config/defaults.yaml");

/// Front-matter keys every story understands; a kind may not redefine them.
pub const COMMON_FIELDS: &[&str] = &[
    "title", "date", "updated", "kind", "slug", "summary", "tags", "cover", "with", "metrics",
    "draft", "author",
];

/// First path segments the site itself uses; kinds, taxonomies and pages may not take them.
pub const RESERVED_ROUTES: &[&str] = &["branches", "stats", "search", "years", "page", "static"];

/// Whether `s` is a valid slug: lowercase ASCII letters, digits, `-` and `_`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// A map that keeps the order its keys were written in.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderedMap<V>(pub Vec<(String, V)>);

impl<V> Default for OrderedMap<V> {
    fn default() -> Self {
        OrderedMap(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for OrderedVisitor<V> {
            type Value = OrderedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, V>()? {
                    entries.push((k, v));
                }
                Ok(OrderedMap(entries))
            }
        }
        deserializer.deserialize_map(OrderedVisitor(PhantomData))
    }
}

/// The type of a kind's field.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    /// One line of text (or one of `values`).
    #[default]
    String,
    /// Longer text.
    Text,
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// true or false.
    Bool,
    /// `2024-03-26`.
    Date,
    /// A list of strings.
    List,
}

impl FieldType {
    /// How the type is named to writers.
    pub fn describe(self) -> Text {
        match self {
            FieldType::String => Text::new("一行文字", "a line of text"),
            FieldType::Text => Text::new("文字", "text"),
            FieldType::Integer => Text::new("整数", "a whole number"),
            FieldType::Number => Text::new("数字", "a number"),
            FieldType::Bool => Text::new("true 或 false", "true or false"),
            FieldType::Date => Text::new("日期（如 2024-03-26）", "a date (e.g. 2024-03-26)"),
            FieldType::List => Text::new("列表（如 [甲, 乙]）", "a list (e.g. [a, b])"),
        }
    }
}

/// The schema of one field of a kind.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// Value type.
    #[serde(rename = "type", default)]
    pub ty: FieldType,
    /// Whether a story of the kind must set it.
    #[serde(default)]
    pub required: bool,
    /// Display name (zh-CN).
    pub label: Option<String>,
    /// Display name (English).
    pub label_en: Option<String>,
    /// Allowed values, in display order; empty means any.
    #[serde(default)]
    pub values: Vec<String>,
    /// Other spellings accepted for a value (alias → value).
    #[serde(default)]
    pub aliases: BTreeMap<String, String>,
    /// A line of help shown in scaffolds.
    pub help: Option<String>,
}

/// A kind of story as written in YAML.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKind {
    name: String,
    name_en: Option<String>,
    singular: Option<String>,
    headline: Option<String>,
    #[serde(default)]
    fields: OrderedMap<FieldSpec>,
}

/// A kind of story (activities, honors …), its schema and display names.
#[derive(Clone, Debug, Serialize)]
pub struct Kind {
    /// Folder name and route segment (`honors`).
    pub key: String,
    /// Display name (zh-CN).
    pub name: String,
    /// Display name (English).
    pub name_en: String,
    /// Singular used on the command line (`honor`).
    pub singular: String,
    /// The enumerated field the dashboard leads with (`level`).
    pub headline: Option<String>,
    /// Fields in schema order.
    pub fields: Vec<(String, FieldSpec)>,
}

impl Kind {
    /// The field spec named `key`.
    pub fn field(&self, key: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, s)| s)
    }

    /// The display name in `lang`.
    pub fn display(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.name,
            Lang::En => &self.name_en,
        }
    }
}

/// A metric: a number stories report and statistics sum.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// Key in front matter (`patients_served`); filled from the map key.
    #[serde(default)]
    pub key: String,
    /// Display name (zh-CN).
    pub label: String,
    /// Display name (English).
    pub label_en: Option<String>,
    /// Unit (zh-CN).
    #[serde(default)]
    pub unit: String,
    /// Unit (English).
    pub unit_en: Option<String>,
    /// Whole numbers only (people, visits): `integer: true` refuses 3.5.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub integer: bool,
}

/// A taxonomy: a list field of stories with a page per term.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Taxonomy {
    /// Front-matter field and route segment (`tags`).
    pub name: String,
    /// Display name (zh-CN).
    pub label: String,
    /// Display name (English).
    pub label_en: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    base_url: Option<String>,
    language: Option<String>,
    theme: Option<String>,
    paginate: Option<usize>,
    search: Option<bool>,
    build_date: Option<bool>,
    reports: Option<bool>,
    trust_html: Option<bool>,
    privacy: Option<RawPrivacy>,
    typography: Option<RawTypography>,
    taxonomies: Option<Vec<Taxonomy>>,
    #[serde(default)]
    kinds: OrderedMap<RawKind>,
    #[serde(default)]
    metrics: OrderedMap<Metric>,
    review: Option<RawReview>,
    filing: Option<RawFiling>,
    mourning: Option<bool>,
    #[serde(default)]
    extra: crate::yaml::Value,
}

/// `filing:` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFiling {
    icp: Option<String>,
    police: Option<String>,
    institution: Option<RawInstitution>,
}

/// `filing.institution:` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInstitution {
    label: Option<String>,
    id: String,
}

/// `review:` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReview {
    #[serde(default)]
    stages: Vec<String>,
    #[serde(default)]
    pages: bool,
}

/// Review before publishing (`review:`): the stages every story passes, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Review {
    /// Stage names in order (`[支部审核, 宣传科审核]`); never empty, no repeats.
    pub stages: Vec<String>,
    /// Whether branch profiles and pages are reviewed too (`review.pages: true`).
    pub pages: bool,
}

impl Review {
    /// The index of the stage named `name`.
    pub fn stage_index(&self, name: &str) -> Option<usize> {
        self.stages.iter().position(|s| s == name)
    }
}

/// The filing numbers a site in mainland China shows at the foot of its
/// pages (`filing:`), each checked for its form; at least one is set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filing {
    /// The ICP filing number (`陕ICP备2024000123号-1`), as written.
    pub icp: Option<String>,
    /// The public-security filing number, as written.
    pub police: Option<PoliceFiling>,
    /// The public institution's label (事业单位 on the CONAC register).
    pub institution: Option<Institution>,
}

/// A public-security filing (`陕公网安备 61090202000123号`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoliceFiling {
    /// The number as written.
    pub number: String,
    /// Its 14 digits, which the register's search takes.
    pub code: String,
}

/// A public institution's label on the CONAC register.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Institution {
    /// What the footer shows (`事业单位`, the default).
    pub label: String,
    /// The register's id of the site.
    pub id: String,
}

/// The province abbreviations that begin a filing number.
pub const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

/// Whether `s` is an ICP filing number: a province abbreviation, `ICP备`,
/// digits, `号` and an optional `-n` (`陕ICP备2024000123号-1`).
pub fn is_icp_number(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(province) = chars.next() else {
        return false;
    };
    let Some(rest) = chars.as_str().strip_prefix("ICP备") else {
        return false;
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let Some(tail) = rest[digits..].strip_prefix('号') else {
        return false;
    };
    let suffix_ok = match tail.strip_prefix('-') {
        None => tail.is_empty(),
        Some(n) => !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()),
    };
    PROVINCES.contains(province) && digits > 0 && suffix_ok
}

/// The 14 digits of a public-security filing number: a province
/// abbreviation, `公网安备`, an optional space, 14 digits and `号`
/// (`陕公网安备61090202000123号`); None when it is not one.
pub fn police_code(s: &str) -> Option<&str> {
    let mut chars = s.chars();
    let province = chars.next()?;
    let rest = chars.as_str().strip_prefix("公网安备")?;
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    let digits = rest.strip_suffix('号')?;
    (PROVINCES.contains(province)
        && digits.len() == 14
        && digits.bytes().all(|b| b.is_ascii_digit()))
    .then_some(digits)
}

/// `privacy:` as written: `strict`, or a mapping.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawPrivacy {
    Mode(String),
    Policy(RawPrivacyPolicy),
}

/// `privacy: {strict: …, allow: […]}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrivacyPolicy {
    #[serde(default)]
    strict: bool,
    #[serde(default)]
    allow: Vec<String>,
}

/// `typography:` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTypography {
    check: Option<bool>,
    #[serde(default)]
    spacing: bool,
    #[serde(default)]
    allow: Vec<String>,
}

/// What `check` does with Chinese typography.
#[derive(Clone, Debug)]
pub struct Typography {
    /// Whether typography is checked at all (`typography.check`, default on).
    pub check: bool,
    /// A space between Chinese and Latin letters or digits (`中文 ABC 10 人`)
    /// is expected (`typography.spacing: true`); by default spacing is the
    /// writer's, as in most government writing.
    pub spacing: bool,
    /// Terms written as they are (`5G+医疗`): a finding that contains one is none.
    pub allow: Vec<String>,
    /// Front-matter fields whose values are prose a reader sees: `title`,
    /// `summary`, and the kinds' free-text fields.
    pub fields: Vec<String>,
}

impl Default for Typography {
    fn default() -> Typography {
        Typography {
            check: true,
            spacing: false,
            allow: Vec::new(),
            fields: vec!["title".to_string(), "summary".to_string()],
        }
    }
}

/// What `check` does with personal data in published text.
#[derive(Clone, Debug, Default)]
pub struct Privacy {
    /// Findings are errors, not warnings (`privacy: strict`).
    pub strict: bool,
    /// The portal's own published numbers and names (a service hotline, a
    /// doctor who agreed to be named): never findings.
    pub allow: Vec<String>,
}

/// The resolved configuration of a portal.
#[derive(Clone, Debug)]
pub struct Config {
    /// Site title.
    pub title: String,
    /// One-line description (meta description, feeds).
    pub description: String,
    /// Absolute base URL, always ending in `/`.
    pub base_url: String,
    /// Site language.
    pub language: Lang,
    /// Theme name (folder under themes/).
    pub theme: String,
    /// Stories per list page.
    pub paginate: usize,
    /// Whether `build` writes the search index (and the theme shows search).
    pub search: bool,
    /// Raw HTML in Markdown is published as written (`trust_html: true`);
    /// otherwise it is sanitized.
    pub trust_html: bool,
    /// Personal data policy (`privacy:`).
    pub privacy: Privacy,
    /// Typography policy (`typography:`).
    pub typography: Typography,
    /// Whether pages show when the site was last updated (`build_date: true`).
    pub build_date: bool,
    /// Whether the build publishes each year's report (`reports: true`).
    pub reports: bool,
    /// That date, once found: from `SOURCE_DATE_EPOCH`, else the last git
    /// commit — never the clock, so that two builds of a commit are identical.
    pub built_on: Option<jiff::civil::Date>,
    /// Taxonomies in order.
    pub taxonomies: Vec<Taxonomy>,
    /// Kinds in order: defaults first, then the portal's own.
    pub kinds: Vec<Kind>,
    /// Metrics in order.
    pub metrics: Vec<Metric>,
    /// Review before publishing, when site.yaml has `review:`.
    pub review: Option<Review>,
    /// Filing numbers for the footer, when site.yaml sets any (`filing:`).
    pub filing: Option<Filing>,
    /// The whole portal in greyscale, for days of mourning (`mourning: true`).
    pub mourning: bool,
    /// Free data for the theme.
    pub extra: serde_json::Value,
}

impl Config {
    /// The kind with folder name `key`.
    pub fn kind_index(&self, key: &str) -> Option<usize> {
        self.kinds.iter().position(|k| k.key == key)
    }

    /// The metric named `key`.
    pub fn metric_index(&self, key: &str) -> Option<usize> {
        self.metrics.iter().position(|m| m.key == key)
    }

    /// The path part of the base URL (`/` or `/preview/42/`).
    pub fn base_path(&self) -> &str {
        let after_scheme = self.base_url.find("://").map(|i| i + 3).unwrap_or(0);
        match self.base_url[after_scheme..].find('/') {
            Some(i) => &self.base_url[after_scheme + i..],
            None => "/",
        }
    }

    /// Replaces the base URL (from `--base-url`).
    pub fn set_base_url(&mut self, url: &str) {
        self.base_url = normalize_base_url(url);
    }
}

/// The date a build stands for: `SOURCE_DATE_EPOCH` (a UTC timestamp, the
/// reproducible-builds convention) when set, else the date of the last git
/// commit of `root` in the committer's time zone. None when neither exists.
pub fn source_date(root: &Path) -> Option<jiff::civil::Date> {
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: i64 = epoch.trim().parse().ok()?;
        let at = jiff::Timestamp::from_second(seconds).ok()?;
        return Some(jiff::tz::TimeZone::UTC.to_datetime(at).date());
    }
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["log", "-1", "--format=%cd", "--date=short"])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8(out.stdout).ok()?.trim().parse().ok()
}

fn normalize_base_url(url: &str) -> String {
    let mut url = url.trim().to_string();
    if !url.ends_with('/') {
        url.push('/');
    }
    url
}

/// Reads `site.yaml` under `root` (defaults alone when it is absent).
pub fn load_config(root: &Path) -> Result<Config, Vec<Diagnostic>> {
    let path = root.join("site.yaml");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(vec![Diagnostic::error(
                Code::ConfigUnreadable,
                "site.yaml",
                text!(
                    "无法读取配置文件：{}",
                    "cannot read the configuration: {}",
                    e
                ),
            )]);
        }
    };
    parse_config(&text)
}

/// Parses the text of a site.yaml into a [`Config`].
pub fn parse_config(text: &str) -> Result<Config, Vec<Diagnostic>> {
    let defaults: RawConfig = crate::yaml::parse(DEFAULTS).expect("built-in defaults are valid");
    let raw: RawConfig = if text.trim().is_empty() {
        RawConfig::default()
    } else {
        crate::yaml::from_yaml(Code::ConfigUnreadable, "site.yaml", text, text)
            .map_err(|d| vec![d])?
    };
    resolve(defaults, raw, text)
}

fn resolve(defaults: RawConfig, raw: RawConfig, text: &str) -> Result<Config, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let language = resolve_language(raw.language.as_deref(), text, &mut errors);
    let kinds: Vec<Kind> = merge_by_key(defaults.kinds, raw.kinds)
        .into_iter()
        .map(|(key, k)| check_kind(text, key, k, &mut errors))
        .collect();
    let metrics = merge_by_key(defaults.metrics, raw.metrics)
        .into_iter()
        .map(|(key, m)| Metric { key, ..m })
        .collect();
    let paginate = raw.paginate.unwrap_or(20);
    if paginate == 0 {
        errors.push(config_error(
            Code::ConfigValue,
            text,
            "paginate",
            Text::new("paginate 必须大于 0", "paginate must be greater than 0"),
        ));
    }
    let extra = serde_json::to_value(&raw.extra).unwrap_or(serde_json::Value::Null);
    let taxonomies = raw
        .taxonomies
        .unwrap_or(defaults.taxonomies.unwrap_or_default());
    check_taxonomies(text, &taxonomies, &kinds, &mut errors);
    let privacy = resolve_privacy(raw.privacy, text, &mut errors);
    let typography = resolve_typography(raw.typography, &kinds);
    let review = raw.review.map(|r| resolve_review(r, text, &mut errors));
    let filing = raw
        .filing
        .and_then(|f| resolve_filing(f, text, &mut errors));
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Config {
        title: raw.title.unwrap_or_else(|| "branchpress".into()),
        description: raw.description.unwrap_or_default(),
        base_url: normalize_base_url(raw.base_url.as_deref().unwrap_or("/")),
        language,
        theme: raw.theme.unwrap_or_else(|| "default".into()),
        paginate: paginate.max(1),
        search: raw.search.unwrap_or(true),
        build_date: raw.build_date.unwrap_or(false),
        reports: raw.reports.unwrap_or(false),
        trust_html: raw.trust_html.unwrap_or(false),
        privacy,
        typography,
        review,
        filing,
        mourning: raw.mourning.unwrap_or(false),
        built_on: None,
        taxonomies,
        kinds,
        metrics,
        extra: if extra.is_null() {
            serde_json::json!({})
        } else {
            extra
        },
    })
}

/// site.yaml's `language`: zh-CN when absent.
fn resolve_language(language: Option<&str>, text: &str, errors: &mut Vec<Diagnostic>) -> Lang {
    let Some(s) = language else {
        return Lang::ZhCn;
    };
    Lang::parse(s).unwrap_or_else(|| {
        errors.push(
            config_error(
                Code::ConfigLanguage,
                text,
                "language",
                text!("不支持的语言“{}”", "unsupported language \"{}\"", s),
            )
            .hint(Text::new("可选：zh-CN、en", "allowed: zh-CN, en")),
        );
        Lang::ZhCn
    })
}

/// site.yaml's `privacy`: `strict`, or a policy with its allowed numbers and names.
fn resolve_privacy(
    privacy: Option<RawPrivacy>,
    text: &str,
    errors: &mut Vec<Diagnostic>,
) -> Privacy {
    match privacy {
        None => Privacy::default(),
        Some(RawPrivacy::Mode(mode)) => {
            if mode != "strict" {
                errors.push(
                    config_error(Code::ConfigValue,
                        text,
                        "privacy",
                        text!("不认识的 privacy 设置“{}”", "unknown privacy setting \"{}\"", mode),
                    )
                    .hint(Text::new(
                        "可写 privacy: strict，或 privacy: {strict: true, allow: [公开的电话或姓名]}",
                        "write privacy: strict, or privacy: {strict: true, allow: [published numbers or names]}",
                    )),
                );
            }
            Privacy {
                strict: mode == "strict",
                allow: Vec::new(),
            }
        }
        Some(RawPrivacy::Policy(p)) => Privacy {
            strict: p.strict,
            allow: p.allow,
        },
    }
}

/// site.yaml's `review`: stages non-empty, each a name, none twice.
fn resolve_review(raw: RawReview, text: &str, errors: &mut Vec<Diagnostic>) -> Review {
    let allowed = Text::new(
        "可写 review: {stages: [支部审核, 宣传科审核]}：按顺序列出审核环节，至少一个，不可重复",
        "write review: {stages: [branch review, publicity office]}: the stages in order, at least one, none twice",
    );
    // `stages:` on a line of its own, else the `review:` line (a flow mapping).
    let block = text.lines().any(|l| l.trim_start().starts_with("stages:"));
    let mut problem = |message: Text| {
        let key = if block { "stages" } else { "review" };
        let d = config_error(Code::ConfigValue, text, key, message);
        errors.push(d.field("review.stages").hint(allowed.clone()));
    };
    if raw.stages.is_empty() {
        problem(Text::new(
            "review.stages 没有列出任何审核环节",
            "review.stages lists no stage",
        ));
    }
    for (i, stage) in raw.stages.iter().enumerate() {
        if stage.trim().is_empty() || stage.trim() != stage || stage.contains(['\n', '\r']) {
            problem(text!(
                "review.stages 中的第 {} 个环节名称为空或首尾有空白",
                "stage {} of review.stages is empty or has spaces around it",
                i + 1
            ));
        } else if raw.stages[..i].contains(stage) {
            problem(text!(
                "review.stages 中的“{}”出现了两次",
                "\"{}\" appears twice in review.stages",
                stage
            ));
        }
    }
    Review {
        stages: raw.stages,
        pages: raw.pages,
    }
}

/// site.yaml's `filing`: each number checked for its form; None when it sets none.
fn resolve_filing(raw: RawFiling, text: &str, errors: &mut Vec<Diagnostic>) -> Option<Filing> {
    let mut problem = |key: &str, message: Text, hint: Text| {
        errors.push(filing_error(text, key, message).hint(hint));
    };
    if let Some(icp) = &raw.icp
        && !is_icp_number(icp)
    {
        problem(
            "icp",
            text!(
                "ICP 备案号“{}”的格式不对",
                "\"{}\" is not an ICP filing number",
                icp
            ),
            Text::new(
                "应为：省份简称 + ICP备 + 数字 + 号，可再加 -序号，如 陕ICP备2024000123号-1",
                "expected: a province abbreviation, ICP备, digits, 号 and an optional -n, e.g. 陕ICP备2024000123号-1",
            ),
        );
    }
    let police = raw.police.and_then(|number| match police_code(&number) {
        Some(code) => Some(PoliceFiling {
            code: code.to_string(),
            number,
        }),
        None => {
            problem(
                "police",
                text!(
                    "公安备案号“{}”的格式不对",
                    "\"{}\" is not a public-security filing number",
                    number
                ),
                Text::new(
                    "应为：省份简称 + 公网安备 + 14 位数字 + 号，如 陕公网安备61090202000123号",
                    "expected: a province abbreviation, 公网安备, 14 digits and 号, e.g. 陕公网安备61090202000123号",
                ),
            );
            None
        }
    });
    let institution = raw.institution.and_then(|i| {
        let id_ok = !i.id.is_empty()
            && i.id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        let label = i.label.unwrap_or_else(|| "事业单位".to_string());
        let label_ok = !label.trim().is_empty() && !label.contains(['\n', '\r']);
        if !id_ok || !label_ok {
            problem(
                if id_ok {
                    "institution.label"
                } else {
                    "institution.id"
                },
                text!(
                    "filing.institution 的 id“{}”或 label“{}”不可用",
                    "filing.institution: id \"{}\" or label \"{}\" cannot be used",
                    i.id,
                    label
                ),
                Text::new(
                    "应为：institution: {label: 事业单位, id: 网站标识}，id 只含字母、数字、- 和 _，见 bszs.conac.cn 上的网址",
                    "expected: institution: {label: 事业单位, id: the site's id}, the id of letters, digits, - and _, as in its bszs.conac.cn address",
                ),
            );
            return None;
        }
        Some(Institution { label, id: i.id })
    });
    let filing = Filing {
        icp: raw.icp.filter(|n| is_icp_number(n)),
        police,
        institution,
    };
    (filing != Filing::default()).then_some(filing)
}

/// A diagnostic about `filing.<path>`, at its last key's line (its own, or
/// the line of a flow mapping that holds it), else at `filing:`.
fn filing_error(text: &str, path: &str, message: Text) -> Diagnostic {
    let field = format!("filing.{path}");
    let key = path.rsplit('.').next().unwrap_or(path);
    let mut d = Diagnostic::error(Code::ConfigFiling, "site.yaml", message).field(field);
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with("filing:"))
        .unwrap_or(0);
    let needle = format!("{key}:");
    let found = lines[start..]
        .iter()
        .position(|l| l.trim_start().starts_with(&needle))
        .or_else(|| lines[start..].iter().position(|l| l.contains(&needle)))
        .map(|i| start + i)
        .or_else(|| lines.iter().position(|l| l.starts_with("filing:")));
    if let Some(i) = found {
        let line = lines[i];
        let col = line.len() - line.trim_start().len() + 1;
        d = d.at(i + 1, col).snippet(line);
    }
    d
}

/// site.yaml's `typography`, with the kinds' free-text fields as prose.
fn resolve_typography(typography: Option<RawTypography>, kinds: &[Kind]) -> Typography {
    let mut typography = typography.map_or_else(Typography::default, |t| Typography {
        check: t.check.unwrap_or(true),
        spacing: t.spacing,
        allow: t.allow,
        ..Typography::default()
    });
    // Free text of the kinds (a location, who awarded an honor) is prose too;
    // a field with a list of values is a choice, not prose.
    for kind in kinds {
        for (key, spec) in &kind.fields {
            if spec.ty == FieldType::String
                && spec.values.is_empty()
                && !typography.fields.contains(key)
            {
                typography.fields.push(key.clone());
            }
        }
    }
    typography
}

/// The defaults with the portal's entries laid over them: same key replaces, new keys follow.
fn merge_by_key<V>(defaults: OrderedMap<V>, portal: OrderedMap<V>) -> Vec<(String, V)> {
    let mut merged = defaults.0;
    for (key, value) in portal.0 {
        match merged.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => merged.push((key, value)),
        }
    }
    merged
}

/// Taxonomy names become routes and front-matter fields: they must not clash.
fn check_taxonomies(
    text: &str,
    taxonomies: &[Taxonomy],
    kinds: &[Kind],
    errors: &mut Vec<Diagnostic>,
) {
    for t in taxonomies {
        let clash = kinds.iter().any(|k| k.key == t.name)
            || COMMON_FIELDS.contains(&t.name.as_str()) && t.name != "tags";
        if !is_slug(&t.name) || RESERVED_ROUTES.contains(&t.name.as_str()) || clash {
            errors.push(config_error(Code::ConfigValue,
                text,
                "taxonomies",
                text!(
                    "分类法名“{}”不可用：须由小写字母、数字、- 和 _ 组成，且不能与类型名、通用字段或网站栏目重名",
                    "taxonomy name \"{}\" cannot be used: use lowercase letters, digits, - and _, not the name of a kind, a common field or a built-in section",
                    t.name
                ),
            ));
        }
    }
}

/// A kind whose name cannot be a folder name and part of URLs.
fn kind_name_unusable(text: &str, key: &str) -> Diagnostic {
    config_error(
        Code::ConfigValue,
        text,
        key,
        text!(
            "类型名“{}”不可用：它是文件夹名和网址的一部分",
            "kind name \"{}\" cannot be used: it is a folder name and part of URLs",
            key
        ),
    )
    .hint(Text::new(
        format!(
            "只用小写字母、数字、- 和 _，且不能是 {}",
            RESERVED_ROUTES.join("、")
        ),
        format!(
            "use lowercase letters, digits, - and _, and none of {}",
            RESERVED_ROUTES.join(", ")
        ),
    ))
}

/// A kind's field: no clash with a common field, aliases that name values.
fn check_kind_field(
    text: &str,
    key: &str,
    field: &str,
    spec: &FieldSpec,
    errors: &mut Vec<Diagnostic>,
) {
    if COMMON_FIELDS.contains(&field) {
        errors.push(
            config_error(
                Code::ConfigValue,
                text,
                field,
                text!(
                    "类型“{}”的字段“{}”与通用字段重名",
                    "field \"{}\" of kind \"{}\" clashes with a common field",
                    key,
                    field
                ),
            )
            .hint(Text::new(
                format!("通用字段：{}", COMMON_FIELDS.join("、")),
                format!("common fields: {}", COMMON_FIELDS.join(", ")),
            )),
        );
    }
    for target in spec.aliases.values() {
        if !spec.values.contains(target) {
            errors.push(config_error(
                Code::ConfigValue,
                text,
                field,
                text!(
                    "别名指向的值“{}”不在 values 中",
                    "alias target \"{}\" is not one of the values",
                    target
                ),
            ));
        }
    }
}

fn check_kind(text: &str, key: String, raw: RawKind, errors: &mut Vec<Diagnostic>) -> Kind {
    if !is_slug(&key) || RESERVED_ROUTES.contains(&key.as_str()) {
        errors.push(kind_name_unusable(text, &key));
    }
    for (field, spec) in &raw.fields.0 {
        check_kind_field(text, &key, field, spec, errors);
    }
    if let Some(h) = &raw.headline {
        let enumerated = raw
            .fields
            .0
            .iter()
            .any(|(k, s)| k == h && !s.values.is_empty());
        if !enumerated {
            errors.push(config_error(
                Code::ConfigValue,
                text,
                "headline",
                text!(
                    "类型“{}”的 headline“{}”必须是有 values 的字段",
                    "headline \"{}\" of kind \"{}\" must be a field with values",
                    key,
                    h
                ),
            ));
        }
    }
    Kind {
        singular: raw
            .singular
            .unwrap_or_else(|| key.trim_end_matches('s').to_string()),
        name_en: raw.name_en.unwrap_or_else(|| key.clone()),
        key,
        name: raw.name,
        headline: raw.headline,
        fields: raw.fields.0,
    }
}

fn config_error(code: Code, text: &str, key: &str, message: Text) -> Diagnostic {
    let mut d = Diagnostic::error(code, "site.yaml", message).field(key);
    let needle = format!("{key}:");
    if let Some((i, line)) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.trim_start().starts_with(&needle))
    {
        let col = line.len() - line.trim_start().len() + 1;
        d = d.at(i + 1, col).snippet(line);
    }
    d
}

#[cfg(test)]
mod tests;

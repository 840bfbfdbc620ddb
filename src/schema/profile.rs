//! Branch profiles (`_branch.md`) and plain pages: their fixed fields.

use crate::error::Code;
use std::path::Path;

use crate::yaml::Value;
use jiff::civil::Date;

use super::reader::{Reader, describe_value, scalar_string};
use crate::error::{Diagnostic, Text};
use crate::front_matter::RawFrontMatter;

const BRANCH_FIELDS: &[&str] = &[
    "name",
    "secretary",
    "committee",
    "members",
    "departments",
    "brand",
    "motto",
    "founded",
    "parent",
    "order",
    "logo",
    "cover",
];
const PAGE_FIELDS: &[&str] = &[
    "title",
    "date",
    "summary",
    "slug",
    "draft",
    "order",
    "description",
];

/// A branch profile's validated front matter.
#[derive(Clone, Debug, Default)]
pub struct BranchMeta {
    /// name
    pub name: String,
    /// secretary
    pub secretary: Option<String>,
    /// committee: role → name, in written order
    pub committee: Vec<(String, String)>,
    /// members
    pub members: Option<i64>,
    /// departments
    pub departments: Vec<String>,
    /// brand
    pub brand: Option<String>,
    /// motto
    pub motto: Option<String>,
    /// founded
    pub founded: Option<Date>,
    /// parent slug as written
    pub parent: Option<String>,
    /// order
    pub order: Option<i64>,
    /// logo, as written
    pub logo: Option<String>,
    /// cover, as written
    pub cover: Option<String>,
}

/// A plain page's (or the home page's) validated front matter.
#[derive(Clone, Debug, Default)]
pub struct PageMeta {
    /// title
    pub title: Option<String>,
    /// date
    pub date: Option<Date>,
    /// summary
    pub summary: Option<String>,
    /// slug
    pub slug: Option<String>,
    /// draft
    pub draft: bool,
    /// order (menu position)
    pub order: Option<i64>,
}

/// Validates a branch profile's front matter.
pub fn check_branch(
    path: &Path,
    front: &RawFrontMatter,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<BranchMeta> {
    let before = diagnostics.iter().filter(|d| d.is_error()).count();
    let mut r = Reader {
        path,
        front,
        diagnostics,
    };
    let name = r.string("name", true);
    let committee = match r.value("committee").cloned() {
        None => Vec::new(),
        Some(Value::Mapping(m)) => m
            .iter()
            .filter_map(|(k, v)| Some((scalar_string(k)?, scalar_string(v)?)))
            .collect(),
        Some(v) => {
            r.error(
                Code::BranchProfile,
                "committee",
                Text::new(
                    format!(
                        "committee 应为“职务: 姓名”的映射，实际是{}",
                        describe_value(&v).zh
                    ),
                    format!(
                        "committee must be a mapping of role: name, not {}",
                        describe_value(&v).en
                    ),
                ),
                None,
            );
            Vec::new()
        }
    };
    let meta = BranchMeta {
        name: name.unwrap_or_default(),
        secretary: r.string("secretary", false),
        committee,
        members: r.integer("members"),
        departments: r.list("departments"),
        brand: r.string("brand", false),
        motto: r.string("motto", false),
        founded: r.date("founded", false),
        parent: r.string("parent", false),
        order: r.integer("order"),
        logo: r.string("logo", false),
        cover: r.string("cover", false),
    };
    if meta.members.is_some_and(|m| !(0..=1_000_000).contains(&m)) {
        r.error(
            Code::BranchProfile,
            "members",
            Text::new(
                "党员人数应在 0 到 1000000 之间",
                "members must be between 0 and 1000000",
            ),
            None,
        );
    }
    r.warn_unknown(&|k| BRANCH_FIELDS.contains(&k), BRANCH_FIELDS);
    (diagnostics.iter().filter(|d| d.is_error()).count() == before).then_some(meta)
}

/// Validates a plain page's (or the home page's) front matter.
/// `reviewed` says whether review's fields are known (`review.pages: true`).
pub fn check_page(
    path: &Path,
    front: &RawFrontMatter,
    reviewed: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<PageMeta> {
    let before = diagnostics.iter().filter(|d| d.is_error()).count();
    let mut r = Reader {
        path,
        front,
        diagnostics,
    };
    let meta = PageMeta {
        title: r.string("title", false),
        date: r.date("date", false),
        summary: r
            .string("summary", false)
            .or_else(|| r.string("description", false)),
        slug: r.string("slug", false),
        draft: r.bool("draft"),
        order: r.integer("order"),
    };
    let review = crate::review::REVIEW_FIELDS.iter().filter(|_| reviewed);
    let allowed: Vec<&str> = PAGE_FIELDS.iter().chain(review).copied().collect();
    r.warn_unknown(&|k| allowed.contains(&k), &allowed);
    (diagnostics.iter().filter(|d| d.is_error()).count() == before).then_some(meta)
}

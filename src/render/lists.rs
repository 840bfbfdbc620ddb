//! List pages (per kind, per branch and kind, per taxonomy term, per year,
//! and the indexes of terms and years): which stories each list has, in
//! which order, worked out once. What its template gets as `list`,
//! `paginator` and `groups` is viewed page by page (list_view.rs, pager.rs).

use std::collections::BTreeMap;

use crate::format::{label, term_slug};
use crate::model::Site;
use crate::schema::FieldValue;

/// A paginated list of stories.
pub struct ListSpec {
    /// Output path of its first page (`honors/`).
    pub path: String,
    /// Page title.
    pub title: String,
    /// Page type, for templates (`kind`, `term`, `year`, `branch_kind`, `terms`, `years`).
    pub kind: &'static str,
    /// Template.
    pub template: &'static str,
    /// Story indices in display order.
    pub items: Vec<usize>,
    /// Group by the kind's headline field (honor wall): the field name.
    pub group_by: Option<String>,
    /// What the list is of: the template's `list`.
    pub of: ListOf,
}

/// What a list is of, by index into the site's configuration, with what
/// was counted while making it.
pub enum ListOf {
    /// Every story of kind `.0`.
    Kind(usize),
    /// The stories of a kind in a branch.
    BranchKind {
        /// Branch index.
        branch: usize,
        /// Kind index.
        kind: usize,
    },
    /// The index of years: (year, stories), newest first.
    Years(Vec<(i16, usize)>),
    /// The stories of a year.
    Year(i16),
    /// The index of a taxonomy's terms: (slug, term, stories), most used first.
    Terms {
        /// Taxonomy index.
        taxonomy: usize,
        /// The terms.
        terms: Vec<(String, String, usize)>,
    },
    /// The stories of a term.
    Term {
        /// Taxonomy index.
        taxonomy: usize,
        /// The term as first written.
        name: String,
    },
}

impl ListSpec {
    /// Number of pages (at least one, even when empty).
    pub fn page_count(&self, per: usize) -> usize {
        self.items.len().div_ceil(per).max(1)
    }

    /// Output path of page `n` (0-based): `honors/`, `honors/page/2/`.
    pub fn page_path(&self, n: usize) -> String {
        if n == 0 {
            self.path.clone()
        } else {
            format!("{}page/{}/", self.path, n + 1)
        }
    }
}

/// The kind's headline field, when its schema has it.
pub(super) fn headline(kind: &crate::config::Kind) -> Option<&String> {
    kind.headline.as_ref().filter(|h| kind.field(h).is_some())
}

/// Builds every list of the site.
pub fn build_lists(site: &Site) -> Vec<ListSpec> {
    let mut lists = Vec::new();
    for k in 0..site.config.kinds.len() {
        lists.push(kind_list(site, k));
        lists.extend(branch_kind_lists(site, k));
    }
    for t in 0..site.config.taxonomies.len() {
        lists.extend(taxonomy_lists(site, t));
    }
    lists.extend(year_lists(site));
    lists
}

/// `/<kind>/`: every story of a kind, ordered by its headline value (the
/// honor wall: 国家级 first), then newest first.
fn kind_list(site: &Site, k: usize) -> ListSpec {
    let kind = &site.config.kinds[k];
    let mut items: Vec<usize> = (0..site.stories.len())
        .filter(|&s| site.stories[s].meta.kind == k)
        .collect();
    let headline = headline(kind);
    if let Some((h, spec)) = headline.and_then(|h| Some((h, kind.field(h)?))) {
        let rank = |s: usize| {
            let value = site.stories[s].meta.fields.iter().find(|(f, _)| f == h);
            match value {
                Some((_, FieldValue::Text(t))) => spec.values.iter().position(|x| x == t),
                _ => None,
            }
            .unwrap_or(usize::MAX)
        };
        items.sort_by_key(|&s| (rank(s), std::cmp::Reverse(site.stories[s].date()), s));
    }
    ListSpec {
        path: format!("{}/", kind.key),
        title: kind.display(site.config.language).to_string(),
        kind: "kind",
        template: "kind.html",
        items,
        group_by: headline.cloned(),
        of: ListOf::Kind(k),
    }
}

/// `/branches/<slug>/<kind>/` for every branch.
fn branch_kind_lists(site: &Site, k: usize) -> impl Iterator<Item = ListSpec> + '_ {
    let lang = site.config.language;
    let kind = &site.config.kinds[k];
    site.branches.iter().enumerate().map(move |(b, br)| {
        let items: Vec<usize> = br
            .stories
            .iter()
            .copied()
            .filter(|&s| site.stories[s].meta.kind == k)
            .collect();
        ListSpec {
            path: format!("{}{}/", br.path, kind.key),
            title: format!("{} · {}", br.meta.name, kind.display(lang)),
            kind: "branch_kind",
            template: "list.html",
            items,
            group_by: None,
            of: ListOf::BranchKind { branch: b, kind: k },
        }
    })
}

/// `/years/` and `/years/<year>/` (with that year's figures), newest first.
fn year_lists(site: &Site) -> Vec<ListSpec> {
    let mut years: BTreeMap<i16, Vec<usize>> = BTreeMap::new();
    for (i, s) in site.stories.iter().enumerate() {
        years.entry(s.date().year()).or_default().push(i);
    }
    let rows = years.iter().rev().map(|(y, items)| (*y, items.len()));
    let mut lists = vec![ListSpec {
        path: "years/".into(),
        title: label("年度", Some("Years"), site.config.language).into(),
        kind: "years",
        template: "years.html",
        items: Vec::new(),
        group_by: None,
        of: ListOf::Years(rows.collect()),
    }];
    for (y, items) in years.into_iter().rev() {
        lists.push(ListSpec {
            path: format!("years/{y}/"),
            title: format!("{y}"),
            kind: "year",
            template: "list.html",
            items,
            group_by: None,
            of: ListOf::Year(y),
        });
    }
    lists
}

/// `/<taxonomy>/` and a list per term of taxonomy `t`.
fn taxonomy_lists(site: &Site, t: usize) -> Vec<ListSpec> {
    let lang = site.config.language;
    let tax = &site.config.taxonomies[t];
    // slug → (display name, stories); terms whose slugs collide share a page.
    let mut terms: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    // Slugs (pinyin) are dear and terms repeat: each is made once.
    let mut slugs: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    for (i, s) in site.stories.iter().enumerate() {
        for term in s
            .meta
            .taxonomies
            .iter()
            .filter(|(x, _)| *x == t)
            .flat_map(|(_, v)| v)
        {
            let slug = slugs.entry(term).or_insert_with(|| term_slug(term));
            let entry = terms
                .entry(slug.clone())
                .or_insert_with(|| (term.clone(), Vec::new()));
            if entry.1.last() != Some(&i) {
                entry.1.push(i);
            }
        }
    }
    let tax_label = label(&tax.label, tax.label_en.as_deref(), lang).to_string();
    let mut rows: Vec<(String, String, usize)> = terms
        .iter()
        .map(|(slug, (name, items))| (slug.clone(), name.clone(), items.len()))
        .collect();
    rows.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    let mut lists = vec![ListSpec {
        path: format!("{}/", tax.name),
        title: tax_label.clone(),
        kind: "terms",
        template: "terms.html",
        items: Vec::new(),
        group_by: None,
        of: ListOf::Terms {
            taxonomy: t,
            terms: rows,
        },
    }];
    for (slug, (name, items)) in terms {
        lists.push(ListSpec {
            path: format!("{}/{slug}/", tax.name),
            title: format!("{tax_label}：{name}"),
            kind: "term",
            template: "list.html",
            items,
            group_by: None,
            of: ListOf::Term { taxonomy: t, name },
        });
    }
    lists
}

//! List pages (per kind, per branch and kind, per taxonomy term, per year,
//! and the indexes of terms and years) with their pagination: which stories
//! each list has is worked out once; what its template gets as `list`,
//! `paginator` and `groups` is viewed page by page from the model.

use std::collections::BTreeMap;

use serde::Serialize;

use super::figure::{Counts, Figures, TallyRow, figures, tally_rows};
use super::view::{ListItem, Urls};
use crate::format::{label, term_slug};
use crate::model::Site;
use crate::schema::FieldValue;
use crate::stats::Stats;

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

/// `list` in a list's template: one shape per kind of list.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum ListView<'a> {
    /// `/<kind>/`.
    Kind(KindListView<'a>),
    /// `/branches/<slug>/<kind>/`.
    BranchKind(BranchKindView<'a>),
    /// `/years/`.
    Years(YearsView),
    /// `/years/<year>/`.
    Year(YearView<'a>),
    /// `/<taxonomy>/`.
    Terms(TermsView<'a>),
    /// `/<taxonomy>/<term>/`.
    Term(TermView<'a>),
}

/// `list` of a kind's list.
#[derive(Debug, Serialize)]
pub struct KindListView<'a> {
    /// Kind key.
    pub kind: &'a str,
    /// Kind name.
    pub name: &'a str,
    /// The headline field's label.
    pub field_label: Option<&'a str>,
    /// Stories per headline value.
    pub counts: Option<Vec<TallyRow<'a>>>,
    /// Stories of the kind.
    pub total: f64,
}

/// `list` of a branch's kind list.
#[derive(Debug, Serialize)]
pub struct BranchKindView<'a> {
    /// Kind key.
    pub kind: &'a str,
    /// Kind name.
    pub name: &'a str,
    /// The branch.
    pub branch: ListBranch<'a>,
}

/// The branch of a branch's kind list.
#[derive(Debug, Serialize)]
pub struct ListBranch<'a> {
    /// Display name.
    pub name: &'a str,
    /// Its page.
    pub url: String,
    /// Folder name.
    pub slug: &'a str,
}

/// `list` of the years' index.
#[derive(Debug, Serialize)]
pub struct YearsView {
    /// Every year with stories, newest first.
    pub years: Vec<YearRow>,
}

/// A year in the index.
#[derive(Debug, Serialize)]
pub struct YearRow {
    /// The year.
    pub year: i16,
    /// Its page.
    pub url: String,
    /// Stories.
    pub count: usize,
}

/// `list` of a year's list.
#[derive(Debug, Serialize)]
pub struct YearView<'a> {
    /// The year.
    pub year: i16,
    /// Its figures.
    pub figures: Figures<'a>,
}

/// `list` of a taxonomy's index.
#[derive(Debug, Serialize)]
pub struct TermsView<'a> {
    /// Taxonomy name (`tags`).
    pub taxonomy: &'a str,
    /// Its label.
    pub label: &'a str,
    /// Its terms, most used first.
    pub terms: Vec<TermRow<'a>>,
}

/// A term in a taxonomy's index.
#[derive(Debug, Serialize)]
pub struct TermRow<'a> {
    /// The term.
    pub name: &'a str,
    /// Its slug.
    pub slug: &'a str,
    /// Its page.
    pub url: String,
    /// Stories.
    pub count: usize,
}

/// `list` of a term's list.
#[derive(Debug, Serialize)]
pub struct TermView<'a> {
    /// Taxonomy name.
    pub taxonomy: &'a str,
    /// The term.
    pub term: &'a str,
    /// The taxonomy's label.
    pub label: &'a str,
    /// The taxonomy's index.
    pub index_url: String,
}

/// `paginator`: where a page is among its list's pages.
#[derive(Debug, Serialize)]
pub struct Pager {
    /// This page's number (from 1).
    pub current: usize,
    /// Pages.
    pub total: usize,
    /// Stories in the whole list.
    pub items: usize,
    /// The previous page.
    pub prev: Option<String>,
    /// The next page.
    pub next: Option<String>,
    /// Links to the first, the last and the pages around this one.
    pub pages: Vec<PagerLink>,
}

/// A link of the paginator.
#[derive(Debug, Serialize)]
pub struct PagerLink {
    /// Page number (from 1).
    pub number: usize,
    /// Its URL.
    pub url: String,
    /// Whether it is this page.
    pub current: bool,
}

/// A group of the honor wall: the cards of one headline value, by year.
#[derive(Debug, Serialize)]
pub struct Group<'a> {
    /// The headline value (empty when a story has none).
    pub value: &'a str,
    /// Its cards, by year.
    pub years: Vec<YearGroup<'a>>,
}

/// The cards of one year within a group.
#[derive(Debug, Serialize)]
pub struct YearGroup<'a> {
    /// The year.
    pub year: i16,
    /// Its cards.
    pub items: Vec<ListItem<'a>>,
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

    /// Pagination links, with a window of pages around the current one.
    pub fn paginator(&self, n: usize, per: usize, urls: &Urls) -> Pager {
        let total = self.page_count(per);
        let pages = (0..total)
            .filter(|&p| p == 0 || p + 1 == total || p.abs_diff(n) <= 2)
            .map(|p| PagerLink {
                number: p + 1,
                url: urls.url(&self.page_path(p)),
                current: p == n,
            })
            .collect();
        Pager {
            current: n + 1,
            total,
            items: self.items.len(),
            prev: n.checked_sub(1).map(|p| urls.url(&self.page_path(p))),
            next: (n + 1 < total).then(|| urls.url(&self.page_path(n + 1))),
            pages,
        }
    }

    /// The page's cards grouped by headline value, then year (for the
    /// honor wall); none when the list is not grouped.
    pub fn group<'a>(&self, cards: &[ListItem<'a>]) -> Option<Vec<Group<'a>>> {
        self.group_by.as_ref()?;
        let mut groups: Vec<Group<'a>> = Vec::new();
        for c in cards {
            let value = c.headline.unwrap_or("");
            if groups.last().is_none_or(|g| g.value != value) {
                groups.push(Group {
                    value,
                    years: Vec::new(),
                });
            }
            let years = &mut groups.last_mut().expect("pushed above").years;
            if years.last().is_none_or(|y| y.year != c.year) {
                years.push(YearGroup {
                    year: c.year,
                    items: Vec::new(),
                });
            }
            years.last_mut().expect("pushed above").items.push(*c);
        }
        Some(groups)
    }

    /// What the template gets as `list`.
    pub fn view<'a>(&'a self, site: &'a Site, stats: &'a Stats, urls: &Urls) -> ListView<'a> {
        let config = &site.config;
        let lang = config.language;
        let tax_label = |t: usize| {
            let tax = &config.taxonomies[t];
            label(&tax.label, tax.label_en.as_deref(), lang)
        };
        match &self.of {
            ListOf::Kind(k) => ListView::Kind(kind_view(site, stats, *k)),
            ListOf::BranchKind { branch, kind } => {
                let (br, kind) = (&site.branches[*branch], &config.kinds[*kind]);
                ListView::BranchKind(BranchKindView {
                    kind: &kind.key,
                    name: kind.display(lang),
                    branch: ListBranch {
                        name: &br.meta.name,
                        url: urls.url(&br.path),
                        slug: &br.slug,
                    },
                })
            }
            ListOf::Years(years) => ListView::Years(YearsView {
                years: years
                    .iter()
                    .map(|&(year, count)| YearRow {
                        year,
                        url: urls.url(&format!("years/{year}/")),
                        count,
                    })
                    .collect(),
            }),
            ListOf::Year(y) => {
                let counts = stats
                    .by_year
                    .get(&y.to_string())
                    .map_or(Counts::empty(), Counts::from);
                ListView::Year(YearView {
                    year: *y,
                    figures: figures(config, counts, urls),
                })
            }
            ListOf::Terms { taxonomy, terms } => {
                let name = &config.taxonomies[*taxonomy].name;
                ListView::Terms(TermsView {
                    taxonomy: name,
                    label: tax_label(*taxonomy),
                    terms: terms
                        .iter()
                        .map(|(slug, term, count)| TermRow {
                            name: term,
                            slug,
                            url: urls.url(&format!("{name}/{slug}/")),
                            count: *count,
                        })
                        .collect(),
                })
            }
            ListOf::Term { taxonomy, name } => {
                let tax = &config.taxonomies[*taxonomy].name;
                ListView::Term(TermView {
                    taxonomy: tax,
                    term: name,
                    label: tax_label(*taxonomy),
                    index_url: urls.url(&format!("{tax}/")),
                })
            }
        }
    }
}

/// The kind's headline field, when its schema has it.
fn headline(kind: &crate::config::Kind) -> Option<&String> {
    kind.headline.as_ref().filter(|h| kind.field(h).is_some())
}

/// `list` of kind `k`'s list: its headline field's counts and its total.
fn kind_view<'a>(site: &'a Site, stats: &'a Stats, k: usize) -> KindListView<'a> {
    let lang = site.config.language;
    let kind = &site.config.kinds[k];
    let headline = headline(kind);
    let tally = headline.and_then(|h| stats.by_field.get(&format!("{}.{h}", kind.key)));
    let field_label = headline.and_then(|h| kind.field(h)).map(|f| {
        label(
            f.label.as_deref().unwrap_or(""),
            f.label_en.as_deref(),
            lang,
        )
    });
    KindListView {
        kind: &kind.key,
        name: kind.display(lang),
        field_label,
        counts: tally.map(tally_rows),
        total: stats.totals.by_kind.get(&kind.key),
    }
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

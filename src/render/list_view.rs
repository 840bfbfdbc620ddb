//! `list` in a list page's template: what the list is of (a kind, a
//! branch's kind, a year, a taxonomy's terms …), viewed from the model and
//! the statistics when the page is rendered.

use serde::Serialize;

use super::figure::{Counts, Figures, TallyRow, figures, tally_rows};
use super::lists::{ListOf, ListSpec, headline};
use super::urls::Urls;
use crate::format::{Num, label};
use crate::model::Site;
use crate::stats::Stats;

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
    pub total: Num,
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

impl ListSpec {
    /// What the template gets as `list`.
    pub fn view<'a>(&'a self, site: &'a Site, stats: &'a Stats, urls: &Urls) -> ListView<'a> {
        let config = &site.config;
        let lang = config.language;
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
                ListView::Terms(terms_view(site, *taxonomy, terms, urls))
            }
            ListOf::Term { taxonomy, name } => {
                let tax = &config.taxonomies[*taxonomy];
                ListView::Term(TermView {
                    taxonomy: &tax.name,
                    term: name,
                    label: label(&tax.label, tax.label_en.as_deref(), lang),
                    index_url: urls.url(&format!("{}/", tax.name)),
                })
            }
        }
    }
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
        total: Num(stats.totals.by_kind.get(&kind.key)),
    }
}

/// `list` of taxonomy `t`'s index: `terms` are (slug, term, stories).
fn terms_view<'a>(
    site: &'a Site,
    t: usize,
    terms: &'a [(String, String, usize)],
    urls: &Urls,
) -> TermsView<'a> {
    let tax = &site.config.taxonomies[t];
    TermsView {
        taxonomy: &tax.name,
        label: label(&tax.label, tax.label_en.as_deref(), site.config.language),
        terms: terms
            .iter()
            .map(|(slug, term, count)| TermRow {
                name: term,
                slug,
                url: urls.url(&format!("{}/{slug}/", tax.name)),
                count: *count,
            })
            .collect(),
    }
}

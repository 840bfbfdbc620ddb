//! The /stats/ dashboard (`dashboard`): every table the office reports
//! from, borrowed from the statistics.

use serde::Serialize;

use super::figure::{Counts, Figures, MetricValue, TallyRow, figures, metric_list, tally_rows};
use super::urls::Urls;
use crate::config::Config;
use crate::format::label;
use crate::stats::{Num, Stats};

/// `dashboard` of /stats/.
#[derive(Debug, Serialize)]
pub struct Dashboard<'a> {
    /// The totals' figures.
    pub figures: Figures<'a>,
    /// Party members.
    pub members: i64,
    /// Branches.
    pub branch_count: u64,
    /// Kind names, the tables' columns.
    pub kind_names: Vec<&'a str>,
    /// Metrics with their labels and totals, the tables' columns.
    pub metric_names: Vec<MetricValue<'a>>,
    /// A row per branch.
    pub branches: Vec<BranchRow<'a>>,
    /// A row per year.
    pub years: Vec<PeriodRow<'a>>,
    /// A row per month.
    pub months: Vec<PeriodRow<'a>>,
    /// Every enumerated field's tally.
    pub fields: Vec<FieldTable<'a>>,
    /// stats.json.
    pub json_url: String,
    /// stats.csv.
    pub csv_url: String,
}

/// What every row has: a name, stories, and a column per kind and metric.
#[derive(Debug, Serialize)]
pub struct CountsRow<'a> {
    /// Branch name, year or month.
    pub name: &'a str,
    /// Stories.
    pub stories: u64,
    /// Stories per kind, in configured order.
    pub kinds: Vec<Num>,
    /// Metrics, in configured order.
    pub metrics: Vec<Num>,
}

/// A branch's row.
#[derive(Debug, Serialize)]
pub struct BranchRow<'a> {
    /// Its counts (their keys first).
    #[serde(flatten)]
    pub counts: CountsRow<'a>,
    /// The branch's page.
    pub url: String,
    /// Party members.
    pub members: i64,
    /// Whether it sits below a general branch.
    pub child: bool,
}

/// A year's or month's row.
#[derive(Debug, Serialize)]
pub struct PeriodRow<'a> {
    /// Its counts (their keys first).
    #[serde(flatten)]
    pub counts: CountsRow<'a>,
    /// The year's page: only years with stories have one (months never).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// An enumerated field's tally.
#[derive(Debug, Serialize)]
pub struct FieldTable<'a> {
    /// `kind.field`.
    pub key: String,
    /// Kind name.
    pub kind: &'a str,
    /// The field's label.
    pub label: &'a str,
    /// Whether it is the kind's headline field.
    pub headline: bool,
    /// Stories per value.
    pub rows: Vec<TallyRow<'a>>,
}

/// A row of `counts` named `name`.
fn counts_row<'a>(config: &Config, name: &'a str, c: Counts<'_>) -> CountsRow<'a> {
    CountsRow {
        name,
        stories: c.stories,
        kinds: config
            .kinds
            .iter()
            .map(|k| Num(c.by_kind.get(&k.key)))
            .collect(),
        metrics: config
            .metrics
            .iter()
            .map(|m| Num(c.metrics.get(&m.key)))
            .collect(),
    }
}

/// Every enumerated field's tally, in configured order.
fn field_tables<'a>(config: &'a Config, stats: &'a Stats) -> Vec<FieldTable<'a>> {
    let lang = config.language;
    config
        .kinds
        .iter()
        .flat_map(|k| {
            k.fields
                .iter()
                .filter(|(_, s)| !s.values.is_empty())
                .filter_map(move |(f, spec)| {
                    let key = format!("{}.{f}", k.key);
                    let tally = stats.by_field.get(&key)?;
                    Some(FieldTable {
                        key,
                        kind: k.display(lang),
                        label: label(
                            spec.label.as_deref().unwrap_or(f),
                            spec.label_en.as_deref(),
                            lang,
                        ),
                        headline: k.headline.as_deref() == Some(f.as_str()),
                        rows: tally_rows(tally),
                    })
                })
        })
        .collect()
}

/// The /stats/ dashboard.
pub fn dashboard<'a>(config: &'a Config, stats: &'a Stats, urls: &Urls) -> Dashboard<'a> {
    let lang = config.language;
    let branches = stats
        .branches
        .iter()
        .map(|b| BranchRow {
            counts: counts_row(config, &b.name, b.into()),
            url: urls.url(&format!("branches/{}/", b.slug)),
            members: b.members,
            child: b.parent.is_some(),
        })
        .collect();
    let years = stats
        .by_year
        .iter()
        .map(|(y, b)| PeriodRow {
            counts: counts_row(config, y, b.into()),
            // Empty years between busy ones are counted but have no page.
            url: (b.stories > 0).then(|| urls.url(&format!("years/{y}/"))),
        })
        .collect();
    let months = stats
        .by_month
        .iter()
        .map(|(m, b)| PeriodRow {
            counts: counts_row(config, m, b.into()),
            url: None,
        })
        .collect();
    Dashboard {
        figures: figures(config, (&stats.totals).into(), urls),
        members: stats.totals.members,
        branch_count: stats.totals.branches,
        kind_names: config.kinds.iter().map(|k| k.display(lang)).collect(),
        metric_names: metric_list(config, &stats.totals.metrics),
        branches,
        years,
        months,
        fields: field_tables(config, stats),
        json_url: urls.url("stats.json"),
        csv_url: urls.url("stats.csv"),
    }
}

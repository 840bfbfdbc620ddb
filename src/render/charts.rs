//! Chart data for the default theme's pages, in the shape the `chart()`
//! function draws (`{series, rows}`), taken straight from the statistics so
//! that every bar is a figure of stats.json.

use std::collections::BTreeMap;

use serde::Serialize;

use super::figure::Counts;
use super::urls::Urls;
use crate::config::Config;
use crate::format::label;
use crate::stats::{Bucket, Num, Stats, Tally};

/// What `chart()` draws: series (stacked) and one row per bar.
#[derive(Debug, Serialize)]
pub struct ChartData<'a, R> {
    /// The series, in stacking order.
    pub series: Vec<Series<'a>>,
    /// The bars.
    pub rows: Vec<R>,
}

/// A series of a chart.
#[derive(Debug, Serialize)]
pub struct Series<'a> {
    /// Key.
    pub key: &'a str,
    /// Name in the legend.
    pub name: &'a str,
}

/// A bar of a chart, one value per series, maybe linked.
#[derive(Debug, Serialize)]
pub struct Row<'a> {
    /// Key.
    pub key: &'a str,
    /// Label.
    pub label: &'a str,
    /// The page the bar links to.
    pub url: Option<String>,
    /// One value per series.
    pub values: Vec<Num>,
}

/// A bar of a tally's chart: one value, no link.
#[derive(Debug, Serialize)]
pub struct TallyBar<'a> {
    /// The value counted.
    pub key: &'a str,
    /// The same, as the label.
    pub label: &'a str,
    /// Stories.
    pub values: [Num; 1],
}

/// An enumerated field's tally as a chart (honors by level).
#[derive(Debug, Serialize)]
pub struct FieldChart<'a> {
    /// `kind.field`.
    pub key: String,
    /// `kind-field`, for the chart's id.
    pub id: String,
    /// The kind's name.
    pub kind: &'a str,
    /// The field's label.
    pub label: &'a str,
    /// Whether it is the kind's headline field.
    pub headline: bool,
    /// The chart.
    pub data: ChartData<'a, TallyBar<'a>>,
}

/// A metric per branch as a chart.
#[derive(Debug, Serialize)]
pub struct MetricChart<'a> {
    /// Metric key.
    pub key: &'a str,
    /// Label.
    pub label: &'a str,
    /// Unit.
    pub unit: &'a str,
    /// The chart: one bar per branch.
    pub data: ChartData<'a, Row<'a>>,
}

/// The charts of a branch page (`charts`).
#[derive(Debug, Serialize)]
pub struct BranchCharts<'a> {
    /// Stories per year, stacked by kind.
    pub by_year: ChartData<'a, Row<'a>>,
    /// Its headline fields' tallies.
    pub fields: Vec<FieldChart<'a>>,
}

/// The charts of /stats/ (`charts`).
#[derive(Debug, Serialize)]
pub struct DashboardCharts<'a> {
    /// Stories per branch, stacked by kind.
    pub by_branch: ChartData<'a, Row<'a>>,
    /// Stories per year.
    pub by_year: ChartData<'a, Row<'a>>,
    /// Stories per month.
    pub by_month: ChartData<'a, Row<'a>>,
    /// Every enumerated field, headline fields first.
    pub fields: Vec<FieldChart<'a>>,
    /// Each metric per branch.
    pub metrics: Vec<MetricChart<'a>>,
}

/// The kinds as series of a stacked chart.
fn kind_series(config: &Config) -> Vec<Series<'_>> {
    config
        .kinds
        .iter()
        .map(|k| Series {
            key: &k.key,
            name: k.display(config.language),
        })
        .collect()
}

/// A row per (key, label, link, counts), one value per kind.
fn kind_chart<'a>(
    config: &'a Config,
    rows: impl Iterator<Item = (&'a str, &'a str, Option<String>, Counts<'a>)>,
) -> ChartData<'a, Row<'a>> {
    ChartData {
        series: kind_series(config),
        rows: rows
            .map(|(key, label, url, c)| Row {
                key,
                label,
                url,
                values: config
                    .kinds
                    .iter()
                    .map(|k| Num(c.by_kind.get(&k.key)))
                    .collect(),
            })
            .collect(),
    }
}

/// Stories per period (year or month), stacked by kind; years with stories link to their page.
pub fn periods<'a>(
    config: &'a Config,
    periods: &'a BTreeMap<String, Bucket>,
    urls: Option<&Urls>,
) -> ChartData<'a, Row<'a>> {
    kind_chart(
        config,
        periods.iter().map(|(p, b)| {
            let url = urls
                .filter(|_| b.stories > 0)
                .map(|u| u.url(&format!("years/{p}/")));
            (p.as_str(), p.as_str(), url, Counts::from(b))
        }),
    )
}

/// A tally (honors by level) as a one-series chart.
pub fn tally(tally: &Tally) -> ChartData<'_, TallyBar<'_>> {
    ChartData {
        series: vec![Series {
            key: "count",
            name: "",
        }],
        rows: tally
            .0
            .iter()
            .map(|(k, n)| TallyBar {
                key: k,
                label: k,
                values: [*n],
            })
            .collect(),
    }
}

/// Every enumerated field's tally as a chart, headline fields (honors by
/// level, techniques by milestone) first; only those with `headline_only`.
pub fn field_charts<'a>(
    config: &'a Config,
    by_field: &'a BTreeMap<String, Tally>,
    headline_only: bool,
) -> Vec<FieldChart<'a>> {
    let lang = config.language;
    let mut fields = Vec::new();
    for k in &config.kinds {
        for (f, spec) in k.fields.iter().filter(|(_, s)| !s.values.is_empty()) {
            let key = format!("{}.{f}", k.key);
            let headline = k.headline.as_deref() == Some(f.as_str());
            let Some(t) = by_field.get(&key).filter(|_| headline || !headline_only) else {
                continue;
            };
            fields.push(FieldChart {
                id: key.replace('.', "-"),
                key,
                kind: k.display(lang),
                label: label(
                    spec.label.as_deref().unwrap_or(f),
                    spec.label_en.as_deref(),
                    lang,
                ),
                headline,
                data: tally(t),
            });
        }
    }
    fields.sort_by_key(|f| !f.headline);
    fields
}

/// The charts of a branch page: its stories per year and headline fields.
pub fn branch<'a>(config: &'a Config, stats: &'a crate::stats::BranchStats) -> BranchCharts<'a> {
    BranchCharts {
        by_year: periods(config, &stats.by_year, None),
        fields: field_charts(config, &stats.by_field, true),
    }
}

/// The charts of /stats/: stories per branch, year and month (stacked by
/// kind), every enumerated field (headline fields first), and each metric per branch.
pub fn dashboard<'a>(config: &'a Config, stats: &'a Stats, urls: &Urls) -> DashboardCharts<'a> {
    let lang = config.language;
    let branch_url = |slug: &str| Some(urls.url(&format!("branches/{slug}/")));
    let by_branch = kind_chart(
        config,
        stats.branches.iter().map(|b| {
            (
                b.slug.as_str(),
                b.name.as_str(),
                branch_url(&b.slug),
                b.into(),
            )
        }),
    );
    let metrics = config
        .metrics
        .iter()
        .map(|m| {
            let name = label(&m.label, m.label_en.as_deref(), lang);
            MetricChart {
                key: &m.key,
                label: name,
                unit: label(&m.unit, m.unit_en.as_deref(), lang),
                data: ChartData {
                    series: vec![Series { key: &m.key, name }],
                    rows: stats
                        .branches
                        .iter()
                        .map(|b| Row {
                            key: &b.slug,
                            label: &b.name,
                            url: branch_url(&b.slug),
                            values: vec![Num(b.metrics.get(&m.key))],
                        })
                        .collect(),
                },
            }
        })
        .collect();
    DashboardCharts {
        by_branch,
        by_year: periods(config, &stats.by_year, Some(urls)),
        by_month: periods(config, &stats.by_month, None),
        fields: field_charts(config, &stats.by_field, false),
        metrics,
    }
}

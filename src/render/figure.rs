//! Figures with labels (stories, per kind, metrics) as the home page, a
//! branch, a year and /stats/ show them: views borrowed from the statistics
//! and the configuration.

use serde::Serialize;

use super::urls::Urls;
use crate::config::Config;
use crate::format::label;
use crate::stats::{BranchStats, Bucket, Num, Tally, Totals};

/// No stories at all: the figures of a year without a bucket.
static EMPTY: Tally = Tally(Vec::new());

/// What figures are made of, borrowed from a bucket, the totals or a branch.
#[derive(Clone, Copy, Debug)]
pub struct Counts<'a> {
    /// Number of stories.
    pub stories: u64,
    /// Stories per kind.
    pub by_kind: &'a Tally,
    /// Metrics summed.
    pub metrics: &'a Tally,
}

impl Counts<'_> {
    /// No stories: every figure 0.
    pub fn empty() -> Counts<'static> {
        Counts {
            stories: 0,
            by_kind: &EMPTY,
            metrics: &EMPTY,
        }
    }
}

impl<'a> From<&'a Bucket> for Counts<'a> {
    fn from(b: &'a Bucket) -> Self {
        Counts {
            stories: b.stories,
            by_kind: &b.by_kind,
            metrics: &b.metrics,
        }
    }
}

impl<'a> From<&'a Totals> for Counts<'a> {
    fn from(t: &'a Totals) -> Self {
        Counts {
            stories: t.stories,
            by_kind: &t.by_kind,
            metrics: &t.metrics,
        }
    }
}

impl<'a> From<&'a BranchStats> for Counts<'a> {
    fn from(b: &'a BranchStats) -> Self {
        Counts {
            stories: b.stories,
            by_kind: &b.by_kind,
            metrics: &b.metrics,
        }
    }
}

/// A set of figures: `figures` of the home and branch pages, `list.figures`
/// of a year, `dashboard.figures` of /stats/.
#[derive(Debug, Serialize)]
pub struct Figures<'a> {
    /// Number of stories.
    pub stories: u64,
    /// Stories per kind, in configured order.
    pub kinds: Vec<KindCount<'a>>,
    /// Metrics in configured order.
    pub metrics: Vec<MetricValue<'a>>,
}

/// Stories of one kind, linked to the kind's list.
#[derive(Debug, Serialize)]
pub struct KindCount<'a> {
    /// Kind key.
    pub key: &'a str,
    /// Kind name in the site's language.
    pub name: &'a str,
    /// The kind's list.
    pub url: String,
    /// Stories.
    pub count: Num,
}

/// A metric with its label, unit and value (a sum, or one story's figure).
#[derive(Debug, Serialize)]
pub struct MetricValue<'a> {
    /// Metric key.
    pub key: &'a str,
    /// Label in the site's language.
    pub label: &'a str,
    /// Unit in the site's language.
    pub unit: &'a str,
    /// The value.
    pub value: Num,
}

/// One value of an enumerated field and how many stories have it.
#[derive(Debug, Serialize)]
pub struct TallyRow<'a> {
    /// The value.
    pub value: &'a str,
    /// Stories.
    pub count: Num,
}

/// Figures of `counts`, labelled in the site's language.
pub fn figures<'a>(config: &'a Config, counts: Counts<'_>, urls: &Urls) -> Figures<'a> {
    let lang = config.language;
    Figures {
        stories: counts.stories,
        kinds: config
            .kinds
            .iter()
            .map(|k| KindCount {
                key: &k.key,
                name: k.display(lang),
                url: urls.url(&format!("{}/", k.key)),
                count: Num(counts.by_kind.get(&k.key)),
            })
            .collect(),
        metrics: metric_list(config, counts.metrics),
    }
}

/// Metrics with labels and units, in configured order.
pub fn metric_list<'a>(config: &'a Config, tally: &Tally) -> Vec<MetricValue<'a>> {
    config
        .metrics
        .iter()
        .map(|m| metric_value(config, m, tally.get(&m.key)))
        .collect()
}

/// Metric `m` labelled, with value `value`.
pub fn metric_value<'a>(
    config: &Config,
    m: &'a crate::config::Metric,
    value: f64,
) -> MetricValue<'a> {
    let lang = config.language;
    MetricValue {
        key: &m.key,
        label: label(&m.label, m.label_en.as_deref(), lang),
        unit: label(&m.unit, m.unit_en.as_deref(), lang),
        value: Num(value),
    }
}

/// Rows of a tally: `[{value, count}]`.
pub fn tally_rows(tally: &Tally) -> Vec<TallyRow<'_>> {
    tally
        .0
        .iter()
        .map(|(k, n)| TallyRow {
            value: k,
            count: *n,
        })
        .collect()
}
